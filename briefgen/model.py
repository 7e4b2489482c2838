"""The fact-base and audience-profile schema.

Every model forbids unknown keys, so a typo in a hand-written YAML file is an
error rather than silently ignored data. Cross-references (fact -> source,
recommendation -> fact) are checked in ``validate.py``, not here, so that all
problems of a file can be reported together with their line numbers.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

Id = str  # a stable, human-chosen identifier such as "fw-spa"

TLP_SCHEME = ["TLP:CLEAR", "TLP:GREEN", "TLP:AMBER", "TLP:AMBER+STRICT", "TLP:RED"]

# Who a brief reaches, widest first. A marking names the widest reach it may
# travel to; an audience may receive it if the audience's reach is that or narrower.
Reach = Literal["public", "community", "clients", "organisation", "named"]
REACHES: list[str] = ["public", "community", "clients", "organisation", "named"]
# TLP 2.0: CLEAR anyone; GREEN the community; AMBER the organisation and its
# clients; AMBER+STRICT the organisation only; RED named recipients only
TLP_REACH = dict(zip(TLP_SCHEME, REACHES, strict=False))


class Strict(BaseModel):
    # the docstring under each field is its description in the JSON Schema
    # (briefgen schema), which editors show as the user types
    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)


# Text a reader reads. Today one string in the fact base's language; an edition
# in several languages may give {language: text} instead (validate.py checks the
# fact base's own language is present, select.py picks it), so no field written
# for one reader needs a second, per-language twin later.
Text = str | dict[str, str]


def localised(value: Text | None, language: str) -> str | None:
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
    """A document facts rest on, listed in the brief's sources."""

    id: Id
    """Stable id that facts cite in their sources list."""
    title: str
    """The document's title, as published."""
    short_title: str | None = None
    """What later notes cite it by (Chicago short form); default: the title."""
    publisher: str
    """Who published it (an institution, a newspaper)."""
    date: dt.date | None = None
    """Publication date, YYYY-MM-DD."""
    url: str | None = None
    """Where it can be read; printed as text, never fetched."""
    kind: Literal["primary", "secondary"] = "primary"
    """primary: the agreement, decision or statement itself; secondary: commentary on it."""
    marking: str | None = None
    """Handling marking of the source itself (default: meta.default_marking)."""


class Fact(Strict):
    """One sourced statement. ``headline`` is what a short brief prints;
    ``detail`` is added where the audience asks for detail."""

    id: Id
    """Stable id, unique in the fact base (takeaways and recommendations cite it)."""
    headline: str
    """The statement in one sentence: what a short brief prints."""
    detail: str | None = None
    """More on it, printed where the audience asks for detail."""
    as_of: dt.date
    """The date on which the statement was last checked as true, YYYY-MM-DD."""
    sources: list[Id] = Field(min_length=1)
    """Ids of the sources behind the statement (at least one)."""
    themes: list[str] = []
    """Themes of the fact, from the fact base's themes list; profiles lead with some."""
    priority: int = Field(default=3, ge=1, le=5)
    """1 = must keep ... 5 = first to drop when a brief overruns its budget."""
    marking: str | None = None
    """Handling marking (default: meta.default_marking); above an audience's release level it is left out."""
    so_what: dict[ReaderKind, Text] = {}
    """What this fact means for a kind of reader, printed after it in that reader's brief."""


class Framework(Fact):
    name: str
    """The framework's name as the brief prints it."""
    kind: Literal["agreement", "partnership", "dialogue", "strategy", "arrangement", "decision"]
    """What sort of framework it is."""
    signed: dt.date | None = None
    """Date signed, launched or adopted, YYYY-MM-DD."""
    in_force: dt.date | None = None
    """Date it entered into force, YYYY-MM-DD."""
    status: str
    """Where it stands, in a sentence."""
    scope: str
    """What it covers, in a sentence."""


class Milestone(Fact):
    date: dt.date
    """When it happened, YYYY-MM-DD."""
    frameworks: list[Id] = []
    """Frameworks this milestone signed, launched or brought into force: the timeline shows the event once."""


class Area(Strict):
    """An area of cooperation, with its facts and milestones."""

    id: Id
    """Stable id of the area."""
    name: str
    """The area's heading in the brief."""
    themes: list[str] = []
    """Themes of the area; an area with a lead theme comes first."""
    facts: list[Fact] = Field(min_length=1)
    """What is true of cooperation in this area."""
    milestones: list[Milestone] = []
    """Dated events of this area, for the timeline."""


class Recommendation(Fact):
    rests_on: list[Id] = []
    """Ids of the facts this recommendation follows from (ICD 206 traceability)."""
    audiences: list[ReaderKind] = []
    """The kinds of reader it is addressed to; empty: every brief that lists recommendations."""


