"""The bad-input corpus (tests/bad/cases.yaml): each case gets its one expected line and exit code
from the command line, `validate` and `build`, in a copy of the project, and from the library.

Each case's file is made in a temporary folder from its base and its edit (conftest.bad_input).
The commands run in this process (tests/inprocess.py: the console script's entry point, with
stdout and stderr captured at the file descriptors, the build's workers' included); one case
of each kind also runs as a real process, and must print the same.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import BAD, BAD_CASES, bad_input, cli, make_project, out_dir, untouched

from briefgen.errors import BriefgenError
from briefgen.project import load_factbase

# Cases that are not YAML go where a user would give them, and are built:
# reference/X.docx as --reference-docx (Word draft of the press brief);
# template/X.j2 as templates/brief.html.j2 (PDF of the press brief).
BUILT_KINDS = ("reference", "template")


def validated(case: str) -> bool:
    return case.split("/")[0] not in BUILT_KINDS


def run_case(case: str, root: Path, process: bool = False) -> dict:
    """Install one case's file in a fresh project, then validate it, validate --strict, and build it."""
    make_project(root)
    kind, name = case.split("/")
    if kind != "template":  # briefgen's own templates then, as in a new project: compiled once for every case
        shutil.rmtree(root / "templates")
    target = {"factbase": root / name, "audience": root / "audiences" / name, "config": root / "briefgen.toml",
              "reference": root / name, "template": root / "templates" / "brief.html.j2"}[kind]
    target.write_bytes(bad_input(case))
    out = out_dir(root)
    if kind in BUILT_KINDS:
        args = ["-f", "docx", "--reference-docx", name] if kind == "reference" else ["-f", "pdf"]
        return {"build": cli(root, "build", "seeds/mini.yaml", "-a", "press", "--out", str(out), *args,
                             process=process), "out": out, "root": root}
    checked = name if kind == "factbase" else "seeds/mini.yaml"  # a profile or briefgen.toml: checked with it
    run = {"validate": cli(root, "validate", checked, process=process), "out": out, "root": root}
    if BAD_CASES[case]["exit"] == 1:
        run["strict"] = cli(root, "validate", "--strict", checked, process=process)
    else:  # a build with warnings only goes ahead: building it is another test's job
        run["build"] = cli(root, "build", checked, "--format", "pdf", "--out", str(out), process=process)
    return run


@pytest.fixture(scope="session")
def corpus(once):
    """Every case, run once, one after another (each command runs in this process)."""
    def make(folder: Path):
        return {case: run_case(case, folder / case.replace("/", "-")) for case in sorted(BAD_CASES)}
    return once("bad-input-corpus", make)


def test_corpus_is_large_and_every_whole_file_has_an_expectation():
    files = {f"{p.parent.name}/{p.name}" for p in BAD.glob("*/*")
             if p.is_file()}
    assert files == {case for case, spec in BAD_CASES.items() if "replace" not in spec}
    assert len([c for c, e in BAD_CASES.items() if e["exit"] == 2]) >= 30


def check_validate(run: dict, case: str) -> None:
    result, expected = run["validate"], BAD_CASES[case]
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [expected["message"]]
    assert result.returncode == expected["exit"]


def check_strict(run: dict, case: str) -> None:
    result = run["strict"]
    assert result.returncode == 2
    assert result.stderr.splitlines() == [BAD_CASES[case]["message"]]


def check_build_refused(run: dict, case: str) -> None:
    result = run["build"]
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [BAD_CASES[case]["message"]]
    assert untouched(run["out"])
    assert not (run["root"] / "briefs").exists()


def check_built_kind(run: dict, case: str) -> None:
    """A reference document or template the build must survive: the expected
    exit and the one line naming the file; a refused input writes no brief,
    an accepted one (exit 0) writes its brief."""
    result, expected = run["build"], BAD_CASES[case]
    assert "Traceback" not in result.stderr
    assert result.returncode == expected["exit"], result.stderr
    assert [line for line in result.stderr.splitlines() if line.strip()] == (
        [expected["message"]] if expected.get("message") else [])
    written = sorted(p.name for p in run["out"].iterdir() if not p.name.startswith("."))
    assert written == ["earlier.pdf"] + (["mini-press." + ("docx" if case.startswith("reference") else "pdf")]
                                         if expected["exit"] == 0 else [])


@pytest.mark.parametrize("case", sorted(filter(validated, BAD_CASES)))
def test_validate_prints_the_one_expected_line(corpus, case):
    check_validate(corpus[case], case)


@pytest.mark.parametrize("case", sorted(c for c, e in BAD_CASES.items() if e["exit"] == 1))
def test_strict_turns_warnings_into_exit_2(corpus, case):
    check_strict(corpus[case], case)


@pytest.mark.parametrize("case", sorted(c for c, e in BAD_CASES.items() if e["exit"] == 2 and validated(c)))
def test_build_refuses_and_leaves_the_output_folder_alone(corpus, case):
    check_build_refused(corpus[case], case)


