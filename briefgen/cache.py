"""What each output was made from, so an unchanged job is skipped.

A job's key hashes the raw bytes of everything its output depends on: the fact
base, the audience profile, the template files its format reads, briefgen's
own code and version, the render options, and the software and fonts that
lay it out (the versions of WeasyPrint, python-docx, Pillow, Jinja, pydantic...
and of the Pango and HarfBuzz libraries, and the font files installed), so an
upgrade rebuilds what it may change. The manifest next to the outputs
records, per output file, that key and the sha256 of the bytes written, so an
output deleted or edited by hand is rebuilt too.

The build holds the output folder's lock while it reads the manifest, and
parses the very bytes it hashed (``Fingerprints.contents``), so an edit made
meanwhile cannot be recorded under the key of the text before it; a template
edited while jobs run is caught by hashing again at the end (``changed``).

Deliberately light: a no-op build reads bytes and compares hashes; it never
parses YAML, builds a Brief or imports WeasyPrint.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import re
import sys
from functools import lru_cache
from pathlib import Path

from . import __version__
from .defaults import layered
from .fsio import write_atomic
from .load import read_bounded

MANIFEST = ".briefgen-cache.json"
_SCHEMA = 2  # bump when the manifest's layout changes; old manifests are then ignored


# Render options that only one writer reads (see pipeline.write). An option not
# listed here is taken to affect every format: a new option costs a rebuild of
# everything until it is listed, never a stale output.
OPTION_READ_BY = {
    "pdf_variant": {"pdf"},
    "reference_docx": {"docx"},
    "comments": {"docx"},
    "stale_after_days": {"docx"},  # it only decides which editor comments the Word draft carries
}


def file_digest(path: Path) -> str:
    """sha256 of a regular file, streamed: a 100 MB fact base costs no memory here
    (the loader refuses it by size), and a device such as /dev/zero, which
    never ends, is refused rather than hashed forever."""
    if not path.is_file():
        raise OSError(f"{path}: not a regular file")
    with path.open("rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def code_files() -> list[Path]:
    """briefgen's source, and the default Word reference's parts (styles.xml, numbering.xml...),
    which are the Word writer's data: an edited list bullet rebuilt no draft before they counted."""
    package = Path(__file__).resolve().parent
    reference = package / "render" / "word" / "default-reference"
    return sorted([*package.rglob("*.py"), *(p for p in reference.rglob("*") if p.is_file())])


@lru_cache(maxsize=1)
def code_digest() -> str:
    """briefgen's version and source: a changed writer must rebuild its outputs
    even when a developer forgets to bump the version."""
    h = hashlib.sha256(__version__.encode())
    package = Path(__file__).resolve().parent
    for path in code_files():
        h.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


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


