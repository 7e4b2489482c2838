"""Run independent jobs over the machine's cores, reporting each as it finishes.

Processes, not threads: layout in WeasyPrint is pure Python and holds the GIL.
Workers are spawned (not forked) so that no thread of the parent, such as a
progress bar's, is copied into them half-way through something; each worker
runs ``initializer`` once, so heavy imports are paid once per core, not per job.
The function run is the same one the serial path calls, in the same way.
"""
from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from typing import Callable, Sequence, TypeVar

T = TypeVar("T")
R = TypeVar("R")


def default_workers() -> int:
    return os.cpu_count() or 1


_PR_SET_PDEATHSIG = 1  # linux/prctl.h


def _start_worker(parent: int, initializer: Callable[..., None] | None, initargs: tuple) -> None:
    """Tie the worker's life to the build's: if the build is killed (SIGKILL
    cannot be caught, so nothing in the parent can stop its workers), the
    kernel kills the worker too, instead of leaving it rendering for no one."""
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        pass  # not Linux: workers then finish their current job and exit with the pool
    if os.getppid() != parent:  # the build died before prctl took effect
        os._exit(1)
    if initializer:
        initializer(*initargs)


def execute(tasks: Sequence[T], run: Callable[[T], R], workers: int,
            done: Callable[[R], None], lost: Callable[[T, BaseException], R],
            initializer: Callable[..., None] | None = None, initargs: tuple = ()) -> list[R]:
    """``run`` every task, in parallel when ``workers`` > 1; results in task order.

    ``run`` is expected to turn its own failures into results. ``lost`` makes a
    result for a task whose worker died (killed, out of memory) so one such
    job is reported as failed and the others still run.
    """
    workers = max(1, min(workers, len(tasks)))
    results: list[R | None] = [None] * len(tasks)
    if workers == 1:
        if initializer:
            initializer(*initargs)
        for i, task in enumerate(tasks):
            results[i] = run(task)
            done(results[i])
        return results
    context = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(workers, mp_context=context, initializer=_start_worker,
                               initargs=(os.getpid(), initializer, initargs))
    try:
        pending = {pool.submit(run, task): i for i, task in enumerate(tasks)}
        while pending:
            finished, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in finished:
                i = pending.pop(future)
                exc = future.exception()
                results[i] = lost(tasks[i], exc) if exc else future.result()
                done(results[i])
    except BaseException:
        # Ctrl-C: drop the queued jobs rather than run them all before exiting
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown()
    return results
