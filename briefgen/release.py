"""The release check: prove, from the rendered files, that no reader gets a
statement above their release level.

It does not take the Brief's word for it. From the fact base alone it works
out what each audience must not see (every string of every withheld fact,
framework, milestone, recommendation, takeaway, correction and source), renders
every brief in memory exactly as `briefgen build` does, and searches every
channel a reader's tools can get text from:

- the PDF (read with pypdfium2 and pikepdf, no external program): each page's
  text, the document information, the XMP metadata, the bookmarks, alt and
  actual text, link targets, and every other string object in the file;
- the Word package: every XML part (document, footnotes, endnotes, comments,
  headers, footers, core, app and custom properties, relationships), its text
  and its attribute values, so alt text, hyperlink targets and bookmark names
  count too.

So a profile that quotes a restricted statement, a template that prints more
than the Brief holds (in the text or in the file's metadata), or a regression
in selection is caught, not just a wrong marking.

Matching is on runs of SHINGLE consecutive words, case- and
punctuation-insensitive, so a statement that is reflowed across lines, split
by a page break or a footnote, or printed in part is still found. Runs that
also occur in text the audience is cleared for are not evidence of a leak
and are ignored.
"""
from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pikepdf
import pypdfium2
from lxml import etree

from .markings import effective_ranks, marking_rank
from .model import FactBase, all_facts
from .pipeline import FORMATS, Options, load_inputs, make_brief, render_all
from .profile import Audience
from .project import Project
from .select import Brief

# the running header and footer sit in the page margins (22 and 20 mm in
# templates/brief.css); 18 mm bands hold them and none of the body text
BANNER_BAND_PT = 51
EXIT_LEAK = 1
SHINGLE = 6  # words; long enough not to match by chance, short enough to survive a page break
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Withheld:
    """A statement an audience must not receive, and the text that would give it away."""

    kind: str  # fact, takeaway, correction, source
    id: str
    marking: str
    text: str


@dataclass(frozen=True)
class Leak:
    file: str  # the name `briefgen build` would write, e.g. eu-japan-press.pdf
    audience: Audience
    item: Withheld
    words: str  # the run of words found
    channel: str  # where in the file: "page text", "bookmarks", "word/document.xml"...

    def __str__(self) -> str:
        return (f"{self.file}: {self.item.kind} '{self.item.id}' is {self.item.marking}, above the "
                f"'{self.audience.name}' audience's release level {self.audience.release}, "
                f"but its text appears ({self.channel}): \"{self.words}\"")


@dataclass
class Checked:
    """One brief in every format, and what was found."""

    brief: Brief
    withheld: list[Withheld]
    pages: int
    leaks: list[Leak]
    unbannered: list[str]  # "FILE page N" / "FILE header" lacking the brief's marking


def words(text: str) -> list[str]:
    """Text as a sequence of comparable words: ligatures unfolded, case and punctuation dropped."""
    return _WORD.findall(unicodedata.normalize("NFKC", text).casefold())


def shingles(tokens: list[str]) -> list[tuple[str, ...]]:
    """Every run of SHINGLE consecutive words, in order; a shorter text is one run."""
    if len(tokens) < SHINGLE:
        return [tuple(tokens)] if tokens else []
    return [tuple(tokens[i:i + SHINGLE]) for i in range(len(tokens) - SHINGLE + 1)]


class Words:
    """Texts as words, answering whether a run of words occurs in one of them."""

    def __init__(self, texts: list[str]):
        # "" is never a word, so no run spans two texts
        self.tokens = [w for t in texts for w in words(t) + [""]]
        self._runs: dict[int, set[tuple[str, ...]]] = {}

    def __contains__(self, run: tuple[str, ...]) -> bool:
        n = len(run)
        if n not in self._runs:
            self._runs[n] = {tuple(self.tokens[i:i + n]) for i in range(len(self.tokens) - n + 1)}
        return run in self._runs[n]


# Fields that name other items or a vocabulary rather than say anything: a
# withheld fact's themes or the ids of the sources it cites are shared with
# what the audience may see, and are not its content.
REFERENCES = frozenset({"sources", "themes", "rests_on", "about", "frameworks", "marking", "kind", "audiences"})


def withheld(fb: FactBase, release: str) -> tuple[list[Withheld], Words]:
    """What a reader cleared up to ``release`` must not see, and the word runs
    of every statement and source they may see.

    Withheld is every string of every statement above the level: a fact's
    headline and detail, a framework's name, status and scope, a correction's
    finding and what the document says, a takeaway, a source's title,
    publisher and address, and their ids. Decided from the fact base alone,
    with the rule selection uses for what a statement draws on
    (effective_ranks). The fact base's meta is not counted as cleared: it is
    printed in every brief, so quoting a restricted statement there is a leak too.
    """
    level = marking_rank(fb, release)
    scheme = fb.meta.marking_scheme
    ranks = effective_ranks(fb)
    statements = ([("fact", f.id, f) for _, f in all_facts(fb)]
                  + [("takeaway", t.id, t) for t in fb.takeaways]
                  + [(m.kind, m.id, m) for m in fb.messages]
                  + [("correction", c.id, c) for c in fb.corrections])
    statements = [(kind, ident, ranks[ident], model) for kind, ident, model in statements]
    statements += [("source", s.id, marking_rank(fb, s.marking), s) for s in fb.sources]
    out: list[Withheld] = []
    cleared: list[str] = []
    for kind, ident, rank, model in statements:
        if rank > level:
            out += [Withheld(kind, ident, scheme[rank], t) for t in _strings(model, skip=REFERENCES) if t.strip()]
        else:
            cleared += _strings(model)
    return out, Words(cleared)


