"""An editor's changes to a Word draft come back to the fact base.

The drafts are edited the way editors edit them: in LibreOffice itself (driven
through its UNO bridge, change recording on) and with python-docx; then
`briefgen absorb` reads them, `--apply` writes the rewording into the YAML,
and a rebuild carries it, as LibreOffice, pandoc and mammoth read it.
"""
from __future__ import annotations

import functools
import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import mammoth
import pypandoc
import pytest
from conftest import MINI, ROOT, cli, make_project, run_cli, soffice
from docx.oxml.ns import qn
from lxml import etree

from briefgen import anchors
from briefgen.absorb import absorb as absorb_draft
from briefgen.absorb import checkable, fact_values, new_facts, rewrite, verify
from briefgen.build import build
from briefgen.cache import MANIFEST
from briefgen.pipeline import Options
from briefgen.project import Project, load_factbase
from briefgen.render.abbreviations import contract, pairs

LO_EDIT = Path(__file__).resolve().parent / "lo_edit.py"
SYSTEM_PYTHON = "/usr/bin/python3"  # Debian's, with python3-uno; the venv's python has no uno


# ------------------------------------------------------------------ helpers

DRAFTED = ("analyst", "business")  # the drafts the workspace comes with


def draft_of(root: Path, audience: str, out: str = "briefs") -> Path:
    """The Word draft of one audience, built in root/out (the workspace's own drafts in
    briefs/ were built with it: a later call builds again only into another folder)."""
    if out == "briefs" and audience in DRAFTED:
        return root / out / f"eu-japan-{audience}.docx"
    [output] = build(Project(root), root / out, audience_names=[audience],
                     options=Options(formats=("docx",)), force=True, jobs=1)
    assert output.status == "built", output.error
    return output.path


@pytest.fixture
def workspace(once, seed_briefs, tmp_path) -> Path:
    """A copy of the project whose fact base is committed to git, as a user's would be, with
    the Word drafts of DRAFTED in briefs/ (made once a session and copied for each test). The
    drafts are the session's build of the same fact base, profiles and templates (seed_briefs):
    a build in this folder writes the same bytes. The build's manifest comes with them, with
    the page maps absorb reads (test_absorb_takes_the_page_map_a_build_recorded)."""
    def make(root: Path):
        for folder in ("seeds", "audiences", "templates"):
            shutil.copytree(ROOT / folder, root / folder)
        git = ["git", "-C", str(root), "-c", "user.name=t", "-c", "user.email=t@example.org"]
        subprocess.run(git + ["init", "-q"], check=True)
        subprocess.run(git + ["add", "seeds"], check=True)
        subprocess.run(git + ["commit", "-qm", "fact base"], check=True)
        (root / "briefs").mkdir()
        for audience in DRAFTED:
            shutil.copy(seed_briefs[(audience, "docx")].path, root / "briefs")
        shutil.copy(seed_briefs[(DRAFTED[0], "docx")].path.parent / MANIFEST, root / "briefs")
        return root
    return Path(shutil.copytree(once("absorb-workspace", make), tmp_path / "workspace", symlinks=True))


@functools.lru_cache(maxsize=8)
def seed_values(text: str, reader: str | None = None, language: str | None = None) -> dict:
    """fact_values of a fact base's text, composed once per text: ruamel takes about 0.15 s
    over the seed's, and these tests read the same text again and again (never changing it)."""
    return fact_values(text, reader, language)


def absorb(root: Path, *args: str) -> subprocess.CompletedProcess:
    return run_cli("--project", str(root), "absorb", *args)


def lo_edit(jobs: list[tuple], spec: Path, profile: Path) -> None:
    """Each (source, target, edits[, tracked]) job done by LibreOffice, all in one run of it
    (tests/lo_edit.py), with a copy of ``profile`` (office_profile) beside ``spec`` as its user
    profile. Edits are tracked changes unless ``tracked`` is False."""
    spec.write_text(json.dumps([{"source": str(job[0]), "target": str(job[1]), "edits": job[2],
                                 "track": job[3] if len(job) > 3 else True} for job in jobs]), encoding="utf-8")
    own = Path(shutil.copytree(profile, spec.with_name(spec.stem + "-profile")))
    subprocess.run([SYSTEM_PYTHON, str(LO_EDIT), str(spec), str(own)], check=True, timeout=300)


def git_diff(root: Path) -> str:
    return subprocess.run(["git", "-C", str(root), "diff", "-U0", "--", "seeds"], check=True,
                          capture_output=True, text=True).stdout


