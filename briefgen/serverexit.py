"""Imported by the fork server (workers.start_fork_server): once the build that started it is gone,
it exits at once, without tearing down the modules it loaded for the workers.

The server's standard output and error are the build's own. A program that reads what the
build prints (a script through a pipe, CI, `briefgen build | tee`) sees the end of it only
when every process holding those streams has exited, the fork server included, and the
server's interpreter took about 0.1-0.2 s to tear down WeasyPrint, pydantic and the rest
after the build had finished: nothing it holds needs it (it writes no file, and its workers
are forked children that end with os._exit, without running this). Its atexit functions
registered later (multiprocessing's) still run first: atexit runs the last registered first.
"""
import atexit
import os
import sys


def _exit_now() -> None:
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (AttributeError, OSError, ValueError):
            pass  # a stream closed or replaced: nothing of the server's is waiting in it
    os._exit(0)


atexit.register(_exit_now)
