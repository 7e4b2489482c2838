"""What each output was made from, so an unchanged job is skipped.

A job's key hashes the raw bytes of everything its output depends on: the fact
base, the audience profile, the template files its format reads, briefgen's
own code and version, the render options, the default Word reference (for the
Word drafts alone), and the software and fonts that lay it out (software.py:
the versions of WeasyPrint, python-docx, Pillow, Jinja, pydantic... and of the
Pango and HarfBuzz libraries, and the font files installed), so an upgrade
rebuilds what it may change. The manifest next to the outputs
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
from pathlib import Path

from .defaults import layered
from .fsio import write_atomic
from .load import read_bounded
from .software import REFERENCE_READ_BY, code_digest, environment_digest, reference_digest

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
            **_reference(fmt),
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
                "environment": environment_digest(fmt), "code": code_digest(), **_reference(fmt)}

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


def _reference(fmt: str) -> dict[str, str]:
    """The default Word reference, for the formats that read it: a Word-only input, as a project's
    own reference_docx is (an organisation's template takes the styles it lacks from the default)."""
    return {"reference": reference_digest()} if fmt in REFERENCE_READ_BY else {}


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
