"""Each font subset's glyph list handed to HarfBuzz without cffi parsing a new C type for its length.

To subset a font, WeasyPrint 70 (``pdf/fonts.py``) passes HarfBuzz its glyph ids as
``ffi.new(f'hb_codepoint_t[{n}]', ids)``: an array type named by its length. cffi parses
each type name it has not seen before with pycparser, the whole cdef's typedefs included,
about 2 ms, and caches it by name; the lengths differ with every font of every brief, so
nearly every subset paid a parse (26 in a build of the five EU-Japan PDFs, 0.06 s).
``ffi.new('hb_codepoint_t[]', ids)`` makes the same array, as long as ``ids``, from the
one type parsed once. So while WeasyPrint's font module asks for an array of a length
that its initial values have, it is asked for by its open type instead.

Installed by the PDF writer (render/pdf.py) for WeasyPrint 70.x only, the version whose
font module this knows (pyproject.toml pins it); under any other, the stock code runs.
tests/test_glypharrays.py writes briefs both ways and compares the bytes.
"""
from __future__ import annotations

import re

from .shortcut import Shortcut

_SIZED = re.compile(r"(\w[\w ]*?)\s*\[(\d+)\]")  # 'hb_codepoint_t[164]' -> element type, length


class _OpenArrays:
    """WeasyPrint's ``ffi`` as its font module sees it: ``new`` of a sized array with as
    many initial values as its size uses the array type of open length; all else is ``ffi``'s."""

    def __init__(self, ffi) -> None:
        self._ffi = ffi

    def __getattr__(self, name: str):
        return getattr(self._ffi, name)

    def new(self, cdecl, init=None):
        if _shortcut.enabled and isinstance(cdecl, str) and init is not None:
            sized = _SIZED.fullmatch(cdecl)
            if sized and hasattr(init, "__len__") and len(init) == int(sized[2]):
                cdecl = f"{sized[1]}[]"
        return self._ffi.new(cdecl, init)


def _patch(weasyprint) -> None:
    fonts = weasyprint.pdf.fonts
    fonts.ffi = _OpenArrays(fonts.ffi)


_shortcut = Shortcut(_patch)
install, stock = _shortcut.install, _shortcut.stock
