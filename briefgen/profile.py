"""The audience profile's schema: what one kind of reader gets, in what order, at what length."""
from __future__ import annotations

from collections.abc import Collection
from typing import Annotated, Literal

from pydantic import BeforeValidator, Field, PrivateAttr

from .fields import Reach, ReaderKind, SectionId, Strict


def _portion_choice(value):
    # profiles written before the choice was three-way said true / false
    return {True: "every", False: "none"}.get(value, value) if isinstance(value, bool) else value


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
    """Facts with none of the lead themes are kept only up to this priority (0 keeps only the lead themes, 1 only must-keep facts; 5 keeps everything). How it applies to recommendations: README, "Audiences and profiles"."""  # noqa: E501 - one line: it is the JSON Schema's description
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
    marked_at_least: str | None = None
    """The lowest marking of the brief, whatever it holds (at most release): the organisation's own advice, as a minister's submission, is marked for the readers it is written for, not only by its facts (None: by what it holds)."""  # noqa: E501 - one line: it is the JSON Schema's description
    reader: ReaderKind | None = None
    """The kind of reader: which takeaways, recommendations, messages and "so what" lines of a fact base this brief prints (None: those for everyone)."""  # noqa: E501 - one line: it is the JSON Schema's description
    portion_marks: Annotated[Literal["every", "above-base", "none"], BeforeValidator(_portion_choice)] = "above-base"
    """Every: a mark on every statement; above-base: only on statements above the brief's lowest level (none at all in a brief at one level); none."""  # noqa: E501 - one line: it is the JSON Schema's description
    # a reference document, not a quick read
    contents: bool = False
    """A table of contents after page 1's opening box, in the PDF and the Word draft (a reference document)."""
    contact: bool = False
    """Print the press contact (the fact base's meta.press_contact, else briefgen.toml's [house] press_contact) on page 1: a journalist's brief."""  # noqa: E501 - one line: it is the JSON Schema's description
    sources_in: str | None = None
    """For a brief without source notes: the audience whose brief of the same fact base gives its sources ("analyst"). The handling line names that brief, its date, and the level up to which it sources this brief's points."""  # noqa: E501 - one line: it is the JSON Schema's description
    # the profile sources_in names, as the project has it (Project.with_sources_brief)
    _cited: Audience | None = PrivateAttr(default=None)
    # the marking of that profile's brief of the same fact base (pipeline.make_counted_brief)
    _cited_marking: str | None = PrivateAttr(default=None)

    def citing(self, cited: Audience | None, marking: str | None = None) -> Audience:
        """A copy whose handling line names ``cited``'s brief, marked ``marking``, as the brief it draws
        on and whose notes give its sources (None: no brief)."""
        copy = self.model_copy()
        copy._cited = cited
        copy._cited_marking = marking if cited is not None else None
        return copy

    @property
    def cited(self) -> Audience | None:
        """The profile whose brief of the same fact base gives this one's sources, if any."""
        return self._cited

    @property
    def sources_brief(self) -> tuple[str, str, str | None] | None:
        """(title, release level, the brief's own marking) of the brief that
        gives this one's sources, for the template: "Draws on the analyst reference brief of 2 December
        2024 (TLP:AMBER)"."""
        if self._cited is None:
            return None
        return self._cited.title, self._cited.release, self._cited_marking


def in_sentence(title: str, names: Collection[str] = ()) -> str:
    """A profile's title (sentence case: "Analyst reference brief") as a sentence prints it after "the":
    its first word lower-cased where only its first letter is a capital ("analyst reference brief");
    a first word in capitals or with another capital ("EU brief", "McKinsey note"), or one of ``names``,
    the proper names the fact base writes inside its sentences ("Japan desk brief"), stays as written."""
    first = title.split(" ", 1)[0]
    if (len(first) > 1 and first[0].isupper() and first[1:] == first[1:].lower() and first[1:].isalpha()
            and first not in names):
        return title[0].lower() + title[1:]
    return title
