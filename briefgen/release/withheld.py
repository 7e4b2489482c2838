"""What an audience must not see, and finding it in text.

From the fact base alone: every string of every statement above the
audience's release level (withheld), and the word runs of everything it may
see (cleared). A withheld statement shows in a text when one of its runs of
SHINGLE consecutive words does, case- and punctuation-insensitive (wordruns.py),
and the run is not also in cleared text, unless a cleared statement surely
copies it (copies.py: the copies validate and build refuse as errors).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..copies import copies
from ..markings import effective_ranks, marking_rank, statements
from ..model import FactBase, Source
from ..profile import Audience
from ..render.abbreviations import pairs
from ..texts import marked
from ..wordruns import SHINGLE, Words, shingles, strings, words

__all__ = ["SHINGLE", "Leak", "Withheld", "Words", "find_leaks", "shingles", "withheld", "words"]


@dataclass(frozen=True)
class Withheld:
    """A statement an audience must not receive, and the text that would give it away."""

    kind: str  # fact, takeaway, correction, source, abbreviation
    id: str
    marking: str
    text: str
    # its runs of SHINGLE words that a statement the audience may see copies (copies.py): run -> that statement
    copied: dict[tuple[str, ...], str] = field(default_factory=dict, compare=False)
    # the words of the house's own series, where this text is a source's series that holds them (with an issue
    # number, "... Papers and Analyses 3/2023"): page 1 and every footer print them, so a run of them alone is no
    # evidence; a run that takes in the number (the issue) is
    own: tuple[str, ...] = field(default=(), compare=False)

    def evidence(self, run: tuple[str, ...]) -> bool:
        """Whether finding ``run`` says this text shows: not if it is only words of the house's own series."""
        n = len(run)
        return not any(self.own[i:i + n] == run for i in range(len(self.own) - n + 1))


@dataclass(frozen=True)
class Leak:
    file: str  # the name `briefgen build` would write, e.g. eu-japan-press.pdf
    audience: Audience
    item: Withheld
    words: str  # the run of words found
    channel: str  # where in the file: "page text", "bookmarks", "word/document.xml"...
    copied_by: str | None = None  # the statement the audience may see that copies the words found, if one does

    def __str__(self) -> str:
        by = f", copied word for word by '{self.copied_by}', which they may see" if self.copied_by else ""
        return (f"{self.file}: {self.item.kind} '{self.item.id}' is {self.item.marking}, above the "
                f"'{self.audience.name}' audience's release level {self.audience.release}, "
                f"but its text appears ({self.channel}){by}: \"{self.words}\"")


def withheld(fb: FactBase, release: str, series: str | None = None) -> tuple[list[Withheld], Words]:
    """What a reader cleared up to ``release`` must not see, and the word runs
    of every statement and source they may see.

    Withheld is every string of every statement above the level: a fact's
    headline and detail, a framework's name, status and scope, a correction's
    finding and what the document says, a takeaway, a source's title,
    short title, series and address, and their ids (not its publisher:
    _attribution, nor a series that is ``series``, the brief's own). Decided from the fact base alone,
    with the rule selection uses for what a statement draws on
    (effective_ranks). The fact base's meta is not counted as cleared: it is
    printed in every brief, so quoting a restricted statement there is a leak too.
    """
    level = marking_rank(fb, release)
    scheme = fb.meta.marking_scheme
    ranks = effective_ranks(fb)
    said = [(kind, x.id, ranks[x.id], x) for _, kind, x in statements(fb)]
    said += [("source", s.id, marking_rank(fb, s.marking), s) for s in fb.sources]
    # a cleared statement that surely copies a withheld one (an error to validate and build): those words
    # are no shared phrase. A copy not sure to be wrong (a warning) stays cleared text here too.
    copied: dict[str, dict[tuple[str, ...], str]] = {}
    for c in copies(fb):
        if c.sure and c.holder_rank <= level < c.rank:
            for run in shingles(list(c.words)):
                copied.setdefault(c.restricted, {}).setdefault(run, c.holder)
    out: list[Withheld] = []
    cleared: list[str] = []
    # an abbreviation's short form prints in every brief; what it stands for may be restricted
    for abbr, (short, long) in zip(fb.abbreviations, pairs(fb.abbreviations, fb.meta.language), strict=True):
        rank = marking_rank(fb, abbr.marking)
        if rank > level:
            out.append(Withheld("abbreviation", short, scheme[rank], long))
        else:
            cleared.append(long)
    for kind, ident, rank, model in said:
        if rank > level:
            own = tuple(words(series)) if series and isinstance(model, Source) else ()
            out += [Withheld(kind, ident, scheme[rank], t, copied.get(ident, {}), own if path == ("series",) else ())
                    for path, t in strings(model.model_dump(),
                                           skip=_references(type(model)) | _attribution(model, series))
                    if t.strip()]
        else:
            cleared += [t for _, t in strings(model.model_dump())]
    return out, Words(cleared)


def _references(model: type) -> frozenset[str]:
    """The fields that name other items or a vocabulary rather than say anything, marked so on the model
    (fields.REFERENCE): a withheld fact's themes or the ids of the sources it cites are shared with what
    the audience may see, and are not its content. Every other field is: a field added unmarked is withheld."""
    return marked(model, "reference")


def _attribution(model, series: str | None) -> frozenset[str]:
    """The fields that say who a withheld statement is by, not what it is: a source's publisher. A brief
    prints those names for reasons of its own (the house's masthead and footer print its organisation, a
    brief names the European Commission), so finding one is no evidence that the source shows: the house's
    own CONFIDENTIAL memo flagged every brief. What identifies the source (its title, short title, series,
    address, id) is still searched, and the publisher still never prints in a brief that withholds it.
    So with a source's series that is the brief's own (``series``, the house's: page 1 and every footer print
    it), which names the house's list of publications, not the source. A series that adds an issue number
    to the house's ("... 3/2023") is searched, but only for runs that take in the number (Withheld.own)."""
    if not isinstance(model, Source):
        return frozenset()
    return frozenset({"publisher", "series"}) if _same(model.series, series) else frozenset({"publisher"})


def _same(text: str | None, other: str | None) -> bool:
    """Whether two names are the same words, whatever their case, spacing and punctuation."""
    return text is not None and other is not None and bool(words(text)) and words(text) == words(other)


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
            hits = [s for s in shingles(words(item.text))
                    if s in present and (s not in cleared or s in item.copied) and item.evidence(s)]
            if hits:
                seen.add((item.kind, item.id))
                hit = next((s for s in hits if s in item.copied), hits[0])
                leaks.append(Leak(file, audience, item, " ".join(hit), channel, item.copied.get(hit)))
    return leaks