@pytest.mark.parametrize("case", sorted(c for c in BAD_CASES if not validated(c)))
def test_a_bad_reference_or_template_fails_its_build_in_one_line(corpus, case):
    check_built_kind(corpus[case], case)


# Each way a bad input is refused, run as a real process too: a fact base by validate and by
# the build itself; a template by the build's worker process, its line passed back to the build.
@pytest.mark.parametrize("case", ["factbase/date-words.yaml", "template/center-filter.j2"])
def test_a_real_process_prints_what_the_in_process_run_printed(corpus, case, tmp_path):
    real = run_case(case, tmp_path / "project", process=True)
    commands = [command for command in ("validate", "strict", "build") if command in real]
    assert [(real[c].returncode, real[c].stderr) for c in commands] == [
        (corpus[case][c].returncode, corpus[case][c].stderr) for c in commands]
    if "validate" in real:
        check_validate(real, case)
        check_build_refused(real, case)
    else:
        check_built_kind(real, case)


def test_validate_keeps_the_warnings_of_one_file_when_another_has_errors(tmp_path):
    root = make_project(tmp_path)
    for case in ("date-words", "warn-stale-fact"):
        (root / f"{case}.yaml").write_bytes(bad_input(f"factbase/{case}.yaml"))
    result = cli(root, "validate", "date-words.yaml", "warn-stale-fact.yaml")
    assert result.returncode == 2
    assert result.stderr.splitlines() == [BAD_CASES["factbase/date-words.yaml"]["message"],
                                          BAD_CASES["factbase/warn-stale-fact.yaml"]["message"]]


@pytest.mark.parametrize("case", sorted(c for c in BAD_CASES if c.startswith("factbase/")
                                         and not BAD_CASES[c].get("with_profiles")))
def test_load_factbase_raises_the_same_problems(case, tmp_path, monkeypatch):
    """The library gives the same lines as the command (but for what the fact base is checked
    against the profiles for, with_profiles: load_factbase reads the fact base alone)."""
    name = case.split("/")[1]
    (tmp_path / name).write_bytes(bad_input(case))
    monkeypatch.chdir(tmp_path)
    expected = BAD_CASES[case]
    if expected["exit"] == 2:
        with pytest.raises(BriefgenError) as caught:
            load_factbase(Path(name))
        assert str(caught.value) == expected["message"]
    else:
        _, warnings = load_factbase(Path(name))
        assert [str(w) for w in warnings] == [expected["message"]]


@pytest.mark.parametrize(("given", "line"), [
    ("journalist", "briefgen: unknown audience 'journalist'; expected one of: analyst, business, policymaker, "
                   "press, security"),
    ("Press", "briefgen: unknown audience 'Press' (did you mean 'press'?); expected one of: analyst, business, "
              "policymaker, press, security")])
def test_an_unknown_audience_on_the_command_line_names_the_known_ones(tmp_path, given, line):
    """-a names a profile: no file audiences/journalist.yaml is named, as if it existed."""
    root = make_project(tmp_path)
    out = out_dir(root)
    result = cli(root, "build", "seeds/mini.yaml", "-a", given, "--out", str(out))
    assert (result.returncode, result.stderr.splitlines()) == (2, [line])
    assert untouched(out) and not (root / "briefs").exists()


RELEASE_ABOVE_REACH = ("audiences/wire.yaml:25:10: release: release TLP:AMBER is above what a 'public' audience "
                       "may receive (at most TLP:CLEAR); lower release or correct reach")


@pytest.mark.parametrize(("old", "new", "first"), [
    ("- id: timeline", "- id: timelin",
     "audiences/wire.yaml:9:9: sections[1].id: unknown value 'timelin' (did you mean 'timeline'?); expected one of: "
     "takeaways, drivers, frameworks, areas, timeline, challenges, recommendations, corrections, sources, purpose, "
     "decision, lines, judgements, watch"),
    ("other_max_priority: 2", "other_max_priority: 9",
     "audiences/wire.yaml:19:21: other_max_priority: must be at most 5, got 9"),
    ("lead_themes: []", "lead_theme: []",
     "audiences/wire.yaml:18:1: lead_theme: unknown key 'lead_theme' (did you mean 'lead_themes'?)")])
def test_a_profile_s_problems_come_all_at_once(tmp_path, old, new, first):
    """A misspelt section id, a value out of range or a misspelt optional key no longer hides the
    release level that the profile's reach may not receive: the checks run on the profile less
    what the schema refused."""
    root = make_project(tmp_path)
    text = (BAD / "audience.yaml").read_text(encoding="utf-8").replace("name: base", "name: wire")
    text = text.replace(old, new).replace("release: TLP:CLEAR", "release: TLP:AMBER\nreach: public")
    (root / "audiences" / "wire.yaml").write_text(text, encoding="utf-8")
    result = cli(root, "validate", "seeds/mini.yaml")
    assert (result.returncode, result.stderr.splitlines()) == (2, [first, RELEASE_ABOVE_REACH])
