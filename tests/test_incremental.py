"""Rebuild what changed: a build after an edit lays out again only the briefs whose
content changed, and its table says why each file was built or kept."""
from __future__ import annotations

import re
import shutil

import pytest
import yaml
from conftest import ROOT, SEED, make_project, run_cli

from briefgen.build import build
from briefgen.pipeline import Options
from briefgen.project import Project
from briefgen.render.html import render_html


@pytest.fixture
def proj(tmp_path) -> Project:
    """A throwaway project with the small fixture as its fact base: why a file is built
    is decided the same for any fact base, and the small one lays out in a fraction of the time."""
    return Project(make_project(tmp_path / "project"))


@pytest.fixture
def built_seed(seed_briefs, tmp_path) -> Project:
    """A copy of this repository's project (its briefgen.toml, templates, profiles and the
    EU–Japan fact base) with the session's seed briefs and their manifest in its briefs/."""
    root = tmp_path / "project"
    for folder in ("templates", "audiences", "seeds"):
        shutil.copytree(ROOT / folder, root / folder)
    shutil.copy2(ROOT / "briefgen.toml", root / "briefgen.toml")
    # copytree keeps the files' times, so the copy's build finds its inputs unchanged
    shutil.copytree(next(iter(seed_briefs.values())).path.parent, root / "briefs")
    return Project(root)


def marked(node, marking: str):
    """Every fact (a mapping with an id) of the fact base carrying ``marking``."""
    if isinstance(node, dict):
        if node.get("marking") == marking and "id" in node:
            yield node
        for value in node.values():
            yield from marked(value, marking)
    elif isinstance(node, list):
        for value in node:
            yield from marked(value, marking)


def edit_headline(path, fact_id: str) -> None:
    """Reword a fact's headline in the file as an editor would, keeping everything else."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if re.match(rf"\s*- id: {re.escape(fact_id)}\s*$", line))
    at = next(i for i in range(at, len(lines)) if lines[i].strip().startswith("headline:"))
    if lines[at].rstrip().endswith((">-", ">", "|", "|-")):
        at += 1  # a block scalar: its text starts on the next line
        lines[at] = re.sub(r"^(\s*)", r"\1Reworded: ", lines[at], count=1)
    else:
        lines[at] = lines[at].replace("headline: ", "headline: Reworded: ", 1)
    path.write_text("".join(lines), encoding="utf-8")


def table(stdout: str) -> dict[str, tuple[str, str]]:
    """The build table's rows: file -> (status, why)."""
    rows = {}
    for line in stdout.splitlines():
        cells = [cell.strip() for cell in line.split("│")[1:-1]]
        if cells and re.fullmatch(r"[\w.-]+\.(pdf|docx)", cells[0]):
            rows[cells[0]] = (cells[1], cells[-1])
    return rows


def test_an_amber_fact_rebuilds_the_analyst_brief_alone_and_the_table_says_why(built_seed, seed_briefs):
    proj, out = built_seed, built_seed.root / "briefs"
    printed_by = {}
    for o in seed_briefs.values():
        if o.fmt == "pdf":
            html = render_html(o.brief, proj.templates)
            for fact in set(re.findall(r'data-fact="([^"]+)"', html)):
                printed_by.setdefault(fact, set()).add(o.brief.audience.name)
    seed = proj.seeds / SEED.name
    amber = [f["id"] for f in marked(yaml.safe_load(seed.read_text(encoding="utf-8")), "TLP:AMBER")
             if printed_by.get(f["id"]) == {"analyst"}]
    assert amber, "the seed has no TLP:AMBER fact printed in the analyst brief alone"

    edit_headline(seed, amber[0])
    result = run_cli("--project", str(proj.root), "build", "-o", str(out))
    assert result.returncode == 0, result.stderr
    rows = table(result.stdout)
    assert "10 job(s): 2 built, 8 skipped, 0 failed" in result.stdout, result.stdout
    assert rows["eu-japan-analyst.pdf"] == ("built", "content changed")
    assert rows["eu-japan-analyst.docx"] == ("built", "content changed")
    for name, (status, why) in rows.items():
        if "-analyst." not in name:
            assert (status, why) == ("skipped", "same content"), name

    # the edited inputs are now the known ones: the next build parses nothing and keeps all
    again = build(proj, out, jobs=2)
    assert {(o.status, o.reason) for o in again} == {("skipped", "inputs unchanged")}


