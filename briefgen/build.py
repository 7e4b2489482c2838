"""The build: check every input, then render each (fact base x audience x format) job.

Nothing is written until every input has passed validation; each output is
written to a temporary file and renamed, so a failed or interrupted build never
leaves a half-written brief. A job whose inputs are unchanged since its output
was written is skipped (cache.py), and the rest run in parallel (jobs.py); a
failed job is reported with its cause and does not stop the others.
"""
from __future__ import annotations

import hashlib
import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .cache import MANIFEST, Fingerprints, Manifest
from .errors import BriefgenError, Problem
from .fsio import locked, remove_stale_temps, write_atomic
from .load import display_name, read_bounded
from .project import Project, load_audience, load_factbase

if TYPE_CHECKING:
    from .jobs import Limits
    from .model import Audience, FactBase
    from .select import Brief

# Selecting and rendering (pydantic, Jinja) and the worker pool are imported where
# they are used: a build with nothing to do reads bytes and hashes, and should not
# pay for them (benchmarks/targets.py: the no-op build).

FORMATS = ("pdf", "docx")

__all__ = ["FORMATS", "Options", "Output", "Inputs", "load_inputs", "write_atomic", "brief_words",
           "section_words", "make_brief", "render", "build"]


@dataclass
class Options:
    formats: tuple[str, ...] = FORMATS
    pdf_variant: str | None = None
    reference_docx: Path | None = None  # an organisation's Word template (styles, page, header/footer)
    comments: bool = True  # editor comments on stale and secondary-only facts in the Word draft
    stale_after_days: int | None = None  # overrides the fact base's meta.stale_after_days


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
                "dropped": self.dropped}

    @classmethod
    def skipped(cls, path: Path, fmt: str, entry: dict, reason: str = "inputs unchanged") -> Output:
        return cls(path, None, fmt, entry["pages"], entry["words"], 0.0, "skipped",
                   budget_pages=entry["budget"][0], budget_words=entry["budget"][1],
                   sections=[tuple(s) for s in entry["sections"]], dropped=entry["dropped"],
                   sha256=entry["sha256"], reason=reason, parts=entry.get("parts", {}))


@dataclass
class Inputs:
    factbases: dict[str, FactBase]
    audiences: dict[str, Audience]
    warnings: list[Problem] = field(default_factory=list)


def _by_name(paths) -> tuple[list[Path], list[tuple[Path, Path]]]:
    """The fact base files, one per name (the same file given twice counts once),
    and every (path, first path) pair of two different files sharing a name:
    briefs are named after the file, so the second would overwrite the first's."""
    named: dict[str, Path] = {}
    clashes = []
    for path in map(Path, paths):
        if path.stem not in named:
            named[path.stem] = path
        elif named[path.stem].resolve() != path.resolve():
            clashes.append((path, named[path.stem]))
    return list(named.values()), clashes


def no_factbase(project: Project) -> BriefgenError:
    return BriefgenError.single(display_name(project.seeds), "no fact base (*.yaml) found: a project's "
                                "fact bases are the YAML files in its seeds/ folder", 0, 0)


def load_inputs(project: Project, factbase_paths: list[Path] | None = None,
                audience_names: list[str] | None = None, contents: dict[Path, bytes] | None = None) -> Inputs:
    """Load and check every fact base and audience; raise all errors at once.

    ``contents``: resolved path -> the bytes of a file as already read (and
    hashed, by the build), parsed instead of reading the file again; a file
    read here is added to it."""
    problems: list[Problem] = []

    def raw(path: Path) -> bytes | None:
        if contents is None:
            return None
        key = path.resolve()
        if key not in contents:
            contents[key] = read_bounded(path)
        return contents[key]

    factbases: dict[str, FactBase] = {}
    warnings: list[Problem] = []
    paths, clashes = _by_name(factbase_paths or project.factbase_paths())
    for path, first in clashes:
        problems.append(Problem(display_name(path), 1, 1, "", f"another fact base is also named "
                                f"'{path.stem}' ({display_name(first)}); rename one"))
    glyphs = project.glyphs()
    for path in paths:
        try:
            fb, found = load_factbase(path, raw(path), glyphs)
            factbases[path.stem] = fb
            warnings += found
        except BriefgenError as exc:
            problems += exc.problems
    audience_paths = ([project.audience_path(n) for n in audience_names] if audience_names
                      else project.audience_paths())
    audiences: dict[str, Audience] = {}
    for path in audience_paths:
        try:
            audiences[path.stem] = load_audience(path, {p.name: factbases[p.stem] for p in paths
                                                        if p.stem in factbases}, raw(path), warnings, glyphs)
        except BriefgenError as exc:
            problems += exc.problems
    from .render.html import check_templates

    problems += check_templates(project.templates)
    for path in paths:
        for audience in factbases[path.stem].profiles if path.stem in factbases else ():
            if audience not in {p.stem for p in project.audience_paths()}:
                warnings.append(Problem(display_name(path), 1, 1, f"profiles.{audience}",
                                        f"no audience profile named '{audience}'; its settings here are unused",
                                        "warning"))
    if problems:
        # with the warnings of the files that loaded: every problem, in one pass
        raise BriefgenError(sorted(set(problems + warnings)))
    if not factbases:
        raise no_factbase(project)
    return Inputs(factbases, audiences, warnings)