def _strings(model, skip: frozenset = frozenset()) -> list[str]:
    """Every string a model holds, however nested, less the fields in ``skip``."""
    found: list[str] = []

    def walk(value) -> None:
        if isinstance(value, str):
            found.append(value)
        elif isinstance(value, dict):
            for key, v in value.items():
                if key not in skip:
                    walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)

    walk(model.model_dump())
    return found


def find_leaks(channels: dict[str, str], file: str, audience: Audience, items: list[Withheld],
               cleared: Words) -> list[Leak]:
    """One leak per withheld statement whose text shows in a channel (the first, in order)."""
    leaks: list[Leak] = []
    seen: set[str] = set()
    for channel, text in channels.items():
        present = Words([text])
        for item in items:
            if (item.kind, item.id) in seen:
                continue
            hits = [s for s in shingles(words(item.text)) if s in present and s not in cleared]
            if hits:
                seen.add((item.kind, item.id))
                leaks.append(Leak(file, audience, item, " ".join(hits[0]), channel))
    return leaks


# ---------------------------------------------------------------- extraction

@dataclass
class PdfText:
    pages: list[str]  # each page's text
    headers: list[str]  # each page's top margin band
    footers: list[str]  # each page's bottom margin band
    channels: dict[str, str]  # every other place text can hide: "bookmarks" -> their titles...


# string values of these keys, wherever they are, are read as alt text and link targets
_ALT_KEYS = ("/Alt", "/ActualText", "/E")
_LINK_KEYS = ("/URI", "/D", "/Dest", "/F", "/UF")


def pdf_text(data: bytes) -> PdfText:
    """The text of a PDF, in every channel, read in-process (pypdfium2 for the
    pages as laid out, pikepdf for the objects)."""
    document = pypdfium2.PdfDocument(data)
    pages, headers, footers = [], [], []
    try:
        for page in document:
            width, height = page.get_size()
            text = page.get_textpage()
            pages.append(text.get_text_range())
            headers.append(text.get_text_bounded(0, height - BANNER_BAND_PT, width, height))
            footers.append(text.get_text_bounded(0, 0, width, BANNER_BAND_PT))
    finally:
        document.close()
    return PdfText(pages, headers, footers, pdf_channels(data))


def pdf_channels(data: bytes) -> dict[str, str]:
    """Everything but the page text: document info, XMP, bookmarks, alt text,
    link targets, and every other string or text stream in the file."""
    info, xmp, bookmarks, alt, links, other = [], [], [], [], [], []
    with pikepdf.open(io.BytesIO(data)) as pdf:
        info += [_pdf_string(v) for v in pdf.docinfo.values()]
        with pdf.open_outline() as outline:
            stack = list(outline.root)
            while stack:
                item = stack.pop()
                bookmarks.append(item.title or "")
                stack += list(item.children)
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Stream):
                kind = obj.get("/Subtype")
                if kind == "/XML" or obj.get("/Type") == "/Metadata":
                    xmp.append(_xml_text(obj.read_bytes()))
                continue
            if not isinstance(obj, pikepdf.Dictionary):
                continue
            for key, text in _pdf_strings(obj):
                (alt if key in _ALT_KEYS else links if key in _LINK_KEYS else other).append(text)
        for name in _name_tree_keys(pdf):
            links.append(name)
    return {"document info": "\n".join(info), "XMP metadata": "\n".join(xmp), "bookmarks": "\n".join(bookmarks),
            "alt text": "\n".join(alt), "link targets": "\n".join(links), "other strings": "\n".join(other)}


def _pdf_string(value) -> str:
    try:
        return str(value)
    except (ValueError, UnicodeDecodeError):
        return bytes(value).decode("latin-1")


def _pdf_strings(value, key: str = "", depth: int = 0) -> list[tuple[str, str]]:
    """(the key it is the value of, string) for every string in a dictionary or
    array and in those it holds directly; an indirect object is read on its own,
    in the loop over all objects."""
    if isinstance(value, pikepdf.String):
        return [(key, _pdf_string(value))]
    if depth > 8 or (depth and getattr(value, "is_indirect", False)):
        return []
    if isinstance(value, pikepdf.Array):
        return [pair for v in value for pair in _pdf_strings(v, key, depth + 1)]
    if isinstance(value, pikepdf.Dictionary):
        return [pair for k, v in value.items() for pair in _pdf_strings(v, k, depth + 1)]
    return []


