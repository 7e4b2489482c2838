"""Every reader and profile a fact base names, checked against the project's profiles.

A brief prints what was written for its profile's ``reader``: a fact base names
readers in ``audiences`` lists and ``so_what`` keys, and profiles in ``profiles``.
A name no profile of the project declares (a project may add profiles of its own)
would print in no brief, silently: it is an error at its line, with a did-you-mean.
What a profile's section, a so-what line or a recommendation would print nowhere is a warning
at the fact base's line, where the user can act on it, never at an installed profile. Which
brief prints what, and why one leaves a statement out, is select.py's record (Brief.left_out):
this module words it, and works none of it out again.
"""
from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .brief import Brief, Why
from .errors import BriefgenError, Problem
from .fields import MESSAGE_SECTIONS
from .labels import labelled
from .load import Document, read_yaml
from .model import FactBase, Recommendation, all_facts
from .overrides import override_problems
from .profile import Audience


@dataclass(frozen=True)
class Profiles:
    """The project's profiles, as a fact base's checks need them."""

    readers: dict[str, str | None]  # every profile's name -> its reader, as written
    audiences: dict[str, Audience] = field(default_factory=dict)  # those the schema accepts
    # each profile file as read, so project.load_audience checks it without parsing it again
    documents: dict[Path, Document] = field(default_factory=dict)
    # the project's configuration (config.Config), whose [markings] the fact bases and briefgen's profiles take
    house: Any = None

    @property
    def known(self) -> list[str]:
        return sorted({r for r in self.readers.values() if r})


def project_profiles(paths: Iterable[Path], raw: Callable[[Path], bytes | None] = lambda path: None,
                     house=None) -> Profiles:
    """The profiles at ``paths``, read for their names and readers only: their own problems are
    reported where each is loaded (project.load_audience), which checks them against the fact bases.
    ``house``: the project's configuration, whose [markings] levels briefgen's own profiles take."""
    from pydantic import ValidationError

    from .housemarks import houses_profile

    readers: dict[str, str | None] = {}
    audiences: dict[str, Audience] = {}
    documents: dict[Path, Document] = {}
    for path in paths:
        try:
            documents[path] = read_yaml(path, raw(path))
            houses_profile(path, documents[path], house.markings if house is not None else None)
            data = documents[path].data
        except BriefgenError:
            data = None
        reader = data.get("reader") if isinstance(data, dict) else None
        readers[path.stem] = reader if isinstance(reader, str) else None
        try:
            audiences[path.stem] = Audience.model_validate(data)
        except ValidationError:
            pass  # a profile the schema refuses: its reader is known, what it prints is not
    return Profiles(readers, audiences, documents, house)


def check_readers(doc: Document, fb: FactBase, profiles: Profiles, whole: bool = True) -> list[Problem]:
    """Unknown readers and profile names (errors); sections and so-what lines that print nothing (warnings).
    ``whole``: the fact base's references resolve, so its briefs can be selected (the so-what lines)."""
    known = profiles.known
    out: list[Problem] = []

    def reader(path: tuple, name: str, at_key: bool = False) -> bool:
        if name in known:
            return True
        close = difflib.get_close_matches(name, known, n=1, cutoff=0.75)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        if profiles.readers.get(name):  # a profile's name, not its reader
            hint = f" (did you mean '{profiles.readers[name]}', the reader of the '{name}' profile?)"
        out.append(doc.problem(path, f"unknown reader '{name}'{hint}: no brief would print it; the project's "
                                     f"profiles are for {', '.join(known) or 'no named reader'}", at_key=at_key))
        return False

    for where, items in (("takeaways", fb.takeaways), ("messages", fb.messages),
                         ("road_ahead", fb.road_ahead.recommendations)):
        base = ("road_ahead", "recommendations") if where == "road_ahead" else (where,)
        for i, item in enumerate(items):
            for j, name in enumerate(item.audiences):
                reader(base + (i, "audiences", j), name)
    out += override_problems(doc, fb, profiles)
    # each profile's brief before fitting (which drops facts for length only): what it prints, and why not the rest
    briefs = _briefs(fb, profiles) if whole else {}
    for i, area in enumerate(fb.areas):  # an area's heading for a kind of reader
        for name in area.names:
            reader(("areas", i, "names", name), name, at_key=True)
    for path, fact in all_facts(fb):
        for name in fact.so_what:
            if reader(path + ("so_what", name), name, at_key=True) and whole:
                out += _so_what_nowhere(doc, path, fact, name, profiles, briefs)
    if whole and len(briefs) == len(profiles.readers):  # else what a refused profile prints is not known
        out += _advice_nowhere(doc, fb, briefs)
    out += _no_section_for(doc, fb, profiles, briefs)
    unfilled: set[tuple[str, str]] = set()
    for name, audience in profiles.audiences.items():
        audience = labelled(audience, fb)
        for i, lacking, where in unfilled_sections(audience, fb):
            unfilled.add((name, audience.sections[i].id))
            out.append(doc.problem(where, f"{name}'s '{audience.sections[i].label}' prints nothing: the fact "
                                          f"base has no {lacking}", "warning", at_key=True))
    return out + _empty_sections(doc, fb, briefs, unfilled)


