"""Run independent jobs in worker processes, each within its own limits, reporting each as it finishes.

Processes, not threads: layout in WeasyPrint is pure Python and holds the GIL.
Each job is one task of a pebble ProcessPool, which (unlike the standard
ProcessPoolExecutor, where one dead worker marks the whole pool broken and
fails every pending job) replaces a dead worker and fails only the job it was
running. That is what makes the limits safe to enforce:

- time: a job running past ``Limits.seconds`` (a template stuck in a loop, or
  WeasyPrint laying out a pathological document, which has no limit of its
  own) has its worker stopped;
- memory: every worker runs under RLIMIT_AS, so a job that asks for more gets
  a MemoryError (or, failing inside C code, dies) instead of taking the
  machine's memory from everything else.

Either way that one job fails with one line and the others finish. Workers are
never forked from the build itself, so that no thread of the parent, such as a
progress bar's, is copied into them half-way through something. Given modules
to ``preload``, they are forked from a clean server process that imported
those once ('forkserver'): a new worker, and so every build with -j 2, then
starts with WeasyPrint imported rather than paying about half a second of CPU
to import it again in each worker. Without, they are spawned. Each runs
``initializer`` once, so what is left to import is paid once per worker, not per job.

The workers outlive their build, for the next build of the same process (a
preview's rebuild, a library's second call): a worker's first brief pays for
WeasyPrint's first layout (fonts, cffi's types, codecs), about 0.4 s of CPU.
They are kept only while nothing can tell them from new ones: the next build
must start them the same way (fork server, memory limit, initializer; for
spawned workers, the environment they copied), and every job of the last build
must have come back healthy. A job that was lost (its worker died or ran out
of time) or failed in any way, or a build stopped midway, closes the pool as
before, so a failure or a memory limit never carries into the next build.
"""
from __future__ import annotations

import atexit
import ctypes
import gc
import multiprocessing
import os
import resource
import signal
import sys
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import CancelledError, TimeoutError
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from . import poolexit, poolwatch
from .workers import start_fork_server

if TYPE_CHECKING:
    from pebble import ProcessExpired, ProcessPool

T = TypeVar("T")
R = TypeVar("R")


@dataclass(frozen=True)
class Limits:
    """What one job may cost. The seed's largest job (the analyst PDF) takes
    about 3 s alone and peaks at about 320 MB of address space."""

    seconds: float = 300
    memory_mb: int = 2048  # address space (RLIMIT_AS), which bounds what the worker can allocate


def default_workers() -> int:
    return os.cpu_count() or 1


_PR_SET_PDEATHSIG = 1  # linux/prctl.h

# Why this worker's initializer failed, if it did: each job it is given then fails with it.
_startup_error: str | None = None


def _start_worker(parent: int | None, memory_mb: int | None, initializer: Callable[..., None] | None,
                  initargs: tuple) -> None:
    """Tie the worker's life to the build's: if the build is killed (SIGKILL
    cannot be caught, so nothing in the parent can stop its workers), the
    kernel kills the worker too, instead of leaving it rendering for no one.
    Then cap its address space, after the interpreter is up but before the
    heavy imports, which count towards it as the jobs do."""
    # A forked worker's parent is the fork server, which exits when the build does
    # (its pipe from the build closes): the kernel then kills the worker as well.
    parent = parent if parent is not None else os.getppid()
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        pass  # not Linux: workers then finish their current job and exit with the pool
    if os.getppid() != parent or parent == 1:  # the parent died before prctl took effect
        os._exit(1)
    if memory_mb:
        limit = memory_mb * 1024 * 1024
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    if initializer:
        global _startup_error
        try:
            initializer(*initargs)
        except Exception as exc:  # noqa: BLE001 - any failure: the jobs report it, one line each
            # pebble starts a worker whose initializer raised again, and again, forever: the
            # build would hang. The worker stays up instead and fails every job it is given.
            _startup_error = f"{type(exc).__name__}: {(str(exc).splitlines() or [''])[0]}"
    # What the worker has loaded by now (inherited from the fork server, or imported) lives as
    # long as it does: frozen, a full collection during a job does not scan it again (about a
    # third of a layout's collector time) nor, by touching it, copy the fork server's pages.
    # The collector is on again (the fork server runs without: nogc.py), collecting the young
    # less often: a layout makes hundreds of thousands of objects that live as long as the job
    # (boxes, styles), and at Python's default (700) the collector ran 515 times over the ten
    # EU-Japan files, 0.26-0.5 s of their 3.6 s; at 50,000 it runs 5 times, 0.07-0.14 s, and
    # the process peaks 12 MB higher (155 MB).
    gc.freeze()
    gc.set_threshold(50_000, 20, 20)
    gc.enable()