def _name_tree_keys(pdf) -> list[str]:
    """The names of named destinations (WeasyPrint names them after element ids)."""
    names = pdf.Root.get("/Names")
    dests = names.get("/Dests") if names is not None else None
    if dests is None:
        return []
    return [str(key) for key in pikepdf.NameTree(dests).keys()]


def _xml_text(data: bytes) -> str:
    """The text and attribute values of an XML document (XMP carries both)."""
    try:
        root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError:
        return data.decode("utf-8", "replace")
    return "\n".join(list(root.itertext()) + [v for el in root.iter() for v in el.attrib.values()])


def docx_parts_text(data: bytes) -> dict[str, str]:
    """The text of every XML part of a Word package: body, headers, footers,
    notes, comments, properties, relationships; with its attribute values
    (alt text, hyperlink targets, bookmark names), after the text.

    A paragraph's runs are joined without spaces (Word splits words across
    runs freely); paragraphs, cells and parts are separated by line breaks.
    """
    parts: dict[str, str] = {}
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        # the body first: a leak is reported where a reader meets it first
        for name in sorted(package.namelist(), key=lambda n: n != "word/document.xml"):
            if not name.endswith((".xml", ".rels")):
                continue
            root = etree.fromstring(package.read(name), etree.XMLParser(resolve_entities=False, no_network=True))
            lines = ["".join(_run_text(p)) for p in root.iter(f"{_W}p")]
            if not lines:  # properties and other parts without paragraphs
                lines = [" ".join(t.strip() for t in root.itertext() if t.strip())]
            lines += [v for el in root.iter() for v in el.attrib.values()]
            parts[name] = "\n".join(lines)
    return parts


def _run_text(paragraph) -> list[str]:
    out = []
    for el in paragraph.iter(f"{_W}t", f"{_W}tab", f"{_W}br"):
        out.append((el.text or "") if el.tag == f"{_W}t" else " ")
    return out


# -------------------------------------------------------------------- check

def carries(text: str, marking: str) -> bool:
    """Whether ``text`` prints ``marking`` itself, not a longer one it begins (TLP:AMBER+STRICT)."""
    return re.search(re.escape(marking) + r"(?![\w+])", text) is not None


def check_brief(brief: Brief, fb: FactBase, project: Project, options: Options) -> Checked:
    items, cleared = withheld(fb, brief.audience.release)
    audience = brief.audience
    leaks: list[Leak] = []
    unbannered: list[str] = []
    pages = 0
    rendered = render_all(brief, FORMATS, project, options)  # one HTML and one layout for both
    for fmt in FORMATS:
        file = f"{brief.name}.{fmt}"
        data, _ = rendered[fmt]
        if fmt == "pdf":
            pdf = pdf_text(data)
            pages = len(pdf.pages)
            leaks += find_leaks({"page text": "\n".join(pdf.pages), **pdf.channels}, file, audience, items, cleared)
            for n, (head, foot) in enumerate(zip(pdf.headers, pdf.footers, strict=False), 1):
                unbannered += [f"{file} page {n} {place}" for place, band in (("header", head), ("footer", foot))
                               if not carries(band, brief.marking)]
        else:
            parts = docx_parts_text(data)
            leaks += find_leaks(parts, file, audience, items, cleared)
            for place in ("header", "footer"):
                texts = [t for name, t in parts.items() if name.startswith(f"word/{place}")]
                if not any(carries(t, brief.marking) for t in texts):
                    unbannered.append(f"{file} {place}")
    return Checked(brief, items, pages, leaks, unbannered)


def check(project: Project, factbase_paths: list[Path] | None = None,
          audience_names: list[str] | None = None, options: Options | None = None) -> list[Checked]:
    """Build every (fact base x audience) brief in memory and check both formats. Writes nothing."""
    options = options or Options()
    inputs = load_inputs(project, factbase_paths, audience_names)
    results = []
    for fb_name, fb in inputs.factbases.items():
        for aud_name, audience in inputs.audiences.items():
            brief = make_brief(fb, audience, f"{fb_name}-{aud_name}", project.templates,
                               project.identity(fb)[0])
            results.append(check_brief(brief, fb, project, options))
    return results


def problems(results: list[Checked]) -> list[str]:
    """Every finding as one line: leaks first, then briefs above their level, then missing banners."""
    out = [str(leak) for r in results for leak in r.leaks]
    for r in results:
        fb, audience = r.brief.factbase, r.brief.audience
        if marking_rank(fb, r.brief.marking) > marking_rank(fb, audience.release):
            out.append(f"{r.brief.name}: the brief is marked {r.brief.marking}, above the "
                       f"'{audience.name}' audience's release level {audience.release}")
        out += [f"{where}: the marking banner {r.brief.marking} is missing" for where in r.unbannered]
    return out


def summary(r: Checked) -> str:
    ids = sorted({w.id for w in r.withheld})
    return (f"{r.brief.name}: {r.brief.marking} (release {r.brief.audience.release}); "
            f"{len(ids)} statement(s) withheld, none in the PDF ({r.pages} p) or the Word draft")
