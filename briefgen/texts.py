"""Where a model holds per-language text: the one walk over its Text fields.

A field annotated ``Text`` (fields.py) may hold one string or {language: text}.
Found from the models' annotations, never from a list of field names, so a field
made per-language is localised for the brief (in_language, which select() applies
once) and checked for its language tags (languages.py) with nothing else to edit.
"""
from __future__ import annotations

import types
from collections.abc import Iterator
from functools import cache
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel

from .fields import TEXT_FORMS, localised

_OPTIONAL = (Union, types.UnionType)


def _bare(annotation: Any) -> Any:
    """``annotation`` without Annotated's metadata and without None where it is optional."""
    while True:
        if get_origin(annotation) is Annotated:
            annotation = get_args(annotation)[0]
        elif get_origin(annotation) in _OPTIONAL and annotation != TEXT_FORMS:
            members = [a for a in get_args(annotation) if a is not type(None)]
            if len(members) != 1:
                return annotation
            annotation = members[0]
        else:
            return annotation


def is_text(annotation: Any) -> bool:
    """Whether a field annotated so holds Text (or Text | None)."""
    return _bare(annotation) == TEXT_FORMS


@cache
def _slots(model: type[BaseModel]) -> tuple[tuple[str, str], ...]:
    """(field, how it holds text) of each field of ``model`` that holds Text or models that may:
    "text", "texts" (a mapping of Text: a so-what line per reader), "nested" (models, lists of them)."""
    out = []
    for name, field in model.model_fields.items():
        bare = _bare(field.annotation)
        if bare == TEXT_FORMS:
            out.append((name, "text"))
        elif get_origin(bare) is dict and is_text(get_args(bare)[1]):
            out.append((name, "texts"))
        elif _may_hold_models(bare):
            out.append((name, "nested"))
    return tuple(out)


@cache
def marked(model: type[BaseModel], mark: str) -> frozenset[str]:
    """The fields of ``model`` marked ``mark`` where the model defines them (fields.PROSE, fields.REFERENCE)."""
    return frozenset(name for name, field in model.model_fields.items()
                     if isinstance(field.json_schema_extra, dict) and field.json_schema_extra.get(mark))


def _may_hold_models(annotation: Any) -> bool:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return True
    return any(_may_hold_models(_bare(a)) for a in get_args(annotation))


def texts(model: BaseModel, path: tuple = ()) -> Iterator[tuple[tuple, Any]]:
    """(path, value) of every Text value set in ``model``, however deep, in field order; a mapping
    of Text gives each value at its key's path (("so_what", "press"), ...)."""
    for name, how in _slots(type(model)):
        value = getattr(model, name)
        if value is None:
            continue
        if how == "text":
            yield path + (name,), value
        elif how == "texts":
            for key, text in value.items():
                yield path + (name, key), text
        else:
            for at, item in _models_in(value, path + (name,)):
                yield from texts(item, at)


def _models_in(value: Any, path: tuple) -> Iterator[tuple[tuple, BaseModel]]:
    if isinstance(value, BaseModel):
        yield path, value
    elif isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            yield from _models_in(item, path + (i,))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _models_in(item, path + (key,))


def in_language(model: Any, language: str) -> Any:
    """``model`` with every Text in it, however deep, as its text in ``language`` (fields.localised):
    what a brief prints, so no template meets a {language: text} mapping. A model holding plain
    text only is returned as it is (the same object)."""
    if isinstance(model, (list, tuple)):
        items = [in_language(item, language) for item in model]
        return model if all(a is b for a, b in zip(items, model, strict=True)) else type(model)(items)
    if isinstance(model, dict):
        values = {key: in_language(item, language) for key, item in model.items()}
        return model if all(values[k] is v for k, v in model.items()) else values
    if not isinstance(model, BaseModel):
        return model
    update: dict[str, Any] = {}
    for name, how in _slots(type(model)):
        value = getattr(model, name)
        if how == "text":
            new = localised(value, language) if isinstance(value, dict) else value
        elif how == "texts":
            new = {k: localised(v, language) for k, v in value.items()} if any(
                isinstance(v, dict) for v in value.values()) else value
        else:
            new = in_language(value, language)
        if new is not value:
            update[name] = new
    return model.model_copy(update=update) if update else model
