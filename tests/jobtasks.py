"""The functions the worker processes of tests/test_jobs.py run.

A worker imports the module of the function it is given by name (spawned and forked alike:
the fork server has not imported the tests), so these live apart from the test module, whose
imports (pytest, conftest and through it briefgen's whole pipeline) would cost each worker
about half a second of CPU: the standard library only, and briefgen.jobs when asked to.
"""
from __future__ import annotations

import gc
import os
import resource
import signal
import sys
import time
from pathlib import Path


def work(task: int) -> str:
    """Task 2 misbehaves as the test's environment variable says; the others take a moment."""
    if task == 2:
        how = os.environ.get("BRIEFGEN_TEST_MISBEHAVE")
        if how == "kill":
            os.kill(os.getpid(), signal.SIGKILL)
        elif how == "hang":
            time.sleep(3600)
        elif how == "hog":
            try:
                hoard = bytearray(4 * 1024 ** 3)  # over the worker's RLIMIT_AS
            except MemoryError:
                return "refused: MemoryError"
            return f"allocated {len(hoard)}"
    time.sleep(0.1)  # long enough for the other worker's task to run alongside: a sleep, which needs no CPU
    return f"ok {task}"


def rlimit_as(task: int) -> int:
    return resource.getrlimit(resource.RLIMIT_AS)[0]


def broken_start() -> None:
    raise ImportError("cannot import name 'docx' from 'briefgen.render'")


def in_a_process_of_its_own(preload: tuple[str, ...]) -> None:
    """Prints what a run of workers whose start-up fails gives each of its three jobs."""
    from briefgen.jobs import execute

    results = execute([1, 2, 3], rlimit_as, 2, lambda r: None, lambda t, cause: f"lost {t}: {cause}",
                      initializer=broken_start, preload=preload)
    print("\n".join(results))


def limit_and_frozen(task: int) -> tuple[int, bool, bool, tuple[int, int, int], str]:
    return (resource.getrlimit(resource.RLIMIT_AS)[0], gc.get_freeze_count() > 0, gc.isenabled(), gc.get_threshold(),
            sys.excepthook.__module__)


def pid_once_both_run(folder: str) -> int:
    """This worker's pid, once the run's other worker has taken a task too (so both serve it);
    a task of a folder ending in 'dies' kills its worker once it has."""
    Path(folder, str(os.getpid())).touch()
    if folder.endswith("dies"):
        os.kill(os.getpid(), signal.SIGKILL)
    deadline = time.monotonic() + 60  # a hang guard, not a timing
    while len(os.listdir(folder)) < 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    return os.getpid()


def folder(task: int) -> str:
    return os.getcwd()


def _cannot_be_rebuilt():
    raise TypeError("cannot rebuild this in the parent")


class Unrebuildable:
    """Pickled by the worker, but unpickling it in the build fails."""

    def __reduce__(self):
        return (_cannot_be_rebuilt, ())


def unrebuildable_result_at_1(task: int):
    return Unrebuildable() if task == 1 else f"ok {task}"


def pid(task: int) -> int:
    return os.getpid()


def stop_all_at_once() -> None:
    """Runs two forked workers, then what a process's exit runs first (poolexit.stop_all): prints the
    workers' and the fork server's pids, then, still running, each time one of them is gone."""
    from multiprocessing import forkserver

    from briefgen.jobs import execute

    execute([1, 2], pid, 2, lambda r: None, lambda t, cause: f"lost {t}: {cause}", preload=("jobtasks",))
    server = forkserver._forkserver._forkserver_pid
    # the kept pool's workers, as the server forked them (one may have run both tasks)
    workers = {int(child) for child in Path(f"/proc/{server}/task/{server}/children").read_text().split()}
    print(len(workers), "workers", flush=True)
    from briefgen.poolexit import stop_all

    stop_all()
    left = {*workers, server}
    deadline = time.monotonic() + 60
    while left and time.monotonic() < deadline:
        for child in list(left):
            try:
                state = Path(f"/proc/{child}/stat").read_text().rsplit(")", 1)[1].split()[0]
            except OSError:
                state = "gone"
            if state in ("Z", "X", "gone"):  # exited (a zombie until its parent reaps it)
                left.discard(child)
                print("gone", child, flush=True)
        time.sleep(0.02)
    print("left", sorted(left), flush=True)