# What a reader does not read as the brief's text: the running heads, and the
# source apparatus (footnote text, note calls, the endnotes and sources lists).
# The word budget is for the text; the apparatus is paid for in the page budget.
_NOT_COUNTED = " | ".join([
    '//div[contains(concat(" ", normalize-space(@class), " "), " running-header ")]',
    '//div[contains(concat(" ", normalize-space(@class), " "), " running-footer ")]',
    '//*[contains(concat(" ", normalize-space(@class), " "), " fn ")]',
    '//a[contains(concat(" ", normalize-space(@class), " "), " noteref ")]',
    '//section[@id="sources" or @id="notes"]',
])


def _read_text(html: str):
    from lxml import html as lxml_html

    body = lxml_html.document_fromstring(html).body
    for element in body.xpath(_NOT_COUNTED):
        element.drop_tree()  # unlike remove(), keeps the text that follows the element
    return body


def brief_words(html: str) -> int:
    """Words a reader reads: the document body less running heads and source apparatus."""
    return len(_read_text(html).text_content().split())


def section_words(html: str) -> list[tuple[str, int]]:
    """(heading, words) for each counted section, in print order."""
    out = []
    for section in _read_text(html).xpath("//section"):
        heading = section.xpath("./h2")
        label = " ".join(heading[0].text_content().split()) if heading else section.get("id", "?")
        out.append((label, len(section.text_content().split())))
    return out


def make_brief(fb: FactBase, audience: Audience, name: str, templates, house=None) -> Brief:
    """The brief as built: selected, and fitted to its word budget by counting
    the words of the HTML it renders to, not an estimate. ``house``: the
    identity it prints (config.Identity; default: what the fact base names)."""
    from .render.html import render_html
    from .select import select

    def measure(brief: Brief) -> int:
        brief.house = house
        return brief_words(render_html(brief, templates))

    brief = select(fb, audience, name, measure=measure)
    brief.house = house
    return brief


def _images(brief: Brief, project: Project) -> dict[str, bytes]:
    """The in-memory files the HTML names: the timeline, drawn once for both formats,
    and the project's logo and font files (briefgen.toml)."""
    from .figure import FILENAME, timeline_png

    png = timeline_png(brief)
    return {**({FILENAME: png} if png else {}), **project.identity(brief.factbase)[1]}


_FACT = re.compile(r'data-fact="([^"]+)"')


def _comments(brief: Brief, html: str, options: Options) -> dict[str, str]:
    """The editor notes the Word draft carries: those of the facts it prints (a note
    on a fact this brief leaves out changes nothing in it)."""
    if not options.comments:
        return {}
    from .validate import editor_notes

    printed = set(_FACT.findall(html))
    return {fact: note for fact, note in editor_notes(brief.factbase, options.stale_after_days).items()
            if fact in printed}


