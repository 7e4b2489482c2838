"""The house's marking scheme: briefgen.toml's [markings], written once for every fact base and profile.

An organisation with its own handling markings (PUBLIC < LIMITED < CONFIDENTIAL < RESTRICTED) names
them once in briefgen.toml, with each audience's release level and floor in them, instead of in every
fact base's meta and a copy of each of briefgen's five profiles. What a file says for itself wins:

- a fact base whose meta names no marking_scheme takes the house's scheme, default and reach, as if
  it had written them, each where its meta names none (houses_factbase, before the schema reads it);
  a default or reach without a scheme is in TLP 2.0's;
- briefgen's own profiles take the house's release and marked_at_least levels in place of the TLP
  levels they name (houses_profile); a profile in the project's audiences/ keeps its own.

A level the house names that no scheme holds is an error at its line of briefgen.toml (marking_problems,
and house_problem for one found against a fact base's own scheme).
"""
from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_validator

from .defaults import CONFIG, folder
from .errors import Problem
from .fields import TLP_SCHEME, Reach
from .load import Document

# the fact base's meta keys the house's scheme, default and reach stand for
META_KEYS = {"scheme": "marking_scheme", "default": "default_marking", "reach": "marking_reach"}
LEVELS = ("release", "marked_at_least")


class Markings(BaseModel):
    """The house's handling markings, once for every fact base and profile of the project."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)  # as Strict

    scheme: list[str] | None = Field(default=None, min_length=1)
    """The markings, lowest first: every fact base's marking_scheme unless its meta names its own (default: TLP 2.0)."""
    default: str | None = None
    """The marking of anything that names none, for those fact bases (default: the scheme's lowest)."""
    reach: dict[str, Reach] | None = None
    """The widest reach each marking may travel to, for those fact bases (TLP's is built in)."""
    release: dict[str, str] = {}
    """Audience name -> the highest marking it may receive: briefgen's own profiles take it, in place of the
    TLP level they name; a profile of the project's own audiences/ names its own."""
    marked_at_least: dict[str, str] = {}
    """Audience name -> the lowest marking of its briefs, as release is taken."""

    @field_validator("scheme")
    @classmethod
    def _distinct(cls, value: list[str] | None) -> list[str] | None:
        if value is not None:
            twice = sorted({m for m in value if value.count(m) > 1})
            if twice:
                raise ValueError(f"{', '.join(twice)} listed twice: name each marking once, lowest first")
            if any(not m.strip() for m in value):
                raise ValueError("a marking is empty: name each marking, lowest first")
        return value

    # briefgen.toml as read (read_config), where each key is written
    _doc: Document | None = PrivateAttr(default=None)

    def where(self, *path: str) -> tuple[str, int, int]:
        """(file, line, column) of ``path`` in briefgen.toml ("markings", "release", "analyst")."""
        if self._doc is None:
            return CONFIG, 0, 0
        return (self._doc.file, *self._doc.mark(path))

    @property
    def levels(self) -> list[str]:
        """The scheme the levels are checked against: the house's, else TLP 2.0."""
        return list(self.scheme) if self.scheme is not None else list(TLP_SCHEME)


def marking_problems(markings: Markings, doc) -> list[Problem]:
    """Every level [markings] names is a marking of its scheme (the house's, else TLP 2.0)."""
    from .validate import unknown_message

    levels = markings.levels
    named = ([(("markings", "default"), markings.default)] if markings.default is not None else []) \
        + [(("markings", "reach", m), m) for m in markings.reach or {}] \
        + [(("markings", "release", a), m) for a, m in markings.release.items()] \
        + [(("markings", "marked_at_least", a), m) for a, m in markings.marked_at_least.items()]
    out = [doc.problem(path, unknown_message("marking", level, levels))
           for path, level in named if level not in levels]
    for audience, floor in markings.marked_at_least.items():
        top = markings.release.get(audience)
        if floor in levels and top in levels and levels.index(floor) > levels.index(top):
            out.append(doc.problem(("markings", "marked_at_least", audience), (
                f"{floor} is above the '{audience}' release level {top}: a brief is never marked above what its "
                "readers may receive")))
    return out


def houses_factbase(doc: Document, markings: Markings | None) -> None:
    """Give the fact base read into ``doc`` the house's scheme, default and reach where its meta names
    no marking_scheme of its own (in place, before the schema reads it): each key only where the meta
    lacks it, so a fact base's own default_marking or marking_reach stays its own. A house that names
    no scheme gives its default and reach in TLP 2.0's."""
    meta = doc.data.get("meta") if isinstance(doc.data, dict) else None
    if markings is None or not isinstance(meta, dict) or "marking_scheme" in meta:
        return
    for key, meta_key in META_KEYS.items():
        value = getattr(markings, key)
        if value is not None and meta_key not in meta:
            meta[meta_key] = list(value) if isinstance(value, list) else (dict(value) if isinstance(value, dict)
                                                                         else value)


def briefgen_s_own(path: Path | str) -> bool:
    """Whether the profile at ``path`` is one of briefgen's default profiles rather than the project's."""
    return Path(path).resolve().is_relative_to(folder("audiences").resolve())


def houses_profile(path: Path, doc: Document, markings: Markings | None) -> dict[str, str]:
    """Give briefgen's own profile at ``path``, read into ``doc``, the house's levels for it (in place);
    returns the fields it set (field -> the level). A project's own profile keeps what it names."""
    data = doc.data
    if markings is None or not isinstance(data, dict) or not briefgen_s_own(path):
        return {}
    set_: dict[str, str] = {}
    for field in LEVELS:
        level = getattr(markings, field).get(path.stem)
        if level is not None:
            data[field] = set_[field] = level
    return set_


def house_problem(problem: Problem, path: Path, config, set_: dict[str, str]) -> Problem:
    """A problem found with briefgen's own profile at ``path`` about a level the house gave it (``set_``),
    or should give it in the house's scheme: at its line of briefgen.toml, the file the user edits."""
    if config is None or problem.path not in LEVELS or not briefgen_s_own(path):
        return problem
    if problem.path in set_:
        file, line, col = config.markings.where("markings", problem.path, path.stem)
    elif config.markings.scheme is not None:
        file, line, col = config.markings.where("markings", "scheme")
    else:
        return problem
    return Problem(file, line, col, f"markings.{problem.path}.{path.stem}", problem.message, problem.severity)


def audience_problems(markings: Markings, paths: list[Path], audiences: dict) -> list[Problem]:
    """Each audience [markings.release] and [markings.marked_at_least] name is one of the project's
    (``paths``: one profile per name, briefgen's and the project's own): an unknown name is an error at
    its key. A level for a profile of the project's own, which keeps what it names, is a warning where
    that profile names another (``audiences``: the profiles the schema accepts, by name)."""
    from .load import display_name
    from .validate import unknown_message

    found = {path.stem: path for path in paths}
    out = []
    for field in LEVELS:
        for name, level in getattr(markings, field).items():
            file, line, col = markings.where("markings", field, name)
            at = f"markings.{field}.{name}"
            if name not in found:
                out.append(Problem(file, line, col, at, unknown_message("audience", name, sorted(found),
                                                                        always_list=True)))
                continue
            own = audiences.get(name)
            if briefgen_s_own(found[name]) or own is None or getattr(own, field) == level:
                continue
            theirs = getattr(own, field)
            out.append(Problem(file, line, col, at, (
                f"{level} is not used: the project's own {display_name(found[name])} "
                + (f"names {field} {theirs}" if theirs is not None else f"names no {field}")
                + ", and a profile of the project's keeps its own levels; set it in that file"), "warning"))
    return out
