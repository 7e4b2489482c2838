"""Import WeasyPrint without ctypes' slow search for its C libraries; the PDF writer's only way in.

WeasyPrint opens each library it needs (GObject, Pango, HarfBuzz, fontconfig,
PangoFT2) by trying a list of names for every platform in turn. On Linux, each
name that is not a file name, such as 'libgobject-2.0-0' or 'gobject-2.0',
goes to ctypes.util.find_library, which runs ldconfig and then, if a C
compiler is installed, gcc and ld: about two dozen processes, 0.2-0.4 s of a
build's start-up (Kozea/WeasyPrint#1125). Every such search ends in opening a
soname through the dynamic linker, and the list holds the Linux sonames
themselves ('libgobject-2.0.so.0', ...), which dlopen finds with the same
search. So while WeasyPrint is imported, find_library answers "not found" and
the sonames are opened directly. Should a library be missing that way (a
system whose soname is not in WeasyPrint's list), the import is tried again
with the full search, as WeasyPrint alone would do it.

Importing this module imports WeasyPrint: the fork server preloads it for the
build's workers (workers.PRELOAD), and the PDF writer takes WeasyPrint from here.
"""
from __future__ import annotations

import ctypes.util
import importlib
import io
import sys
from contextlib import contextmanager, redirect_stdout
from types import ModuleType


@contextmanager
def _sonames_only():
    search = ctypes.util.find_library
    ctypes.util.find_library = lambda name: None
    try:
        # WeasyPrint prints its installation help before it raises; the retry says it if it still applies
        with redirect_stdout(io.StringIO()):
            yield
    finally:
        ctypes.util.find_library = search


def load(name: str = "weasyprint") -> ModuleType:
    """The module ``name`` (WeasyPrint), imported with the sonames alone first."""
    if sys.platform == "linux" and name not in sys.modules:
        try:
            with _sonames_only():
                return importlib.import_module(name)
        except OSError:
            pass  # a library not found by its soname: again, with ctypes' full search
    return importlib.import_module(name)


weasyprint = load()
