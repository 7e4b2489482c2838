"""What `briefgen build` shows: a progress bar while jobs run, then a summary
table, the failures with their causes, budget overruns and what was dropped.

The bar goes to stderr and disappears when done; the table goes to stdout, so
`briefgen build > log` keeps the summary without the bar's redraws.
"""
from __future__ import annotations

import sys
import time

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from .errors import EXIT_BAD_INPUT, EXIT_OK, EXIT_WARNINGS
from .report import Output


def _console(stream) -> Console:
    # piped or captured output is read by tools and tests: do not wrap it at 80 columns
    return Console(file=stream, width=None if stream.isatty() else 160, highlight=False)


def _line(console: Console, text: str) -> None:
    """One problem, one line, however long: never wrapped at the console's width
    (a terminal may fold it on screen; a log or a pipe gets it whole)."""
    console.print(text, markup=False, soft_wrap=True)


class BuildReport:
    def __init__(self) -> None:
        self.err = _console(sys.stderr)
        self.out = _console(sys.stdout)
        self.progress: Progress | None = None
        self.began = time.perf_counter()

    def start(self, to_build: int, skipped: int) -> None:
        if not to_build:
            return
        self.progress = Progress(TextColumn("{task.description:<34}"), BarColumn(), MofNCompleteColumn(),
                                 TimeElapsedColumn(), console=self.err, transient=True)
        self.progress.start()
        self.task = self.progress.add_task("building", total=to_build)

    def advance(self, output: Output) -> None:
        if self.progress is None:
            return
        self.progress.update(self.task, advance=1, description=output.path.name)

    def stop(self) -> None:
        if self.progress is not None:
            self.progress.stop()
            self.progress = None

    def summary(self, outputs: list[Output], strict: bool) -> int:
        """Print the table and notes; return the exit code."""
        self.stop()
        folder = outputs[0].path.parent if outputs else ""
        table = Table(title=f"briefs in {folder}", title_justify="left")
        for column, justify in (("file", "left"), ("status", "left"), ("pages", "right"),
                                ("words", "right"), ("budget", "right"), ("time", "right"), ("why", "left")):
            table.add_column(column, justify=justify, no_wrap=True)
        for o in outputs:
            budget = f"{o.budget_pages} p / {o.budget_words:,} w" if o.budget_words else ""
            table.add_row(o.path.name, o.status + (" (over)" if o.overrun() else ""),
                          "" if o.pages is None else str(o.pages), f"{o.words:,}" if o.status != "failed" else "",
                          budget, f"{o.seconds:.2f} s" if o.status != "skipped" else "", o.reason)
        self.out.print(table)

        dropped = {}
        for o in outputs:
            if o.dropped and o.name not in dropped:
                dropped[o.name] = (o.budget_words, o.dropped)
        for name, (budget, ids) in dropped.items():
            _line(self.out, f"{name}: dropped {len(ids)} fact(s) to fit its {budget:,}-word budget: "
                            f"{', '.join(ids)}")
        over = [o for o in outputs if o.overrun()]
        for o in over:
            _line(self.err, f"{'error' if strict else 'warning'}: over budget: {o.path.name}: {o.overrun()}")
        failed = [o for o in outputs if o.status == "failed"]
        # one line per cause: a broken template fails the PDF and the Word draft alike
        causes: dict[str, list[str]] = {}
        for o in failed:
            causes.setdefault(o.error or "", []).append(o.path.name)
        for cause, names in causes.items():
            _line(self.err, f"failed: {', '.join(names)}: {cause}")
        counts = {s: sum(o.status == s for o in outputs) for s in ("built", "skipped", "failed")}
        _line(self.out, f"{len(outputs)} job(s): {counts['built']} built, {counts['skipped']} skipped, "
                        f"{counts['failed']} failed, {len(over)} over budget "
                        f"in {time.perf_counter() - self.began:.2f} s")
        if any(o.bad_input for o in failed):
            return EXIT_BAD_INPUT
        return EXIT_WARNINGS if failed or (strict and over) else EXIT_OK
