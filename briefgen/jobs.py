"""Run independent jobs over the machine's cores, reporting each as it finishes.

Processes, not threads: layout in WeasyPrint is pure Python and holds the GIL.
Workers are spawned (not forked) so that no thread of the parent, such as a
progress bar's, is copied into them half-way through something; each worker
runs ``initializer`` once, so heavy imports are paid once per core, not per job.
The function run is the same one the serial path calls, in the same way.
"""
from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from typing import Callable, Sequence, TypeVar

T = TypeVar("T")
R = TypeVar("R")


def default_workers() -> int:
    return os.cpu_count() or 1


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
    pool = ProcessPoolExecutor(workers, mp_context=context, initializer=initializer, initargs=initargs)
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
