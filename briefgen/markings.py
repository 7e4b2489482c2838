"""The marking policy: how restricted a statement is, who may receive it, and redaction.

A fact base marks its statements with a scheme of handling markings (TLP 2.0
by default), lowest first. Everything that decides what a reader may see
lives here: a marking's rank, a statement's effective rank (what it draws on
and what it tells of others count), the widest reach a marking may travel to,
and the redacted copy of a fact base that selection works from.
"""
from __future__ import annotations

from .fields import REACHES, TLP_REACH, TLP_SCHEME
from .labels import word
from .model import FactBase, all_facts
from .profile import Audience


def marking_rank(fb: FactBase, marking: str | None) -> int:
    """The place of ``marking`` in the fact base's scheme (unmarked: its default marking)."""
    scheme = fb.meta.marking_scheme
    return scheme.index(marking or fb.meta.default_marking or scheme[0])


def statements(fb: FactBase) -> list[tuple[tuple, str, object]]:
    """(path, kind, statement) of every statement that carries a marking, in document order:
    facts of every section, takeaways, messages (of their kind) and corrections."""
    return ([(path, "fact", f) for path, f in all_facts(fb)]
            + [(("takeaways", i), "takeaway", t) for i, t in enumerate(fb.takeaways)]
            + [(("messages", i), m.kind, m) for i, m in enumerate(fb.messages)]
            + [(("corrections", i), "correction", c) for i, c in enumerate(fb.corrections)])


def tells(fb: FactBase) -> dict[str, dict[str, bool]]:
    """Every link by which a statement tells another's content: id -> {other id: all of it?}.

    All of it: a recommendation, takeaway or message tells what the facts it
    rests on say (``rests_on``), a correction what the fact it corrects says
    (``about``); so each takes the other's effective rank. Part of it: a
    milestone is one event with the frameworks it signs or brings into force
    (``frameworks``) and the facts of its area that tell it (``told_by``). The
    milestone tells each one's part of the event, each of them tells the
    milestone's, and a fact that tells it the signing of its frameworks too; so
    each takes the other's own rank (its marking and its sources'), and one
    framework's marking does not pass to another signed at the same milestone.
    """
    links: dict[str, dict[str, bool]] = {}

    def link(ident: str, others: list[str], whole: bool) -> None:
        for other in others:
            links.setdefault(ident, {})[other] = whole or links.get(ident, {}).get(other, False)

    for _, _, item in statements(fb):
        link(item.id, getattr(item, "rests_on", []), True)
    for cor in fb.corrections:
        link(cor.id, [cor.about], True)
    for area in fb.areas:
        for stone in area.milestones:
            link(stone.id, stone.frameworks + stone.told_by, False)
            for framework in stone.frameworks:
                link(framework, [stone.id], False)
            for fact in stone.told_by:
                link(fact, [stone.id, *stone.frameworks], False)
    return links


def effective_ranks(fb: FactBase) -> dict[str, int]:
    """The rank in the marking scheme of every fact, takeaway, message and correction.

    A statement is as restricted as the most restricted thing it draws on or
    tells of: its own marking, the sources it cites, and what it tells of the
    statements it is linked to (tells), followed until nothing changes.
    Otherwise an unmarked takeaway could carry an AMBER fact's substance to
    the press, or the milestone that signs an AMBER framework print its signing.
    """
    source = {s.id: marking_rank(fb, s.marking) for s in fb.sources}
    own = {x.id: max([marking_rank(fb, x.marking)] + [source.get(s, 0) for s in getattr(x, "sources", [])])
           for _, _, x in statements(fb)}
    links = {ident: {o: whole for o, whole in others.items() if o in own}
             for ident, others in tells(fb).items() if ident in own}
    ranks = {ident: max([rank] + [own[o] for o, whole in links.get(ident, {}).items() if not whole])
             for ident, rank in own.items()}
    changed = True
    while changed:  # a recommendation may rest on another, or on a milestone
        changed = False
        for ident, others in links.items():
            top = max([ranks[ident]] + [ranks[o] for o, whole in others.items() if whole])
            changed |= top != ranks[ident]
            ranks[ident] = top
    return ranks


