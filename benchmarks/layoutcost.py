"""What each part of the stylesheet costs WeasyPrint: an ablation study on the briefs' own HTML.

    python3 benchmarks/layoutcost.py [--rounds 3] [--briefgen] [--only NAME ...] [--audience NAME]
                                     [--factbase seeds/eu-japan.yaml]

The content is the fact base's five audience briefs as briefgen renders them to HTML
(benchmarks/peers.py's write_content: the stylesheet and the timeline figure as files
beside them). Each variant takes one group of features out, by a rule appended to a copy
of the stylesheet (with !important, so it wins) or by an edit of the HTML, and the five
PDFs are made from it, tagged PDF/UA-1 as briefgen makes them. Every round runs every
variant once, in turn (alternated), in one warm process; the first round is a warm-up.
Times are the process's CPU time (WeasyPrint runs in one thread), which other work on a
shared machine disturbs far less than the wall clock.

By default WeasyPrint runs bare: HTML(...).render(), then write_pdf(), timed apart. With
--briefgen the PDFs are made by briefgen's own writer (render/pdf.py: its layout
shortcuts, its fetcher and font configuration), which is what a build pays; only the
total is timed then. --audience times one brief alone (analyst: the longest), so that
more rounds fit in the same time.

Prints, for each variant: the median of the PDFs' total time, its difference from
"as built" (negative: that feature costs this much), the share of "as built", and the
page count of each brief (analyst, business, policymaker, press, security order of the
profiles), so a variant that saves time by changing the pagination shows it. Then the load.
A variant is not a proposal: most of them change what a reader sees. It says where
the time goes, so a change that keeps the page can be looked for there.
"""
from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from peers import ROOT, write_content  # noqa: E402 - the same content peers.py times

# name -> (rule appended to the stylesheet, edit of the HTML)
Variant = tuple[str, Callable[[str], str] | None]


def _without(pattern: str) -> Callable[[str], str]:
    regex = re.compile(pattern, re.S)

    def edit(html: str) -> str:
        return regex.sub("", html)
    return edit


VARIANTS: dict[str, Variant] = {
    "as built": ("", None),
    # the contents' page numbers: WeasyPrint lays page 1 out again once they are known
    "contents: no page numbers": ("ol.contents a::after { content: leader(dotted) '9' !important; }", None),
    "contents: no leaders": ("ol.contents a::after { content: ' ' target-counter(attr(href), page) !important; }",
                             None),
    "contents: one column": ("nav.contents > ol.contents { columns: auto !important; }", None),
    "contents: none": ("", _without(r'<nav class="contents".*?</nav>')),
    # source notes as inline text: the same words laid out, without the footnote area
    "notes inline, not footnotes": (".fn { float: none !important; display: inline !important; }", None),
    "hyphens: none": ("p, li { hyphens: none !important; }", None),
    "running heads and footers: none": (
        "@page { @top-left { content: none !important; } @bottom-left { content: none !important; }"
        " @bottom-center { content: none !important; } @bottom-right { content: none !important; } }"
        " @page :first { @top-right { content: none !important; } }"
        " .running-header, .running-footer { display: none !important; }"
        " .masthead .organisation { string-set: none !important; }", None),
    "running header: block, not flex": (".running-header { display: block !important; }", None),
    "no break avoidance": ("* { break-before: auto !important; break-after: auto !important;"
                           " break-inside: auto !important; page-break-after: auto !important; }", None),
    "orphans, widows: 1": ("p, li { orphans: 1 !important; widows: 1 !important; }", None),
    "one font, no fallback": (":root { --text-fonts: 'Lato' !important; }", None),
    "no :has() rule": ("", None),  # the stylesheet's one :has() rule is cut from the copy (below)
    "no timeline figure": ("", _without(r'<figure class="timeline-figure">.*?</figure>')),
    "no floats (marking, numbers, dates)": (
        ".handling .marking, .recommendation::before, ol.timeline strong { float: none !important; }", None),
}
_HAS_RULE = re.compile(r"^h4:has\(.*?\}\n", re.M)