def _write(fmt: str, brief: Brief, html: str, images: dict, comments: dict, project: Project,
           options: Options, laid: dict | None = None) -> tuple[bytes, int | None]:
    """The writer of ``fmt``, given everything it reads: (bytes, page count or None).

    ``laid`` carries the PDF's layout from the PDF writer to the Word writer of
    the same brief, so a job that makes both lays the brief out once."""
    laid = {} if laid is None else laid
    if fmt == "pdf":
        from .render.pdf import render_pdf_and_layout
        data, laid["layout"] = render_pdf_and_layout(html, project.templates, options.pdf_variant, images=images)
        return data, laid["layout"].pages
    from .render.docx import render_docx
    from .render.pdf import layout

    # the PDF's layout of the same HTML: the draft's contents page numbers and page count
    pages = laid.get("layout") or layout(html, project.templates, images)
    return render_docx(html, images=images, comments=comments, reference=options.reference_docx,
                       contents=brief.audience.contents, layout=pages, house=brief.house), None


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


def render(brief: Brief, fmt: str, project: Project, options: Options,
           html: str | None = None) -> tuple[bytes, int | None, str]:
    """One brief in one format: (bytes, page count or None, the HTML it came from)."""
    from .render.html import render_html

    if brief.house is None:
        brief.house = project.identity(brief.factbase)[0]
    html = html if html is not None else render_html(brief, project.templates)
    data, pages = _write(fmt, brief, html, _images(brief, project), _comments(brief, html, options), project,
                         options)
    return data, pages, html


# What the fork server imports once for every worker it forks (jobs.py): the job
# function's module and both writers, WeasyPrint's import being the costly one.
PRELOAD = ("briefgen.build", "briefgen.select", "briefgen.markings", "briefgen.validate", "briefgen.render.html",
           "briefgen.render.pdf", "briefgen.render.docx", "briefgen.figure", "weasyprint")


def warm(formats: tuple[str, ...]) -> None:
    """Worker initializer: pay the writers' imports (WeasyPrint's is about half
    a second) once per worker process rather than in its first job."""
    import weasyprint  # noqa: F401 - both writers lay the brief out (the draft for its page numbers)

    from .render import pdf  # noqa: F401
    if "docx" in formats:
        from .render import docx  # noqa: F401


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
               "code": "briefgen changed"}


def _why_rebuilt(before: dict[str, str], now: dict[str, str]) -> str:
    changed = [label for part, label in _PART_NAMES.items() if before.get(part) != now.get(part)]
    changed += [f"{part} changed" for part in now if part not in _PART_NAMES and before.get(part) != now[part]]
    return ", ".join(changed) or "inputs changed"


def run_job(task: Task) -> list[Output]:
    """Select the brief once, then for each format: keep the file if what it is made from
    is unchanged, else render it. Returns one Output per format, with the bytes to write;
    the build writes them (here or, with --scheduler, on the machine that asked). A failure
    becomes a failed Output naming its cause."""
    from .markings import for_named_recipients
    from .render.html import render_html

    started = time.perf_counter()
    try:
        brief = make_brief(task.factbase, task.audience, task.name, task.project.templates,
                           task.project.identity(task.factbase)[0])
        html = render_html(brief, task.project.templates)
        images = _images(brief, task.project)
    except BriefgenError as exc:
        return _failed(task, str(exc), started, bad_input=True)
    except MemoryError:  # the worker's RLIMIT_AS (jobs.py): this job asked for more than one job may have
        return _failed(task, "ran out of memory, over the limit of one job", started)
    except Exception as exc:  # noqa: BLE001 - any failure of one job is that job's result
        return _failed(task, f"{type(exc).__name__}: {exc}", started)
    shared = (time.perf_counter() - started) / len(task.outputs)  # selection, paid once for all formats
    words, sections = brief_words(html), section_words(html)
    budget = task.audience.budget
    private = for_named_recipients(task.factbase, task.audience, brief.marking)
    results = []
    laid: dict = {}  # the PDF's layout, for the Word draft when this job makes both
    for fmt, path in task.outputs.items():
        began = time.perf_counter()
        comments = _comments(brief, html, task.options) if fmt == "docx" else {}
        parts = {**task.parts[fmt], "content": content_digest(fmt, brief, html, images, comments)}
        known = task.known.get(fmt)
        if known is not None and known.get("parts") == parts:
            results.append(Output.skipped(path, fmt, known, reason="same content"))
            continue
        try:
            data, pages = _write(fmt, brief, html, images, comments, task.project, task.options, laid)
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
                              reason=reason, parts=parts, data=data, private=private))
    return results


