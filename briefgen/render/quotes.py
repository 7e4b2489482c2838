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
_STRAIGHT_QUOTE = re.compile("['\"]")
_ALL_MARKS = {m for marks in QUOTES.values() for m in marks} | {APOSTROPHE, "‛", "‟", "‹", "›"}
_STRAIGHT = re.compile("|".join(sorted(map(re.escape, _ALL_MARKS), key=len, reverse=True)))
_SINGLE_MARKS = "‘’‚‛‹›『』"  # what a mark is by its usual role: these single, the others double
# without a language, each mark by its usual role in one pass of str.translate (French « and » take their
# narrow no-break space with them, as _STRAIGHT's longer alternatives do)
_USUAL = str.maketrans({m: "'" if m in _SINGLE_MARKS else '"' for m in _ALL_MARKS if len(m) == 1})


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
    at, before = 0, ""  # where the text not yet written starts; the last character written
    # from quote to quote: the text between is written as it is (a loop over every character
    # was most of a brief's rendering time spent here)
    for i in (match.start() for match in _STRAIGHT_QUOTE.finditer(text)):
        if at < i:
            out.append(text[at:i])
            before = text[i - 1]
        after = text[i + 1] if i + 1 < len(text) else ""
        opening = (not before or before.isspace() or before in openers) and bool(after) and not after.isspace()
        if text[i] == '"':
            mark = open_double if opening else close_double
        elif before.isalnum() and after.isalnum():
            mark = APOSTROPHE  # within a word: Japan's, don't
        elif opening and re.match(r"\d\d(s\b|\b)", text[i + 1:]):
            mark = APOSTROPHE  # an elided century: the ’90s
        elif opening:
            mark, single_open = open_single, True
        elif single_open:
            mark, single_open = close_single, False
        else:
            mark = APOSTROPHE  # after a word, with no quote open: the partners’ summit
        out.append(mark)
        at, before = i + 1, mark[-1]
    out.append(text[at:])
    return "".join(out)


def straight(text: str, language: str | None = None) -> str:
    """``text`` with every typographic quotation mark and apostrophe as a straight one, as a
    fact base is typed. Given its language, a mark is taken back by its role there (French “ ”
    are single quotes within «»); without, by its usual role, which is the same for a text
    ``curl``ed and for its draft's, so anchors.py compares them without knowing the language."""
    if not language:
        return text.replace("«\u202f", "«").replace("\u202f»", "»").translate(_USUAL)
    open_double, close_double, open_single, close_single = marks(language)
    roles = {open_double: '"', close_double: '"', open_single: "'", close_single: "'"}

    def back(match: re.Match) -> str:
        mark = match.group(0)
        return roles.get(mark) or ("'" if mark.strip("\u202f") in _SINGLE_MARKS else '"')
    return _STRAIGHT.sub(back, text)
