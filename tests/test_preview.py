"""briefgen preview, as its user sees it: a real browser (headless Chromium) on the page
while the fact base is edited and broken on disk."""
from __future__ import annotations

import os
import re
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
from conftest import ROOT, make_project, normalise

# the flags the guide sets for Chromium on the CI machine
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]
WAIT_MS = 60_000  # generous for a loaded CI machine; not a speed test (benchmarks/preview.py is)


@pytest.fixture
def served(tmp_path):
    """A copy of the project with the small fixture as its fact base, previewed on a free port."""
    root = make_project(tmp_path / "project")
    process = subprocess.Popen(
        [sys.executable, "-m", "briefgen", "--project", str(root), "preview", "seeds/mini.yaml",
         "-a", "policymaker", "--port", "0"],
        cwd=root, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        for line in process.stdout:
            if found := re.search(r"http://127\.0\.0\.1:\d+/", line):
                break
        else:
            pytest.fail("preview did not start: " + process.stderr.read())
        yield found.group(0), root / "seeds" / "mini.yaml"
    finally:
        process.terminate()
        process.wait(timeout=30)


@pytest.fixture(scope="module")
def chromium():
    """One Chromium for the module: it takes a second or more to start."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture
def browser(chromium):
    """A context of its own for each test, as a fresh browser profile: no page, cache or
    storage of another test's."""
    context = chromium.new_context()
    yield context
    context.close()


def save_like_an_editor(path: Path, text: str) -> None:
    """Write a new file and rename it over the old one, as vim and VS Code save."""
    tmp = path.with_name(f".{path.name}.swp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def test_an_edited_fact_is_on_screen_and_a_broken_file_is_its_error_line(served, browser):
    from playwright.sync_api import expect

    url, factbase = served
    page = browser.new_page()
    page.goto(url)
    pages = page.locator("#pages .page")
    expect(page.get_by_text("Trade is the foundation of the partnership.")).to_be_visible(timeout=WAIT_MS)
    count = pages.count()
    assert count >= 1
    first_image = pages.first.locator("img").get_attribute("src")

    original = factbase.read_text(encoding="utf-8")
    save_like_an_editor(factbase, original.replace("Trade is the foundation of the partnership.",
                                                   "Trade is the keel of the partnership."))
    expect(page.get_by_text("Trade is the keel of the partnership.")).to_be_visible(timeout=WAIT_MS)
    expect(page.get_by_text("Trade is the foundation of the partnership.")).to_have_count(0)
    assert pages.first.locator("img").get_attribute("src") != first_image  # the picture was redrawn too
    # what /brief.pdf serves is the PDF the pages were drawn from
    with urllib.request.urlopen(url + "brief.pdf") as response:
        assert response.headers["Content-Type"] == "application/pdf"
        pdf = response.read()
    (factbase.parent / "served.pdf").write_bytes(pdf)
    text = subprocess.run(["pdftotext", str(factbase.parent / "served.pdf"), "-"], check=True,
                          capture_output=True, text=True).stdout
    assert "Trade is the keel of the partnership." in normalise(text)

    # an unclosed flow sequence in the middle of the file, written in place
    lines = factbase.read_text(encoding="utf-8").splitlines(keepends=True)
    lines.insert(next(i for i, line in enumerate(lines) if line.startswith("drivers:")), "oops: [unclosed\n")
    factbase.write_text("".join(lines), encoding="utf-8")
    problems = page.locator("#problems")
    expect(problems).to_have_text(re.compile(r"^seeds/mini\.yaml:\d+:\d+: (oops: )?YAML syntax error"), timeout=WAIT_MS)
    # the last good pages stay, with the edited text, until the file is fixed
    expect(page.get_by_text("Trade is the keel of the partnership.")).to_be_visible()
    assert pages.count() == count

    save_like_an_editor(factbase, original)
    expect(page.get_by_text("Trade is the foundation of the partnership.")).to_be_visible(timeout=WAIT_MS)
    expect(problems).to_be_empty()


def test_a_template_save_rebuilds_and_a_template_error_is_located(served, browser):
    from playwright.sync_api import expect

    url, factbase = served
    templates = factbase.parent.parent / "templates"
    page = browser.new_page()
    page.goto(url)
    expect(page.locator("#pages .page").first).to_be_visible(timeout=WAIT_MS)
    template = templates / "brief.html.j2"
    source = template.read_text(encoding="utf-8")
    template.write_text(source + "{% if %}\n", encoding="utf-8")
    expect(page.locator("#problems")).to_have_text(re.compile(r"brief\.html\.j2:\d+"), timeout=WAIT_MS)
    template.write_text(source, encoding="utf-8")
    expect(page.locator("#problems")).to_be_empty(timeout=WAIT_MS)


def test_listens_on_loopback_only_and_refuses_other_host_names(served):
    url, _ = served
    assert url.startswith("http://127.0.0.1:")
    # a site re-pointing its own name at 127.0.0.1 (DNS rebinding) must not read the brief
    request = urllib.request.Request(url + "brief.pdf", headers={"Host": "attacker.example"})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request)
    assert refused.value.code == 403
    with urllib.request.urlopen(url + "state.json") as response:
        assert response.status == 200


def test_an_unknown_audience_is_one_line_and_exit_2(tmp_path):
    result = subprocess.run([sys.executable, "-m", "briefgen", "preview", "seeds/eu-japan.yaml", "-a", "nobody"],
                            cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stderr.startswith("briefgen: unknown audience 'nobody'; expected one of: analyst, ")
