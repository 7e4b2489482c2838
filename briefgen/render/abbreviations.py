"""Abbreviations: a brief writes each one out in full where it first uses it, and only there.

An editor's rule: "Economic Partnership Agreement (EPA)" the first time a
reader meets it, "EPA" after. The fact base lists its abbreviations once
(``abbreviations:``, model.py) and its statements say "EPA" wherever they
like. Which use comes first depends on the brief: the profile picks the
sections and their order, and budget fitting drops facts. So the rule is
applied while the HTML is rendered, in reading order (the template's
``printed`` filter, render/html.py, passes every printed statement through one
``FirstUse`` per rendering); a full form the fact base itself writes out is
kept where it comes first and shortened where it does not. A gloss serves the reader's
later uses: a brief that uses an abbreviation once writes the name out without it
(``FirstUse.once``), and absorb takes that bare name back too (``contract(bare=True)``).

Inside brackets the short form goes in square brackets, as Chicago has it for brackets
within brackets (6.102): "(under the Economic Partnership Agreement [EPA])", not
"(… Agreement (EPA))".

A name written out where a sentence starts takes the sentence's capital: a long form that
carries its article ("the Japan Organization …", which "with JOGMEC" needs) prints "The Japan
Organization … (JOGMEC) opened", never "the Japan …" at a sentence's start (``contract`` takes
either case back). Where the statement says that article itself ("The CETA Joint Committee"),
the name is not written out there, which would say "the" twice, but at the next use it fits.

A quotation is verbatim: a short form inside quotation marks, or in a text printed as a quote
(a press line with an ``attribution``), stays as it is and glosses nothing; the next use outside
a quote is written out instead. So does a date to watch's label (``when``), a few words in the
timeline's date column, where a written-out name would fill five lines. Each still counts as a
mention, so a name used once elsewhere keeps its gloss for the reader who meets the short form
there.

The first use is marked in the HTML (``<span class="expansion"
data-short="EPA">``), so the Word writer can anchor a statement with its value
as the fact base holds it (``unexpanded``), and ``briefgen absorb`` takes a
draft's expansions back (``contract``) before comparing: a draft nobody edited
matches its fact base, and a reworded statement goes back in short form.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from ..fields import localised
from ..sentences import opens_sentence
from .quotes import APOSTROPHE, marks

# not inside a longer token ("EU-NAVFOR" does not use "NAVFOR", "EPAs" not "EPA"), and not a
# gloss in brackets already ("Council Decision (CFSP) 2016/849" is a name, left as it is)
_ALONE = r"(?<![\w-])(?!(?<=\(){0}\)){0}(?![\w-])"
# a possessive after it, with the apostrophe a brief sets (render/quotes.py) or a straight one
_POSSESSIVE = r"[’']s(?!\w)"


def pairs(abbreviations, language: str) -> list[tuple[str, str]]:
    """(short, long) of each abbreviation, in ``language``."""
    return [(localised(a.short, language), localised(a.long, language)) for a in abbreviations]


def _long(long: str) -> str:
    """A pattern of the written-out name, its first letter in either case: a sentence's start
    capitalises "the Japan Organization …" (``FirstUse.split``), and both are the same name."""
    words = long.split()
    first = words[0]
    head = f"[{re.escape(first[0].lower() + first[0].upper())}]" if first[0].isalpha() else re.escape(first[0])
    return r"\s+".join([head + re.escape(first[1:]), *map(re.escape, words[1:])])


def _pattern(entries: Sequence[tuple[str, str]]) -> re.Pattern | None:
    """One alternation: each entry's full form with its short form in brackets, or the short form alone."""
    if not entries:
        return None
    parts = []
    for n, (short, long) in enumerate(entries):
        # "Long (SHORT)", or "Long [SHORT]" as a first use inside brackets prints, or a possessive's
        # "Long’s (SHORT)"; the short form alone, with its possessive if it has one
        full = (_long(long) + f"(?P<fullpos{n}>{_POSSESSIVE})?"
                + r"\s*[(\[]\s*" + re.escape(short) + r"\s*[)\]]")
        parts.append(f"(?P<full{n}>{full})|(?P<short{n}>{_ALONE.format(re.escape(short))}(?P<pos{n}>{_POSSESSIVE})?)")
    return re.compile("|".join(parts))


