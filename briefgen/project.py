"""Where a project's inputs live, and loading them into checked models."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import BriefgenError, Problem
from .load import display_name, read_yaml

if TYPE_CHECKING:
    from .model import Audience, FactBase

# The schema (pydantic) and the checks are imported where a file is loaded, not
# here: a build with nothing to do never loads one, and pays no import for them.

PACKAGE_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Project:
    """The folders a build reads from. Defaults to the repository's own."""

    root: Path = PACKAGE_ROOT

    @property
    def seeds(self) -> Path:
        return self.root / "seeds"

    @property
    def audiences(self) -> Path:
        return self.root / "audiences"

    @property
    def templates(self) -> Path:
        return self.root / "templates"

    def factbase_paths(self) -> list[Path]:
        return sorted(self.seeds.glob("*.yaml"))

    def audience_paths(self) -> list[Path]:
        return sorted(self.audiences.glob("*.yaml"))

    def audience_path(self, name: str) -> Path:
        path = self.audiences / f"{name}.yaml"
        if not name or "/" in name or "\\" in name or name.startswith(".") or "\0" in name:
            # "-a ../../x" must not read a file outside audiences/
            raise BriefgenError.single(display_name(self.audiences), f"'{name}' is not an audience name: give the "
                                       "name of a profile in this folder, without a path")
        if not path.exists():
            known = ", ".join(p.stem for p in self.audience_paths())
            raise BriefgenError.single(str(path), f"no audience profile named '{name}' (known: {known})")
        return path


def load_factbase(path: Path, raw: bytes | None = None) -> tuple[FactBase, list[Problem]]:
    """Read (or take ``raw``, its bytes as read already) and check a fact base.
    Raises BriefgenError on errors; returns warnings."""
    from .model import FactBase
    from .validate import check_factbase, to_model

    doc = read_yaml(path, raw)
    fb, _ = to_model(doc, FactBase, check_factbase)
    problems = check_factbase(doc, fb)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise BriefgenError(problems)
    return fb, problems


def load_audience(path: Path, factbases: list[FactBase] = (), raw: bytes | None = None) -> Audience:
    from .model import Audience
    from .validate import check_audience, to_model

    doc = read_yaml(path, raw)
    audience, _ = to_model(doc, Audience)
    problems = check_audience(doc, audience, list(factbases))
    if audience.name != path.stem:
        problems.append(doc.problem(("name",), f"name '{audience.name}' must match the file name '{path.stem}'"))
    if problems:
        raise BriefgenError(problems)
    return audience
