"""The end of a process that built: its workers and their fork server told to stop at once, no teardown.

pebble stopped its workers in turn at the interpreter's exit, each SIGTERM followed by a wait
for that worker's death, in which the kernel frees its memory (about 150 MB, 10-20 ms): with
-j 2 the command's exit waited for two deaths in a row. The fork server exited only once the
command had (when its pipe from the command closed). A program reading the command's output
sees its end only when every process holding it has exited, so it waited for each of these
in turn. Here the workers and the server are told at once and die side by side while the
command finishes its own exit; pebble's handler and the kept pool's closing (jobs.py) then
find them gone or going, as before. A local build's command ends with exit_now: its output flushed,
multiprocessing's finalizers run, then os._exit, neither waiting for the deaths nor tearing down
the modules the build loaded (entry.py).

It reaches into pebble 5, as poolwatch.py does: its module's GLOBAL_SHUTDOWN, which pebble's
own handler sets first so that no pool thread replaces a worker it finds dead, and its
workers' process name.
"""
from __future__ import annotations

import atexit
import multiprocessing
import os
import signal
import sys

_registered = False


def stop_all_at_exit() -> None:
    """Register stop_all to run at exit, once pebble is imported (jobs._new_pool): atexit runs the
    last registered first, so it runs before pebble's own handler, registered at pebble's import."""
    global _registered
    if not _registered:
        atexit.register(stop_all)
        _registered = True


def stop_all() -> None:
    """Tell pebble's pool threads the interpreter is shutting down, every worker to stop and the
    fork server to exit, without waiting for any of them. A pool thread already replacing a dead
    worker meets a server that is gone: its pool breaks, which pebble handles in the thread, quietly."""
    try:
        import pebble.pool.process as pebble_pool
    except ImportError:
        return
    pebble_pool.GLOBAL_SHUTDOWN = True
    for process in multiprocessing.active_children():
        if process.name == getattr(pebble_pool, "WORKERS_NAME", "pebble_pool_worker"):
            process.terminate()
    from multiprocessing import forkserver

    server = forkserver._forkserver._forkserver_pid
    if server is not None:
        try:
            os.kill(server, signal.SIGTERM)  # left at its default there: the server exits at once
        except OSError:
            pass  # already gone


def exit_now(code: int) -> None:
    """End the process of a local build that is over (entry.py), its output flushed: workers and
    fork server told to stop (stop_all), multiprocessing's finalizers run as at any exit (the pool's
    semaphores let go, so its resource tracker has nothing to warn of), then os._exit.

    Left to the interpreter, the exit waited for every worker's death (pebble's handler, then
    multiprocessing's, join them) and tore down the modules the build had loaded, 0.03-0.05 s in
    which nothing was left to do: the files and the manifest are written and closed, the table
    printed. A stream that cannot be flushed (a reader gone) leaves the exit to the interpreter, as before."""
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        return
    stop_all()
    from multiprocessing import util

    util._run_finalizers(0)  # as multiprocessing's own exit function runs them, without its joins
    util._run_finalizers()
    os._exit(code)
