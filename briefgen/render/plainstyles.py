"""A property no rule sets gets its initial or inherited value without WeasyPrint 70's general path.

WeasyPrint computes an element's style one property at a time, when layout or drawing
first reads it (``css.ComputedStyle.__missing__``), and every such read runs the whole
cascade step: the cascaded lookup, the physical-to-logical mapping of margins, paddings,
borders and sizes, the 'inherit' and 'initial' comparisons, the text-decoration, page and
position branches and a check for math functions. Most reads are of properties no rule of
the brief's stylesheet sets for the element (in the analyst brief 48,000 of 81,000 reads
are an initial or an inherited value, and most of the 28,000 reads of physical properties
are too), where all that code comes to one assignment.

So for a property the element's cascade does not name, this module makes that assignment
itself, exactly as the stock code's path would:

- a property that is not inherited, whose initial value is its computed value (not in
  INITIAL_NOT_COMPUTED), and which has no branch of its own (float, display, position,
  page, text-decoration-*, custom properties): the initial value, once the physical
  property's logical counterpart (in the element's direction) is known to be unset too;
- an inherited property of an element with a parent: the parent's computed value, unless
  it holds a math function, which the stock code resolves again.

Anything else (a cascaded property, the root element, a math function) goes to the stock
code. Installed by the PDF writer (render/pdf.py) for WeasyPrint 70.x only, the version
whose ``__missing__`` this mirrors (pyproject.toml pins it); under any other, the stock
code runs. tests/test_plainstyles.py writes briefs both ways and compares the bytes.
"""
from __future__ import annotations

from functools import wraps

from .shortcut import Shortcut


def _patch(weasyprint) -> None:
    """Answer the reads of unset properties directly."""
    ComputedStyle = weasyprint.css.ComputedStyle
    ComputedStyle.__missing__ = _plain_first(ComputedStyle.__missing__, weasyprint.css)


_shortcut = Shortcut(_patch)
install, stock = _shortcut.install, _shortcut.stock

# properties with a branch of their own in the stock code
_OWN_BRANCH = frozenset({"float", "display", "position", "page"})


def _plain_first(missing, css):
    from weasyprint.css.computed_values import PHYSICAL_FUNCTIONS
    from weasyprint.css.functions import check_math
    from weasyprint.css.properties import INITIAL_VALUES

    usual = {key for key in INITIAL_VALUES
             if key not in _OWN_BRANCH and key[:16] != "text_decoration_" and key[:2] != "__"}
    initial = {key: INITIAL_VALUES[key] for key in usual - css.INHERITED - css.INITIAL_NOT_COMPUTED
               if not check_math(INITIAL_VALUES[key])}
    physical = {key: PHYSICAL_FUNCTIONS[key] for key in initial if key in PHYSICAL_FUNCTIONS}
    inherited = frozenset(key for key in usual & css.INHERITED if key not in PHYSICAL_FUNCTIONS)
    logical_keys: dict[tuple[str, str], str] = {}  # (physical key, direction) -> its logical key

    @wraps(missing)
    def __missing__(self, key):
        if _shortcut.enabled and key not in self.cascaded:
            value = initial.get(key, _NONE)
            if value is not _NONE:
                to_logical = physical.get(key)
                if to_logical is not None:
                    # the stock code's mapping, read in the same order: the direction first
                    direction = self["direction"]
                    logical = logical_keys.get((key, direction))
                    if logical is None:
                        logical = logical_keys[(key, direction)] = to_logical(block="ttb", inline=direction)
                    if logical in self.cascaded:
                        return missing(self, key)
                self[key] = value
                return value
            if key in inherited and self.parent_style is not None:
                value = self.parent_style[key]
                if not check_math(value):
                    self[key] = value
                    return value
        return missing(self, key)

    return __missing__


_NONE = object()  # no initial value taken this way (None is a value)
