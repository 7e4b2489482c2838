"""The Word draft's East Asian defaults, from the fact base's language, else from the scripts its text holds.

Word sets Han, kana and Hangul in the document defaults' East Asian font, and LibreOffice and Word
choose punctuation widths, line breaking and the regional forms of Han characters by the East Asian
language. briefgen's default reference named Japanese for every topic ("Noto Sans CJK JP", ja-JP): a
brief in Korean or Chinese, or one quoting Korean, read in Japanese forms. The draft now names the
Noto CJK family of its language (fonts-noto-cjk installs JP, KR, SC, TC and HK) and the language tag,
in the document defaults and the settings' theme font language.

By language: ja, ko, and zh (Traditional where the tag says Hant, TW, HK or MO; else Simplified).
Otherwise by script: Hangul is Korean, kana Japanese. Han alone names no language (a Japanese name is
often all Han): the default stays Japanese.
"""
from __future__ import annotations

import re

from docx.oxml.ns import qn

from ...glyphs import CJK_DEFAULT, CJK_FONTS, cjk_language
from .ooxml import default_run_properties

# East Asian text's language, told by its script. Left unset, LibreOffice takes a Chinese or Japanese
# default and sets the quote after Hangul full-width ("‘민주공화국이다’ : the"); tagged as the brief's
# English, it breaks a Hangul word between syllables ("(대 / 한민국").
SCRIPTS = (("ko-KR", re.compile("[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]")), ("ja-JP", re.compile("[\u3040-\u30ff]")))
FONTS, DEFAULT = CJK_FONTS, CJK_DEFAULT  # the default reference's, for a brief with no East Asian language or script


def east_asian_language(text: str, language: str = "") -> str | None:
    """The draft's East Asian language: its own language's, else the first script its text holds."""
    return cjk_language(language) or next((tag for tag, script in SCRIPTS if script.search(text)), None)


def apply_east_asian(document, tag: str | None) -> None:
    """Name ``tag``'s Noto CJK family and the tag itself in briefgen's default reference (its document
    defaults' East Asian font and its theme font language), where they named Japanese's."""
    tag = tag or DEFAULT
    if tag == DEFAULT:
        return  # as the reference is
    fonts = default_run_properties(document.styles.element).find(qn("w:rFonts"))
    if fonts is not None and fonts.get(qn("w:eastAsia")) == FONTS[DEFAULT]:
        fonts.set(qn("w:eastAsia"), FONTS[tag])
    theme = document.settings.element.find(qn("w:themeFontLang"))
    if theme is not None and theme.get(qn("w:eastAsia")) == DEFAULT:
        theme.set(qn("w:eastAsia"), tag)
