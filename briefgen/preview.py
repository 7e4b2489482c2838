"""Live preview: one brief's pages, exactly as its PDF prints them, rebuilt on every save.

``briefgen preview`` serves a page on 127.0.0.1 showing the pages of the PDF
the build would write, rasterised by PDFium: what is on screen is WeasyPrint's
layout (page breaks, running heads, footnotes), not a browser's reading of the
print CSS. Each page carries an invisible text layer taken from the PDF, so its
text can be found with Ctrl-F and copied.

It watches the fact base, the audience profile, the project's configuration
and the templates. A save rebuilds the brief in this process, where WeasyPrint
is already imported, and tells the page over Server-Sent Events; the page
fetches the new pages and swaps them in without losing its scroll position. A
problem replaces nothing: its ``FILE:LINE:COL`` line shows above the last
good pages until the file is fixed. Nothing is written to disk.
"""
from __future__ import annotations

import html
import io
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from .errors import BriefgenError
from .pipeline import Options, make_brief, render
from .project import Project, load_audience, load_factbase
from .render.html import check_templates

HOST = "127.0.0.1"  # never another interface: a brief may hold text above PUBLIC
DEFAULT_PORT = 8765
CONFIG_FILES = ("briefgen.toml",)  # the project's configuration, when it has one
PIXELS_PER_POINT = 96 / 72  # CSS pixels: a page shows at its printed size on a 96-dpi screen
RASTER_SCALE = 2.0  # device pixels per CSS pixel: sharp on high-density screens, fine when zoomed


@dataclass(frozen=True)
class Page:
    png: bytes
    width: float  # CSS pixels
    height: float
    # the PDF's text, line by line: (left, top, width, height in CSS pixels, text)
    lines: tuple[tuple[float, float, float, float, str], ...]


@dataclass(frozen=True)
class Snapshot:
    """What the page shows: the last good pages, and the problems of the latest attempt."""

    version: int = 0
    pages: tuple[Page, ...] = ()
    pdf: bytes | None = None
    problems: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    built_at: str = ""  # local time of the latest attempt
    seconds: float = 0.0  # how long it took

    def state(self) -> dict:
        return {"version": self.version, "problems": list(self.problems), "warnings": list(self.warnings),
                "built_at": self.built_at, "seconds": round(self.seconds, 3),
                "pages": [{"src": f"/page/{i + 1}.png?v={self.version}", "width": p.width,
                           "height": p.height, "lines": [list(line) for line in p.lines]}
                          for i, p in enumerate(self.pages)]}


def rasterise(pdf: bytes, scale: float = RASTER_SCALE, known: dict[bytes, bytes] | None = None) -> tuple[Page, ...]:
    """Each page of ``pdf`` as a PNG and its text lines, positioned in CSS pixels.

    ``known``: PNGs of earlier pages by the digest of their pixels. Encoding the PNG
    costs three times drawing the page, and an edit changes one page or two: a
    page whose pixels are unchanged takes its PNG from here. It is refilled with
    this PDF's pages."""
    import hashlib

    import pypdfium2

    pages = []
    encoded: dict[bytes, bytes] = {}
    document = pypdfium2.PdfDocument(pdf)
    try:
        for page in document:
            width, height = page.get_size()  # points
            bitmap = page.render(scale=PIXELS_PER_POINT * scale)
            digest = hashlib.blake2b(bitmap.buffer).digest()
            png = (known or {}).get(digest) or encoded.get(digest)
            if png is None:
                out = io.BytesIO()
                bitmap.to_pil().save(out, "PNG", compress_level=1)  # read once, locally: speed over size
                png = out.getvalue()
            encoded[digest] = png
            text = page.get_textpage()
            lines = []
            for i in range(text.count_rects()):
                left, bottom, right, top = text.get_rect(i)
                words = text.get_text_bounded(left, bottom, right, top).strip()
                if words:
                    lines.append(tuple(round(v * PIXELS_PER_POINT, 2) for v in
                                       (left, height - top, right - left, top - bottom)) + (words,))
            pages.append(Page(png, round(width * PIXELS_PER_POINT, 2),
                              round(height * PIXELS_PER_POINT, 2), tuple(lines)))
    finally:
        document.close()
    if known is not None:
        known.clear()
        known.update(encoded)
    return tuple(pages)


