"""Budget fitting: the fewest facts a brief drops, in select.py's drop order, to keep to its word budget.

Selection (select.py) decides what a reader may get, in what order, and which
facts go first when it runs long (drop_order); this module only finds how many
must go, measuring each candidate with the counter it is given (the rendered
HTML's words: pipeline.make_brief).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .brief import Brief, Item, Section


def fit_budget(sections: list[Section], order: list[str], words: int, measure: Callable[[Brief], int],
               assemble: Callable[[list[Section], list[str]], Brief]) -> Brief:
    """Drop the fewest facts, in ``order``, that bring the measured words within ``words``.

    ``assemble(sections, dropped)`` makes the Brief of what is left. Dropping a
    fact never adds words, so the count falls as more go and a binary search
    over how many to drop needs a handful of measurements, not one per fact.
    If even dropping every candidate is not enough, that brief is returned and
    the overrun is reported after rendering (report.Output.overrun).
    """
    made: dict[int, Brief] = {}  # the brief measured is the brief returned (its HTML can be kept)

    def attempt(k: int) -> Brief:
        if k not in made:
            made[k] = assemble(without(sections, set(order[:k])), order[:k])
        return made[k]

    brief = attempt(0)
    if measure(brief) <= words or not order:
        return brief
    low, high = 1, len(order)  # the answer lies in [low, high]; high may still overrun
    while low < high:
        mid = (low + high) // 2
        if measure(attempt(mid)) <= words:
            high = mid
        else:
            low = mid + 1
    return attempt(high)


def without(sections: list[Section], drop: set[str]) -> list[Section]:
    """Copies of the sections less the dropped facts (and any area left empty).
    Items are copied too: the Brief numbers the notes on them."""
    def kept(items: list[Item]) -> list[Item]:
        return [replace(i) for i in items if i.id not in drop]

    out = []
    for sec in sections:
        groups = [replace(g, items=kept(g.items), milestones=kept(g.milestones)) for g in sec.groups]
        out.append(replace(sec, items=kept(sec.items), sources=[],
                           groups=[g for g in groups if g.items or g.milestones]))
    return out
