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
    copied = re.search(r"copy `([^`]+)`", section("Writing a fact base")).group(1)
    scaffold(tmp_path / "project", "Desk")
    assert (tmp_path / "project" / copied).is_file(), copied


DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


def anchors(markdown: str) -> set[str]:
    """The ids GitHub gives a file's headings: lowercased, punctuation dropped, spaces made hyphens."""
    headings = re.findall(r"^#+ (.+)$", re.sub(r"```.*?```", "", markdown, flags=re.S), re.M)
    return {re.sub(r"[^\w\- ]", "", h.strip().lower()).replace(" ", "-") for h in headings}


def test_every_relative_link_of_the_guide_and_the_docs_resolves():
    """The README links its fine print and the developer notes in docs/, and they link back:
    a file renamed or a heading reworded must not leave a link pointing nowhere."""
    for doc in DOCS:
        text = re.sub(r"```.*?```", "", doc.read_text(encoding="utf-8"), flags=re.S)
        for target in re.findall(r"\]\(([^)\s]+)\)", text):
            if re.match(r"[a-z]+:", target):
                continue
            path, _, anchor = target.partition("#")
            linked = (doc.parent / path).resolve() if path else doc
            assert linked.is_file(), f"{doc.name}: {target}"
            if anchor:
                assert anchor in anchors(linked.read_text(encoding="utf-8")), f"{doc.name}: {target}"


def test_the_readme_keeps_the_user_guide_s_sections():
    """What a user looks for stays in README.md; the developer notes are in docs/."""
    for title in ("Quick start", "Commands", "Writing a fact base", "Audiences and profiles",
                  "Markings and the release check", "Your own templates and Word reference",
                  "Editing the Word draft and bringing edits back", "Exit codes and bad input",
                  "Dependencies, and why each is there"):
        assert f"\n## {title}\n" in README, title
    assert "\n## How it works" not in README and "\n## How it works\n" in (ROOT / "docs" / "architecture.md").read_text(
        encoding="utf-8")
