"""A profile's section labels as one fact base prints them: the fact base's own labels for
the profile (meta ``profiles``), and the topic's words filled in.

Profiles are shared across topics, so a label names no topic: "What {parties}
do together" prints "What the EU and Japan do together" from meta.parties.
What a brief keeps is select.py's, the one owner of those rules.
"""
from __future__ import annotations

import string

from .fields import localised
from .model import FactBase
from .profile import Audience

# What a profile's label may say about the topic, filled from the fact base:
# "What {parties} do together" -> "What the EU and Japan do together"
PLACEHOLDERS = {
    "parties": "the parties the fact base's meta.parties names, joined with 'and'",
    "partner": "the last of meta.parties",
}


def placeholders(label: str) -> list[str]:
    """The {names} a label uses (ValueError on a malformed brace)."""
    return [name for _, name, _, _ in string.Formatter().parse(label) if name is not None]


def topic_words(fb: FactBase) -> dict[str, str]:
    """What each placeholder prints for this fact base; without meta.parties, a
    neutral phrase, so a label still reads as a sentence."""
    parties = list(fb.meta.parties)
    if not parties:
        return {"parties": "the parties", "partner": "the partner"}
    joined = parties[0] if len(parties) == 1 else ", ".join(parties[:-1]) + " and " + parties[-1]
    return {"parties": joined, "partner": parties[-1]}


def labelled(audience: Audience, fb: FactBase) -> Audience:
    """The profile with its sections' labels as ``fb`` prints them: its own labels for the profile
    (meta ``profiles``), and the topic's words in them."""
    own = fb.profiles.get(audience.name)
    words = topic_words(fb)
    sections = []
    for spec in audience.sections:
        label = localised(own.labels.get(spec.id, spec.label), fb.meta.language) if own else spec.label
        try:
            label = label.format_map(words)
        except (KeyError, ValueError, IndexError):
            pass  # validation reports an unknown placeholder; print the label as written
        sections.append(spec.model_copy(update={"label": label}))
    return audience.model_copy(update={"sections": sections})
