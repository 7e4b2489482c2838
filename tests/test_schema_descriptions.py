"""The schemas' field descriptions are read from the models' docstrings when a schema is made
(schema.py), not by pydantic at import: a model validated before still shows them."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_SCHEMAS = "import json; from briefgen.schema import schemas; print(json.dumps(schemas()))"
# the models built first, to validate the sample fact base and profiles, then the schemas
_AFTER_A_VALIDATION = ("from pathlib import Path; from briefgen.pipeline import load_inputs; "
                       "from briefgen.project import Project; "
                       "load_inputs(Project(Path('.')), [Path('seeds/eu-japan.yaml')]); " + _SCHEMAS)


def _schemas(code: str) -> dict:
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def test_a_schema_made_after_a_validation_has_every_description():
    fresh, after = _schemas(_SCHEMAS), _schemas(_AFTER_A_VALIDATION)
    assert after == fresh
    # a root's field, a nested model's field, and an inherited one, each its docstring
    factbase, profile = after["factbase.schema.json"], after["profile.schema.json"]
    assert factbase["properties"]["meta"]["description"]
    assert profile["properties"]["budget"]["description"]
    assert all(spec.get("description") for definition in factbase["$defs"].values()
               for spec in definition.get("properties", {}).values())


def test_importing_the_models_reads_no_docstring():
    # every model the schemas hold, nested ones included (Fact, Source, Section...), not only the roots
    code = ("from briefgen.model import FactBase; from briefgen.profile import Audience; "
            "from briefgen.schema import _models_in; models = _models_in((FactBase, Audience)); "
            "print(len(models), sum(f.description is not None for m in models for f in m.model_fields.values()))")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    models, described = map(int, done.stdout.split())
    assert models > 20 and described == 0, done.stdout
