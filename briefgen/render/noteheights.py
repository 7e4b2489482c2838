"""The footnote area measured without laying its notes out again: each note laid out once per place.

Each time WeasyPrint 70 puts a footnote on a page, ``LayoutContext._update_footnote_area``
deep-copies the page's footnote area with *every* note on it so far and lays the whole
area out again, only to learn its height (and whether its last note overflows). A page
of n source notes pays for n(n+1)/2 note layouts: in the analyst brief, a third of the
time it takes to lay the brief out, and the bulk of what briefgen's PDFs cost beyond
plain text. See Kozea/WeasyPrint's layout/__init__.py.

What stays the same from one measurement to the next is the notes already there: the
area starts at the same place on the page each time (``position_y``, the page's bottom,
set once per page), so the k-th note starts where the notes before it end, and a note
laid out from the same box, at the same place, in the same area, with the same margins
and context is the same box. So while WeasyPrint measures an area, this module answers
its layout of each note (the area's children, through ``block.block_level_layout``)
from the layouts it already made of that note at that place on that page, and lays the
note out, as WeasyPrint would, only when it has not. WeasyPrint's own code still lays
the area out around them: its arithmetic (where each note starts, the area's height)
runs unchanged, so every float is the one the stock code computes.

A run-in note (one short citation, set inline: brief.css) reaches the area as an
inline box, and WeasyPrint wraps each run of them in an anonymous block anew with every
measurement; such a block, made of the same notes in the same order, at the same place,
is the same layout too, so it is remembered by its notes (a run that gains a note is a
new one, laid out once at its place). In the analyst brief, runs were two thirds of the
note layouts a page's measurements still made.

A layout is reused only when nothing outside the key could change it: no skip stack or
first-line styles, no float on the page reaching down to the note, and a layout that
placed no absolute box, float or out-of-flow break of its own; each page's area starts
a fresh memo, so content that changes between pages (page counters) is laid out anew.

Installed by the PDF writer (render/pdf.py) for WeasyPrint 70.x only, the version this
reaches into (pyproject.toml pins it); under any other, the stock code runs.
tests/test_noteheights.py lays the briefs out both ways and compares every height.
"""
from __future__ import annotations

from functools import cache, wraps

from .shortcut import Shortcut

_MEASURING = "_briefgen_measuring"  # on the LayoutContext: True while WeasyPrint measures the area
_MEMO = "_briefgen_note_memo"  # the current page's memo, kept between measurements


class _Memo:
    """One page's footnote area, and the layouts of its notes by where they were made."""

    def __init__(self, area):
        self.area = area
        self.layouts: dict[tuple, tuple] = {}
        self.unusable: set[tuple] = set()


def _patch(weasyprint) -> None:
    """Answer the footnote area's measurements from the notes' layouts."""
    LayoutContext, block = weasyprint.layout.LayoutContext, weasyprint.layout.block
    block.block_level_layout = _remembering(block.block_level_layout)
    LayoutContext._update_footnote_area = _measuring(LayoutContext._update_footnote_area)


_shortcut = Shortcut(_patch)
install, stock = _shortcut.install, _shortcut.stock


def _measuring(update):
    @wraps(update)  # __wrapped__: the stock measurement, which the tests run side by side
    def _update_footnote_area(self):
        outer = self.__dict__.get(_MEASURING)
        setattr(self, _MEASURING, True)
        try:
            return update(self)
        finally:
            setattr(self, _MEASURING, outer)

    return _update_footnote_area


def _memo(context) -> _Memo:
    """The memo of the page being laid out: a new one with each page's footnote area."""
    memo = context.__dict__.get(_MEMO)
    if memo is None or memo.area is not context.current_footnote_area:
        memo = _Memo(context.current_footnote_area)
        setattr(context, _MEMO, memo)
    return memo