def _briefs(fb: FactBase, profiles: Profiles) -> dict[str, Brief]:
    """Each profile's brief of ``fb``, as select makes it before fitting to the budget (which is not
    certain, and not counted). select is the one judge of what a brief prints and leaves out, and
    the templates print every so-what line it gives."""
    from .markings import levels_known
    from .select import unfitted

    return {name: unfitted(fb, audience, name) for name, audience in profiles.audiences.items()
            if levels_known(fb, audience)}


def _so_what_nowhere(doc: Document, path: tuple, fact, name: str, profiles: Profiles,
                     briefs: dict[str, Brief]) -> list[Problem]:
    """A warning where no brief for reader ``name`` prints ``fact`` with its so-what line, so the line
    is never read, with each brief's reason."""
    if any(r == name and p not in briefs for p, r in profiles.readers.items()):
        return []  # a profile refused (its schema, its release level): what it prints is not known
    theirs = [b for b in briefs.values() if b.audience.reader == name]
    # a brief that prints the fact prints its line (why_left_out): what the brief left out is select's record,
    # not an empty line (`security: ""` is printed as nothing, and has no reason to be left out)
    if any(fact.id not in b.left_out for b in theirs):
        return []
    why = "; ".join(why_left_out(brief, fact) for brief in theirs)
    return [doc.problem(path + ("so_what", name), f"no brief prints this so-what line: {why}", "warning", at_key=True)]


def _advice_nowhere(doc: Document, fb: FactBase, briefs: dict[str, Brief]) -> list[Problem]:
    """A warning at each recommendation no brief prints: advice written and sourced that no reader
    gets, with the reason of each brief written for its readers."""
    out = []
    for i, rec in enumerate(fb.road_ahead.recommendations):
        if any(rec.id not in brief.left_out for brief in briefs.values()):
            continue
        theirs = [b for b in briefs.values() if b.left_out[rec.id].why != Why.NOT_FOR_READER]
        why = [why_left_out(brief, rec) for brief in theirs]
        if len(theirs) < len(briefs):
            why.append(f"{'the' if theirs else 'its'} {'other ' if theirs else ''}briefs are not for its readers "
                       f"({', '.join(rec.audiences)})")
        out.append(doc.problem(("road_ahead", "recommendations", i),
                               f"no brief prints this recommendation: {'; '.join(why)}", "warning"))
    return out


def _no_section_for(doc: Document, fb: FactBase, profiles: Profiles, briefs: dict[str, Brief]) -> list[Problem]:
    """A warning at each takeaway, message or recommendation written for a reader (its ``audiences``)
    whose every profile lacks the section that prints it: text written for that reader that no brief
    of theirs prints, silently. A recommendation no brief prints at all is _advice_nowhere's."""
    out = []
    for base, noun, items in ((("takeaways",), "takeaway", fb.takeaways), (("messages",), "message", fb.messages),
                              (("road_ahead", "recommendations"), "recommendation", fb.road_ahead.recommendations)):
        for i, item in enumerate(items):
            printing = [b for b in briefs.values() if item.id not in b.left_out]
            if noun == "recommendation" and not printing:
                continue
            for name in item.audiences:
                theirs = [p for p, r in profiles.readers.items() if r == name]
                # an unknown reader is an error already; a refused profile's brief is not known
                if not theirs or any(p not in briefs for p in theirs):
                    continue
                left = [briefs[p].left_out.get(item.id) for p in theirs]
                if not all(x is not None and x.why == Why.NO_SECTION for x in left):
                    continue
                sections = " or ".join(dict.fromkeys(s for x in left for s in x.by))
                # a section the profile has, which this fact base leaves out (profiles: NAME: omit), is not one it lacks
                omitted = [p for p in theirs if any(s in {spec.id for spec in profiles.audiences[p].sections}
                                                    for x in left for s in x.by)]
                if omitted:
                    whose = (f"whose profile's {sections} section this fact base leaves out" if len(theirs) == 1 else
                             f"whose profiles' {sections} sections this fact base leaves out or they lack")
                    whose += f" ({', '.join(f'profiles.{p}.omit' for p in omitted)});"
                else:
                    whose = "whose profile has" if len(theirs) == 1 else "whose profiles have"
                    whose += f" no {sections} section;"
                said = ("no brief prints it" if not printing else
                        "only " + " and ".join(f"the {b.audience.name} brief" for b in printing)
                        + (" prints it" if len(printing) == 1 else " print it"))
                out.append(doc.problem(base + (i,), f"{noun} {item.id} is for '{name}', {whose} {said}", "warning"))
    return out


# where a section's statements are written in a fact base: a warning that one prints nothing points there
_WRITTEN_IN = {"takeaways": ("takeaways",), "drivers": ("drivers",), "frameworks": ("frameworks",),
               "timeline": ("frameworks",), "areas": ("areas",), "challenges": ("road_ahead", "challenges"),
               "recommendations": ("road_ahead", "recommendations"), "corrections": ("corrections",),
               **{sid: ("messages",) for sid in MESSAGE_SECTIONS}}


