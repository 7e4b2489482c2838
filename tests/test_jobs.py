"""A job that dies, runs too long or takes too much
memory fails alone, with one line, while the others finish.

The functions the workers run are in tests/jobtasks.py (a worker imports the
module of its function by name, and this one's imports are heavy); the last
tests go through the real CLI with a template that misbehaves for one audience only.
"""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import jobtasks
import pytest
from conftest import cli, make_project, out_dir

from briefgen.jobs import Limits, execute

TASKS = list(range(8))


def _run(monkeypatch, how: str, limits: Limits | None = None, workers: int = 2):
    monkeypatch.setenv("BRIEFGEN_TEST_MISBEHAVE", how)  # spawned workers inherit the environment
    finished = []
    results = execute(TASKS, jobtasks.work, workers, finished.append, lambda task, cause: f"lost {task}: {cause}",
                      limits=limits)
    assert sorted(finished) == sorted(results)  # each reported once, as it finished
    return results


def test_a_killed_worker_fails_its_own_job_only(monkeypatch):
    """With ProcessPoolExecutor, killing the worker of task 2 of 8 broke the
    pool and failed the tasks that were pending with it."""
    results = _run(monkeypatch, "kill")
    assert results[2] == ("lost 2: its worker process was killed by SIGKILL "
                          "(out of memory? one job may use 2,048 MB)")
    assert [r for i, r in enumerate(results) if i != 2] == [f"ok {i}" for i in TASKS if i != 2]


@pytest.mark.parametrize("workers", [2, 1], ids=["another job running", "no other job running"])
def test_a_worker_killed_before_its_acknowledgement_is_read_fails_its_own_job_only(monkeypatch, workers):
    """pebble learns which worker took a task from the worker's acknowledgement, read by one of
    its threads, and that a worker died from another. A worker killed between sending it and the
    pool reading it (noxdafox/pebble#153): its job waited for the time limit and came back as
    "stopped after 300 s"; or, with no other job running (one worker), pebble took it for every
    worker dying at start-up and failed every job of the build. Here each acknowledgement is read
    late, so the death is always seen first (the limit only bounds the test if it fails)."""
    import pebble.pool.process as pebble_process

    read = pebble_process.TaskManager.task_start

    def read_late(self, task_id, worker_id):
        time.sleep(0.1)  # five times the pool's polling interval (jobs._new_pool: 0.02 s)
        read(self, task_id, worker_id)

    monkeypatch.setattr(pebble_process.TaskManager, "task_start", read_late)
    results = _run(monkeypatch, "kill", Limits(seconds=20), workers)
    assert results[2] == ("lost 2: its worker process was killed by SIGKILL "
                          "(out of memory? one job may use 2,048 MB)")
    assert [r for i, r in enumerate(results) if i != 2] == [f"ok {i}" for i in TASKS if i != 2]


def test_a_job_over_its_time_limit_is_stopped_and_the_others_finish(monkeypatch):
    started = time.monotonic()
    # the limit counts from the moment a worker takes the task (pebble's acknowledgement), not
    # its start-up: 1 s is ten times what the other tasks take (a sleep, which needs no CPU)
    results = _run(monkeypatch, "hang", Limits(seconds=1))
    assert results[2] == "lost 2: stopped after 1 s, the time limit of one job"
    assert [r for i, r in enumerate(results) if i != 2] == [f"ok {i}" for i in TASKS if i != 2]
    assert time.monotonic() - started < 600  # not the hour task 2 asked for (a hang guard, not a timing)


def test_a_job_over_its_memory_limit_gets_a_memory_error(monkeypatch):
    results = _run(monkeypatch, "hog", Limits(memory_mb=512))
    assert results[2] == "refused: MemoryError"
    assert [r for i, r in enumerate(results) if i != 2] == [f"ok {i}" for i in TASKS if i != 2]


