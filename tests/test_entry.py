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
