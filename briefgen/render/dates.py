"""How a brief words a date, "1 February 2019", the one place it is phrased; and whether a text gives one."""
from __future__ import annotations

import re
from functools import lru_cache

from babel import Locale, UnknownLocaleError
from babel.dates import format_date

from ..fields import language_keys
from ..labels import word


def date_text(value, language: str | None = None) -> str:
    """A date as the brief words it in ``language``: "1 February 2019" (the longdate filter also keeps its
    day and month on one line). The one place a date is phrased: the order is the language's word "date"
    (labels.WORDS, a CLDR pattern), the month's name the language's own (CLDR, through Babel)."""
    return _worded(value, language or "en")


@lru_cache(maxsize=4096)  # a brief words the same few dates again and again (gives_date, every citation)
def _worded(value, language: str) -> str:
    return format_date(value, word("date", language), locale=_locale(language))


@lru_cache(maxsize=32)
def _locale(language: str) -> Locale:
    """The CLDR locale of a BCP 47 tag: itself, else its language alone, else English."""
    for tag in (*language_keys(language), "en"):
        try:
            return Locale.parse(tag, sep="-")
        except (UnknownLocaleError, ValueError):
            continue
    raise AssertionError("unreachable: Babel knows English")


def gives_date(text: str, date, language: str | None = None) -> bool:
    """Whether ``text`` gives ``date`` as the brief words it (date_text: "1 February 2019"), as a date
    of its own: not inside another ("11 February 2019", which a plain substring test took for it).
    What a framework's status line says already (status.py), and a citation's title (macros.citation)."""
    worded = date_text(date, language) if date else ""
    return bool(worded) and re.search(rf"(?<!\d){re.escape(worded)}(?!\d)", text) is not None