class Preview:
    """One brief, rebuilt on demand; the latest Snapshot, and a way to wait for the next."""

    def __init__(self, project: Project, factbase: Path, audience: str, options: Options | None = None):
        self.project = project
        self.factbase = Path(factbase)
        self.audience = audience
        self.options = options or Options(formats=("pdf",))
        self.name = f"{self.factbase.stem}-{audience}"
        self.snapshot = Snapshot()
        self._changed = threading.Condition()
        self._pngs: dict[bytes, bytes] = {}  # the last pages' PNGs by their pixels (rasterise)

    def inputs(self) -> tuple[set[Path], tuple[Path, ...]]:
        """The files a save of which rebuilds the brief, and the template folders (all of them)."""
        files = {self.factbase.resolve(), self.project.audience_path(self.audience).resolve()}
        files |= {self.project.root.resolve() / name for name in CONFIG_FILES}
        files |= {p.resolve() for p in getattr(self.project, "house_files", list)()}  # logo, fonts
        templates = self.project.templates
        folders = templates if isinstance(templates, tuple) else (templates,)  # a search path, or one
        return files, tuple(f.resolve() for f in folders if f.is_dir())

    def rebuild(self) -> Snapshot:
        """Build the brief's PDF; on a problem keep the last good pages and report it."""
        started = time.perf_counter()
        previous = self.snapshot
        try:
            fb, found = load_factbase(self.factbase, glyphs=self.project.glyphs())
            audience = load_audience(self.project.audience_path(self.audience), [fb])
            problems = check_templates(self.project.templates)
            if problems:
                raise BriefgenError(problems)
            brief = make_brief(fb, audience, self.name, self.project.templates, self.project.identity(fb)[0])
            pdf, _, _ = render(brief, "pdf", self.project, self.options)
            update = dict(pages=rasterise(pdf, known=self._pngs), pdf=pdf, problems=(),
                          warnings=tuple(str(p) for p in sorted(found)))
        except BriefgenError as exc:
            update = dict(problems=tuple(str(p) for p in exc.problems))
        except Exception as exc:  # noqa: BLE001 - the preview outlives a bug in one rebuild
            first = (str(exc).splitlines() or [""])[0]
            update = dict(problems=(f"briefgen: internal error: {type(exc).__name__}: {first}",))
        snapshot = Snapshot(**{**previous.__dict__, **update, "version": previous.version + 1,
                               "built_at": time.strftime("%H:%M:%S"),
                               "seconds": time.perf_counter() - started})
        with self._changed:
            self.snapshot = snapshot
            self._changed.notify_all()
        return snapshot

    def wait_newer(self, version: int, timeout: float) -> Snapshot:
        """The snapshot once it is newer than ``version``, or the current one after ``timeout``."""
        with self._changed:
            self._changed.wait_for(lambda: self.snapshot.version > version, timeout)
            return self.snapshot

    def watch(self, stop: threading.Event, rebuilt: Callable[[Snapshot], None] = lambda s: None) -> None:
        """Rebuild after every save of an input, until ``stop`` is set. Folders are watched
        rather than files: an editor that saves by writing a new file and renaming it
        over the old one would otherwise end the watch on the first save."""
        from watchfiles import watch

        files, templates = self.inputs()
        folders = {f.parent for f in files if f.parent.is_dir()} | set(templates)
        folders |= {p for folder in templates for p in folder.rglob("*") if p.is_dir()}

        def relevant(_change, path: str) -> bool:
            path = Path(path)
            return path in files or any(path.is_relative_to(t) and not path.name.startswith(".")
                                        for t in templates)

        for _changes in watch(*sorted(folders), watch_filter=relevant, recursive=False,
                              stop_event=stop, debounce=400, step=30, rust_timeout=500):
            rebuilt(self.rebuild())


