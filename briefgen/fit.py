"""Budget fitting: which facts a brief drops, and in what order, to keep to its word budget.

Selection (select.py) decides what a reader may get and in what order; this
module only shortens that to the audience's length budget, measuring each
candidate with the counter it is given (the rendered HTML's words, in a build).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from .model import FactBase, all_facts

if TYPE_CHECKING:
    from .brief import Brief, Item, Section

# Never dropped to fit a budget: what the brief concludes, and what the fact base
# marks as must-keep (priority 1).
UNDROPPABLE_SECTIONS = ("takeaways", "corrections")
# What the brief advises goes last: a recommendation is dropped only once no fact is
# left to drop, the least important (highest priority number) first.
LAST_TO_GO = "recommendations"


def drop_order(sections: list[Section], fb: FactBase) -> list[str]:
    """Fact ids in the order they go when a brief overruns: recommendations after
    every fact; within each, highest priority number first, then facts outside the
    lead themes, then the one printed last. A fact printed twice (an area and the
    timeline) goes as one."""
    priority = {fact.id: fact.priority for _, fact in all_facts(fb)}
    keep = {i.id for s in sections if s.id in UNDROPPABLE_SECTIONS for i in s.all_items()}
    advice = {i.id for s in sections if s.id == LAST_TO_GO for i in s.all_items()}
    position: dict[str, tuple[int, bool]] = {}
    printed = [i for s in sections for i in s.all_items()]
    for n, it in enumerate(printed):
        if it.id in priority and it.id not in keep and priority[it.id] > 1:
            lead = position.get(it.id, (0, False))[1] or it.lead
            position[it.id] = (n, lead)
    return sorted(position, key=lambda f: (f in advice, -priority[f], position[f][1], -position[f][0]))


def fit_budget(sections: list[Section], fb: FactBase, words: int, measure: Callable[[Brief], int],
               assemble: Callable[[list[Section], list[str]], Brief]) -> Brief:
    """Drop the fewest facts, in drop order, that bring the measured words within ``words``.

    ``assemble(sections, dropped)`` makes the Brief of what is left. Dropping a
    fact never adds words, so the count falls as more go and a binary search
    over how many to drop needs a handful of measurements, not one per fact.
    If even dropping every candidate is not enough, that brief is returned and
    the overrun is reported after rendering (report.Output.overrun).
    """
    order = drop_order(sections, fb)

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