def _run_in_worker(run: Callable[[T], R], task: T, folder: str) -> R:
    if _startup_error is not None:
        raise RuntimeError(f"it could not start: {_startup_error}")
    try:
        here = os.getcwd()
    except OSError:  # the folder it was in is gone
        here = None
    if here != folder:  # kept from an earlier build: in the folder of this one, as a new worker starts
        os.chdir(folder)
    return run(task)


def _died(exc: ProcessExpired, limits: Limits) -> str:
    """Why a worker died, in words: a signal by name, or its exit code."""
    code = exc.exitcode
    if code is not None and code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        hint = (f" (out of memory? one job may use {limits.memory_mb:,} MB)" if -code == signal.SIGKILL
                else "")
        return f"its worker process was killed by {name}{hint}"
    return f"its worker process exited with code {code}"


def execute(tasks: Sequence[T], run: Callable[[T], R], workers: int,
            done: Callable[[R], None], lost: Callable[[T, str], R],
            initializer: Callable[..., None] | None = None, initargs: tuple = (),
            limits: Limits | None = None, preload: Sequence[str] = (),
            healthy: Callable[[R], bool] = lambda result: True) -> list[R]:
    """``run`` every task in a worker process, ``workers`` at a time; results in task order.

    ``run`` is expected to turn its own failures into results. ``lost(task,
    cause)`` makes the result of a task that did not finish (its worker died,
    or it ran out of time), with a one-line cause; the other tasks still run.
    ``done`` is called with each result as it comes. The workers are kept for
    the next call only if no task was lost and ``healthy`` holds for every result.
    """
    from pebble import ProcessExpired

    limits = limits or Limits()
    results: list[R | None] = [None] * len(tasks)
    if not tasks:
        return []
    needed = max(1, min(workers, len(tasks)))
    context = start_fork_server(preload) if preload else multiprocessing.get_context("spawn")
    initargs = (None if preload else os.getpid(), limits.memory_mb, initializer, initargs)
    key = _pool_key(preload, initargs)
    # a kept pool serves if its workers are made alike, all can be busy, and no more than asked for
    # can be (a build of one job runs one at a time on any pool); one too small for this build gives
    # way to one of all the workers asked for (a forked worker that gets no job costs little), lest
    # the next build of fewer jobs replace it again
    kept, too_small = _take_kept(key, needed, lambda size: min(size, len(tasks)) <= max(workers, 1))
    size = kept.size if kept else (max(workers, 1) if too_small and preload else needed)
    pool = kept.pool if kept else _new_pool(size, initargs, context)
    clean = True
    try:
        folder = os.getcwd()  # where multiprocessing starts a worker, and a kept one goes (paths in messages)
        pending = {pool.schedule(_run_in_worker, args=(run, task, folder), timeout=limits.seconds): i
                   for i, task in enumerate(tasks)}
        broke = None  # why the pool broke, if it did: the jobs still queued on it fail with that
        for future, broken in poolwatch.as_completed_or_lost(pending, pool):
            i = pending[future]
            finished = False
            try:
                if broken:
                    raise broke or BrokenProcessPool("it stopped")
                results[i] = future.result()
                finished = True
            except TimeoutError:
                results[i] = lost(tasks[i], f"stopped after {limits.seconds:g} s, the time limit of one job")
            except ProcessExpired as exc:
                results[i] = lost(tasks[i], _died(exc, limits))
            except CancelledError:
                results[i] = lost(tasks[i], "cancelled")
            except BrokenProcessPool as exc:
                broke = broke or exc
                results[i] = lost(tasks[i], poolwatch.why_broken(exc))
            except Exception as exc:  # noqa: BLE001 - e.g. a result that could not be sent back
                first = (str(exc).splitlines() or [""])[0]
                results[i] = lost(tasks[i], f"worker process failed: {type(exc).__name__}: {first}")
            clean = clean and finished and healthy(results[i])
            done(results[i])
    except BaseException:
        # Ctrl-C: stop the workers and drop the queued jobs rather than run them all before exiting
        pool.stop()
        pool.join()
        raise
    if clean:
        _keep(_Kept(key, size, pool))
    else:
        _close(pool)
    return results


