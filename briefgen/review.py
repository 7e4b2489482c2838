"""What an editor must check before release: a fact stale or resting only on secondary sources, a date to watch lapsed.

A milestone never goes stale: what it states is an event on its date, as true
years later as the day it was checked; only a statement of how things stand
(a driver, a framework's status, an area's fact) must be checked again.

Only a statement of fact (a driver, a framework, an area's fact, a milestone) is
told when it rests on commentary alone: the document that states it should be
cited. A challenge or a recommendation of the road ahead is a judgement, whose
source is the analysis that made it; no primary document can back advice, so
its citing only that analysis is as it should be, not something to check. So is
any fact the fact base marks as the analysts' assessment (``assessment:``, model.Assessment).

`briefgen validate` and `build` print these as warnings (review_warnings, with the
fact base's other checks); the Word draft attaches a fact's to it as a comment
(pipeline.editor_comments), worded for the editor who reads the draft (editor_notes) and
signed by the house's editorial check (reviewer), not by a tool.
"""
from __future__ import annotations

import datetime as dt

from .errors import Problem
from .load import Document
from .messages import lapsed
from .model import Fact, FactBase, Milestone, Source, all_facts
from .sourcenotes import short_text

MANY_STALE = 10  # stale facts from which validate also counts them, in one line
SECONDARY_ONLY = ("rests only on secondary sources; a statement of fact should also cite the document "
                  "that states it (a primary source)")
JUDGEMENTS = ("road_ahead",)  # where the fact base keeps judgements (challenges, recommendations): see above

# Who the Word draft's comments are from: a role of the house that publishes the brief, as an
# editor's colleagues sign theirs (a person's name would read as that person's remark, and an
# author who comments on the draft herself would find her comments taken for these).
REVIEWER, REVIEWER_INITIALS = "Editorial check", "EC"
OLD_REVIEWER = "briefgen"  # what a draft of an older briefgen signed them with


def review_flags(fact: Fact, sources: dict[str, Source], today: dt.date,
                 stale_after_days: int, judgement: bool = False) -> list[tuple[str, str]]:
    """What an editor must check about a fact before release, as (field, message):
    stale (as_of too long before the brief's date) or, a statement of fact rather than a
    ``judgement`` (a challenge, a recommendation) or a fact marked an assessment, resting only
    on secondary sources.
    ``briefgen validate`` prints these as warnings; the Word draft attaches them as comments."""
    flags = []
    if not isinstance(fact, Milestone) and (today - fact.as_of).days > stale_after_days:
        flags.append(("as_of", f"stale: as_of {fact.as_of} is more than "
                               f"{stale_after_days} days before the brief's date {today}"))
    known = [sources[s] for s in fact.sources if s in sources]
    judgement = judgement or fact.assessment is not None
    if not judgement and known and all(s.kind == "secondary" for s in known):
        flags.append(("sources", SECONDARY_ONLY))
    return flags


def editor_notes(fb: FactBase, stale_after_days: int | None = None) -> dict[str, str]:
    """Fact id -> the comment the Word draft carries on that fact, for every flagged fact; the
    threshold defaults to the fact base's own ``stale_after_days``. Each flag says what to check,
    for an editor who has the draft and not the fact base: the date the fact was true as of and
    the limit it passed, or the secondary sources it rests on, by the names the notes cite them by."""
    from .render.dates import date_text  # the one place a date is worded
    from .render.quotes import curl

    sources = {s.id: s for s in fb.sources}
    days = stale_after_days if stale_after_days is not None else fb.meta.stale_after_days
    notes = {}
    for path, fact in all_facts(fb):
        said = []
        for field, _ in review_flags(fact, sources, fb.meta.date, days, path[0] in JUDGEMENTS):
            if field == "as_of":
                said.append(f"It is stated as of {date_text(fact.as_of)}, more than {days} days before the brief's "
                            f"date ({date_text(fb.meta.date)}): confirm it still holds.")
            else:
                cited = "; ".join(short_text(s).rstrip(".") for s in (sources[i] for i in fact.sources if i in sources))
                said.append(f"It rests only on secondary sources ({cited}): confirm it against a primary source.")
        if said:
            notes[fact.id] = curl(" ".join(["Check before release.", *said]), fb.meta.language)
    return notes


def reviewer(organisation: str | None) -> str:
    """The author of the Word draft's comments: the editorial check of the house that
    publishes the brief ("Editorial check, HIEA"), by the short name its footer prints."""
    return f"{REVIEWER}, {organisation}" if organisation else REVIEWER


def by_reviewer(author: str) -> bool:
    """Whether a comment of an edited draft is one of the draft's own (``reviewer``), which
    ``briefgen absorb`` does not report back as an editor's."""
    return author in (REVIEWER, OLD_REVIEWER) or author.startswith(f"{REVIEWER}, ")


def review_warnings(doc: Document, fb: FactBase) -> list[Problem]:
    """The review flags as validate's warnings, each naming its fact's id at its line; one
    line more counting the stale facts when there are many (a brief's date moved on a year
    makes dozens); and every date to watch that has lapsed."""
    out: list[Problem] = []
    sources = {s.id: s for s in fb.sources}
    meta = fb.meta
    stale = 0
    for path, fact in all_facts(fb):
        for field, message in review_flags(fact, sources, meta.date, meta.stale_after_days, path[0] in JUDGEMENTS):
            out.append(doc.problem(path + (field,), f"fact '{fact.id}': {message}", "warning"))
            stale += field == "as_of"  # the stale flag (the other is on its sources)
    if stale >= MANY_STALE:
        out.append(doc.problem(("meta", "date"), f"{stale} facts are stale at this date (as_of more than "
                               f"{meta.stale_after_days} days before it), each listed by id: check them and "
                               "update their as_of, or raise meta.stale_after_days", "warning"))
    for i, msg in enumerate(fb.messages):
        if lapsed(msg, meta.date):
            out.append(doc.problem(("messages", i, "date"), f"'{msg.id}' has lapsed: dated {msg.date}, before the "
                                   f"brief's date {meta.date}, so no brief prints it as coming up; update it or "
                                   "remove it", "warning"))
    return out
