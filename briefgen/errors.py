"""One error type for everything a user can get wrong, and the exit codes."""
from __future__ import annotations

from dataclasses import dataclass

EXIT_OK = 0
EXIT_WARNINGS = 1  # validate: warnings only; build: some job failed or overran with --strict
EXIT_BAD_INPUT = 2


@dataclass(frozen=True, order=True)
class Problem:
    """A located problem in a user file, printed as FILE:LINE:COL: path: message."""

    file: str
    line: int
    col: int
    path: str
    message: str
    severity: str = "error"  # or "warning"

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.col}"
        prefix = "warning: " if self.severity == "warning" else ""
        return f"{where}: {self.path}: {prefix}{self.message}" if self.path else f"{where}: {prefix}{self.message}"


class BriefgenError(Exception):
    """Bad input. Carries every problem found, so the user fixes them in one pass."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=lambda p: (p.file, p.line, p.col, p.path, p.message))
        super().__init__("\n".join(str(p) for p in self.problems))

    @classmethod
    def single(cls, file: str, message: str, line: int = 1, col: int = 1, path: str = "") -> "BriefgenError":
        return cls([Problem(file, line, col, path, message)])
