"""Writing outputs so that an interrupted build never leaves a truncated brief.

Each file is written to a temporary sibling named ``.NAME.<random>.tmp`` and
renamed over the target: a reader (or a crash) sees the old file or the new
one. A build killed between the two leaves only the dot-named temporary file,
which no one mistakes for a brief and the next build removes: only for the
names it writes itself, since an output folder may hold the user's own files.

Permissions follow the user's umask, as any file a program creates does; a
brief for named recipients (TLP:RED, say) is written owner-only (0600)
whatever the umask, so other local users cannot read it.
"""
from __future__ import annotations

import fcntl
import os
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import BriefgenError

# the random part mkstemp puts between write_atomic's prefix and suffix
_RANDOM = re.compile(r"^[a-z0-9_]{8}$")
PRIVATE = 0o600  # owner read/write: a brief for named recipients


def umask() -> int:
    """The process's umask, read without changing it (os.umask can only set it,
    and setting it even briefly races with other threads creating files)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_atomic(path: Path, data: bytes, private: bool = False) -> None:
    """Write ``data`` to ``path`` whole or not at all; mode 0666 less the umask,
    or 0600 if ``private``. mkstemp creates the temporary file as 0600, so a
    private brief is never readable by others, not even while being written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
            os.fchmod(fh.fileno(), PRIVATE if private else 0o666 & ~umask())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def temp_of(name: str, outputs: set[str]) -> bool:
    """Whether ``name`` is a temporary file write_atomic made for one of ``outputs``."""
    if not (name.startswith(".") and name.endswith(".tmp")):
        return False
    target, _, random = name[1:-len(".tmp")].rpartition(".")
    return target in outputs and _RANDOM.match(random) is not None


def remove_stale_temps(folder: Path, outputs: set[str]) -> list[Path]:
    """Delete the temporary files an interrupted build left behind for
    ``outputs`` (file names in ``folder``); anything else, such as a user's
    ``.settings.json.tmp``, is left alone. Call only while holding the
    folder's lock, so no running build's file is taken."""
    removed = []
    for path in folder.glob(".*.tmp"):
        if temp_of(path.name, outputs) and path.is_file() and not path.is_symlink():
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed


@contextmanager
def locked(folder: Path) -> Iterator[None]:
    """One build at a time per output folder. The lock is on the folder itself
    (no lock file to leave behind), and the kernel drops it when the process
    dies, so a killed build never blocks the next one."""
    created = not folder.exists()
    folder.mkdir(parents=True, exist_ok=True)
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BriefgenError.single(str(folder), "another briefgen build is writing to this folder") from None
        yield
    finally:
        if created:  # a build refused before writing anything leaves no empty folder behind
            try:
                folder.rmdir()
            except OSError:
                pass  # not empty: it holds what the build wrote
        os.close(fd)
