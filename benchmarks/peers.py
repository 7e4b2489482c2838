"""briefgen against its peers: the same 10 files from the same content.

    pip install -e '.[bench]'            # pypandoc-binary: a pinned pandoc, no apt needed
    python3 benchmarks/peers.py [--rounds 5] [--factbase seeds/eu-japan.yaml]

The content is the fact base's five audience briefs as briefgen's templates
render them to HTML (written once, with the stylesheet and the timeline figure
next to them). Then, alternated round by round, wall time of whole processes:

  briefgen -j 1, -j 2   `briefgen build FACTBASE --force`: 5 PDF + 5 Word, from the YAML
  pandoc, 1 and 2 at a time
                        10 `pandoc` runs from the HTML: 5 DOCX, and 5 PDF through
                        `--pdf-engine=weasyprint`, given the stylesheets the HTML links and its
                        <style> (`--css`, `-H`), as a pandoc user styles a PDF: pandoc's HTML
                        reader keeps the page's classes but drops its <link> and <style>, so
                        without them its PDFs were unstyled, a lighter job than the briefs
                        briefgen makes: no footnotes, running heads or marking colours, in
                        pages 19/6/3/6/8 against briefgen's 10/3/2/3/4 (styled: 13/4/2/4/5,
                        its notes set narrower, its contents without page numbers). Each
                        contestant's page counts are printed beside its time
  pandoc unstyled       the same 10 runs without the stylesheets, as this benchmark ran them up to
                        stop 29: printed for comparison with earlier figures, not a goal
  briefgen PDFs -j 1    `briefgen build FACTBASE -f pdf --force`: the 5 PDFs alone
  briefgen DOCX -j 1, pandoc DOCX
                        the 5 Word drafts alone: both PDF paths end in the same WeasyPrint
                        (4.45 of briefgen's 4.98 s for the PDFs at stop 17), so the
                        10-file ratio cannot reach 2; this is the part the tools' own code makes.
                        briefgen lays each draft out for its contents' page numbers (pandoc's
                        drafts have none), unless a build recorded the PDF's page map:
  briefgen DOCX, page maps
                        the same, into a folder a full build wrote first
  WeasyPrint floor      one Python process: `import weasyprint`, then HTML(file).write_pdf()
                        for the 5 HTML files, tagged PDF/UA-1 as briefgen's are, nothing
                        else (no YAML, no selection, no checks)

Goals (issue 14): briefgen at least 2x faster than pandoc; briefgen's PDFs
within 1.15x of the WeasyPrint floor. Prints medians, ratios and the load.

briefgen is measured as pip installs it, its modules compiled to bytecode first, as
WeasyPrint's are in site-packages (an editable install, where PYTHONDONTWRITEBYTECODE is
set, compiles them again in every process: about 60 ms each).
"""
from __future__ import annotations

import argparse
import compileall
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pikepdf

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent  # the venv's: its `weasyprint` is the one pandoc calls

# the same kind of PDF briefgen writes by default: tagged, PDF/UA-1 (render/pdf.py)
_FLOOR = """
import sys
from weasyprint import HTML
for name in sys.argv[2:]:
    HTML(filename=name).write_pdf(f"{sys.argv[1]}/{name.rsplit('/', 1)[-1][:-5]}.pdf",
                                  pdf_variant="pdf/ua-1", pdf_tags=True)
"""


def write_content(root: Path, factbase: Path) -> list[Path]:
    """Each audience's brief as briefgen's HTML, with its stylesheet and figure as files."""
    from briefgen.figure import FILENAME, timeline_png
    from briefgen.pipeline import make_brief
    from briefgen.project import Project, load_audience, load_factbase
    from briefgen.render.html import render_html

    project = Project(ROOT)
    html_dir = root / "html"
    shutil.copytree(project.templates[0], html_dir, ignore=shutil.ignore_patterns("__init__.py", "__pycache__"))
    fb, _ = load_factbase(factbase)
    pages = []
    for profile in project.audience_paths():
        brief = make_brief(fb, load_audience(profile, [fb]), f"{factbase.stem}-{profile.stem}", project.templates)
        html = render_html(brief, project.templates)
        png = timeline_png(brief)
        if png:
            figure = f"{profile.stem}-{FILENAME}"
            (html_dir / figure).write_bytes(png)
            html = html.replace(f"briefgen:{FILENAME}", figure)
        page = html_dir / f"{factbase.stem}-{profile.stem}.html"
        page.write_text(html, encoding="utf-8")
        pages.append(page)
    return pages


def styling(page: Path) -> list[str]:
    """pandoc's options that give its PDF the page's own styling: ``--css`` for each stylesheet the page
    links, ``-H`` for a file of its <style> elements (the house's accent). pandoc's HTML reader drops both."""
    html = page.read_text(encoding="utf-8")
    head = html[:html.index("</head>")]
    header = page.with_suffix(".header.html")
    header.write_text("".join(re.findall(r"<style>.*?</style>", head, flags=re.S)), encoding="utf-8")
    links = re.findall(r'<link rel="stylesheet" href="([^"]+)">', head)
    return [option for href in links for option in ("--css", str(page.parent / href))] + ["-H", str(header)]


