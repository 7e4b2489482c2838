"""Each event told once per brief (the editorial checklist): a milestone that a statement the brief
prints tells (its ``told_by``) is not listed again.

Under its area a milestone goes where the brief prints any statement that tells it: a fact beside it
or elsewhere, a framework, a driver, a takeaway, a message. A timeline is an index of the body's
events by date, so it keeps an event a fact of the body tells, and leaves out only one the brief's
opening (its takeaways) or its messages tell: the press brief's news, told in its "In brief". A
statement fitting dropped tells nothing: the milestone then stays. select._finish calls it on the
sections fitting left, and every milestone it takes out is recorded as told elsewhere.
"""
from __future__ import annotations

from .brief import Item, LeftOut, Section, Why
from .fields import MESSAGE_SECTIONS


def told_once(sections: list[Section], left: dict[str, LeftOut]) -> None:
    """Take out of ``sections`` each milestone a printed statement tells, recording why in ``left``."""
    printed = {i.id for sec in sections for i in (*sec.items, *(i for g in sec.groups for i in g.items))}
    opening = {i.id for sec in sections if sec.id == "takeaways" or sec.id in MESSAGE_SECTIONS for i in sec.items}

    def told(m: Item, by: set[str]) -> bool:
        if tellers := tuple(t for t in m.told_by if t in by):
            left[m.id] = LeftOut(Why.TOLD_ELSEWHERE, tellers)
        return bool(tellers)

    for sec in sections:
        for group in sec.groups:
            group.milestones = [m for m in group.milestones if not told(m, printed)]
        if sec.id == "timeline":
            sec.items = [i for i in sec.items if not told(i, opening)]