@pytest.mark.parametrize("preload", [(), ("briefgen.jobs",)], ids=["spawned", "forked from the fork server"])
def test_a_worker_that_cannot_start_fails_its_jobs_with_the_cause(preload):
    """A worker whose start-up fails (a broken install: an import that fails) gives each of its
    jobs that cause, not pebble's "All workers expired", and never hangs the build. (In a
    process of its own, which the subprocess's timeout stops if it hangs.)"""
    code = f"import sys; sys.path.insert(0, {str(Path(__file__).parent)!r}); import jobtasks; " \
           f"jobtasks.in_a_process_of_its_own({preload!r})"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        f"lost {t}: worker process failed: RuntimeError: it could not start: ImportError: cannot import name "
        "'docx' from 'briefgen.render'" for t in (1, 2, 3)]


@pytest.mark.parametrize("preload, excepthook", [((), "sys"), (("briefgen.jobs",), "briefgen.lateworker")],
                         ids=["spawned", "forked from the fork server"])
def test_workers_run_under_rlimit_as_with_what_they_loaded_frozen(preload, excepthook):
    """Forked workers come from a server that runs without the garbage collector (nogc.py):
    theirs is on again, collecting the young every 50,000 objects (a layout's boxes and styles
    live as long as its job). The server's children exit quietly if the pool closed as they
    started (lateworker.py)."""
    results = execute([1, 2], jobtasks.limit_and_frozen, 2, lambda r: None, lambda t, c: c,
                      limits=Limits(memory_mb=768), preload=preload)
    assert results == [(768 * 1024 * 1024, True, True, (50_000, 20, 20), excepthook)] * 2


def _workers(tmp_path: Path, name: str, dies: bool = False, **options) -> set[int]:
    """The pids of the two workers that ran a two-task run (forked, as a build's are)."""
    folder = tmp_path / name
    folder.mkdir()
    tasks = [str(folder), str(folder) + ("dies" if dies else "")]
    if dies:
        (tmp_path / (name + "dies")).symlink_to(folder)
    results = execute(tasks, jobtasks.pid_once_both_run, 2, lambda r: None, lambda t, cause: cause,
                      preload=("briefgen.jobs",), **options)
    return {r for r in results if isinstance(r, int)}


def test_the_workers_of_a_healthy_run_serve_the_next_and_no_failure_carries_over(tmp_path):
    """A run's workers are kept for the next run made alike (a preview's rebuild); after a run
    with a result the caller calls unhealthy, or a lost job, or for workers made otherwise
    (another memory limit), the next run has workers of its own."""
    first = _workers(tmp_path, "first")
    assert len(first) == 2
    assert _workers(tmp_path, "kept", healthy=lambda pid: False) == first
    after_unhealthy = _workers(tmp_path, "after-unhealthy")
    assert len(after_unhealthy) == 2 and not after_unhealthy & first
    assert len(_workers(tmp_path, "lost", dies=True) & after_unhealthy) == 1  # the job of one worker was lost
    after_lost = _workers(tmp_path, "after-lost")
    assert len(after_lost) == 2 and not after_lost & after_unhealthy
    assert not _workers(tmp_path, "other-limit", limits=Limits(memory_mb=1024)) & after_lost


def test_a_kept_worker_works_in_the_folder_of_the_run_it_serves(tmp_path, monkeypatch):
    """A new worker starts in the folder of the process that asks (multiprocessing), where
    relative paths, and the paths a message names, are read from: a kept worker goes there."""
    for name in ("one", "two"):
        (tmp_path / name).mkdir()
        monkeypatch.chdir(tmp_path / name)
        assert execute([1, 2], jobtasks.folder, 2, lambda r: None, lambda t, c: c, preload=("briefgen.jobs",)) == \
            [str(tmp_path / name)] * 2


# ------------------------------------------------------------ through the CLI

PRESS_ONLY = '{% if audience.name == "press" %}CODE{% endif %}'


