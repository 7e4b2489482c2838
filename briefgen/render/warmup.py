"""Imported last by the fork server (workers.start_fork_server): one small page laid out and written
as a PDF there, so that every worker forked from it starts with what a first brief would pay for.

WeasyPrint does some work once per process, on the first document it lays out: cffi parses
each C type its text, font and PDF code names (eight of them, with pycparser), fontconfig reads
its configuration and font list and Pango makes its font map (render/fontconfig.py keeps that
configuration for the next document), the house's fonts are opened and measured. A worker's
first brief paid for it, about 0.1-0.2 s of CPU, and with -j 2 each worker paid it. Done in the
fork server, after its imports and while the build process is still parsing its inputs, it is
paid once, mostly where no job is waiting yet, and the workers inherit the result.

The page is set in briefgen's own stylesheet (templates/brief.css): its fonts, regular, bold and
italic, and the writer's own shortcuts (render/pdf.py). What it leaves behind is what any brief
leaves for the next one a worker lays out (the font configuration, caches keyed by style), so
the briefs' bytes are the same with it as without (tests/test_warmup.py). Anything that goes
wrong here (a font or the stylesheet missing) is left for the first brief to meet and report:
the fork server must start whatever happens.
"""
from __future__ import annotations

from pathlib import Path

PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>warm-up</title>
<link rel="stylesheet" href="brief.css"></head>
<body><h1>Warm-up</h1><h2>Section</h2>
<p>Text in <b>bold</b>, <i>italic</i> and <b><i>both</i></b>, 1 December 2026.</p>
<ul><li>An item</li></ul></body></html>"""


def warm_up(templates: Path | None = None) -> bool:
    """Lay ``PAGE`` out and write it as a PDF with ``templates`` (default: briefgen's own); whether it went."""
    try:
        from ..defaults import folder
        from .pdf import render_pdf

        render_pdf(PAGE, templates or folder("templates"))
    except Exception:  # noqa: BLE001 - a worker's first brief meets the same cause, and reports it
        return False
    return True


warm_up()
