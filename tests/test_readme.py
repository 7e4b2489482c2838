"""The README read as a user who installed briefgen with pip reads it: its commands are ones
that user has, run as written, and the fact base it says to start from is one they have."""
from __future__ import annotations

import re
import shlex

from conftest import ROOT

from briefgen.cli import main
from briefgen.scaffold import scaffold

README = (ROOT / "README.md").read_text(encoding="utf-8")


def section(title: str) -> str:
    start = README.index(f"\n## {title}\n")
    return README[start:README.index("\n## ", start + 1)]


def test_the_commands_section_shows_commands_a_pip_user_has():
    """Not .venv/bin/briefgen (a developer checkout's) nor a fact base a new project lacks."""
    block = re.search(r"```sh\n(.*?)```", section("Commands"), re.S).group(1)
    for line in block.splitlines():
        words = shlex.split(line.split("  #")[0])
        assert words[0] == "briefgen" and words[1] in main.commands, line
        assert all(w.strip("[]") == "seeds/example.yaml" for w in words if "seeds/" in w), line


def test_adding_a_fact_base_starts_from_a_file_briefgen_new_writes(tmp_path):
    copied = re.search(r"copy `([^`]+)`", section("Adding a fact base")).group(1)
    scaffold(tmp_path / "project", "Desk")
    assert (tmp_path / "project" / copied).is_file(), copied