def bookmark_names(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as package:
        root = etree.fromstring(package.read("word/document.xml"))
    return [b.get(qn("w:name")) for b in root.iter(qn("w:bookmarkStart")) if anchors.parse(b.get(qn("w:name")))]


def value(root: Path, ident: str, key: str) -> str:
    return seed_values((root / "seeds" / "eu-japan.yaml").read_text(encoding="utf-8"))[ident][key].text


def set_anchored_text(document, prefix_id: str, field: str, new: str) -> None:
    """python-docx edit: replace the text between the bookmark of (id, field) with ``new``: the
    bookmark of that id, else of the first id a token cut short stands for ("cyb-dialogue" is no
    cut "cyb-dialogue-cadence")."""
    body = document.element.body
    token = anchors.id_token(prefix_id)
    starts = [(start, anchors.parse(start.get(qn("w:name")))) for start in body.iter(qn("w:bookmarkStart"))]
    starts = [(start, anchor) for start, anchor in starts if anchor and anchor.field == field]
    exact = [(start, anchor) for start, anchor in starts if anchor.token == token]
    for start, anchor in exact or starts:
        if token.startswith(anchor.token):
            ident, texts, node = start.get(qn("w:id")), [], start.getnext()
            while node is not None and not (node.tag == qn("w:bookmarkEnd") and node.get(qn("w:id")) == ident):
                texts += node.findall(f".//{qn('w:t')}")
                node = node.getnext()
            texts[0].text = new
            for t in texts[1:]:
                t.getparent().remove(t)
            return
    raise AssertionError(f"no anchor for {prefix_id} {field}")


def lo_text(path: Path, tmp: Path, profile: Path) -> str:
    """The draft as LibreOffice reads it, saved as plain text (with a copy of ``profile``, office_profile)."""
    out = tmp / "lo-text"
    soffice([path], out, profile, to="txt:Text (encoded):UTF8")
    return " ".join((out / path.with_suffix(".txt").name).read_text(encoding="utf-8").split())


# ------------------------------------------------------------------ anchors

def test_every_statement_text_is_anchored_and_libreoffice_keeps_the_anchors(workspace, lo_saved):
    draft = draft_of(workspace, "analyst")
    names = bookmark_names(draft)
    values = seed_values((workspace / "seeds" / "eu-japan.yaml").read_text(encoding="utf-8"))
    fb, _ = load_factbase(workspace / "seeds" / "eu-japan.yaml")
    short = pairs(fb.abbreviations, fb.meta.language)
    # a value as the fact base holds it, its abbreviations in short form (render/abbreviations.py)
    plain = {i: {k: contract(v.text, short) for k, v in f.items()} for i, f in values.items()}
    assert len(names) > 100
    for name in names:
        anchor = anchors.parse(name)
        assert len(name) <= anchors.MAX_NAME
        ident = anchors.resolve(anchor, plain)
        # the hash is of the value the statement was built from
        assert ident and anchors.text_hash(plain[ident][anchor.field]) == anchor.hash, name
    # takeaways, framework names, facts, recommendations and corrections are all there
    fields = {anchors.parse(n).field for n in names}
    assert {"text", "name", "headline", "detail", "finding"} <= fields
    # a LibreOffice save (open, save as .docx) keeps every anchor and the draft's origin
    saved = lo_saved["saved"]
    assert bookmark_names(saved) == names
    with zipfile.ZipFile(saved) as package:
        custom = package.read("docProps/custom.xml").decode()
    assert "briefgen.factbase" in custom and "eu-japan" in custom


def test_a_draft_nobody_edited_matches(workspace):
    draft = draft_of(workspace, "business")
    result = absorb(workspace, str(draft))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "statement text(s) unchanged" in result.stdout and not result.stderr


def test_a_statement_another_fact_base_lacks_is_named_by_its_id_not_its_bookmark(workspace):
    """Read against another fact base, the draft's statements it lacks are named as the
    fact base the draft was built from names them ("tk-trade-core"), not as Word bookmarks do."""
    draft = draft_of(workspace, "business")
    seed = (workspace / "seeds" / "eu-japan.yaml").read_text(encoding="utf-8")
    fb, _ = load_factbase(workspace / "seeds" / "eu-japan.yaml")
    printed = {anchors.parse(n).token for n in bookmark_names(draft)}
    ident = next(t.id for t in fb.takeaways if "-" in t.id and anchors.id_token(t.id) in printed)
    assert seed.count(f"id: {ident}\n") == 1
    other = workspace / "other.yaml"
    other.write_text(seed.replace(f"id: {ident}\n", f"id: renamed-{ident}\n"), encoding="utf-8")
    result = absorb(workspace, str(draft), str(other))
    lacking = [line for line in result.stdout.splitlines() if "no longer in the fact base" in line]
    assert [line.split(": ", 1)[1] for line in lacking] == [
        f"the draft's statement {ident} (text) is no longer in the fact base"], result.stdout
    assert git_diff(workspace) == ""


# ------------------------------------------------------------------ LibreOffice

SPA_WORD = ("overarching political frame", "overarching political framework")


def last_sentence(text: str) -> str:
    """The last sentence of a value, with the space before it: what an editor deletes."""
    return " " + re.split(r"(?<=\.) ", text)[-1]


def lo_edits(root: Path) -> list[dict]:
    """What the editor does to the analyst draft in LibreOffice."""
    return [
        {"op": "replace", "find": SPA_WORD[0], "with": SPA_WORD[1]},
        {"op": "delete", "find": last_sentence(value(root, "fw-spa", "detail"))},
        {"op": "comment", "find": "Economic security has become the most promising field",
         "text": "Still true after 2024?", "author": "A. Editor"},
        {"op": "type_after", "find": "Security questions played only a marginal role.",
         "with": " The editor typed this."},
    ]


# LibreOffice keeps a bookmark where it was: words typed over a statement's first words land
# before its bookmark, and a deleted statement takes its bookmark with it unless tracked
EDGE_EDITS = [{"op": "replace", "find": "Check that every", "with": "Verify that every"},
              {"op": "replace", "find": "More than 200 European", "with": "More than 300 European"}]
JOIN_EDITS = [{"op": "replace", "find": "supply shocks. COVID-19 exposed",
               "with": "supply shocks, since COVID-19 exposed"}]
EAST_ASIA = "The EU has grown more aware that East Asian security shapes its own stability and prosperity"
DELETE_EDITS = [{"op": "delete", "find": EAST_ASIA + ", and wants a more active role there."}]
# what absorb does not take back: a note's source, the title, a milestone's date; and a comment on two statements
OUTSIDE_EDITS = [{"op": "replace", "find": "Korea On Point, “EU and Japan", "with": "Korea on Point, “EU and Japan"},
                 {"op": "replace", "find": "Partners by design", "with": "Partners by choice"},
                 {"op": "replace", "find": "17 July 2018 The SPA", "with": "18 July 2018 The SPA"},
                 {"op": "comment", "find": "trade. Democracy, human rights", "text": "Two in one?", "author": "B. Ed"},
                 {"op": "replace", "find": "Status: Largely applied", "with": "Status: Mostly applied"}]
# the draft joins a confidence's words with a no-break space (macros.confidence): the editor's is kept
CONFIDENCE_EDITS = [{"op": "replace", "find": "Moderate\u00a0confidence", "with": "Low\u00a0confidence"}]
# a fact marked an assessment, retyped from its first word, right after its label ("Assessment: The Cyber…")
ASSESSMENT_EDITS = [{"op": "replace", "find": "The Cyber Dialogue is a policy exchange",
                     "with": "The Cyber Dialogue remains a policy exchange"}]


@pytest.fixture(scope="session")
def lo_saved(once, seed_briefs, office_profile) -> dict[str, Path]:
    """The analyst draft of the session's build (the workspace's) opened in LibreOffice and saved,
    as it was ("saved") and with lo_edits ("edited"); and the edits of EDGE_EDITS (to the business
    draft), JOIN_EDITS, DELETE_EDITS and ASSESSMENT_EDITS, tracked and not ("...-untracked"): all in one
    run of LibreOffice, once a session."""
    def make(folder: Path):
        draft, business = seed_briefs[("analyst", "docx")].path, seed_briefs[("business", "docx")].path
        security = seed_briefs[("security", "docx")].path
        jobs = {"saved": (draft, []), "edited": (draft, lo_edits(ROOT)), "edge": (business, EDGE_EDITS),
                "join": (draft, JOIN_EDITS), "deleted": (draft, DELETE_EDITS), "outside": (draft, OUTSIDE_EDITS),
                "confidence": (security, CONFIDENCE_EDITS), "assessment": (draft, ASSESSMENT_EDITS)}
        saved = {}
        for name, (_, edits) in jobs.items():
            saved[name] = folder / f"{name}.docx"
            if edits and name not in ("edited", "outside", "confidence"):
                saved[f"{name}-untracked"] = folder / f"{name}-untracked.docx"
        lo_edit([(source, saved[name], edits) for name, (source, edits) in jobs.items()]
                + [(source, saved[f"{name}-untracked"], edits, False) for name, (source, edits) in jobs.items()
                   if f"{name}-untracked" in saved], folder / "jobs.json", office_profile)
        return saved
    return once("absorb-libreoffice", make)


def test_libreoffice_edits_come_back_and_the_rebuild_carries_them(workspace, lo_saved, office_profile, tmp_path):
    """The workspace's analyst draft, edited in LibreOffice with lo_edits (lo_saved)."""
    seed = workspace / "seeds" / "eu-japan.yaml"
    before = seed.read_bytes()
    edited = Path(shutil.copy(lo_saved["edited"], tmp_path / "edited.docx"))
    sentence = last_sentence(value(workspace, "fw-spa", "detail"))
    with zipfile.ZipFile(edited) as package:  # the edits are tracked changes and a comment in the file
        xml = package.read("word/document.xml").decode()
    assert "<w:ins " in xml and "<w:del " in xml and "<w:commentRangeStart" in xml

    # without --apply: a report, the diff, exit 1, nothing written
    result = absorb(workspace, str(edited))
    assert result.returncode == 1, result.stderr
    assert seed.read_bytes() == before
    out = result.stdout
    headline_line = values_line(workspace, "fw-spa", "headline")
    detail_line = values_line(workspace, "fw-spa", "detail")
    assert f"seeds/eu-japan.yaml:{headline_line}: fw-spa headline: reworded" in out
    assert f"seeds/eu-japan.yaml:{detail_line}: fw-spa detail: reworded" in out
    assert "eco-top-area headline: commented by A. Editor: “Still true after 2024?”" in out
    # typed after the statement's last word, which LibreOffice puts after its bookmark: the statement's
    assert f"seeds/eu-japan.yaml:{values_line(workspace, 'drv-values-trade-basis', 'detail')}: " \
           "drv-values-trade-basis detail: reworded" in out
    assert "outside any statement" not in out
    # the fact base's diff
    assert any(line.startswith("+ ") and "political framework" in line for line in out.splitlines()), out
    assert not result.stderr

    # --apply: the reworded values are written; the comment is left (exit 1)
    applied = absorb(workspace, str(edited), "--apply")
    assert applied.returncode == 1, applied.stdout + applied.stderr
    assert SPA_WORD[1] in value(workspace, "fw-spa", "headline")
    assert sentence.strip() not in value(workspace, "fw-spa", "detail")
    assert " ".join(value(workspace, "drv-values-trade-basis", "detail").split()).endswith(
        "Security questions played only a marginal role. The editor typed this.")
    # git's diff is those values only: no comment, key, quote or other line moved
    assert only_values_changed(git_diff(workspace), before, [("fw-spa", "headline"), ("fw-spa", "detail"),
                                                             ("drv-values-trade-basis", "detail")])

    # rebuilt, the draft carries the editor's wording, and absorbing it again finds nothing to do
    rebuilt = draft_of(workspace, "analyst", out="rebuilt")
    text = " ".join(p.text for p in docx.Document(str(rebuilt)).paragraphs)
    assert "overarching political framework and roadmap" in text and sentence.strip() not in text
    again = absorb(workspace, str(rebuilt))
    assert again.returncode == 0, again.stdout + again.stderr

    # ... as LibreOffice, pandoc and mammoth read it
    assert "overarching political framework and roadmap" in lo_text(rebuilt, tmp_path, office_profile)
    plain = " ".join(pypandoc.convert_file(str(rebuilt), "plain", extra_args=["--wrap=none"]).split())
    assert "overarching political framework and roadmap" in plain and sentence.strip() not in plain
    with rebuilt.open("rb") as f:
        raw = " ".join(mammoth.extract_raw_text(f).value.split())
    assert "overarching political framework and roadmap" in raw and sentence.strip() not in raw


@pytest.mark.parametrize("job", ["edge", "edge-untracked"])
def test_words_typed_over_a_statement_s_first_words_are_the_statement_s(workspace, lo_saved, tmp_path, job):
    """LibreOffice puts what is typed over a statement's first words before its bookmark, tracked
    or not: those words are the statement's, so the value is whole, and a new figure is flagged."""
    seed = workspace / "seeds" / "eu-japan.yaml"
    before = seed.read_bytes()
    edited = Path(shutil.copy(lo_saved[job], tmp_path / "edited.docx"))
    claim = " ".join(value(workspace, "rec-biz-claim", "headline").split())
    names = value(workspace, "mkt-gi", "headline")
    result = absorb(workspace, str(edited), "--apply")
    out = result.stdout
    assert result.returncode == 1, out + result.stderr  # the new figure is left for a person
    assert "rec-biz-claim headline: reworded" in out
    assert "mkt-gi headline: numbers, dates or names changed (300): needs a source; not applied" in out
    assert "outside any statement" not in out
    assert " ".join(value(workspace, "rec-biz-claim", "headline").split()) == claim.replace("Check", "Verify")
    assert value(workspace, "mkt-gi", "headline") == names
    assert only_values_changed(git_diff(workspace), before, [("rec-biz-claim", "headline")])


@pytest.mark.parametrize("job", ["assessment", "assessment-untracked"])
def test_an_assessment_retyped_in_libreoffice_comes_back_without_its_label(workspace, lo_saved, tmp_path, job):
    """A fact marked an assessment prints its label, "Assessment:", just before its headline's bookmark:
    what an editor types over the headline's first words lands there, beside the label, and is the
    statement's; the label is the brief's, and stays out of the value written back."""
    seed = workspace / "seeds" / "eu-japan.yaml"
    before = seed.read_bytes()
    edited = Path(shutil.copy(lo_saved[job], tmp_path / "edited.docx"))
    result = absorb(workspace, str(edited), "--apply")
    out = result.stdout
    assert result.returncode == 0, out + result.stderr
    assert "cyb-dialogue-cadence headline: reworded" in out and "outside any statement" not in out
    assert " ".join(value(workspace, "cyb-dialogue-cadence", "headline").split()) == \
        "The Cyber Dialogue remains a policy exchange, not an operational cooperation channel."
    assert only_values_changed(git_diff(workspace), before, [("cyb-dialogue-cadence", "headline")])


@pytest.mark.parametrize("job", ["join", "join-untracked"])
def test_two_statements_run_into_one_sentence_are_told_and_left(workspace, lo_saved, tmp_path, job):
    """"...supply shocks. COVID-19 exposed..." made "...supply shocks, since COVID-19 exposed...": the
    headline and the detail are one sentence now, which no value holds. Told with the sentence, and
    neither value written (not a detail cut to "dependencies for both..."); COVID-19 is not new."""
    seed = workspace / "seeds" / "eu-japan.yaml"
    before = seed.read_bytes()
    edited = Path(shutil.copy(lo_saved[job], tmp_path / "edited.docx"))
    result = absorb(workspace, str(edited), "--apply")
    out = result.stdout
    assert result.returncode == 1, out + result.stderr
    assert "eco-top-area headline and detail: run into one sentence in the draft: “Economic security has " in out
    assert "supply shocks, since COVID-19 exposed dependencies for both trading powers." in out
    assert "numbers, dates or names changed" not in out and "reworded" not in out
    assert "outside any statement" not in out
    assert seed.read_bytes() == before


def test_a_statement_deleted_with_its_bookmark_is_reported_deleted(workspace, lo_saved, tmp_path):
    """A statement deleted untracked in LibreOffice (or tracked, then the changes accepted: the same
    file), or its paragraph removed with python-docx, takes its bookmark with it: still deleted."""
    seed = workspace / "seeds" / "eu-japan.yaml"
    before = seed.read_bytes()
    line = values_line(workspace, "drv-eu-east-asia", "headline")
    removed = docx.Document(str(draft_of(workspace, "analyst")))
    [para] = [p for p in removed.paragraphs if p.text.startswith(EAST_ASIA)]
    para._element.getparent().remove(para._element)
    removed.save(str(tmp_path / "removed.docx"))
    for draft in (lo_saved["deleted"], lo_saved["deleted-untracked"], tmp_path / "removed.docx"):
        result = absorb(workspace, str(shutil.copy(draft, tmp_path / "edited.docx")), "--apply")
        assert result.returncode == 1, (draft, result.stdout, result.stderr)
        assert f"seeds/eu-japan.yaml:{line}: drv-eu-east-asia headline: deleted" in result.stdout, draft
        assert seed.read_bytes() == before


def test_what_absorb_does_not_take_back_is_told_where_word_shows_it(workspace, lo_saved, tmp_path):
    """A note's source, the title and a milestone's date are not statements: each is told by the
    heading it is under, its paragraph's opening words and its sentence (Word numbers no paragraphs),
    an edited note with the source it cites; a comment on two statements is on both."""
    seed = workspace / "seeds" / "eu-japan.yaml"
    before = seed.read_bytes()
    result = absorb(workspace, str(shutil.copy(lo_saved["outside"], tmp_path / "edited.docx")), "--apply")
    out = result.stdout
    assert result.returncode == 1, out + result.stderr
    assert seed.read_bytes() == before
    assert "paragraph " not in out.replace("the paragraph “", "")  # no paragraph numbers
    lines = [line for line in out.splitlines() if not line.startswith(("+", "-", "@", " "))]
    [note] = [line for line in lines if "note " in line]
    assert "note 6: edited to “Korea on Point, “EU and Japan: towards a truly strategic partnership”" in note
    assert note.endswith("sources are not taken back from the draft: change source src-brief in the fact base "
                         "if meant")
    [title] = [line for line in lines if "the title" in line]
    assert "the title “Partners by choice: the EU and Japan after the 2024 Strategic Dialogue”: changed" in title
    [date] = [line for line in lines if "“18”" in line]
    assert "under “Timeline”, the paragraph “" in date and "(beside ms-spa-epa-signed headline)" in date
    assert "in “C · 18 July 2018 The SPA and EPA were signed at the EU–Japan summit in Tokyo," in date
    assert "which absorb does not take back; change it in the fact base" in date
    # the words retyped with the date ("The SPA") are the statement's: it is unchanged, not cut
    assert "ms-spa-epa-signed" not in out.replace("(beside ms-spa-epa-signed headline)", "")
    for key in ("headline", "detail"):
        assert f"drv-values-trade-basis {key}: commented by B. Ed: “Two in one?”" in out
    [status] = [line for line in lines if "“Mostly”" in line]
    assert "under “Frameworks”, the paragraph “EU–Japan Strategic Partnership Agreement. The first framework " \
           "agreement…” (beside fw-spa name): changed “Mostly” in “Status: Mostly applied provisionally since" in status
    assert "which absorb does not take back; change it in the fact base" in status

    # a judgement's confidence, printed after its text: told beside the judgement, never written into it
    result = absorb(workspace, str(shutil.copy(lo_saved["confidence"], tmp_path / "edited.docx")), "--apply")
    assert result.returncode == 1 and seed.read_bytes() == before, result.stdout + result.stderr
    [line] = [line for line in result.stdout.splitlines() if "“Low”" in line]
    assert "under “Key judgements”, the paragraph “The Security and Defence Partnership is likely to…” (beside " \
           "jd-sdp text): changed “Low” in “Low confidence.”" in line, line
    assert "reworded" not in result.stdout


def only_values_changed(diff: str, before: bytes, changed: list[tuple[str, str]], reader: str | None = None) -> bool:
    """Every hunk of ``diff`` (git diff -U0) lies within the lines of the ``changed`` values."""
    values = seed_values(before.decode(), reader, "en")
    spans = [(values[i][k].node.start_mark.line + 1, values[i][k].node.end_mark.line + 1) for i, k in changed]
    hunks = re.findall(r"^@@ -(\d+)(?:,(\d+))? ", diff, re.M)
    assert hunks, diff
    for start, count in hunks:
        first, last = int(start), int(start) + int(count or 1) - 1
        assert any(lo <= first and last <= hi for lo, hi in spans), (first, last, spans, diff)
    return True


def values_line(root: Path, ident: str, key: str) -> int:
    return seed_values((root / "seeds" / "eu-japan.yaml").read_text(encoding="utf-8"))[ident][key].line


# ------------------------------------------------------------------ python-docx

def test_python_docx_edits_reworded_flagged_deleted_and_typed(workspace, tmp_path):
    draft = draft_of(workspace, "analyst")
    seed = workspace / "seeds" / "eu-japan.yaml"
    before = seed.read_bytes()
    document = docx.Document(str(draft))
    takeaway = value(workspace, "tk-convergence", "text")
    reworded = takeaway.replace("closer than ever", "closer than at any time before")
    set_anchored_text(document, "tk-convergence", "text", reworded)
    # a name changed: an editor may not change a fact without a source
    spa = value(workspace, "fw-spa", "detail")
    assert "Tokyo" in spa
    set_anchored_text(document, "fw-spa", "detail", spa.replace("Tokyo", "Osaka"))
    # a statement emptied
    set_anchored_text(document, "eco-top-area", "headline", "")
    # a paragraph of the editor's own
    document.add_paragraph("A paragraph the editor wrote.")
    edited = tmp_path / "edited.docx"
    document.save(str(edited))

    result = absorb(workspace, str(edited))
    assert result.returncode == 1 and seed.read_bytes() == before
    out = result.stdout
    # the whole line: it read "reworded()" where the value is given in one language only
    said = f"seeds/eu-japan.yaml:{values_line(workspace, 'tk-convergence', 'text')}: tk-convergence text: reworded"
    assert any(line.endswith(said) for line in out.splitlines()), out
    assert "fw-spa detail: numbers, dates or names changed (Osaka): needs a source; not applied" in out
    assert "eco-top-area headline: deleted" in out
    assert "under “Sources”, a paragraph of the editor's own: text outside any statement: " \
           "“A paragraph the editor wrote.”" in out

    applied = absorb(workspace, str(edited), "--apply")
    assert applied.returncode == 1  # the flagged date and the deletion are left for a person
    assert value(workspace, "tk-convergence", "text") == reworded
    assert value(workspace, "fw-spa", "detail") == spa  # flagged: not written
    assert value(workspace, "eco-top-area", "headline")  # deleted: not written
    assert only_values_changed(git_diff(workspace), before, [("tk-convergence", "text")])


def test_an_assessment_reworded_comes_back_without_its_label_and_prints_it_again(workspace, tmp_path):
    """The label "Assessment:" and the confidence are the brief's words around a fact marked an
    assessment, not its text: a reworded headline is written back as the sentence alone, and the
    rebuilt draft labels it again, once."""
    draft = draft_of(workspace, "analyst")
    seed = workspace / "seeds" / "eu-japan.yaml"
    before = seed.read_bytes()
    old = " ".join(value(workspace, "cyb-dialogue-cadence", "headline").split())
    assert old == "The Cyber Dialogue is a policy exchange, not an operational cooperation channel."
    reworded = "The Cyber Dialogue is a forum for policy exchange, not a channel for operational cooperation."
    document = docx.Document(str(draft))
    set_anchored_text(document, "cyb-dialogue-cadence", "headline", reworded)
    edited = tmp_path / "edited.docx"
    document.save(str(edited))

    applied = absorb(workspace, str(edited), "--apply")
    assert applied.returncode == 0, applied.stdout + applied.stderr
    assert "cyb-dialogue-cadence headline: reworded" in applied.stdout
    assert value(workspace, "cyb-dialogue-cadence", "headline") == reworded
    assert only_values_changed(git_diff(workspace), before, [("cyb-dialogue-cadence", "headline")])
    rebuilt = draft_of(workspace, "analyst", out="rebuilt")
    text = " ".join(p.text for p in docx.Document(str(rebuilt)).paragraphs)
    assert f"Assessment: {reworded}" in text and "Assessment: Assessment" not in text
    assert absorb(workspace, str(rebuilt)).returncode == 0


def test_a_so_what_line_reworded_goes_back_to_its_readers_entry_only(workspace, tmp_path):
    """A fact's so-what line is the one its fact base wrote for the draft's kind of reader
    (so_what: {business: ...}); the draft names that reader, and the rewording goes there."""
    draft = draft_of(workspace, "business")
    seed = workspace / "seeds" / "eu-japan.yaml"
    before = seed.read_bytes()
    old = seed_values(before.decode(), "business", "en")["mkt-tariffs"]["so_what"]
    assert old.path == ("so_what", "business") and "on each shipment" in old.text
    reworded = old.text.replace("on each shipment", "on every shipment")
    document = docx.Document(str(draft))
    set_anchored_text(document, "mkt-tariffs", "so_what", reworded)
    edited = tmp_path / "edited.docx"
    document.save(str(edited))

    result = absorb(workspace, str(edited))
    assert result.returncode == 1 and seed.read_bytes() == before, result.stdout + result.stderr
    assert "mkt-tariffs so_what: reworded" in result.stdout
    assert "outside any statement" not in result.stdout

    applied = absorb(workspace, str(edited), "--apply")
    assert applied.returncode == 0, applied.stdout + applied.stderr
    assert seed_values(seed.read_text(encoding="utf-8"), "business", "en")["mkt-tariffs"]["so_what"].text == reworded
    assert only_values_changed(git_diff(workspace), before, [("mkt-tariffs", "so_what")], reader="business")
    # the rebuilt draft prints the new line, anchored again
    rebuilt = draft_of(workspace, "business", out="rebuilt")
    assert absorb(workspace, str(rebuilt)).returncode == 0
    assert reworded in " ".join(p.text for p in docx.Document(str(rebuilt)).paragraphs)


def test_an_abbreviation_written_out_at_its_first_use_goes_back_in_short_form(workspace, tmp_path):
    """The business brief first uses "EPA" in mkt-tariffs' headline, so it prints the full form
    there. That is the brief's doing, not an edit: the draft matches as built, and an editor's
    rewording of the sentence goes back to the fact base with "EPA", as the fact base writes it."""
    draft = draft_of(workspace, "business")
    seed = workspace / "seeds" / "eu-japan.yaml"
    before = seed.read_bytes()
    held = seed_values(before.decode(), "business", "en")["mkt-tariffs"]["headline"].text
    assert "When the EPA took effect" in held
    printed = [p.text for p in docx.Document(str(draft)).paragraphs if "Japan removed customs duties" in p.text]
    assert len(printed) == 1 and "When the Economic Partnership Agreement (EPA) took effect" in printed[0]
    assert absorb(workspace, str(draft)).returncode == 0  # nobody edited it: nothing to apply

    document = docx.Document(str(draft))
    set_anchored_text(document, "mkt-tariffs", "headline",
                      " ".join(held.split()).replace("When the EPA took effect",
                                                     "When the Economic Partnership Agreement (EPA) came into force"))
    edited = tmp_path / "edited.docx"
    document.save(str(edited))
    applied = absorb(workspace, str(edited), "--apply")
    assert applied.returncode == 0 and "mkt-tariffs headline: reworded" in applied.stdout, applied.stdout
    now = seed_values(seed.read_text(encoding="utf-8"), "business", "en")["mkt-tariffs"]["headline"].text
    assert "When the EPA came into force" in now and "Economic Partnership Agreement" not in now
    assert only_values_changed(git_diff(workspace), before, [("mkt-tariffs", "headline")])
    # rebuilt, the brief writes it out again where it first uses it
    rebuilt = draft_of(workspace, "business", out="rebuilt")
    assert any("the Economic Partnership Agreement (EPA) came into force" in p.text
               for p in docx.Document(str(rebuilt)).paragraphs)
    assert absorb(workspace, str(rebuilt)).returncode == 0


def test_a_value_changed_in_the_fact_base_since_the_build_is_a_conflict(workspace, tmp_path):
    draft = draft_of(workspace, "analyst")
    seed = workspace / "seeds" / "eu-japan.yaml"
    takeaway = value(workspace, "tk-convergence", "text")
    # the analyst changes the fact base after the draft went out...
    text = seed.read_text(encoding="utf-8")
    assert text.count("perceptions closer than ever,") == 1
    seed.write_text(text.replace("perceptions closer than ever,", "perceptions closer than ever before,"),
                    encoding="utf-8")
    in_yaml = value(workspace, "tk-convergence", "text")
    assert in_yaml != takeaway
    # ...and the editor changes the same statement in the draft
    document = docx.Document(str(draft))
    set_anchored_text(document, "tk-convergence", "text", takeaway.replace("relationship", "partnership"))
    edited = tmp_path / "edited.docx"
    document.save(str(edited))
    after_yaml_edit = seed.read_bytes()

    result = absorb(workspace, str(edited), "--apply")
    assert result.returncode == 1
    assert "tk-convergence text: conflict: changed in the fact base since the draft was built" in result.stdout
    # the editor's wording is shown, to carry over by hand
    [line] = [line for line in result.stdout.splitlines() if "tk-convergence text: conflict" in line]
    assert "and in the draft, which reads “" in line and "turning a partnership built on values" in line
    assert seed.read_bytes() == after_yaml_edit  # never overwritten
    assert value(workspace, "tk-convergence", "text") == in_yaml


def test_absorb_takes_the_page_map_a_build_recorded(workspace, tmp_path, monkeypatch):
    """The draft's contents page numbers come from the PDF's layout, most of absorb's time:
    with the page map the build recorded in briefs/ for the same content, absorb does not lay
    the brief out, and finds what it finds when it lays it out itself (no manifest)."""
    from briefgen.render import pdf

    laid_out = []
    real = pdf.layout
    monkeypatch.setattr(pdf, "layout", lambda *args, **kwargs: laid_out.append(1) or real(*args, **kwargs))
    document = docx.Document(str(draft_of(workspace, "analyst")))  # the one with a table of contents
    document.add_paragraph("A paragraph the editor wrote.")
    edited = tmp_path / "edited.docx"
    document.save(str(edited))
    with_map = absorb_draft(Project(workspace), edited).findings
    assert laid_out == []
    (workspace / "briefs" / MANIFEST).unlink()
    without = absorb_draft(Project(workspace), edited).findings
    assert laid_out == [1]
    assert with_map == without
    [outside] = [f.message for f in with_map if "outside any statement" in f.message]
    assert outside.endswith("text outside any statement: “A paragraph the editor wrote.”")


def test_bad_input_is_one_line_and_exit_2(workspace, tmp_path):
    not_docx = tmp_path / "notes.docx"
    not_docx.write_text("not a zip", encoding="utf-8")
    plain_word = tmp_path / "plain.docx"
    docx.Document().save(str(plain_word))
    for path, message in ((not_docx, "not a readable Word document"), (plain_word, "not a briefgen Word draft"),
                          (tmp_path / "missing.docx", "no such file")):
        result = absorb(workspace, str(path))
        assert result.returncode == 2, (path, result.stdout, result.stderr)
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and message in lines[0] and path.name in lines[0], result.stderr
        assert "Traceback" not in result.stderr and not result.stdout


# ------------------------------------------------------------------ write-back

STYLES = """\
# a comment that stays
items:
  - id: a-plain
    headline: A plain value, on one line
    detail: "A double-quoted value"  # a comment after it
  - id: b-quoted
    headline: 'A single-quoted value'
    detail: >-
      A folded value that runs over two lines, wrapped as the file wraps its
      text.
    as_of: 2023-11-23
"""


@pytest.mark.parametrize("ident,key,new,expected", [
    ("a-plain", "headline", "A plain value, reworded", "    headline: A plain value, reworded\n"),
    ("a-plain", "headline", "Now: a colon # and a hash", '    headline: "Now: a colon # and a hash"\n'),
    ("a-plain", "detail", 'A "quoted" value', '    detail: "A \\"quoted\\" value"  # a comment after it\n'),
    ("b-quoted", "headline", "It's single", "    headline: 'It''s single'\n"),
    ("b-quoted", "detail", "A folded value, reworded to run a little longer than the line it was on "
     "before, so that it wraps.",
     "    detail: >-\n      A folded value, reworded to run a little longer than the line it was\n"
     "      on before, so that it wraps.\n"),
    # the old lines that still begin the new text stay as they were
    ("b-quoted", "detail", "A folded value that runs over two lines, wrapped as the file wraps its text, "
     "and then some more.",
     "    detail: >-\n      A folded value that runs over two lines, wrapped as the file wraps its\n"
     "      text, and then some more.\n"),
])
def test_rewrite_keeps_each_value_style_and_everything_else(ident, key, new, expected):
    values = fact_values(STYLES)
    out = rewrite(STYLES, {(ident, key): new}, values)
    verify(STYLES, out, {(ident, key): new}, "x.yaml")  # ruamel reads back exactly that change
    assert fact_values(out)[ident][key].text == new
    assert expected in out
    kept = [line for line in STYLES.splitlines(True) if line not in out]
    assert len(kept) <= 3  # only the changed value's lines differ


def test_numbers_dates_and_names_need_a_source():
    assert checkable("Signed in Tokyo on 17 July 2018. It began") == ["17", "2018", "Tokyo", "July"]
    assert new_facts("signed in 2018 with Japan", "signed in 2019 with Japan") == ["2019"]
    assert new_facts("signed in 2018 with Japan", "signed with Japan") == []  # removing needs no source
    assert new_facts("the EU and Japan agree", "the EU and Korea agree") == ["Korea"]
    assert new_facts("A frame. It works.", "A framework. It works well.") == []
    # a name the fact base uses, opening a sentence the editor wrote, is a name too
    assert new_facts("Tokyo signed.", "Tokyo signed. Beijing objected.", names={"Beijing", "Tokyo"}) == ["Beijing"]
    assert new_facts("Check that every shipment", "Verify that every shipment", names={"Beijing"}) == []
    # a name moved in the sentence, its possessive dropped, is the same name (the reviewer's committee draft)
    assert new_facts("the hearing on the EU's partnerships in Asia, and the SPA's entry into force.",
                     "the hearing on the EU's partnerships in the Indo-Pacific, and the entry into force of the SPA.",
                     ) == ["Indo-Pacific"]
    assert new_facts("the members’ view of Japan’s role", "Japan plays a role in the members' view") == []
    # a quotation opens a sentence of its own: its first word is no name ('declared: "The…"', found by the
    # content helper, stop 27), while a name in quotation marks mid-sentence is still one
    for quote in ('"', "“"):
        assert new_facts("Both sides declared that the security of Europe and Japan is linked.",
                         f"Both sides declared: {quote}The security of Europe and Japan is linked.") == []
    assert new_facts("They met in 2019.", 'They met in "The Hague" in 2019.') == ["The", "Hague"]
    # an abbreviation's full stop opens no sentence, so the name after it is one (briefgen/sentences.py):
    # before, "e.g." ended a sentence here and "Korea" passed unsourced
    assert new_facts("Partners, such as Japan, invest.", "Partners, e.g. Korea, invest.") == ["Korea"]


@pytest.mark.parametrize("old,new,added", [
    ("paying at about one billion euros a year", "paying at about two billion euros a year", ["two"]),
    ("Six rounds in ten years make it", "Seven rounds in twelve years make it", ["seven", "twelve"]),
    ("took sixteen months to meet", "took six months to meet", ["six"]),
    ("the first meeting came", "the second meeting came", ["second"]),
    ("is likely to deepen", "is very likely to deepen", ["very likely"]),
    ("is very likely to deepen", "is likely to deepen", ["likely"]),
    ("is likely to deepen", "is unlikely to deepen", ["unlikely"]),
    ("a roughly even chance of", "an almost certain prospect of", ["almost certain"]),
    ("with moderate confidence", "with low confidence", ["low confidence"]),
    ("half of its imports", "a third of its imports", ["third"]),
    ("is likely to deepen", "will probably deepen", ["probably"]),
    ("is likely to deepen cooperation", "is likely to broaden cooperation", []),  # wording
])
def test_numbers_in_words_and_likelihood_words_need_a_source(old, new, added):
    """A figure written as a word, and an estimative word (ICD 203's ladder), are substance as "48" is."""
    assert new_facts(old, new) == added


def test_a_number_written_as_a_word_changed_in_the_draft_is_not_applied(workspace, tmp_path):
    draft = draft_of(workspace, "business")
    seed = workspace / "seeds" / "eu-japan.yaml"
    before = seed.read_bytes()
    detail = seed_values(before.decode(), "business", "en")["mkt-tariffs"]["detail"].text
    assert "about one billion euros" in detail
    document = docx.Document(str(draft))
    set_anchored_text(document, "mkt-tariffs", "detail", detail.replace("one billion", "two billion"))
    document.save(str(tmp_path / "edited.docx"))
    result = absorb(workspace, str(tmp_path / "edited.docx"), "--apply")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "mkt-tariffs detail: numbers, dates or names changed (two): needs a source; not applied" in result.stdout
    assert seed.read_bytes() == before


def test_a_rewording_of_one_language_says_which_others_to_revisit(workspace, tmp_path):
    """A takeaway given in en-GB and fr: the editor rewords the English; --apply writes it, and
    the report says the French still says the old (one line), leaving the French as it was."""
    seed = workspace / "seeds" / "eu-japan.yaml"
    text = seed.read_text(encoding="utf-8")
    old = value(workspace, "tk-biz-tariffs", "text")
    start = text.index("    text: >-\n      Most duties on EU goods")
    end = text.index("    rests_on: [mkt-tariffs]", start)
    french = "La plupart des droits sur les produits de l'UE entrant au Japon ont disparu."
    given = f"    text:\n      fr: \"{french}\"\n      en-GB: >-\n" + "".join(
        "  " + line for line in text[start:end].splitlines(True)[1:])
    seed.write_text(text[:start] + given + text[end:], encoding="utf-8")
    document = docx.Document(str(draft_of(workspace, "business")))
    set_anchored_text(document, "tk-biz-tariffs", "text", old.replace("Most duties", "Most of the duties"))
    document.save(str(tmp_path / "edited.docx"))
    result = absorb(workspace, str(tmp_path / "edited.docx"), "--apply")
    reworded = [line for line in result.stdout.splitlines() if "tk-biz-tariffs" in line]
    assert [line.split(": ", 1)[1] for line in reworded] == ["tk-biz-tariffs text: reworded in en-GB only: "
                                                             "revisit its fr text"], result.stdout + result.stderr
    after = fact_values(seed.read_text(encoding="utf-8"), None, "en-GB")["tk-biz-tariffs"]["text"].text
    assert after.startswith("Most of the duties") and f'fr: "{french}"' in seed.read_text(encoding="utf-8")


def printed_text(path: Path, ident: str, field: str) -> str:
    """The text the draft prints for (id, field), as absorb reads it."""
    from briefgen.absorb import read_draft

    token = anchors.id_token(ident)
    return next(t.current for t in read_draft(path).texts
                if t.anchor.field == field and token.startswith(t.anchor.token))


def test_a_name_the_brief_wrote_out_goes_back_in_short_form_when_the_sentence_is_reworded(workspace, tmp_path):
    """The business brief uses JOGMEC once, so it writes the name out without the short form; an
    editor's rewording of that sentence goes back with "JOGMEC", and the name is not a new one."""
    draft = draft_of(workspace, "business")
    seed = workspace / "seeds" / "eu-japan.yaml"
    before = seed.read_bytes()
    printed = printed_text(draft, "eco-raw-materials", "headline")
    assert "the Japan Organization for Metals and Energy Security targets" in printed
    document = docx.Document(str(draft))
    set_anchored_text(document, "eco-raw-materials", "headline",
                      printed.replace("stressing innovation", "with a stress on innovation"))
    document.save(str(tmp_path / "edited.docx"))
    result = absorb(workspace, str(tmp_path / "edited.docx"), "--apply")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "eco-raw-materials headline: reworded" in result.stdout
    now = " ".join(value(workspace, "eco-raw-materials", "headline").split())
    assert now == ("A July 2023 arrangement between the Commission and JOGMEC targets critical raw-material supply "
                   "chains, with a stress on innovation, recycling and circularity.")
    assert only_values_changed(git_diff(workspace), before, [("eco-raw-materials", "headline")])


def test_the_example_project_s_takeaway_reworded_keeps_its_short_form(tmp_path):
    """`briefgen new`'s analyst brief writes "The free trade agreement (FTA) has governed..." for
    the fact base's "The FTA has governed...": a rewording of it goes back with "FTA"."""
    root = tmp_path / "example"
    assert run_cli("new", str(root), cwd=tmp_path).returncode == 0
    assert cli(root, "build", "-a", "analyst", "-f", "docx").returncode == 0
    draft = root / "briefs" / "example-analyst.docx"
    printed = printed_text(draft, "tk-trade", "text")
    assert printed.startswith("The free trade agreement (FTA) has governed")
    document = docx.Document(str(draft))
    set_anchored_text(document, "tk-trade", "text", printed.replace("is the base", "is the footing"))
    document.save(str(tmp_path / "edited.docx"))
    result = cli(root, "absorb", str(tmp_path / "edited.docx"), "--apply")
    assert result.returncode == 0 and "tk-trade text: reworded" in result.stdout, result.stdout + result.stderr
    assert ('text: "The FTA has governed EU–Korea trade since 2011 and is the footing the newer digital '
            'cooperation builds on."') in (root / "seeds" / "example.yaml").read_text(encoding="utf-8")


def test_a_name_moved_between_a_fact_s_headline_and_detail_is_not_new(workspace, tmp_path):
    """COVID-19 moved from eco-top-area's detail into its headline: the same fact, on the same
    sources, says nothing new; both values are reworded, whole."""
    seed = workspace / "seeds" / "eu-japan.yaml"
    before = seed.read_bytes()
    headline = " ".join(value(workspace, "eco-top-area", "headline").split())
    detail = " ".join(value(workspace, "eco-top-area", "detail").split())
    assert headline.endswith("pandemic-era supply shocks.") and detail.startswith("COVID-19 exposed dependencies")
    new_headline = headline.replace("pandemic-era supply shocks.", "the supply shocks of COVID-19.")
    new_detail = detail.replace("COVID-19 exposed dependencies", "The pandemic exposed dependencies")
    document = docx.Document(str(draft_of(workspace, "analyst")))
    set_anchored_text(document, "eco-top-area", "headline", new_headline)
    set_anchored_text(document, "eco-top-area", "detail", new_detail)
    document.save(str(tmp_path / "edited.docx"))
    result = absorb(workspace, str(tmp_path / "edited.docx"), "--apply")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "eco-top-area headline: reworded" in result.stdout and "eco-top-area detail: reworded" in result.stdout
    assert " ".join(value(workspace, "eco-top-area", "headline").split()) == new_headline
    assert " ".join(value(workspace, "eco-top-area", "detail").split()) == new_detail
    assert only_values_changed(git_diff(workspace), before, [("eco-top-area", "headline"), ("eco-top-area", "detail")])


def test_absorb_reads_the_fact_base_s_readers_against_the_project_it_is_given(tmp_path):
    """absorb checked the readers a fact base names against the project around the fact base's file,
    not the one it was given: a fact base kept outside its project (named on the command line) that
    writes for a reader only the project's own profile adds was refused as naming an unknown reader,
    though validate and build accepted it (code review)."""
    root = make_project(tmp_path / "p", seed_text=MINI.read_text(encoding="utf-8").replace(
        "    rests_on: [drv-trade]\n", "    rests_on: [drv-trade]\n    audiences: [investor]\n"))
    analyst = (root / "audiences" / "analyst.yaml").read_text(encoding="utf-8")
    (root / "audiences" / "investors.yaml").write_text(
        analyst.replace("name: analyst", "name: investors").replace("reader: analyst", "reader: investor"),
        encoding="utf-8")
    kept = tmp_path / "elsewhere" / "mini.yaml"
    kept.parent.mkdir()
    shutil.move(root / "seeds" / "mini.yaml", kept)
    assert cli(root, "build", str(kept), "-a", "investors", "-f", "docx").returncode == 0
    result = cli(root, "absorb", str(root / "briefs" / "mini-investors.docx"), str(kept))
    assert result.returncode == 0, result.stderr
    assert "unknown reader" not in result.stderr