class Fingerprints:
    """Hashes each input file once per build, however many jobs share it, and
    keeps the bytes of the fact bases and profiles it hashed, for the build to
    parse (``contents``)."""

    def __init__(self, templates, house_files: list[Path] = (), profiles: list[Path] = ()):
        """``templates``: a folder or the project's search path of template
        folders; ``house_files``: briefgen.toml, the logo and font files, which
        every output's look depends on; ``profiles``: every audience profile, one
        of which a brief may cite for its sources (``sources_in``: its title and level)."""
        self._digests: dict[Path, str] = {}
        self.contents: dict[Path, bytes] = {}
        self.template_files = layered(templates)
        self.house_files = sorted(Path(p) for p in house_files)
        self.profiles = sorted(Path(p) for p in profiles)
        self.origins: dict[str, dict[str, str]] = {}  # job key -> its house and fact base + profile digests

    def digest(self, path: Path) -> str:
        path = Path(path).resolve()
        if path not in self._digests:
            self._digests[path] = file_digest(path)
        return self._digests[path]

    def read(self, path: Path) -> str:
        """The digest of a YAML input, whose bytes are kept to be parsed. Raises
        BriefgenError for a file the loader would refuse unread (too large)."""
        path = Path(path).resolve()
        if path not in self.contents:
            self.contents[path] = read_bounded(path)
            self._digests[path] = hashlib.sha256(self.contents[path]).hexdigest()
        return self._digests[path]

    def changed(self) -> list[Path]:
        """The files hashed so far whose bytes are no longer what was hashed,
        less those whose hashed bytes are what was parsed (``contents``)."""
        out = []
        for path, digest in self._digests.items():
            if path in self.contents:
                continue
            try:
                now = file_digest(path)
            except OSError:
                now = None
            if now != digest:
                out.append(path)
        return out

    def job_key(self, factbase: Path, audience: Path, fmt: str, options) -> str:
        # both formats read every file of the templates folder: the Word writer
        # too reads the stylesheets, through the PDF layout its page numbers come from
        reads = {name: self.digest(p) for name, p in self.template_files.items()}
        doc = {
            "code": code_digest(),
            "environment": environment_digest(fmt),
            "factbase": self.read(factbase),
            "audience": self.read(audience),
            "templates": reads,
            "house": {p.name: self.digest(p) for p in self.house_files},
            "profiles": {p.stem: self.read(p) for p in self.profiles},
            "format": fmt,
            "options": self._options(options, fmt),
        }
        key = hashlib.sha256(json.dumps(doc, sort_keys=True).encode()).hexdigest()
        # for the build table's "why" alone: the house reaches a brief's content as its fact base does
        self.origins[key] = {"house": _digest(doc["house"]), "inputs": _digest([doc["factbase"], doc["audience"]])}
        return key

    def parts(self, fmt: str, options) -> dict[str, str]:
        """What a ``fmt`` output is made from besides its brief's content (task.content_digest):
        the template files its writer reads other than the Jinja templates (whose effect the
        HTML, and so the content, carries), its render options and briefgen's code.
        Recorded part by part, so the build can say which one changed."""
        # the stylesheets too for the Word draft: its page numbers come from the PDF's layout
        assets = {name: self.digest(p) for name, p in self.template_files.items() if p.suffix != ".j2"}
        return {"assets": _digest(assets), "options": _digest(self._options(options, fmt)),
                "environment": environment_digest(fmt), "code": code_digest()}

    def _options(self, options, fmt: str) -> dict:
        """The render options ``fmt`` reads; never the list of formats (building
        the PDF alone must not invalidate the Word draft). A file given as an
        option (a reference .docx, say) counts by its bytes, not its name."""
        out = {}
        for key, value in dataclasses.asdict(options).items():
            if key == "formats" or fmt not in OPTION_READ_BY.get(key, {fmt}):
                continue
            if isinstance(value, Path):
                value = {"file": self.digest(value)}
            out[key] = value if isinstance(value, (str, int, float, bool, type(None), dict)) else repr(value)
        return out


def _digest(doc) -> str:
    return hashlib.sha256(json.dumps(doc, sort_keys=True).encode()).hexdigest()


class Manifest:
    """``out/.briefgen-cache.json``: output file name -> its key, sha256 and report."""

    def __init__(self, out: Path):
        self.path = out / MANIFEST
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            self.entries: dict[str, dict] = data["outputs"] if data.get("schema") == _SCHEMA else {}
        except (OSError, ValueError, KeyError, AttributeError):
            self.entries = {}  # missing or unreadable: everything is rebuilt, which is safe

    def fresh(self, output: Path, key: str) -> dict | None:
        """The recorded entry if ``output`` was made from ``key`` and is still the file written."""
        entry = self.entries.get(output.name)
        if not entry or entry.get("key") != key or not self.intact(output, entry):
            return None
        return entry

    @staticmethod
    def intact(output: Path, entry: dict) -> bool:
        """Whether ``output`` is still the file the build wrote (not edited, not deleted)."""
        try:
            return file_digest(output) == entry.get("sha256")
        except OSError:
            return False

    def record(self, output: Path, entry: dict) -> None:
        self.entries[output.name] = entry

    def forget(self, output: Path) -> None:
        self.entries.pop(output.name, None)

    def save(self) -> None:
        data = {"schema": _SCHEMA, "outputs": dict(sorted(self.entries.items()))}
        write_atomic(self.path, (json.dumps(data, indent=1, sort_keys=True) + "\n").encode())
