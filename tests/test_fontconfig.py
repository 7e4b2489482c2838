"""A process lays out its briefs with one WeasyPrint font configuration (render/fontconfig.py),
and a brief is the same bytes as from a configuration of its own; one that took a brief's own
font (@font-face) is not used again.

The policymaker brief is written from a new configuration, then from the one that served it,
the EU–Korea press brief (Hangul: Noto Sans CJK loaded beside Lato) and itself.
"""
from __future__ import annotations

from pathlib import Path

from conftest import topic_brief

from briefgen.render import fontconfig
from briefgen.render.pdf import render_pdf


def test_a_brief_is_the_same_bytes_from_a_configuration_that_served_others(seed_inputs, monkeypatch):
    project, html, images = topic_brief(seed_inputs, "eu-japan", "policymaker")
    monkeypatch.setattr(fontconfig, "_idle", [])
    alone, _ = render_pdf(html, project.templates, images=images)
    assert len(fontconfig._idle) == 1  # the new configuration, kept
    kept = fontconfig._idle[0]

    korea, other, other_images = topic_brief(seed_inputs, "eu-korea", "press")
    assert any("\uac00" <= ch <= "\ud7a3" for ch in other)  # Hangul
    render_pdf(other, korea.templates, images=other_images)
    again, _ = render_pdf(html, project.templates, images=images)
    assert fontconfig._idle == [kept]  # the same configuration served all three
    assert again == alone


def test_a_configuration_given_a_font_of_the_brief_is_not_used_again(project, monkeypatch):
    font = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf").read_bytes()
    html = ('<html lang="en"><head><style>@font-face { font-family: "House"; src: url("briefgen:house.ttf"); }'
            'body { font-family: "House"; }</style></head><body><p>Text</p></body></html>')
    monkeypatch.setattr(fontconfig, "_idle", [])
    render_pdf(html, project.templates, images={"house.ttf": font})
    assert fontconfig._idle == []
    render_pdf(html.replace("@font-face", "@media screen"), project.templates)
    assert len(fontconfig._idle) == 1  # the system's fonts alone: kept
