"""Where a project's inputs live, and loading them into checked models."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from . import defaults
from .defaults import CONFIG
from .errors import BriefgenError, Problem
from .glyphs import DEFAULT_STACK, Coverage, check_glyphs, coverage
from .load import Document, display_name, read_yaml

if TYPE_CHECKING:
    from .config import Config
    from .model import FactBase
    from .profile import Audience
    from .readers import Profiles

# The schema (pydantic) and the checks are imported where a file is loaded, not
# here: a build with nothing to do never loads one, and pays no import for them.


def find_project(start: Path) -> Path | None:
    """The nearest folder holding a briefgen.toml, from ``start`` upward (as git
    finds .git and MkDocs its mkdocs.yml)."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / CONFIG).is_file():
            return folder
    return None


@dataclass(frozen=True)
class Project:
    """A team's folder: briefgen.toml, seeds/, and optionally its own
    templates/ and audiences/, which override briefgen's defaults file by file."""

    root: Path
    # False: no project around the fact bases given; briefgen's own templates,
    # profiles and look, nothing read from the folder
    own: bool = True
    _config: Config | None = field(default=None, compare=False, repr=False)

    def __post_init__(self):
        object.__setattr__(self, "root", Path(self.root).resolve())

    @property
    def config(self) -> Config:
        """briefgen.toml, checked (pydantic) when first asked for: a build with
        nothing to do hashes the file and never parses it."""
        if self._config is None:
            from .config import Config, read_config
            object.__setattr__(self, "_config", read_config(self.root) if self.own else Config())
        return self._config

    @property
    def seeds(self) -> Path:
        return self.root / "seeds"

    @property
    def templates(self) -> tuple[Path, ...]:
        """Where templates are looked up: the project's templates/, then briefgen's."""
        own = [self.root / "templates"] if self.own else []
        return defaults.search_path(own + [defaults.folder("templates")])

    @property
    def audiences(self) -> tuple[Path, ...]:
        own = [self.root / "audiences"] if self.own else []
        return defaults.search_path(own + [defaults.folder("audiences")])

    @property
    def house(self):
        return self.config.house

    def identity(self, factbase: FactBase):
        """(config.Identity, its in-memory files) of a brief of this fact base."""
        from .config import identity
        return identity(self.root, self.config.house, factbase.meta)

    def glyphs(self) -> Coverage:
        """What the brief's fonts can draw: the project's typeface, then briefgen's stack."""
        house = self.config.house
        families = ((house.typeface,) if house.typeface else ()) + DEFAULT_STACK
        return coverage(families, tuple(self.root / f for f in house.font_files))

    def house_files(self) -> list[Path]:
        """The project's files a brief's look depends on: its configuration, logo and
        fonts (read from the TOML as written, without checking it: the cache asks)."""
        if not self.own:
            return []
        house = self._house_as_written()
        names = [CONFIG, house.get("logo")] + list(house.get("font_files") or [])
        return [self.root / n for n in names if isinstance(n, str) and (self.root / n).is_file()]

    def reference_docx(self) -> Path | None:
        """The Word template briefgen.toml names (house.reference_docx), or None. Read as
        written, as house_files is; one that is missing, outside the project or not a .docx
        is refused by checking the whole file (BriefgenError: its line and field)."""
        name = self._house_as_written().get("reference_docx") if self.own else None
        if name is None:
            return None
        from .config import REFERENCE_SUFFIXES

        path = self.root / name if isinstance(name, str) else None
        if path is None or not path.is_file() or not path.resolve().is_relative_to(self.root) \
                or path.suffix.lower() not in REFERENCE_SUFFIXES:
            self.config  # noqa: B018 - raises, naming briefgen.toml's line
        return path

    def _house_as_written(self) -> dict:
        import tomllib

        try:
            house = tomllib.loads((self.root / CONFIG).read_text(encoding="utf-8")).get("house", {})
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
            house = {}
        return house if isinstance(house, dict) else {}

    def factbase_paths(self) -> list[Path]:
        return sorted(self.seeds.glob("*.yaml"))

    def audience_paths(self) -> list[Path]:
        """One profile per name: the project's own replaces briefgen's of that
        name, and a profile of a new name adds an audience."""
        return list(defaults.layered(self.audiences, "*.yaml").values())

    def profiles(self, read: Callable[[Path], bytes | None] = lambda path: None) -> Profiles:
        """Every profile's name and reader, which the fact bases' readers are checked against
        (``read``: a file's bytes as read already, else None)."""
        from .readers import project_profiles
        return project_profiles(self.audience_paths(), read, self.config)

    def audience_path(self, name: str) -> Path:
        if not name or "/" in name or "\\" in name or name.startswith(".") or "\0" in name:
            # "-a ../../x" must not read a file outside audiences/
            raise BriefgenError.single(display_name(self.root / "audiences"), f"'{name}' is not an audience name: "
                                       "give the name of a profile in this folder, without a path")
        found = {p.stem: p for p in self.audience_paths()}
        if name not in found:
            # no file to name: the name was given on the command line
            from .validate import unknown_message
            raise BriefgenError.single("briefgen", unknown_message("audience", name, sorted(found), always_list=True),
                                       0, 0)
        return found[name]

    def with_sources_brief(self, audience: Audience, path: Path,
                           read: Callable[[Path], bytes | None] = lambda path: None,
                           profiles: Profiles | None = None) -> Audience:
        """The profile (read from ``path``), with the profile its ``sources_in`` names, whose brief
        gives this one's sources (``read``: a file's bytes as read already, else None). A name that
        is no profile of the project, the profile itself, or one whose brief prints no source
        notes is refused at the ``sources_in`` line. ``profiles``: as load_audience takes them."""
        if audience.sources_in is None:
            return audience
        found = {p.stem: p for p in self.audience_paths()}
        cited = found.get(audience.sources_in)
        if audience.sources_in == audience.name:  # the name is its file's (load_audience checks it)
            message = f"'{audience.sources_in}' is this profile: name the audience whose brief gives its sources"
        elif cited is None:
            from .validate import unknown_message

            message = unknown_message("audience", audience.sources_in, sorted(set(found) - {audience.name}))
        else:
            other = load_audience(cited, raw=read(cited), profiles=profiles or self.profiles(read))
            if other.source_notes != "none":
                return audience.citing(other)
            message = f"the {audience.sources_in} brief prints no source notes: name one that does"
        # where the profile writes sources_in, as every other problem of a profile is located
        raise BriefgenError([read_yaml(path, read(path)).problem(("sources_in",), message)])