def variant_pages(pages: list[Path], html_dir: Path, number: int, name: str) -> list[Path]:
    """Copies of the pages that link a copy of the stylesheet with the variant applied."""
    rule, edit = VARIANTS[name]
    stylesheet = (html_dir / "brief.css").read_text(encoding="utf-8")
    if name == "no :has() rule":
        stylesheet, cut = _HAS_RULE.subn("", stylesheet)
        assert cut == 1, "the stylesheet's :has() rule moved: update _HAS_RULE"
    (html_dir / f"brief-{number}.css").write_text(f"{stylesheet}\n{rule}\n", encoding="utf-8")
    out, edited_any = [], False
    for page in pages:
        html = page.read_text(encoding="utf-8")
        changed = html.replace('href="brief.css"', f'href="brief-{number}.css"')
        assert changed != html, "the HTML no longer links brief.css"
        if edit:
            edited = edit(changed)
            edited_any, changed = edited_any or edited != changed, edited
        copy = html_dir / f"{page.stem}.v{number}.html"
        copy.write_text(changed, encoding="utf-8")
        out.append(copy)
    assert edited_any or not edit, f"{name}: the edit found nothing to take out of any brief"
    return out


def bare(pages: list[Path]) -> tuple[float, float, list[int]]:
    """(layout seconds, writing seconds, page counts) of bare WeasyPrint on the pages."""
    from weasyprint import HTML

    laying = writing = 0.0
    counts = []
    for page in pages:
        started = time.process_time()
        document = HTML(filename=page).render(pdf_variant="pdf/ua-1", pdf_tags=True)
        laid = time.process_time()
        document.write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True)
        laying, writing = laying + laid - started, writing + time.process_time() - laid
        counts.append(len(document.pages))
    return laying, writing, counts


def with_briefgen(pages: list[Path]) -> tuple[float, float, list[int]]:
    """(0, total seconds, page counts) of briefgen's own PDF writer on the pages."""
    from briefgen.render.pdf import render_pdf

    started = time.process_time()
    counts = [render_pdf(page.read_text(encoding="utf-8"), page.parent)[1] for page in pages]
    return 0.0, time.process_time() - started, counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--briefgen", action="store_true", help="briefgen's PDF writer, not bare WeasyPrint")
    parser.add_argument("--only", nargs="+", choices=list(VARIANTS), help="these variants (and 'as built')")
    parser.add_argument("--audience", help="this audience's brief only")
    parser.add_argument("--factbase", type=Path, default=ROOT / "seeds" / "eu-japan.yaml")
    args = parser.parse_args()
    names = ["as built", *[n for n in VARIANTS if n != "as built" and (not args.only or n in args.only)]]
    make = with_briefgen if args.briefgen else bare

    with tempfile.TemporaryDirectory(prefix="briefgen-layoutcost-") as tmp:
        pages = write_content(Path(tmp), args.factbase.resolve())
        pages = [p for p in pages if not args.audience or p.stem.endswith(f"-{args.audience}")]
        assert pages, f"no brief for the audience {args.audience}"
        html_dir = pages[0].parent
        variants = {name: variant_pages(pages, html_dir, number, name) for number, name in enumerate(names)}
        laid: dict[str, list[float]] = {name: [] for name in names}
        total: dict[str, list[float]] = {name: [] for name in names}
        counts: dict[str, list[int]] = {}
        loads = []
        for round_ in range(args.rounds + 1):
            for name in names:  # alternated: each round runs every variant once
                laying, writing, counts[name] = make(variants[name])
                if round_:  # round 0 warms the process up (imports, fonts)
                    laid[name].append(laying)
                    total[name].append(laying + writing)
            loads.append(os.getloadavg()[0])

    base = statistics.median(total["as built"])
    how = "briefgen's PDF writer" if args.briefgen else "bare WeasyPrint (layout + writing)"
    print(f"{args.factbase.name}: {len(pages)} PDF(s) by {how}, CPU seconds, "
          f"median of {args.rounds} rounds alternated, "
          f"load average {min(loads):.2f}-{max(loads):.2f} ({os.cpu_count()} cores)")
    for name in names:
        median = statistics.median(total[name])
        layout = f"  layout {statistics.median(laid[name]):5.2f} s" if not args.briefgen else ""
        print(f"  {name:38} {median:5.2f} s{layout}  {median - base:+6.2f} s  {median / base:6.1%}"
              f"  pages {' '.join(map(str, counts[name]))}")


if __name__ == "__main__":
    main()
