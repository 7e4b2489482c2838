"""How a brief words a date, "1 February 2019", the one place it is phrased; and whether a text gives one."""
from __future__ import annotations

import re


def date_text(value) -> str:
    """A date as the brief words it: "1 February 2019" (the longdate filter also
    keeps its day and month on one line). The one place a date is phrased."""
    return f"{value.day} {value:%B %Y}"


def gives_date(text: str, date) -> bool:
    """Whether ``text`` gives ``date`` as the brief words it (date_text: "1 February 2019"), as a date
    of its own: not inside another ("11 February 2019", which a plain substring test took for it).
    What a framework's status line says already (status.py), and a citation's title (macros.citation)."""
    worded = date_text(date) if date else ""
    return bool(worded) and re.search(rf"(?<!\d){re.escape(worded)}(?!\d)", text) is not None
