"""Run a build's jobs on a Dask distributed cluster: ``briefgen build --scheduler tcp://HOST:PORT``.

The cluster runs the very function a local build runs in its worker processes
(``task.run_job``); each job returns its output's bytes, and this process, the
client, writes them, atomically and under the build's lock, as a local build
does. The workers need no access to the output folder, and the files are the
bytes a local build writes, provided the workers run the same briefgen (each
job checks, and fails with a line saying so otherwise) and have the same fonts.

The jobs carry the parsed fact base and profile; the templates are read on the
worker from the project's templates folder, so the workers must see it at the
path this machine does (the same checkout, or a shared file system).

Dask is optional (``pip install 'briefgen[dask]'``): nothing here is imported
by a local build.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

CONNECT_SECONDS = 10  # how long to try to reach the scheduler, unless the user's Dask configuration says


class ClusterError(Exception):
    """The cluster cannot be used at all (Dask missing, scheduler unreachable): one line."""


def _checked(run: Callable[[T], R], code: str, task: T) -> R:
    """``run(task)`` on a worker, after checking that it runs the client's briefgen:
    another version could write other bytes under the same name."""
    from .software import briefgen_digest

    if briefgen_digest() != code:
        from . import __version__
        raise RuntimeError(f"the worker runs another briefgen ({__version__}, code {briefgen_digest()[:12]}) "
                           f"than this build (code {code[:12]}); install the same on every worker")
    return run(task)


def connect_seconds() -> float:
    """How long to keep trying to reach the scheduler (Dask retries while one starts up): the
    user's own ``distributed.comm.timeouts.connect``, from a Dask configuration file or the
    variable DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT, else CONNECT_SECONDS. Not Dask's
    built-in default, 30 s, which a mistyped address would make the user wait out."""
    import dask.config
    from dask.utils import parse_timedelta

    user = dask.config.collect()  # the user's files and DASK_* variables, without Dask's defaults
    value = user.get("distributed", {}).get("comm", {}).get("timeouts", {}).get("connect")
    if value is None:
        return CONNECT_SECONDS
    try:
        seconds = parse_timedelta(value, default="s")
    except (TypeError, ValueError, KeyError):  # KeyError: an unknown unit
        seconds = None
    if not seconds or seconds <= 0:
        raise ClusterError(f"Dask's distributed.comm.timeouts.connect is {value!r}, not a duration "
                           "such as 5 or '5s'")
    return seconds


def execute(address: str, tasks: Sequence[T], run: Callable[[T], R], done: Callable[[R], None],
            lost: Callable[[T, str], R]) -> list[R]:
    """``run`` every task on the cluster at ``address``; results in task order.

    Tasks are submitted in the order given, the first with the highest
    priority (the build puts its longest jobs first). ``done`` is called in
    this process with each result as it arrives; a task that raised on its
    worker, or whose worker died, becomes ``lost(task, cause)``.
    """
    try:
        from distributed import Client, as_completed
    except ImportError:
        raise ClusterError("--scheduler needs Dask: pip install 'briefgen[dask]'") from None
    from .software import briefgen_digest

    try:
        client = Client(address, timeout=connect_seconds(), set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        raise ClusterError(f"cannot reach the Dask scheduler at {address}: "
                           f"{(str(exc).splitlines() or [type(exc).__name__])[0]}") from None
    results: list[R | None] = [None] * len(tasks)
    futures = {}
    try:
        code = briefgen_digest()  # its code and its default Word reference
        futures = {client.submit(_checked, run, code, task, pure=False, priority=len(tasks) - i): i
                   for i, task in enumerate(tasks)}
        for future in as_completed(futures, loop=client.loop):
            i = futures[future]
            if future.status == "finished":
                results[i] = future.result()
            else:
                exc = future.exception()
                results[i] = lost(tasks[i], f"on the cluster: {type(exc).__name__}: {exc}")
            future.release()  # the bytes are written below; the cluster need not keep them
            done(results[i])
    except BaseException:
        client.cancel(list(futures), force=True)  # Ctrl-C: the cluster stops this build's jobs
        raise
    finally:
        client.close()
    return results
