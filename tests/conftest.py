"""Shared helpers: build briefs once per session and read them back as a reader would."""
from __future__ import annotations

import hashlib
import os
import pickle
import re
import shutil
import subprocess
import sys
from pathlib import Path

import docx
import inprocess
import pytest
import yaml
from filelock import FileLock

from briefgen.build import build
from briefgen.pipeline import Options, load_inputs, make_brief_and_html
from briefgen.project import Project
from briefgen.render.abbreviations import contract, pairs
from briefgen.render.quotes import straight

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEED = ROOT / "seeds" / "eu-japan.yaml"


MINI = FIXTURES / "mini.yaml"
BAD = Path(__file__).resolve().parent / "bad"
# the bad-input corpus: case -> its edit of a base file (or its own file), exit code and line
BAD_CASES = yaml.safe_load((BAD / "cases.yaml").read_text(encoding="utf-8"))
GOLDEN = Path(__file__).resolve().parent / "golden"
# the audiences briefgen ships (audiences/*.yaml), which every seed build makes
AUDIENCES = ["analyst", "business", "policymaker", "press", "security"]


# Fixtures made once a session (`once`) that only some tests use: those tests run on one
# worker, which makes the fixture while the others carry on (rather than wait for it)
SHARED_BY_ONE_WORKER = {"corpus": "bad-input", "korea": "korea", "canary_project": "canary",
                        "canary_briefs": "canary", "workspace": "absorb"}


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the groups
def pytest_collection_modifyitems(config, items):
    for item in items:
        groups = sorted({SHARED_BY_ONE_WORKER[f] for f in getattr(item, "fixturenames", ())
                         if f in SHARED_BY_ONE_WORKER})
        for group in groups:
            item.add_marker(pytest.mark.xdist_group(group))


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true", default=False,
                     help="rewrite tests/golden/*.html from today's render instead of comparing with them")


def make_project(root: Path, seed: Path = MINI, seed_text: str | None = None) -> Path:
    """A throwaway project at root: copies of the repository's templates and profiles
    and one fact base (mini.yaml unless given, with seed_text as its text if given)."""
    for folder in ("templates", "audiences"):
        shutil.copytree(ROOT / folder, root / folder)
    (root / "seeds").mkdir()
    text = seed_text if seed_text is not None else seed.read_text(encoding="utf-8")
    (root / "seeds" / seed.name).write_text(text, encoding="utf-8")
    return root


def bad_input(case: str) -> bytes:
    """The file of one bad-input case (tests/bad/cases.yaml): its base, mini.yaml for a fact
    base, tests/bad/audience.yaml for a profile or tests/bad/briefgen.toml for a project's
    configuration, with the case's replacements applied;
    or the case's own file in tests/bad/ when it is a whole file by nature."""
    spec = BAD_CASES[case]
    if "replace" not in spec:
        return (BAD / case).read_bytes()
    kind, name = case.split("/")
    base = {"factbase": MINI, "audience": BAD / "audience.yaml", "config": BAD / "briefgen.toml"}[kind]
    text = base.read_text(encoding="utf-8")
    for edit in spec["replace"]:
        assert text.count(edit["old"]) == 1, f"{case}: {edit['old']!r} is not found exactly once in its base"
        text = text.replace(edit["old"], edit["new"], 1)
    if kind == "audience":  # a profile's name is its file's name, unless the case is about that
        text = text.replace("\nname: base\n", f"\nname: {name.removesuffix('.yaml')}\n", 1)
    return text.encode("utf-8")


_READ: dict[tuple, str] = {}


def poppler(*args: str | Path) -> str:
    """What a reader's tool (pdftotext, pdfinfo, pdffonts...) prints, run with ``args``. Run
    once per worker for the same arguments and the same bytes in the files they name: many
    tests read the session's briefs the same way (the full text of the analyst PDF some twenty
    times), and each run costs a process started from this one."""
    key = tuple(hashlib.sha256(Path(a).read_bytes()).hexdigest() if os.path.isfile(a) else str(a) for a in args)
    if key not in _READ:
        _READ[key] = subprocess.run([str(a) for a in args], check=True, capture_output=True, text=True).stdout
    return _READ[key]