def test_why_each_file_was_built(proj):
    out = proj.root / "briefs"
    first = build(proj, out, audience_names=["press"], jobs=1)
    assert {(o.status, o.reason) for o in first} == {("built", "new")}
    css = proj.root / "templates" / "brief.css"
    css.write_text(css.read_text(encoding="utf-8") + "\nh2 { letter-spacing: 0.01em; }\n", encoding="utf-8")
    (out / "mini-press.docx").unlink()
    why = {o.path.name: (o.status, o.reason) for o in build(proj, out, audience_names=["press"], jobs=1)}
    assert why == {"mini-press.pdf": ("built", "stylesheet or assets changed"),
                   "mini-press.docx": ("built", "file edited or missing")}
    forced = build(proj, out, audience_names=["press"], jobs=1, force=True)
    assert {(o.status, o.reason) for o in forced} == {("built", "--force")}

    # a template edit that prints the same HTML (a Jinja comment) keeps every file
    macros = proj.root / "templates" / "macros.html.j2"
    macros.write_text(macros.read_text(encoding="utf-8") + "\n{# a note for the next editor #}\n",
                      encoding="utf-8")
    kept = build(proj, out, audience_names=["press"], jobs=1)
    assert {(o.status, o.reason) for o in kept} == {("skipped", "same content")}


def test_why_names_the_house_configuration_and_a_failed_build(proj):
    """A briefgen.toml edit (the accent) says so, not 'content changed'; a file whose last build
    failed is rebuilt as such, not as 'new' (it is there, from the build before)."""
    root = proj.root
    toml = root / "briefgen.toml"
    toml.write_text('[house]\norganisation = "Policy Unit"\naccent = "#1f4e79"\n', encoding="utf-8")

    def press_pdf() -> list[tuple[str, str]]:  # a build as a new command runs it: the project read afresh
        outputs = build(Project(root), root / "briefs", audience_names=["press"], options=Options(formats=("pdf",)),
                        jobs=1)
        return [(o.status, o.reason) for o in outputs]

    assert press_pdf() == [("built", "new")]
    toml.write_text(toml.read_text(encoding="utf-8").replace("#1f4e79", "#7a1f3d"), encoding="utf-8")
    assert press_pdf() == [("built", "house configuration changed")]

    template = root / "templates" / "brief.html.j2"
    good = template.read_text(encoding="utf-8")
    template.write_text(good.replace("<body", "{{ brief.no_such_thing }}<body", 1), encoding="utf-8")
    assert [status for status, _ in press_pdf()] == ["failed"]
    template.write_text(good, encoding="utf-8")
    assert press_pdf() == [("built", "last build failed")]


def test_an_edit_to_the_default_word_reference_rebuilds_the_drafts_alone(proj, monkeypatch, tmp_path):
    """The default reference is data the Word writer reads (its list numbers, its styles): hashed as
    briefgen's code, an edit to numbering.xml rebuilt every PDF too ('briefgen changed'). It is a
    Word-only input, as a project's reference_docx is: the drafts are rebuilt, the PDFs kept."""
    from briefgen import software
    from briefgen.render.word.package import reference_parts

    out = proj.root / "briefs"
    build(proj, out, audience_names=["press", "policymaker"], jobs=1)
    # the reference as a team's edit leaves it: a copy of the package's, one list's number changed
    reference = tmp_path / "default-reference"
    shutil.copytree(software.DEFAULT_REFERENCE, reference)
    numbering = reference / "word" / "numbering.xml"
    numbering.write_text(numbering.read_text(encoding="utf-8").replace('w:val="%1"', 'w:val="%1)"', 1),
                         encoding="utf-8")
    assert software.code_files() and all(software.DEFAULT_REFERENCE not in p.parents for p in software.code_files())
    # the folder hashed is the one the Word writer zips its reference from
    assert {p.relative_to(software.DEFAULT_REFERENCE).as_posix() for p in software.DEFAULT_REFERENCE.rglob("*")
            if p.is_file()} == set(reference_parts())
    software.reference_digest.cache_clear()
    monkeypatch.setattr(software, "DEFAULT_REFERENCE", reference)
    try:
        why = {o.path.name: (o.status, o.reason)
               for o in build(proj, out, audience_names=["press", "policymaker"], jobs=1)}
    finally:
        software.reference_digest.cache_clear()
    assert why == {"mini-press.pdf": ("skipped", "inputs unchanged"),
                   "mini-policymaker.pdf": ("skipped", "inputs unchanged"),
                   "mini-press.docx": ("built", "default Word reference changed"),
                   "mini-policymaker.docx": ("built", "default Word reference changed")}
