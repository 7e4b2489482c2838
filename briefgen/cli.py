"""The command line: arguments and options (how a command ends: failures.py).

Each command hands its work to the module whose job it is."""
from __future__ import annotations

import atexit
import gc
import sys
from pathlib import Path

import click

from .errors import EXIT_BAD_INPUT, EXIT_OK, EXIT_WARNINGS, BriefgenError
from .failures import Main, refuse
from .project import Project, find_project
from .render.pdf import PDF_VARIANTS

# At exit, nothing is left for the collector to free that the process's end does not: frozen, the
# interpreter's last collections skip every object a command made (about 0.05-0.1 s of a build's
# exit, spent before the shell or a script reading its output goes on). Registered first, it runs
# after every other atexit function (the worker pool's closing among them).
atexit.register(gc.freeze)


def _project(bare: bool = False) -> Project:
    """The project of --project, or the nearest folder from here upward with a
    briefgen.toml. ``bare``: with none, briefgen's own profiles and templates
    (for a command given its fact bases, which writes nothing outside --out)."""
    given = click.get_current_context().find_root().obj
    root = given or find_project(Path.cwd())
    if root is None and bare:
        return Project(Path.cwd(), own=False)
    if root is None:
        click.echo(f"briefgen: no project: no briefgen.toml in {Path.cwd()} or any folder above it; "
                   "run 'briefgen new DIR' to start one, or pass --project DIR", err=True)
        sys.exit(EXIT_BAD_INPUT)
    return Project(root)


@click.group(cls=Main, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="briefgen")
@click.option("--project", "project_root", type=click.Path(exists=True, file_okay=False, path_type=Path),
              default=None, metavar="DIR",
              help="The project folder (briefgen.toml, seeds/, and its own templates/ and audiences/). "
                   "Default: the nearest folder from here upward holding a briefgen.toml.")
@click.pass_context
def main(ctx, project_root) -> None:
    """Turn sourced YAML fact bases into briefing notes (PDF and Word) for each audience.

    A project is a folder with a briefgen.toml; 'briefgen new DIR' makes one."""
    ctx.obj = project_root.resolve() if project_root else None


@main.command()
@click.argument("factbases", nargs=-1, type=click.Path(path_type=Path))
@click.option("--audience", "-a", "audiences", multiple=True, help="Audience profile name (repeatable). Default: all.")
@click.option("--format", "-f", "formats", multiple=True, type=click.Choice(["pdf", "docx"]),
              help="Output format (repeatable). Default: both.")
@click.option("--out", "-o", type=click.Path(path_type=Path), default=None,
              help="Output folder. Default: briefs/ in the project.")
@click.option("--pdf-variant", type=click.Choice(PDF_VARIANTS), default=None,
              help="Write an accessible (PDF/UA-1) or archival (PDF/A-3b) PDF.")
@click.option("--reference-docx", type=click.Path(path_type=Path), default=None,
              help="Take the Word draft's styles, page setup, header and footer from this .docx "
                   "(default: briefgen.toml's reference_docx).")
@click.option("--no-comments", is_flag=True,
              help="Leave out the Word comments that flag stale and secondary-only facts.")
@click.option("--stale-days", type=click.IntRange(min=1), default=None,
              help="A fact older than N days at the brief's date is stale. Default: the fact base's stale_after_days.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Jobs to run in parallel. Default: one per CPU core.")
@click.option("--force", is_flag=True, help="Rebuild every job, even those whose inputs are unchanged.")
@click.option("--scheduler", metavar="tcp://HOST:PORT", default=None,
              help="Run the jobs on this Dask cluster (pip install 'briefgen[dask]'); files are written here.")
@click.option("--job-timeout", type=click.FloatRange(min=1), default=None, metavar="SECONDS",
              help="Stop a job that runs longer (default: 300); the others still finish.")
@click.option("--job-memory", type=click.IntRange(min=256), default=None, metavar="MB",
              help="Memory one job may use (default: 2048); a job that needs more fails alone.")
@click.option("--strict", is_flag=True, help="A brief over its page or word budget is an error (exit 1).")
def build(factbases, audiences, formats, out, pdf_variant, reference_docx, no_comments, stale_days,
          jobs, force, scheduler, job_timeout, job_memory, strict) -> None:
    """Build briefs: every fact base in seeds/ x every audience x PDF and Word, by default."""
    from .build import build as run_build
    from .workers import start_workers

    if force and not scheduler:
        start_workers()  # every job runs: the workers' WeasyPrint loads while the rest starts up
    from .cluster import ClusterError
    from .jobs import Limits
    from .pipeline import FORMATS, Options

    project = _project(bare=bool(factbases and out))
    out = out or project.root / "briefs"
    options = Options(formats=tuple(formats) or FORMATS, pdf_variant=pdf_variant,
                      reference_docx=reference_docx, comments=not no_comments, stale_after_days=stale_days)
    from .console import BuildReport

    report = BuildReport()
    try:
        outputs = run_build(project, out, list(factbases) or None, list(audiences) or None, options,
                            jobs=jobs, force=force, scheduler=scheduler, started=report.start,
                            finished=report.advance,
                            limits=Limits(job_timeout or Limits.seconds, job_memory or Limits.memory_mb),
                            warned=lambda problem: click.echo(str(problem), err=True))
    except BriefgenError as exc:
        report.stop()
        refuse(exc)
    except ClusterError as exc:
        report.stop()
        click.echo(f"briefgen: {exc}", err=True)
        sys.exit(EXIT_BAD_INPUT)
    sys.exit(report.summary(outputs, strict))


