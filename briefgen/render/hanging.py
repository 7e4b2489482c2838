"""A run of text whose last space alone passes its line lets that space hang (WeasyPrint 70's line breaking, mended).

A run of text that ends in a space before an inline element (a date's span.nobreak, a link,
a bold word), and that fits its line but for that space, was broken after its first word:
the security brief's note 27 read '27. European' alone on its line. CSS lets a line's last
space hang past its end (CSS Text 3, 4.1.3); Pango does, and WeasyPrint's own overflow test
after it does, but split_first_line measured the run with its space, took it for one that
cannot be broken earlier, and kept one word.

So such a run (white-space normal or pre-line) is laid out whole, as one line, and its width
is given as the part of it that fits: its text, and of its spaces only what the room left
holds, less 0.01 px. What follows it then finds no room unless it is empty (an empty span,
the end of an inline), and the line breaks at that space, before what follows; or it takes
the rest of the line, as a run that fits does. The 0.01 px keeps an empty inline after it on
the line through the rounding of nested inlines' room (WeasyPrint widens each by a factor
of 1 + 1e-9); the width is never less than the text's own. Given the run's full width, an
empty inline after it passed the line by the space and broke before the run's last word; given
the text's own width, a narrow element after it (a small 'x') was drawn over the space.
Any other run is split as before.

Installed by the PDF writer (render/pdf.py) for WeasyPrint 70.x only (render/shortcut.py),
the version whose split_first_line this knows; under any other, the stock code runs.
tests/test_hanging.py lays paragraphs out both ways and reads their lines.
"""
from __future__ import annotations

from functools import wraps

from .shortcut import Shortcut

# how much less than the room left a run whose spaces hang is said to take (px)
_SLACK = 0.01


def _patch(weasyprint) -> None:
    """Let the last spaces of a run that fits but for them hang, in inline layout's line breaking."""
    from weasyprint.layout import inline

    inline.split_first_line = _hanging_spaces_fit(inline.split_first_line)


_shortcut = Shortcut(_patch)
install, stock = _shortcut.install, _shortcut.stock


def _hanging_spaces_fit(split_first_line):
    @wraps(split_first_line)
    def split(text, style, context, max_width, justification_spacing, is_line_start=True, minimum=False):
        found = split_first_line(text, style, context, max_width, justification_spacing, is_line_start, minimum)
        if (not _shortcut.enabled or found[2] is None or max_width is None or not text.endswith(" ")
                or style["white_space"] not in ("normal", "pre-line")):
            return found
        bare = split_first_line(text.rstrip(" "), style, context, None, justification_spacing, is_line_start, minimum)
        if bare[2] is not None or bare[3] > max_width:  # a line break the text holds (pre-line), or too wide
            return found
        whole = split_first_line(text, style, context, None, justification_spacing, is_line_start, minimum)
        width = max(bare[3], min(whole[3], max_width) - _SLACK)
        return whole[:3] + (width,) + whole[4:]

    return split
