"""Benchmark `briefgen build --scheduler` on a local Dask cluster against `-j N` on this machine.

    pip install -e '.[dask]'
    python3 benchmarks/cluster.py [--briefs 1000] [--audience policymaker] [--workers 2] [--rounds 1]

Makes a throw-away project of N synthetic fact bases (seeds/eu-japan.yaml with
every id and the titles varied, as benchmarks/batch.py does) and builds one
PDF per fact base for one audience (N briefs), each run into an empty folder:

  local     `briefgen build -f pdf -a AUDIENCE -j WORKERS`
  cluster   the same with `--scheduler` pointing at a LocalCluster of WORKERS
            single-threaded worker processes, started once before the runs

Runs alternate when --rounds > 1. The two builds must write the same bytes;
the script checks every file. Prints wall times, their ratio and the load.
"""
from __future__ import annotations

import argparse
import filecmp
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from batch import make_project  # noqa: E402 - the same synthetic fact bases as the batch benchmark


def run(root: Path, out: Path, audience: str, *extra: str) -> float:
    shutil.rmtree(out, ignore_errors=True)
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "briefgen", "--project", str(root), "build", "-f", "pdf",
                             "-a", audience, "-o", str(out), *extra], capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        sys.exit(f"build failed ({result.returncode}): {result.stderr.strip()[-2000:]}")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--briefs", type=int, default=1000)
    parser.add_argument("--audience", default="policymaker")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=1)
    args = parser.parse_args()

    from distributed import LocalCluster

    with tempfile.TemporaryDirectory(prefix="briefgen-cluster-bench-") as tmp:
        root = Path(tmp) / "project"
        make_project(root, args.briefs)
        with LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True,
                          dashboard_address=None, memory_limit=0) as cluster:
            times = {"local": [], "cluster": []}
            loads = []
            for _ in range(args.rounds):
                times["local"].append(run(root, Path(tmp) / "local", args.audience, "-j", str(args.workers)))
                loads.append(os.getloadavg()[0])
                times["cluster"].append(run(root, Path(tmp) / "cluster", args.audience,
                                            "--scheduler", cluster.scheduler_address))
                loads.append(os.getloadavg()[0])
        names = sorted(p.name for p in (Path(tmp) / "local").glob("*.pdf"))
        assert len(names) == args.briefs, len(names)
        _, mismatch, errors = filecmp.cmpfiles(Path(tmp) / "local", Path(tmp) / "cluster", names, shallow=False)
        assert not mismatch and not errors, (mismatch, errors)

    local, cluster_s = statistics.median(times["local"]), statistics.median(times["cluster"])
    print(f"{args.briefs} synthetic briefs ({args.audience}, PDF), {args.workers} workers, "
          f"{args.rounds} round(s), load average {min(loads):.2f}-{max(loads):.2f} ({os.cpu_count()} cores)")
    for label, seconds in ((f"local   -j {args.workers}:", local),
                           (f"cluster ({args.workers} workers, --scheduler):", cluster_s)):
        print(f"  {label:38} {seconds:8.1f} s  ({args.briefs / seconds:.1f} briefs/s)")
    print(f"  cluster / local: {cluster_s / local:.2f}x the time; every file byte-identical")


if __name__ == "__main__":
    main()
