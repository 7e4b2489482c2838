"""One error type for everything a user can get wrong, and the exit codes."""
from __future__ import annotations

from dataclasses import dataclass, field

EXIT_OK = 0
EXIT_WARNINGS = 1  # validate: warnings only; build: some job failed or overran with --strict
EXIT_BAD_INPUT = 2  # build: also a job that failed on a template or asset
EXIT_CRASH = 3  # a bug in briefgen, not the user's input
EXIT_INTERRUPTED = 130  # Ctrl-C, as shells report a SIGINT


@dataclass(frozen=True, order=True)
class Problem:
    """A located problem in a user file, printed as FILE:LINE:COL: path: message."""

    file: str
    line: int
    col: int
    path: str
    message: str
    severity: str = "error"  # or "warning"
    # the id an unknown-reference problem names ("unknown fact 'x'"), as data: a problem about a
    # reference to an item the schema refused is muted by it (validate._check_the_rest), never by its wording
    refers_to: str | None = field(default=None, compare=False)

    def __str__(self) -> str:
        # line 0: a problem with a whole file or folder (a folder with no fact base)
        where = f"{self.file}:{self.line}:{self.col}" if self.line else self.file
        prefix = "warning: " if self.severity == "warning" else ""
        line = f"{where}: {self.path}: {prefix}{self.message}" if self.path else f"{where}: {prefix}{self.message}"
        # a key or value quoted in the message may hold a control character or
        # a newline; escaped, the problem stays one visible line
        return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in line)


class BriefgenError(Exception):
    """Bad input. Carries every problem found, so the user fixes them in one pass."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=lambda p: (p.file, p.line, p.col, p.path, p.message))
        super().__init__("\n".join(str(p) for p in self.problems))

    @classmethod
    def single(cls, file: str, message: str, line: int = 1, col: int = 1, path: str = "") -> BriefgenError:
        return cls([Problem(file, line, col, path, message)])