# ------------------------------------------------------------ workers kept between builds

@dataclass(frozen=True)
class _Kept:
    key: tuple  # how its workers were made (_pool_key)
    size: int
    pool: ProcessPool


_kept: _Kept | None = None  # the last healthy build's pool, idle
_kept_lock = threading.Lock()  # a build takes the kept pool for itself (preview rebuilds from a thread)


def _pool_key(preload: Sequence[str], initargs: tuple) -> tuple:
    """What makes a worker: forked from this fork server with these imports, or spawned by this
    process with its environment of now; the import path it is given; the memory limit and the
    initializer. (The working folder it is given too, a kept worker takes with each job.)"""
    if preload:
        from multiprocessing import forkserver

        origin = ("forkserver", tuple(preload), forkserver._forkserver._forkserver_pid)
    else:
        origin = ("spawn", os.getpid(), tuple(sorted(os.environ.items())))
    return (*origin, tuple(sys.path), initargs)


def _take_kept(key: tuple, least: int, fits: Callable[[int], bool]) -> tuple[_Kept | None, bool]:
    """The kept pool, taken, if its workers are made as ``key`` says, number at least ``least``
    and ``fits`` their number; otherwise it is closed, and None is returned with whether it was
    too small."""
    global _kept
    with _kept_lock:
        kept, _kept = _kept, None
    if kept is None:
        return None, False
    if kept.key == key and least <= kept.size and fits(kept.size) and kept.pool.active:
        return kept, False
    _close(kept.pool)
    return None, kept.key == key and kept.size < least


def _new_pool(workers: int, initargs: tuple, context) -> ProcessPool:
    import pebble
    from pebble import ProcessPool

    # pebble's pool threads wake every sleep_unit to see whether the pool is closing, and closing
    # it joins them: at 0.1 s (pebble's default), every build's end, where the command closes
    # the pool it kept, waited 0.07-0.09 s for them, with -j 1 as with -j 2. At 0.02 s it waits
    # 0.002-0.012 s; an idle kept pool (a preview's) takes 15 ms of CPU a second instead of 6.5.
    if hasattr(pebble, "CONSTS"):  # a pebble without it polls at its own pace
        pebble.CONSTS.sleep_unit = 0.02
    pool = ProcessPool(max_workers=workers, initializer=_start_worker, initargs=initargs, context=context)
    poolwatch.watch(pool)  # a job whose worker dies at its first step fails at once, not at its time limit
    poolexit.stop_all_at_exit()  # pebble is imported: its own exit handler runs after this one
    return pool


def _keep(kept: _Kept) -> None:
    global _kept
    with _kept_lock:
        other, _kept = _kept, kept
    if other is not None:  # another build's, kept meanwhile
        _close(other.pool)


def _close(pool) -> None:
    pool.close()
    pool.join()


def close_kept_workers() -> None:
    """Let the kept workers exit (at the interpreter's exit, or before their fork server is stopped)."""
    global _kept
    with _kept_lock:
        kept, _kept = _kept, None
    if kept is not None:
        _close(kept.pool)


atexit.register(close_kept_workers)
