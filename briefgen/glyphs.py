"""Every character a brief prints must have a glyph in a font the brief uses.

WeasyPrint and Word draw a character no font has as an empty box and say
nothing, and text extraction still finds the character, so no other check
notices. This one reads the character sets of the fonts in the
brief's font stack - the project's typeface, then the stack of
templates/brief.css - and names each character none of them has, with its
fact and code point, before anything is rendered. Coverage is fontconfig's
(fc-match, fc-query): the character sets Pango itself chooses fonts by.
"""
from __future__ import annotations

import bisect
import shutil
import subprocess
import unicodedata
from collections.abc import Iterator
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

from .errors import Problem
from .load import Document

# As templates/brief.css's --text-fonts: Latin, symbols and Greek/Cyrillic, then
# Korean, Japanese and Chinese (Debian's fonts-lato, fonts-dejavu-core, fonts-noto-cjk)
DEFAULT_STACK = ("Lato", "DejaVu Sans", "Noto Sans CJK JP")
# The Noto Sans CJK family of each East Asian language (fonts-noto-cjk installs all five; each draws
# every CJK character, in its own region's forms): the PDF's stack and the Word draft name the
# fact base's, Japanese's by default (templates/brief.css, render/word/eastasia.py)
CJK_FONTS = {"ja-JP": "Noto Sans CJK JP", "ko-KR": "Noto Sans CJK KR", "zh-CN": "Noto Sans CJK SC",
             "zh-TW": "Noto Sans CJK TC", "zh-HK": "Noto Sans CJK HK"}
CJK_DEFAULT = "ja-JP"


def cjk_language(tag: str | None) -> str | None:
    """The East Asian language tag of a BCP 47 tag ("ko" -> ko-KR, "zh-Hant" -> zh-TW), or None."""
    subtags = [s.lower() for s in (tag or "").replace("_", "-").split("-")]
    if subtags[0] == "zh":
        if "hk" in subtags or "mo" in subtags:
            return "zh-HK"
        return "zh-TW" if "hant" in subtags or "tw" in subtags else "zh-CN"
    return {"ja": "ja-JP", "ko": "ko-KR"}.get(subtags[0])

# Keys whose values never print: ids, references, codes. A statement's ``sources`` and a milestone's
# ``frameworks`` are ids; the fact base's own (top-level) sources and frameworks are printed: titles,
# publishers and addresses, names, headlines, status and scope
_NOT_PRINTED = {"id", "sources", "themes", "rests_on", "about", "frameworks", "told_by", "kind", "language",
                "keywords", "marking_scheme", "marking_reach", "lead_themes"}
_PRINTED_AT_THE_TOP = {"sources", "frameworks"}
_NEVER_DRAWN = {"Cc", "Cf", "Zs", "Zl", "Zp"}  # controls, format characters, spaces


class Coverage:
    """The characters a font stack can draw: the project's font files, then each
    installed family. The fonts are asked on the first character outside ASCII,
    not before: a command refused for another reason, or text in plain ASCII
    (which every stack draws: DejaVu Sans has it), never pays for it."""

    def __init__(self, families: tuple[str, ...] = DEFAULT_STACK, files: tuple[Path, ...] = ()):
        self._families, self._files = tuple(families), tuple(files)

    @cached_property
    def _read(self) -> tuple[tuple[str, ...], tuple[int, ...], tuple[int, ...]]:
        ranges: list[tuple[int, int]] = []
        used, families = [], self._families
        for path in self._files:
            ranges += _file_charset(str(path))
        if self._files:
            used.append(f"{families[0]} (the project's font files)")
            families = families[1:]
        for family in families:
            found = _installed(family)
            if found:
                ranges += found
                used.append(family)
        merged: list[list[int]] = []
        for lo, hi in sorted(ranges):
            if merged and lo <= merged[-1][1] + 1:
                merged[-1][1] = max(merged[-1][1], hi)
            else:
                merged.append([lo, hi])
        return tuple(used), tuple(m[0] for m in merged), tuple(m[1] for m in merged)

    @property
    def families(self) -> tuple[str, ...]:
        return self._read[0]

    def draws(self, char: str) -> bool:
        code = ord(char)
        if 0x20 <= code < 0x7F or unicodedata.category(char) in _NEVER_DRAWN:
            return True
        _, starts, ends = self._read
        at = bisect.bisect_right(starts, code) - 1
        return at >= 0 and code <= ends[at]

    def describe(self) -> str:
        return ", ".join(self.families) or "no font found"


