"""The fact-base and audience-profile schema.

Every model forbids unknown keys, so a typo in a hand-written YAML file is an
error rather than silently ignored data. Cross-references (fact -> source,
recommendation -> fact) are checked in ``validate.py``, not here, so that all
problems of a file can be reported together with their line numbers.
"""
from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

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


class Source(Strict):
    id: Id
    title: str
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


class Takeaway(Strict):
    id: Id
    text: str
    rests_on: list[Id] = []  # empty: a warning (validate.py), the takeaway then shows no source
    themes: list[str] = []
    marking: str | None = None


class RoadAhead(Strict):
    challenges: list[Fact] = Field(min_length=1)
    recommendations: list[Recommendation] = Field(min_length=1)


class Correction(Strict):
    """Where the source document is wrong or vague, what was checked and found."""

    id: Id
    about: Id  # the fact the correction concerns
    document_says: str
    finding: str
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


# ---------------------------------------------------------------- audiences

SectionId = Literal[
    "takeaways", "drivers", "frameworks", "areas", "timeline",
    "challenges", "recommendations", "corrections", "sources",
]


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
    # (1 keeps only must-keep facts; 5 keeps everything)
    other_max_priority: int = Field(default=5, ge=1, le=5)
    budget: Budget
    source_notes: Literal["footnotes", "endnotes", "none"]
    tone: str
    handling: str
    distribution: str
    release: str  # highest marking this audience may receive
    # who the brief reaches; a release level above what the fact base's scheme
    # allows that reach is refused (a press profile set to TLP:AMBER by mistake)
    reach: Reach | None = None
    portion_marks: bool = False
    # open the Word draft with a table of contents (a reference document, not a quick read)
    contents: bool = False
