"""Benchmark `briefgen preview`: from saving the fact base to the new page on screen.

    python3 benchmarks/preview.py [--audience policymaker] [--rounds 7]

Copies the project to a temporary folder, starts `briefgen preview` on it and
opens the page in headless Chromium (Debian's, driven by Playwright). Each
round saves an edit to the first takeaway of the fact base (written to a new
file and renamed over the old one, as editors save) and times until the edited
text is in the browser's page with the new page images decoded; the page
polls on every animation frame, so the figure is what a user waits.

The baseline, alternated with it in the same session: what a user without the
preview runs after a save, `briefgen build FACTBASE -a AUDIENCE -f pdf --force`
in a new process. Prints both medians, their ratio, the preview's own rebuild
time (the server's figure) and the load average.
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "eu-japan.yaml"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def first_words(factbase: Path) -> str:
    """The opening words of the first takeaway: on one line of the file, and on page 1."""
    data = yaml.safe_load(factbase.read_text(encoding="utf-8"))
    return " ".join(data["takeaways"][0]["text"].split()[:3])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--audience", default="policymaker")
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="briefgen-preview-bench-") as tmp:
        root = Path(tmp)
        for folder in ("seeds", "audiences", "templates"):
            shutil.copytree(ROOT / folder, root / folder)
        factbase = root / "seeds" / SEED.name
        original = factbase.read_text(encoding="utf-8")
        anchor = first_words(factbase)
        assert original.count(anchor) >= 1, anchor

        server = subprocess.Popen([sys.executable, "-m", "briefgen", "--project", str(root), "preview",
                                   f"seeds/{SEED.name}", "-a", args.audience, "--port", "0"],
                                  cwd=root, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        try:
            url = next(m.group(0) for line in server.stdout
                       if (m := re.search(r"http://127\.0\.0\.1:\d+/", line)))
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_FLAGS)
                page = browser.new_page()
                page.goto(url)
                page.wait_for_selector("body[data-version]")
                preview, baseline, server_side = [], [], []
                for n in range(1, args.rounds + 1):
                    marker = f"Edit {n}:"
                    tmp_file = factbase.with_name(".edit.tmp")
                    tmp_file.write_text(original.replace(anchor, f"{marker} {anchor}", 1), encoding="utf-8")
                    started = time.perf_counter()
                    os.replace(tmp_file, factbase)
                    page.wait_for_function("m => document.getElementById('pages').innerText.includes(m)",
                                           arg=marker, polling="raf", timeout=60_000)
                    preview.append(time.perf_counter() - started)
                    server_side.append(page.evaluate("fetch('/state.json').then(r => r.json())")["seconds"])

                    started = time.perf_counter()
                    subprocess.run([sys.executable, "-m", "briefgen", "--project", str(root), "build",
                                    f"seeds/{SEED.name}", "-a", args.audience, "-f", "pdf", "--force",
                                    "-o", str(root / "out")], cwd=root, check=True, capture_output=True)
                    baseline.append(time.perf_counter() - started)
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=30)

    p, b = statistics.median(preview), statistics.median(baseline)
    print(f"{SEED.stem}-{args.audience}, {args.rounds} rounds alternated, load average {os.getloadavg()[0]:.2f}")
    print(f"  save -> new page on screen (preview):     median {p:.3f} s  "
          f"(min {min(preview):.3f}, max {max(preview):.3f}); goal <= 1.5 s")
    print(f"    of which the server's rebuild:          median {statistics.median(server_side):.3f} s")
    print(f"  baseline `briefgen build -f pdf --force`: median {b:.3f} s")
    print(f"  preview / baseline: {p / b:.2f}x the time ({b / p:.1f}x faster)")


if __name__ == "__main__":
    main()
