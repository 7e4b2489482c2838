"""What a fact base says to chosen kinds of reader: purpose, decision, lines, judgements, dates to watch;
and a fact's mark as the analysts' assessment, in the same ICD 203 terms as a judgement.

Each message rests on facts, whose sources it cites (or its own, where it
names them: a line quoted from a document cites that document); a profile's section of
the same name (fields.MESSAGE_SECTIONS) prints the messages of its kind
written for its reader.
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from pydantic import Field

from .fields import PROSE, REFERENCE, Id, ReaderKind, Strict, Text

# ICD 203's estimative ladder, least to most likely, and its confidence levels
Likelihood = Literal["almost no chance", "very unlikely", "unlikely", "roughly even chance",
                     "likely", "very likely", "almost certain"]
Confidence = Literal["high", "moderate", "low"]


def says_likelihood(text: str, likelihood: str) -> bool:
    """Whether an English ``text`` says the ladder's word ``likelihood``, as a word, in any case and as
    an adverb ("almost certainly"): "unlikely" and "very likely" do not say "likely"."""
    return re.search(rf"(?<![\w-])(?<!very ){re.escape(likelihood)}", text, re.IGNORECASE) is not None


class Assessment(Strict):
    """Marks a fact as the analysts' assessment (a judgement), not a statement of fact, in ICD 203's terms.

    The brief prints "Assessment:" before it and its confidence after it, as a key judgement's; the
    secondary-only review does not flag it (an analyst's judgement rests on the analysis that made it)."""

    confidence: Confidence = Field(json_schema_extra=REFERENCE)
    """Confidence in the assessment: high, moderate or low (ICD 203: the quality of the sources and reasoning)."""
    likelihood: Likelihood | None = Field(default=None, json_schema_extra=REFERENCE)
    """Where the assessment is an estimate: its likelihood word (ICD 203), such as "likely", which its headline or
    detail says (validate warns where it does not); none for a judgement of how things stand."""


class _Message(Strict):
    """Something written for chosen readers, resting on facts (whose sources it cites)."""

    id: Id
    """Stable id of the message."""
    text: Text = Field(json_schema_extra=PROSE)
    """The message as the brief prints it."""
    rests_on: list[Id] = Field(min_length=1, json_schema_extra=REFERENCE)
    """Ids of the facts it rests on; their sources are its sources, unless it names its own."""
    sources: list[Id] = Field(default=[], json_schema_extra=REFERENCE)
    """Ids of the sources its note cites instead of its facts': what a quoted line quotes (the
    document its attribution names), or what announced a date to watch."""
    audiences: list[ReaderKind] = Field(default=[], json_schema_extra=REFERENCE)
    """The kinds of reader it is written for; empty: every brief that prints its kind."""
    themes: list[str] = Field(default=[], json_schema_extra=REFERENCE)
    """Themes of the message."""
    marking: str | None = Field(default=None, json_schema_extra=REFERENCE)
    """Handling marking; a message is at least as restricted as what it rests on."""


class Purpose(_Message):
    """Why the reader has the note in front of them."""
    kind: Literal["purpose"] = Field(json_schema_extra=REFERENCE)
    """"purpose": why the reader has the note."""


class Decision(_Message):
    """The decision or action asked of the reader."""
    kind: Literal["decision"] = Field(json_schema_extra=REFERENCE)
    """"decision": the decision or action asked of the reader."""


class Line(_Message):
    """A line to take (a minister) or a line that may be quoted (the press)."""
    kind: Literal["line"] = Field(json_schema_extra=REFERENCE)
    """"line": a line to take or to quote."""
    attribution: Text | None = None
    """To whom the line may be attributed, e.g. "EU and Japanese leaders, joint statement"."""


class Judgement(_Message):
    """An analytic judgement in ICD 203 style: a likelihood word and a confidence level."""
    kind: Literal["judgement"] = Field(json_schema_extra=REFERENCE)
    """"judgement": an analytic judgement."""
    likelihood: Likelihood | None = None
    """The likelihood word (ICD 203), such as "likely"."""
    confidence: Confidence
    """Confidence in the judgement: low, moderate or high."""


class Watch(_Message):
    """Something coming, and when: a date to watch."""
    kind: Literal["watch"] = Field(json_schema_extra=REFERENCE)
    """"watch": something coming, and when."""
    when: Text
    """As printed: "End of 2024", "1 January 2025"."""
    date: dt.date | None = None
    """For ordering, and to tell when it has passed: one dated before the brief's date is not printed."""


Message = Annotated[Purpose | Decision | Line | Judgement | Watch, Field(discriminator="kind")]


def lapsed(message, today: dt.date) -> bool:
    """Whether ``message`` is a date to watch that has passed by the brief's date ``today``:
    no brief prints it as coming up, and validate asks for it to be updated or removed."""
    return message.kind == "watch" and message.date is not None and message.date < today
