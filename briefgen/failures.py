"""How a command ends: each problem one line on stderr, and its exit code (2 bad input, 3 a bug
in briefgen); a reader gone from stdout (``| head -2``) ends it quietly."""
from __future__ import annotations

import os
import select
import sys

import click

from .errors import EXIT_BAD_INPUT, EXIT_CRASH, EXIT_INTERRUPTED, EXIT_WARNINGS, BriefgenError


def refuse(exc: BriefgenError) -> None:
    """Bad input: each problem on its line, exit 2."""
    for problem in exc.problems:
        click.echo(str(problem), err=True)
    flush_or_drop()
    sys.exit(EXIT_BAD_INPUT)


def flush_or_drop() -> None:
    """Flush stdout; where its reader has gone (``| head -2``), send what it still buffers to /dev/null,
    as rich's Console.on_broken_pipe and Python's signal docs do (else the interpreter's exit fails on it)."""
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def reader_gone() -> bool:
    """Whether stdout is a pipe nobody reads any more (poll: an error on its write end): a broken pipe
    to a worker or the fork server is briefgen's own failure, not the reader's going away."""
    try:
        poll = select.poll()
        poll.register(sys.stdout.fileno(), select.POLLOUT)
        return any(events & select.POLLERR for _, events in poll.poll(0))
    except (OSError, ValueError):
        return False


class Main(click.Group):
    """Every failure is one line on stderr: bad input exits 2, a bug in briefgen exits 3."""

    def invoke(self, ctx):
        try:
            result = super().invoke(ctx)
            sys.stdout.flush()  # a reader gone is found here, not at the interpreter's exit
            return result
        except BriefgenError as exc:
            refuse(exc)
        except KeyboardInterrupt:
            # what finished is kept (outputs are written whole, the manifest after each job)
            click.echo("briefgen: interrupted", err=True)
            sys.exit(EXIT_INTERRUPTED)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except BrokenPipeError as exc:
            if not reader_gone():
                crash(exc)
            # every command's reader gone: exit 1 quietly, as the build's table does
            flush_or_drop()
            sys.exit(EXIT_WARNINGS)
        except Exception as exc:
            crash(exc)


def crash(exc: Exception) -> None:
    """A bug in briefgen: one line, exit 3 (the traceback with BRIEFGEN_DEBUG=1)."""
    if os.environ.get("BRIEFGEN_DEBUG"):
        raise exc
    first = (str(exc).splitlines() or [""])[0]
    click.echo(f"briefgen: internal error: {type(exc).__name__}: {first} "
               "(set BRIEFGEN_DEBUG=1 to see the traceback)", err=True)
    sys.exit(EXIT_CRASH)
