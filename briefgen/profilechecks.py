"""The checks a schema cannot express on an audience profile, against the fact bases it is built with.

A section listed once, labels whose placeholders briefgen fills, lead themes a fact
base declares (a warning: profiles are shared across topics), and a release level
that is a marking of every fact base and that the audience's reach allows.
"""
from __future__ import annotations

import difflib
from pathlib import Path

from .defaults import folder
from .errors import Problem
from .load import Document
from .markings import marking_rank, receivable
from .profile import Audience
from .validate import unknown_message


def _briefgen_s_own(doc: Document) -> bool:
    """Whether ``doc`` is one of briefgen's default profiles rather than the project's."""
    return Path(doc.file).resolve().is_relative_to(folder("audiences").resolve())


def check_audience(doc: Document, audience: Audience, factbases=()) -> list[Problem]:
    """Checks against the fact bases being built (a list, or a mapping of file
    name to fact base).

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
            if _briefgen_s_own(doc):  # not the user's file to edit: say what to do instead
                message = (f"briefgen's default '{audience.name}' profile releases up to {audience.release}, "
                           f"not a level of {fb_name or 'the fact base'}'s marking_scheme "
                           f"({', '.join(fb.meta.marking_scheme)}): copy this file into the project's "
                           f"audiences/ and set its release to one of them")
            out.append(doc.problem(("release",), message))
            break
        floor = audience.marked_at_least
        if floor is not None and floor not in fb.meta.marking_scheme:
            out.append(doc.problem(("marked_at_least",), unknown_message("marking", floor, fb.meta.marking_scheme)))
            break
        if floor is not None and marking_rank(fb, floor) > marking_rank(fb, audience.release):
            out.append(doc.problem(("marked_at_least",), f"{floor} is above the profile's release level "
                                   f"{audience.release}: a brief is never marked above what its readers may receive"))
            break
        allowed = receivable(fb, audience.reach)
        if allowed is not None and audience.release not in allowed:
            out.append(doc.problem(("release",), (
                f"release {audience.release} is above what a '{audience.reach}' audience may receive "
                f"(at most {allowed[-1] if allowed else 'nothing'}); lower release or correct reach")))
            break
    return out
