"""The whole pipeline, end to end, read back from the real files."""
from __future__ import annotations

import shutil

import pytest
from conftest import AUDIENCES, FIXTURES, SEED, docx_headings, in_short_form, normalise, pdf_pages, pdf_text, run_cli

from briefgen.markings import marking_rank
from briefgen.model import all_facts


def test_every_audience_and_format_is_built(seed_briefs):
    assert sorted(seed_briefs) == sorted((a, f) for a in AUDIENCES for f in ("pdf", "docx"))
    for output in seed_briefs.values():
        assert output.path.name == f"eu-japan-{output.brief.audience.name}.{output.fmt}"
        assert output.path.stat().st_size > 5000


@pytest.mark.parametrize("audience", AUDIENCES)
def test_pdf_holds_title_and_every_section(seed_briefs, audience):
    output = seed_briefs[(audience, "pdf")]
    text = pdf_text(output.path)
    assert normalise(output.brief.factbase.meta.title) in text
    for spec in output.brief.audience.sections:
        assert spec.label in text, f"{audience}: section {spec.label!r} missing from the PDF"


@pytest.mark.parametrize("audience", AUDIENCES)
def test_docx_headings_match_sections_in_heading_styles(seed_briefs, audience):
    output = seed_briefs[(audience, "docx")]
    headings = [text for style, text in docx_headings(output.path) if style == "Heading 1"]
    expected = [s.label for s in output.brief.audience.sections]
    if output.brief.audience.source_notes == "endnotes":
        expected.append("Notes")
    assert headings == expected


def test_policymaker_pdf_fits_two_pages(seed_briefs):
    assert pdf_pages(seed_briefs[("policymaker", "pdf")].path) <= 2


def test_analyst_pdf_carries_every_releasable_fact(seed_briefs, seed_inputs):
    fb = seed_inputs.factbases["eu-japan"]
    analyst = seed_inputs.audiences["analyst"]
    # as the fact base writes the facts: a first use written out goes back to its short form
    text = in_short_form(pdf_text(seed_briefs[("analyst", "pdf")].path), fb)
    level = marking_rank(fb, analyst.release)
    # a recommendation written for other readers only (an exporter's to-do) is theirs
    releasable = [f for _, f in all_facts(fb) if marking_rank(fb, f.marking) <= level
                  and (not getattr(f, "audiences", None) or analyst.reader in f.audiences)]
    # squashed: pdftotext joins a line broken at a hard hyphen ("foreign-|policy") without it
    flat = "".join(text.split()).replace("-", "")
    missing = [f.id for f in releasable if "".join(f.headline.split()).replace("-", "") not in flat]
    assert not missing, f"facts missing from the analyst PDF: {missing}"
    assert len(releasable) >= 40


