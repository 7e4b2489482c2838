"""One task: a brief in each format the build wants of it, as a worker process runs it.

The brief is selected and its HTML rendered once for all its formats; a format
whose content comes out as its intact file was made from keeps that file. The
task returns its Outputs with the bytes to write: the build (build.py) writes
them, here or, with --scheduler, on the machine that asked.
"""
from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import BriefgenError
from .pagemap import as_record, layout_key, recorded
from .pipeline import (
    Options,
    editor_comments,
    images_of,
    make_counted_brief,
    write,
)
from .project import Project
from .report import Output

if TYPE_CHECKING:
    from .brief import Brief
    from .cache import Manifest
    from .model import FactBase
    from .profile import Audience


def content_digest(fmt: str, brief: Brief, html: str, images: dict, comments: dict) -> str:
    """The brief's content as ``fmt``'s writer receives it: the HTML, the images, and for
    the Word draft its editor notes and contents flag. Equal digests, equal files (given
    the same assets, options and briefgen, which the other parts of the key cover)."""
    h = hashlib.sha256(fmt.encode() + b"\0" + html.encode())
    for name in sorted(images):
        h.update(b"\0" + name.encode() + b"\0" + hashlib.sha256(images[name]).digest())
    if fmt == "docx":
        h.update(json.dumps([comments, brief.audience.contents], sort_keys=True).encode())
    return h.hexdigest()


def warm() -> None:
    """Worker initializer: pay the writers' imports (WeasyPrint's is about half a second)
    once per worker process rather than in its first job. Both writers, whatever formats
    the build asks for: the workers may serve the next build (jobs.py), and a forked worker
    has them from the fork server (workers.PRELOAD) anyway."""
    from .render import pdf, weasy, word  # noqa: F401 - the draft too is laid out by WeasyPrint for its page numbers


@dataclass
class Task:
    """One brief, in each format the build wants of it: everything a worker needs.

    The brief is selected and its HTML rendered once for all its formats. A format
    whose file on disk is intact has its manifest entry in ``known``: if the brief's
    content and the other parts come out the same, the file is kept, not rewritten.
    """

    factbase: FactBase
    audience: Audience
    name: str
    project: Project
    options: Options
    outputs: dict[str, Path]  # format -> output path
    parts: dict[str, dict[str, str]]  # format -> the parts of its key other than the content
    known: dict[str, dict] = field(default_factory=dict)  # format -> manifest entry of the intact file
    why: dict[str, str] = field(default_factory=dict)  # format -> why it runs whatever its content
    layouts: list[dict] = field(default_factory=list)  # the page maps the manifest holds for this brief
    compiled: dict[str, bytes] = field(default_factory=dict)  # the templates' code (render.html.compiled_templates)

    def expected_seconds(self, manifest: Manifest) -> float:
        """How long this brief took last time, or a guess from its word budget: the
        build starts the longest first, so no worker is left with it at the end."""
        last = [manifest.entries.get(path.name, {}).get("seconds") for path in self.outputs.values()]
        if all(isinstance(t, (int, float)) for t in last):
            return float(sum(last))
        words = self.audience.budget.words or 2000
        return sum(words / (1000 if fmt == "pdf" else 4000) for fmt in self.outputs)


_PART_NAMES = {"content": "content changed", "assets": "stylesheet or assets changed",
               "options": "options changed", "environment": "software or fonts changed",
               "code": "briefgen changed", "reference": "default Word reference changed"}
# parts that say why the content changed, not whether the file must be written again (cache.Fingerprints.origins)
_WHY_ONLY = ("house", "inputs")


def _made_of(parts: dict[str, str] | None) -> dict[str, str]:
    return {k: v for k, v in (parts or {}).items() if k not in _WHY_ONLY}


def _why_rebuilt(before: dict[str, str], now: dict[str, str]) -> str:
    changed = [label for part, label in _PART_NAMES.items() if before.get(part) != now.get(part)]
    changed += [f"{part} changed" for part in now
                if part not in _PART_NAMES and part not in _WHY_ONLY and before.get(part) != now[part]]
    if "content changed" in changed and "house" in before and before["house"] != now.get("house"):
        # briefgen.toml (an accent, a name) changed what the brief prints: name it
        house = "house configuration changed"
        changed[0] = house if before.get("inputs") == now.get("inputs") else f"content changed, {house}"
    return ", ".join(changed) or "inputs changed"