def _ranges(charset: str) -> list[tuple[int, int]]:
    """fontconfig's charset ("20-7e a0-17f 2010") as code point ranges."""
    out = []
    for token in charset.split():
        lo, _, hi = token.partition("-")
        out.append((int(lo, 16), int(hi or lo, 16)))
    return out


@lru_cache(maxsize=64)
def _file_charset(path: str) -> tuple[tuple[int, int], ...]:
    """A font file's coverage: fontconfig's view (what Pango falls back by), else its cmap."""
    if shutil.which("fc-query"):
        out = subprocess.run(["fc-query", "-i", "0", "-f", "%{charset}", path],
                             capture_output=True, text=True, timeout=60).stdout
        return tuple(_ranges(out))
    from fontTools.ttLib import TTFont

    try:
        return tuple((c, c) for c in TTFont(path, fontNumber=0, lazy=True).getBestCmap() or {})
    except Exception:  # noqa: BLE001 - an unreadable font draws nothing
        return ()


@lru_cache(maxsize=32)
def _installed(family: str) -> tuple[tuple[int, int], ...] | None:
    """What the installed family draws, from the face fontconfig picks for it;
    None if it is not installed (fontconfig would substitute another family)."""
    if not shutil.which("fc-match"):
        return None
    out = subprocess.run(["fc-match", "-f", "%{family}\t%{charset}", f"{family}:style=Regular"],
                         capture_output=True, text=True, timeout=30).stdout
    names, _, charset = out.partition("\t")
    if family.lower() not in {n.strip().lower() for n in names.split(",")}:
        return None
    return tuple(_ranges(charset))


def coverage(families: tuple[str, ...] = DEFAULT_STACK, files: tuple[Path, ...] = ()) -> Coverage:
    """What the stack can draw: the project's font files, then each installed family."""
    return Coverage(families, files)


def _strings(value: Any, path: tuple, fact: str | None) -> Iterator[tuple[tuple, str, str | None]]:
    if isinstance(value, dict):
        fact = value.get("id") if isinstance(value.get("id"), str) else fact
        for key, item in value.items():
            if key not in _NOT_PRINTED or path == () and key in _PRINTED_AT_THE_TOP:
                yield from _strings(item, path + (key,), fact)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _strings(item, path + (i,), fact)
    elif isinstance(value, str):
        yield path, value, fact


def check_glyphs(doc: Document, stack: Coverage) -> list[Problem]:
    """An error for each printed value holding a character no font of the stack has."""
    out = []
    for path, text, fact in _strings(doc.data, (), None):
        missing = list(dict.fromkeys(c for c in text if not stack.draws(c)))
        if not missing:
            continue
        chars = ", ".join(f"'{c}' (U+{ord(c):04X}{' ' + unicodedata.name(c, '') if unicodedata.name(c, '') else ''})"
                          for c in missing[:3]) + (f" and {len(missing) - 3} more" if len(missing) > 3 else "")
        where = f" in {'source' if path[0] == 'sources' else 'fact'} '{fact}'" if fact else ""
        out.append(doc.problem(path, f"no font of the brief can draw {chars}{where}; fonts: "
                                     f"{stack.describe()} (install a font that has it, or name one in "
                                     "briefgen.toml's typeface)"))
    return out
