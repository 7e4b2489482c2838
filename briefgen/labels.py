"""A profile's section labels as one fact base prints them: the fact base's own labels for
the profile (meta ``profiles``), and the topic's words filled in; and the words a brief prints of
its own around the statements (WORDS: an assessment's label, a confidence level), per language.

Profiles are shared across topics, so a label names no topic: "What {parties}
do together" prints "What the EU and Japan do together" from meta.parties.
What a brief keeps is select.py's, the one owner of those rules.
"""
from __future__ import annotations

import string

import markupsafe

from . import sentences
from .fields import by_language, language_keys, localised
from .model import FactBase
from .profile import Audience, in_sentence
from .texts import texts

# What a profile's label may say about the topic, filled from the fact base:
# "What {parties} do together" -> "What the EU and Japan do together"
PLACEHOLDERS = {
    "parties": "the parties the fact base's meta.parties names, joined with 'and'",
    "partner": "the last of meta.parties",
}


# The words a brief prints of its own around the fact base's statements, by language (the primary tag of
# BCP 47: "en" serves en-GB), through the templates' ``word`` filter and status.py: a fact marked an
# assessment (model.Assessment) opens on "Assessment:", and it and a key judgement close on their confidence;
# the headings and captions a brief sets itself; the sentences it builds around data, each a format string
# whose {names} the caller fills, so a translator may reorder them ("draws on": the handling line of a brief
# without source notes; "status", "scope" and the dates of a framework's status line). "date" is a CLDR date
# pattern (render/dates.py words a date with it, in the language's month names). A language with no entry, or
# a word its entry lacks, prints the English one: give a language its words here, with the key it lacks.
WORDS: dict[str, dict[str, str]] = {
    "en": {
        "assessment": "Assessment:",
        "confidence high": "High confidence.",
        "confidence moderate": "Moderate confidence.",
        "confidence low": "Low confidence.",
        "press contact": "Press contact:",
        "contents": "Contents",
        "timeline alt": "Timeline chart: {count} frameworks and milestones on a time axis, lettered as in the list "
                        "below.",
        "timeline caption": "Frameworks (squares, above the axis) and other milestones (circles, below), by date. "
                            "Letters refer to the list below.",
        "timeline event": "{name} {event}.",  # a framework's timeline entry: "Strategic Partnership launched."
        "milestones": "Milestones",
        "notes": "Notes",
        "undated": "n.d.",
        "date": "d MMMM y",  # 1 February 2019
        "title quoted": "“{title}”",  # a cited document's title, in the language's quotation marks
        "corrections intro": "On these points {publisher}’s {title} differs from the record.",
        "corrections intro dated": "On these points {publisher}’s {title} of {date} differs from the record.",
        "draws on": "Draws on the {brief} of {date}, which gives its sources",
        "draws on marked": "Draws on the {brief} of {date} ({marking}), which gives its sources",
        "except marked": "{sentence}, except for points marked {markings}",
        "or": "{these} or {that}",  # markings listed: "TLP:AMBER or TLP:RED"
        # a framework's status line (status.py); the first part opens on a capital
        "signed as agreement": "signed", "signed as arrangement": "signed", "signed as partnership": "launched",
        "signed as dialogue": "launched", "signed as strategy": "adopted", "signed as decision": "adopted",
        "in force as": "enters into force",  # the timeline's entry for a framework's in-force date
        "dated": "{event} {date}",  # "signed 17 July 2018"
        "in force": "in force",  # a status opening on these words repeats the in-force date's
        "in force dated": "in force {date}",
        "status dated": "{status} on {date}",  # "Signed in Seoul on 17 July 2018"
        "status": "Status: {status}",
        "scope": "Scope: {scope}",
        # what a recipient may do with a brief whose marking travels to each reach (fields.REACHES): TLP 2.0's
        # own meaning of the label for it (FIRST), the handling line of a brief marked to travel wider than its
        # profile sends it (markings.handling_line)
        "disclosure public": "No limit on disclosure",
        "disclosure community": "Limited disclosure: recipients may share it within their community, not publicly",
        "disclosure clients": "Limited disclosure: recipients may share it within their organisation and its "
                              "clients, on a need-to-know basis",
        "disclosure organisation": "Limited disclosure: recipients may share it within their organisation only, "
                                   "on a need-to-know basis",
        "disclosure named": "For the named recipients only: no further disclosure",
    },
}


def word(key: str, language: str | None, **values) -> str:
    """The brief's own word ``key`` (WORDS) in ``language``, else in English, its {names} filled from
    ``values``; KeyError for a key no language has (a template asking for a word that is not in the
    vocabulary fails at its line). Where a value is markup (a date kept on one line, a statement's
    anchored text), the word is markup too, its other values escaped."""
    said = WORDS["en"][key]
    for tag in reversed(language_keys(language or "en")):
        said = WORDS.get(tag, {}).get(key, said)
    if any(isinstance(value, markupsafe.Markup) for value in values.values()):
        return markupsafe.Markup(markupsafe.escape(said)).format(**values)
    return said.format(**values) if values else said


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
        if own and spec.id in own.omit:
            continue  # left out for this topic's reader, by the fact base (ProfileOverride.omit)
        label = localised(own.labels.get(spec.id, spec.label), fb.meta.language) if own else spec.label
        try:
            label = label.format_map(words)
        except (KeyError, ValueError, IndexError):
            pass  # validation reports an unknown placeholder; print the label as written
        sections.append(spec.model_copy(update={"label": label}))
    return audience.model_copy(update={"sections": sections})


def title_in_sentence(title: str, fb: FactBase) -> str:
    """A profile's title after "the" in a brief of ``fb`` (the handling line's "Draws on the analyst
    reference brief"): its first word keeps a capital the fact base gives it inside its own sentences,
    a proper name ("Japan desk brief")."""
    said = [text for _, value in texts(fb) for _, text in by_language(value) if text]
    return in_sentence(title, sentences.names(said))
