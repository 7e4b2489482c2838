"""The preview's HTTP server on 127.0.0.1: the page (page.html, shipped as
package data), the state of the latest build as JSON, the page images and
PDF, and a Server-Sent Events stream announcing each rebuild."""
from __future__ import annotations

import html
import json
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib.resources import files

from .session import Preview

HOST = "127.0.0.1"  # never another interface: a brief may hold text above PUBLIC
DEFAULT_PORT = 8765
# One self-contained page: no script or style from anywhere but this server.
_PAGE = files(__package__).joinpath("page.html").read_text(encoding="utf-8")


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
