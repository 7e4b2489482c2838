"""The pipeline, one brief at a time: load the inputs, make a brief, render it, count its words.

load → validate (load_inputs) → select and fit (make_brief) → HTML → PDF / DOCX
(render). The batch (build.py) and the other commands (release-check, preview, absorb,
diff) all make briefs through these functions, so a brief is made one way.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import BriefgenError, Problem
from .load import display_name, read_bounded
from .project import Project, load_audience, read_factbase

if TYPE_CHECKING:
    from .brief import Brief
    from .model import FactBase
    from .profile import Audience

# Selecting and rendering (pydantic, Jinja, lxml) and the writers are imported
# where they are used: a build with nothing to do reads bytes and hashes, and
# should not pay for them (benchmarks/targets.py: the no-op build).

FORMATS = ("pdf", "docx")


@dataclass
class Options:
    formats: tuple[str, ...] = FORMATS
    pdf_variant: str | None = None
    reference_docx: Path | None = None  # an organisation's Word template (styles, page, header/footer)
    comments: bool = True  # editor comments on stale and secondary-only facts in the Word draft
    stale_after_days: int | None = None  # overrides the fact base's meta.stale_after_days


@dataclass
class Inputs:
    factbases: dict[str, FactBase]
    audiences: dict[str, Audience]
    warnings: list[Problem] = field(default_factory=list)


def with_project_reference(options: Options, project: Project) -> Options:
    """``options`` with the Word template briefgen.toml names (house.reference_docx) where
    none was given on the command line (--reference-docx), whose file wins."""
    if options.reference_docx is not None or "docx" not in options.formats:
        return options
    configured = project.reference_docx()
    return options if configured is None else replace(options, reference_docx=configured)


def one_per_name(paths) -> tuple[list[Path], list[tuple[Path, Path]]]:
    """The fact base files, one per name (the same file given twice counts once),
    and every (path, first path) pair of two different files sharing a name:
    briefs are named after the file, so the second would overwrite the first's."""
    named: dict[str, Path] = {}
    clashes = []
    for path in map(Path, paths):
        if path.stem not in named:
            named[path.stem] = path
        elif named[path.stem].resolve() != path.resolve():
            clashes.append((path, named[path.stem]))
    return list(named.values()), clashes


def no_factbase(project: Project) -> BriefgenError:
    return BriefgenError.single(display_name(project.seeds), "no fact base (*.yaml) found: a project's "
                                "fact bases are the YAML files in its seeds/ folder", 0, 0)


def load_inputs(project: Project, factbase_paths: list[Path] | None = None,
                audience_names: list[str] | None = None, contents: dict[Path, bytes] | None = None) -> Inputs:
    """Load and check every fact base and audience; raise all errors at once.

    ``contents``: resolved path -> the bytes of a file as already read (and
    hashed, by the build), parsed instead of reading the file again; a file
    read here is added to it."""
    problems: list[Problem] = []

    def raw(path: Path) -> bytes | None:
        if contents is None:
            return None
        key = path.resolve()
        if key not in contents:
            contents[key] = read_bounded(path)
        return contents[key]

    factbases: dict[str, FactBase] = {}
    warnings: list[Problem] = []
    paths, clashes = one_per_name(factbase_paths or project.factbase_paths())
    for path, first in clashes:
        problems.append(Problem(display_name(path), 1, 1, "", f"another fact base is also named "
                                f"'{path.stem}' ({display_name(first)}); rename one"))
    glyphs = project.glyphs()
    profiles = project.profiles(raw)
    from .housemarks import audience_problems

    for problem in audience_problems(project.config.markings, project.audience_paths(), profiles.audiences):
        (problems if problem.severity == "error" else warnings).append(problem)
    documents = {}  # each fact base as read: a warning found later is placed at its line
    for path in paths:
        try:
            fb, found, documents[path.stem] = read_factbase(path, raw(path), glyphs, profiles)
            factbases[path.stem] = fb
            warnings += found
        except BriefgenError as exc:
            problems += exc.problems
    audience_paths = ([project.audience_path(n) for n in audience_names] if audience_names
                      else project.audience_paths())
    audiences: dict[str, Audience] = {}
    for path in audience_paths:
        try:
            audience = load_audience(path, {p.name: factbases[p.stem] for p in paths if p.stem in factbases},
                                     raw(path), warnings, glyphs, profiles)
            audiences[path.stem] = project.with_sources_brief(audience, path, raw, profiles)
        except BriefgenError as exc:
            problems += exc.problems
    from .render.html import check_templates

    problems += check_templates(project.templates)
    from .editorial import alike_openings

    for path in paths:  # a warning at the fact base: it is the fact base's takeaways that need writing
        if path.stem in factbases and (alike := alike_openings(factbases[path.stem], audiences)):
            warnings.append(documents[path.stem].problem(("takeaways",), alike, "warning"))
    if problems:
        # with the warnings of the files that loaded: every problem, in one pass
        raise BriefgenError(sorted(set(problems + warnings)))
    if not factbases:
        raise no_factbase(project)
    return Inputs(factbases, audiences, warnings)


