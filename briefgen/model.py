"""The fact-base and audience-profile schema.

Every model forbids unknown keys, so a typo in a hand-written YAML file is an
error rather than silently ignored data. Cross-references (fact -> source,
recommendation -> fact) are checked in ``validate.py``, not here, so that all
problems of a file can be reported together with their line numbers.
"""
from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal, Union

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

Id = str  # a stable, human-chosen identifier such as "fw-spa"

TLP_SCHEME = ["TLP:CLEAR", "TLP:GREEN", "TLP:AMBER", "TLP:AMBER+STRICT", "TLP:RED"]

# Who a brief reaches, widest first. A marking names the widest reach it may
# travel to; an audience may receive it if the audience's reach is that or narrower.
Reach = Literal["public", "community", "clients", "organisation", "named"]
REACHES: list[str] = ["public", "community", "clients", "organisation", "named"]
# TLP 2.0: CLEAR anyone; GREEN the community; AMBER the organisation and its
# clients; AMBER+STRICT the organisation only; RED named recipients only
TLP_REACH = dict(zip(TLP_SCHEME, REACHES))


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# Text a reader reads. Today one string in the fact base's language; an edition
# in several languages may give {language: text} instead (validate.py checks the
# fact base's own language is present, select.py picks it), so no field written
# for one reader needs a second, per-language twin later.
Text = Union[str, dict[str, str]]


def localised(value: "Text | None", language: str) -> str | None:
    """The text of ``value`` in ``language`` ("en-GB" also finds "en")."""
    if value is None or isinstance(value, str):
        return value
    return value.get(language) or value.get(language.split("-")[0]) or next(iter(value.values()), None)


# A kind of reader, named by the fact base and by a profile's ``reader``:
# "policymaker", "business", "security", "press"... Nothing in the code knows
# the names; a profile asks for what the fact base wrote for its reader.
ReaderKind = str

# ICD 203's estimative ladder, least to most likely, and its confidence levels
LIKELIHOOD = ["almost no chance", "very unlikely", "unlikely", "roughly even chance",
              "likely", "very likely", "almost certain"]
Likelihood = Literal["almost no chance", "very unlikely", "unlikely", "roughly even chance",
                     "likely", "very likely", "almost certain"]
Confidence = Literal["high", "moderate", "low"]


class Source(Strict):
    id: Id
    title: str
    # what later notes cite it by (Chicago short form); default: the title
    short_title: str | None = None
    publisher: str
    date: dt.date | None = None
    url: str | None = None
    # primary: the agreement, decision or statement itself; secondary: commentary on it
    kind: Literal["primary", "secondary"] = "primary"
    marking: str | None = None


class Fact(Strict):
    """One sourced statement. ``headline`` is what a short brief prints;
    ``detail`` is added where the audience asks for detail."""

    id: Id
    headline: str
    detail: str | None = None
    as_of: dt.date
    sources: list[Id] = Field(min_length=1)
    themes: list[str] = []
    # 1 = must keep ... 5 = first to drop when a brief overruns its budget
    priority: int = Field(default=3, ge=1, le=5)
    marking: str | None = None
    # what this fact means for a kind of reader, printed after it in that reader's brief
    so_what: dict[ReaderKind, Text] = {}


class Framework(Fact):
    name: str
    kind: Literal["agreement", "partnership", "dialogue", "strategy", "arrangement", "decision"]
    signed: dt.date | None = None
    in_force: dt.date | None = None
    status: str
    scope: str


class Milestone(Fact):
    date: dt.date
    # the frameworks this milestone signed, launched or brought into force: the
    # timeline then shows the event once, as the milestone, not twice
    frameworks: list[Id] = []


class Area(Strict):
    id: Id
    name: str
    themes: list[str] = []
    facts: list[Fact] = Field(min_length=1)
    milestones: list[Milestone] = []


class Recommendation(Fact):
    # ids of the facts this recommendation follows from (ICD 206 traceability)
    rests_on: list[Id] = []
    # the kinds of reader it is addressed to; empty: every brief that lists recommendations
    audiences: list[ReaderKind] = []


class Takeaway(Strict):
    id: Id
    text: Text
    rests_on: list[Id] = []  # empty: a warning (validate.py), the takeaway then shows no source
    themes: list[str] = []
    marking: str | None = None
    # the kinds of reader it is written for; empty: every brief
    audiences: list[ReaderKind] = []


class _Message(Strict):
    """Something written for chosen readers, resting on facts (whose sources it cites)."""

    id: Id
    text: Text
    rests_on: list[Id] = Field(min_length=1)
    audiences: list[ReaderKind] = []
    themes: list[str] = []
    marking: str | None = None


class Purpose(_Message):
    """Why the reader has the note in front of them."""
    kind: Literal["purpose"]


class Decision(_Message):
    """The decision or action asked of the reader."""
    kind: Literal["decision"]


