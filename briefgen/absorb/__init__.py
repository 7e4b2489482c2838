"""An edited Word draft -> what changed, statement by statement -> the fact base.

The pipeline in reverse: read the draft's anchored texts (draft.py) with the
editor's tracked insertions, deletions and comments; compare each with the
value it was built from (the anchor's hash) and with the fact base as it is
now, and classify (classify.py); report (report.py); and, asked to, write the
reworded values back into the YAML file without disturbing the rest of it
(writeback.py). This module puts those steps together for `briefgen absorb`.
"""
from __future__ import annotations

from pathlib import Path

from ..errors import BriefgenError
from ..load import display_name
from ..render.abbreviations import pairs
from .classify import REWORDED, checkable, classify, new_facts
from .draft import Draft, read_draft
from .report import Result
from .writeback import fact_values, rewrite, unified_diff, verify

__all__ = ["Result", "absorb", "checkable", "fact_values", "new_facts", "read_draft", "rewrite", "verify"]


def absorb(project, draft_path: Path, factbase_path: Path | None = None, apply: bool = False) -> Result:
    """Read an edited draft against its fact base; with ``apply``, write the reworded values."""
    from ..fsio import write_atomic
    from ..project import load_factbase

    draft = read_draft(draft_path)
    if not draft.texts or "briefgen.factbase" not in draft.properties and factbase_path is None:
        raise BriefgenError.single(display_name(draft_path), "not a briefgen Word draft (it has no briefgen "
                                   "anchors); build one with `briefgen build --format docx`")
    if factbase_path is None:
        factbase_path = project.seeds / f"{draft.properties['briefgen.factbase']}.yaml"
        if not factbase_path.exists():
            raise BriefgenError.single(display_name(draft_path), f"built from the fact base "
                                       f"'{draft.properties['briefgen.factbase']}', which is not at "
                                       f"{display_name(factbase_path)}; name it: briefgen absorb DRAFT FACTBASE")
    # a fact base that does not load is bad input, with its lines; its readers are this project's
    fb, _ = load_factbase(factbase_path, profiles=project.profiles())
    text = factbase_path.read_text(encoding="utf-8")
    # a so-what line is the one written for the draft's kind of reader, in the fact base's language
    values = fact_values(text, draft.properties.get("briefgen.reader"), fb.meta.language)
    fresh = _fresh(project, fb, factbase_path, draft.properties.get("briefgen.audience"), draft_path)
    cited = {s.id: [s.title, s.short_title, s.url] for s in fb.sources}  # how a note names its source
    # read against another fact base, the draft's statements that one lacks are named from its own
    own = project.seeds / f"{draft.properties.get('briefgen.factbase')}.yaml"
    other = own.is_file() and own.resolve() != factbase_path.resolve()
    built_from = fact_values(own.read_text(encoding="utf-8")) if other else {}
    findings = classify(draft, values, fresh, pairs(fb.abbreviations, fb.meta.language), fb.meta.language, cited,
                        built_from)
    changes = {(f.ident, f.field): f.new for f in findings if f.kind == REWORDED}
    new_text = rewrite(text, changes, values) if changes else text
    if changes:
        verify(text, new_text, changes, display_name(factbase_path), values)
    diff = unified_diff(text, new_text, display_name(factbase_path))
    if apply and changes:
        write_atomic(factbase_path, new_text.encode("utf-8"))
    return Result(factbase_path, findings, diff, apply, draft_path)


def _fresh(project, fb, factbase_path: Path, audience: str | None, draft_path: Path) -> Draft | None:
    """The draft a build of the same brief writes today, to tell the
    editor's typing from the build's own words. None when the profile is gone.
    The draft's contents page numbers come from the PDF's layout, which is most
    of the time: the page map a build recorded for the same content (in the
    draft's folder or the project's briefs/) serves, as it does a build's."""
    from ..pagemap import recorded_in
    from ..pipeline import Options, images_of, make_brief_and_html, with_project_reference, write
    from ..project import load_audience

    path = {p.stem: p for p in project.audience_paths()}.get(audience or "")
    if path is None:
        return None
    profiles = project.profiles()
    profile = project.with_sources_brief(load_audience(path, [fb], profiles=profiles), path, profiles=profiles)
    brief, html = make_brief_and_html(fb, profile, f"{factbase_path.stem}-{audience}", project.templates,
                                      project.identity(fb)[0])
    images = images_of(brief, project)
    laid = {"layout": recorded_in([draft_path.parent, project.root / "briefs"], brief, html, images, project)}
    options = with_project_reference(Options(formats=("docx",), comments=False), project)
    data, _ = write("docx", brief, html, images, {}, project, options, laid)
    return read_draft(factbase_path.with_suffix(".docx"), data)
