"""A brief's source notes, Chicago style: which statements carry one, its number and its form.

Every printed statement with sources carries a note of its own (ICD 206: each judgement
traceable to its sources), so no paragraph goes without a call and no note serves a
statement on another page. A source's first note is in full and later ones short; a
note repeating the sources of the note just before it is "Ibid.", unless that note was
"Ibid." itself (two in a row would be a run of identical notes: the short form is
printed), or it opens a page's notes, where the note before it, its antecedent, is on
the page before (``plain``: known only once the PDF is laid out; ``settle_on_pages``).

A note of one short citation, or "Ibid.", is marked ``run_in``: the stylesheet sets such
notes side by side on a line (CSS GCPM's compact footnotes), so a statement's own note
costs the page a share of a line, not a line, where several statements repeat a source.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING
from unicodedata import east_asian_width

if TYPE_CHECKING:
    from .brief import Brief, Item, Section
    from .render.pdf import Layout

# a run-in note is one short citation at most this wide, in characters (a wide one, as a
# Hangul syllable or a kanji, counting two): about 115 mm of the 170 mm line in 7-point
# Lato, 130 mm in the wider DejaVu Sans, so it never overflows the line it is kept whole
# on (brief.css); two or three such notes share a line where they are shorter
RUN_IN_WIDTH = 100


def sources_of(item: Item) -> list[str]:
    return [s.id for s in item.sources]


def number_notes(sections: list[Section], plain: Iterable[int] = ()) -> list[Item]:
    """Give each sourced statement its note (number, citations, Ibid., run-in); the notes in
    order. ``plain``: the numbers of notes that open a page's notes, which never read "Ibid."."""
    plain = frozenset(plain)
    notes: list[Item] = []
    cited: set[str] = set()
    previous: list[str] = []  # the sources of the note before
    previous_ibid = False
    for item in (item for section in sections for item in section.all_items()):
        item.note, item.ibid, item.run_in, item.cites = None, False, False, []
        ids = sources_of(item)
        if not ids:
            continue  # no source, no empty note
        notes.append(item)
        item.note = len(notes)
        item.ibid = ids == previous and not previous_ibid and item.note not in plain
        item.cites = [(s, s.id not in cited) for s in item.sources]
        item.run_in = item.ibid or (len(item.cites) == 1 and not item.cites[0][1]
                                    and width(short_text(item.sources[0])) <= RUN_IN_WIDTH)
        cited.update(ids)
        previous, previous_ibid = ids, item.ibid
    return notes


def width(text: str) -> int:
    """The text's width in characters, a wide (East Asian) one counting two."""
    return sum(2 if east_asian_width(c) in "WF" else 1 for c in text)


def short_text(source) -> str:
    """A source's short citation as the notes print it (templates: short_citation)."""
    return f"{source.publisher}, “{source.short_title or source.title}”."


def settle_on_pages(brief: Brief, templates) -> Callable[[Layout], tuple[str, tuple[int, ...]] | None]:
    """What the PDF writer asks after each layout of ``brief``: None where no "Ibid." opens a
    page's notes; else the brief's HTML again with those notes in their short form, and every
    note so changed. Notes only ever leave "Ibid." (its next note may take it in turn), so the
    layouts come to an end."""
    from .render.html import render_html

    plain: set[int] = set()

    def revise(laid: Layout) -> tuple[str, tuple[int, ...]] | None:
        opening = {n for n in laid.first_notes if 0 < n <= len(brief.notes) and brief.notes[n - 1].ibid}
        if not opening:
            return None
        plain.update(opening)
        number_notes(brief.sections, plain)
        return render_html(brief, templates), tuple(sorted(plain))

    return revise


def as_laid_out(brief: Brief, html: str, laid: Layout, templates) -> str:
    """The brief's HTML with its notes in the forms the PDF's layout gave them (settle_on_pages):
    what the Word draft prints, so its notes read as the PDF's."""
    if not laid.plain_notes:
        return html
    from .render.html import render_html

    number_notes(brief.sections, laid.plain_notes)
    return render_html(brief, templates)


def gives_sources(brief: Brief, cited: Brief) -> bool:
    """Whether ``cited`` (the brief ``brief``'s profile names in ``sources_in``) cites every source
    of every point of ``brief`` at or below ``cited``'s release level: what ``brief``'s handling line
    claims ("Sources: Analyst reference brief, 2 December 2024, except for points marked TLP:RED"). A point only
    ``brief``'s reader is given (a minister's own recommendation), one the other profile does not
    select or one its budget drops may rest on sources ``cited`` never names; the claim is then
    not printed."""
    from .markings import marking_rank

    fb, level = brief.factbase, marking_rank(brief.factbase, cited.audience.release)
    named = {source.id for item in cited.items() for source in item.sources}
    return all(source.id in named for item in brief.items() if marking_rank(fb, item.marking) <= level
               for source in item.sources)
