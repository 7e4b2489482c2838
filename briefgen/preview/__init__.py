"""Live preview: one brief's pages, exactly as its PDF prints them, rebuilt on every save.

``briefgen preview`` serves a page on 127.0.0.1 showing the pages of the PDF
the build would write, rasterised by PDFium (pages.py): what is on screen is
WeasyPrint's layout (page breaks, running heads, footnotes), not a browser's
reading of the print CSS. Each page carries an invisible text layer taken from
the PDF, so its text can be found with Ctrl-F and copied.

It watches the fact base, the audience profile, the project's configuration
and the templates (session.py). A save rebuilds the brief in this process,
where WeasyPrint is already imported, and tells the page over Server-Sent
Events (server.py); the page fetches the new pages and swaps them in without
losing its scroll position. A problem replaces nothing: its ``FILE:LINE:COL``
line shows above the last good pages until the file is fixed. Nothing is
written to disk.

This module picks the brief to show and runs the server until Ctrl-C.
"""
from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from ..errors import BriefgenError
from ..project import Project
from .server import DEFAULT_PORT, serve
from .session import Preview, Snapshot

__all__ = ["DEFAULT_PORT", "Preview", "choose", "run", "serve"]


def choose(project: Project, factbase: Path | None, audience: str | None) -> tuple[Path, str]:
    """The fact base and audience to preview: those named, else the project's
    only fact base and its first profile by name. Raises BriefgenError (one line)
    when there is no such choice to make."""
    if factbase is None:
        found = project.factbase_paths()
        if len(found) != 1:
            raise BriefgenError.single(str(project.seeds), "name the fact base to preview: "
                                       + (", ".join(p.name for p in found) or "none found"))
        factbase = found[0]
    if audience is None:
        profiles = project.audience_paths()
        if not profiles:
            raise BriefgenError.single(str(project.root / "audiences"), "no audience profile (*.yaml) found")
        audience = profiles[0].stem
    project.audience_path(audience)  # an unknown name: one line listing the known ones
    if not Path(factbase).is_file():
        raise BriefgenError.single(str(factbase), "no such fact base")
    return Path(factbase), audience


def run(session: Preview, server, show: Callable[[Snapshot], None], ready: Callable[[], None]) -> None:
    """Build once, then rebuild on every save while ``server`` serves, until Ctrl-C.
    ``show`` hears of each build; ``ready`` is called once the page can be opened."""
    show(session.rebuild())
    stop = threading.Event()
    watcher = threading.Thread(target=session.watch, args=(stop, show), daemon=True)
    watcher.start()
    ready()
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        server.stopping.set()
        server.server_close()
