"""The build: check every input, then render each (fact base x audience x format) job.

Nothing is written until every input has passed validation; each output is
written to a temporary file and renamed, so a failed or interrupted build never
leaves a half-written brief. A job whose inputs are unchanged since its output
was written is skipped (cache.py), and the rest run in parallel (jobs.py); a
failed job is reported with its cause and does not stop the others.
"""
from __future__ import annotations

import gc
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from .cache import MANIFEST, Fingerprints, Manifest
from .errors import BriefgenError, Problem
from .fsio import locked, remove_stale_temps, write_atomic
from .load import display_name
from .pipeline import Inputs, Options, load_inputs, no_factbase, one_per_name, with_project_reference
from .project import Project
from .report import Output
from .task import Task, lost, run_job, warm
from .workers import PRELOAD, refuse_in_a_starting_worker, start_workers

if TYPE_CHECKING:
    from .jobs import Limits

# The worker pool is imported where it is used: a build with nothing to do
# reads bytes and hashes, and should not pay for it (benchmarks/targets.py).


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
    refuse_in_a_starting_worker()  # a script without a __main__ guard, running again in a new worker
    options = with_project_reference(options or Options(), project)
    if options.reference_docx is not None and "docx" in options.formats:
        from .render.word.reference import check_reference
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
            return on_cluster(scheduler, tasks, run_job, done, lost)
        from .jobs import default_workers, execute

        return execute(tasks, run_job, jobs or default_workers(), done, lost, warm, (), limits,
                       preload=PRELOAD, healthy=all_built)

    # The lock first: the manifest and the inputs are read by one build at a
    # time, so what a build records is what it read, not what another wrote.
    with locked(out):
        return _build_locked(project, out, fb_paths, audience_names, options, force, run, started, finished,
                             local=not scheduler, warned=warned)


def _build_locked(project, out, fb_paths, audience_names, options, force, run, started, finished,
                  local=True, warned=None):
    """build(), once the output folder is locked; ``run(tasks, done)`` runs the jobs."""
    # keeps the bytes it hashed, which load_inputs parses
    prints = Fingerprints(project.templates, project.house_files(), project.audience_paths())
    try:
        aud_paths = ([project.audience_path(n) for n in audience_names] if audience_names
                     else project.audience_paths())
        plan = _plan(prints, out, fb_paths, aud_paths, options)
        if one_per_name(fb_paths)[1]:
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
        start_workers()  # WeasyPrint loads for the workers while the inputs are parsed
    with _uncollected():
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
                manifest.record(output.path, {**manifest.entries[output.path.name], "key": key,
                                              "parts": output.parts})
            else:  # rebuilt next time, and said to be: the file there is an earlier build's, not new
                manifest.record(output.path, {"failed": True})
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


@contextmanager
def _uncollected():
    """The garbage collector paused while the inputs are loaded and checked, then as it was.

    Loading makes hundreds of thousands of objects that live as long as the build (the modules it
    imports: pydantic, the models, Jinja's compiled templates; the fact base and the profiles), and
    the collector, at its default thresholds, scanned them again and again as they grew: 0.02-0.03 s
    of CPU (about a tenth of the load) on the way to the first job, which waits for it as it waits
    for the fork server's imports (which run without a collector: nogc.py). What loading leaves
    as garbage is collected once the collector runs again."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _tasks(prints: Fingerprints, options: Options, inputs: Inputs, plan: dict, fresh: dict,
           manifest: Manifest, force: bool, project: Project) -> list[Task]:
    """One task per brief with a file to reconsider, the longest first."""
    from .render.html import compiled_templates

    compiled = compiled_templates()  # load_inputs compiled every template to check it
    tasks: dict[tuple[str, str], Task] = {}
    for path, (fb_name, aud_name, fmt, key) in plan.items():
        if path in fresh:
            continue
        task = tasks.get((fb_name, aud_name))
        if task is None:
            task = tasks[(fb_name, aud_name)] = Task(
                inputs.factbases[fb_name], inputs.audiences[aud_name], f"{fb_name}-{aud_name}",
                project, options, {}, {}, compiled=compiled)
            # the page maps earlier builds recorded for this brief's files, whichever format
            task.layouts = [entry["layout"] for entry in (manifest.entries.get(path.with_suffix(suffix).name)
                                                          for suffix in (".pdf", ".docx"))
                            if isinstance(entry, dict) and entry.get("layout")]
        task.outputs[fmt] = path
        task.parts[fmt] = {**prints.parts(fmt, options), **prints.origins.get(key, {})}
        entry = manifest.entries.get(path.name)
        if force:
            task.why[fmt] = "--force"
        elif entry is None:
            task.why[fmt] = "new"
        elif entry.get("failed"):
            task.why[fmt] = "last build failed"
        elif not manifest.intact(path, entry):
            task.why[fmt] = "file edited or missing"
        else:
            task.known[fmt] = entry
    return sorted(tasks.values(), key=lambda t: t.expected_seconds(manifest), reverse=True)


def all_built(outputs: list[Output]) -> bool:
    """Whether a job's files all came out (built, or kept as they were): its worker may serve the next build."""
    return all(output.status != "failed" for output in outputs)


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
