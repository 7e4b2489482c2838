"""The command's entry point starts the fork server first only for a command line that is a local build of every job."""
import pytest

from briefgen.entry import runs_every_job


@pytest.mark.parametrize("args, expected", [
    (["build", "--force"], True),
    (["build", "seeds/eu-japan.yaml", "-o", "out", "-j", "2", "--force"], True),
    (["--project", "tests/topics/eu-korea", "build", "--force"], True),
    (["--project=tests/topics/eu-korea", "build", "-a", "analyst", "--force"], True),
    (["build"], False),  # which jobs run is known only once the manifest is read (build.py starts it then)
    (["build", "--force", "--scheduler", "tcp://127.0.0.1:8786"], False),  # the jobs run on the cluster
    (["build", "--force", "--scheduler=tcp://127.0.0.1:8786"], False),
    (["build", "--force", "--help"], False),
    (["validate", "--force"], False),
    (["preview"], False),
    (["--project", "build", "validate", "--force"], False),  # a project folder named build
    ([], False),
    (["--project"], False),
])
def test_only_a_local_build_of_every_job_starts_the_server_early(args, expected):
    assert runs_every_job(args) is expected


def test_the_server_starts_before_the_command_line_imports_click():
    """The point of entry.py: the fork server's imports overlap the command line's own."""
    import subprocess
    import sys

    script = ("import sys\n"
              "sys.argv = ['briefgen', 'build', '--force']\n"
              "import briefgen.workers\n"
              "briefgen.workers.start_workers = lambda: print('started; click imported:', 'click' in sys.modules)\n"
              "sys.modules['briefgen.cli'] = cli = type(sys)('briefgen.cli')\n"
              "cli.main = lambda: print('the command runs')\n"
              "import briefgen.entry\n"
              "briefgen.entry.main()\n")
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
    assert out.splitlines() == ["started; click imported: False", "the command runs"]


def test_a_build_ends_at_once_with_its_output_and_code_whole(tmp_path):
    """The end of a local build (poolexit.exit_now): workers and fork server told to stop at once,
    multiprocessing's finalizers run, then os._exit, without waiting for each worker's death or
    tearing down the modules. The table is printed to its last line, nothing is said of leaked
    semaphores or an exception at exit, and the code is the command's: 0, 2 for bad input."""
    import subprocess
    import sys

    from conftest import make_project

    root = make_project(tmp_path / "project")
    command = [sys.executable, "-m", "briefgen", "--project", str(root), "build"]
    done = subprocess.run([*command, "--force", "-j", "2"], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.rstrip().splitlines()[-1].startswith("10 job(s): 10 built, 0 skipped, 0 failed"), done.stdout
    for noise in ("leaked", "Exception ignored", "Traceback"):
        assert noise not in done.stderr, done.stderr
    bad = subprocess.run([*command, str(tmp_path / "none.yaml"), "--force"], capture_output=True, text=True,
                         timeout=300)
    assert bad.returncode == 2 and bad.stderr.strip().endswith("cannot read file: No such file or directory")
    assert "Traceback" not in bad.stderr


@pytest.mark.parametrize("args, expected", [
    (["build"], True), (["--project", "p", "build", "--force"], True), (["build", "--scheduler", "tcp://h:1"], False),
    (["validate"], False), (["preview"], False), ([], False),
])
def test_only_a_local_build_ends_through_exit_now(args, expected):
    from briefgen.entry import local_build

    assert local_build(args) is expected
