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

WeasyPrint's PDF writer also imports, at its own import, fontTools' subsetter and its
variable-font instancer: 0.06-0.07 s, a third of WeasyPrint's import, which every build
waits for. It subsets with HarfBuzz when libharfbuzz-subset is there (setup.sh installs it;
fontTools is its fallback) and instantiates only variable fonts, so a brief set in Lato and
Noto calls neither. While WeasyPrint is imported, the two stand in as modules that import
the real one when first used (a subset without HarfBuzz, a house's variable font). Should
a WeasyPrint read from a stand-in a name it does not stand in for (from fontTools.subset
import Options), the real module is imported there and then: that module's deferral is
given up, and nothing is retried. Should it import a module inside one (a stand-in is no
package: import fontTools.subset.cff), that import fails, and WeasyPrint is imported again
plainly, without stand-ins.

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

# the modules WeasyPrint imports but a brief may never use, and the names it takes from them
_DEFERRED = {"fontTools.subset": (), "fontTools.varLib.instancer": ("instantiateVariableFont",)}


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


class _OnFirstUse(ModuleType):
    """Stands in for a module until one of its attributes is read: then imports the real one. Read
    while WeasyPrint is importing (a name the stand-in lacks), the real one takes its place at once."""

    def __getattr__(self, attribute: str):
        if attribute.startswith("__"):  # the import system asking whether it is a package (__path__)
            raise AttributeError(attribute)
        if sys.modules.get(self.__name__) is self:  # read while WeasyPrint is still importing
            del sys.modules[self.__name__]
        return getattr(importlib.import_module(self.__name__), attribute)


def _on_first_call(module: str, name: str):
    def call(*args, **kwargs):
        return getattr(importlib.import_module(module), name)(*args, **kwargs)

    call.__name__ = call.__qualname__ = name
    return call


@contextmanager
def _deferred(modules: dict[str, tuple[str, ...]]):
    """While inside, each of ``modules`` not yet imported is a stand-in (_OnFirstUse) with
    its listed functions, each importing the real module when called."""
    stand_ins = {}
    for module, functions in modules.items():
        if module not in sys.modules:
            stand_ins[module] = _OnFirstUse(module)
            for function in functions:
                setattr(stand_ins[module], function, _on_first_call(module, function))
    sys.modules.update(stand_ins)
    try:
        yield
    finally:  # later imports, the stand-ins' own included, import the real modules
        for module, stand_in in stand_ins.items():
            if sys.modules.get(module) is stand_in:
                del sys.modules[module]


def load(name: str = "weasyprint", deferred: dict[str, tuple[str, ...]] | None = None) -> ModuleType:
    """The module ``name`` (WeasyPrint), imported with the sonames alone first, and the
    ``deferred`` modules (by default fontTools' subsetter and instancer) standing in."""
    deferred = _DEFERRED if deferred is None else deferred
    if name not in sys.modules:
        try:
            with _deferred(deferred):
                return _import(name)
        except ImportError:  # a module inside a stand-in (import fontTools.subset.cff): no stand-in is a package
            pass  # the modules that failed are gone again, and the stand-ins with them
    return _import(name)


def _import(name: str) -> ModuleType:
    if sys.platform == "linux" and name not in sys.modules:
        try:
            with _sonames_only():
                return importlib.import_module(name)
        except OSError:
            pass  # a library not found by its soname: again, with ctypes' full search
    return importlib.import_module(name)


weasyprint = load()
