"""JSON Schemas of the fact base and the audience profile, from the pydantic models.

Editors that speak JSON Schema (VS Code's YAML extension, through the
`# yaml-language-server: $schema=...` line `briefgen new` writes) then check
and complete the YAML as it is typed, with each field's description shown. The
schema covers what a schema can say (keys, types, allowed values, ranges);
cross-references such as a fact citing an unknown source remain
`briefgen validate`'s job.
"""
from __future__ import annotations

import ast
import inspect
import json
import textwrap
from pathlib import Path
from typing import get_args

from pydantic import BaseModel

from .fsio import write_atomic
from .model import FactBase
from .profile import Audience

FACTBASE_SCHEMA = "factbase.schema.json"
PROFILE_SCHEMA = "profile.schema.json"


def schemas() -> dict[str, dict]:
    """File name -> JSON Schema (draft 2020-12)."""
    _described((FactBase, Audience))
    out = {}
    for name, model, title in ((FACTBASE_SCHEMA, FactBase, "briefgen fact base"),
                               (PROFILE_SCHEMA, Audience, "briefgen audience profile")):
        schema = model.model_json_schema()
        schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema, "title": title}
        out[name] = schema
    return out


def _described(roots: tuple[type[BaseModel], ...]) -> None:
    """Each field of ``roots`` and of the models they hold described by the docstring under it, as
    pydantic's use_attribute_docstrings would at import (fields.Strict says why it does not): a
    field's docstring is the one in the class that declares it. Then every model is built again,
    each after the models its fields hold, so that one built before (to validate) shows them too."""
    models = _models_in(roots)
    if all(model in _described_models for model in models):
        return
    for model in models:
        for name, field in model.__pydantic_fields__.items():
            owner = next((c for c in model.__mro__ if name in c.__dict__.get("__annotations__", {})), model)
            if field.description is None and (doc := _docstrings(owner).get(name)):
                field.description = doc
    for model in models:
        model.model_rebuild(force=True)
        _described_models.add(model)


_described_models: set[type] = set()


def _models_in(roots: tuple[type[BaseModel], ...]) -> list[type[BaseModel]]:
    """The models ``roots`` hold, each after every model its fields hold (the roots last)."""
    seen: set[type] = set()
    order: list[type[BaseModel]] = []

    def held(annotation) -> list[type[BaseModel]]:
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            return [annotation]
        return [model for arg in get_args(annotation) for model in held(arg)]

    def visit(model: type[BaseModel]) -> None:
        if model not in seen:
            seen.add(model)
            for field in model.__pydantic_fields__.values():
                for inner in held(field.annotation):
                    visit(inner)
            order.append(model)

    for root in roots:
        visit(root)
    return order


def _docstrings(cls: type) -> dict[str, str]:
    """Field name -> the string right under its annotation in ``cls``'s own body (pydantic's rule)."""
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(cls)))
    except (OSError, TypeError, SyntaxError):
        return {}
    body = tree.body[0].body if tree.body and isinstance(tree.body[0], ast.ClassDef) else []
    docs = {}
    for before, statement in zip(body, body[1:], strict=False):
        if (isinstance(before, ast.AnnAssign) and isinstance(before.target, ast.Name)
                and isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant)
                and isinstance(statement.value.value, str)):
            docs[before.target.id] = inspect.cleandoc(statement.value.value)
    return docs


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
