"""The checks a schema cannot express on an audience profile, against the fact bases it is built with.

A section listed once, labels whose placeholders briefgen fills, lead themes a fact
base declares (a warning: profiles are shared across topics), and a release level
that is a marking of every fact base and that the audience's reach allows.
"""
from __future__ import annotations

import difflib
import json

from .errors import Problem
from .housemarks import briefgen_s_own
from .load import Document
from .markings import marking_rank, receivable
from .profile import Audience
from .validate import unknown_message


def _level_to_name(audience: Audience, field: str, fb_name: str | None, fb, housed: frozenset) -> str:
    """What to do about a level of briefgen's own profile that the fact base's scheme lacks: name the
    audience's level in the house's scheme, once, in briefgen.toml (housemarks.py). ``housed``: the
    levels the house gave the profile, and "scheme" where the house names a scheme of its own."""
    scheme = ", ".join(fb.meta.marking_scheme)
    if field in housed:  # the house's level, for a fact base that names a scheme of its own
        return (f"{getattr(audience, field)} is not a level of {fb_name or 'the fact base'}'s own marking_scheme "
                f"({scheme}): give that fact base the house's scheme (leave marking_scheme out of its meta), or "
                f"build it with profiles of its own in audiences/")
    what = "releases up to" if field == "release" else "marks its briefs at least"
    where = f"{field} = {{ {audience.name} = \"...\" }}"
    if "scheme" not in housed:  # the fact base's own scheme: the house's, once for every fact base
        # as TOML writes it, to be copied: each marking in quotes
        listed = ", ".join(json.dumps(m, ensure_ascii=False) for m in fb.meta.marking_scheme)
        where = f"scheme = [{listed}] (out of the fact base's meta) and " + where
    return (f"briefgen's default '{audience.name}' profile {what} {getattr(audience, field)}, not a level of "
            f"{fb_name or 'the fact base'}'s marking_scheme ({scheme}): name {where} in briefgen.toml, "
            "under [markings] (or copy this file into the project's audiences/ and set it there)")


def check_audience(doc: Document, audience: Audience, factbases=(), housed: frozenset = frozenset(),
                   markings=None) -> list[Problem]:
    """Checks against the fact bases being built (a list, or a mapping of file
    name to fact base); ``housed``: the levels briefgen.toml's [markings] gave the profile; ``markings``:
    briefgen.toml's [markings] (housemarks.Markings), whose reach a problem of briefgen's profile is told at.

    Profiles are shared across topics, so a lead theme that a fact base does
    not declare is a warning naming that fact base, never an error: its brief
    is simply led by the themes it has. A label's placeholders must be ones
    briefgen fills, and the release level must be a marking of every fact base.
    """
    from .labels import PLACEHOLDERS, placeholders

    out: list[Problem] = []
    named = list(factbases.items()) if isinstance(factbases, dict) else [(None, fb) for fb in factbases]
    ids = [s.id for s in audience.sections]
    for i, sid in enumerate(ids):
        if sid in ids[:i]:
            out.append(doc.problem(("sections", i, "id"), f"section '{sid}' is listed twice"))
    for i, spec in enumerate(audience.sections):
        try:
            unfilled = [p for p in placeholders(spec.label) if p not in PLACEHOLDERS]
        except ValueError as exc:
            out.append(doc.problem(("sections", i, "label"), f"label '{spec.label}': {exc} "
                                   "(write {{ and }} for a brace)"))
            continue
        for name in unfilled:
            out.append(doc.problem(("sections", i, "label"), unknown_message(
                "placeholder", "{" + name + "}" if name else "{}", ["{" + p + "}" for p in PLACEHOLDERS],
                always_list=True)))
    for fb_name, fb in named:
        own = fb.profiles.get(audience.name)
        if own is not None and own.lead_themes is not None:
            continue  # this fact base names its own lead themes for this profile (checked with it)
        for j, theme in enumerate(audience.lead_themes):
            if theme not in fb.themes:
                close = difflib.get_close_matches(theme, fb.themes, n=1, cutoff=0.75)
                hint = f" (did you mean '{close[0]}'?)" if close else ""
                out.append(doc.problem(("lead_themes", j), f"{audience.name} leads with '{theme}', which "
                                       f"{fb_name or 'the fact base'} does not declare{hint}", "warning"))
    for fb_name, fb in named:
        if audience.release not in fb.meta.marking_scheme:
            message = unknown_message("marking", audience.release, fb.meta.marking_scheme)
            if briefgen_s_own(doc.file):  # not the user's file to edit: say what to do instead
                message = _level_to_name(audience, "release", fb_name, fb, housed)
            out.append(doc.problem(("release",), message))
            break
        floor = audience.marked_at_least
        if floor is not None and floor not in fb.meta.marking_scheme:
            message = unknown_message("marking", floor, fb.meta.marking_scheme)
            if briefgen_s_own(doc.file):
                message = _level_to_name(audience, "marked_at_least", fb_name, fb, housed)
            out.append(doc.problem(("marked_at_least",), message))
            break
        if floor is not None and marking_rank(fb, floor) > marking_rank(fb, audience.release):
            out.append(doc.problem(("marked_at_least",), f"{floor} is above the profile's release level "
                                   f"{audience.release}: a brief is never marked above what its readers may receive"))
            break
        allowed = receivable(fb, audience.reach)
        if allowed is not None and audience.release not in allowed:
            house = _house_reach(audience, fb, housed, markings) if briefgen_s_own(doc.file) else None
            out.append(house or doc.problem(("release",), (
                f"release {audience.release} is above what a '{audience.reach}' audience may receive "
                f"(at most {allowed[-1] if allowed else 'nothing'}); lower release or correct reach")))
            break
    return out


def _house_reach(audience: Audience, fb, housed: frozenset, markings) -> Problem | None:
    """A release level of briefgen's own profile (its TLP level, which the house does not replace) that the
    house's [markings] reach keeps from the profile's reach: the house's reach is what to correct, at its
    key in briefgen.toml, not the installed profile the user does not edit. None where it is not that."""
    reach = markings.reach if markings is not None else None
    if reach is None or "release" in housed or fb.meta.marking_reach != reach:
        return None  # the house's release level is at its own line (housemarks.house_problem); a fact base's reach
    level = audience.release
    travels = f"lets {level} travel to '{reach[level]}' audiences only" if level in reach else \
        f"does not name {level}"
    article = "an" if audience.reach[0] in "aeiou" else "a"
    file, line, col = markings.where(*(("markings", "reach", level) if level in reach else ("markings", "reach")))
    return Problem(file, line, col, "markings.reach", (
        f"briefgen's default '{audience.name}' profile releases up to {level} to {article} '{audience.reach}' "
        f"audience, but [markings] reach {travels}: give {level} a reach of '{audience.reach}' or wider, or give "
        f"the profile a lower level with release = {{ {audience.name} = \"...\" }} under [markings]"))