def pdf_text(path: Path, page: int | None = None) -> str:
    """Text as a reader's tool extracts it (poppler), whitespace collapsed; one page if given."""
    pages = ["-f", str(page), "-l", str(page)] if page else []
    out = poppler("pdftotext", "-enc", "UTF-8", *pages, path, "-")
    # a line that ends in a hyphen broke at a hard hyphen ("counter-|piracy"): the CSS sets
    # hyphens: manual and the text has no soft hyphens, so the hyphen belongs to the word
    return normalise(re.sub(r"(?<=\w)-\n+(?=\w)", "-", out))


def pdf_pages(path: Path) -> int:
    info = poppler("pdfinfo", path)
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


MM = 72 / 25.4  # PDF points per millimetre
TEXT_BOTTOM = (297 - 19) * MM  # the foot of the A4 text block (brief.css: @page margin-bottom 19 mm)
TOP = 20 * MM  # the top of the text block (brief.css: @page margin-top 20 mm)


def empty_below(path: Path, page: int) -> float:
    """How far, in mm, the lowest line of a page's text block sits above the block's foot: what
    a reader sees as the page left empty (a footnote counts as text)."""
    words = poppler("pdftotext", "-bbox", "-f", str(page), "-l", str(page), path, "-")
    bottoms = [float(y) for y in re.findall(r'yMax="([\d.]+)"', words) if float(y) < TEXT_BOTTOM]
    return (TEXT_BOTTOM - max(bottoms)) / MM


def empty_above_notes(path: Path, page: int) -> float:
    """How far, in mm, the lowest line of a page's running text sits above its first source note (or
    above the text block's foot, on a page without notes): the white a reader sees in the page. On a
    full page about 7 mm remain, the notes' own rule and space above it (brief.css: @footnote)."""
    xml = poppler("pdftotext", "-bbox-layout", "-f", str(page), "-l", str(page), path, "-")
    lines = sorted((float(y0), float(y1), float(x0), re.findall(r">([^<]*)</word>", words)) for x0, y0, y1, words in
                   re.findall(r'<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">(.*?)</line>',
                              xml, re.S))
    lines = [line for line in lines if TOP < line[0] and line[1] < TEXT_BOTTOM]  # the text block, no running heads
    # the notes: from the first line that opens on a note's number ("12.") at the left margin, in
    # 7 pt type (words 7 pt tall), down to the foot, every line in that type
    small = [y1 - y0 < 7.5 for y0, y1, _, _ in lines]
    first = next((n for n, (_, _, x0, words) in enumerate(lines) if words and re.fullmatch(r"\d+\.", words[0])
                  and abs(x0 - 20 * MM) < 1 and all(small[n:])), len(lines))
    top = lines[first][0] if first < len(lines) else TEXT_BOTTOM
    return (top - max((line[1] for line in lines[:first]), default=TOP)) / MM


def in_short_form(text: str, fb, bare: bool = False) -> str:
    """Extracted text with each abbreviation a brief wrote out at its first use ("Economic
    Partnership Agreement (EPA)") back in short form and its quotes straight, as the fact base ``fb`` writes it
    (render/abbreviations.py), so a statement's text can be looked for in it; with ``bare``,
    every name without its gloss too (a brief that uses one once writes it out bare), which
    also shortens the name where a label or a title writes it out."""
    return contract(straight(text), pairs(fb.abbreviations, fb.meta.language), bare=bare)


def squeeze(text: str, fold_case: bool = False) -> str:
    """Text without whitespace, hyphens or soft hyphens (and, if asked, case): PDF readers,
    LibreOffice and WeasyPrint break lines (and hyphenated words, whose hyphen pdftotext
    drops at a line end) differently, and small headings are set in capitals."""
    # and quotes straight: a brief sets "Japan’s" where its fact base types "Japan's" (render/quotes.py)
    squeezed = "".join(straight(text).split()).replace("-", "").replace("\u00ad", "")
    return squeezed.casefold() if fold_case else squeezed


def normalise(text: str) -> str:
    return " ".join(text.split())


