"""Lay one brief out in the fork server the tests' builds take their workers from, so that
each worker starts warm.

A build's workers are forked from one server process per test process (briefgen/jobs.py),
which imports WeasyPrint and the writers. What a worker's first brief still pays for is
made lazily per process: cffi's parsed C types, fonts and their subsets, Pillow's codecs,
the writers' caches. A user's build pays it once per worker; the suite starts about 120
workers, and paid it about 120 times. conftest.py adds this module to what the fork server
imports, so it is paid once per test process and every worker inherits it.

It changes no output: the same inputs give the same bytes, however warm the process
(the tests that compare a build with a real process's, or a Dask worker's, check it).
"""
import gc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _warm() -> None:
    from briefgen.pipeline import Options, load_inputs, make_brief, render_all
    from briefgen.project import Project

    project = Project(ROOT)
    inputs = load_inputs(project, [ROOT / "tests" / "fixtures" / "mini.yaml"], ["analyst"])
    fb = inputs.factbases["mini"]
    # the analyst brief has every part a brief can have: contents, notes, the figure
    brief = make_brief(fb, inputs.audiences["analyst"], "mini-analyst", project.templates, project.identity(fb)[0])
    render_all(brief, ("pdf", "docx"), project, Options())


try:
    _warm()
except Exception:  # noqa: BLE001 - a warm-up only: a worker that starts cold still builds
    pass
gc.collect()  # the server runs without the collector (briefgen/nogc.py): the warm-up's garbage goes now