class Takeaway(Strict):
    """A key judgement, printed first."""

    id: Id
    """Stable id of the takeaway."""
    text: Text
    """The judgement in a sentence or two."""
    rests_on: list[Id] = []
    """Empty: a warning (validate.py), the takeaway then shows no source."""
    themes: list[str] = []
    """Themes of the takeaway; one with a lead theme comes first."""
    marking: str | None = None
    """Handling marking; a takeaway is at least as restricted as what it rests on."""
    audiences: list[ReaderKind] = []
    """The kinds of reader it is written for; empty: every brief."""


class _Message(Strict):
    """Something written for chosen readers, resting on facts (whose sources it cites)."""

    id: Id
    """Stable id of the message."""
    text: Text
    """The message as the brief prints it."""
    rests_on: list[Id] = Field(min_length=1)
    """Ids of the facts it rests on; their sources are its sources."""
    audiences: list[ReaderKind] = []
    """The kinds of reader it is written for; empty: every brief that prints its kind."""
    themes: list[str] = []
    """Themes of the message."""
    marking: str | None = None
    """Handling marking; a message is at least as restricted as what it rests on."""


class Purpose(_Message):
    """Why the reader has the note in front of them."""
    kind: Literal["purpose"]
    """"purpose": why the reader has the note."""


class Decision(_Message):
    """The decision or action asked of the reader."""
    kind: Literal["decision"]
    """"decision": the decision or action asked of the reader."""


class Line(_Message):
    """A line to take (a minister) or a line that may be quoted (the press)."""
    kind: Literal["line"]
    """"line": a line to take or to quote."""
    attribution: Text | None = None
    """To whom the line may be attributed, e.g. "EU and Japanese leaders, joint statement"."""


class Judgement(_Message):
    """An analytic judgement in ICD 203 style: a likelihood word and a confidence level."""
    kind: Literal["judgement"]
    """"judgement": an analytic judgement."""
    likelihood: Likelihood | None = None
    """The likelihood word (ICD 203), such as "likely"."""
    confidence: Confidence
    """Confidence in the judgement: low, moderate or high."""


class Watch(_Message):
    """Something coming, and when: a date to watch."""
    kind: Literal["watch"]
    """"watch": something coming, and when."""
    when: Text
    """As printed: "End of 2024", "1 January 2025"."""
    date: dt.date | None = None
    """For ordering; may lie after the brief's date."""


Message = Annotated[Purpose | Decision | Line | Judgement | Watch, Field(discriminator="kind")]
MESSAGE_KINDS = ["purpose", "decision", "line", "judgement", "watch"]


class RoadAhead(Strict):
    """What stands in the way, and what to do."""

    challenges: list[Fact] = Field(min_length=1)
    """Obstacles and open questions."""
    recommendations: list[Recommendation] = Field(min_length=1)
    """What the reader should do, each resting on facts."""


class Correction(Strict):
    """Where the source document is wrong or vague, what was checked and found."""

    id: Id
    """Stable id of the correction."""
    about: Id
    """The fact the correction concerns."""
    document_says: Text
    """What the source document says, written as a sentence a reader reads first."""
    finding: Text
    """What checking found instead."""
    sources: list[Id] = Field(min_length=1)
    """Ids of the sources the finding rests on."""
    marking: str | None = None
    """Handling marking of the correction."""


class Meta(Strict):
    """What the fact base is about, and the brief's title page."""

    title: str
    """The brief's title, on page 1."""
    short_title: str
    """The title in a few words, for the running header of every page."""
    subtitle: str | None = None
    """A line under the title."""
    series: str | None = None
    """The publication series (default: the project's, in briefgen.toml)."""
    organisation: str | None = None
    """The organisation's name (default: the project's, in briefgen.toml)."""
    date: dt.date
    """The brief's date, YYYY-MM-DD; no fact may be checked later than this."""
    authors: list[str] = []
    """Authors for the byline (default: the project's, in briefgen.toml)."""
    parties: list[str] = []
    """The parties the topic is about, as a sentence names them ("the EU", "Japan"):
    a profile's label says {parties} or {partner} (the last party) and prints these."""
    language: str = "en"
    """Language of the text, a BCP 47 tag such as en-GB (spelling, hyphenation)."""
    keywords: list[str] = []
    """Keywords for the PDF and Word document properties."""
    stale_after_days: int = Field(default=730, ge=1)
    """A fact whose as_of is older than this at the brief's date is stale (a warning)."""
    marking_scheme: list[str] = Field(default_factory=lambda: list(TLP_SCHEME), min_length=1)
    """Handling markings, lowest to highest; the default is TLP 2.0."""
    default_marking: str | None = None
    """The marking of anything that names none (default: the scheme's lowest)."""
    marking_reach: dict[str, Reach] | None = None
    """For a scheme of its own: the widest reach each marking may travel to (TLP's is built in),
    so a profile's release level is checked against the audience it reaches."""


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