def load_factbase(path: Path, raw: bytes | None = None, glyphs: Coverage | None = None,
                  profiles: Profiles | None = None) -> tuple[FactBase, list[Problem]]:
    """Read (or take ``raw``, its bytes as read already) and check a fact base
    (given the brief's fonts, that they draw every character it prints), and every
    reader and profile it names against ``profiles`` (readers.py; default: the project's).
    Raises BriefgenError on errors; returns warnings."""
    return read_factbase(path, raw, glyphs, profiles)[:2]


def read_factbase(path: Path, raw: bytes | None = None, glyphs: Coverage | None = None,
                  profiles: Profiles | None = None) -> tuple[FactBase, list[Problem], Document]:
    """load_factbase, with the document read, which places a later warning at its line."""
    from .checks import check_factbase
    from .housemarks import houses_factbase
    from .model import FactBase
    from .readers import check_readers
    from .validate import to_model

    if profiles is None:  # called alone: the profiles of the project around the file, else briefgen's own
        root = find_project(path.parent)
        profiles = (Project(root) if root else Project(path.parent, own=False)).profiles()

    def check(doc, fb: FactBase, warn: bool = True) -> list[Problem]:
        # where the schema refused something, what a section prints is not known yet: errors only
        found = check_factbase(doc, fb)
        whole = warn and not any(p.severity == "error" for p in found)  # else select meets unresolved ids
        return found + [p for p in check_readers(doc, fb, profiles, whole) if warn or p.severity == "error"]

    doc = read_yaml(path, raw)
    houses_factbase(doc, profiles.house.markings if profiles.house is not None else None)
    fb, _ = to_model(doc, FactBase, lambda doc, fb: check(doc, fb, warn=False))
    problems = check(doc, fb) + (check_glyphs(doc, glyphs) if glyphs else [])
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise BriefgenError(problems)
    return fb, problems, doc


def load_audience(path: Path, factbases=(), raw: bytes | None = None, warnings: list[Problem] | None = None,
                  glyphs: Coverage | None = None, profiles: Profiles | None = None) -> Audience:
    """Read (or take ``raw``) and check a profile against the fact bases being
    built (a list, or a mapping of file name to fact base, which warnings then
    name). Raises BriefgenError on errors; warnings are appended to ``warnings``.
    ``profiles``: the project's profiles as read already (Project.profiles), whose
    document and model of this file are taken, not made again."""
    from .housemarks import house_problem, houses_profile
    from .profile import Audience
    from .profilechecks import check_audience
    from .validate import to_model

    housed: dict[str, str] = {}  # the levels briefgen.toml's [markings] gives briefgen's own profile

    def check(doc, audience: Audience) -> list[Problem]:
        house_scheme = {"scheme"} if house is not None and house.markings.scheme is not None else set()
        problems = check_audience(doc, audience, factbases, frozenset(housed) | house_scheme,
                                  house.markings if house is not None else None)
        if audience.name != path.stem:
            problems.append(doc.problem(("name",), f"name '{audience.name}' must match the file name '{path.stem}'"))
        return problems

    doc = profiles.documents.get(path) if profiles else None
    validated = profiles.audiences.get(path.stem) if doc is not None else None
    doc = doc or read_yaml(path, raw)
    house = profiles.house if profiles else None
    # briefgen's own profile takes the house's levels (as read already, or now); a problem with them is at
    # their line of briefgen.toml
    housed.update(houses_profile(path, doc, house.markings if house is not None else None))
    # a schema error in a section still lets the checks run on the rest: every problem in one pass
    audience, _ = to_model(doc, Audience, lambda doc, audience: [house_problem(p, path, house, housed)
                                                                 for p in check(doc, audience)], validated)
    problems = [house_problem(p, path, house, housed) for p in check(doc, audience)] \
        + (check_glyphs(doc, glyphs) if glyphs else [])
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise BriefgenError(problems)
    if warnings is not None:
        warnings += problems
    return audience
