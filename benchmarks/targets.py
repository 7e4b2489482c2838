"""Issue 14's small targets, measured as ratios in one session with runs alternated.

    python3 benchmarks/targets.py [--rounds 5]

  cores     `briefgen build FACTBASE --force -j 1` against `-j 2` (whole process, the
            10 EU-Japan files), alternated; goal: -j 2 at least 1.6x faster
  no-op     `briefgen build FACTBASE` with nothing changed (whole process, imports
            included), against `python -c pass` as the floor; goal <= 0.3 s
  docx      the analyst Word draft in a warm process: the job `briefgen build -a analyst
            -f docx --force` runs for it (select the brief, render its HTML, write the
            .docx), with the page map a full build recorded, median of many; goal <= 50 ms.
            Shown too: selection alone, the writer alone (layout at hand), and the job
            with no page map recorded, which lays the brief out
  docx-build `briefgen build FACTBASE -a analyst -f docx --force` (whole process) after a
            full build, taking the page map the PDF job recorded (pagemap.py), against
            the same build with the recorded page maps removed (it lays the brief out
            again, as before), alternated

The machine may be shared: the load average is printed with every figure.
briefgen is measured as pip installs it, its modules compiled to bytecode first (an editable
install, where PYTHONDONTWRITEBYTECODE is set, compiles them again in every process: about
60 ms for each build process and fork server, 0.1 s or more of a no-op build).
"""
from __future__ import annotations

import argparse
import compileall
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "eu-japan.yaml"