# What a reader does not read as the brief's text: the running heads, and the
# source apparatus (footnote text, note calls, the endnotes and sources lists).
# The word budget is for the text; the apparatus is paid for in the page budget.
_NOT_COUNTED = " | ".join([
    '//div[contains(concat(" ", normalize-space(@class), " "), " running-header ")]',
    '//div[contains(concat(" ", normalize-space(@class), " "), " running-footer ")]',
    '//div[contains(concat(" ", normalize-space(@class), " "), " running-organisation ")]',
    '//*[contains(concat(" ", normalize-space(@class), " "), " fn ")]',
    '//a[contains(concat(" ", normalize-space(@class), " "), " noteref ")]',
    '//section[@id="sources" or @id="notes"]',
])


def _read_text(html: str):
    from lxml import html as lxml_html

    body = lxml_html.document_fromstring(html).body
    for element in body.xpath(_NOT_COUNTED):
        element.drop_tree()  # unlike remove(), keeps the text that follows the element
    return body


def brief_words(html: str) -> int:
    """Words a reader reads: the document body less running heads and source apparatus."""
    return len(_read_text(html).text_content().split())


def word_counts(html: str) -> tuple[int, list[tuple[str, int]]]:
    """The brief's words (as brief_words counts them) and (heading, words) for
    each counted section, in print order, from one reading of the HTML."""
    body = _read_text(html)
    sections = []
    for section in body.xpath("//section"):
        heading = section.xpath("./h2")
        label = " ".join(heading[0].text_content().split()) if heading else section.get("id", "?")
        sections.append((label, len(section.text_content().split())))
    return len(body.text_content().split()), sections


def make_brief(fb: FactBase, audience: Audience, name: str, templates, house=None) -> Brief:
    """The brief as built: selected, and fitted to its word budget by counting
    the words of the HTML it renders to, not an estimate. ``house``: the
    identity it prints (config.Identity; default: what the fact base names)."""
    return make_brief_and_html(fb, audience, name, templates, house)[0]


def make_brief_and_html(fb: FactBase, audience: Audience, name: str, templates,
                        house=None) -> tuple[Brief, str]:
    """make_brief, with the HTML the brief renders to: fitting rendered it to
    count its words, and the writers read that same HTML."""
    return make_counted_brief(fb, audience, name, templates, house)[:2]


