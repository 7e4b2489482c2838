"""briefgen build --scheduler: the jobs run on a Dask cluster (a local scheduler and two
workers this test starts), the client writes the files, and they are the bytes a local
build writes."""
from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import make_project, run_cli

from briefgen.cluster import ClusterError, connect_seconds

# Dask is an optional extra. It is imported by the tests that use it, not at collection: every
# worker of the suite collects this module, and one runs its tests (about 1 s of import saved)
pytestmark = [pytest.mark.xdist_group("dask"),  # one scheduler (a module fixture) for every test here
              pytest.mark.skipif(importlib.util.find_spec("distributed") is None,
                                 reason="the dask extra: pip install -e '.[dask]'")]

DASK = [sys.executable, "-m", "distributed.cli.dask_scheduler"]
WORKER = [sys.executable, "-m", "distributed.cli.dask_worker"]


@pytest.fixture(scope="module")
def scheduler():
    """tcp://127.0.0.1:PORT of a scheduler with two single-threaded worker processes."""
    import distributed

    processes = [subprocess.Popen([*DASK, "--host", "127.0.0.1", "--port", "0", "--no-dashboard"],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)]
    try:
        for line in processes[0].stderr:
            if found := re.search(r"Scheduler at:\s+(tcp://\S+)", line):
                break
        else:
            pytest.fail("the Dask scheduler did not start")
        address = found.group(1)
        processes[0].stderr.close()  # nothing reads it from here on; its log must not block it
        for _ in range(2):
            # no nanny: one process per worker, so the teardown below leaves none behind
            processes.append(subprocess.Popen([*WORKER, address, "--nthreads", "1", "--no-dashboard",
                                               "--memory-limit", "0", "--no-nanny"],
                                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        with distributed.Client(address, timeout=60) as client:
            client.wait_for_workers(2, timeout=120)
        yield address
    finally:
        # killed, not asked to close: a worker closing gracefully waits seconds for a scheduler
        # that is closing too, and nothing of theirs outlives the test
        for process in reversed(processes):
            process.kill()
        for process in processes:
            process.wait(timeout=60)


@pytest.fixture
def project_root(tmp_path) -> Path:
    return make_project(tmp_path / "project")


def ran_on_cluster(address: str) -> set[str]:
    """The keys of the jobs the scheduler saw run (each is the job function's name and a token)."""
    import distributed

    with distributed.Client(address, timeout=60) as client:
        return client.run_on_scheduler(
            lambda dask_scheduler: sorted({str(entry[0]) for entry in dask_scheduler.transition_log
                                           if entry[2] == "memory"}))


def test_a_cluster_build_writes_the_bytes_a_local_build_writes(scheduler, built_mini, tmp_path):
    """The project's own briefs/ holds a local build of the same project (built_mini)."""
    project_root, remote, local = built_mini.root, tmp_path / "remote", built_mini.root / "briefs"
    before = set(ran_on_cluster(scheduler))
    result = run_cli("--project", str(project_root), "build", "--scheduler", scheduler, "-o", str(remote))
    assert result.returncode == 0, result.stderr
    jobs = set(ran_on_cluster(scheduler)) - before
    # every job ran on the workers: one per brief (5 audiences), each writing both formats
    assert len([k for k in jobs if k.startswith("_checked")]) == 5
    names = sorted(p.name for p in local.glob("mini-*"))
    assert len(names) == 10
    assert sorted(p.name for p in remote.glob("mini-*")) == names
    for name in names:
        assert (remote / name).read_bytes() == (local / name).read_bytes(), name
    assert not list(remote.glob(".*.tmp"))
    # the table reports each file as built, like a local build's
    assert "mini-analyst.pdf" in result.stdout and "10 job(s): 10 built" in result.stdout

    # and the cache is one: a local build after the cluster's has nothing to do
    again = run_cli("--project", str(project_root), "build", "-o", str(remote))
    assert again.returncode == 0 and "10 job(s): 0 built, 10 skipped" in again.stdout


def test_an_unreachable_scheduler_is_one_line_and_nothing_written(project_root, tmp_path, monkeypatch):
    """Tried for as long as the user's Dask setting says (1 s here; briefgen's default is 10 s)."""
    monkeypatch.setenv("DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT", "1")  # the command inherits it
    out = tmp_path / "out"
    result = run_cli("--project", str(project_root), "build", "--scheduler", "tcp://127.0.0.1:9", "-o", str(out))
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in lines[0], result.stderr
    assert "after 1 s" in lines[0]
    assert not list(out.glob("mini-*"))


def test_the_wait_for_the_scheduler_is_dask_s_own_setting_or_10_s(monkeypatch):
    import dask.config

    monkeypatch.delenv("DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT", raising=False)
    monkeypatch.setattr(dask.config, "paths", [])  # no Dask configuration file of the machine's user
    assert connect_seconds() == 10  # not Dask's built-in 30 s
    monkeypatch.setenv("DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT", "2500ms")
    assert connect_seconds() == 2.5
    monkeypatch.setenv("DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT", "soon")
    with pytest.raises(ClusterError, match="distributed.comm.timeouts.connect is 'soon', not a duration"):
        connect_seconds()
