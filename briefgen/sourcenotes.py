"""A brief's source notes, Chicago style: which statements carry one, its number and its form.

Every printed statement with sources is covered by a note (ICD 206: each judgement traceable to
its sources). A source's first note is in full and every later one short.

A passage of statements resting on the same sources takes one note, called at the end of its
last statement (Chicago 17th ed., 14.57: one note for several references in a passage), not a
run of identical notes, one per statement, that an editor sends back. A passage is a run of
consecutive statements in one list or one run of paragraphs under one heading (a section, or
an area with its milestones), each citing exactly the sources the others cite; a statement
without sources ends it. A key judgement stands alone: each is an assessment traced to its own
note. The statements of a passage are kept on one page with its last (brief.css, and Word's
keep with next: vocabulary.kept_with_next), so the note sits on the page of every statement it
serves. Since each statement of a passage cites exactly what the note names, the note stays
true of whatever statement carries its call: an editor who moves a statement in the Word draft
moves a statement with its sources' note, or one whose note is at its passage's end, never a
note that now names the wrong source (as "Ibid." did); absorb reads statements, not notes.

Never "Ibid.", as the Chicago Manual of Style (17th ed., 14.34) now advises: a short note
names its source wherever it lands. "Ibid." points at the note before it, which an editor
moving or adding a statement in the Word draft silently changes, and which the PDF may
set on the page before (a page's notes opening on "Ibid."): a brief had to be laid out
twice to find and avoid that.

A note of one short citation is marked ``run_in``: the stylesheet sets such notes side by
side on a line (CSS GCPM's compact footnotes), so a statement's own note costs the page a
share of a line, not a line, where several statements repeat a source. A note that repeats
the note before it is not run in: two notes on one line that read alike read as one.
"""
from __future__ import annotations

from typing import TYPE_CHECKING
from unicodedata import east_asian_width

if TYPE_CHECKING:
    from .brief import Brief, Item, Section

# a run-in note is one short citation at most this wide, in characters (a wide one, as a
# Hangul syllable or a kanji, counting two): about 115 mm of the 170 mm line in 7-point
# Lato, 130 mm in the wider DejaVu Sans, so it never overflows the line it is kept whole
# on (brief.css); two or three such notes share a line where they are shorter
RUN_IN_WIDTH = 100


def sources_of(item: Item) -> list[str]:
    return [s.id for s in item.sources]


# sections whose statements each take a note of their own: a key judgement is an assessment an
# analyst traces on its own (ICD 206)
ALONE = frozenset({"judgements"})


def passages(sections: list[Section]) -> list[list[Item]]:
    """The brief's sourced statements in print order, in passages: consecutive statements of one
    list or run of paragraphs under one heading citing the same sources (none in ALONE)."""
    out: list[list[Item]] = []
    for section in sections:
        runs = [section.items] + [g.items + g.milestones for g in section.groups]
        for run in runs:
            previous: list[str] | None = None
            for item in run:
                ids = sources_of(item)
                if not ids:
                    previous = None  # an unsourced statement ends the passage: a note never reaches over it
                    continue
                if ids == previous and section.id not in ALONE:
                    out[-1].append(item)
                else:
                    out.append([item])
                previous = ids
    return out


def number_notes(sections: list[Section]) -> list[Item]:
    """Give each passage its note (number, citations, run-in), called at its last statement; the
    statements before it point to it (``shares_note``). The notes in order."""
    notes: list[Item] = []
    cited: set[str] = set()
    for item in (item for section in sections for item in section.all_items()):
        item.note, item.run_in, item.cites, item.shares_note = None, False, [], None
    last: str | None = None
    for passage in passages(sections):
        item = passage[-1]
        notes.append(item)
        item.note = len(notes)
        for before in passage[:-1]:
            before.shares_note = item.note
        item.cites = [(s, s.id not in cited) for s in item.sources]
        text = "; ".join(short_text(s) for s in item.sources)
        item.run_in = (len(item.cites) == 1 and not item.cites[0][1]
                       and width(short_text(item.sources[0])) <= RUN_IN_WIDTH and text != last)
        last = text if not any(first for _, first in item.cites) else None
        cited.update(sources_of(item))
    return notes


def width(text: str) -> int:
    """The text's width in characters, a wide (East Asian) one counting two."""
    return sum(2 if east_asian_width(c) in "WF" else 1 for c in text)


def short_text(source) -> str:
    """A source's short citation as the notes print it (templates: short_citation)."""
    return f"{source.publisher}, “{source.short_title or source.title}”."


def gives_sources(brief: Brief, cited: Brief) -> bool:
    """Whether ``cited`` (the brief ``brief``'s profile names in ``sources_in``) cites every source
    of every point of ``brief`` at or below ``cited``'s release level: what ``brief``'s handling line
    claims ("Draws on the analyst reference brief of 2 December 2024 (TLP:AMBER), which gives its sources, except
    for points marked TLP:RED"). A point only
    ``brief``'s reader is given (a minister's own recommendation), one the other profile does not
    select or one its budget drops may rest on sources ``cited`` never names; the claim is then
    not printed."""
    from .markings import marking_rank

    fb, level = brief.factbase, marking_rank(brief.factbase, cited.audience.release)
    named = {source.id for item in cited.items() for source in item.sources}
    return all(source.id in named for item in brief.items() if marking_rank(fb, item.marking) <= level
               for source in item.sources)