def _misbehaving_project(tmp_path, code: str):
    root = make_project(tmp_path)
    template = root / "templates" / "brief.html.j2"
    text = template.read_text(encoding="utf-8")
    template.write_text(text.replace("<body", PRESS_ONLY.replace("CODE", code) + "<body", 1), encoding="utf-8")
    line = 1 + text[:text.index("<body")].count("\n")
    return root, line


def _build(root, *args):
    result = cli(root, "build", "seeds/mini.yaml", "--out", str(root / "out"), "-j", "2", *args)
    assert "Traceback" not in result.stderr
    return result


def _built(root) -> set[str]:
    return {p.name for p in (root / "out").iterdir() if not p.name.startswith(".")}


@pytest.mark.parametrize("code, limit, exit_code, cause", [
    # string doubling ('~') is not capped by the sandbox: the worker's memory limit stops
    # it, and the error names the template and its line
    ('{% set ns = namespace(s="x") %}{% for i in range(64) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}',
     ["--job-memory", "768"], 2, "templates/brief.html.j2:{line}:1: template error: out of memory"),
    # a template stuck for one audience: its jobs are stopped at --job-timeout (before the
    # render's own 30 s alarm). The limit is short, for the test's sake, yet several times
    # what a mini job takes on a loaded machine, since the jobs that must finish have it too
    ("{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
     ["--job-timeout", "5"], 1, "stopped after 5 s, the time limit of one job"),
], ids=["memory", "time"])
def test_a_job_over_its_limit_fails_alone_through_the_cli(tmp_path, code, limit, exit_code, cause):
    """The misbehaving audience's two jobs fail with one line; the other audience's are built."""
    root, line = _misbehaving_project(tmp_path, code)
    out_dir(root)
    result = _build(root, "-a", "press", "-a", "policymaker", *limit)
    assert result.returncode == exit_code
    assert [text for text in result.stderr.splitlines() if text.strip()] == [
        "failed: mini-press.pdf, mini-press.docx: " + cause.format(line=line)]
    assert "4 job(s): 2 built, 0 skipped, 2 failed" in result.stdout
    assert _built(root) - {"earlier.pdf"} == {"mini-policymaker.pdf", "mini-policymaker.docx"}


def test_a_failure_longer_than_any_console_is_still_one_line(tmp_path):
    """Piped output is laid out 160 columns wide; a problem's line is never folded there."""
    name = "an_undefined_name_" + "x" * 200
    root, line = _misbehaving_project(tmp_path, "{{ " + name + " }}")
    out_dir(root)
    result = _build(root, "-a", "press")
    assert result.returncode == 2
    [problem] = [text for text in result.stderr.splitlines() if text.strip()]
    assert problem.startswith(f"failed: mini-press.pdf, mini-press.docx: templates/brief.html.j2:{line}:")
    assert name in problem and len(problem) > 200


LATE_WORKER = """
import briefgen.lateworker
from multiprocessing import synchronize
lock = synchronize.Lock.__new__(synchronize.Lock)
lock.__setstate__((0, 1, 1, "/briefgen-test-{name}"))  # a channel's semaphore, unlinked by the closed pool
"""


@pytest.mark.parametrize("printed", [False, True], ids=["pool-closed", "any-other-error"])
def test_a_worker_started_as_the_pool_closes_exits_without_a_traceback(printed):
    """What a replacement worker meets when the build's last job ran out of time: the pool
    closed its channels while the worker was still opening them. It exits with code 1 and
    prints nothing into the build's output; any other error is still printed in full."""
    code = LATE_WORKER.format(name=os.getpid())
    if printed:
        code = code.replace("lock = ", "raise ValueError('a real problem')\nlock = ")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    if printed:
        assert "Traceback" in result.stderr and "ValueError: a real problem" in result.stderr
    else:
        assert result.stderr == ""


