"""One WeasyPrint font configuration per process for every brief that brings no font of its own.

WeasyPrint makes a new FontConfiguration for each document it is not given one: fontconfig
loads its configuration and the font list again, and Pango opens, measures and shapes with
every font anew (Lato's four faces, DejaVu, Noto CJK), about 25 ms of each PDF's layout. A
configuration that holds the system's fonts alone gives the same fonts for the same styles
whichever document it served before (its caches, struts and font features, are keyed on the
style), so a brief's bytes do not depend on it; one given a brief's own font (an @font-face
rule: the house's font files) is that brief's alone and is dropped with it.

A configuration serves one document at a time: Pango's font map is not safe to share
between threads, and a render in another thread (a preview, the release check) takes a new one.
"""
from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

_idle: list = []  # configurations no document is using, each with no font but the system's
_lock = threading.Lock()


@contextmanager
def font_configuration() -> Iterator:
    """A FontConfiguration for one document's layout and PDF, kept for the next if it stays clean."""
    from .weasy import weasyprint

    with _lock:
        config = _idle.pop() if _idle else None
    if config is None:
        config = weasyprint.text.fonts.FontConfiguration()
    yield config  # an exception (a failed layout) drops it: nothing is known of its state then
    # WeasyPrint 70 keeps the font files of @font-face rules in a folder of its own (_folder),
    # made on the first one; a configuration without the attribute is not reused
    if getattr(config, "_folder", True) is None:
        with _lock:
            _idle.append(config)
