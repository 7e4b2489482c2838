"""The release check: prove, from the rendered files, that no reader gets a
statement above their release level.

It does not take the Brief's word for it. From the fact base alone it works
out what each audience must not see, renders every brief in memory exactly as
`briefgen build` does, extracts the text a reader's tools get (pdftotext and
the PDF's metadata; every text part of the Word package, headers, footers and
notes included) and searches it. So a profile that quotes a restricted
statement, a template that prints more than the Brief holds, or a regression
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
import subprocess
import tempfile
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from .build import Options, load_inputs, make_brief, render
from .model import Audience, FactBase
from .project import Project
from .select import Brief, effective_ranks
from .validate import all_facts, marking_rank

# the running header and footer sit in the page margins (22 and 20 mm in
# templates/brief.css); 18 mm bands hold them and none of the body text
BANNER_BAND_PT = 51
EXIT_LEAK = 1
SHINGLE = 6  # words; long enough not to match by chance, short enough to survive a page break
FORMATS = ("pdf", "docx")
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Withheld:
    """A statement an audience must not receive, and the text that would give it away."""

    kind: str  # fact, takeaway, correction
    id: str
    marking: str
    text: str


@dataclass(frozen=True)
class Leak:
    file: str  # the name `briefgen build` would write, e.g. eu-japan-press.pdf
    audience: Audience
    item: Withheld
    words: str  # the run of words found

    def __str__(self) -> str:
        return (f"{self.file}: {self.item.kind} '{self.item.id}' is {self.item.marking}, above the "
                f"'{self.audience.name}' audience's release level {self.audience.release}, "
                f"but its text appears: \"{self.words}\"")


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


def withheld(fb: FactBase, release: str) -> tuple[list[Withheld], Words]:
    """What a reader cleared up to ``release`` must not see, and the word runs
    of every statement and source they may see.

    Decided from the fact base alone, with the rule selection uses for what a
    statement draws on (effective_ranks). The fact base's meta is not counted
    as cleared: it is printed in every brief, so quoting a restricted
    statement there is a leak too.
    """
    level = marking_rank(fb, release)
    scheme = fb.meta.marking_scheme
    ranks = effective_ranks(fb)
    statements = ([("fact", f.id, [f.headline, f.detail], f) for _, f in all_facts(fb)]
                  + [("takeaway", t.id, [t.text], t) for t in fb.takeaways]
                  + [("correction", c.id, [c.finding], c) for c in fb.corrections])
    out: list[Withheld] = []
    cleared: list[str] = []
    for kind, ident, texts, model in statements:
        if ranks[ident] > level:
            out += [Withheld(kind, ident, scheme[ranks[ident]], t) for t in texts if t]
        else:
            cleared += _strings(model)
    for source in fb.sources:
        if marking_rank(fb, source.marking) <= level:
            cleared += _strings(source)
    return out, Words(cleared)


def _strings(model) -> list[str]:
    """Every string a model holds, however nested: all of it may be printed."""
    found: list[str] = []

    def walk(value) -> None:
        if isinstance(value, str):
            found.append(value)
        elif isinstance(value, dict):
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)

    walk(model.model_dump())
    return found


def find_leaks(text: str, file: str, audience: Audience, items: list[Withheld],
               cleared: Words) -> list[Leak]:
    """One leak per withheld statement whose text shows in ``text``."""
    present = Words([text])
    leaks: list[Leak] = []
    seen: set[str] = set()
    for item in items:
        if item.id in seen:
            continue
        hits = [s for s in shingles(words(item.text)) if s in present and s not in cleared]
        if hits:
            seen.add(item.id)
            leaks.append(Leak(file, audience, item, " ".join(hits[0])))
    return leaks


# ---------------------------------------------------------------- extraction

@dataclass
class PdfText:
    pages: list[str]  # each page's text as poppler extracts it
    headers: list[str]  # each page's top margin band
    footers: list[str]  # each page's bottom margin band
    info: str  # the document information: title, subject, keywords...


def pdf_text(data: bytes) -> PdfText:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as tmp:
        tmp.write(data)
        tmp.flush()
        info = _run(["pdfinfo", "-enc", "UTF-8", tmp.name])
        width, height = map(float, re.search(r"^Page size:\s+([\d.]+) x ([\d.]+)", info, re.M).groups())

        def text(*crop: str) -> list[str]:
            pages = _run(["pdftotext", "-enc", "UTF-8", *crop, tmp.name, "-"]).split("\f")
            return pages[:-1]  # pdftotext ends every page, the last one too, with a form feed

        band = BANNER_BAND_PT
        return PdfText(text(),
                       text("-x", "0", "-y", "0", "-W", str(int(width)), "-H", str(band)),
                       text("-x", "0", "-y", str(int(height) - band), "-W", str(int(width)), "-H", str(band)),
                       info)


def _run(argv: list[str]) -> str:
    return subprocess.run(argv, check=True, capture_output=True, text=True).stdout


def docx_parts_text(data: bytes) -> dict[str, str]:
    """The text of every XML part of a Word package: body, headers, footers, notes, properties.

    A paragraph's runs are joined without spaces (Word splits words across
    runs freely); paragraphs, cells and parts are separated by line breaks.
    """
    parts: dict[str, str] = {}
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        for name in package.namelist():
            if not name.endswith(".xml") or not name.startswith(("word/", "docProps/")):
                continue
            root = etree.fromstring(package.read(name))
            paragraphs = root.iter(f"{_W}p")
            lines = ["".join(_run_text(p)) for p in paragraphs]
            if not lines:  # properties and other parts without paragraphs
                lines = [" ".join(t.strip() for t in root.itertext() if t.strip())]
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
    for fmt in FORMATS:
        file = f"{brief.name}.{fmt}"
        data, _, _ = render(brief, fmt, project, options)
        if fmt == "pdf":
            pdf = pdf_text(data)
            pages = len(pdf.pages)
            leaks += find_leaks("\n".join(pdf.pages) + "\n" + pdf.info, file, audience, items, cleared)
            for n, (head, foot) in enumerate(zip(pdf.headers, pdf.footers), 1):
                unbannered += [f"{file} page {n} {place}" for place, band in (("header", head), ("footer", foot))
                               if not carries(band, brief.marking)]
        else:
            parts = docx_parts_text(data)
            leaks += find_leaks("\n".join(parts.values()), file, audience, items, cleared)
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
            brief = make_brief(fb, audience, f"{fb_name}-{aud_name}", project.templates)
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
