"""A job whose worker dies just after taking it fails at once, with its worker's death, in pebble's pool.

pebble learns which worker runs a task from the worker's acknowledgement, read by one of the
pool's threads, and that a worker died from another, which polls the workers. When a worker
dies after sending its acknowledgement but before the first thread has read it (a job that
crashes or is killed at its first step), the second thread finds no task of that worker and
forgets the death (noxdafox/pebble#153). Then either:

- the acknowledgement is read, and the job waits on a worker that is gone until its time limit:
  "stopped after 300 s", five minutes late and for the wrong reason; or
- no other job was running at that moment, and pebble takes it for every worker dying at
  start-up: the pool is broken and every job of the build fails ("All workers expired").

Here the thread polling the workers only records a death, and the thread reading the
workers' messages settles it, once it has read everything the dead worker sent: after it has
found the pipe empty twice since the death was recorded (the first time may have been looked
at just before). By then each job the worker finished has its result and each job it took is
known to be its, so the one left is the one it died holding, and it fails with the death.
Reading one thread's messages in order also settles which job a worker held when results
and acknowledgements of earlier jobs were still unread (pebble failed the first job it found
of that worker). A death that leaves no job of its own while none runs is pebble's rule for
workers that die before taking any (they cannot start): the pool is broken, as pebble says.

It reaches into pebble 5's ProcessPool (pyproject.toml keeps pebble below 6); where those
internals are not there, ``watch`` leaves the pool as it is. tests/test_jobs.py reads every
acknowledgement late, so that the death always comes first.
"""
from __future__ import annotations

from collections.abc import Callable
from concurrent.futures.process import BrokenProcessPool

ALL_EXPIRED = "All workers expired"  # pebble's words for a pool whose workers die before taking a job
_READ_SINCE = 2  # empty pipes seen since a death was recorded, before it is settled


def watch(pool) -> bool:
    """Close the gap in this pool, before it starts; False, and the pool unchanged, if it is not pebble 5's."""
    try:
        from pebble import ProcessExpired
        from pebble.common import Result, ResultStatus
        from pebble.pool.process import NoMessage, dictionary_values
    except ImportError:
        return False
    manager = getattr(pool, "_pool_manager", None)
    needs = {"task_manager": ("tasks", "task_done"), "worker_manager": ("inspect_workers", "create_workers", "receive")}
    if manager is None or not hasattr(manager, "update_workers") or not all(
            hasattr(getattr(manager, part, None), name) for part, names in needs.items() for name in names):
        return False
    deaths = _Deaths(manager, NoMessage, dictionary_values,
                     lambda pid, code: Result(ResultStatus.ERROR, ProcessExpired("Abnormal termination", code, pid)))
    manager.update_workers = deaths.record  # the thread polling the workers
    manager.worker_manager.receive = deaths.receive  # the thread reading their messages
    return True


class _Deaths:
    def __init__(self, manager, nothing: type, snapshot: Callable, died: Callable) -> None:
        self._tasks = manager.task_manager
        self._workers = manager.worker_manager
        self._receive = self._workers.receive  # pebble's own
        self._nothing = nothing  # what it reads when the pipe is empty
        self._snapshot = lambda: snapshot(self._tasks.tasks)  # pebble's copy, retried while another thread changes it
        self._died = died  # the result of a job whose worker died (pid, exit code), as pebble makes it
        self._empty = 0  # how many times the reading thread has found the pipe empty
        self._dead: list[tuple[int, int, int]] = []  # (pid, exit code, self._empty when it was found dead)

    def record(self) -> None:
        """pebble's PoolManager.update_workers, the deaths left to the reading thread."""
        for pid, exitcode in self._workers.inspect_workers():
            self._dead.append((pid, exitcode, self._empty))
        self._workers.create_workers()

    def receive(self, timeout: float):
        message = self._receive(timeout)
        if isinstance(message, self._nothing):  # all sent so far has been read
            self._empty += 1
            for death in tuple(self._dead):
                if self._empty - death[2] >= _READ_SINCE:
                    self._dead.remove(death)
                    self._settle(*death[:2])
        return message

    def _settle(self, pid: int, exitcode: int) -> None:
        tasks = self._snapshot()
        held = [task for task in tasks if task.worker_id == pid]
        for task in held:
            self._tasks.task_done(task.id, self._died(pid, exitcode))
        if not held and not any(task.worker_id != 0 for task in tasks):
            raise BrokenProcessPool(ALL_EXPIRED)  # pebble's reading thread marks the pool broken


def as_completed_or_lost(futures, pool, poll: float = 0.5):
    """Each future as it completes, as concurrent.futures.as_completed yields them; then, if the pool
    broke, the rest, which will never complete (as the second of a pair ``(future, broken)``).

    pebble fails the jobs a broken pool had handed to its workers, but a job still queued stays
    pending for ever: its sending thread is blocked on a pipe no worker reads. A pool breaks when
    its workers die before taking a job (pebble's "All workers expired"), as when a script that
    builds without an ``if __name__ == "__main__":`` guard runs again in each new worker."""
    from concurrent.futures import FIRST_COMPLETED, wait

    remaining = set(futures)
    while remaining:
        finished, remaining = wait(remaining, timeout=poll, return_when=FIRST_COMPLETED)
        for future in finished:
            yield future, False
        if not finished and not pool.active:
            for future in remaining:
                yield future, not future.done()  # one may have finished meanwhile
            return


def why_broken(exc: BrokenProcessPool) -> str:
    """A broken pool's cause, in words, for each job it fails."""
    if exc.args == (ALL_EXPIRED,):
        return "its worker processes exit before taking a job (see their error above)"
    cause = f": {exc.__cause__}" if exc.__cause__ else ""
    return f"the worker pool broke: {(str(exc).splitlines() or [''])[0]}{cause}"
