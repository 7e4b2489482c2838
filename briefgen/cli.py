"""The command line: a thin layer over briefgen.build and briefgen.project."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from .errors import EXIT_BAD_INPUT, EXIT_OK, EXIT_WARNINGS, BriefgenError
from .project import Project


def _report(exc: BriefgenError) -> None:
    for problem in exc.problems:
        click.echo(str(problem), err=True)
    sys.exit(EXIT_BAD_INPUT)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="briefgen")
def main() -> None:
    """Turn sourced YAML fact bases into briefing notes (PDF and Word) for each audience."""


@main.command()
@click.argument("factbases", nargs=-1, type=click.Path(path_type=Path))
@click.option("--audience", "-a", "audiences", multiple=True, help="Audience profile name (repeatable). Default: all.")
@click.option("--format", "-f", "formats", multiple=True, type=click.Choice(["pdf", "docx"]),
              help="Output format (repeatable). Default: both.")
@click.option("--out", "-o", type=click.Path(path_type=Path), default=None,
              help="Output folder. Default: briefs/ in the project.")
@click.option("--pdf-variant", type=click.Choice(["pdf/ua-1", "pdf/a-3b"]), default=None,
              help="Write an accessible (PDF/UA-1) or archival (PDF/A-3b) PDF.")
def build(factbases, audiences, formats, out, pdf_variant) -> None:
    """Build briefs: every fact base in seeds/ x every audience x PDF and Word, by default."""
    from .build import FORMATS, Options, build as run_build

    project = Project()
    out = out or project.root / "briefs"
    options = Options(formats=tuple(formats) or FORMATS, pdf_variant=pdf_variant)
    try:
        outputs = run_build(project, out, list(factbases) or None, list(audiences) or None, options)
    except BriefgenError as exc:
        _report(exc)
    for o in outputs:
        pages = f"{o.pages} p" if o.pages is not None else "   "
        click.echo(f"{o.path}  {pages:>5}  {o.words:>5} words  {o.seconds:5.2f} s")


@main.command()
@click.argument("factbases", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--strict", is_flag=True, help="Treat warnings as errors (exit 2).")
def validate(factbases, strict) -> None:
    """Check fact bases (and the audience profiles against them) without writing anything."""
    from .build import load_inputs

    try:
        inputs = load_inputs(Project(), list(factbases))
    except BriefgenError as exc:
        _report(exc)
    for problem in sorted(inputs.warnings):
        click.echo(str(problem), err=True)
    if inputs.warnings:
        sys.exit(EXIT_BAD_INPUT if strict else EXIT_WARNINGS)
    click.echo(f"ok: {len(inputs.factbases)} fact base(s), {len(inputs.audiences)} audience(s)")
    sys.exit(EXIT_OK)
