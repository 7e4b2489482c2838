"""The fork server's warm-up page (render/warmup.py): a brief laid out after it has the same bytes,
the font configuration it made is kept for the workers, and a warm-up that fails stops nothing."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# the security brief's PDF (notes, lists, a table of markings) as one process makes it, its hash printed
_BRIEF = """
import hashlib, sys
from pathlib import Path
if sys.argv[1] == "warm":
    import briefgen.render.warmup  # what the fork server imports last
from briefgen.render import fontconfig
idle = len(fontconfig._idle)
from briefgen.pipeline import Options, load_inputs, make_brief_and_html, render
from briefgen.project import Project
project = Project(Path("."))
inputs = load_inputs(project, [Path("seeds/eu-japan.yaml")], ["security"])
brief, html = make_brief_and_html(inputs.factbases["eu-japan"], inputs.audiences["security"], "eu-japan-security",
                                  project.templates, project.identity(inputs.factbases["eu-japan"])[0])
data, pages, _ = render(brief, "pdf", project, Options(), html)
print(idle, pages, hashlib.sha256(data).hexdigest())
"""


def _made(how: str) -> list[str]:
    done = subprocess.run([sys.executable, "-c", _BRIEF, how], cwd=ROOT, capture_output=True, text=True, check=True)
    return done.stdout.split()


def test_a_brief_laid_out_after_the_warm_up_has_the_same_bytes():
    cold, warm = _made("cold"), _made("warm")
    assert cold[0] == "0" and warm[0] == "1"  # the warm-up's font configuration, kept for the first brief
    assert warm[1:] == cold[1:]


def test_a_warm_up_that_fails_stops_nothing(tmp_path):
    from briefgen.render.warmup import warm_up

    assert warm_up(tmp_path / "no such folder") is False
    assert warm_up() is True
