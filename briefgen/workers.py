"""The fork server build workers are forked from: what it imports, starting it, and no build in a starting worker.

Kept apart from jobs.py, build.py and task.py, which import the pool and the pipeline, so
that the command line can start the server before any of those (entry.py): multiprocessing
is all it takes.
"""
from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Sequence
from contextlib import contextmanager

# What the fork server imports once for every worker it forks (jobs.py): the job
# function's module and both writers, WeasyPrint's import being the costly one.
# WeasyPrint first, the quick way (render/weasy.py), before any module could import it the slow way;
# last, a page laid out once, so that no worker pays for WeasyPrint's first layout (render/warmup.py).
PRELOAD = ("briefgen.render.weasy", "briefgen.task", "briefgen.pipeline", "briefgen.select", "briefgen.markings",
           "briefgen.review", "briefgen.render.html", "briefgen.render.pdf", "briefgen.render.word", "briefgen.figure",
           "briefgen.render.warmup")


def start_workers() -> None:
    """Start the process the workers will be forked from, which imports WeasyPrint
    and the writers (workers.start_fork_server), so that it loads while this one
    carries on. A build calls it once it knows it has jobs to run; the command
    line, from its first moment for a build that runs every job (--force: entry.py)."""
    start_fork_server(PRELOAD)


def start_fork_server(preload: Sequence[str]):
    """Start the fork server the workers will come from, importing ``preload``, and
    return its context. It loads in its own process: a build calls this before it
    parses its inputs, so the two overlap. Once per build process (later builds in
    the same process, the tests', reuse the server with what it loaded then)."""
    from multiprocessing import forkserver

    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["briefgen.nogc", "briefgen.serverexit", "briefgen.lateworker", *preload])
    with _this_import_path():
        forkserver.ensure_running()
    return context


@contextmanager
def _this_import_path():
    """Start the server with this process's import path, not the current folder first. The server is
    'python -c', which puts the working folder at the head of sys.path, and Python 3.11's server drops
    the sys_path it is handed: so briefgen built in a clone of its repository, installed there with
    pip, preloaded the clone's own briefgen folder (no generated defaults/templates), and every job
    failed. PYTHONSAFEPATH leaves the working folder out; PYTHONPATH gives this process's path
    in its order. The workers inherit the two variables: they then hold the import path they run with."""
    saved = {name: os.environ.get(name) for name in ("PYTHONSAFEPATH", "PYTHONPATH")}
    os.environ["PYTHONSAFEPATH"] = "1"
    os.environ["PYTHONPATH"] = os.pathsep.join(entry or os.getcwd() for entry in sys.path)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def refuse_in_a_starting_worker() -> None:
    """Refuse to build inside a worker process that is starting: a new worker runs the main script
    again (spawned and forked from the fork server alike), so a script that builds without an
    ``if __name__ == "__main__":`` guard would start a build in every worker (the standard
    library refuses to start processes there, with the same advice)."""
    if getattr(multiprocessing.current_process(), "_inheriting", False):
        raise RuntimeError("briefgen's worker processes run the main script again as they start: "
                           "call briefgen under 'if __name__ == \"__main__\":' in a script that builds")
