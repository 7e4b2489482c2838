"""Imported by the fork server (workers.start_fork_server): a worker forked for a pool that
has already closed exits quietly, instead of printing a traceback into the user's build.

pebble replaces a worker it stopped (a job over its time limit) at once, even when that
job was the build's last. The build then closes the pool, which closes the channels the
new worker is still opening: unpickling its end of them, the worker finds their
semaphores gone (FileNotFoundError, in multiprocessing's synchronize.py). There is no
job for it and nothing to report, but the fork server's child would print the exception
through sys.excepthook onto the build's stderr, under the build's own one-line report.
Any other exception is printed as before.
"""
import sys
from multiprocessing import synchronize

_print_exception = sys.excepthook


def _raised_in(traceback, filename: str) -> bool:
    while traceback.tb_next is not None:
        traceback = traceback.tb_next
    return traceback.tb_frame.f_code.co_filename == filename


def _late_worker_exits_quietly(kind, value, traceback) -> None:
    if issubclass(kind, FileNotFoundError) and traceback is not None and _raised_in(traceback, synchronize.__file__):
        return  # the fork server's child then exits with code 1, as it would after printing
    _print_exception(kind, value, traceback)


sys.excepthook = _late_worker_exits_quietly
