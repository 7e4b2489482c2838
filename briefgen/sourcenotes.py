"""A brief's source notes, Chicago style: which statements carry one, its number and its form.

Every printed statement with sources carries a note of its own (ICD 206: each judgement
traceable to its sources), so no paragraph goes without a call and no note serves a
statement on another page. A source's first note is in full and every later one short.

Never "Ibid.", as the Chicago Manual of Style (17th ed., 14.34) now advises: a short note
names its source wherever it lands. "Ibid." points at the note before it, which an editor
moving or adding a statement in the Word draft silently changes, and which the PDF may
set on the page before (a page's notes opening on "Ibid."): a brief had to be laid out
twice to find and avoid that.

A note of one short citation is marked ``run_in``: the stylesheet sets such notes side by
side on a line (CSS GCPM's compact footnotes), so a statement's own note costs the page a
share of a line, not a line, where several statements repeat a source.
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


def number_notes(sections: list[Section]) -> list[Item]:
    """Give each sourced statement its note (number, citations, run-in); the notes in order."""
    notes: list[Item] = []
    cited: set[str] = set()
    for item in (item for section in sections for item in section.all_items()):
        item.note, item.run_in, item.cites = None, False, []
        ids = sources_of(item)
        if not ids:
            continue  # no source, no empty note
        notes.append(item)
        item.note = len(notes)
        item.cites = [(s, s.id not in cited) for s in item.sources]
        item.run_in = (len(item.cites) == 1 and not item.cites[0][1]
                       and width(short_text(item.sources[0])) <= RUN_IN_WIDTH)
        cited.update(ids)
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