def _remembering(layout):
    from weasyprint.formatting_structure.boxes import FootnoteAreaBox

    @wraps(layout)
    def block_level_layout(context, box, bottom_space, skip_stack, containing_block,
                           page_is_empty=True, absolute_boxes=None, fixed_boxes=None,
                           adjoining_margins=None, first_letter_style=None,
                           first_line_style=None, discard=False, max_lines=None):
        made_of = None if not _shortcut.enabled or type(containing_block) is not FootnoteAreaBox else _made_of(box)
        if (made_of is None or skip_stack is not None or first_letter_style is not None
                or first_line_style is not None or box.style["position"] != "static"
                or box.style["clear"] != "none" or not _clear_of_floats(context, box.position_y)):
            return layout(context, box, bottom_space, skip_stack, containing_block, page_is_empty,
                          absolute_boxes, fixed_boxes, adjoining_margins, first_letter_style,
                          first_line_style, discard, max_lines)
        memo = _memo(context)
        key = (made_of, box.position_x, box.position_y,
               containing_block.width, containing_block.height, containing_block.content_box_x(),
               containing_block.style["direction"], bottom_space, page_is_empty,
               None if adjoining_margins is None else tuple(adjoining_margins), discard, max_lines,
               context.current_page, context.forced_break, context.in_column)
        if key in memo.layouts:
            # measuring, the layout is looked at and dropped; the page's own layout of its area
            # (page.make_page) keeps it and moves it, so it is handed out that once and forgotten
            measuring = context.__dict__.get(_MEASURING)
            new_box, resume_at, next_page, margins, through, lines, margins_after, aliased, _ = (
                memo.layouts[key] if measuring else memo.layouts.pop(key))
            # the caller appends to the margins and may keep the dictionaries: fresh ones each time
            next_margins = list(margins)
            if adjoining_margins is not None:
                adjoining_margins[:] = margins_after  # as the note's layout appends its top margin
                if aliased:  # and hands the same list back, which the area reads again at its end
                    adjoining_margins[:], next_margins = margins, adjoining_margins
            return new_box, _copied(resume_at), _copied(next_page), next_margins, through, lines
        absolute_boxes = [] if absolute_boxes is None else absolute_boxes
        fixed_boxes = [] if fixed_boxes is None else fixed_boxes
        before = _side_effects(context, absolute_boxes, fixed_boxes)
        result = layout(context, box, bottom_space, skip_stack, containing_block, page_is_empty,
                        absolute_boxes, fixed_boxes, adjoining_margins, first_letter_style,
                        first_line_style, discard, max_lines)
        if key not in memo.unusable:
            if _side_effects(context, absolute_boxes, fixed_boxes) != before or result[0] is None:
                memo.unusable.add(key)  # it placed something of its own: lay it out every time
            elif context.__dict__.get(_MEASURING):  # the page's own layout is never handed out again
                new_box, resume_at, next_page, margins, through, lines = result
                # box.style and box.element are kept alive with the layout, so their ids stay theirs
                memo.layouts[key] = (new_box, _copied(resume_at), _copied(next_page), list(margins), through,
                                     lines, list(adjoining_margins or ()), margins is adjoining_margins,
                                     _kept_alive(box))
        return result

    return block_level_layout


@cache
def _kinds() -> tuple:
    from weasyprint.css import AnonymousStyle
    from weasyprint.formatting_structure.boxes import BlockBox, InlineBox, LineBox

    return AnonymousStyle, BlockBox, InlineBox, LineBox


def _made_of(box) -> tuple | None:
    """What a note's layout is made from, by identity: its element and style (a note set as a
    block), or, for the anonymous block WeasyPrint wraps around a run of run-in notes (inline),
    the element and style of each note in the run, in order. None for any other box: it is
    laid out every time."""
    AnonymousStyle, BlockBox, _, _ = _kinds()
    if type(box) is not BlockBox:
        return None
    if box.element is not None and not isinstance(box.style, AnonymousStyle):
        return id(box.element), box.element_tag, id(box.style)
    notes = _run_in_notes(box)
    return None if notes is None else (id(box.style), tuple(
        (id(note.element), note.element_tag, id(note.style)) for note in notes))


def _run_in_notes(box) -> list | None:
    """The notes of an anonymous block of run-in notes (one line box of inline boxes, each an
    element's own), or None."""
    AnonymousStyle, _, InlineBox, LineBox = _kinds()
    if not isinstance(box.style, AnonymousStyle) or len(box.children) != 1 or type(box.children[0]) is not LineBox:
        return None
    notes = box.children[0].children
    if not notes or any(type(note) is not InlineBox or note.element is None
                        or isinstance(note.style, AnonymousStyle) for note in notes):
        return None
    return notes


def _kept_alive(box) -> tuple:
    """The objects whose ids key a layout (_made_of), kept with it so that no other takes their id."""
    return box.style, box.element, [(note.style, note.element) for note in _run_in_notes(box) or ()]


def _clear_of_floats(context, top: float) -> bool:
    """No float in the formatting context reaches the note's top (float.avoid_collisions
    tests a line against every float that overlaps it vertically)."""
    return all(shape.position_y + shape.margin_height() < top for shape in context.excluded_shapes)


def _side_effects(context, absolute_boxes: list, fixed_boxes: list) -> tuple:
    running = sum(len(boxes) for pages in context.running_elements.values() for boxes in pages.values())
    return (len(absolute_boxes), len(fixed_boxes), len(context.excluded_shapes),
            id(context.excluded_shapes), len(context.broken_out_of_flow), running)


def _copied(value):
    return dict(value) if isinstance(value, dict) else value

