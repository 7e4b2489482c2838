"""Each content stream of a PDF deflated once: pydyf hashes the bytes it has just written for the document ID.

WeasyPrint writes a PDF with pydyf's ``PDF.write``, which, given a document identifier (the
PDF writer always gives one, render/pdf.py), serialises every object a second time after
writing it, to hash the whole for the ID's second part: each stream's content is joined
and deflated at level 9 again, to the same bytes (about a tenth of writing the analyst
brief's file). Nothing changes an object between the two: the write only reads them.

So while a PDF is written, each stream's bytes are kept the first time they are made and
given again the second; outside a write (and under ``stock()``), the stock property runs.
Installed by the PDF writer for WeasyPrint 70.x with pydyf 0.13.x, the writer whose two
passes this knows; tests/test_pdfbytes.py writes briefs both ways and compares the bytes.
"""
from __future__ import annotations

import threading
from functools import wraps

from .shortcut import Shortcut

_writing = threading.local()  # .kept: id(stream) -> (stream, bytes), while this thread writes a PDF


def _patch(weasyprint) -> None:
    import pydyf

    if pydyf.__version__.split(".")[:2] != ["0", "13"]:
        return  # another pydyf: its write may make each object's bytes once, or differently
    pydyf.Stream.data = property(_kept(pydyf.Stream.data.fget), doc=pydyf.Stream.data.__doc__)
    pydyf.PDF.write = _keeping(pydyf.PDF.write)


_shortcut = Shortcut(_patch)
install, stock = _shortcut.install, _shortcut.stock


def _keeping(write):
    @wraps(write)
    def keeping_write(self, *args, **kwargs):
        if not _shortcut.enabled:
            return write(self, *args, **kwargs)
        _writing.kept = {}
        try:
            return write(self, *args, **kwargs)
        finally:
            _writing.kept = None

    return keeping_write


def _kept(data):
    @wraps(data)
    def stream_data(self):
        kept = getattr(_writing, "kept", None)
        if kept is None:
            return data(self)
        made = kept.get(id(self))
        if made is None or made[0] is not self:
            made = kept[id(self)] = (self, data(self))
        return made[1]

    return stream_data