class ProfileOverride(Strict):
    """What this fact base changes in one audience profile, for itself only."""

    labels: dict[SectionId, str] = {}
    """Section id -> the heading this fact base's brief prints instead of the profile's."""
    lead_themes: list[str] | None = None
    """The themes that lead this fact base's brief, instead of the profile's."""


class FactBase(Strict):
    """A curated, sourced fact base about one policy topic."""

    meta: Meta
    """Title, date, language and marking scheme of the fact base."""
    themes: list[str] = Field(min_length=1)
    """The themes facts may carry; a profile's lead_themes name some of them."""
    sources: list[Source] = Field(min_length=1)
    """Every source a fact cites."""
    takeaways: list[Takeaway] = Field(min_length=1)
    """Key judgements, printed first."""
    drivers: list[Fact] = Field(min_length=1)
    """What drives the relationship."""
    frameworks: list[Framework] = Field(min_length=1)
    """Agreements, partnerships and dialogues, with dates, status and scope."""
    areas: list[Area] = Field(min_length=1)
    """Areas of cooperation."""
    road_ahead: RoadAhead
    """Challenges and recommendations."""
    corrections: list[Correction] = []
    """Where the source document is wrong or vague, and what checking found."""
    messages: list[Message] = []
    """What the fact base says to chosen kinds of reader: purpose, decision, lines, judgements, watch."""
    profiles: dict[str, ProfileOverride] = {}
    """Audience name -> labels or lead themes this fact base sets for itself."""


def all_facts(fb: FactBase) -> Iterator[tuple[tuple, Fact]]:
    """Every fact of a fact base with its path, in document order."""
    for i, fact in enumerate(fb.drivers):
        yield ("drivers", i), fact
    for i, fact in enumerate(fb.frameworks):
        yield ("frameworks", i), fact
    for a, area in enumerate(fb.areas):
        for i, fact in enumerate(area.facts):
            yield ("areas", a, "facts", i), fact
        for i, fact in enumerate(area.milestones):
            yield ("areas", a, "milestones", i), fact
    for i, fact in enumerate(fb.road_ahead.challenges):
        yield ("road_ahead", "challenges", i), fact
    for i, fact in enumerate(fb.road_ahead.recommendations):
        yield ("road_ahead", "recommendations", i), fact


class SectionSpec(Strict):
    """One section of the brief, in print order."""

    id: SectionId
    """Which part of the fact base the section prints."""
    label: str
    """The section's heading. Name no topic: {partner} and {parties} print the fact base's meta.parties."""
    detail: Literal["headline", "full"] = "full"
    """headline: one line per fact; full: headline and detail."""
    intro: str | None = None
    """A line in italics under the heading."""


class Budget(Strict):
    """How long the brief may be."""

    pages: int = Field(ge=1)
    """Pages of the PDF."""
    words: int = Field(ge=100)
    """Words a reader reads (notes and the sources list are paid for by the page budget)."""


class Audience(Strict):
    """An audience profile: what one kind of reader gets, in what order, at what length."""

    name: str
    """The profile's name; must match its file name."""
    title: str
    """The kind of brief, printed in the byline ("Briefing for the Minister")."""
    purpose: str
    """What the brief is for, in a sentence (briefgen audiences lists it)."""
    sections: list[SectionSpec] = Field(min_length=1)
    """The sections, in print order."""
    lead_themes: list[str] = []
    """Themes whose facts come first and keep their detail."""
    other_max_priority: int = Field(default=5, ge=0, le=5)
    """Facts with none of the lead themes are kept only up to this priority (0 keeps only the lead themes, 1 only must-keep facts; 5 keeps everything)."""  # noqa: E501 - one line: it is the JSON Schema's description
    budget: Budget
    """The length budget."""
    source_notes: Literal["footnotes", "endnotes", "none"]
    """How sources show: footnotes, endnotes, or not at all."""
    tone: str
    """The voice to write in, for the editor of the Word draft."""
    handling: str
    """The handling line under the byline."""
    distribution: str
    """Who may receive the brief."""
    release: str
    """The highest marking this audience may receive."""
    reach: Reach | None = None
    """Who the brief reaches; a release level above what that reach may receive is refused."""
    reader: ReaderKind | None = None
    """The kind of reader: which takeaways, recommendations, messages and "so what" lines of a fact base this brief prints (None: those for everyone)."""  # noqa: E501 - one line: it is the JSON Schema's description
    portion_marks: Annotated[Literal["every", "above-base", "none"], BeforeValidator(_portion_choice)] = "above-base"
    """Every: a mark on every statement; above-base: only on statements above the brief's lowest level (none at all in a brief at one level); none."""  # noqa: E501 - one line: it is the JSON Schema's description
    # open the Word draft with a table of contents (a reference document, not a quick read)
    contents: bool = False
    """Open the Word draft with a table of contents (a reference document, not a quick read)."""
