"""HTML -> PDF with WeasyPrint. Layout is in templates/brief.css; this only wires it up.

WeasyPrint is imported lazily: its import costs about half a second, which
`briefgen validate` and `--help` should not pay.
"""
from __future__ import annotations

import hashlib
import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

PDF_VARIANTS = ("pdf/ua-1", "pdf/a-3b")


def asset_fetcher(assets: Path, extra: dict[str, bytes] | None = None):
    """A URL fetcher that serves only files inside ``assets`` (and in-memory images).

    Anything else - file:///etc/passwd, http://..., ../ escapes - is refused, so
    text that slips past escaping still cannot read a file or touch the network.
    """
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    root = assets.resolve()
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
                return URLFetcherResponse(url, memory[parts.path], {"Content-Type": "image/png"})
            if parts.scheme == "file":
                path = Path(unquote(parts.path)).resolve()
                if path.is_relative_to(root) and path.is_file():
                    self.served.append(url)
                    kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                    return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": kind})
            self.refused.append(url)
            raise ValueError(f"briefgen renders only its own assets; refused {url}")

    return AssetFetcher()


def render_pdf(html: str, assets: Path, variant: str | None = None,
               images: dict[str, bytes] | None = None, fetcher=None) -> tuple[bytes, int]:
    """Lay out and write the PDF; returns its bytes and its page count."""
    from weasyprint import HTML

    fetcher = fetcher or asset_fetcher(assets, images)
    document = HTML(string=html, base_url=assets.resolve().as_uri() + "/", url_fetcher=fetcher)
    options = {"pdf_variant": variant} if variant else {}
    rendered = document.render(**options)
    # the identifier derives from the content (not WeasyPrint's random one), so two builds
    # are byte-identical and two different briefs never share an ID
    identifier = hashlib.sha256(f"{variant}\n{html}".encode()).hexdigest()[:32].encode()
    return rendered.write_pdf(pdf_identifier=identifier, **options), len(rendered.pages)
