"""JSON Schemas of the fact base and the audience profile, from the pydantic models.

Editors that speak JSON Schema (VS Code's YAML extension, through the
`# yaml-language-server: $schema=...` line `briefgen new` writes) then check
and complete the YAML as it is typed, with each field's description shown. The
schema covers what a schema can say (keys, types, allowed values, ranges);
cross-references such as a fact citing an unknown source remain
`briefgen validate`'s job.
"""
from __future__ import annotations

import json
from pathlib import Path

from .fsio import write_atomic
from .model import FactBase
from .profile import Audience

FACTBASE_SCHEMA = "factbase.schema.json"
PROFILE_SCHEMA = "profile.schema.json"


def schemas() -> dict[str, dict]:
    """File name -> JSON Schema (draft 2020-12)."""
    out = {}
    for name, model, title in ((FACTBASE_SCHEMA, FactBase, "briefgen fact base"),
                               (PROFILE_SCHEMA, Audience, "briefgen audience profile")):
        schema = model.model_json_schema()
        schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema, "title": title}
        out[name] = schema
    return out


def as_json(data):
    """YAML data as JSON sees it: dates become ISO strings (as an editor's YAML
    language server reads them), so a JSON Schema validator can check the file."""
    import datetime as dt

    if isinstance(data, dict):
        return {str(k): as_json(v) for k, v in data.items()}
    if isinstance(data, list):
        return [as_json(v) for v in data]
    if isinstance(data, (dt.date, dt.datetime)):
        return data.isoformat()
    return data


def write_schemas(folder: Path) -> list[Path]:
    """Write both schemas into ``folder``; returns the paths written."""
    written = []
    for name, schema in schemas().items():
        path = Path(folder) / name
        write_atomic(path, (json.dumps(schema, indent=2, ensure_ascii=False) + "\n").encode())
        written.append(path)
    return written