class Line(_Message):
    """A line to take (a minister) or a line that may be quoted (the press)."""
    kind: Literal["line"]
    # to whom the line may be attributed, e.g. "EU and Japanese leaders, joint statement"
    attribution: Text | None = None


class Judgement(_Message):
    """An analytic judgement in ICD 203 style: a likelihood word and a confidence level."""
    kind: Literal["judgement"]
    likelihood: Likelihood | None = None
    confidence: Confidence


class Watch(_Message):
    """Something coming, and when: a date to watch."""
    kind: Literal["watch"]
    when: Text  # as printed: "End of 2024", "1 January 2025"
    date: dt.date | None = None  # for ordering; may lie after the brief's date


Message = Annotated[Union[Purpose, Decision, Line, Judgement, Watch], Field(discriminator="kind")]
MESSAGE_KINDS = ["purpose", "decision", "line", "judgement", "watch"]


class RoadAhead(Strict):
    challenges: list[Fact] = Field(min_length=1)
    recommendations: list[Recommendation] = Field(min_length=1)


class Correction(Strict):
    """Where the source document is wrong or vague, what was checked and found."""

    id: Id
    about: Id  # the fact the correction concerns
    # what the source document says, written as a sentence a reader reads first
    document_says: Text
    finding: Text
    sources: list[Id] = Field(min_length=1)
    marking: str | None = None


class Meta(Strict):
    title: str
    short_title: str
    subtitle: str | None = None
    series: str | None = None
    organisation: str
    date: dt.date
    authors: list[str] = Field(min_length=1)
    language: str = "en"
    keywords: list[str] = []
    # a fact whose as_of is older than this at the brief's date is stale
    stale_after_days: int = Field(default=730, ge=1)
    # ordered lowest to highest; the default is TLP 2.0
    marking_scheme: list[str] = Field(default_factory=lambda: list(TLP_SCHEME), min_length=1)
    default_marking: str | None = None
    # for a scheme of its own: the widest reach each marking may travel to
    # (the TLP scheme's is built in), so a profile's release level is checked
    # against the audience it reaches
    marking_reach: dict[str, Reach] | None = None


class FactBase(Strict):
    meta: Meta
    themes: list[str] = Field(min_length=1)
    sources: list[Source] = Field(min_length=1)
    takeaways: list[Takeaway] = Field(min_length=1)
    drivers: list[Fact] = Field(min_length=1)
    frameworks: list[Framework] = Field(min_length=1)
    areas: list[Area] = Field(min_length=1)
    road_ahead: RoadAhead
    corrections: list[Correction] = []
    # what the fact base says to chosen kinds of reader (see Message)
    messages: list[Message] = []


# ---------------------------------------------------------------- audiences

SectionId = Literal[
    "takeaways", "drivers", "frameworks", "areas", "timeline",
    "challenges", "recommendations", "corrections", "sources",
    # the fact base's messages of that kind for the profile's reader
    "purpose", "decision", "lines", "judgements", "watch",
]
# section id -> the message kind it prints
MESSAGE_SECTIONS = {"purpose": "purpose", "decision": "decision", "lines": "line",
                    "judgements": "judgement", "watch": "watch"}


def _portion_choice(value):
    # profiles written before the choice was three-way said true / false
    return {True: "every", False: "none"}.get(value, value) if isinstance(value, bool) else value



class SectionSpec(Strict):
    id: SectionId
    label: str
    # headline: one line per fact; full: headline and detail
    detail: Literal["headline", "full"] = "full"
    intro: str | None = None


class Budget(Strict):
    pages: int = Field(ge=1)
    words: int = Field(ge=100)


class Audience(Strict):
    name: str
    title: str
    purpose: str
    sections: list[SectionSpec] = Field(min_length=1)
    lead_themes: list[str] = []
    # facts with none of the lead themes are kept only up to this priority
    # (0 keeps only the lead themes, 1 only must-keep facts; 5 keeps everything)
    other_max_priority: int = Field(default=5, ge=0, le=5)
    budget: Budget
    source_notes: Literal["footnotes", "endnotes", "none"]
    tone: str
    handling: str
    distribution: str
    release: str  # highest marking this audience may receive
    # who the brief reaches; a release level above what the fact base's scheme
    # allows that reach is refused (a press profile set to TLP:AMBER by mistake)
    reach: Reach | None = None
    # the kind of reader: which takeaways, recommendations, messages and
    # "so what" lines of a fact base this brief prints (None: those for everyone)
    reader: ReaderKind | None = None
    # every: a mark on every statement; above-base: only on statements above the
    # brief's lowest level (none at all in a brief at one level); none
    portion_marks: Annotated[Literal["every", "above-base", "none"], BeforeValidator(_portion_choice)] = "above-base"
    # open the Word draft with a table of contents (a reference document, not a quick read)
    contents: bool = False
