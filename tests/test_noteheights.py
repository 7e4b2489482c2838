"""The footnote area laid out from remembered notes (render/noteheights.py) is WeasyPrint's own, to the float.

Each brief with source notes at the foot of its pages (the analyst and security briefs of
both topics) is laid out once, with every footnote-area measurement made twice side by
side, by WeasyPrint's code alone and by the memo, and each page's final footnote area
laid out both ways too: the heights, the page bottoms, the overflows and every box of
the areas must be equal, float for float.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from briefgen.pipeline import images_of, load_inputs, make_brief_and_html
from briefgen.project import Project
from briefgen.render import noteheights
from briefgen.render.pdf import layout
from briefgen.render.shortcut import applies

ROOT = Path(__file__).resolve().parent.parent
TOPICS = {"eu-japan": (ROOT, ROOT / "seeds" / "eu-japan.yaml"),
          "eu-korea": (ROOT / "tests" / "topics" / "eu-korea",
                       ROOT / "tests" / "topics" / "eu-korea" / "seeds" / "eu-korea.yaml")}


def _geometry(box) -> list[tuple]:
    """Every box of a laid-out tree: its kind, text, place and size."""
    out = []
    for each in box.descendants():
        out.append((type(each).__name__, getattr(each, "text", None), each.position_x, each.position_y,
                    each.width, each.height, getattr(each, "margin_top", None), getattr(each, "margin_bottom", None)))
    return out


@pytest.fixture
def side_by_side(monkeypatch):
    """Runs each footnote-area layout both ways; yields the record of what was compared."""
    import weasyprint.layout.page as page
    from weasyprint.formatting_structure.boxes import FootnoteAreaBox
    from weasyprint.layout import LayoutContext

    noteheights.install()
    memoised = LayoutContext._update_footnote_area
    stock = memoised.__wrapped__
    seen = {"measured": 0, "areas": 0, "remembered": 0}

    def measured(self):
        before = self.page_bottom, self.current_footnote_area.height
        with noteheights.stock():
            theirs = stock(self), self.page_bottom, self.current_footnote_area.height
        self.page_bottom, self.current_footnote_area.height = before
        ours = memoised(self), self.page_bottom, self.current_footnote_area.height
        assert ours == theirs
        seen["measured"] += 1
        return ours[0]

    laid_out = page.block_level_layout

    def area_laid_out(context, box, *args, **kwargs):
        if type(box) is not FootnoteAreaBox:
            return laid_out(context, box, *args, **kwargs)
        with noteheights.stock():
            theirs = laid_out(context, box.deepcopy(), *args, **kwargs)
        memo = context.__dict__.get(noteheights._MEMO)
        remembered = len(memo.layouts) if memo and memo.area is context.current_footnote_area else 0
        ours = laid_out(context, box, *args, **kwargs)
        assert _geometry(ours[0]) == _geometry(theirs[0])
        seen["areas"] += 1
        seen["remembered"] += remembered
        return ours

    monkeypatch.setattr(LayoutContext, "_update_footnote_area", measured)
    monkeypatch.setattr(page, "block_level_layout", area_laid_out)
    return seen


@pytest.mark.parametrize("topic, audience", [("eu-japan", "analyst"), ("eu-japan", "security"),
                                             ("eu-korea", "analyst"), ("eu-korea", "security")])
def test_every_footnote_area_is_as_weasyprint_lays_it_out(side_by_side, topic, audience):
    root, seed = TOPICS[topic]
    project = Project(root)
    inputs = load_inputs(project, [seed])
    fb = inputs.factbases[topic]
    brief, html = make_brief_and_html(fb, inputs.audiences[audience], f"{topic}-{audience}", project.templates,
                                      project.identity(fb)[0])
    assert 'class="fn"' in html  # source notes at the foot of the page: what is compared
    laid = layout(html, project.templates, images_of(brief, project))
    assert side_by_side["measured"] >= html.count('class="fn"')  # one measurement at least per note
    assert side_by_side["areas"] >= laid.pages
    assert side_by_side["remembered"] > 0  # the memo answered the pages' areas, not only WeasyPrint


def test_only_weasyprint_70_is_reached_into():
    assert applies("70.0") and applies("70.2")
    assert not applies("71.0") and not applies("7.0")


def test_a_run_of_run_in_notes_is_laid_out_once_at_its_place(monkeypatch):
    """WeasyPrint wraps each run of run-in notes in an anonymous block at every measurement
    of the area, so each such measurement laid a run out at least once; the memo lays each run
    out once per place, as it does a note set as a block. The analyst brief's pages measure
    their areas more than forty times with a run in them."""
    import weasyprint.layout.block as block
    from weasyprint.css import AnonymousStyle
    from weasyprint.formatting_structure.boxes import FootnoteAreaBox
    from weasyprint.layout import LayoutContext

    noteheights.install()
    stock = block.block_level_layout.__wrapped__  # what the memo wraps: WeasyPrint's layout
    runs = {"measured with a run": 0, "runs laid out": 0}

    def counted(context, box, bottom_space, skip_stack, containing_block, *args, **kwargs):
        if type(containing_block) is FootnoteAreaBox and isinstance(box.style, AnonymousStyle):
            runs["runs laid out"] += 1
        return stock(context, box, bottom_space, skip_stack, containing_block, *args, **kwargs)

    measure = LayoutContext._update_footnote_area

    def measured(self):
        if any(note.style["footnote_display"] == "inline" for note in self.current_page_footnotes):
            runs["measured with a run"] += 1
        return measure(self)

    monkeypatch.setattr(block, "block_level_layout", noteheights._remembering(counted))
    monkeypatch.setattr(LayoutContext, "_update_footnote_area", measured)
    root, seed = TOPICS["eu-japan"]
    project = Project(root)
    inputs = load_inputs(project, [seed])
    fb = inputs.factbases["eu-japan"]
    brief, html = make_brief_and_html(fb, inputs.audiences["analyst"], "eu-japan-analyst", project.templates,
                                      project.identity(fb)[0])
    layout(html, project.templates, images_of(brief, project))
    assert runs["measured with a run"] > 40
    assert runs["runs laid out"] < runs["measured with a run"]