def soffice(files: list[Path], outdir: Path, profile: Path, to: str = "pdf") -> None:
    """LibreOffice converts files to ``to`` (a format, or format:filter) in outdir, with a copy
    of ``profile`` (office_profile) beside outdir as its user profile."""
    own = outdir.with_name(outdir.name + "-profile")
    shutil.copytree(profile, own)
    result = subprocess.run(["soffice", f"-env:UserInstallation={own.as_uri()}", "--headless",
                             "--convert-to", to, "--outdir", str(outdir), *map(str, files)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr


def docx_headings(path: Path) -> list[tuple[str, str]]:
    return [(p.style.name, p.text) for p in docx.Document(str(path)).paragraphs
            if p.style.name.startswith("Heading")]


def run_cli(*args: str, cwd: Path = ROOT, process: bool = False) -> subprocess.CompletedProcess:
    """`briefgen ARGS` in cwd: in this process (tests/inprocess.py) unless the test is of the
    process itself (signals, umask, real streams, the interpreter's exit), then as its own."""
    if not process:
        return inprocess.run(args, cwd)
    return subprocess.run([sys.executable, "-m", "briefgen", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=300)


def cli(root: Path, *args: str, env: dict | None = None, process: bool = False) -> subprocess.CompletedProcess:
    """The command run in the project at root, as its user would, from inside it (see run_cli)."""
    if not process:
        return inprocess.run(["--project", str(root), *args], root, env)
    return subprocess.run([sys.executable, "-m", "briefgen", "--project", str(root), *args],
                          cwd=root, capture_output=True, text=True, timeout=120,
                          env={**os.environ, **(env or {})})


SENTINEL = b"a brief from an earlier build"


def out_dir(root: Path) -> Path:
    """An output folder holding a brief from an earlier build, which a refused build must leave alone."""
    out = root / "out"
    out.mkdir()
    (out / "earlier.pdf").write_bytes(SENTINEL)
    return out


def untouched(out: Path) -> bool:
    return (sorted(p.name for p in out.iterdir()) == ["earlier.pdf"]
            and (out / "earlier.pdf").read_bytes() == SENTINEL)


@pytest.fixture(scope="session")
def project() -> Project:
    return Project(ROOT)


@pytest.fixture(scope="session")
def once(tmp_path_factory, request):
    """once(name, make): make(folder)'s result, computed once for the whole test session.

    The suite runs on several pytest-xdist workers (pyproject.toml's addopts), each with
    its own session fixtures: the first worker to ask makes the value in a folder all
    workers share, under a lock, and pickles it there; the others wait for it and read it.
    Whatever make() writes in its folder is read, never changed, by the tests."""
    base = tmp_path_factory.getbasetemp()
    # xdist gives each worker a subfolder (and runs without it, -n0 or -p no:xdist, use base itself)
    shared = base.parent if hasattr(request.config, "workerinput") else base

    def get(name: str, make):
        state = shared / f"{name}.pickle"
        with FileLock(str(shared / f"{name}.lock")):
            if state.exists():
                return pickle.loads(state.read_bytes())
            folder = shared / name
            shutil.rmtree(folder, ignore_errors=True)  # from a worker that failed to make it
            folder.mkdir()
            value = make(folder)
            state.write_bytes(pickle.dumps(value))
            return value

    return get


@pytest.fixture(scope="session")
def office_profile(once) -> Path:
    """A LibreOffice user profile that LibreOffice has started with once, made once a session,
    for each run of it to copy (soffice, tests/lo_edit.py): a new profile costs each start
    about a second of CPU more (its first-run graphics tests and extension registration), and
    two LibreOffices running at once cannot share one."""
    def make(folder: Path):
        (folder / "first-start.txt").write_text("LibreOffice's first start\n", encoding="utf-8")
        profile = folder / "profile"
        result = subprocess.run(["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless",
                                 "--convert-to", "pdf", "--outdir", str(folder), str(folder / "first-start.txt")],
                                capture_output=True, text=True, timeout=300)
        assert result.returncode == 0 and (folder / "first-start.pdf").exists(), result.stderr
        return profile
    return once("office-profile", make)


@pytest.fixture(scope="session")
def seed_briefs(once, project):
    """Every EU–Japan brief in both formats, built once for the whole session."""
    def make(out: Path):
        outputs = build(project, out, [SEED])
        return {(o.brief.audience.name, o.fmt): o for o in outputs}
    return once("seed-briefs", make)


@pytest.fixture(scope="session")
def endnoted_briefs(once):
    """The EU–Japan business brief (PDF and Word draft) with its notes as endnotes, as a project's
    profile may ask (`source_notes: endnotes`): the shipped profiles all set footnotes now, each
    note on its call's page (editorial checklist), so the tests of endnotes build their own."""
    def make(folder: Path):
        root = folder / "project"
        for name in ("templates", "audiences", "seeds"):
            shutil.copytree(ROOT / name, root / name)
        shutil.copy(ROOT / "briefgen.toml", root / "briefgen.toml")
        profile = root / "audiences" / "business.yaml"
        text = profile.read_text(encoding="utf-8")
        assert "\nsource_notes: footnotes\n" in text
        profile.write_text(text.replace("\nsource_notes: footnotes\n", "\nsource_notes: endnotes\n"), encoding="utf-8")
        outputs = build(Project(root), root / "briefs", [root / "seeds" / SEED.name], audience_names=["business"])
        assert {o.status for o in outputs} == {"built"}, [o.error for o in outputs]
        return {o.fmt: o for o in outputs}
    return once("endnoted-briefs", make)


CANADA = FIXTURES / "eu-canada.yaml"


@pytest.fixture(scope="session")
def canada_briefs(once) -> dict[tuple[str, str], Path]:
    """A new user's EU–Canada topic (tests/fixtures/eu-canada.yaml): every brief in both formats,
    built once a session in a project of its own, by (audience, format)."""
    def make(folder: Path):
        root = make_project(folder / "project", CANADA)
        outputs = build(Project(root), root / "briefs", jobs=2)
        assert {o.status for o in outputs} == {"built"}, [o.error for o in outputs]
        return {(o.brief.audience.name, o.fmt): o.path for o in outputs}
    return once("canada-briefs", make)


@pytest.fixture
def built_mini(once, tmp_path) -> Project:
    """A throwaway project (make_project) whose briefs, every audience in both formats, are
    already built in its briefs/ folder with their manifest: a copy, made in tmp_path, of
    one build per session, for tests whose first build is only the starting point."""
    def make(folder: Path):
        root = make_project(folder / "project")
        outputs = build(Project(root), root / "briefs", jobs=2)
        assert {o.status for o in outputs} == {"built"}, [o.error for o in outputs]
        return root
    # copytree keeps the files' times, so the copy's build finds its inputs unchanged
    return Project(shutil.copytree(once("built-mini", make), tmp_path / "project", symlinks=True))


@pytest.fixture(scope="session")
def archival(once, project) -> list[Path]:
    """The press and analyst PDFs in the archival variant (PDF/A-3b), built once a session."""
    def make(out: Path):
        outputs = build(project, out, [SEED], ["press", "analyst"],
                        Options(formats=("pdf",), pdf_variant="pdf/a-3b"), jobs=2)
        return [o.path for o in outputs]
    return once("pdf-a", make)


@pytest.fixture(scope="session")
def seed_inputs(project):
    return load_inputs(project, [SEED])


KOREA = ROOT / "tests" / "topics" / "eu-korea"


def topic_brief(seed_inputs, topic: str, audience: str) -> tuple[Project, str, dict[str, bytes]]:
    """One brief's project, HTML and in-memory images (timeline, logo) as a build renders them:
    an EU–Japan brief from the session's inputs, an EU–Korea one (Hangul; its own house and
    logo) from tests/topics/eu-korea. For tests that write a PDF both ways and compare."""
    from briefgen.pipeline import images_of
    from briefgen.project import load_audience, load_factbase

    if topic == "eu-japan":
        project, fb, profile = Project(ROOT), seed_inputs.factbases[topic], seed_inputs.audiences[audience]
    else:
        project = Project(KOREA)
        fb, _ = load_factbase(project.root / "seeds" / f"{topic}.yaml")
        profile = load_audience(project.audience_path(audience), [fb])
    brief, html = make_brief_and_html(fb, profile, f"{topic}-{audience}", project.templates,
                                      project.identity(fb)[0])
    return project, html, images_of(brief, project)


def seed_html(inputs, project: Project, audience: str) -> str:
    """The HTML of one EU–Japan brief exactly as the build renders it for both writers."""
    fb = inputs.factbases["eu-japan"]
    return make_brief_and_html(fb, inputs.audiences[audience], f"eu-japan-{audience}", project.templates,
                               project.identity(fb)[0])[1]

