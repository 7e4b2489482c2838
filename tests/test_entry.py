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
