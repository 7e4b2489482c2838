"""An audience profile as it applies to one fact base: the fact base's own labels
and lead themes for it, and the topic's words filled into the labels.

Profiles are shared across topics, so a label names no topic: "What {parties}
do together" prints "What the EU and Japan do together" from meta.parties.
"""
from __future__ import annotations

import string
from typing import Any

from .model import FactBase, Recommendation
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


def tailored(audience: Audience, fb: FactBase) -> Audience:
    """The profile as it applies to this fact base: the fact base's own labels
    and lead themes for it (meta ``profiles``), and the topic's words in labels."""
    own = fb.profiles.get(audience.name)
    words = topic_words(fb)
    sections = []
    for spec in audience.sections:
        label = own.labels.get(spec.id, spec.label) if own else spec.label
        try:
            label = label.format_map(words)
        except (KeyError, ValueError, IndexError):
            pass  # validation reports an unknown placeholder; print the label as written
        sections.append(spec.model_copy(update={"label": label}))
    update: dict[str, Any] = {"sections": sections}
    if own and own.lead_themes is not None:
        update["lead_themes"] = list(own.lead_themes)
    return audience.model_copy(update=update)


def written_for(item, reader: str | None) -> bool:
    """Whether a takeaway, message or recommendation is for this kind of reader: written for
    every reader (no ``audiences``), or naming it."""
    return not item.audiences or reader in item.audiences


def kept(audience: Audience, fact) -> bool:
    """Whether a brief for ``audience`` (as tailored) keeps a fact at all: one of its lead themes, or
    within its other_max_priority. A recommendation is kept by any profile that reaches outside its
    lead themes at all: priority ranks advice among advice (fit.py drops it last), not against facts."""
    if bool(set(audience.lead_themes) & set(fact.themes)):
        return True
    if isinstance(fact, Recommendation):
        return audience.other_max_priority > 0
    return fact.priority <= audience.other_max_priority


def unfilled_sections(audience: Audience, fb: FactBase) -> list[tuple[int, str, tuple]]:
    """The profile's sections this fact base has nothing to print in for want of a field, each with
    the field to add: a brief that silently lacks its Purpose or Key judgements reads as finished.
    (index of the section, what the fact base lacks, the fact base's path where it goes). A fact base
    built from no source document has nothing to correct: no notes on it is normal, not a lack."""
    from .fields import MESSAGE_SECTIONS

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
