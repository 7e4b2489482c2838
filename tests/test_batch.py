"""The batch build - incremental, parallel, atomic, and honest about failures."""
from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import docx
import pytest
from conftest import AUDIENCES, FIXTURES, ROOT, make_project, run_cli

from briefgen.build import build
from briefgen.cache import MANIFEST
from briefgen.pipeline import Options
from briefgen.project import Project


@pytest.fixture
def proj(tmp_path) -> Project:
    """A copy of the project (templates, audiences) with the small fixture as its only fact base."""
    return Project(make_project(tmp_path / "project"))


def statuses(outputs) -> dict[str, str]:
    return {o.path.name: o.status for o in outputs}


def table_statuses(stdout: str) -> dict[str, str]:
    """file -> status, read from the summary table's rows."""
    rows = [[cell.strip() for cell in line.split("│")] for line in stdout.splitlines() if "│" in line]
    return {row[1]: row[2] for row in rows if row[1] != "file"}


def every(fmt: str | None = None, base: str = "mini") -> set[str]:
    return {f"{base}-{a}.{f}" for a in AUDIENCES for f in ("pdf", "docx") if fmt in (None, f)}


def assert_complete(path: Path) -> None:
    """The file is a whole brief, as a reader's tool sees it, not a truncated one."""
    if path.suffix == ".pdf":
        check = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
        assert check.returncode == 0, f"{path.name}: {check.stdout[-300:]}"
    else:
        with zipfile.ZipFile(path) as zf:
            assert zf.testzip() is None, path.name
        assert docx.Document(str(path)).paragraphs, path.name


