"""The fact base's schema: sources, facts, frameworks, areas, the road ahead, corrections, meta.

Cross-references (fact -> source, recommendation -> fact) are checked in ``checks.py``, not
here, so that all problems of a file can be reported together with their line numbers.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Literal

from pydantic import Field

from .fields import (
    PROSE,
    REFERENCE,
    TLP_SCHEME,
    Id,
    LanguageTag,
    OneLine,
    OneLineText,
    Reach,
    ReaderKind,
    SectionId,
    Strict,
    Text,
    WebAddress,
)
from .messages import Assessment, Message


class Source(Strict):
    """A document facts rest on, listed in the brief's sources."""

    id: Id
    """Stable id that facts cite in their sources list."""
    # plain text, not per language: a note cites a document by its title as published, in its own
    # language, whatever the brief's (a translated title names no document a reader can find)
    title: str
    """The document's title, as published, in its own language, and nothing else: what kind of document it is goes
    in medium."""
    medium: Text | None = None
    """What kind of document it is, printed after the title (Chicago): "press release", "joint statement"; in
    the brief's language, as the rest of the note (unlike the title), so it may be given per language."""
    series: str | None = None
    """The series or publication it appears in, with its number: "EU News 038/2023", "Official Journal
    of the European Union, L 216"; printed after the medium."""
    short_title: str | None = None
    """What later notes cite it by (Chicago short form); default: the title."""
    publisher: str
    """Who published it (an institution, a newspaper)."""
    date: dt.date | None = None
    """Publication date, YYYY-MM-DD."""
    url: WebAddress | None = None
    """Where it can be read, in full: https://...; printed and linked, never fetched."""
    kind: Literal["primary", "secondary"] = Field(default="primary", json_schema_extra=REFERENCE)
    """primary: the agreement, decision or statement itself; secondary: commentary on it."""
    marking: str | None = Field(default=None, json_schema_extra=REFERENCE)
    """Handling marking of the source itself (default: meta.default_marking)."""


class Fact(Strict):
    """One sourced statement. ``headline`` is what a short brief prints;
    ``detail`` is added where the audience asks for detail."""

    id: Id
    """Stable id, unique in the fact base (takeaways and recommendations cite it)."""
    headline: Text = Field(json_schema_extra=PROSE)
    """The statement in one sentence: what a short brief prints."""
    detail: Text | None = Field(default=None, json_schema_extra=PROSE)
    """More on it, printed where the audience asks for detail."""
    as_of: dt.date
    """The date on which the statement was last checked as true, YYYY-MM-DD."""
    sources: list[Id] = Field(min_length=1, json_schema_extra=REFERENCE)
    """Ids of the sources behind the statement (at least one)."""
    themes: list[str] = Field(default=[], json_schema_extra=REFERENCE)
    """Themes of the fact, from the fact base's themes list; profiles lead with some."""
    priority: int = Field(default=3, ge=1, le=5)
    """1 = must keep ... 5 = first to drop when a brief overruns its budget."""
    marking: str | None = Field(default=None, json_schema_extra=REFERENCE)
    """Handling marking (default: meta.default_marking); above an audience's release level it is left out."""
    so_what: dict[ReaderKind, Text] = Field(default={}, json_schema_extra=PROSE)
    """What this fact means for a kind of reader, printed after it in that reader's brief."""
    assessment: Assessment | None = Field(default=None, json_schema_extra=REFERENCE)
    """Set where the fact is the analysts' judgement rather than a statement of fact:
    {confidence: moderate} or {confidence: moderate, likelihood: likely}. The brief labels it "Assessment:" and
    prints its confidence; write the headline as a plain sentence, without the label. Not on a milestone (an
    event) or a recommendation (advice)."""


class Framework(Fact):
    name: Text
    """The framework's name as the brief prints it."""
    kind: Literal["agreement", "partnership", "dialogue", "strategy", "arrangement", "decision"] = Field(
        json_schema_extra=REFERENCE)
    """What sort of framework it is."""
    signed: dt.date | None = None
    """Date signed, launched or adopted, YYYY-MM-DD."""
    signed_as: Text | None = None
    """What happened on the signed date, in a word or two: "signed", "launched", "concluded", "adopted" (the status
    line prints "Launched 25 April 2022", a timeline "… launched"). Default by kind: an agreement or arrangement is
    signed, a partnership or dialogue launched, a strategy or decision adopted."""
    in_force: dt.date | None = None
    """Date it entered into force, YYYY-MM-DD."""
    status: Text = Field(json_schema_extra=PROSE)
    """Where it stands, in a sentence."""
    scope: Text = Field(json_schema_extra=PROSE)
    """What it covers, in a sentence."""


class Milestone(Fact):
    date: dt.date
    """When it happened, YYYY-MM-DD."""
    frameworks: list[Id] = Field(default=[], json_schema_extra=REFERENCE)
    """Frameworks this milestone signed, launched or brought into force: the timeline shows the event once."""
    told_by: list[Id] = Field(default=[], json_schema_extra=REFERENCE)
    """Statements that tell the same event (facts, takeaways, messages): a brief printing one lists it under its
    area no more; its timeline (an index of the body's events) leaves it out where a takeaway or message tells it."""