def wall(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    return time.perf_counter() - started


def build(*args: str) -> list[str]:
    return [sys.executable, "-m", "briefgen", "build", str(SEED), *args]


def load() -> str:
    return f"load {os.getloadavg()[0]:.2f}"


def cores(rounds: int) -> None:
    with tempfile.TemporaryDirectory() as one, tempfile.TemporaryDirectory() as two:
        wall(build("-o", one, "-j", "1"))  # first runs write the manifests the longest-first order reads
        wall(build("-o", two, "-j", "2"))
        times = {1: [], 2: []}
        loads = []
        for _ in range(rounds):
            for jobs in (1, 2):
                times[jobs].append(wall(build("-o", one if jobs == 1 else two, "-j", str(jobs), "--force")))
            loads.append(os.getloadavg()[0])
    j1, j2 = statistics.median(times[1]), statistics.median(times[2])
    print(f"cores: 10 files, {rounds} rounds alternated, load {min(loads):.2f}-{max(loads):.2f}")
    for jobs, median in ((1, j1), (2, j2)):
        print(f"  -j {jobs} median {median:.2f} s {sorted(round(t, 2) for t in times[jobs])}")
    print(f"  -j 2 is {j1 / j2:.2f}x faster than -j 1 (goal >= 1.6; a load above 0 means other "
          f"work shared the two cores)")


def noop(rounds: int) -> None:
    with tempfile.TemporaryDirectory() as out:
        wall(build("-o", out))
        times, floor = [], []
        for _ in range(rounds * 2):
            times.append(wall(build("-o", out)))
            floor.append(wall([sys.executable, "-c", "pass"]))
    print(f"no-op: median {statistics.median(times):.3f} s (python -c pass: {statistics.median(floor):.3f} s), "
          f"{load()}; goal <= 0.3 s")


def analyst_docx_job(out: str):
    """The job `briefgen build FACTBASE -a analyst -f docx --force` runs in its worker
    (task.run_job), as the build makes it for folder ``out``: with the page maps the
    manifest there records. The build runs with a runner that keeps the task instead
    of sending it to the worker pool."""
    from briefgen.build import _build_locked
    from briefgen.pipeline import Options
    from briefgen.project import Project

    tasks = []

    class Kept(Exception):
        pass

    def keep(planned, done):
        tasks.extend(planned)
        raise Kept  # the build goes no further: nothing runs, nothing is written

    try:
        _build_locked(Project(ROOT), Path(out), [SEED], ["analyst"], Options(formats=("docx",)), True, keep,
                      None, None, local=False)
    except Kept:
        pass
    return tasks[0]


def docx(rounds: int) -> None:
    from briefgen.pipeline import Options, editor_comments, images_of, make_brief
    from briefgen.project import Project, load_audience, load_factbase
    from briefgen.render.html import render_html
    from briefgen.render.pdf import layout
    from briefgen.render.word import render_docx
    from briefgen.task import run_job

    project = Project(ROOT)
    fb, _ = load_factbase(SEED)
    audience = load_audience(project.audience_path("analyst"), [fb])
    brief = make_brief(fb, audience, "eu-japan-analyst", project.templates)
    brief.house = project.identity(fb)[0]
    html = render_html(brief, project.templates)
    pictures, comments = images_of(brief, project), editor_comments(brief, Options())
    laid = layout(html, project.templates, pictures)

    def writer() -> None:  # the Word writer alone, with the PDF's layout at hand
        render_docx(html, images=pictures, comments=comments, contents=audience.contents, layout=laid,
                    house=brief.house, templates=project.templates)

    with tempfile.TemporaryDirectory() as recorded, tempfile.TemporaryDirectory() as fresh:
        wall(build("-o", recorded))  # a full build: its PDF jobs record the page maps
        job, alone = analyst_docx_job(recorded), analyst_docx_job(fresh)
        assert job.layouts and not alone.layouts, "the page map was not recorded"
        for _ in range(3):
            run_job(job)  # warm: imports, the reference document, Jinja's compiled templates
        runs = {"job": (lambda: run_job(job)), "selection and HTML": (
            lambda: make_brief(fb, audience, "eu-japan-analyst", project.templates)), "writer": writer}
        times = {name: ([], []) for name in [*runs, "alone"]}
        for i in range(rounds * 4):  # alternated, so each sees the same load
            for name, run in [*runs.items(), *([("alone", lambda: run_job(alone))] if i < rounds else [])]:
                started, cpu = time.perf_counter(), time.process_time()
                run()
                times[name][0].append(time.perf_counter() - started)
                times[name][1].append(time.process_time() - cpu)

    def ms(name: str) -> str:
        wall_s, cpu_s = times[name]
        return f"{statistics.median(wall_s) * 1000:.0f} ms (CPU {statistics.median(cpu_s) * 1000:.0f} ms)"

    print(f"analyst docx, warm, the job of `build -a analyst -f docx --force` after a full build (its page "
          f"map recorded): {ms('job')}, {load()}; goal <= 50 ms")
    print(f"  of which: selection and HTML {ms('selection and HTML')}, the Word writer with the layout at hand "
          f"{ms('writer')}")
    print(f"  the same job with no page map recorded (it lays the brief out): {ms('alone')}")


def _without_page_maps(out: str) -> None:
    import json

    manifest = Path(out) / ".briefgen-cache.json"
    doc = json.loads(manifest.read_text())
    for entry in doc["outputs"].values():
        entry.pop("layout", None)
    manifest.write_text(json.dumps(doc))


def docx_build(rounds: int) -> None:
    with tempfile.TemporaryDirectory() as out:
        wall(build("-o", out))
        command = build("-o", out, "-a", "analyst", "-f", "docx", "--force")
        times = {"laid out again": [], "page map reused": []}
        for _ in range(rounds):
            _without_page_maps(out)
            times["laid out again"].append(wall(command))
            times["page map reused"].append(wall(command))
    again, reused = (statistics.median(t) for t in times.values())
    print(f"analyst docx alone (--force, whole process), {rounds} rounds alternated, {load()}")
    for label, values in times.items():
        print(f"  {label}: median {statistics.median(values):.2f} s {sorted(round(t, 2) for t in values)}")
    print(f"  reusing the page map is {again / reused:.2f}x faster")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--only", choices=["cores", "noop", "docx", "docx-build"])
    args = parser.parse_args()
    compileall.compile_dir(ROOT / "briefgen", quiet=1)  # as installed: see the docstring
    for name, bench in (("cores", cores), ("noop", noop), ("docx", docx), ("docx-build", docx_build)):
        if args.only in (None, name):
            bench(args.rounds)


if __name__ == "__main__":
    main()
