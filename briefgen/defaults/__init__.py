"""briefgen's default templates and audience profiles, shipped as package data.

In the repository they live at the root (templates/, audiences/); pyproject.toml
maps them to the packages briefgen.defaults.templates and
briefgen.defaults.audiences, so a wheel carries them and an editable install
reads them where they are.
"""
from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from importlib.resources import files
from pathlib import Path

CONFIG = "briefgen.toml"  # the file that makes a folder a project

# One folder, or folders searched in order (a project's own first, then briefgen's)
Folders = Path | str | Iterable[Path]


@cache
def folder(kind: str) -> Path:
    """The installed folder of a kind of default ("templates" or "audiences").

    A wheel installs these as files on disk, and the editable install maps the
    package to the repository's folder, so the resource is a real path that
    Jinja, WeasyPrint and the cache can read as files."""
    return Path(str(files(f"briefgen.defaults.{kind}"))).resolve()


def search_path(folders: Folders) -> tuple[Path, ...]:
    """``folders`` as a tuple of distinct existing folders, first wins."""
    if isinstance(folders, (str, Path)):
        folders = [folders]
    out: list[Path] = []
    for one in map(Path, folders):
        if one.is_dir() and one.resolve() not in [o.resolve() for o in out]:
            out.append(one)
    return tuple(out)


def layered(folders: Folders, pattern: str = "**/*") -> dict[str, Path]:
    """Relative name -> file, over the search path: a file in an earlier folder
    replaces the file of the same name in a later one (MkDocs' theme_dir).
    Python files and hidden files are never part of a layer."""
    found: dict[str, Path] = {}
    for root in reversed(search_path(folders)):
        for path in root.glob(pattern):
            name = path.relative_to(root).as_posix()
            if path.is_file() and not any(part.startswith((".", "__")) for part in Path(name).parts) \
                    and path.suffix != ".py":
                found[name] = path
    return dict(sorted(found.items()))
