"""The text holds ordinary spaces: what the layout keeps together, it keeps in CSS (render/unbroken.py)."""
from __future__ import annotations

import re
import subprocess
import zipfile

import docx
import markupsafe
import pypdfium2
import pytest
from conftest import AUDIENCES
from test_pages import word_texts

from briefgen.render.unbroken import dates_unbroken, last_words_together

_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
# The no-break spaces the Word draft is meant to hold, as a typesetter joins these words: a timeline
# letter and its dot ("C · 17 July 2018"), the series' name and the dot before it, a confidence's words
# ("Moderate confidence.", never broken after "Moderate"). Nothing else: a day and its month have an
# ordinary space, for Word's Find (test_pages.py).
_MEANT = re.compile(r"\S\u00a0·|Asia–Europe\u00a0Briefings|(?:High|Moderate|Low)\u00a0confidence\.")


def pdf_text_layer(path) -> str:
    """Every page's text as pdfium reads it from the PDF's text layer (its fonts' ToUnicode maps):
    what a viewer's copy and paste gives."""
    document = pypdfium2.PdfDocument(str(path))
    return "\n".join(document[n].get_textpage().get_text_range() for n in range(len(document)))


@pytest.mark.parametrize("audience", AUDIENCES)
def test_the_text_holds_ordinary_spaces_between_words(seed_briefs, audience):
    """The Word draft held a no-break space before each box's last word ("delivery, not\u00a0design."),
    so an editor's Find for "not design" missed it; in the PDF, where Lato draws the space and the
    no-break space with one glyph, the first one drawn made every space of the body copy out as a
    no-break space (352 of them in the minister's two pages). Now no text layer holds one between
    ordinary words: only the ones a typesetter means stay, and only in the Word draft."""
    pdf = pdf_text_layer(seed_briefs[(audience, "pdf")].path)
    assert pdf.count(" ") > 400 and "\u00a0" not in _MEANT.sub("", pdf), audience
    draft = word_texts(seed_briefs[(audience, "docx")].path)
    stray = [draft[max(0, m.start() - 30):m.end() + 10] for m in re.finditer("\u00a0", _MEANT.sub("", draft))]
    assert not stray, (audience, stray)


@pytest.mark.parametrize("audience", AUDIENCES)
def test_no_box_ends_on_a_line_of_one_word(seed_briefs, audience):
    """The PDF keeps a box's last two words on one line (span.last-words, white-space: nowrap), as the
    no-break space did: each takeaway, key judgement, recommendation, timeline entry and subtitle ends
    on a line holding its last two words."""
    lines = [" ".join(line.split()) for line in pdf_text_layer(seed_briefs[(audience, "pdf")].path).splitlines()]
    boxes = [p.text.split() for p in docx.Document(seed_briefs[(audience, "docx")].path).paragraphs
             if p.style.name.removesuffix(" Keep With Next") in
             ("Key Takeaway", "Key Judgement", "Recommendation", "Timeline Entry", "Subtitle")]
    assert len(boxes) > 5
    ends = [" ".join(words[-2:]) for words in boxes]
    assert all(any(end in line for line in lines) for end in ends), (audience, ends)


