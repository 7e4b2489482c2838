"""A property no rule sets takes its initial or inherited value directly (render/plainstyles.py),
and the PDF is the same bytes as WeasyPrint's own cascade step makes.

The EU–Japan policymaker brief and the EU–Korea press brief (Hangul, its own house and logo),
each written with the stock code and compared with the brief the shortcut writes (the session's
build of the EU–Japan one, seed_briefs); and every property of every element
of the analyst brief (every section, list, table, note and float briefgen prints) read both ways.
"""
from __future__ import annotations

import pytest
from conftest import topic_brief

from briefgen.pipeline import make_brief_and_html
from briefgen.project import Project
from briefgen.render import plainstyles
from briefgen.render.pdf import render_pdf


@pytest.mark.parametrize("topic, audience", [("eu-japan", "policymaker"), ("eu-korea", "press")])
def test_a_brief_is_the_same_bytes_without_the_cascade_step_for_unset_properties(seed_inputs, seed_briefs, topic,
                                                                                 audience):
    project, html, images = topic_brief(seed_inputs, topic, audience)
    with plainstyles.stock():
        theirs, _ = render_pdf(html, project.templates, images=images)
    if topic == "eu-japan":  # the session's build wrote it with the shortcut: those bytes
        ours = seed_briefs[(audience, "pdf")].path.read_bytes()
    else:
        ours, _ = render_pdf(html, project.templates, images=images)
    assert ours == theirs


def _every_property(html: str, project: Project) -> list[tuple[str, str, str]]:
    """(element, property, computed value) for every element of the brief and every property,
    read in one fixed order, as WeasyPrint's style_for gives them to layout."""
    from briefgen.render.pdf import asset_fetcher
    from briefgen.render.weasy import weasyprint

    css, fonts = weasyprint.css, weasyprint.text.fonts
    document = weasyprint.HTML(string=html, base_url=project.templates[0].resolve().as_uri() + "/",
                               url_fetcher=asset_fetcher(project.templates))
    style_for = css.get_all_computed_styles(document, font_config=fonts.FontConfiguration())
    keys = sorted(css.properties.INITIAL_VALUES)
    read = []
    for element in document.etree_element.iter():
        style = style_for(element)
        if style is not None:
            read += [(element.tag, key, repr(style[key])) for key in keys]
    return read


# what the briefs' stylesheet does not use but a project's may: logical properties (which set the
# physical ones this module answers), right to left, custom properties, inherit and initial,
# math functions in inherited properties, and the properties with branches of their own
_EDGES = """<html lang="en"><head><style>
body { margin-block-start: 3px; padding-inline-end: 2em; border-inline-start: 2px solid red; --gap: 4px;
       font-size: calc(10px + 1vw); text-indent: calc(1em + 10%); text-decoration: underline; }
p { margin-top: inherit; padding: initial; width: var(--gap); line-height: calc(1.2 * 1em); font-size: 20px; }
.rtl { direction: rtl; margin-inline-start: 5px; padding-inline-end: var(--gap); inset-inline-start: 1px; }
span { float: left; position: relative; display: inline-block; max-inline-size: 3em; min-block-size: 1px; }
</style></head><body><p>One <span>two</span></p><div class="rtl"><p>x <span>y</span></p></div></body></html>"""


@pytest.mark.parametrize("which", ["analyst brief", "edge cases"])
def test_every_property_of_every_element_is_the_value_the_stock_code_computes(seed_inputs, project, which):
    if which == "edge cases":
        html = _EDGES
    else:
        fb = seed_inputs.factbases["eu-japan"]
        html = make_brief_and_html(fb, seed_inputs.audiences["analyst"], "eu-japan-analyst", project.templates,
                                   project.identity(fb)[0])[1]
    plainstyles.install()
    with plainstyles.stock():
        theirs = _every_property(html, project)
    ours = _every_property(html, project)
    assert len(ours) > 1_000  # every element, each with every property
    assert ours == theirs


def test_only_weasyprint_70_is_reached_into():
    assert plainstyles.install()  # this environment's WeasyPrint is the pinned 70.x
