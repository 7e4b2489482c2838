"""HTML -> PDF with WeasyPrint. Layout is in templates/brief.css; this only wires it up.

WeasyPrint is imported lazily: its import costs about half a second, which
`briefgen validate` and `--help` should not pay.
"""
from __future__ import annotations

import hashlib
import mimetypes
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from ..defaults import Folders, layered, search_path
from ..errors import BriefgenError, Problem
from ..load import display_name

PDF_VARIANTS = ("pdf/ua-1", "pdf/a-3b")
# Accessible by default: tagged (UA-1 semantics: headings, lists, figures with
# their alt text, the reading order), with XMP metadata, the document's title
# shown in the viewer's title bar (DisplayDocTitle) and its language declared.
DEFAULT_VARIANT = "pdf/ua-1"


def asset_fetcher(assets: Folders, extra: dict[str, bytes] | None = None):
    """A URL fetcher that serves only files inside the ``assets`` folders (and
    in-memory files: images briefgen drew, the project's logo and fonts).

    Anything else - file:///etc/passwd, http://..., ../ escapes - is refused, so
    text that slips past escaping still cannot read a file or touch the network.
    The folders are layers: a file asked for relative to the first (the base
    URL) is served from the first folder that has it, so a project's own
    stylesheet replaces briefgen's and the rest still come from briefgen.
    """
    from .weasy import weasyprint

    URLFetcher, URLFetcherResponse = weasyprint.urls.URLFetcher, weasyprint.urls.URLFetcherResponse
    folders = [f.resolve() for f in search_path(assets)]
    root = folders[0]
    memory = extra or {}

    class AssetFetcher(URLFetcher):
        def __init__(self):
            super().__init__(allowed_protocols={"file", "briefgen"})
            self.served: list[str] = []
            self.refused: list[str] = []

        def fetch(self, url, headers=None):
            parts = urlsplit(url)
            if parts.scheme == "briefgen" and parts.path in memory:
                self.served.append(url)
                kind = mimetypes.guess_type(parts.path)[0] or "image/png"
                return URLFetcherResponse(url, memory[parts.path], {"Content-Type": kind})
            if parts.scheme == "file":
                path = Path(unquote(parts.path)).resolve()
                if path.is_relative_to(root):
                    name = path.relative_to(root).as_posix()
                    path = next((f / name for f in folders if (f / name).is_file()), path)
                if any(path.is_relative_to(f) for f in folders) and path.is_file():
                    self.served.append(url)
                    kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                    return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": kind})
            self.refused.append(url)
            raise ValueError(f"briefgen renders only its own assets; refused {url}")

    return AssetFetcher()


@dataclass(frozen=True)
class Layout:
    """What the Word draft takes from the PDF's layout of the same HTML: its page
    count, and the page each heading lands on ((TOC level, text, page), in order)."""

    pages: int
    headings: tuple[tuple[int, str, int], ...]

    def pages_of(self, headings: list[tuple[int, str]]) -> list[int | None]:
        """The page of each (level, text) heading, matched in document order."""
        out, at = [], 0
        for level, text in headings:
            found = next((i for i in range(at, len(self.headings))
                          if self.headings[i][:2] == (level, " ".join(text.split()))), None)
            out.append(self.headings[found][2] if found is not None else None)
            at = found + 1 if found is not None else at
        return out


def layout(html: str, assets: Folders, images: dict[str, bytes] | None = None) -> Layout:
    """Lay the brief out as the PDF is laid out, without writing a PDF."""
    from .fontconfig import font_configuration

    _lay_out_for_less()
    fetcher = asset_fetcher(assets, images)
    with font_configuration() as fonts:
        laid = _layout_of(_render(html, assets, fetcher, {}, fonts))
    _check_fetches(fetcher, assets)
    return laid


def _lay_out_for_less() -> None:
    """WeasyPrint 70's layout, the same to the float, without the work it throws away, and with
    a run's last space let hang where it alone passes the line (hanging.py)."""
    from . import floatlines, hanging, noteheights, plainstyles

    hanging.install()  # a run that fits its line but for its last space is not split after its first word
    noteheights.install()  # the footnote area measured without laying its notes out again
    floatlines.install()  # lines below every float not measured for floats they cannot meet
    plainstyles.install()  # a property no rule sets: its initial or inherited value, directly


