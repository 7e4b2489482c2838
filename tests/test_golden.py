"""The rendered HTML of every EU–Japan audience, compared with the copy committed in tests/golden/.

The HTML is what both writers receive, so a change to selection, phrasing or the
templates shows here as a reviewable diff. After a deliberate change, update every
golden file with one command and review the diff in git:

    .venv/bin/python -m pytest tests/test_golden.py --update-golden
"""
from __future__ import annotations

import difflib

import pytest
from conftest import AUDIENCES, GOLDEN, seed_html

MAX_DIFF_LINES = 80  # enough to see what changed; the whole diff is one `git diff` away after an update


def golden_path(audience: str):
    return GOLDEN / f"eu-japan-{audience}.html"


@pytest.mark.parametrize("audience", AUDIENCES)
def test_rendered_html_matches_the_golden_file(request, seed_inputs, project, audience):
    html = seed_html(seed_inputs, project, audience)
    path = golden_path(audience)
    if request.config.getoption("--update-golden"):
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(html.encode("utf-8"))
        return
    assert path.is_file(), f"{path.name} is missing: make it with `pytest tests/test_golden.py --update-golden`"
    golden = path.read_bytes().decode("utf-8")
    if html != golden:
        diff = list(difflib.unified_diff(golden.splitlines(), html.splitlines(), f"golden/{path.name}",
                                         "rendered now", lineterm="", n=2))
        shown = "\n".join(diff[:MAX_DIFF_LINES])
        more = f"\n... and {len(diff) - MAX_DIFF_LINES} more diff lines" if len(diff) > MAX_DIFF_LINES else ""
        pytest.fail(f"the {audience} HTML differs from {path.name} (if the change is meant, run "
                    f"`.venv/bin/python -m pytest tests/test_golden.py --update-golden` and review "
                    f"`git diff tests/golden`):\n{shown}{more}", pytrace=False)


def test_the_html_is_the_same_bytes_every_time(seed_inputs, project):
    """The goldens can only be compared if rendering is deterministic."""
    assert seed_html(seed_inputs, project, "analyst") == seed_html(seed_inputs, project, "analyst")


def test_every_golden_file_belongs_to_an_audience(request):
    """A golden file left behind by a removed or renamed audience is stale, not checked
    (the update removes it)."""
    if request.config.getoption("--update-golden"):
        for path in GOLDEN.glob("*.html"):
            if path.name not in {golden_path(a).name for a in AUDIENCES}:
                path.unlink()
    assert sorted(p.name for p in GOLDEN.glob("*.html")) == sorted(golden_path(a).name for a in AUDIENCES)
