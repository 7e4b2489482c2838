"""The page map (briefgen/pagemap.py): a Word draft built alone takes its contents' page
numbers from the layout the PDF job recorded for the same content, rather than laying
the brief out again, and comes out the same."""
from __future__ import annotations

import json

import docx
from conftest import cli
from docx.oxml.ns import qn

from briefgen.pagemap import recorded
from briefgen.render.pdf import Layout


def contents_pages(path) -> list[str]:
    """The page number each contents entry of a Word draft shows."""
    document = docx.Document(str(path))
    return [list(p._p.iter(qn("w:t")))[-1].text  # after the heading's text and a tab
            for p in document.paragraphs if p.style.name in ("toc 1", "toc 2")]


def test_a_word_draft_alone_takes_the_page_map_its_pdf_recorded(built_mini):
    root = built_mini.root
    briefs = root / "briefs"
    draft = briefs / "mini-analyst.docx"
    made_with_its_pdf = draft.read_bytes()
    manifest_path = briefs / ".briefgen-cache.json"
    entries = json.loads(manifest_path.read_text())["outputs"]
    page_map = entries["mini-analyst.pdf"]["layout"]
    assert page_map == entries["mini-analyst.docx"]["layout"]  # the draft was made with its PDF's layout
    assert page_map["pages"] == entries["mini-analyst.pdf"]["pages"] and page_map["headings"]
    assert contents_pages(draft) == [str(page) for _, _, page in page_map["headings"]]

    result = cli(root, "build", "seeds/mini.yaml", "-a", "analyst", "-f", "docx", "--force")
    assert result.returncode == 0, result.stderr
    assert draft.read_bytes() == made_with_its_pdf  # the same draft, from the recorded page map

    # it was the record that gave the numbers: a record changed under the same key shows in the contents
    doc = json.loads(manifest_path.read_text())
    for name in ("mini-analyst.pdf", "mini-analyst.docx"):
        doc["outputs"][name]["layout"]["headings"] = [[level, text, 90 + n] for n, (level, text, _)
                                                      in enumerate(page_map["headings"])]
    manifest_path.write_text(json.dumps(doc))
    result = cli(root, "build", "seeds/mini.yaml", "-a", "analyst", "-f", "docx", "--force")
    assert result.returncode == 0, result.stderr
    assert contents_pages(draft) == [str(90 + n) for n in range(len(page_map["headings"]))]

    # other content (a changed stylesheet) is another key: laid out again, the true numbers come back
    css = root / "templates" / "brief.css"
    css.write_text(css.read_text() + "\n/* an edit that moves nothing */\n")
    result = cli(root, "build", "seeds/mini.yaml", "-a", "analyst", "-f", "docx", "--force")
    assert result.returncode == 0, result.stderr
    assert contents_pages(draft) == [str(page) for _, _, page in page_map["headings"]]
    assert draft.read_bytes() == made_with_its_pdf


def test_a_page_map_of_another_shape_is_not_used():
    good = {"key": "k", "pages": 3, "headings": [[1, "Key takeaways", 1]]}
    assert recorded([good], "k") == Layout(3, ((1, "Key takeaways", 1),))
    assert recorded([good], "other") is None
    for broken in ({"key": "k", "pages": "three", "headings": []},
                   {"key": "k", "headings": []},
                   {"key": "k", "pages": 3, "headings": [[1, "x"]]},
                   {"key": "k", "pages": 3, "headings": [[1, "x", "one"]]}, "k", None):
        assert recorded([broken], "k") is None
