"""Every module of the package says its one job and stays short enough to read.

A module over MAX_LINES almost always does two jobs (issue 15 split five of
them); its docstring is where a newcomer learns which one it does."""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAX_LINES = 300


def test_every_module_has_a_docstring_and_at_most_300_lines():
    problems = []
    for path in sorted((ROOT / "briefgen").rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        name = path.relative_to(ROOT).as_posix()
        if not ast.get_docstring(ast.parse(text)):
            problems.append(f"{name}: no docstring saying its one job")
        if (lines := len(text.splitlines())) > MAX_LINES:
            problems.append(f"{name}: {lines} lines, over {MAX_LINES}: split it by job")
    assert not problems, "\n".join(problems)
