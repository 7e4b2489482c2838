"""What renders an output besides its inputs, as digests for the build's keys: briefgen's own
code, its default Word reference, and the software and fonts that lay an output out.

The default reference (render/word/default-reference/: styles.xml, numbering.xml...) is the
Word writer's data, so it is hashed apart from the code and counts for the Word drafts
alone: an edited list number rebuilds every draft and no PDF, as a project's own
reference_docx does (cache.OPTION_READ_BY).
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import sys
from functools import lru_cache
from pathlib import Path

from . import __version__

PACKAGE = Path(__file__).resolve().parent
DEFAULT_REFERENCE = PACKAGE / "render" / "word" / "default-reference"
# the formats whose writer reads the default reference
REFERENCE_READ_BY = frozenset({"docx"})


def code_files() -> list[Path]:
    """briefgen's source: every module, each a part of every output's key."""
    return sorted(PACKAGE.rglob("*.py"))


@lru_cache(maxsize=1)
def code_digest() -> str:
    """briefgen's version and source: a changed writer must rebuild its outputs
    even when a developer forgets to bump the version."""
    h = hashlib.sha256(__version__.encode())
    for path in code_files():
        h.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


@lru_cache(maxsize=1)
def reference_digest() -> str:
    """The default Word reference's parts, by name and bytes: an edited list bullet rebuilt no
    draft before they counted, and rebuilt every PDF too while they counted as code."""
    h = hashlib.sha256()
    for path in sorted(p for p in DEFAULT_REFERENCE.rglob("*") if p.is_file()):
        h.update(path.relative_to(DEFAULT_REFERENCE).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def briefgen_digest() -> str:
    """briefgen as installed, code and default reference: what every machine of a cluster must share."""
    return hashlib.sha256(f"{code_digest()}:{reference_digest()}".encode()).hexdigest()


# The Python distributions whose code shapes an output, by the format they
# shape: a new version of any may change the bytes written.
DEPENDENCIES = {
    "both": ("jinja2", "markupsafe", "pydantic", "pyyaml", "pillow", "lxml"),
    "pdf": ("weasyprint", "pydyf", "tinycss2", "cssselect2", "tinyhtml5", "fonttools"),
    # the Word draft's page numbers and count come from WeasyPrint's layout of the brief
    "docx": ("python-docx", "weasyprint", "pydyf", "tinycss2", "cssselect2", "tinyhtml5", "fonttools"),
}
# WeasyPrint lays text out with these C libraries, found by their sonames
LAYOUT_LIBRARIES = ("pango-1.0", "pangoft2-1.0", "harfbuzz", "fontconfig", "freetype")
FONT_FOLDERS = ("/usr/share/fonts", "/usr/local/share/fonts", "~/.local/share/fonts", "~/.fonts")


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "_", name).lower()


@lru_cache(maxsize=1)
def _installed() -> dict[str, str]:
    """Installed distributions' versions, read from their .dist-info folder
    names (one listing per path entry; importlib.metadata.version costs
    several milliseconds a call)."""
    found: dict[str, str] = {}
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for folder in names:
            if folder.endswith(".dist-info") and "-" in folder:
                name, _, version = folder[:-len(".dist-info")].partition("-")
                found.setdefault(_normal(name), version)
    return found


def _version(distribution: str) -> str | None:
    return _installed().get(_normal(distribution))


LIBRARY_FOLDERS = ("/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/usr/lib64", "/usr/lib",
                   "/usr/local/lib")


def _libraries() -> dict[str, str | None]:
    """The versioned file of each layout library (libpango-1.0.so.0.5000.12):
    an upgrade changes its name. One listing per folder, not
    ctypes.util.find_library, which runs ldconfig for each."""
    found: dict[str, str | None] = dict.fromkeys(LAYOUT_LIBRARIES)
    for folder in LIBRARY_FOLDERS:
        try:
            names = sorted(os.listdir(folder))
        except OSError:
            continue
        for library in LAYOUT_LIBRARIES:
            prefix = f"lib{library}.so."
            versions = [n for n in names if n.startswith(prefix)]
            if versions and found[library] is None:
                found[library] = max(versions, key=len)  # libx.so.0.5000.12 over libx.so.0
    return found


def _fonts() -> str:
    """Every installed font file by path, size and modification time (not its
    bytes: CJK fonts alone are hundreds of megabytes): a font added, removed
    or upgraded changes the PDF's layout."""
    h = hashlib.sha256()
    for folder in FONT_FOLDERS:
        root = Path(folder).expanduser()
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames.sort()
            for name in sorted(filenames):
                try:
                    st = os.stat(os.path.join(dirpath, name))
                except OSError:
                    continue
                h.update(f"{dirpath}/{name}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    return h.hexdigest()


@lru_cache(maxsize=4)
def environment_digest(fmt: str) -> str:
    """The versions of what renders ``fmt``: Python distributions, the layout
    libraries and the installed fonts (both formats: the Word draft takes its
    page numbers from the PDF's layout)."""
    doc: dict = {"python": {d: _version(d) for d in DEPENDENCIES["both"] + DEPENDENCIES.get(fmt, ())}}
    if fmt in ("pdf", "docx"):
        doc["libraries"] = _libraries()
        doc["fonts"] = _fonts()
    return hashlib.sha256(json.dumps(doc, sort_keys=True).encode()).hexdigest()
