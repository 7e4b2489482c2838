"""What a new user's briefs say: the project `briefgen new` writes, with the example it ships and
a first topic of the user's own (tests/fixtures/eu-india.yaml, as a reviewer wrote it: nine facts,
two frameworks without a detail and without a milestone, a recommendation of the default
priority, an abbreviation first used in a possessive), read back from the PDF and the Word draft."""
from __future__ import annotations

import shutil
from pathlib import Path

import docx
import pytest
from conftest import FIXTURES, pdf_text, run_cli

INDIA = FIXTURES / "eu-india.yaml"
READ = ("analyst", "policymaker", "press")


@pytest.fixture(scope="session")
def new_user(once) -> Path:
    """The briefs folder of `briefgen new` + the user's topic, built once a session (analyst,
    policymaker and press, both formats)."""
    def make(folder: Path):
        root = folder / "p"
        made = run_cli("new", str(root), "--organisation", "Institute for Policy Studies", cwd=folder)
        assert made.returncode == 0, made.stderr
        shutil.copy(INDIA, root / "seeds" / INDIA.name)
        built = run_cli("build", "--jobs", "2", *[a for name in READ for a in ("-a", name)], cwd=root)
        assert built.returncode == 0, built.stderr
        return root / "briefs", built.stdout
    return once("new-user", make)


def paragraphs(path: Path) -> list[str]:
    return [p.text for p in docx.Document(str(path)).paragraphs]


@pytest.mark.parametrize("topic", ["example", "eu-india"])
def test_a_framework_without_detail_keeps_its_status_line(new_user, topic):
    """Both frameworks of the example have no detail, and the analyst brief printed neither's
    dates, status or scope: the status line was printed only after a detail."""
    briefs, _ = new_user
    text = pdf_text(briefs / f"{topic}-analyst.pdf")
    frameworks = text[text.index("Frameworks"):text.index("Areas of cooperation")]
    assert frameworks.count("Scope: ") == 2, frameworks
    draft = [p for p in paragraphs(briefs / f"{topic}-analyst.docx") if "Scope: " in p]
    assert len(draft) == 2, draft
