"""The build: load every input, check it all, then render each (fact base x audience x format) job.

Nothing is written until every input has passed validation, and each output
is written to a temporary file and renamed, so a failed or interrupted build
never leaves a half-written brief.
"""
from __future__ import annotations

import os
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from .errors import BriefgenError, Problem
from .model import Audience, FactBase
from .project import Project, load_audience, load_factbase
from .render.html import render_html
from .select import Brief, select

FORMATS = ("pdf", "docx")


@dataclass
class Options:
    formats: tuple[str, ...] = FORMATS
    pdf_variant: str | None = None


@dataclass
class Output:
    path: Path
    brief: Brief
    fmt: str
    pages: int | None
    words: int
    seconds: float


@dataclass
class Inputs:
    factbases: dict[str, FactBase]
    audiences: dict[str, Audience]
    warnings: list[Problem] = field(default_factory=list)


def load_inputs(project: Project, factbase_paths: list[Path] | None = None,
                audience_names: list[str] | None = None) -> Inputs:
    """Load and check every fact base and audience; raise all errors at once."""
    problems: list[Problem] = []
    factbases: dict[str, FactBase] = {}
    warnings: list[Problem] = []
    for path in factbase_paths or project.factbase_paths():
        try:
            fb, found = load_factbase(Path(path))
            factbases[Path(path).stem] = fb
            warnings += found
        except BriefgenError as exc:
            problems += exc.problems
    audience_paths = ([project.audience_path(n) for n in audience_names] if audience_names
                      else project.audience_paths())
    audiences: dict[str, Audience] = {}
    for path in audience_paths:
        try:
            audiences[path.stem] = load_audience(path, list(factbases.values()))
        except BriefgenError as exc:
            problems += exc.problems
    if problems:
        raise BriefgenError(sorted(set(problems)))
    if not factbases:
        raise BriefgenError.single(str(project.seeds), "no fact base (*.yaml) found")
    return Inputs(factbases, audiences, warnings)


def write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def brief_words(html: str) -> int:
    """Words a reader reads: the document body less the running header and footer."""
    from lxml import html as lxml_html

    body = lxml_html.document_fromstring(html).body
    for running in body.xpath('//div[contains(@class, "running-")]'):
        running.getparent().remove(running)
    return len(body.text_content().split())


def render(brief: Brief, fmt: str, project: Project, options: Options) -> tuple[bytes, int | None, str]:
    """One brief in one format: (bytes, page count or None, the HTML it came from)."""
    html = render_html(brief, project.templates)
    if fmt == "pdf":
        from .render.pdf import render_pdf
        data, pages = render_pdf(html, project.templates, options.pdf_variant)
        return data, pages, html
    from .render.docx import render_docx
    return render_docx(html), None, html


def build(project: Project, out: Path, factbase_paths: list[Path] | None = None,
          audience_names: list[str] | None = None, options: Options | None = None) -> list[Output]:
    options = options or Options()
    inputs = load_inputs(project, factbase_paths, audience_names)
    outputs: list[Output] = []
    for fb_name, fb in inputs.factbases.items():
        for aud_name, audience in inputs.audiences.items():
            brief = select(fb, audience, f"{fb_name}-{aud_name}")
            for fmt in options.formats:
                started = time.perf_counter()
                data, pages, html = render(brief, fmt, project, options)
                path = out / f"{brief.name}.{fmt}"
                write_atomic(path, data)
                outputs.append(Output(path, brief, fmt, pages, brief_words(html),
                                      time.perf_counter() - started))
    return outputs