def pandoc_commands(pages: list[Path], out: Path, formats: tuple[str, ...] = ("docx", "pdf"),
                    styled: bool = True) -> list[list[str]]:
    import pypandoc

    pandoc = pypandoc.get_pandoc_path()

    def engine(fmt: str, page: Path) -> list[str]:
        return [] if fmt == "docx" else ["--pdf-engine=weasyprint", *(styling(page) if styled else [])]

    return [[pandoc, str(page), *engine(fmt, page), "-o", str(out / f"{page.stem}.{fmt}")]
            for page in pages for fmt in formats]


def timed(run) -> float:
    started = time.perf_counter()
    run()
    return time.perf_counter() - started


def fresh(folder: Path) -> Path:
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--factbase", type=Path, default=ROOT / "seeds" / "eu-japan.yaml")
    args = parser.parse_args()
    compileall.compile_dir(ROOT / "briefgen", quiet=1)  # as installed: see the docstring
    factbase = args.factbase.resolve()
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}

    with tempfile.TemporaryDirectory(prefix="briefgen-peers-") as tmp:
        root = Path(tmp)
        pages = write_content(root, factbase)
        out = root / "out"

        def run(command: list[str], cwd: Path | None = None) -> None:
            subprocess.run(command, check=True, capture_output=True, env=env, cwd=cwd)

        def briefgen(*extra: str):
            return lambda: run([sys.executable, "-m", "briefgen", "build", str(factbase), "--force",
                                "-o", str(fresh(out)), *extra])

        def pandoc(at_once: int, formats: tuple[str, ...] = ("docx", "pdf"), styled: bool = True):
            def go():
                commands = pandoc_commands(pages, fresh(out), formats, styled)
                with ThreadPoolExecutor(at_once) as pool:  # in the HTML's folder, which its figures are in
                    list(pool.map(lambda command: run(command, pages[0].parent), commands))
            return go

        # the drafts alone, as a user rebuilds them after a full build: each reads its
        # contents' page numbers from the page map the PDF's build recorded (pagemap.py)
        with_maps = root / "with-page-maps"
        run([sys.executable, "-m", "briefgen", "build", str(factbase), "-o", str(with_maps)])

        def drafts_with_maps():
            run([sys.executable, "-m", "briefgen", "build", str(factbase), "-f", "docx", "--force", "-j", "1",
                 "-o", str(with_maps)])

        def floor():
            run([sys.executable, "-c", _FLOOR, str(fresh(out)), *map(str, pages)])

        contestants = {
            "briefgen, 10 files, -j 1": briefgen("-j", "1"),
            "briefgen, 10 files, -j 2": briefgen("-j", "2"),
            "pandoc, 10 files, 1 at a time": pandoc(1),
            "pandoc, 10 files, 2 at a time": pandoc(2),
            "pandoc unstyled, 10 files, 1 at a time": pandoc(1, styled=False),
            "briefgen, 5 PDFs, -j 1": briefgen("-f", "pdf", "-j", "1"),
            "WeasyPrint floor, 5 PDFs": floor,
            "briefgen, 5 DOCX, -j 1": briefgen("-f", "docx", "-j", "1"),
            "briefgen, 5 DOCX, page maps": drafts_with_maps,
            "pandoc, 5 DOCX, 1 at a time": pandoc(1, ("docx",)),
        }
        times: dict[str, list[float]] = {name: [] for name in contestants}
        loads = []
        pdf_pages: dict[str, list[int]] = {}  # what each made, from the last round: the same briefs?
        for _ in range(args.rounds):
            for name, contestant in contestants.items():  # alternated: every round runs each once
                fresh(out)
                times[name].append(timed(contestant))
                pdf_pages[name] = [len(pikepdf.open(pdf).pages) for pdf in sorted(out.glob("*.pdf"))]
            loads.append(os.getloadavg()[0])

    median = {name: statistics.median(t) for name, t in times.items()}
    print(f"{factbase.name}: {len(pages)} audiences, {args.rounds} rounds alternated, "
          f"load average {min(loads):.2f}-{max(loads):.2f} ({os.cpu_count()} cores)")
    for name, seconds in median.items():
        made = f"  PDF pages {'/'.join(map(str, pdf_pages[name]))}" if pdf_pages[name] else ""
        print(f"  {name:38} median {seconds:6.2f} s  (min {min(times[name]):.2f}, max {max(times[name]):.2f}){made}")
    print("ratios (goal: pandoc/briefgen >= 2; briefgen PDFs/floor <= 1.15):")
    for label, slower, faster in (
            ("pandoc 1 at a time / briefgen -j 1", "pandoc, 10 files, 1 at a time", "briefgen, 10 files, -j 1"),
            ("pandoc 2 at a time / briefgen -j 2", "pandoc, 10 files, 2 at a time", "briefgen, 10 files, -j 2"),
            ("pandoc unstyled / briefgen -j 1 (not a goal)", "pandoc unstyled, 10 files, 1 at a time",
             "briefgen, 10 files, -j 1"),
            ("briefgen PDFs -j 1 / WeasyPrint floor", "briefgen, 5 PDFs, -j 1", "WeasyPrint floor, 5 PDFs"),
            ("pandoc 5 DOCX / briefgen 5 DOCX -j 1", "pandoc, 5 DOCX, 1 at a time", "briefgen, 5 DOCX, -j 1"),
            ("pandoc 5 DOCX / briefgen, page maps", "pandoc, 5 DOCX, 1 at a time", "briefgen, 5 DOCX, page maps")):
        print(f"  {label + ':':46} {median[slower] / median[faster]:.2f}")


if __name__ == "__main__":
    main()
