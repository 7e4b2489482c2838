"""The fork server's imports (workers.PRELOAD), which every build waits for, build no model's validator."""
import subprocess
import sys

_SCRIPT = """
import importlib
import pydantic
from briefgen.workers import PRELOAD

for name in PRELOAD:
    importlib.import_module(name)
models, todo = [], [pydantic.BaseModel]
while todo:
    for sub in todo.pop().__subclasses__():
        todo.append(sub)
        if sub.__module__.startswith("briefgen"):
            models.append(sub)
print(len(models), sorted(m.__name__ for m in models if m.__pydantic_complete__))
"""


def test_the_fork_server_builds_no_validator():
    """The workers only unpickle the models the build validated; building the validators of all of
    them (pydantic, at class creation unless defer_build) cost every build 0.04-0.05 s of waiting."""
    run = subprocess.run([sys.executable, "-c", _SCRIPT], capture_output=True, text=True, check=True)
    out = run.stdout.split(" ", 1)
    assert int(out[0]) > 20, out  # the fact base's, the profile's and the configuration's models
    assert out[1].strip() == "[]"