def marking_reach(fb: FactBase) -> dict[str, str] | None:
    """The widest reach of each marking, or None where the scheme does not say. A reach given for TLP
    changes the levels it names and keeps TLP's for the rest ({TLP:GREEN: organisation} narrows GREEN
    only): a level of another scheme that it does not name travels nowhere."""
    tlp = TLP_REACH if fb.meta.marking_scheme == TLP_SCHEME else {}
    if fb.meta.marking_reach is not None:
        return {**tlp, **fb.meta.marking_reach}
    return tlp or None


def receivable(fb: FactBase, reach: str | None) -> list[str] | None:
    """The markings an audience of ``reach`` may receive, lowest first; None if unknown."""
    widest = marking_reach(fb)
    if reach is None or widest is None:
        return None
    return [m for m in fb.meta.marking_scheme if m in widest and REACHES.index(reach) >= REACHES.index(widest[m])]


def levels_known(fb: FactBase, audience: Audience) -> bool:
    """Whether the levels a profile names (release, marked_at_least) are of ``fb``'s marking scheme.
    A profile naming another is refused where it is loaded (profilechecks.py): a check that selects
    each profile's brief beside that one skips it rather than fail on the level it cannot rank."""
    return all(level in fb.meta.marking_scheme for level in (audience.release, audience.marked_at_least) if level)


def handling_line(fb: FactBase, audience: Audience, marking: str) -> str:
    """What page 1 says, beside the brief's marking, may be done with the brief.

    The profile's handling and distribution are written for the reach it sends its briefs to
    ("For official use · Distribution: security and defence policy community"). A brief is marked
    by what it carries, though, and may be marked to travel wider: a security brief of TLP:CLEAR
    facts only. Beside TLP:CLEAR, which means no limit on disclosure, a line for a community
    contradicts the label, and a reader cannot tell which to follow. So where the marking's reach
    is wider than the profile's, the line says what the marking allows (TLP 2.0's meaning of the
    label, in the brief's language: labels.WORDS); otherwise, or where the scheme names no reach, the
    profile's own words."""
    widest = marking_reach(fb)
    travels = widest.get(marking) if widest else None
    if travels is None or audience.reach is None or REACHES.index(travels) >= REACHES.index(audience.reach):
        return f"{audience.handling} · {audience.distribution}"
    return word(f"disclosure {travels}", fb.meta.language)


def for_named_recipients(fb: FactBase, audience: Audience, marking: str) -> bool:
    """Whether a brief goes to named recipients only: its profile reaches
    only them, or its marking may travel no further (TLP:RED)."""
    widest = marking_reach(fb)
    return audience.reach == "named" or (widest is not None and widest.get(marking) == "named")


def redact(fb: FactBase, audience: Audience) -> FactBase:
    """The fact base less everything above the audience's release level.

    This is the one place the release level is enforced. select() builds the
    Brief from this copy and the Brief carries only this copy, so neither the
    budget, nor a profile, nor a template can reach a withheld statement. What
    is kept carries its effective marking (see effective_ranks), which the
    portion marks and the banner print; sources cited by nothing kept go too.
    """
    level = marking_rank(fb, audience.release)
    scheme = fb.meta.marking_scheme
    ranks = effective_ranks(fb)

    def cleared(items: list) -> list:
        return [x.model_copy(update={"marking": scheme[ranks[x.id]]}) for x in items if ranks[x.id] <= level]

    areas = [a.model_copy(update={"facts": cleared(a.facts), "milestones": cleared(a.milestones)})
             for a in fb.areas]
    kept = fb.model_copy(update={
        "takeaways": cleared(fb.takeaways),
        "drivers": cleared(fb.drivers),
        "frameworks": cleared(fb.frameworks),
        "areas": [a for a in areas if a.facts or a.milestones],
        "road_ahead": fb.road_ahead.model_copy(update={
            "challenges": cleared(fb.road_ahead.challenges),
            "recommendations": cleared(fb.road_ahead.recommendations)}),
        "corrections": cleared(fb.corrections),
        "messages": cleared(fb.messages),
        # an expansion prints wherever its short form does: one above the level is not written out
        "abbreviations": [a for a in fb.abbreviations if marking_rank(fb, a.marking) <= level],
    })
    cited = {s for x in [f for _, f in all_facts(kept)] + kept.corrections + kept.messages for s in x.sources}
    return kept.model_copy(update={"sources": [s for s in fb.sources if s.id in cited]})