class FirstUse:
    """The abbreviations one rendering of a brief has written out so far.

    A short form glosses a name only for the reader's later use of it: an abbreviation the
    brief mentions once is written out without one (``once``, the entries a first rendering
    counted so: ``mentioned_once``)."""

    def __init__(self, entries: Sequence[tuple[str, str]], once: frozenset[int] = frozenset(),
                 language: str | None = "en"):
        self.entries = list(entries)
        self.marks = marks(language)
        self.pattern = _pattern(self.entries)
        self.used: set[int] = set()
        self.once = once
        self.mentions: Counter[int] = Counter()

    def mentioned_once(self) -> frozenset[int]:
        """The entries this rendering mentioned exactly once."""
        return frozenset(n for n, count in self.mentions.items() if count == 1)

    def split(self, text: str, verbatim: bool = False) -> list[tuple[str, str | None]]:
        """``text`` as printed, in pieces: (text, None) as it is, or (full form, short form)
        for an abbreviation's first use in the brief, which the template marks. A ``verbatim``
        text (a quotation, printed with its attribution; a timeline's label) is counted but left as it is."""
        if self.pattern is None or not any(short in text for short, _ in self.entries):
            return [(text, None)]  # most statements use none: a substring test, not the pattern
        pieces: list[tuple[str, str | None]] = []
        at = 0
        quotes = [(0, len(text))] if verbatim else _quotations(text, self.marks)
        for match in self.pattern.finditer(text):
            n = _entry(match)
            self.mentions[n] += 1
            short, long = self.entries[n]
            possessive = _possessive(match, n)
            if any(start <= match.start() < end for start, end in quotes) or _article_before(text, match.start(), long):
                # a quotation is verbatim, and "the CETA committee" written out with a long form that opens with
                # "the" would say it twice: the words stay, and the gloss waits for a use it fits
                continue
            if opens_sentence(text[:match.start()]):
                long = long[:1].upper() + long[1:]  # "The Japan Organization …", as any sentence's start
            if n in self.used:
                replacement = (short + possessive, None)  # written out before: the short form
            elif n in self.once:
                replacement = (long + possessive, short + possessive)  # its only use: no gloss no one needs
            else:
                self.used.add(n)
                # a possessive goes on the name, before its gloss: "the Council’s (TTC) first group",
                # never "the Council (TTC)’s first group"
                gloss = f"[{short}]" if _in_brackets(text, match.start()) else f"({short})"
                replacement = (f"{long}{possessive} {gloss}", short + possessive)
            if at < match.start():
                pieces.append((text[at:match.start()], None))
            pieces.append(replacement)
            at = match.end()
        if at < len(text):
            pieces.append((text[at:], None))
        return _merged(pieces)


def contract(text: str, entries: Sequence[tuple[str, str]], bare: bool = False) -> str:
    """``text`` with every full form "Long (SHORT)" taken back to "SHORT": a statement as the fact
    base would hold it, whichever of its uses came first in the brief it was printed in. With
    ``bare``, a name without its gloss too, as a brief writes out an abbreviation it uses once."""
    pattern = _pattern(entries)
    if pattern is None:
        return text
    text = pattern.sub(lambda m: entries[_entry(m)][0] + _possessive(m, _entry(m)), text)
    for short, long in entries if bare else ():
        text = re.sub(r"(?<![\w-])" + _long(long) + r"(?![\w-])", short, text)
    return text


def unexpanded(el) -> str:
    """An lxml element's text with each first use the template marked taken back to its short form."""
    parts = [el.text or ""]
    for child in el:
        if isinstance(child.tag, str) and "expansion" in (child.get("class") or "").split():
            parts.append(child.get("data-short") or "")
        else:
            parts.append(unexpanded(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _article_before(text: str, at: int, long: str) -> bool:
    """Whether the word before ``at`` is the article the written-out name opens with ("the CETA
    committee", with ``long`` "the Comprehensive …")."""
    first = long.split(None, 1)
    before = re.search(r"(\w+)\s+$", text[:at])
    return len(first) == 2 and first[0].islower() and before is not None and before.group(1).lower() == first[0]


def _quotations(text: str, quote_marks: tuple[str, str, str, str]) -> list[tuple[int, int]]:
    """The (start, end) of each quotation in a typeset text, by its language's marks (render/quotes.py).
    A single closing mark that is also the apostrophe closes a quotation only where no letter follows
    it ("the ‘partners’ summit’" closes at the last mark, not at the apostrophe of "partners’")."""
    open_double, close_double, open_single, close_single = quote_marks
    spans = []
    for opening, closing in ((open_double, close_double), (open_single, close_single)):
        at = text.find(opening)
        while at >= 0:
            end = text.find(closing, at + len(opening))
            while end >= 0 and closing == APOSTROPHE and text[end + 1:end + 2].isalnum():
                end = text.find(closing, end + 1)
            if end < 0:
                break
            spans.append((at, end + len(closing)))
            at = text.find(opening, end + len(closing))
    return spans


def _in_brackets(text: str, at: int) -> bool:
    """Whether ``at`` falls inside a parenthesis the text opened before it and has not closed."""
    before = text[:at]
    return before.count("(") > before.count(")")


def _entry(match: re.Match) -> int:
    """The entry a match is of: its full form or its short form alone, either way the same entry."""
    return int(match.lastgroup.removeprefix("full").removeprefix("short"))


def _possessive(match: re.Match, n: int) -> str:
    """The possessive ("’s") a match of entry ``n`` carries, on its short form or its written-out name."""
    return match.group(f"pos{n}") or match.group(f"fullpos{n}") or ""


def _merged(pieces: list[tuple[str, str | None]]) -> list[tuple[str, str | None]]:
    """Adjacent plain pieces joined, so a statement without a first use stays one piece."""
    out: list[tuple[str, str | None]] = []
    for text, short in pieces:
        if short is None and out and out[-1][1] is None:
            out[-1] = (out[-1][0] + text, None)
        else:
            out.append((text, short))
    return out