def test_a_script_that_builds_without_a_main_guard_is_told_and_does_not_hang(tmp_path):
    """Each new worker runs the main script again: unguarded, it built again in every worker, which
    died on the output folder's lock before taking a job, until pebble called the pool broken; the
    jobs it had not yet handed out then waited for ever (the build hung, with no message). Now the
    worker refuses with the fix, and every job fails with one line (the subprocess's timeout
    stops a hang)."""
    project = make_project(tmp_path / "project")
    script = tmp_path / "unguarded.py"
    script.write_text("from pathlib import Path\nfrom briefgen.build import build\n"
                      "from briefgen.project import Project\n"
                      f"for output in build(Project(Path({str(project)!r})), Path({str(tmp_path / 'out')!r}), "
                      "force=True, jobs=2):\n    print(output.status, output.error)\n")
    result = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert ("RuntimeError: briefgen's worker processes run the main script again as they start: call briefgen "
            "under 'if __name__ == \"__main__\":' in a script that builds") in result.stderr
    lines = result.stdout.splitlines()
    assert lines and set(lines) == {"failed its worker processes exit before taking a job (see their error above)"}
    assert not any((tmp_path / "out").glob("*.pdf"))


def test_the_installed_pebble_is_one_whose_gaps_poolwatch_closes():
    """poolwatch reaches into pebble 5's pool and leaves a pool it does not know alone: a pebble
    that turned the fix off silently would fail here, not as a build hung for five minutes."""
    from pebble import ProcessPool

    from briefgen import poolwatch

    pool = ProcessPool(1)
    try:
        assert poolwatch.watch(pool)
    finally:
        pool.stop()
        pool.join()


def test_a_pool_broken_otherwise_than_by_workers_dying_at_start_says_why():
    """A result the build cannot unpickle breaks pebble's pool; its jobs are told that, not that the
    workers exit before taking a job (which is what a pool broken by workers dying at start-up says)."""
    results = execute([0, 1, 2, 3], jobtasks.unrebuildable_result_at_1, 1, lambda result: None,
                      lambda task, cause: f"lost {task}: {cause}", limits=Limits(seconds=30))
    assert results[0] == "ok 0"
    # pebble fails every job after the one it could not read (one worker: 2 and 3 come after 1)
    assert results[1:] == [f"lost {task}: the worker pool broke: Unpicklable object from worker: cannot rebuild "
                           "this in the parent" for task in (1, 2, 3)]


def test_at_exit_every_worker_and_the_fork_server_are_told_to_stop_at_once():
    """pebble stopped the workers one after the other at the interpreter's exit, waiting for each to
    die, and the fork server exited only after the build had: the command's reader waited for each
    in turn. poolexit.stop_all, which the exit runs first, tells them all at once and does not wait:
    here, with the process still running, both workers and the server exit."""
    code = "import jobtasks; jobtasks.stop_all_at_once()"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, (str(Path(jobtasks.__file__).parent),
                                                                     os.environ.get("PYTHONPATH"))))}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, env=env)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "2 workers" and lines[-1] == "left []", result.stdout
    assert len([line for line in lines if line.startswith("gone ")]) == 3, result.stdout  # and the server
    # nothing leaked: the pool's semaphores were let go at exit as before, without a warning
    assert "leaked" not in result.stderr and "Traceback" not in result.stderr, result.stderr


def test_a_build_leaves_the_collector_as_it_found_it(tmp_path):
    """The build pauses the garbage collector while it loads the inputs (build._uncollected); a caller's
    collector is on again after the build, and one the caller had turned off stays off."""
    import gc

    from briefgen.build import build
    from briefgen.pipeline import Options
    from briefgen.project import Project

    root = make_project(tmp_path / "project")
    for enabled in (True, False):
        (gc.enable if enabled else gc.disable)()
        try:
            outputs = build(Project(root), tmp_path / f"out-{enabled}", audience_names=["press"],
                            options=Options(formats=("docx",)), jobs=1)
            assert [o.status for o in outputs] == ["built"]
            assert gc.isenabled() is enabled
        finally:
            gc.enable()
