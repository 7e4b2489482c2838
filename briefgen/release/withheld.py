"""What an audience must not see, and finding it in text.

From the fact base alone: every string of every statement above the
audience's release level (withheld), and the word runs of everything it may
see (cleared). A withheld statement shows in a text when one of its runs of
SHINGLE consecutive words does, case- and punctuation-insensitive, and the
run is not also in cleared text.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ..markings import effective_ranks, marking_rank
from ..model import FactBase, all_facts
from ..profile import Audience
from ..render.abbreviations import pairs

SHINGLE = 6  # words; long enough not to match by chance, short enough to survive a page break
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Withheld:
    """A statement an audience must not receive, and the text that would give it away."""

    kind: str  # fact, takeaway, correction, source, abbreviation
    id: str
    marking: str
    text: str


@dataclass(frozen=True)
class Leak:
    file: str  # the name `briefgen build` would write, e.g. eu-japan-press.pdf
    audience: Audience
    item: Withheld
    words: str  # the run of words found
    channel: str  # where in the file: "page text", "bookmarks", "word/document.xml"...

    def __str__(self) -> str:
        return (f"{self.file}: {self.item.kind} '{self.item.id}' is {self.item.marking}, above the "
                f"'{self.audience.name}' audience's release level {self.audience.release}, "
                f"but its text appears ({self.channel}): \"{self.words}\"")


def words(text: str) -> list[str]:
    """Text as a sequence of comparable words: ligatures unfolded, case and punctuation dropped."""
    return _WORD.findall(unicodedata.normalize("NFKC", text).casefold())


def shingles(tokens: list[str]) -> list[tuple[str, ...]]:
    """Every run of SHINGLE consecutive words, in order; a shorter text is one run."""
    if len(tokens) < SHINGLE:
        return [tuple(tokens)] if tokens else []
    return [tuple(tokens[i:i + SHINGLE]) for i in range(len(tokens) - SHINGLE + 1)]


class Words:
    """Texts as words, answering whether a run of words occurs in one of them."""

    def __init__(self, texts: list[str]):
        # "" is never a word, so no run spans two texts
        self.tokens = [w for t in texts for w in words(t) + [""]]
        self._runs: dict[int, set[tuple[str, ...]]] = {}

    def __contains__(self, run: tuple[str, ...]) -> bool:
        n = len(run)
        if n not in self._runs:
            self._runs[n] = {tuple(self.tokens[i:i + n]) for i in range(len(self.tokens) - n + 1)}
        return run in self._runs[n]


# Fields that name other items or a vocabulary rather than say anything: a
# withheld fact's themes or the ids of the sources it cites are shared with
# what the audience may see, and are not its content.
REFERENCES = frozenset({"sources", "themes", "rests_on", "about", "frameworks", "marking", "kind", "audiences"})


def withheld(fb: FactBase, release: str) -> tuple[list[Withheld], Words]:
    """What a reader cleared up to ``release`` must not see, and the word runs
    of every statement and source they may see.

    Withheld is every string of every statement above the level: a fact's
    headline and detail, a framework's name, status and scope, a correction's
    finding and what the document says, a takeaway, a source's title,
    publisher and address, and their ids. Decided from the fact base alone,
    with the rule selection uses for what a statement draws on
    (effective_ranks). The fact base's meta is not counted as cleared: it is
    printed in every brief, so quoting a restricted statement there is a leak too.
    """
    level = marking_rank(fb, release)
    scheme = fb.meta.marking_scheme
    ranks = effective_ranks(fb)
    statements = ([("fact", f.id, f) for _, f in all_facts(fb)]
                  + [("takeaway", t.id, t) for t in fb.takeaways]
                  + [(m.kind, m.id, m) for m in fb.messages]
                  + [("correction", c.id, c) for c in fb.corrections])
    statements = [(kind, ident, ranks[ident], model) for kind, ident, model in statements]
    statements += [("source", s.id, marking_rank(fb, s.marking), s) for s in fb.sources]
    out: list[Withheld] = []
    cleared: list[str] = []
    # an abbreviation's short form prints in every brief; what it stands for may be restricted
    for abbr, (short, long) in zip(fb.abbreviations, pairs(fb.abbreviations, fb.meta.language), strict=True):
        rank = marking_rank(fb, abbr.marking)
        if rank > level:
            out.append(Withheld("abbreviation", short, scheme[rank], long))
        else:
            cleared.append(long)
    for kind, ident, rank, model in statements:
        if rank > level:
            out += [Withheld(kind, ident, scheme[rank], t) for t in _strings(model, skip=REFERENCES) if t.strip()]
        else:
            cleared += _strings(model)
    return out, Words(cleared)


def _strings(model, skip: frozenset = frozenset()) -> list[str]:
    """Every string a model holds, however nested, less the fields in ``skip``."""
    found: list[str] = []

    def walk(value) -> None:
        if isinstance(value, str):
            found.append(value)
        elif isinstance(value, dict):
            for key, v in value.items():
                if key not in skip:
                    walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)

    walk(model.model_dump())
    return found


def find_leaks(channels: dict[str, str], file: str, audience: Audience, items: list[Withheld],
               cleared: Words) -> list[Leak]:
    """One leak per withheld statement whose text shows in a channel (the first, in order)."""
    leaks: list[Leak] = []
    seen: set[str] = set()
    for channel, text in channels.items():
        present = Words([text])
        for item in items:
            if (item.kind, item.id) in seen:
                continue
            hits = [s for s in shingles(words(item.text)) if s in present and s not in cleared]
            if hits:
                seen.add((item.kind, item.id))
                leaks.append(Leak(file, audience, item, " ".join(hits[0]), channel))
    return leaks
