"""What an editor would send back about a fact base as a whole, before any brief is read: a
publisher that a note would read as two sources, a long title that every later note repeats,
and briefs that would open with the same box.

The checks in checks.py ask whether the fact base holds together; these ask whether the
briefs made from it read as an editor wants them to (/work/shared/editorial-checklist.md).
"""
from __future__ import annotations

from collections.abc import Mapping

from .errors import Problem
from .load import Document
from .model import FactBase

# A note's later citations of a source print its short title; a title longer than this (in
# words) has one written for it, or every repeat note runs to a full line or two.
SHORT_TITLE_WORDS = 8


def check_sources(doc: Document, fb: FactBase) -> list[Problem]:
    """The sources as a note cites them: one publisher reads as one source, and a long title
    has a short form for the notes after the first."""
    out: list[Problem] = []
    for i, source in enumerate(fb.sources):
        if ";" in source.publisher:
            # a note separates its sources with ";": "A; B, “Title”" reads as two sources
            out.append(doc.problem(("sources", i, "publisher"), "';' separates sources in a note, so this "
                                   "publisher would read as several sources: join the names with commas and "
                                   "'and' (European Council, European Commission, and Government of Japan)"))
        words = len(source.title.split())
        if source.short_title is None and words > SHORT_TITLE_WORDS:
            out.append(doc.problem(("sources", i), f"the title has {words} words and no short_title: every note "
                                   "after the first repeats it in full; add a short_title of a few words",
                                   "warning"))
    return out


def alike_openings(fb: FactBase, audiences: Mapping) -> str | None:
    """The warning, if two briefs of ``fb`` would open with the same takeaways (their boxes
    on page 1, under different headings): each kind of reader needs its own opening."""
    from .markings import levels_known
    from .select import unfitted

    opening: dict[tuple[str, ...], dict[str, str]] = {}
    for name, audience in audiences.items():
        # a profile naming no kind of reader gets only what is written for every reader: the fact
        # base cannot write it an opening of its own, so there is nothing to ask of it here
        if audience.reader is None or not any(spec.id == "takeaways" for spec in audience.sections):
            continue
        if not levels_known(fb, audience):
            continue  # a profile the fact base's scheme cannot mark is refused where it is loaded
        # what select prints in the box (before fitting, which drops facts, not takeaways): select is the
        # one judge of what a brief prints
        brief = unfitted(fb, audience, name)
        shown = tuple(sorted(item.id for sec in brief.sections if sec.id == "takeaways" for item in sec.items))
        if shown:
            opening.setdefault(shown, {})[name] = audience.reader
    # two profiles for one kind of reader (a press brief with notes, one without) share what is written
    # for it: only briefs for different readers opening alike is something to write differently
    alike = sorted((dict(sorted(briefs.items())) for briefs in opening.values() if len(set(briefs.values())) > 1),
                   key=list)
    if not alike:
        return None
    groups = "; ".join(_and(list(briefs)) for briefs in alike)
    reader = next(iter(alike[0].values()))
    return (f"the {groups} briefs open with the same takeaways: write takeaways for each reader "
            f"(audiences: [{reader}]) so that each brief opens with what its reader needs")


def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