def _empty_sections(doc: Document, fb: FactBase, briefs: dict[str, Brief], unfilled: set[tuple[str, str]]
                    ) -> list[Problem]:
    """A warning for each section of a profile that prints nothing once select has chosen what the
    brief keeps, though the fact base has statements of its kind (a fact base without any is
    unfilled_sections'), with select's reason for each: a brief with empty sections reads as finished.
    At the fact base's ``profiles`` entry for the profile if it has one (its lead themes choose), else
    at the statements' list."""
    from .select import statements

    out = []
    for name, brief in briefs.items():
        shown = {s.id for s in brief.sections}
        for spec in brief.audience.sections:
            if spec.id == "sources" or spec.id in shown or (name, spec.id) in unfilled:
                continue
            left = [x for x, where in statements(fb) if spec.id in where and x.id in brief.left_out]
            # nothing of its kind in the fact base, or all of it printed in another section; or only
            # dates to watch that have lapsed, which validate warns of each at its date
            if all(brief.left_out[x.id].why == Why.LAPSED for x in left):
                continue
            reasons: dict[str, list[str]] = {}
            for x in left:
                reasons.setdefault(why_left_out(brief, x), []).append(x.id)
            said = "; ".join(why if ids == [i for i in ids if i in why] else f"{why} ({', '.join(ids)})"
                             for why, ids in reasons.items())
            where = ("profiles", name) if name in fb.profiles else _WRITTEN_IN.get(spec.id, ())
            out.append(doc.problem(where, f"{name}'s '{spec.label}' prints nothing: {said}", "warning",
                                   at_key=where[:1] == ("profiles",)))
    return out


def why_left_out(brief: Brief, fact) -> str:
    """Why ``brief`` does not print ``fact``, and so its so-what line, in words: select's record of it
    (validate's warnings, and `briefgen diff` beside each fact one brief prints and the other does not).
    A brief that prints a fact prints the so-what line written for its reader wherever it prints it
    (a milestone listed under its area too), so a line unprinted is a fact left out."""
    audience = brief.audience
    name = f"the {audience.name} brief"
    left = brief.left_out[fact.id]
    if left.why == Why.OUTSIDE_LEADS:
        advice = isinstance(fact, Recommendation)
        return (f"{name} keeps only {'recommendations' if advice else 'facts'} of its lead themes "
                f"({', '.join(audience.lead_themes) or 'none'})"
                + ("" if advice else f" or of priority {audience.other_max_priority} or less"))
    return {
        Why.ABOVE_RELEASE: f"{fact.id} is marked above {name}'s release level ({audience.release})",
        Why.NO_SECTION: f"{name} has no {' or '.join(left.by)} section",
        Why.NOT_FOR_READER: f"{fact.id} is not addressed to '{audience.reader}' (audiences)",
        Why.LAPSED: f"{fact.id}'s date has passed",
        Why.SUMMED_UP: f"{name} lists its {', '.join(left.by)} as headlines, and its takeaways make {fact.id}'s point",
        Why.TOLD_ELSEWHERE: f"{name} tells {fact.id}'s event where it prints {', '.join(left.by)}",
        Why.DROPPED_TO_FIT: f"{name} drops {fact.id} to fit its word budget",
    }[left.why]


def unfilled_sections(audience: Audience, fb: FactBase) -> list[tuple[int, str, tuple]]:
    """The profile's sections this fact base has nothing to print in for want of a field, each with
    the field to add: a brief that silently lacks its Purpose or Key judgements reads as finished.
    (index of the section, what the fact base lacks, the fact base's path where it goes). A fact base
    built from no source document has nothing to correct: no notes on it is normal, not a lack."""
    from .select import written_for

    reader = audience.reader
    who = f" for the '{reader}' reader" if reader else ""

    def for_reader(x) -> bool:
        return written_for(x, reader)

    out = []
    for i, spec in enumerate(audience.sections):
        if spec.id in MESSAGE_SECTIONS:
            kind = MESSAGE_SECTIONS[spec.id]
            if not any(m.kind == kind and for_reader(m) for m in fb.messages):
                out.append((i, f"messages of kind '{kind}'{who} (messages: - kind: {kind}"
                               + (f", audiences: [{reader}])" if reader else ")"), ("messages",)))
        elif spec.id == "corrections" and fb.meta.source_document and not fb.corrections:
            out.append((i, "corrections of its source_document (corrections: - about: ..., document_says: ..., "
                           "finding: ...)", ("meta", "source_document")))
        elif spec.id == "recommendations" and not any(map(for_reader, fb.road_ahead.recommendations)):
            out.append((i, f"road_ahead.recommendations{who}", ("road_ahead", "recommendations")))
        elif spec.id == "takeaways" and not any(map(for_reader, fb.takeaways)):
            out.append((i, f"takeaways{who}", ("takeaways",)))
    return out
