"""A brief's source notes, Chicago style: which statements carry one, its number and its form.

When consecutive statements rest on the same sources, one note serves them (Chicago):
its call goes after the last of them, and the statements before it carry none. A run
stays inside what the template prints as one list or run of paragraphs (a section's
items, an area's facts, an area's milestones), so a call never reaches back across a
heading, and a statement with no source ends a run. Each statement thus points to its
source through the first call that follows it, and no two notes in a row are the same.

A recommendation keeps a note of its own: each is a numbered callout the reader acts on
alone, and one whose sources only the next one's note gave would read as unsourced (and
its callouts, kept with that note's call, moved whole to the next page).

A source's first note is in full and later ones short; a note repeating the sources of
the note just before it (across a heading) is "Ibid.", unless that note was "Ibid."
itself: two in a row would be a run of identical notes, so the short form is printed.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .brief import Brief, Item, Section


# sections whose statements each carry their own note, never sharing the next one's
OWN_NOTES = frozenset({"recommendations"})


def printed_blocks(sections: list[Section]) -> Iterator[list[Item]]:
    """The statements in the order the brief prints them, one list per printed block
    (one per statement in a section whose statements keep their own notes)."""
    for section in sections:
        if section.id in OWN_NOTES:
            yield from ([item] for item in section.items)
        else:
            yield section.items
        for group in section.groups:
            yield group.items
            yield group.milestones


def sources_of(item: Item) -> list[str]:
    return [s.id for s in item.sources]


def number_notes(sections: list[Section]) -> list[Item]:
    """Give each statement that ends a run its note (number, citations, Ibid.); the notes in order."""
    notes: list[Item] = []
    cited: set[str] = set()
    previous: list[str] = []  # the sources of the note before
    previous_ibid = False
    for block in printed_blocks(sections):
        for item, after in zip(block, [*block[1:], None], strict=False):  # after: None for the last
            item.note, item.ibid, item.cites = None, False, []
            ids = sources_of(item)
            if not ids or (after is not None and sources_of(after) == ids):
                continue  # no source (no empty note), or the next statement's note serves this one too
            notes.append(item)
            item.note = len(notes)
            item.ibid = ids == previous and not previous_ibid
            item.cites = [(s, s.id not in cited) for s in item.sources]
            cited.update(ids)
            previous, previous_ibid = ids, item.ibid
    return notes



def gives_sources(brief: Brief, cited: Brief) -> bool:
    """Whether ``cited`` (the brief ``brief``'s profile names in ``sources_in``) cites every source
    of every point of ``brief`` at or below ``cited``'s release level: what ``brief``'s handling line
    claims ("Sources of every point up to TLP:AMBER in the Analyst reference brief"). A point only
    ``brief``'s reader is given (a minister's own recommendation), one the other profile does not
    select or one its budget drops may rest on sources ``cited`` never names; the claim is then
    not printed."""
    from .markings import marking_rank

    fb, level = brief.factbase, marking_rank(brief.factbase, cited.audience.release)
    named = {source.id for item in cited.items() for source in item.sources}
    return all(source.id in named for item in brief.items() if marking_rank(fb, item.marking) <= level
               for source in item.sources)