def test_noop_rebuild_skips_every_job_without_loading_anything(proj):
    out = proj.root / "briefs"
    first = build(proj, out, jobs=2)
    assert set(statuses(first).values()) == {"built"}, [(o.path.name, o.error) for o in first]
    stamps = {p.name: p.stat().st_mtime_ns for p in out.iterdir()}

    second = build(proj, out, jobs=2)
    assert statuses(second) == {name: "skipped" for name in every()}
    # the summary still knows each brief's pages and words, from the manifest
    assert [(o.pages, o.words) for o in second] == [(o.pages, o.words) for o in first]
    assert {p.name: p.stat().st_mtime_ns for p in out.iterdir()} == stamps

    # the no-op path neither loads the inputs into models nor imports WeasyPrint,
    probe = ("import sys; from pathlib import Path; import briefgen.build as b;"
             "b.load_inputs = lambda *a, **k: sys.exit('the no-op path loaded the inputs');"
             f"outs = b.build(b.Project(Path({str(proj.root)!r})), Path({str(out)!r}));"
             "print(sorted({o.status for o in outs}), "
             "sorted(m for m in ('weasyprint', 'pydantic', 'jinja2', 'pebble') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    # nor pays for the schema, the templates or the worker pool (benchmarks/targets.py: the no-op build)
    assert result.stdout.split() == ["['skipped']", "[]"]


def test_cli_noop_rebuild_reports_every_job_skipped(built_mini):
    """The command run again over a project whose briefs are built (built_mini)."""
    args = ["--project", str(built_mini.root), "build", "--jobs", "2"]
    second = run_cli(*args)
    assert second.returncode == 0, second.stderr
    assert "10 job(s): 0 built, 10 skipped, 0 failed" in second.stdout
    assert table_statuses(second.stdout) == {name: "skipped" for name in every()}
    forced = run_cli(*args, "--force", "--format", "docx", "-a", "press")
    assert "1 job(s): 1 built, 0 skipped" in forced.stdout


def test_touching_a_template_rebuilds_exactly_the_jobs_that_read_it(built_mini):
    """Checked on two audiences' briefs: what one input is read by is the same for every brief."""
    proj, out = built_mini, built_mini.root / "briefs"
    two = ["press", "policymaker"]

    def every(fmt: str | None = None) -> set[str]:
        return {f"mini-{a}.{f}" for a in two for f in ("pdf", "docx") if fmt in (None, f)}
    assert set(statuses(build(proj, out, audience_names=two, jobs=2)).values()) == {"skipped"}

    # the stylesheet lays out the PDF, and the Word draft's page numbers come from that layout
    css = proj.root / "templates" / "brief.css"
    css.write_text(css.read_text(encoding="utf-8") + "\nh2 { color: #000; }\n", encoding="utf-8")
    assert statuses(build(proj, out, audience_names=two, jobs=2)) == {n: "built" for n in every()}

    # both writers consume the HTML, so a template change that alters it rebuilds everything
    # (one that does not, a Jinja comment, keeps every file: tests/test_incremental.py)
    page = proj.root / "templates" / "brief.html.j2"
    page.write_text(page.read_text(encoding="utf-8").replace("<body", '<body data-edition="2"', 1),
                    encoding="utf-8")
    assert statuses(build(proj, out, audience_names=two, jobs=2)) == {n: "built" for n in every()}

    # a profile is read by its own audience's jobs only
    press = proj.root / "audiences" / "press.yaml"
    press.write_text(press.read_text(encoding="utf-8").replace("Press backgrounder", "Press brief"),
                     encoding="utf-8")
    assert statuses(build(proj, out, audience_names=two, jobs=2)) == {
        n: ("built" if "-press." in n else "skipped") for n in every()}

    # and a render option rebuilds only the format that reads it
    assert statuses(build(proj, out, audience_names=two, options=Options(pdf_variant="pdf/ua-1"), jobs=2)) == {
        **{n: "built" for n in every("pdf")}, **{n: "skipped" for n in every("docx")}}
    no_comments = Options(pdf_variant="pdf/ua-1", comments=False)
    assert statuses(build(proj, out, audience_names=two, options=no_comments, jobs=2)) == {
        **{n: "skipped" for n in every("pdf")}, **{n: "built" for n in every("docx")}}


def test_the_word_draft_reads_the_stylesheet_through_the_pdf_layout(proj):
    """The dependency claim behind rebuilding the .docx when brief.css changes:
    the draft's page count (docProps/app.xml) is the PDF's, and the CSS decides it.
    (Shown on one audience's draft: every draft takes its page count from the same layout.)"""
    out = proj.root / "briefs"
    docx_only = Options(formats=("docx",))

    def pages() -> dict[str, int]:
        found = {}
        for output in build(proj, out, audience_names=["press"], options=docx_only, jobs=1, force=True):
            with zipfile.ZipFile(output.path) as package:
                found[output.path.name] = int(re.search(rb"<Pages>(\d+)</Pages>",
                                                        package.read("docProps/app.xml")).group(1))
        return found

    before = pages()
    (proj.root / "templates" / "brief.css").write_text("body { font-size: 30pt; color: red; }\n", encoding="utf-8")
    after = pages()
    assert all(after[name] > before[name] for name in before), (before, after)


def test_deleted_or_edited_output_is_rebuilt(built_mini):
    proj, out = built_mini, built_mini.root / "briefs"
    (out / "mini-press.pdf").unlink()
    (out / "mini-analyst.docx").write_bytes(b"edited by hand")
    result = statuses(build(proj, out, jobs=2))
    assert {n for n, s in result.items() if s == "built"} == {"mini-press.pdf", "mini-analyst.docx"}
    assert_complete(out / "mini-analyst.docx")


def test_a_failed_job_names_its_cause_and_the_others_still_run(tmp_path):
    out = tmp_path / "briefs"
    (out / "mini-press.pdf").mkdir(parents=True)  # a folder where the brief should go: it cannot be written
    two = ["-a", "press", "-a", "policymaker"]  # the failing brief and another
    result = run_cli("build", str(FIXTURES / "mini.yaml"), *two, "--out", str(out), "--jobs", "2")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "failed: mini-press.pdf: IsADirectoryError" in result.stderr
    assert "4 job(s): 3 built, 0 skipped, 1 failed" in result.stdout
    for name in {"mini-press.docx", "mini-policymaker.pdf", "mini-policymaker.docx"}:
        assert_complete(out / name)
    # the failure is recorded as a failure, not as done: the next build tries it again
    assert json.loads((out / MANIFEST).read_text())["outputs"]["mini-press.pdf"] == {"failed": True}
    again = run_cli("build", str(FIXTURES / "mini.yaml"), *two, "--out", str(out), "--jobs", "1")
    assert "4 job(s): 0 built, 3 skipped, 1 failed" in again.stdout


def test_sigkill_midway_leaves_no_truncated_brief(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    # 5 jobs (briefs) of 2 files on 2 workers: the kill lands when the first is written, while
    # at least 3 are still to start, and the rerun builds the rest
    shutil.copy(FIXTURES / "mini.yaml", seeds / "fb0.yaml")
    out = tmp_path / "briefs"
    total = len(AUDIENCES) * 2
    proc = subprocess.Popen([sys.executable, "-m", "briefgen", "build", *map(str, sorted(seeds.iterdir())),
                             "--out", str(out), "--jobs", "2"], cwd=ROOT, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while not any(p.suffix in (".pdf", ".docx") for p in out.glob("fb*")) and time.monotonic() < deadline:
            time.sleep(0.01)
    finally:
        os.killpg(proc.pid, signal.SIGKILL)  # the build and its worker processes, at once
        proc.wait()
    briefs = [p for p in out.iterdir() if not p.name.startswith(".")]
    assert 0 < len(briefs) < total, "the kill should land midway through the build"
    for path in briefs:
        assert_complete(path)
    # whatever the kill left behind is a dot-named temporary file, which the next build removes
    leftovers = [p.name for p in out.iterdir() if p.name.startswith(".") and p.name != MANIFEST]
    assert all(name.endswith(".tmp") for name in leftovers), leftovers
    rerun = run_cli("build", *map(str, sorted(seeds.iterdir())), "--out", str(out), "--jobs", "2")
    assert rerun.returncode == 0, rerun.stderr
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]
    assert len([p for p in out.iterdir() if not p.name.startswith(".")]) == total
    for path in out.glob("fb*"):
        assert_complete(path)


def test_stale_temporary_files_are_cleaned_and_never_taken_for_briefs(proj):
    out = proj.root / "briefs"
    out.mkdir()
    stale = out / ".mini-press.pdf.k2j4h1ab.tmp"
    stale.write_bytes(b"%PDF-1.7 truncated")
    outputs = build(proj, out, audience_names=["press"], options=Options(formats=("pdf",)), jobs=1)
    assert [o.path.name for o in outputs] == ["mini-press.pdf"]
    assert not stale.exists()


@pytest.mark.parametrize("noop", [False, True], ids=["build", "no-op build"])
def test_only_this_builds_own_temporary_files_are_removed(proj, noop):
    """--out may be a folder of the user's: files that merely look like temporary
    files (an editor's, another program's, another build's brief) are theirs."""
    out = proj.root / "mine"
    out.mkdir()
    options = Options(formats=("pdf",))
    if noop:
        build(proj, out, audience_names=["press"], options=options, jobs=1)
    own = out / ".mini-press.pdf.k2j4h1ab.tmp"
    theirs = [out / n for n in (".settings.json.tmp", ".draft.docx.swp.tmp", "notes.tmp",
                                ".report.pdf.k2j4h1ab.tmp",  # write_atomic's pattern, not this build's name
                                ".mini-press.pdf.tmp", ".mini-press.pdf.swp.tmp")]
    for path in [own, *theirs]:
        path.write_bytes(b"mine")
    outputs = build(proj, out, audience_names=["press"], options=options, jobs=1)
    assert [o.status for o in outputs] == (["skipped"] if noop else ["built"])
    assert not own.exists()
    assert [p.name for p in theirs if not p.exists()] == []


def _modes(out: Path) -> dict[str, str]:
    return {p.name: oct(p.stat().st_mode & 0o777) for p in out.iterdir()}


@pytest.mark.parametrize("umask, shared, process", [(0o022, "0o644", False), (0o002, "0o664", True),
                                                    (0o077, "0o600", False)])
def test_outputs_respect_the_umask_and_named_recipients_get_0600(tmp_path, umask, shared, process):
    """Outputs are made as any program makes files (0666 less the umask); the
    policymaker brief (TLP:RED, reach: named) is owner-only whatever the umask.
    One umask is set by a shell for a real process; the others are set for an in-process run
    (the build writes its files in its own process, workers only render)."""
    out = tmp_path / "briefs"
    args = ["build", str(FIXTURES / "mini.yaml"), "-a", "policymaker", "-a", "press", "--out", str(out), "-j", "2"]
    if process:
        result = subprocess.run(["sh", "-c", f"umask {umask:03o} && exec \"$0\" \"$@\"", sys.executable, "-m",
                                 "briefgen", *args], cwd=ROOT, capture_output=True, text=True, timeout=300)
    else:
        before = os.umask(umask)
        try:
            result = run_cli(*args)
        finally:
            os.umask(before)
    assert result.returncode == 0, result.stderr
    assert _modes(out) == {"mini-press.pdf": shared, "mini-press.docx": shared, MANIFEST: shared,
                           "mini-policymaker.pdf": "0o600", "mini-policymaker.docx": "0o600"}


def test_a_red_brief_for_a_wider_profile_is_still_0600(proj, tmp_path):
    """The brief's marking decides too: a TLP:RED brief is for named recipients
    even where the profile states no reach."""
    profile = proj.root / "audiences" / "policymaker.yaml"
    profile.write_text(profile.read_text(encoding="utf-8").replace("reach: named\n", ""), encoding="utf-8")
    seed = proj.seeds / "mini.yaml"
    seed.write_text(seed.read_text(encoding="utf-8").replace(
        "      detail: It would turn shared views into joint work.\n",
        "      detail: It would turn shared views into joint work.\n      marking: TLP:RED\n"), encoding="utf-8")
    out = tmp_path / "out"
    outputs = build(proj, out, audience_names=["policymaker"], jobs=1)
    assert {o.brief.marking for o in outputs} == {"TLP:RED"}
    assert {n: m for n, m in _modes(out).items() if n != MANIFEST} == {
        "mini-policymaker.pdf": "0o600", "mini-policymaker.docx": "0o600"}


def test_budget_overrun_names_the_brief_and_its_longest_sections(tmp_path, proj):
    tight = proj.root / "audiences" / "analyst.yaml"
    tight.write_text(tight.read_text(encoding="utf-8").replace("budget: {pages: 20, words: 9000}",
                                                               "budget: {pages: 1, words: 100}"), encoding="utf-8")
    outputs = build(proj, proj.root / "briefs", audience_names=["analyst"], jobs=1)
    pdf = next(o for o in outputs if o.fmt == "pdf")
    assert pdf.pages > 1 and pdf.words > 100
    message = pdf.overrun()
    assert message.startswith(f"{pdf.pages} pages, {pdf.pages - 1} over its 1-page budget; "
                              f"{pdf.words:,} words, {pdf.words - 100:,} over its 100-word budget; "
                              "longest sections: ")
    longest = max(pdf.sections, key=lambda s: s[1])
    assert f"{longest[0]} ({longest[1]:,} words)" in message
    # it fitted what it could: every droppable fact went, lowest priority first
    assert pdf.dropped

    # the CLI warns, and --strict makes it an error; run against the copied project
    args = ["--project", str(proj.root), "build", "--audience", "analyst", "--format", "pdf",
            "--out", str(tmp_path / "cli")]
    lenient = run_cli(*args)
    assert lenient.returncode == 0, lenient.stderr
    assert f"warning: over budget: mini-analyst.pdf: {pdf.pages} pages" in lenient.stderr
    strict = run_cli(*args, "--strict")
    assert strict.returncode == 1
    assert "error: over budget: mini-analyst.pdf" in strict.stderr


def test_options_said_to_be_read_by_one_format_leave_the_other_unchanged(proj):
    """The claim behind OPTION_READ_BY, checked on the bytes each writer produces."""
    out = proj.root / "briefs"

    def digests(**kwargs) -> dict[str, str]:
        outputs = build(proj, out, audience_names=["analyst"], options=Options(**kwargs), jobs=1, force=True)
        return {o.path.name: o.sha256 for o in outputs}

    plain = digests()
    assert digests(pdf_variant="pdf/ua-1")["mini-analyst.docx"] == plain["mini-analyst.docx"]
    assert digests(comments=False, stale_after_days=1)["mini-analyst.pdf"] == plain["mini-analyst.pdf"]


def test_the_benchmark_makes_fact_bases_that_validate(tmp_path):
    """benchmarks/batch.py renames every id of the seed; a reference it misses
    would fail its build, and its figures would measure nothing."""
    result = subprocess.run([sys.executable, "-c",
                             "import sys; sys.path.insert(0, 'benchmarks'); from pathlib import Path; "
                             "import batch; print(*batch.make_project(Path(sys.argv[1]), 2))", str(tmp_path)],
                            cwd=ROOT, capture_output=True, text=True, check=True)
    paths = result.stdout.split()
    assert len(paths) == 2
    check = run_cli("--project", str(tmp_path), "validate", *paths)
    assert check.returncode == 1, check.stderr  # the seed's own warnings, no errors
    assert "error" not in check.stderr and "unknown" not in check.stderr


def _ctrl_c_as_a_terminal_sends_it() -> None:
    """In the build's process, before it starts: Ctrl-C acts as in a terminal even when the
    tests were started in the background by a shell, which ignores SIGINT in what it starts
    there (an ignored signal stays ignored in the children, and Python then never raises
    KeyboardInterrupt)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _start_build(tmp_path, count: int = 4) -> tuple[subprocess.Popen, Path]:
    """A 2-worker build of ``count`` copies of the mini fact base, in its own
    process group, returned once its first brief is written. Its stderr goes to
    a file, not a pipe: a worker that outlived the build would hold a pipe open."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for i in range(count):
        shutil.copy(FIXTURES / "mini.yaml", seeds / f"fb{i}.yaml")
    out = tmp_path / "briefs"
    proc = subprocess.Popen([sys.executable, "-m", "briefgen", "build", *map(str, sorted(seeds.iterdir())),
                             "--out", str(out), "--jobs", "2"], cwd=ROOT, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=(tmp_path / "stderr.txt").open("w"),
                            preexec_fn=_ctrl_c_as_a_terminal_sends_it)
    deadline = time.monotonic() + 120
    while not any(p.suffix in (".pdf", ".docx") for p in out.glob("fb*")) and time.monotonic() < deadline:
        time.sleep(0.01)
    return proc, out


def _children(pid: int) -> list[int]:
    kids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:  # the field after the state is the parent's pid
            kids.append(int(stat.parent.name))
    return kids


def _descendants(pid: int) -> list[int]:
    """Children, and theirs: the workers are forked from a fork server the build started."""
    found, todo = [], [pid]
    while todo:
        kids = _children(todo.pop())
        found += kids
        todo += kids
    return found


def _running(pid: int) -> bool:
    """The process exists and has not exited. An exited one stays in /proc as a zombie until
    its new parent, init, reaps it, which some inits (a container's, a VM's agent) do only
    every second or two: it runs nothing and holds nothing then."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return False


def test_workers_die_with_a_killed_build(tmp_path):
    proc, _ = _start_build(tmp_path)
    workers = _descendants(proc.pid)
    assert len(workers) >= 2, "the build runs its jobs in worker processes"
    proc.kill()  # the build alone, as the OOM killer would: its workers are not told
    proc.wait()
    deadline = time.monotonic() + 30
    while [w for w in workers if _running(w)] and time.monotonic() < deadline:
        time.sleep(0.05)
    alive = [w for w in workers if _running(w)]
    for w in alive:  # do not leave them running past the test
        os.kill(w, signal.SIGKILL)
    assert not alive


def test_ctrl_c_stops_the_build_with_exit_130_and_nothing_truncated(tmp_path):
    proc, out = _start_build(tmp_path)
    os.killpg(proc.pid, signal.SIGINT)  # as a terminal sends Ctrl-C to the whole group
    proc.wait(timeout=120)
    stderr = (tmp_path / "stderr.txt").read_text()
    assert proc.returncode == 130
    assert "briefgen: interrupted" in stderr and "Traceback" not in stderr
    for path in out.glob("fb*"):
        assert_complete(path)


# ------------------------------------------------ incremental builds stay right

def _press(proj, out, **kwargs):
    return statuses(build(proj, out, audience_names=["press"], jobs=1, **kwargs))


def test_the_manifest_is_read_only_under_the_lock(proj, monkeypatch):
    """Read before the lock, a manifest another build is about to rewrite
    would be saved back over that build's records."""
    import fcntl

    import briefgen.build as build_module

    out = proj.root / "briefs"
    real = build_module.Manifest
    seen = []

    def probe(folder):
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            seen.append("unlocked")
        except BlockingIOError:
            seen.append("locked")
        finally:
            os.close(fd)
        return real(folder)

    monkeypatch.setattr(build_module, "Manifest", probe)
    _press(proj, out)  # a first build, then a no-op one: both paths
    _press(proj, out)
    assert seen == ["locked", "locked"]


def test_what_is_parsed_is_the_bytes_that_were_hashed(proj, monkeypatch):
    """An edit between hashing and parsing must not be recorded under the key
    of the text before it: here the fact base changes just then, and is
    changed back; the next build must not then skip a brief of the edited text."""
    import briefgen.build as build_module

    seed = proj.seeds / "mini.yaml"
    original = seed.read_text(encoding="utf-8")
    # a takeaway: the press backgrounder prints takeaways, not the areas' facts
    edited = original.replace("text: Navies now train together.", "text: Navies now train together monthly.")
    assert edited != original
    real = build_module.load_inputs

    def edit_then_load(*args, **kwargs):
        seed.write_text(edited, encoding="utf-8")
        return real(*args, **kwargs)

    monkeypatch.setattr(build_module, "load_inputs", edit_then_load)
    out = proj.root / "briefs"
    _press(proj, out, options=Options(formats=("docx",)))
    monkeypatch.setattr(build_module, "load_inputs", real)
    seed.write_text(original, encoding="utf-8")
    again = _press(proj, out, options=Options(formats=("docx",)))
    # words as a reader reads them: a takeaway's last two are joined by a no-break space
    text = " ".join(" ".join(p.text for p in docx.Document(str(out / "mini-press.docx")).paragraphs).split())
    # the brief on disk is the one its recorded key says: of the text now in the file
    assert "Navies now train together." in text and "monthly" not in text, again


@pytest.fixture
def fresh_environment():
    """The environment's digest is cached per process: clear it around a test that fakes it."""
    from briefgen import software

    cached = (software.environment_digest, software._installed)
    for function in cached:
        function.cache_clear()
    yield software
    for function in cached:
        function.cache_clear()


@pytest.mark.parametrize("distribution, rebuilt", [
    # the Word draft's page numbers come from WeasyPrint's layout: it is rebuilt with the PDF
    ("weasyprint", "both"), ("pydyf", "both"), ("python-docx", "docx"),
    ("jinja2", "both"), ("pydantic", "both"), ("pillow", "both"),
])
def test_upgrading_a_dependency_rebuilds_what_it_renders(built_mini, monkeypatch, fresh_environment, distribution,
                                                         rebuilt):
    proj, out = built_mini, built_mini.root / "briefs"
    assert set(_press(proj, out).values()) == {"skipped"}
    installed = dict(fresh_environment._installed())
    key = fresh_environment._normal(distribution)
    assert key in installed, f"{distribution} is not installed: the key would not see it"
    installed[key] = installed[key] + ".post1"
    fresh_environment.environment_digest.cache_clear()
    monkeypatch.setattr(fresh_environment, "_installed", lambda: installed)
    expected = {f"mini-press.{f}": ("built" if rebuilt in (f, "both") else "skipped") for f in ("pdf", "docx")}
    assert _press(proj, out) == expected


def test_a_new_font_or_layout_library_rebuilds_both_formats(proj, monkeypatch, fresh_environment, tmp_path):
    """Fonts and layout libraries decide the PDF's pages, and so the Word draft's page numbers."""
    out = proj.root / "briefs"
    fonts = tmp_path / "fonts"
    fonts.mkdir()
    monkeypatch.setattr(fresh_environment, "FONT_FOLDERS", (*fresh_environment.FONT_FOLDERS, str(fonts)))
    _press(proj, out)
    assert set(_press(proj, out).values()) == {"skipped"}
    (fonts / "House-Regular.ttf").write_bytes(b"a font file")
    fresh_environment.environment_digest.cache_clear()
    assert _press(proj, out) == {"mini-press.pdf": "built", "mini-press.docx": "built"}
    libraries = {**fresh_environment._libraries(), "pango-1.0": "libpango-1.0.so.0.5100.0"}
    monkeypatch.setattr(fresh_environment, "_libraries", lambda: libraries)
    fresh_environment.environment_digest.cache_clear()
    assert _press(proj, out) == {"mini-press.pdf": "built", "mini-press.docx": "built"}


def test_a_template_edited_while_jobs_run_is_not_recorded_as_fresh(proj, monkeypatch):
    import briefgen.jobs as jobs_module  # the build imports the pool's execute when it runs jobs

    real = jobs_module.execute
    css = proj.root / "templates" / "brief.css"

    original = css.read_text(encoding="utf-8")

    def execute_while_editing(*args, **kwargs):
        css.write_text(original + "\nh2 { color: #000; }\n", encoding="utf-8")  # as the jobs start
        return real(*args, **kwargs)

    out = proj.root / "briefs"
    monkeypatch.setattr(jobs_module, "execute", execute_while_editing)
    assert set(_press(proj, out, options=Options(formats=("pdf",))).values()) == {"built"}
    monkeypatch.setattr(jobs_module, "execute", real)
    css.write_text(original, encoding="utf-8")  # and undone: the inputs are again those hashed
    # the PDF was laid out with the edited stylesheet: it is made again, not skipped
    assert _press(proj, out, options=Options(formats=("pdf",))) == {"mini-press.pdf": "built"}