@main.command()
@click.argument("factbases", nargs=-1, type=click.Path(path_type=Path))
@click.option("--strict", is_flag=True, help="Treat warnings as errors (exit 2).")
def validate(factbases, strict) -> None:
    """Check fact bases (and the audience profiles against them) without writing anything:
    every fact base in seeds/, by default."""
    from .pipeline import load_inputs

    inputs = load_inputs(_project(bare=bool(factbases)), list(factbases) or None)
    for problem in sorted(inputs.warnings):
        click.echo(str(problem), err=True)
    if inputs.warnings:
        sys.exit(EXIT_BAD_INPUT if strict else EXIT_WARNINGS)
    click.echo(f"ok: {len(inputs.factbases)} fact base(s), {len(inputs.audiences)} audience(s)")
    sys.exit(EXIT_OK)


@main.command("release-check")
@click.argument("factbases", nargs=-1, type=click.Path(path_type=Path))
def release_check(factbases) -> None:
    """Prove from the rendered PDF and Word text that no brief holds a statement above its
    audience's release level. Builds in memory; writes nothing. Exit 1 names each leak."""
    from .release import EXIT_LEAK, check, problems, summary

    results = check(_project(bare=bool(factbases)), list(factbases) or None)
    found = problems(results)
    for line in found:
        click.echo(line, err=True)
    if found:
        sys.exit(EXIT_LEAK)
    for result in results:
        click.echo(summary(result))
    click.echo(f"ok: {len(results)} brief(s) in PDF and Word hold nothing above their release level")
    sys.exit(EXIT_OK)


@main.command()
def audiences() -> None:
    """List the audience profiles: purpose, budget, sections in order, what leads."""
    from .compare import describe_audiences

    click.echo("\n".join(describe_audiences(_project())))


@main.command()
@click.argument("factbase", type=click.Path(path_type=Path))
@click.argument("a")
@click.argument("b")
def diff(factbase, a, b) -> None:
    """What audience A's brief of FACTBASE holds that B's does not, and the reverse."""
    from .compare import diff as compare

    click.echo("\n".join(compare(_project(bare=True), factbase, a, b)))


@main.command()
@click.argument("factbase", required=False, type=click.Path(path_type=Path))
@click.option("--audience", "-a", default=None,
              help="Audience profile name. Default: the first profile, by name.")
@click.option("--port", type=click.IntRange(0, 65535), default=None,
              help="Port on 127.0.0.1 (0: any free port). Default: 8765.")
def preview(factbase, audience, port) -> None:
    """Show one brief's pages as its PDF prints them, at http://127.0.0.1:PORT/,
    rebuilt whenever the fact base, its profile, the configuration or a template is saved."""
    from .preview import DEFAULT_PORT, Preview, choose, run, serve

    project = _project()
    session = Preview(project, *choose(project, factbase, audience))
    try:
        server = serve(session, DEFAULT_PORT if port is None else port)
    except OSError as exc:
        click.echo(f"briefgen preview: cannot listen on 127.0.0.1:{port or DEFAULT_PORT} ({exc.strerror}); "
                   "pass --port N, or --port 0 for any free port", err=True)
        sys.exit(EXIT_BAD_INPUT)

    def show(snapshot) -> None:
        for line in snapshot.problems:
            click.echo(line, err=True)
        if not snapshot.problems:
            click.echo(f"{snapshot.built_at} {session.name}: {len(snapshot.pages)} page(s) "
                       f"in {snapshot.seconds:.2f} s")

    def ready() -> None:
        click.echo(f"briefgen preview: http://127.0.0.1:{server.server_address[1]}/ "
                   f"({session.name}; Ctrl-C to stop)")
        sys.stdout.flush()

    run(session, server, show, ready)
    sys.exit(EXIT_OK)


@main.command()
@click.argument("draft", type=click.Path(path_type=Path))
@click.argument("factbase", required=False, type=click.Path(path_type=Path))
@click.option("--apply", is_flag=True, help="Write the reworded statements into the fact base.")
@click.option("--all", "every", is_flag=True, help="List the unchanged statements too.")
def absorb(draft, factbase, apply, every) -> None:
    """Bring an edited Word draft's changes back to its fact base.

    Reports each statement of DRAFT (unchanged, reworded, numbers/dates/names
    changed, deleted, commented) and any text typed outside them, with the
    fact base line. Without --apply nothing is written and the fact base's
    diff is printed: exit 1 if there is something to apply or to decide, 0 if
    the draft matches. With --apply the reworded values are written, keeping
    everything else of the YAML file as it was: exit 0, or 1 if conflicts,
    flagged changes or comments are left for a person."""
    from .absorb import absorb as run_absorb

    result = run_absorb(_project(), draft, factbase, apply)
    for line in result.lines(every):
        click.echo(line)
    if result.diff:
        if apply:
            click.echo(f"applied to {result.factbase}:")
        click.echo(result.diff, nl=False)
    sys.exit(result.exit_code())


@main.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--organisation", help="The organisation's name, for the masthead and footer. "
              "Default: the folder's name.")
@click.option("--author", "authors", multiple=True, help="An author for the byline (repeatable).")
def new(directory, organisation, authors) -> None:
    """Start a project in DIRECTORY: briefgen.toml, an example fact base that
    builds, the JSON Schemas an editor validates the YAML with, and a .gitignore."""
    from .scaffold import default_organisation_note, scaffold

    written = scaffold(directory, organisation, list(authors))
    for path in written:
        click.echo(f"wrote {path}")
    if not organisation:
        click.echo(default_organisation_note(directory))
    click.echo(f"next: cd {directory} && briefgen build")


@main.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
def schema(directory) -> None:
    """Write the JSON Schemas of a fact base and an audience profile to DIRECTORY,
    for editors that validate and complete YAML as you type."""
    from .schema import write_schemas

    for path in write_schemas(directory):
        click.echo(f"wrote {path}")