def _layout_of(rendered) -> Layout:
    headings: list[tuple[int, str, int]] = []

    def walk(tree, depth: int) -> None:
        # depth 0 is the title (h1); the contents list h2 as level 1 and h3 as level 2
        for label, (page, _, _), children, _ in tree:
            if depth:
                headings.append((depth, " ".join(label.split()), page + 1))
            walk(children, depth + 1)

    walk(rendered.make_bookmark_tree(), 0)
    return Layout(len(rendered.pages), tuple(headings))


def _render(html: str, assets: Folders, fetcher, options: dict, fonts):
    from .weasy import weasyprint

    # relative URLs resolve against the first folder; the fetcher finds each file in the layers
    base = search_path(assets)[0]
    document = weasyprint.HTML(string=html, base_url=base.resolve().as_uri() + "/", url_fetcher=fetcher)
    return document.render(font_config=fonts, **options)


def _check_fetches(fetcher, assets: Folders) -> None:
    if fetcher.refused:
        # WeasyPrint only logs a failed fetch and lays out without it: a brief
        # silently missing its stylesheet or logo is worse than no brief
        raise BriefgenError(_refusals(set(fetcher.refused), search_path(assets)))


def render_pdf(html: str, assets: Folders, variant: str | None = None,
               images: dict[str, bytes] | None = None, fetcher=None) -> tuple[bytes, int]:
    """Lay out and write the PDF; returns its bytes and its page count."""
    data, laid = render_pdf_and_layout(html, assets, variant, images, fetcher)
    return data, laid.pages


def render_pdf_and_layout(html: str, assets: Folders, variant: str | None = None,
                          images: dict[str, bytes] | None = None, fetcher=None) -> tuple[bytes, Layout]:
    """The PDF's bytes and its layout, which the Word draft of the same brief can reuse."""
    from . import glypharrays, pagerefs, pdfbytes
    from .fontconfig import font_configuration
    from .notetags import install
    from .weasy import weasyprint  # noqa: F401 - WeasyPrint loaded the quick way before install() uses it

    install()  # note calls and notes tagged Reference and Note, not NonStruct and Span
    pdfbytes.install()  # each stream deflated once, not again for the document ID's hash
    glypharrays.install()  # each font subset's glyph ids in an array type cffi has parsed once
    pagerefs.install()  # the page references made once, not for every tagged element naming its page
    _lay_out_for_less()
    fetcher = fetcher or asset_fetcher(assets, images)
    variant = variant or DEFAULT_VARIANT
    # PDF/A-3b does not ask for tags, but an archived brief is read with a screen reader too
    options = {"pdf_variant": variant, "pdf_tags": True}
    # the identifier derives from the content (not WeasyPrint's random one), so two builds
    # are byte-identical and two different briefs never share an ID
    identifier = hashlib.sha256(f"{variant}\n{html}".encode()).hexdigest()[:32].encode()
    with font_configuration() as fonts:  # the PDF draws with the fonts it was laid out with
        rendered = _render(html, assets, fetcher, options, fonts)
        laid = _layout_of(rendered)
        data = rendered.write_pdf(pdf_identifier=identifier, **options)
    _check_fetches(fetcher, assets)
    return data, laid


# how templates and stylesheets name other files: url(...), @import "...", src="...", href="..."
_REFERENCE = re.compile(r"""(?:url\(\s*["']?|@import\s+["']|\b(?:src|href)\s*=\s*["'])([^"')\s]+)""")
_REFUSED = "a brief may use only files inside the templates folder"


def _refusals(refused: set[str], assets: tuple[Path, ...]) -> list[Problem]:
    """Every place in the templates folder that names a refused URL, as a problem.

    Fact text never reaches here (it is escaped, so it never becomes a URL):
    only a file in the templates folder can ask for another file.
    """
    root = assets[0].resolve()
    problems, located = [], set()
    for name, path in layered(assets).items():
        if path.suffix not in (".css", ".j2", ".html"):
            continue
        # a stylesheet's references resolve against the stylesheet (as WeasyPrint fetched
        # it, under the base folder); a template's against the HTML's base
        base = ((root / name).parent if path.suffix == ".css" else root).as_uri() + "/"
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            continue
        for number, line in enumerate(lines, 1):
            for match in _REFERENCE.finditer(line):
                url = urljoin(base, match.group(1))
                if url in refused:
                    located.add(url)
                    problems.append(Problem(display_name(path), number, match.start(1) + 1, "",
                                            f"refused to read {match.group(1)}: {_REFUSED}"))
    problems += [Problem(display_name(assets[0]), 1, 1, "", f"refused to read {url}: {_REFUSED}")
                 for url in sorted(refused - located)]
    return problems
