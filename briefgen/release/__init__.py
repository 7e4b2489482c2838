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

import re
from dataclasses import dataclass
from pathlib import Path

from ..brief import Brief
from ..markings import marking_rank
from ..model import FactBase
from ..pipeline import FORMATS, Options, load_inputs, make_brief, render_all, with_project_reference
from ..project import Project
from .channels import docx_parts_text, pdf_text
from .withheld import Leak, Withheld, find_leaks, withheld

__all__ = ["EXIT_LEAK", "Checked", "check", "check_files", "docx_parts_text", "find_leaks", "pdf_text", "problems",
           "summary", "withheld"]

EXIT_LEAK = 1


@dataclass
class Checked:
    """One brief in every format, and what was found."""

    brief: Brief
    withheld: list[Withheld]
    pages: int
    leaks: list[Leak]
    unbannered: list[str]  # "FILE page N" / "FILE header" lacking the brief's marking


def carries(text: str, marking: str) -> bool:
    """Whether ``text`` prints ``marking`` itself, not a longer one it begins (TLP:AMBER+STRICT)."""
    return re.search(re.escape(marking) + r"(?![\w+])", text) is not None


def check_brief(brief: Brief, fb: FactBase, project: Project, options: Options) -> Checked:
    """Render one brief in every format, in memory, and check the files."""
    rendered = render_all(brief, FORMATS, project, options)  # one HTML and one layout for both
    return check_files(brief, fb, {fmt: data for fmt, (data, _) in rendered.items()})


def check_files(brief: Brief, fb: FactBase, files: dict[str, bytes]) -> Checked:
    """Check the brief's file in each format (format -> its bytes) against the fact base."""
    items, cleared = withheld(fb, brief.audience.release, brief.house.series if brief.house else None)
    audience = brief.audience
    leaks: list[Leak] = []
    unbannered: list[str] = []
    pages = 0
    for fmt in FORMATS:
        file = f"{brief.name}.{fmt}"
        data = files[fmt]
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
    options = with_project_reference(options or Options(), project)
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
