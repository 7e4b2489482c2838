"""The fork server a build's workers come from exits at once when the build is gone
(briefgen/serverexit.py): it does not tear down the modules it loaded first, which kept
the build's output open for a program reading it after the build itself had finished."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

# A module the fork server loads, whose teardown shows: its object's __del__ runs when the
# interpreter clears the module at exit, and prints on the stream the server shares with the build.
_NOISY = """
import sys

class Noisy:
    def __del__(self):
        sys.stdout.write("torn down\\n")
        sys.stdout.flush()

kept = Noisy()
"""


@pytest.mark.parametrize("start, torn_down", [
    ("from briefgen.jobs import start_fork_server\nstart_fork_server(['noisy'])", False),
    # the same server as multiprocessing alone starts it: the module is torn down, so the test can tell
    ("import multiprocessing\nfrom multiprocessing import forkserver\n"
     "multiprocessing.get_context('forkserver').set_forkserver_preload(['noisy'])\nforkserver.ensure_running()", True),
], ids=["briefgen's fork server", "multiprocessing's own"])
def test_the_fork_server_exits_without_tearing_down_what_it_loaded(tmp_path, start, torn_down):
    (tmp_path / "noisy.py").write_text(_NOISY)
    # the server finds the module by the environment (it is a new interpreter: sys.path is not passed on)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, (str(tmp_path), os.environ.get("PYTHONPATH"))))}
    # run() returns once every process holding the build's stdout has closed it, the server included
    done = subprocess.run([sys.executable, "-c", start], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert ("torn down" in done.stdout) is torn_down