def make_counted_brief(fb: FactBase, audience: Audience, name: str, templates,
                       house=None) -> tuple[Brief, str, tuple[int, list[tuple[str, int]]]]:
    """make_brief_and_html, with the HTML's word_counts: fitting counted them to
    measure the brief, so the build's table needs no second reading of it."""
    from .render.html import render_html
    from .render.vocabulary import refuse_unknown_html
    from .select import select
    from .sourcenotes import gives_sources

    measured: list[tuple[Brief, str, tuple]] = []  # every candidate measured, with its HTML and counts

    def measure(brief: Brief) -> int:
        brief.house = house
        html = render_html(brief, templates)
        measured.append((brief, html, word_counts(html)))
        return measured[-1][2][0]

    cited, other = audience.cited, None
    if cited is not None:
        # the brief this one draws on, made first: the handling line names its marking
        other = make_brief(fb, cited, name.removesuffix(audience.name) + cited.name, templates, house)
        audience = audience.citing(cited, other.marking)
    brief = select(fb, audience, name, measure=measure)
    brief.house = house
    if other is not None and not gives_sources(brief, other):
        # its handling line would say the other brief gives sources it does not: say nothing
        return make_counted_brief(fb, audience.citing(None), name, templates, house)
    found = next(((h, c) for b, h, c in measured if b is brief), None)
    if found is None:
        html = render_html(brief, templates)
        found = (html, word_counts(html))
    refuse_unknown_html(found[0], templates)  # both writers read it: neither may meet a term the other lacks
    return brief, *found


def images_of(brief: Brief, project: Project) -> dict[str, bytes]:
    """The in-memory files the HTML names: the timeline, drawn once for both formats,
    and the project's logo and font files (briefgen.toml)."""
    from .figure import FILENAME, timeline_png

    png = timeline_png(brief)
    return {**({FILENAME: png} if png else {}), **project.identity(brief.factbase)[1]}


def editor_comments(brief: Brief, options: Options) -> dict[str, str]:
    """The editor notes the Word draft carries: those of the facts it prints (a note
    on a fact this brief leaves out changes nothing in it)."""
    if not options.comments:
        return {}
    from .review import editor_notes

    printed = set(brief.fact_ids())
    return {fact: note for fact, note in editor_notes(brief.factbase, options.stale_after_days).items()
            if fact in printed}


def write(fmt: str, brief: Brief, html: str, images: dict, comments: dict, project: Project,
          options: Options, laid: dict | None = None) -> tuple[bytes, int | None]:
    """The writer of ``fmt``, given everything it reads: (bytes, page count or None).

    ``laid`` carries the PDF's layout from the PDF writer to the Word writer of
    the same brief, so a job that makes both lays the brief out once; the task
    may seed it with the page map an earlier build recorded (pagemap.py)."""
    laid = {} if laid is None else laid
    if fmt == "pdf":
        from .render.pdf import render_pdf_and_layout
        data, laid["layout"] = render_pdf_and_layout(html, project.templates, options.pdf_variant, images=images)
        return data, laid["layout"].pages
    from .render.pdf import layout
    from .render.word import render_docx

    # the PDF's layout of the same HTML: the draft's contents page numbers and page count
    if not laid.get("layout"):
        laid["layout"] = layout(html, project.templates, images)
    return render_docx(html, images=images, comments=comments, reference=options.reference_docx,
                       contents=brief.audience.contents, layout=laid["layout"], house=brief.house,
                       templates=project.templates), None


def render(brief: Brief, fmt: str, project: Project, options: Options,
           html: str | None = None) -> tuple[bytes, int | None, str]:
    """One brief in one format: (bytes, page count or None, the HTML it came from)."""
    html = _html(brief, project, html)
    data, pages = render_all(brief, (fmt,), project, options, html)[fmt]
    return data, pages, html


def render_all(brief: Brief, formats: tuple[str, ...], project: Project, options: Options,
               html: str | None = None) -> dict[str, tuple[bytes, int | None]]:
    """One brief in several formats: format -> (bytes, page count or None). The
    formats share the HTML, the images and the PDF's layout, each made once."""
    html = _html(brief, project, html)
    pictures = images_of(brief, project)
    comments = editor_comments(brief, options)
    laid: dict = {}
    return {fmt: write(fmt, brief, html, pictures, comments, project, options, laid) for fmt in formats}


def _html(brief: Brief, project: Project, html: str | None) -> str:
    """The brief's HTML, rendered unless given, in the project's house identity."""
    from .render.html import render_html

    if brief.house is None:
        brief.house = project.identity(brief.factbase)[0]
    return html if html is not None else render_html(brief, project.templates)
