"""Writing outputs so that an interrupted build never leaves a truncated brief.

Each file is written to a temporary sibling named ``.NAME.<random>.tmp`` and
renamed over the target: a reader (or a crash) sees the old file or the new
one. A build killed between the two leaves only the dot-named temporary file,
which no one mistakes for a brief and the next build removes.
"""
from __future__ import annotations

import fcntl
import os
import re
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from .errors import BriefgenError

_TEMP = re.compile(r"^\..+\.[^.]+\.tmp$")  # what write_atomic names its temporary files


def write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def remove_stale_temps(folder: Path) -> list[Path]:
    """Delete temporary files an interrupted build left behind. Call only while
    holding the folder's lock, so no running build's file is taken."""
    removed = []
    for path in folder.glob(".*.tmp"):
        if _TEMP.match(path.name) and path.is_file():
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed


@contextmanager
def locked(folder: Path) -> Iterator[None]:
    """One build at a time per output folder. The lock is on the folder itself
    (no lock file to leave behind), and the kernel drops it when the process
    dies, so a killed build never blocks the next one."""
    folder.mkdir(parents=True, exist_ok=True)
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BriefgenError.single(str(folder), "another briefgen build is writing to this folder") from None
        yield
    finally:
        os.close(fd)
