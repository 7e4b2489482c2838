"""The module table of docs/architecture.md names every module of the package, and only those; and
the wheel ships every package.

The table under "How it works" (moved there from the README) is where a newcomer learns which module does
what; a module added without a row, or a row left behind by a module that
moved, makes it lie. A package's ``__init__.py`` may be named by its folder
(``briefgen/render/``)."""
from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TABLE = ROOT / "docs" / "architecture.md"


def table_names(readme: str) -> set[str]:
    """The briefgen paths in the first column of the How-it-works table, a folder as its __init__.py."""
    section = readme.split("\n## How it works", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    names = {name for row in rows for name in re.findall(r"`(briefgen/[^`]*)`", row.split("|")[1])}
    return {name + "__init__.py" if name.endswith("/") else name for name in names}


def package_modules() -> set[str]:
    return {p.relative_to(ROOT).as_posix() for p in (ROOT / "briefgen").rglob("*.py")}


def test_every_module_of_the_package_has_a_row():
    listed = table_names(TABLE.read_text(encoding="utf-8"))
    assert listed, "docs/architecture.md: the How it works section has no module table"
    missing = sorted(package_modules() - listed)
    assert not missing, f"docs/architecture.md's module table lacks {missing}: add a row saying each one's job"


def test_every_row_names_a_module_that_exists():
    stale = sorted(table_names(TABLE.read_text(encoding="utf-8")) - package_modules())
    assert not stale, f"docs/architecture.md's module table names {stale}, not in briefgen/: remove or rename the row"


def test_rows_are_read_from_the_first_column_of_that_table_only():
    readme = ("# x\n\nSee `briefgen/elsewhere.py`.\n\n## How it works\n\n| module | job |\n|---|---|\n"
              "| `briefgen/a.py` | reads `briefgen/b.py`'s output |\n| `briefgen/pkg/` | a package |\n\n"
              "## Next\n\n| `briefgen/c.py` | another table |\n")
    assert table_names(readme) == {"briefgen/a.py", "briefgen/pkg/__init__.py"}


def test_every_package_of_briefgen_ships_in_the_wheel():
    # pyproject lists the packages by name (two of them are mapped from the repository's
    # root), so a new subpackage left out of the list installs without its modules
    setup = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    listed = set(setup["packages"])
    packages = {p.parent.relative_to(ROOT).as_posix().replace("/", ".")
                for p in (ROOT / "briefgen").rglob("__init__.py")}
    assert packages <= listed, f"pyproject.toml's [tool.setuptools] packages lacks {sorted(packages - listed)}"
