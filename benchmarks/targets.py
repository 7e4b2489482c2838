"""Issue 14's small targets, measured as ratios in one session with runs alternated.

    python3 benchmarks/targets.py [--rounds 5]

  cores     `briefgen build FACTBASE --force -j 1` against `-j 2` (whole process, the
            10 EU-Japan files), alternated; goal: -j 2 at least 1.6x faster
  no-op     `briefgen build FACTBASE` with nothing changed (whole process, imports
            included), against `python -c pass` as the floor; goal <= 0.3 s
  docx      the analyst Word draft in a warm process: select the brief, render its
            HTML, write the .docx (what one job of a --force build does for it),
            median of many; goal <= 50 ms. The writer alone is shown too, and the draft
            made with the PDF's layout at hand, as the job of a --force build makes it
  docx-build `briefgen build FACTBASE -a analyst -f docx --force` (whole process) after a
            full build, taking the page map the PDF job recorded (pagemap.py), against
            the same build with the recorded page maps removed (it lays the brief out
            again, as before), alternated

The machine may be shared: the load average is printed with every figure.
Run it as an installed briefgen runs, with bytecode caching on (PYTHONDONTWRITEBYTECODE
unset): compiling the package's sources on every start costs a no-op build 0.1 s or more.
"""
from __future__ import annotations

import argparse
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


def docx(rounds: int) -> None:
    from briefgen.pipeline import Options, make_brief, render
    from briefgen.project import Project, load_audience, load_factbase
    from briefgen.render.html import render_html

    project = Project(ROOT)
    fb, _ = load_factbase(SEED)
    audience = load_audience(project.audience_path("analyst"), [fb])
    options = Options()

    def job() -> None:
        brief = make_brief(fb, audience, "eu-japan-analyst", project.templates)
        render(brief, "docx", project, options)

    brief = make_brief(fb, audience, "eu-japan-analyst", project.templates)
    html = render_html(brief, project.templates)
    for _ in range(3):
        job()  # warm: imports, the reference document, Jinja's compiled templates
    whole, writer, select = [], [], []
    for _ in range(rounds * 4):
        started = time.perf_counter()
        job()
        whole.append(time.perf_counter() - started)
        started = time.perf_counter()
        render(brief, "docx", project, options, html=html)
        writer.append(time.perf_counter() - started)
        started = time.perf_counter()
        make_brief(fb, audience, "eu-japan-analyst", project.templates)
        select.append(time.perf_counter() - started)
    # as in the job of a --force build, which lays the brief out once for its PDF and
    # hands that layout to the Word writer: the draft without a layout of its own
    from briefgen.pipeline import editor_comments, images_of, write
    from briefgen.render.pdf import layout

    pictures = images_of(brief, project)
    laid = {"layout": layout(html, project.templates, pictures)}
    after_pdf = []
    for _ in range(rounds * 4):
        started = time.perf_counter()
        again = make_brief(fb, audience, "eu-japan-analyst", project.templates)
        write("docx", again, render_html(again, project.templates), images_of(again, project),
              editor_comments(again, options), project, options, dict(laid))
        after_pdf.append(time.perf_counter() - started)
    ms = lambda values: f"{statistics.median(values) * 1000:.0f} ms"  # noqa: E731
    print(f"analyst docx, warm: {ms(whole)} (selection {ms(select)}, writer from the HTML {ms(writer)}), "
          f"{load()}; goal <= 50 ms")
    print(f"  with the PDF's layout at hand (a --force build's job): {ms(after_pdf)}")


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
    for name, bench in (("cores", cores), ("noop", noop), ("docx", docx), ("docx-build", docx_build)):
        if args.only in (None, name):
            bench(args.rounds)


if __name__ == "__main__":
    main()
