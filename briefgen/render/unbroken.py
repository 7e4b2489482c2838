"""Where a printed line may not break, said in the HTML as spans that brief.css keeps on one line.

The layout's wishes stay out of the text: a reader who copies a line from the PDF, or an editor
who searches the Word draft for "reviewed together", meets ordinary spaces. A no-break space
(U+00A0) in the text would also reach the PDF's text layer beyond its own place: in Lato the
space and the no-break space are one glyph, and WeasyPrint maps a glyph to the first character
it drew with it, so one no-break space drawn first made every space of the body extract as one.

- span.nobreak: words that belong together wherever they are set, as a typesetter joins them
  with a no-break space: "1 November", a range of days with its month ("19–21 May", never "19–" at
  a line's end: the line may break after an en dash), a series' name, a no-break space the fact
  base itself writes ("10 %"). The Word draft joins them with a no-break space (word/walker.py),
  but for a date, which it writes with an ordinary space, so that Word's Find for "2 December" finds
  it (Word, unlike LibreOffice, matches no no-break space to a typed space); Word lays out its own lines.
- span.last-words: a box's last two words, kept on one line so that no box ends on a line of
  one word. A wish of the PDF's layout alone: the Word draft holds the words as they are, and
  Word lays out its own lines.
"""
from __future__ import annotations

import re

import markupsafe

from .quotes import curl

_DAY_SPACE = re.compile(r"\d [ADFJMNOS]")  # what every match of _DAY_MONTH holds
# a day, or a range of days ("19–21 May"), and its month
_DAY_MONTH = re.compile(r"\b(\d{1,2}(?:[–-]\d{1,2})?) (January|February|March|April|May|June|July|August|"
                        r"September|October|November|December)\b")
# words a no-break space joins, none of them holding a tag's "<" or ">" (escaped text holds none of its own)
_JOINED = re.compile(r"[^\s<>]+(?:\u00a0[^\s<>]+)+")


def is_date(text: str) -> bool:
    """Whether ``text`` (a span.nobreak's) is a day, or a range of days, and its month: "1 November"."""
    return _DAY_MONTH.fullmatch(text) is not None


def dates_unbroken(text, language: str | None = None):
    """Fact text with each "1 November" (or "19–21 May") kept on one line, as an editor would set it
    (a day stranded at a line's end reads as a stray number), and, given its language,
    its quotes set (render/quotes.py). The text is escaped after that, and its words are
    unchanged: the span only tells the layout (brief.css, .nobreak) not to break there,
    so extraction and the Word draft read the same words. Words the text joins with a
    no-break space are kept together the same way, with an ordinary space between them."""
    if not isinstance(text, str):
        return text
    if language and not isinstance(text, markupsafe.Markup):
        text = curl(text, language)
    escaped = markupsafe.escape(text)
    if _DAY_SPACE.search(escaped):  # most texts hold no date: the full pattern is the slower search
        # on a str: re.sub joins a str subclass's pieces with its own join, which Markup's escapes
        escaped = markupsafe.Markup(_DAY_MONTH.sub(r'<span class="nobreak">\1 \2</span>', str(escaped)))
    if "\u00a0" in escaped:
        escaped = markupsafe.Markup(_JOINED.sub(
            lambda joined: f'<span class="nobreak">{joined[0].replace(chr(0xA0), " ")}</span>', str(escaped)))
    return escaped


_TAG = re.compile(r"(<[^>]*>)")  # a tag's attribute values are escaped: they hold no ">"
_VOID = re.compile(r"<(wbr|br|img)\b|.*/>$", re.S)


def last_words_together(html: markupsafe.Markup) -> markupsafe.Markup:
    """``html`` (a box's text, escaped) with its last two words in a span.last-words, which
    brief.css keeps on one line: the box never ends on a line holding one word. The span holds
    the last space where a line may break (none inside a span.nobreak: that one keeps its words
    together already) and the words on either side of it, as far as they lie in the same text
    between tags, or the elements after it whole; it stays within the element that holds the
    space. A text of one word, or whose last words a span.nobreak holds, is left as it is."""
    tokens = _TAG.split(str(html))  # text at the even places, tags at the odd ones
    kept, open_kept = [], []
    for n, token in enumerate(tokens):
        if n % 2 == 0:
            kept.append(any(open_kept))
        elif token.startswith("</"):
            open_kept = open_kept[:-1]
        elif not _VOID.match(token):
            open_kept.append('class="nobreak"' in token)
    found = _last_space(tokens)
    if found is None or kept[found[0] // 2]:
        return html
    at, space = found
    start = tokens[at].rfind(" ", 0, space) + 1
    end = _end_of_last_word(tokens, at, space)
    if end is None:
        return html
    tokens[at] = tokens[at][:start] + '<span class="last-words">' + tokens[at][start:]
    tokens[end] += "</span>"
    return markupsafe.Markup("".join(tokens))


def _last_space(tokens: list[str]) -> tuple[int, int] | None:
    """The last space with a word after it: (the place of its text among the tokens, its index there)."""
    words_after = False
    for n in range(len(tokens) - 1 - (len(tokens) - 1) % 2, -1, -2):
        text = tokens[n]
        for space in range(len(text) - 1, -1, -1):
            if text[space] == " " and (words_after or text[space + 1:].strip()):
                return n, space
        words_after = words_after or bool(text.strip())
    return None


def _end_of_last_word(tokens: list[str], at: int, space: int) -> int | None:
    """The place of the token after which the span closes: the text holding the last space, if
    the last word begins in it; otherwise the first element after it that holds text, whole.
    None where the text after the space ends its element before a word begins."""
    if tokens[at][space + 1:].strip():
        return at
    depth = 0
    for n in range(at + 1, len(tokens)):
        token = tokens[n]
        if n % 2 and token.startswith("</"):
            depth -= 1
        elif n % 2 and not _VOID.match(token):
            depth += 1
        if depth < 0:
            return None
        if depth == 0 and any(t.strip() for t in tokens[at + 2:n + 1:2]):
            return n
    return None