class Area(Strict):
    """An area of cooperation, with its facts and milestones."""

    id: Id
    """Stable id of the area."""
    name: Text
    """The area's heading in the brief."""
    names: dict[ReaderKind, Text] = Field(default={}, json_schema_extra=PROSE)
    """Its heading for a kind of reader whose brief keeps only some of its facts ("Digital cooperation")."""
    themes: list[str] = Field(default=[], json_schema_extra=REFERENCE)
    """Themes of the area; an area with a lead theme comes first."""
    facts: list[Fact] = Field(min_length=1)
    """What is true of cooperation in this area."""
    milestones: list[Milestone] = []
    """Dated events of this area, for the timeline."""


class Recommendation(Fact):
    rests_on: list[Id] = Field(default=[], json_schema_extra=REFERENCE)
    """Ids of the facts this recommendation follows from (ICD 206 traceability)."""
    audiences: list[ReaderKind] = Field(default=[], json_schema_extra=REFERENCE)
    """The kinds of reader it is addressed to; empty: every brief that lists recommendations."""


class Takeaway(Strict):
    """A key judgement, printed first."""

    id: Id
    """Stable id of the takeaway."""
    text: Text = Field(json_schema_extra=PROSE)
    """The judgement in a sentence or two."""
    rests_on: list[Id] = Field(default=[], json_schema_extra=REFERENCE)
    """Empty: `briefgen validate` warns, and the takeaway shows no source."""
    sources: list[Id] = Field(default=[], json_schema_extra=REFERENCE)
    """Sources its note cites instead of its facts': the document its figures come from."""
    themes: list[str] = Field(default=[], json_schema_extra=REFERENCE)
    """Themes of the takeaway; one with a lead theme comes first."""
    marking: str | None = Field(default=None, json_schema_extra=REFERENCE)
    """Handling marking; a takeaway is at least as restricted as what it rests on."""
    audiences: list[ReaderKind] = Field(default=[], json_schema_extra=REFERENCE)
    """The kinds of reader it is written for; empty: every brief."""


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
    about: Id = Field(json_schema_extra=REFERENCE)
    """The fact the correction concerns."""
    document_says: Text = Field(json_schema_extra=PROSE)
    """What the source document says, written as a sentence a reader reads first."""
    finding: Text = Field(json_schema_extra=PROSE)
    """What checking found instead."""
    sources: list[Id] = Field(min_length=1, json_schema_extra=REFERENCE)
    """Ids of the sources the finding rests on."""
    marking: str | None = Field(default=None, json_schema_extra=REFERENCE)
    """Handling marking of the correction."""


class Meta(Strict):
    """What the fact base is about, and the brief's title page."""

    title: OneLineText
    """The brief's title, on page 1."""
    short_title: OneLineText
    """The title in a few words, for the running header of every page."""
    subtitle: OneLineText | None = None
    """A line under the title."""
    series: OneLine | None = None
    """The publication series (default: the project's, in briefgen.toml)."""
    organisation: OneLine | None = None
    """The organisation's name (default: the project's, in briefgen.toml)."""
    date: dt.date
    """The brief's date, YYYY-MM-DD; no fact may be checked later than this."""
    authors: list[OneLine] = []
    """Authors for the byline (default: the project's, in briefgen.toml)."""
    parties: list[str] = []
    """The parties, as a sentence names them ("the EU", "Japan"): a label's {parties}, or {partner} (the last)."""
    language: LanguageTag = "en"
    """Language of the text, a BCP 47 tag such as en-GB (spelling, hyphenation)."""
    keywords: list[OneLine] = []
    """Keywords for the PDF and Word document properties."""
    press_contact: OneLine | None = None
    """Who answers journalists' questions, as page 1 of a press brief prints it (default: the project's)."""
    source_document: Id | None = None
    """The id of the source the fact base was built from, if any: the notes on it (corrections) all cite it."""
    stale_after_days: int = Field(default=730, ge=1)
    """A fact whose as_of is older than this at the brief's date is stale (a warning)."""
    marking_scheme: list[str] = Field(default_factory=lambda: list(TLP_SCHEME), min_length=1)
    """Handling markings, lowest to highest; the default is TLP 2.0."""
    default_marking: str | None = None
    """The marking of anything that names none (default: the scheme's lowest)."""
    marking_reach: dict[str, Reach] | None = None
    """For a scheme of its own: each marking's widest reach (TLP's is built in), to check a profile's release."""


class Abbreviation(Strict):
    """A short form the fact base's statements use, and what it stands for."""

    short: Text
    """The short form as the statements print it: "EPA"."""
    long: Text
    """What it stands for: "Economic Partnership Agreement". A brief writes it out where it
    first uses the short form, "Economic Partnership Agreement (EPA)", and prints the short form after."""
    marking: str | None = None
    """Handling marking: a brief above whose release level it is writes the short form only."""


class ProfileOverride(Strict):
    """What this fact base changes in one audience profile, for itself only."""

    labels: dict[SectionId, Text] = {}
    """Section id -> the heading this fact base's brief prints instead of the profile's."""
    lead_themes: list[str] | None = None
    """The themes that lead this fact base's brief, instead of the profile's."""
    omit: list[SectionId] = Field(default=[], json_schema_extra=REFERENCE)
    """Sections of the profile this fact base's brief leaves out, as serving its reader nothing for this
    topic (a business brief's "Coming up"); validate then does not warn that they print nothing."""


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
    abbreviations: list[Abbreviation] = []
    """Short forms the statements use; each brief writes one out in full where it first uses it."""
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
