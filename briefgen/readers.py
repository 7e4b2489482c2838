"""Every reader and profile a fact base names, checked against the project's profiles.

A brief prints what was written for its profile's ``reader``: a fact base names
readers in ``audiences`` lists and ``so_what`` keys, and profiles in ``profiles``.
A name no profile of the project declares (a project may add profiles of its own)
would print in no brief, silently: it is an error at its line, with a did-you-mean.
What a profile's section or a so-what line would print nowhere is a warning at the
fact base's line, where the user can act on it, never at an installed profile.
"""
from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .errors import BriefgenError, Problem
from .load import Document, read_yaml
from .model import FactBase, all_facts
from .profile import Audience
from .tailor import kept, tailored, unfilled_sections, written_for
from .validate import unknown_message


@dataclass(frozen=True)
class Profiles:
    """The project's profiles, as a fact base's checks need them."""

    readers: dict[str, str | None]  # every profile's name -> its reader, as written
    audiences: dict[str, Audience] = field(default_factory=dict)  # those the schema accepts
    # each profile file as read, so project.load_audience checks it without parsing it again
    documents: dict[Path, Document] = field(default_factory=dict)

    @property
    def known(self) -> list[str]:
        return sorted({r for r in self.readers.values() if r})


def project_profiles(paths: Iterable[Path], raw: Callable[[Path], bytes | None] = lambda path: None) -> Profiles:
    """The profiles at ``paths``, read for their names and readers only: their own problems are
    reported where each is loaded (project.load_audience), which checks them against the fact bases."""
    from pydantic import ValidationError

    readers: dict[str, str | None] = {}
    audiences: dict[str, Audience] = {}
    documents: dict[Path, Document] = {}
    for path in paths:
        try:
            documents[path] = read_yaml(path, raw(path))
            data = documents[path].data
        except BriefgenError:
            data = None
        reader = data.get("reader") if isinstance(data, dict) else None
        readers[path.stem] = reader if isinstance(reader, str) else None
        try:
            audiences[path.stem] = Audience.model_validate(data)
        except ValidationError:
            pass  # a profile the schema refuses: its reader is known, what it prints is not
    return Profiles(readers, audiences, documents)


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
    for name, own in fb.profiles.items():
        if name not in profiles.readers:
            out.append(doc.problem(("profiles", name), unknown_message("profile", name, sorted(profiles.readers),
                                                                        always_list=True), at_key=True))
        elif name in profiles.audiences:  # a label for a section the profile does not have is never printed
            ids = [spec.id for spec in profiles.audiences[name].sections]
            out += [doc.problem(("profiles", name, "labels", sid), f"the {name} profile has no '{sid}' section, so "
                                f"this label is never printed; its sections: {', '.join(ids)}", "warning", at_key=True)
                    for sid in own.labels if sid not in ids]
    fitted = {name: tailored(a, fb) for name, a in profiles.audiences.items()}
    printed = _printed(fb, profiles) if whole and any(fact.so_what for _, fact in all_facts(fb)) else {}
    for path, fact in all_facts(fb):
        for name in fact.so_what:
            if reader(path + ("so_what", name), name, at_key=True) and whole:
                out += _printed_nowhere(doc, path, fact, name, profiles, fitted, printed)
    for name, audience in fitted.items():
        for i, lacking, where in unfilled_sections(audience, fb):
            out.append(doc.problem(where, f"{name}'s '{audience.sections[i].label}' prints nothing: the fact "
                                          f"base has no {lacking}", "warning", at_key=True))
    return out


def _printed(fb: FactBase, profiles: Profiles) -> dict[str, tuple[set[str], set[str]]]:
    """Each profile's brief, as select makes it before fitting to the budget (which is not certain,
    and not counted): (the ids it prints, the ids it prints with their so-what line). select is the
    one judge of what a brief prints, and the templates print every so-what line it gives."""
    from .select import unfitted

    out = {}
    for name, audience in profiles.audiences.items():
        items = unfitted(fb, audience, name).items()
        out[name] = ({i.id for i in items}, {i.id for i in items if i.so_what})
    return out


# where a fact is written -> the section that would print it: only to say why a brief does not
_SECTIONS = {"drivers": "drivers", "frameworks": "frameworks", "facts": "areas", "milestones": "areas",
             "challenges": "challenges", "recommendations": "recommendations"}


def _printed_nowhere(doc: Document, path: tuple, fact, name: str, profiles: Profiles,
                     fitted: dict[str, Audience], printed: dict[str, tuple[set[str], set[str]]]) -> list[Problem]:
    """A warning where no brief for reader ``name`` prints ``fact`` with its so-what line (``printed``,
    from select), so the line is never read, with each brief's reason."""
    if any(r == name and p not in fitted for p, r in profiles.readers.items()):
        return []  # a profile the schema refused: what it prints is not known
    briefs = [a for a in fitted.values() if a.reader == name]
    if any(fact.id in printed[a.name][1] for a in briefs):
        return []
    why = "; ".join(_why(audience, path, fact, name, fact.id in printed[audience.name][0]) for audience in briefs)
    return [doc.problem(path + ("so_what", name), f"no brief prints this so-what line: {why}", "warning", at_key=True)]


def _why(audience: Audience, path: tuple, fact, name: str, shown: bool) -> str:
    """Why the brief for ``audience`` (tailored) does not print ``fact``'s so-what line."""
    where = path[2] if path[0] == "areas" else path[-2]
    brief = f"the {audience.name} brief"
    if shown:  # select gives no so-what line to a milestone listed under its area
        return f"{brief} lists {fact.id} under its area's milestones, which print a date and headline only"
    ids = {s.id for s in audience.sections}
    if _SECTIONS[where] not in ids:
        return f"{brief} has no {_SECTIONS[where]} section"
    if where == "recommendations" and not written_for(fact, name):
        return f"{fact.id} is not addressed to '{name}' (audiences)"
    if not kept(audience, fact):
        return (f"{brief} keeps only {where if where == 'recommendations' else 'facts'} of its lead themes "
                f"({', '.join(audience.lead_themes) or 'none'})"
                + (f" or of priority {audience.other_max_priority} or less" if where != "recommendations" else ""))
    if where == "milestones" and (tellers := fact.frameworks + fact.told_by):  # the event is told once
        return f"{brief} tells {fact.id}'s event where it prints {', '.join(tellers)}"
    return f"{brief} leaves {fact.id} out"
