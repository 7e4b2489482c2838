"""The `briefgen` command's entry point: a build of every job starts its workers' fork server first, then the CLI runs.

A build waits for the fork server (workers.start_fork_server) to import WeasyPrint and the
writers, about half a second of CPU, before its first job can start; the build process
meanwhile parses and validates the inputs. Started from the build command itself, the
server began only after the command line's own imports (click, the project, the build:
about 0.1 s of CPU) - 0.1 s every build waited for, with -j 1 as with -j 2. Started here,
before any of them, it loads while they do. Only a build with --force is known from the
command line alone to run jobs (cli.build starts the server for it too; this is earlier);
a command line that only looks like one (a typo click then refuses) costs an idle server,
which exits with the command.
"""
from __future__ import annotations

import sys


def runs_every_job(args: list[str]) -> bool:
    """Whether ``args`` (the command line after the program's name) ask for a local build
    with --force: ``[--project DIR] build ... --force ...``, without --scheduler or help."""
    at = 0
    while at < len(args) and args[at].startswith("--project"):
        at += 1 if "=" in args[at] else 2  # --project=DIR or --project DIR
    rest = args[at + 1:]
    return (args[at:at + 1] == ["build"] and "--force" in rest
            and not any(arg.startswith("--scheduler") or arg in ("-h", "--help") for arg in rest))


def local_build(args: list[str]) -> bool:
    """Whether ``args`` ask for a build run here (not on a Dask cluster: --scheduler)."""
    at = 0
    while at < len(args) and args[at].startswith("--project"):
        at += 1 if "=" in args[at] else 2
    return args[at:at + 1] == ["build"] and not any(arg.startswith("--scheduler") for arg in args[at + 1:])


def main() -> None:
    args = sys.argv[1:]
    if runs_every_job(args):
        from .workers import start_workers

        start_workers()
    from .cli import main as cli

    if not local_build(args):
        cli()
        return
    try:
        cli()
    except SystemExit as end:
        if end.code is None or isinstance(end.code, int):
            from .poolexit import exit_now

            exit_now(end.code or 0)  # returns only where its output cannot be flushed
        raise