class _Handler(BaseHTTPRequestHandler):
    preview: Preview  # set on the subclass serve() makes
    server_version = "briefgen-preview"

    def log_message(self, format, *args) -> None:  # noqa: A002 - the base class's name
        pass  # the terminal shows rebuilds, not every image request

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        host = self.headers.get("Host", "")
        if host.rsplit(":", 1)[0] not in ("127.0.0.1", "localhost"):
            # a web page whose name was re-pointed at 127.0.0.1 (DNS rebinding) gets nothing
            return self._send(HTTPStatus.FORBIDDEN, b"forbidden\n", "text/plain")
        path = self.path.split("?", 1)[0]
        snapshot = self.preview.snapshot
        if path == "/":
            page = _PAGE.replace("{title}", html.escape(self.preview.name))
            return self._send(HTTPStatus.OK, page.encode(), "text/html; charset=utf-8")
        if path == "/state.json":
            return self._send(HTTPStatus.OK, json.dumps(snapshot.state()).encode(), "application/json")
        if path == "/brief.pdf" and snapshot.pdf is not None:
            return self._send(HTTPStatus.OK, snapshot.pdf, "application/pdf",
                              {"Content-Disposition": f'inline; filename="{self.preview.name}.pdf"'})
        if path.startswith("/page/") and path.endswith(".png"):
            number = path[len("/page/"):-len(".png")]
            if number.isdigit() and 1 <= int(number) <= len(snapshot.pages):
                return self._send(HTTPStatus.OK, snapshot.pages[int(number) - 1].png, "image/png")
        if path == "/events":
            return self._events()
        self._send(HTTPStatus.NOT_FOUND, b"not found\n", "text/plain")

    def _send(self, status: HTTPStatus, body: bytes, kind: str, headers: dict | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def _events(self) -> None:
        """Server-Sent Events: the version of each new snapshot, as it is made."""
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        version = -1  # the first message tells a (re)connecting page what is current
        try:
            while not self.server.stopping.is_set():
                snapshot = self.preview.wait_newer(version, timeout=15)
                if snapshot.version > version:
                    version = snapshot.version
                    self.wfile.write(f"data: {version}\n\n".encode())
                else:
                    self.wfile.write(b": still here\n\n")  # finds a closed tab, keeps proxies open
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            pass  # the tab was closed or reloaded


class _Server(ThreadingHTTPServer):
    daemon_threads = True  # an open event stream must not keep the process alive on Ctrl-C

    def __init__(self, address, handler):
        self.stopping = threading.Event()
        super().__init__(address, handler)


def serve(preview: Preview, port: int = DEFAULT_PORT) -> _Server:
    """The HTTP server for ``preview`` on 127.0.0.1:``port`` (0: any free port), not yet serving."""
    handler = type("Handler", (_Handler,), {"preview": preview})
    return _Server((HOST, port), handler)


# One self-contained page: no script or style from anywhere but this server.
_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>{title} · briefgen preview</title>
<style>
  body { margin: 0; background: #525659; font: 14px/1.4 system-ui, sans-serif; color: #222; }
  header { position: sticky; top: 0; z-index: 2; display: flex; gap: 1em; align-items: baseline;
           padding: .5em 1em; background: #2b2b2b; color: #eee; }
  header h1 { font-size: 1em; margin: 0; font-weight: 600; }
  header a { color: #9cf; margin-left: auto; }
  #problems { position: sticky; top: 2.4em; z-index: 2; margin: 0; padding: .6em 1em; background: #fde8e8;
              color: #8b0000; border-bottom: 2px solid #c00; font: 13px/1.5 ui-monospace, monospace;
              white-space: pre-wrap; }
  #problems:empty { display: none; }
  #warnings { padding: .3em 1em; background: #fff6d5; color: #5a4500; }
  #warnings pre { margin: .3em 0; font: 12px/1.5 ui-monospace, monospace; white-space: pre-wrap; }
  #pages { display: flex; flex-direction: column; align-items: center; gap: 16px; padding: 16px; }
  #pages.stale { opacity: .55; }
  .page { position: relative; background: white; box-shadow: 0 1px 4px rgba(0,0,0,.5); }
  .page img { display: block; width: 100%; height: 100%; }
  .page span { position: absolute; color: transparent; white-space: pre; line-height: 1;
               transform-origin: 0 0; font-family: sans-serif; }
  .page span::selection { background: rgba(0, 90, 255, .3); }
</style></head>
<body>
<header><h1>{title}</h1><span id="status">building…</span><a href="/brief.pdf">PDF</a></header>
<pre id="problems" role="alert"></pre>
<details id="warnings" hidden><summary></summary><pre></pre></details>
<main id="pages"></main>
<script>
"use strict";
let shown = -1;

function pageElement(page, index) {
  const div = document.createElement("div");
  div.className = "page";
  div.style.width = page.width + "px";
  div.style.height = page.height + "px";
  const img = new Image();
  img.alt = "Page " + (index + 1);
  img.src = page.src;
  div.append(img);
  for (const [left, top, width, height, text] of page.lines) {
    const span = document.createElement("span");
    span.textContent = text;
    span.style.left = left + "px";
    span.style.top = top + "px";
    span.style.fontSize = height + "px";
    span.dataset.width = width;
    div.append(span);
  }
  return div;
}

async function refresh() {
  const state = await (await fetch("/state.json", {cache: "no-store"})).json();
  if (state.version <= shown) return;
  const pages = document.getElementById("pages");
  const fresh = state.pages.map(pageElement);
  // swap only once the new images are decoded, so the page never flashes blank
  await Promise.all(fresh.map(div => div.querySelector("img").decode().catch(() => {})));
  if (state.version <= shown) return;
  shown = state.version;
  const y = window.scrollY;
  pages.replaceChildren(...fresh);
  for (const span of pages.querySelectorAll("span")) {
    // stretch each invisible line over the printed one, so a selection covers what it shows
    const natural = span.getBoundingClientRect().width;
    if (natural > 0) span.style.transform = "scaleX(" + (span.dataset.width / natural) + ")";
  }
  window.scrollTo(0, y);
  pages.classList.toggle("stale", state.problems.length > 0);
  document.getElementById("problems").textContent = state.problems.join("\\n");
  const warnings = document.getElementById("warnings");
  warnings.hidden = state.warnings.length === 0;
  warnings.querySelector("summary").textContent = state.warnings.length
    + (state.warnings.length === 1 ? " warning" : " warnings") + " (briefgen validate lists the same)";
  warnings.querySelector("pre").textContent = state.warnings.join("\\n");
  document.getElementById("status").textContent = state.problems.length
    ? "not rebuilt at " + state.built_at + ": the pages below are the last good ones"
    : state.pages.length + (state.pages.length === 1 ? " page" : " pages") + " · built at "
      + state.built_at + " in " + state.seconds.toFixed(2) + " s";
  document.body.dataset.version = shown;
}

const events = new EventSource("/events");
events.onmessage = () => refresh().catch(() => {});
events.onerror = () => {
  document.getElementById("status").textContent = "disconnected: is briefgen preview still running?";
};
</script>
</body></html>
"""
