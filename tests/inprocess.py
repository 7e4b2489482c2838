"""Run briefgen's command line inside the test process, as its console script runs it in a process of its own.

A subprocess pays Python's start-up, briefgen's imports and a fork server that imports
WeasyPrint: 0.5-1.5 s a command. `run` calls the console script's own entry point
(``briefgen.cli:main``, with its one-line error handling and exit codes) and gives back
what a pipe would have given: a CompletedProcess with the exit code, stdout and stderr.

What a fresh process would have, the call gets, and what it changes is put back after:
- stdout and stderr are captured at the file descriptors, as pipes capture them: what
  Python prints, what a C library writes to fd 2, and what the build's worker processes
  write. The workers are forked from a fork server that inherits this process's fds when
  it starts, so this module starts it itself, with fds 1 and 2 on its capture files;
- the working folder and os.environ are the call's;
- warnings are filtered as Python filters them by default (pytest records them instead),
  and log records reach stderr through logging's last resort (pytest's handlers are
  set aside), so a warning a real run would print shows here too; a library's own log
  handler on stdout or stderr (made when it was imported) writes to the call's;
- an exception that escapes prints its traceback on stderr and exits 1, as Python does.

What it cannot give is a process of the command's own: signals, the umask, imports not yet
made, the interpreter's exit, real terminals, and environment variables the workers read
(they take the fork server's, from when it started). Tests of those run the command as a
real process (tests/conftest.py: ``process=True``).
"""
from __future__ import annotations

import locale
import logging
import os
import subprocess
import sys
import tempfile
import traceback
import warnings
from collections.abc import Sequence
from multiprocessing import forkserver
from pathlib import Path

from briefgen.jobs import close_kept_workers

# fd (1, 2) -> this process's capture file for it, opened to append (the fork server keeps it)
_files: dict[int, int] = {}
_server_pid: int | None = None  # the fork server started with fds 1 and 2 on those files


def _capture_file(fd: int) -> int:
    if fd not in _files:
        handle, path = tempfile.mkstemp(prefix=f"briefgen-fd{fd}-")
        os.close(handle)
        _files[fd] = os.open(path, os.O_RDWR | os.O_APPEND)
        os.unlink(path)
    return _files[fd]


def _take(fd: int) -> bytes:
    """What was written to a capture file since the last take; empties it."""
    data = os.pread(fd, os.fstat(fd).st_size, 0)
    os.ftruncate(fd, 0)
    return data


def _text(data: bytes) -> str:
    """As subprocess.run(text=True) decodes a pipe: the locale's encoding, universal newlines."""
    return data.decode(locale.getpreferredencoding(False)).replace("\r\n", "\n").replace("\r", "\n")


def _leave_a_fork_server_of_other_fds() -> None:
    """A fork server started elsewhere (a build called as a library, say) writes where
    the fds pointed then: stop it, so that the build starts one writing to ours."""
    server = forkserver._forkserver  # the one ForkServer of this process (multiprocessing's own)
    if server._forkserver_pid is not None and server._forkserver_pid != _server_pid:
        close_kept_workers()  # its workers kept from an earlier build: they would die with it
        server._stop()


def _exit_code(code) -> int:
    """What the interpreter makes of sys.exit(code)."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code & 0xFF
    print(code, file=sys.stderr)
    return 1


def _show_warning(message, category, filename, lineno, file=None, line=None) -> None:
    """Python's own way to show a warning (pytest's records it instead): on stderr."""
    sys.stderr.write(warnings.formatwarning(message, category, filename, lineno, line))


def _python_default_warnings() -> None:
    """The warning filters of a fresh interpreter started without -W or PYTHONWARNINGS, shown on stderr."""
    warnings.showwarning = _show_warning
    warnings.resetwarnings()
    for category in (DeprecationWarning, PendingDeprecationWarning, ImportWarning, ResourceWarning):
        warnings.simplefilter("ignore", category)
    warnings.filterwarnings("default", category=DeprecationWarning, module="__main__")
    for option in filter(None, os.environ.get("PYTHONWARNINGS", "").split(",")):
        warnings._setoption(option)


def _stream_handlers(streams) -> list[logging.StreamHandler]:
    """The log handlers writing to this process's stdout or stderr (a library may add its
    own when imported, keeping the stream of that moment): a real run's write to its fds."""
    loggers = [logging.getLogger(), *(logger for logger in logging.Logger.manager.loggerDict.values()
                                       if isinstance(logger, logging.Logger))]
    return [handler for logger in loggers for handler in logger.handlers
            if type(handler) is logging.StreamHandler and handler.stream in streams]


def run(args: Sequence[str], cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    """`briefgen ARGS`, run in cwd with env added to os.environ, in this process."""
    global _server_pid
    from briefgen.cli import main

    encoding = locale.getpreferredencoding(False)
    files = {fd: _capture_file(fd) for fd in (1, 2)}
    for fd in files.values():
        _take(fd)
    streams, folder, environ = (sys.stdout, sys.stderr), os.getcwd(), dict(os.environ)
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    # by the stream they write to: stdout's stay on fd 1, stderr's on fd 2
    libraries = {handler: handler.stream for handler in
                 _stream_handlers({*streams, sys.__stdout__, sys.__stderr__})}
    for stream in streams:
        stream.flush()
    saved = {fd: os.dup(fd) for fd in files}
    try:
        for fd, file in files.items():
            os.dup2(file, fd)
        # as a new interpreter opens them on pipes: stdout block-buffered, stderr by line
        sys.stdout = open(1, "w", encoding=encoding, errors="strict", closefd=False)
        sys.stderr = open(2, "w", buffering=1, encoding=encoding, errors="backslashreplace", closefd=False)
        os.chdir(cwd)
        os.environ.update(env or {})
        root.handlers = []
        root.setLevel(logging.WARNING)
        for handler, stream in libraries.items():
            handler.setStream(sys.stdout if stream in (streams[0], sys.__stdout__) else sys.stderr)
        _leave_a_fork_server_of_other_fds()
        with warnings.catch_warnings():
            _python_default_warnings()
            try:
                try:  # the console script: sys.exit(main())
                    raise SystemExit(main(list(args), prog_name="briefgen"))
                except SystemExit as exc:
                    code = _exit_code(exc.code)
            except Exception:  # noqa: BLE001 - what the interpreter does with an uncaught exception
                traceback.print_exc()
                code = 1
        if forkserver._forkserver._forkserver_pid is not None:
            _server_pid = forkserver._forkserver._forkserver_pid
    finally:
        ours = sys.stdout, sys.stderr
        for handler in _stream_handlers(set(ours)):  # its own or one made in the call (an import)
            handler.stream = streams[ours.index(handler.stream)]
        for handler, stream in libraries.items():
            handler.stream = stream
        root.handlers = handlers
        root.setLevel(level)
        sys.stdout, sys.stderr = streams
        for stream in ours:
            if stream not in streams:
                stream.close()  # flushes; the fd stays open (closefd=False)
        for fd, copy in saved.items():
            os.dup2(copy, fd)
            os.close(copy)
        os.chdir(folder)
        os.environ.clear()
        os.environ.update(environ)
    return subprocess.CompletedProcess(["briefgen", *args], code, _text(_take(files[1])), _text(_take(files[2])))
