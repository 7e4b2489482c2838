"""A shortcut into WeasyPrint 70's layout: installed once, for that version only, and
switched off inside ``stock()`` so that a test can lay a brief out both ways.

noteheights.py, floatlines.py, plainstyles.py, pdfbytes.py, pagerefs.py and glypharrays.py each skip work
WeasyPrint 70 throws away or repeats; hanging.py mends its line breaking. All reach into that
version's internals (pyproject.toml pins it), so all install only under it and leave the stock
code alone under any other; this is the one place that rule lives.
"""
from __future__ import annotations

from collections.abc import Callable
from contextlib import contextmanager


def applies(version: str) -> bool:
    """Whether this WeasyPrint version is the one whose internals the shortcuts know."""
    return version.split(".")[0] == "70"


class Shortcut:
    """One shortcut: ``patch(weasyprint)`` wraps what it replaces; the wrappers read
    ``enabled`` and run the stock code while it is False."""

    def __init__(self, patch: Callable) -> None:
        self._patch = patch
        self.installed = False
        self.enabled = True

    def install(self) -> bool:
        """Patch WeasyPrint (idempotent); False, and nothing changed, under a version other than 70.x."""
        if self.installed:
            return True
        from .weasy import weasyprint  # loaded the quick way, as the PDF writer loads it

        if not applies(weasyprint.__version__):
            return False
        self._patch(weasyprint)
        self.installed = True
        return True

    @contextmanager
    def stock(self):
        """WeasyPrint's own code alone while inside (the shortcut installed, but unused)."""
        self.enabled = False
        try:
            yield
        finally:
            self.enabled = True