@pytest.mark.parametrize("content, expected", [
    ("meta: [unclosed\n", "bad.yaml:1:7: meta: YAML syntax error: the '[' on this line is never closed: end the list "
                          "with ']' (YAML read on to the end of the file, looking for it)"),
    (SEED.read_text(encoding="utf-8").replace("  date: 2024-12-02", "  date: 23 November 2023", 1),
     "bad.yaml:{line}:9: meta.date: not a date (expected YYYY-MM-DD), got '23 November 2023'"),
], ids=["yaml-syntax", "date-in-words"])
def test_bad_input_gives_one_line_exit_2_and_writes_nothing(tmp_path, content, expected):
    bad = tmp_path / "bad.yaml"
    bad.write_text(content, encoding="utf-8")
    line = next((i for i, text in enumerate(content.splitlines(), 1) if text.startswith("  date: 23 November 2023")), 0)
    out = tmp_path / "briefs"
    out.mkdir()
    (out / "keep.pdf").write_bytes(b"old brief")
    result = run_cli("build", str(bad), "--out", str(out), cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip() == expected.format(line=line)
    assert "Traceback" not in result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["keep.pdf"]
    assert (out / "keep.pdf").read_bytes() == b"old brief"


def test_validate_clean_fixture_exits_zero_or_warns():
    result = run_cli("validate", str(FIXTURES / "mini.yaml"))
    # the fixture cites a secondary source alone nowhere, so it is clean
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ok: 1 fact base(s), 5 audience(s)")


def test_cli_build_writes_named_outputs(tmp_path):
    result = run_cli("build", str(FIXTURES / "mini.yaml"), "--audience", "press", "--format", "pdf",
                     "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    # the one brief, and beside it the build's manifest of what it was made from
    assert sorted(p.name for p in tmp_path.iterdir()) == [".briefgen-cache.json", "mini-press.pdf"]
    assert "Test partnership brief" in pdf_text(tmp_path / "mini-press.pdf")


def test_a_worker_renders_with_the_templates_the_build_compiled(tmp_path, monkeypatch):
    """The build compiles every template to check it and hands the code to its workers
    (render.html.compiled_templates, task.Task.compiled): a worker given it renders without
    compiling any template again, and compiles again only a template edited since."""
    import jinja2
    from conftest import make_project

    from briefgen.pipeline import load_inputs, make_brief_and_html
    from briefgen.project import Project
    from briefgen.render import html

    project = Project(make_project(tmp_path))
    inputs = load_inputs(project)  # as the build does, before it plans its tasks
    codes = html.compiled_templates()
    compiled = []
    compile_ = jinja2.Environment.compile

    def counted(env, source, name=None, *args, **kwargs):
        compiled.append(name)
        return compile_(env, source, name, *args, **kwargs)

    monkeypatch.setattr(jinja2.Environment, "compile", counted)
    monkeypatch.setattr(html._COMPILED, "codes", {})  # a new worker's: nothing compiled yet

    def render() -> str:
        html._environment.cache_clear()  # and no template loaded yet
        fb = next(iter(inputs.factbases.values()))
        return make_brief_and_html(fb, inputs.audiences["press"], "mini-press", project.templates)[1]

    html.use_compiled(codes)
    first = render()
    assert compiled == []
    template = project.root / "templates" / html.TEMPLATE
    template.write_text(template.read_text(encoding="utf-8").replace("<body", "<!-- edited --><body", 1),
                        encoding="utf-8")
    assert "<!-- edited -->" in render() and "<!-- edited -->" not in first
    assert compiled == [html.TEMPLATE]


def test_new_without_an_organisation_says_which_name_it_gave_and_where_to_change_it(tmp_path):
    """Every masthead and footer prints the organisation: one named after the folder is said so."""
    made = run_cli("new", "Review empty", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    note = ("note: the organisation is 'Review empty', the folder's name, on every brief's masthead and footer; "
            "change it in Review empty/briefgen.toml (organisation = \"...\" under [house])")
    assert note in made.stdout.splitlines()
    named = run_cli("new", "desk", "--organisation", "Institute for Policy Studies", cwd=tmp_path)
    assert named.returncode == 0 and "note:" not in named.stdout


def test_validate_without_arguments_checks_every_fact_base_in_seeds(tmp_path):
    """As build and release-check do; outside a project it says there is none."""
    root = tmp_path / "desk"
    assert run_cli("new", str(root), "--organisation", "Desk", cwd=tmp_path).returncode == 0
    shutil.copy(FIXTURES / "mini.yaml", root / "seeds" / "mini.yaml")
    checked = run_cli("validate", cwd=root / "seeds")
    assert checked.returncode == 0, checked.stderr
    assert checked.stdout.startswith("ok: 2 fact base(s), 5 audience(s)")
    (root / "seeds" / "mini.yaml").write_text("meta: [unclosed\n", encoding="utf-8")
    refused = run_cli("validate", cwd=root)
    assert (refused.returncode, refused.stderr.splitlines()) == (
        2, ["seeds/mini.yaml:1:7: meta: YAML syntax error: the '[' on this line is never closed: end the list with ']' "
            "(YAML read on to the end of the file, looking for it)"])
    nowhere = run_cli("validate", cwd=tmp_path)
    assert nowhere.returncode == 2 and "no briefgen.toml" in nowhere.stderr


def test_loading_parses_and_validates_each_file_once(monkeypatch, tmp_path):
    """The build's start-up read each profile twice (the readers check, then load_audience) and
    policymaker's cited profile a third time, and the fact base twice (the second only to place
    the alike-openings warning): every file is parsed once, every profile validated once."""
    from conftest import make_project

    from briefgen import load
    from briefgen.pipeline import load_inputs
    from briefgen.profile import Audience
    from briefgen.project import Project

    root = make_project(tmp_path / "p", seed=SEED)
    monkeypatch.chdir(root)  # files named as from the project's folder
    parsed: list[str] = []
    validated: list[str] = []
    parse, validate = load.parse_yaml, Audience.model_validate
    monkeypatch.setattr(load, "parse_yaml", lambda text, name: parsed.append(name) or parse(text, name))
    monkeypatch.setattr(Audience, "model_validate", lambda data, *a, **k: validated.append(data["name"])
                        or validate(data, *a, **k))
    inputs = load_inputs(Project(root), contents={})
    assert sorted(inputs.audiences) == sorted(AUDIENCES)
    assert sorted(n for n in parsed if not n.endswith(".toml")) == sorted(
        [f"audiences/{a}.yaml" for a in AUDIENCES] + ["seeds/eu-japan.yaml"]), parsed
    assert sorted(validated) == sorted(AUDIENCES)
