"""The colours both writers print, in one table: the PDF's stylesheet and the Word draft's
default reference take theirs from it.

brief.css declares each once, as a custom property of ``:root`` (``var(--gold)``), and
uses nothing else; the reference's styles.xml and numbering.xml carry them as Word writes
colours ("B5862A"). Neither file can read Python, so tests/test_palette.py holds both to
this table, as tests/test_markings_colours.py does the TLP labels' (fields.TLP_COLOURS).

The accent's three are the default navy, which briefgen.toml's ``accent`` replaces in both
formats (its tint and shade made from it, config.tint); the gold stays whatever the accent:
it marks what the reader should act on, the recommendations, in every house's briefs.
"""
from __future__ import annotations

# custom property of brief.css -> colour, as "#rrggbb"
PALETTE: dict[str, str] = {
    "accent": "#123c69",  # rules, headings, the facts' squares, the page numbers
    "accent-tint": "#e8eef5",  # behind the key takeaways
    "accent-dark": "#0d2a4a",  # the title, sub-headings and lead-ins
    "gold": "#b5862a",  # the recommendations' rule and their numbers
    "gold-tint": "#f7f2e6",  # behind a recommendation
}


def as_word(colour: str) -> str:
    """A CSS colour "#b5862a" as Word's XML writes it: "B5862A" (w:color, w:fill)."""
    return colour.lstrip("#").upper()


def word_colour(name: str) -> str:
    """A colour of the table, by its custom property's name, as Word's XML writes it."""
    return as_word(PALETTE[name])