def _failed_one(task: Task, fmt: str, path: Path, cause: str, started: float, bad_input: bool = False) -> Output:
    return Output(path, None, fmt, None, 0, time.perf_counter() - started, "failed", cause,
                  bad_input, task.audience.budget.pages, task.audience.budget.words)


def _failed(task: Task, cause: str, started: float, bad_input: bool = False) -> list[Output]:
    return [_failed_one(task, fmt, path, cause, started, bad_input) for fmt, path in task.outputs.items()]


def _lost(task: Task, cause: str) -> list[Output]:
    return _failed(task, cause, time.perf_counter())


def build(project: Project, out: Path, factbase_paths: list[Path] | None = None,
          audience_names: list[str] | None = None, options: Options | None = None, *,
          jobs: int | None = None, force: bool = False, scheduler: str | None = None,
          limits: Limits | None = None,
          started: Callable[[int, int], None] | None = None,
          finished: Callable[[Output], None] | None = None,
          warned: Callable[[Problem], None] | None = None) -> list[Output]:
    """Build every (fact base x audience x format) output; returns one Output per file, in order.

    ``jobs``: worker processes (default: one per core). ``force``: rebuild even
    unchanged outputs. ``scheduler``: run the jobs on the Dask cluster at this
    address instead (cluster.py). ``limits``: the time and memory one job may
    take in a local build (jobs.Limits). ``started(to_build, skipped)`` is called
    once before the first job runs, ``finished(output)`` after each output is done,
    ``warned(problem)`` for each warning about the inputs (they never stop a build).
    Raises BriefgenError, before writing anything, if any input is invalid.

    Two levels of "unchanged": a file whose inputs are byte for byte those it
    was made from is skipped without parsing anything; otherwise its brief is
    selected again, and a file whose content, assets, options, software and
    briefgen are still those it was made from is kept ("same content": an edit
    to a fact only the analyst brief prints rebuilds the analyst brief alone).
    """
    options = options or Options()
    if options.reference_docx is not None and "docx" in options.formats:
        from .reference import check_reference
        check_reference(options.reference_docx)  # a bad template fails the build before any write
    out = Path(out)
    fb_paths = [Path(p) for p in (factbase_paths or project.factbase_paths())]
    if not fb_paths:  # a build of nothing is a mistake (an empty or wrong seeds/), not a success
        raise no_factbase(project)
    if not audience_names and not project.audience_paths():
        raise BriefgenError.single(display_name(project.root / "audiences"), "no audience profile (*.yaml) found")
    def run(tasks: list[Task], done: Callable[[list[Output]], None]) -> list[list[Output]]:
        if scheduler:
            from .cluster import execute as on_cluster
            return on_cluster(scheduler, tasks, run_job, done, _lost)
        from .jobs import default_workers, execute

        return execute(tasks, run_job, jobs or default_workers(), done, _lost, warm, (options.formats,), limits,
                       preload=PRELOAD)

    # The lock first: the manifest and the inputs are read by one build at a
    # time, so what a build records is what it read, not what another wrote.
    with locked(out):
        return _build_locked(project, out, fb_paths, audience_names, options, force, run, started, finished,
                             local=not scheduler, warned=warned)


