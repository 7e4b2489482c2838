"""What a fact base's ``profiles`` entries change in the project's profiles, checked: a profile the project
lacks (an error); a label for, or an omission of, a section the profile does not have, a section left out
twice, every section left out (warnings, at their lines)."""
from __future__ import annotations

from typing import TYPE_CHECKING

from .errors import Problem
from .load import Document
from .model import FactBase
from .validate import unknown_message

if TYPE_CHECKING:
    from .readers import Profiles


def override_problems(doc: Document, fb: FactBase, profiles: Profiles) -> list[Problem]:
    """The problems of each of the fact base's ``profiles`` entries."""
    out: list[Problem] = []
    for name, own in fb.profiles.items():
        first: dict[str, int] = {}
        for j, sid in enumerate(own.omit):  # harmless, but a sign the list was not read over
            if sid in first:
                out.append(doc.problem(("profiles", name, "omit", j), f"'{sid}' is already left out "
                                       f"(omit[{first[sid]}]): keep one", "warning"))
            first.setdefault(sid, j)
        if name not in profiles.readers:
            out.append(doc.problem(("profiles", name), unknown_message("profile", name, sorted(profiles.readers),
                                                                        always_list=True), at_key=True))
        elif name in profiles.audiences:  # a label for a section the profile does not have is never printed
            ids = [spec.id for spec in profiles.audiences[name].sections]
            out += [doc.problem(("profiles", name, "labels", sid), f"the {name} profile has no '{sid}' section, so "
                                f"this label is never printed; its sections: {', '.join(ids)}", "warning", at_key=True)
                    for sid in own.labels if sid not in ids]
            out += [doc.problem(("profiles", name, "omit", j), f"the {name} profile has no '{sid}' section to leave "
                                f"out; its sections: {', '.join(ids)}", "warning")
                    for j, sid in enumerate(own.omit) if sid not in ids]
            if ids and set(ids) <= set(own.omit):
                out.append(doc.problem(("profiles", name, "omit"), f"this fact base leaves out every section of "
                                       f"the {name} profile: its brief would print only its masthead", "warning",
                                       at_key=True))
    return out
