"""The build's report: one Output per file, what the summary table and the manifest record."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .brief import Brief


@dataclass
class Output:
    path: Path
    brief: Brief | None  # None when the job was skipped or failed
    fmt: str
    pages: int | None
    words: int
    seconds: float
    status: str = "built"  # built | skipped | failed
    error: str | None = None  # why a failed job failed
    bad_input: bool = False  # it failed on the user's input (a template, say), not on a bug
    budget_pages: int | None = None
    budget_words: int | None = None
    sections: list[tuple[str, int]] = field(default_factory=list)  # (label, words) in print order
    dropped: list[str] = field(default_factory=list)  # fact ids left out to fit the word budget
    sha256: str | None = None
    reason: str = ""  # why the job ran, or why it was skipped (the build table's "why")
    parts: dict[str, str] = field(default_factory=dict)  # what it was made from (content_parts)
    data: bytes | None = None  # the file's bytes, from the worker until the build writes them
    private: bool = False  # for named recipients: written readable by its owner alone
    layout: dict | None = None  # the PDF's page map it was made with (pagemap.py), for later Word drafts

    @property
    def name(self) -> str:
        """The brief's name, shared by its formats: "{factbase}-{audience}"."""
        return self.path.stem

    def overrun(self) -> str | None:
        """How this output exceeds its audience's budget, with its longest sections; None if it fits."""
        over = []
        if self.pages is not None and self.budget_pages and self.pages > self.budget_pages:
            over.append(f"{self.pages} pages, {self.pages - self.budget_pages} over its "
                        f"{self.budget_pages}-page budget")
        if self.budget_words and self.words > self.budget_words:
            over.append(f"{self.words:,} words, {self.words - self.budget_words:,} over its "
                        f"{self.budget_words:,}-word budget")
        if not over:
            return None
        longest = sorted(self.sections, key=lambda s: -s[1])[:3]
        return "; ".join(over) + "; longest sections: " + ", ".join(f"{label} ({words:,} words)"
                                                                   for label, words in longest)

    def record(self, key: str) -> dict:
        return {"key": key, "parts": self.parts, "sha256": self.sha256, "pages": self.pages,
                "words": self.words, "budget": [self.budget_pages, self.budget_words],
                "seconds": round(self.seconds, 3), "sections": [list(s) for s in self.sections],
                "dropped": self.dropped, **({"layout": self.layout} if self.layout else {})}

    @classmethod
    def skipped(cls, path: Path, fmt: str, entry: dict, reason: str = "inputs unchanged") -> Output:
        return cls(path, None, fmt, entry["pages"], entry["words"], 0.0, "skipped",
                   budget_pages=entry["budget"][0], budget_words=entry["budget"][1],
                   sections=[tuple(s) for s in entry["sections"]], dropped=entry["dropped"],
                   sha256=entry["sha256"], reason=reason, parts=entry.get("parts", {}))
