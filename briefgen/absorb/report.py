"""The outcome of reading a draft against its fact base: one line per finding,
and the command's exit code."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..load import display_name
from .classify import COMMENTED, CONFLICT, DELETED, FLAGGED, OUTSIDE, REWORDED, UNCHANGED, Finding


@dataclass
class Result:
    factbase: Path
    findings: list[Finding]
    diff: str  # the fact base's diff the reworded statements make
    applied: bool
    draft: Path

    @property
    def left(self) -> list[Finding]:
        """What a person must decide: conflicts, flagged and deleted statements, comments, text outside."""
        return [f for f in self.findings if f.needs_person()]

    def exit_code(self) -> int:
        if self.left:
            return 1
        return 0 if self.applied or not self.diff else 1

    def lines(self, every: bool = False) -> list[str]:
        """One line per finding, what needs a person first; unchanged statements
        are counted, or listed too with ``every``."""
        name = display_name(self.factbase)
        out = []
        order = {k: i for i, k in enumerate((CONFLICT, FLAGGED, DELETED, REWORDED, COMMENTED, OUTSIDE, UNCHANGED))}
        unchanged = [f for f in self.findings if f.kind == UNCHANGED]
        for f in sorted(self.findings, key=lambda f: (order[f.kind], f.line or 0)):
            if f.kind != UNCHANGED or every:
                out.append(f"{name}:{f.line}: {f.message}" if f.line else f"{display_name(self.draft)}: {f.message}")
        if unchanged and not every:
            out.append(f"{display_name(self.draft)}: {len(unchanged)} statement text(s) unchanged "
                       "(--all lists them)")
        return out