def run_job(task: Task) -> list[Output]:
    """Select the brief once, then for each format: keep the file if what it is made from
    is unchanged, else render it. Returns one Output per format, with the bytes to write;
    the build writes them (here or, with --scheduler, on the machine that asked). A failure
    becomes a failed Output naming its cause."""
    from .markings import for_named_recipients
    from .render.html import use_compiled

    use_compiled(task.compiled)  # the build compiled the templates: this worker need not
    started = time.perf_counter()
    try:
        brief, html, (words, sections) = make_counted_brief(task.factbase, task.audience, task.name,
                                                            task.project.templates,
                                                            task.project.identity(task.factbase)[0])
        images = images_of(brief, task.project)
    except BriefgenError as exc:
        return _failed(task, str(exc), started, bad_input=True)
    except MemoryError:  # the worker's RLIMIT_AS (jobs.py): this job asked for more than one job may have
        return _failed(task, "ran out of memory, over the limit of one job", started)
    except Exception as exc:  # noqa: BLE001 - any failure of one job is that job's result
        return _failed(task, f"{type(exc).__name__}: {exc}", started)
    shared = (time.perf_counter() - started) / len(task.outputs)  # selection, paid once for all formats
    budget = task.audience.budget
    private = for_named_recipients(task.factbase, task.audience, brief.marking)
    results = []
    # the PDF's layout, for the Word draft: this job's PDF makes it, or an earlier job of the same content did
    some = next(iter(task.parts.values()))
    layout_id = layout_key(content_digest("pdf", brief, html, images, {}), some["assets"], some["code"])
    laid: dict = {"layout": recorded(task.layouts, layout_id)}
    for fmt, path in task.outputs.items():
        began = time.perf_counter()
        comments = editor_comments(brief, task.options) if fmt == "docx" else {}
        parts = {**task.parts[fmt], "content": content_digest(fmt, brief, html, images, comments)}
        known = task.known.get(fmt)
        if known is not None and _made_of(known.get("parts")) == _made_of(parts):
            results.append(Output.skipped(path, fmt, {**known, "parts": parts}, reason="same content"))
            continue
        try:
            data, pages = write(fmt, brief, html, images, comments, task.project, task.options, laid)
        except BriefgenError as exc:
            results.append(_failed_one(task, fmt, path, str(exc), began, bad_input=True))
            continue
        except MemoryError:
            results.append(_failed_one(task, fmt, path, "ran out of memory, over the limit of one job", began))
            continue
        except Exception as exc:  # noqa: BLE001
            results.append(_failed_one(task, fmt, path, f"{type(exc).__name__}: {exc}", began))
            continue
        reason = task.why.get(fmt) or _why_rebuilt(known.get("parts", {}), parts)
        results.append(Output(path, brief, fmt, pages, words, shared + time.perf_counter() - began,
                              budget_pages=budget.pages, budget_words=budget.words, sections=sections,
                              dropped=list(brief.dropped), sha256=hashlib.sha256(data).hexdigest(),
                              reason=reason, parts=parts, data=data, private=private,
                              layout=as_record(layout_id, laid["layout"]) if laid.get("layout") else None))
    return results


def _failed_one(task: Task, fmt: str, path: Path, cause: str, started: float, bad_input: bool = False) -> Output:
    return Output(path, None, fmt, None, 0, time.perf_counter() - started, "failed", cause,
                  bad_input, task.audience.budget.pages, task.audience.budget.words)


def _failed(task: Task, cause: str, started: float, bad_input: bool = False) -> list[Output]:
    return [_failed_one(task, fmt, path, cause, started, bad_input) for fmt, path in task.outputs.items()]


def lost(task: Task, cause: str) -> list[Output]:
    return _failed(task, cause, time.perf_counter())