def _build_locked(project, out, fb_paths, audience_names, options, force, run, started, finished,
                  local=True, warned=None):
    """build(), once the output folder is locked; ``run(tasks, done)`` runs the jobs."""
    # keeps the bytes it hashed, which load_inputs parses
    prints = Fingerprints(project.templates, project.house_files())
    try:
        aud_paths = ([project.audience_path(n) for n in audience_names] if audience_names
                     else project.audience_paths())
        plan = _plan(prints, out, fb_paths, aud_paths, options)
        if _by_name(fb_paths)[1]:
            plan = None  # two fact bases of one name: load_inputs below refuses them
    except (BriefgenError, OSError):
        plan = None  # a missing input: load_inputs below says which, precisely
    manifest = Manifest(out)
    fresh = {} if plan is None or force else {
        path: entry for path, (_, _, _, key) in plan.items() if (entry := manifest.fresh(path, key))}
    if plan and len(fresh) == len(plan):
        # Nothing to do, and every input is byte-for-byte what was validated
        # when these outputs were written: no need to parse anything.
        remove_stale_temps(out, _own_names(plan))
        if started:
            started(0, len(plan))
        return [Output.skipped(path, fmt, fresh[path]) for path, (_, _, fmt, _) in plan.items()]

    # raises before anything is written; parses the bytes _plan hashed
    if local:
        from .jobs import start_fork_server
        start_fork_server(PRELOAD)  # WeasyPrint loads for the workers while the inputs are parsed
    inputs = load_inputs(project, fb_paths, audience_names, prints.contents)
    for problem in sorted(inputs.warnings) if warned else ():
        warned(problem)
    if plan is None:  # load_inputs found nothing wrong, so the inputs exist now (and are kept)
        plan = _plan(prints, out, fb_paths, aud_paths, options)
    tasks = _tasks(prints, options, inputs, plan, fresh, manifest, force, project)

    def done(outputs: list[Output]) -> None:
        for output in outputs:
            key = plan[output.path][3]
            if output.status == "built":
                try:
                    write_atomic(output.path, output.data, private=output.private)
                except OSError as exc:
                    output.status, output.error = "failed", f"{type(exc).__name__}: {exc}"
                output.data = None  # written: the build need not hold every file's bytes
            if output.status == "built":
                manifest.record(output.path, output.record(key))
            elif output.status == "skipped":
                # same content from changed inputs: next time, these inputs are the known ones
                manifest.record(output.path, {**manifest.entries[output.path.name], "key": key})
            else:
                manifest.forget(output.path)
        manifest.save()  # after each job, so a build killed midway keeps what it finished
        if finished:
            for output in outputs:
                finished(output)

    remove_stale_temps(out, _own_names(plan))
    if started:
        started(sum(len(t.outputs) for t in tasks), len(fresh))
    results = {output.path: output for outputs in run(tasks, done) for output in outputs}
    if prints.changed():
        # a template or the reference document was edited while the jobs read
        # it: what was built may be from either version, so none of it counts
        # as fresh and the next build makes it again
        for path in results:
            manifest.forget(path)
        manifest.save()
    return [results[path] if path in results else Output.skipped(path, fmt, fresh[path])
            for path, (_, _, fmt, _) in plan.items()]


def _tasks(prints: Fingerprints, options: Options, inputs: Inputs, plan: dict, fresh: dict,
           manifest: Manifest, force: bool, project: Project) -> list[Task]:
    """One task per brief with a file to reconsider, the longest first."""
    tasks: dict[tuple[str, str], Task] = {}
    for path, (fb_name, aud_name, fmt, _) in plan.items():
        if path in fresh:
            continue
        task = tasks.get((fb_name, aud_name))
        if task is None:
            task = tasks[(fb_name, aud_name)] = Task(
                inputs.factbases[fb_name], inputs.audiences[aud_name], f"{fb_name}-{aud_name}",
                project, options, {}, {})
        task.outputs[fmt] = path
        task.parts[fmt] = prints.parts(fmt, options)
        entry = manifest.entries.get(path.name)
        if force:
            task.why[fmt] = "--force"
        elif entry is None:
            task.why[fmt] = "new"
        elif not manifest.intact(path, entry):
            task.why[fmt] = "file edited or missing"
        else:
            task.known[fmt] = entry
    return sorted(tasks.values(), key=lambda t: t.expected_seconds(manifest), reverse=True)


def _own_names(plan: dict[Path, tuple]) -> set[str]:
    """The files this build writes in its output folder: only their temporaries are its to clean."""
    return {path.name for path in plan} | {MANIFEST}


def _plan(prints: Fingerprints, out: Path, fb_paths: list[Path], aud_paths: list[Path],
          options: Options) -> dict[Path, tuple[str, str, str, str]]:
    """Output path -> (fact base name, audience name, format, input key), in build order."""
    plan = {}
    for fb_path in fb_paths:
        for aud_path in aud_paths:
            for fmt in options.formats:
                key = prints.job_key(fb_path, aud_path, fmt, options)
                plan[out / f"{fb_path.stem}-{aud_path.stem}.{fmt}"] = (fb_path.stem, aud_path.stem, fmt, key)
    return plan
