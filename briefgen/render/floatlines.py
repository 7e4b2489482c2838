"""Lines that no float can touch skip WeasyPrint 70's measure of their narrowest width.

Before WeasyPrint 70 lays out a line, ``inline.get_next_linebox`` asks whether the
formatting context holds any float at all, and if it does, measures the min-content
width of the line's text (``preferred.inline_min_content_width``, which breaks the text
at every opportunity with Pango) so that ``float.avoid_collisions`` can tell whether the
line fits beside the floats it overlaps. A float stays in its formatting context to the
end of the page, so one float near the top (the masthead's marking, a recommendation's
number, a timeline date) makes every later line of the page pay
that measure: in briefgen's briefs, lines far below any float.

Where every float of the context ends at or above the line's top, no float overlaps the
line whatever its size (avoid_collisions tests each float for a vertical overlap), so
avoid_collisions places it at the left bound with the whole width, and the measured
width is read by nothing: in a left-to-right block, the line box's width is overwritten
by the line's own before anything else reads it (a right-to-left block compares it once
more, so those keep the measure). For such a line this module answers 0 without
measuring, and WeasyPrint lays the line out exactly as before.

Installed by the PDF writer (render/pdf.py) for WeasyPrint 70.x only, the version whose
``get_next_linebox`` this reasons about (pyproject.toml pins it); under any other, the
stock code runs. tests/test_floatlines.py writes briefs both ways and compares the bytes.
"""
from __future__ import annotations

from functools import wraps

from .shortcut import Shortcut


def _patch(weasyprint) -> None:
    """Skip the unread measure."""
    inline = weasyprint.layout.inline
    # the name inline.py calls, once, in get_next_linebox; preferred.py's own callers keep theirs
    inline.inline_min_content_width = _unless_clear(inline.inline_min_content_width)


_shortcut = Shortcut(_patch)
install, stock = _shortcut.install, _shortcut.stock


def _unless_clear(measure):
    from weasyprint.formatting_structure.boxes import LineBox

    @wraps(measure)
    def inline_min_content_width(context, box, outer=True, skip_stack=None, first_line=False,
                                 is_line_start=False):
        if (_shortcut.enabled and first_line and type(box) is LineBox and box.style["direction"] == "ltr"
                and _above(context.excluded_shapes, box.border_box_y())):
            return 0
        return measure(context, box, outer, skip_stack, first_line, is_line_start)

    return inline_min_content_width


def _above(shapes, top: float) -> bool:
    """Every float starts above ``top`` and ends at or above it: the tests of
    avoid_collisions, with its own sums, find no overlap for a line there of any height."""
    for shape in shapes:
        start = shape.position_y
        if not (start < top and start + shape.margin_height() <= top):
            return False
    return True
