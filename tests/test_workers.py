"""The fork server's imports (workers.PRELOAD), which every build waits for, build no model's validator."""
import subprocess
import sys
from pathlib import Path

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


def test_a_briefgen_folder_in_the_working_folder_does_not_shadow_the_workers_briefgen(tmp_path):
    """The fork server is 'python -c', which puts the working folder first on its import path, and
    Python 3.11's server ignores the path it is handed: run in a clone of briefgen's repository where
    briefgen was pip-installed, it preloaded the clone's own folder (no generated templates), and every
    job failed with ModuleNotFoundError. Here the folder is a package holding nothing at all."""
    from conftest import make_project

    root = make_project(tmp_path / "project")
    here = tmp_path / "clone"
    (here / "briefgen").mkdir(parents=True)
    (here / "briefgen" / "__init__.py").write_text('"""not briefgen: a folder of that name where the build is run"""\n')
    command = Path(sys.executable).with_name("briefgen")
    run = subprocess.run([str(command), "--project", str(root), "build", "-a", "press", "-f", "docx", "-j", "1"],
                         cwd=here, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout[-800:] + run.stderr[-800:]
    assert (root / "briefs" / "mini-press.docx").is_file()