def test_a_box_s_last_words_are_held_within_the_element_of_their_space():
    """The span holds the last space where a line may break and stays inside its element; a text of
    one word, or whose last words a span.nobreak holds already, is left as it is."""
    def kept(html: str) -> str:
        return str(last_words_together(markupsafe.Markup(html)))
    assert kept('<span data-field="text">is delivery, not design.</span>') == (
        '<span data-field="text">is delivery, <span class="last-words">not design.</span></span>')
    assert kept('<strong>Lead together.</strong> <em class="so-what">Why it matters now.</em>') == (
        '<strong>Lead together.</strong> <em class="so-what">Why it <span class="last-words">matters now.</span></em>')
    assert kept('<strong>A · 7 May</strong> In <em>Tokyo</em>.') == (
        '<strong>A · 7 May</strong> <span class="last-words">In <em>Tokyo</em></span>.')
    dated = 'followed on <span class="nobreak">20 May</span>.'
    assert kept(dated) == dated
    assert kept('<span data-field="x">Done.</span>') == '<span data-field="x">Done.</span>'
    # the word before the space in another element: the span opens at the space, which it holds
    assert kept('<b>one two</b> three') == '<b>one two</b><span class="last-words"> three</span>'
    # a no-break space the fact base writes keeps its words together the CSS way, with a plain space
    assert str(dates_unbroken("a rise of 10\u00a0% on 1 May")) == (
        'a rise of <span class="nobreak">10 %</span> on <span class="nobreak">1 May</span>')


@pytest.mark.parametrize("audience", AUDIENCES)
def test_the_series_is_plain_text_and_whole_on_every_page(seed_briefs, audience):
    """"Asia–Europe Briefings" held a word joiner (U+2060) after its dash, in the masthead and the footers of
    every Word draft: an editor's Find for "Asia–Europe" missed it. The PDF keeps the series whole in CSS
    (a span.nobreak in every page's footer, an element rather than a string): still on one line of each
    page's footer, its box wrapping before it ("… Affairs," / "Asia–Europe Briefings"), never after the dash;
    and no footer line ends in the masthead's separator "·", which read as a stray mark there."""
    pdf = seed_briefs[(audience, "pdf")].path
    assert "\u2060" not in pdf_text_layer(pdf)
    pages = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True,
                           text=True).stdout.split("\f")[:-1]
    assert len(pages) > 1 and all("Asia–Europe Briefings" in page for page in pages), audience
    assert not any(line.rstrip().endswith(("Asia–", "·")) for page in pages for line in page.splitlines())
    draft = seed_briefs[(audience, "docx")].path
    with zipfile.ZipFile(draft) as package:
        parts = {name: package.read(name).decode() for name in package.namelist() if name.endswith(".xml")}
    assert [name for name, xml in parts.items() if "\u2060" in xml] == []
    # the masthead: the dot kept with the name before it, and a space after the dot; every footer, as the PDF's
    document = docx.Document(draft)
    section = document.sections[0]
    lines = [[p.text for p in part.paragraphs if "Halvorsen" in p.text]
             for part in (document, section.footer, section.first_page_footer)]
    assert lines == [["Halvorsen Institute for Eurasian Affairs\u00a0· Asia–Europe\u00a0Briefings"]] + [
        ["Halvorsen Institute for Eurasian Affairs, Asia–Europe\u00a0Briefings"]] * 2, audience


@pytest.mark.parametrize("audience", ["analyst", "security"])
def test_a_range_of_days_stays_with_its_month(seed_briefs, audience):
    """The editor's finding: 'held 19–' ended a line and '21 May 2023' opened the next (analyst p.6,
    security p.2): a line may break after an en dash, and only '21 May' was kept together. The day range
    and its month are one span.nobreak (CSS); the Word draft's text is as the fact base writes it, an
    ordinary en dash, no word joiner or no-break hyphen for a Find to trip on."""
    assert str(dates_unbroken("held 19–21 May 2023, and 3-4 June")) == (
        'held <span class="nobreak">19–21 May</span> 2023, and <span class="nobreak">3-4 June</span>')
    layout = subprocess.run(["pdftotext", "-layout", str(seed_briefs[(audience, "pdf")].path), "-"],
                            capture_output=True, text=True, check=True).stdout
    assert "19–21 May" in " ".join(layout.split())
    assert [line.strip()[-40:] for line in layout.splitlines() if re.search(r"\d–$", line.rstrip())] == [], audience
    draft = word_texts(seed_briefs[(audience, "docx")].path)
    assert "held 19–21 May 2023" in draft and not re.search("[\u2060\u2011\ufeff]", draft), audience
