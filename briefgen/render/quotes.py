"""Typographic quotation marks: a fact base's straight ' and " set as an editor sets them.

Fact bases are typed on keyboards, so they hold "the 'strategic' partnership" and
"Japan's"; a printed brief sets “the ‘strategic’ partnership” and “Japan’s”. The
fact base stays plain: the marks are set while the HTML is rendered (render/html.py),
on each text before it is escaped, so untrusted text stays text, and the PDF and the
Word draft, both made from that HTML, print the same marks. Which marks a language
uses is data (QUOTES, by the fact base's meta.language); a language not listed gets
English marks. ``straight`` takes any of them back, for comparing an edited draft
with its fact base (anchors.py).

SmartyPants (the usual library) works on HTML rather than text and knows English marks
only, and cannot tell a closing single quote from an apostrophe, which differ in German.
"""
from __future__ import annotations

import re

# (opening double, closing double, opening single, closing single) by primary language subtag;
# the apostrophe is ’ in every one of them
QUOTES: dict[str, tuple[str, str, str, str]] = {
    "en": ("“", "”", "‘", "’"),
    "de": ("„", "“", "‚", "‘"),
    "fr": ("«\u202f", "\u202f»", "“", "”"),
    "it": ("«", "»", "“", "”"),
    "es": ("«", "»", "“", "”"),
    "nl": ("“", "”", "‘", "’"),
    "ja": ("「", "」", "『", "』"),
    "zh": ("“", "”", "‘", "’"),
    "ko": ("“", "”", "‘", "’"),
}
APOSTROPHE = "’"

# what may stand before an opening mark: the start, a space, an opening bracket, a dash or a slash
_OPENS_AFTER = set("([{<—–-/")
_ALL_MARKS = {m for marks in QUOTES.values() for m in marks} | {APOSTROPHE, "‛", "‟", "‹", "›"}
_STRAIGHT = re.compile("|".join(sorted(map(re.escape, _ALL_MARKS), key=len, reverse=True)))


def marks(language: str | None) -> tuple[str, str, str, str]:
    """The quotation marks of a BCP 47 language tag ("en-GB" -> English marks)."""
    return QUOTES.get((language or "en").split("-")[0].lower(), QUOTES["en"])


def curl(text: str, language: str | None = "en") -> str:
    """``text`` with each straight quote set as an opening or closing mark, or an apostrophe."""
    if "'" not in text and '"' not in text:
        return text
    open_double, close_double, open_single, close_single = marks(language)
    openers = _OPENS_AFTER | {open_double[-1], open_single[-1]}
    out: list[str] = []
    single_open = False
    for i, ch in enumerate(text):
        if ch not in "'\"":
            out.append(ch)
            continue
        before = out[-1][-1] if out else ""
        after = text[i + 1] if i + 1 < len(text) else ""
        opening = (not before or before.isspace() or before in openers) and bool(after) and not after.isspace()
        if ch == '"':
            out.append(open_double if opening else close_double)
        elif before.isalnum() and after.isalnum():
            out.append(APOSTROPHE)  # within a word: Japan's, don't
        elif opening and re.match(r"\d\d(s\b|\b)", text[i + 1:]):
            out.append(APOSTROPHE)  # an elided century: the ’90s
        elif opening:
            out.append(open_single)
            single_open = True
        elif single_open:
            out.append(close_single)
            single_open = False
        else:
            out.append(APOSTROPHE)  # after a word, with no quote open: the partners’ summit
    return "".join(out)


def straight(text: str, language: str | None = None) -> str:
    """``text`` with every typographic quotation mark and apostrophe as a straight one, as a
    fact base is typed. Given its language, a mark is taken back by its role there (French “ ”
    are single quotes within «»); without, by its usual role, which is the same for a text
    ``curl``ed and for its draft's, so anchors.py compares them without knowing the language."""
    roles = {}
    if language:
        open_double, close_double, open_single, close_single = marks(language)
        roles = {open_double: '"', close_double: '"', open_single: "'", close_single: "'"}

    def back(match: re.Match) -> str:
        mark = match.group(0)
        return roles.get(mark) or ("'" if mark.strip("\u202f") in "‘’‚‛‹›『』" else '"')
    return _STRAIGHT.sub(back, text)
