"""The start-up of validate and build, this tree against a baseline tree, runs alternated.

    python3 benchmarks/startup.py BASELINE [--rounds 5]

  validate  `briefgen validate` on the EU-Japan project (whole process, imports included)
  pre-job   what `briefgen build --force -j 1` does before its first job: its imports and
            load_inputs on the bytes the build hashed (parse, validate, check the fact base
            and the profiles), timed inside a fresh process
  load      load_inputs alone, within the same runs as pre-job (no imports: the work itself)

BASELINE: another commit's files (`git archive main | tar -x -C DIR`). Each tree runs its own
code on its own seeds and audiences, its modules compiled to bytecode first. A no-op build
(targets.py --only noop) is no measure of this: it parses nothing.
"""
from __future__ import annotations

import argparse
import compileall
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PRE_JOB = """
import time; started = time.perf_counter()
from pathlib import Path
from briefgen.pipeline import load_inputs
from briefgen.project import Project
loading = time.perf_counter()
load_inputs(Project(Path('.')), contents={})
print(time.perf_counter() - started, time.perf_counter() - loading)
"""


def run(tree: Path, what: str) -> tuple[float, ...]:
    env = {**os.environ, "PYTHONPATH": str(tree)}
    if what == "validate":
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "briefgen", "validate"], cwd=tree, env=env, capture_output=True)
        return (time.perf_counter() - started,)
    done = subprocess.run([sys.executable, "-c", PRE_JOB], cwd=tree, env=env, capture_output=True, text=True,
                          check=True)
    return tuple(map(float, done.stdout.split()[-2:]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("baseline", type=Path)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    trees = {"baseline": args.baseline.resolve(), "this": ROOT}
    for tree in trees.values():
        compileall.compile_dir(tree / "briefgen", quiet=1)
    for what, labels in (("validate", ["validate"]), ("pre-job", ["pre-job", "load"])):
        times: dict[str, list[tuple[float, ...]]] = {name: [] for name in trees}
        for _ in range(args.rounds):
            for name, tree in trees.items():  # alternated: a change in load hits both alike
                times[name].append(run(tree, what))
        for i, label in enumerate(labels):
            base, this = (statistics.median(t[i] for t in times[n]) for n in trees)
            print(f"{label:9} baseline {base:.3f} s, this {this:.3f} s, ratio {this / base:.2f} "
                  f"(median of {args.rounds}; load {os.getloadavg()[0]:.2f})")


if __name__ == "__main__":
    main()
