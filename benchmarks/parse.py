"""Benchmark checking a batch's inputs: libyaml's parser against PyYAML's own.

    python3 benchmarks/parse.py [--factbases 100] [--rounds 3]

Makes a throw-away project of N synthetic fact bases (as benchmarks/batch.py
does) and times, in this process, what a build does before its first job can
start: load and check every fact base and profile (pipeline.load_inputs). Two
ways, alternated: as briefgen parses YAML (libyaml, yamlnodes.py), and with
PyYAML's Python parser alone, as before libyaml was used. A build of a
thousand fact bases, local or on a cluster, waits this long before it starts.
Both must give the same fact bases. Prints the medians, their ratio and the load.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from batch import make_project  # noqa: E402 - the same synthetic fact bases as the batch benchmark

from briefgen import yamlnodes  # noqa: E402
from briefgen.pipeline import load_inputs  # noqa: E402
from briefgen.project import Project  # noqa: E402


def timed_load(root: Path, libyaml: bool):
    saved = yamlnodes._LibyamlParser
    if not libyaml:
        yamlnodes._LibyamlParser = None  # as PyYAML without its C extension
    try:
        started = time.perf_counter()
        inputs = load_inputs(Project(root))
        return time.perf_counter() - started, inputs
    finally:
        yamlnodes._LibyamlParser = saved


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--factbases", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="briefgen-parse-bench-") as tmp:
        root = Path(tmp)
        make_project(root, args.factbases)
        times = {True: [], False: []}
        loads = []
        fact_bases = {}  # libyaml -> what it gave
        for _ in range(args.rounds):
            for libyaml in (False, True):
                seconds, inputs = timed_load(root, libyaml)
                times[libyaml].append(seconds)
                loads.append(os.getloadavg()[0])
                fact_bases[libyaml] = {name: fb.model_dump() for name, fb in inputs.factbases.items()}
            assert fact_bases[True] == fact_bases[False], "the two parsers gave different fact bases"
    fast, slow = statistics.median(times[True]), statistics.median(times[False])
    print(f"{args.factbases} synthetic fact bases, {args.rounds} round(s), load average "
          f"{min(loads):.2f}-{max(loads):.2f} ({os.cpu_count()} cores)")
    print(f"  PyYAML's parser alone: {slow:7.2f} s  ({slow / args.factbases * 1000:.0f} ms per fact base)")
    print(f"  libyaml (briefgen):    {fast:7.2f} s  ({fast / args.factbases * 1000:.0f} ms per fact base)")
    print(f"  {slow / fast:.2f}x faster; the same fact bases")


if __name__ == "__main__":
    main()
