"""Benchmark the batch build: N synthetic fact bases x every audience x PDF and Word.

    python3 benchmarks/batch.py [--factbases 20] [--jobs N] [--keep DIR]

Makes a throw-away project (this repository's templates and audiences, and N
fact bases derived from seeds/eu-japan.yaml with every id and the titles
varied), then times, each through the real CLI in its own process:

  1. a cold build with --jobs 1,
  2. a cold build with --jobs N (default: every core),
  3. a no-op rebuild (nothing changed: every job must be skipped),
  4. a rebuild after touching templates/brief.css (only the PDFs depend on it).

Peak memory is the largest resident set of any one process of the run (the
CLI or one of its workers), from getrusage(RUSAGE_CHILDREN) in a wrapper
process that does nothing else.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "eu-japan.yaml"

# Runs one command and reports its wall time and the peak RSS of its process tree.
_WRAPPER = r"""
import json, resource, subprocess, sys, time
started = time.perf_counter()
result = subprocess.run(sys.argv[1:], capture_output=True, text=True)
seconds = time.perf_counter() - started
peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # kilobytes on Linux
print(json.dumps({"rc": result.returncode, "seconds": seconds, "peak_mib": peak_kib / 1024,
                  "stdout": result.stdout, "stderr": result.stderr}))
"""

_ID_KEYS = {"id", "about", "source_document"}  # values that are ids
# lists of ids: a fact's sources, what a statement rests on, the frameworks a milestone marks, the facts that tell it
_REF_LISTS = {"sources", "rests_on", "frameworks", "told_by"}


def variant(data, k: int):
    """The fact base with every id suffixed and the titles numbered, references kept intact."""
    def walk(node, key=None):
        if isinstance(node, dict):
            return {name: (f"{value}-v{k}" if name in _ID_KEYS and isinstance(value, str) else walk(value, name))
                    for name, value in node.items()}
        if isinstance(node, list):
            if key in _REF_LISTS:
                return [f"{v}-v{k}" if isinstance(v, str) else walk(v) for v in node]
            return [walk(v) for v in node]
        return node

    out = walk(data)
    out["meta"]["title"] = f"{out['meta']['title']} (variant {k})"
    out["meta"]["short_title"] = f"{out['meta']['short_title']} {k}"
    return out


def make_project(root: Path, count: int) -> list[Path]:
    shutil.copytree(ROOT / "templates", root / "templates")
    shutil.copytree(ROOT / "audiences", root / "audiences")
    seeds = root / "seeds"
    seeds.mkdir()
    data = yaml.safe_load(SEED.read_text(encoding="utf-8"))
    paths = []
    for k in range(1, count + 1):
        path = seeds / f"synthetic-{k:02d}.yaml"
        path.write_text(yaml.safe_dump(variant(data, k), allow_unicode=True, sort_keys=False), encoding="utf-8")
        paths.append(path)
    return paths


def run(root: Path, *args: str) -> dict:
    cli = [sys.executable, "-m", "briefgen", "--project", str(root), "build", "--out", str(root / "briefs"), *args]
    done = subprocess.run([sys.executable, "-c", _WRAPPER, *cli], capture_output=True, text=True, check=True,
                          cwd=ROOT)
    result = json.loads(done.stdout)
    summary = re.search(r"(\d+) job\(s\): (\d+) built, (\d+) skipped, (\d+) failed", result["stdout"])
    if result["rc"] not in (0, 1) or not summary:
        sys.exit(f"build failed (exit {result['rc']}):\n{result['stderr'][-2000:]}")
    result["jobs"], result["built"], result["skipped"], result["failed"] = map(int, summary.groups())
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--factbases", type=int, default=20)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="parallel jobs for the 'all cores' run")
    parser.add_argument("--keep", type=Path, help="build in this folder and keep it")
    args = parser.parse_args()

    root = args.keep or Path(tempfile.mkdtemp(prefix="briefgen-bench-"))
    try:
        make_project(root, args.factbases)
        rows = []
        rows.append(("cold build", 1, run(root, "--jobs", "1")))
        shutil.rmtree(root / "briefs")
        rows.append(("cold build", args.jobs, run(root, "--jobs", str(args.jobs))))
        rows.append(("no-op rebuild", args.jobs, run(root, "--jobs", str(args.jobs))))
        css = root / "templates" / "brief.css"
        css.write_text(css.read_text(encoding="utf-8") + "\n/* touched */\n", encoding="utf-8")
        rows.append(("brief.css touched", args.jobs, run(root, "--jobs", str(args.jobs))))
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)

    print(f"{args.factbases} fact bases x 5 audiences x 2 formats; {os.cpu_count()} CPU(s); "
          f"Python {sys.version.split()[0]}")
    header = f"{'run':<18} {'jobs':>4} {'wall s':>8} {'built':>6} {'skipped':>8} {'failed':>7} {'peak MiB':>9}"
    print(header)
    print("-" * len(header))
    for name, jobs, r in rows:
        print(f"{name:<18} {jobs:>4} {r['seconds']:>8.2f} {r['built']:>6} {r['skipped']:>8} {r['failed']:>7} "
              f"{r['peak_mib']:>9.0f}")
    one, many = rows[0][2]["seconds"], rows[1][2]["seconds"]
    print(f"speed-up with {args.jobs} jobs: {one / many:.2f}x")


if __name__ == "__main__":
    main()
