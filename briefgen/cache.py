"""What each output was made from, so an unchanged job is skipped.

A job's key hashes the raw bytes of everything its output depends on: the fact
base, the audience profile, the template files its format reads, briefgen's
own code and version, and the render options. The manifest next to the outputs
records, per output file, that key and the sha256 of the bytes written, so an
output deleted or edited by hand is rebuilt too.

Deliberately light: a no-op build reads bytes and compares hashes; it never
parses YAML, builds a Brief or imports WeasyPrint.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
from functools import lru_cache
from pathlib import Path

from . import __version__
from .fsio import write_atomic

MANIFEST = ".briefgen-cache.json"
_SCHEMA = 1  # bump when the manifest's layout changes; old manifests are then ignored


def format_reads(fmt: str, template_file: Path) -> bool:
    """Whether rendering ``fmt`` reads this file of the templates folder.

    Both formats come from the same Jinja HTML, so both read the templates.
    Only WeasyPrint reads stylesheets (and fetches assets the CSS names); the
    Word writer maps HTML tags and classes to named Word styles and never
    opens a .css file (tests/test_batch.py checks that a changed stylesheet
    leaves the .docx bytes unchanged). Anything else is assumed read by both.
    """
    return fmt == "pdf" or template_file.suffix != ".css"


# Render options that only one writer reads (see build.render). An option not
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


@lru_cache(maxsize=1)
def code_digest() -> str:
    """briefgen's version and source: a changed writer must rebuild its outputs
    even when a developer forgets to bump the version."""
    h = hashlib.sha256(__version__.encode())
    package = Path(__file__).resolve().parent
    for path in sorted(package.rglob("*.py")):
        h.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


class Fingerprints:
    """Hashes each input file once per build, however many jobs share it."""

    def __init__(self, templates: Path):
        self.templates = templates
        self._digests: dict[Path, str] = {}
        self.template_files = sorted(p for p in templates.rglob("*")
                                     if p.is_file() and not p.name.startswith("."))

    def digest(self, path: Path) -> str:
        path = Path(path).resolve()
        if path not in self._digests:
            self._digests[path] = file_digest(path)
        return self._digests[path]

    def job_key(self, factbase: Path, audience: Path, fmt: str, options) -> str:
        reads = {p.relative_to(self.templates).as_posix(): self.digest(p)
                 for p in self.template_files if format_reads(fmt, p)}
        doc = {
            "code": code_digest(),
            "factbase": self.digest(factbase),
            "audience": self.digest(audience),
            "templates": reads,
            "format": fmt,
            "options": self._options(options, fmt),
        }
        return hashlib.sha256(json.dumps(doc, sort_keys=True).encode()).hexdigest()

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
        if not entry or entry.get("key") != key:
            return None
        try:
            if file_digest(output) != entry.get("sha256"):
                return None
        except OSError:
            return None
        return entry

    def record(self, output: Path, entry: dict) -> None:
        self.entries[output.name] = entry

    def forget(self, output: Path) -> None:
        self.entries.pop(output.name, None)

    def save(self) -> None:
        data = {"schema": _SCHEMA, "outputs": dict(sorted(self.entries.items()))}
        write_atomic(self.path, (json.dumps(data, indent=1, sort_keys=True) + "\n").encode())
