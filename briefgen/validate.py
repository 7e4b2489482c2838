"""Plain data (with marks) -> typed model, with each schema error explained in the user's terms.

"unknown key 'headlin' (did you mean 'headline'?)", "expected a date (YYYY-MM-DD)",
each at its file, line and field. The checks a schema cannot express
(checks.py) run in the same pass, so all problems are collected, then raised
together: an analyst fixing a fact base wants the whole list, not one error per run.
"""
from __future__ import annotations

import datetime as dt
import difflib
import re
import types
from collections.abc import Callable, Iterator
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel, Tag, ValidationError

from .errors import BriefgenError, Problem
from .load import Document
from .yamlnodes import describe_char

# XML 1.0 cannot carry these; they would corrupt the Word draft. A YAML
# double-quoted string can still produce them with escapes ("\x07", "\ud800").
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def to_model(doc: Document, model: type[BaseModel], check: Callable[[Document, Any], list[Problem]] | None = None,
             validated: BaseModel | None = None) -> tuple[Any, list[Problem]]:
    """Validate ``doc`` against ``model``; return (instance or None, problems).

    On errors, ``check`` (the cross-reference checks) still runs on whatever
    the schema accepted, so one run reports both kinds of problem. ``validated``:
    the instance ``model`` made of ``doc.data`` already, not made again.
    """
    problems = doc.problems + list(control_characters(doc, doc.data, ()))
    if not isinstance(doc.data, dict):
        problems.append(doc.problem((), "expected a mapping of keys at the top level, "
                                        f"got {_got(doc.data)}"))
        raise BriefgenError(problems)
    try:
        instance = validated if validated is not None else model.model_validate(doc.data)
    except ValidationError as exc:
        problems += schema_problems(doc, model, exc.errors(), {p.path for p in problems})
        if check is not None:
            problems += _check_the_rest(doc, model, exc.errors(), check, {p.path for p in problems})
        raise BriefgenError(problems) from None
    if problems:
        if check is not None:
            problems += check(doc, instance)
        raise BriefgenError(problems)
    return instance, problems


def _check_the_rest(doc: Document, model: type[BaseModel], errors: list[dict],
                    check: Callable[[Document, Any], list[Problem]], reported: set[str]) -> list[Problem]:
    """``check`` run on the document less the list items the schema refused, and less the
    top-level keys it refused that may be left out (an unknown key, an optional field).

    Gives up (no problems) if an error lies elsewhere (a required field), or in meta
    or themes, which every cross-reference check depends on. References to the
    items set aside are not reported: those items exist, they are only malformed.
    """
    drop: set[tuple] = set()
    rest = doc
    for _ in range(5):  # setting items aside can empty a list that must not be empty
        for err in errors:
            loc = rest.original(tuple(err["loc"]))
            items = [i for i, part in enumerate(loc) if isinstance(part, int)]
            if not loc or loc[0] in ("meta", "themes"):
                return []
            if items:
                drop.add(loc[: items[-1] + 1])
            elif (field := model.model_fields.get(loc[0])) is None or not field.is_required():
                drop.add(loc[:1])
            else:
                return []
        rest = doc.without(drop)
        try:
            instance = model.model_validate(rest.data)
        except ValidationError as exc:
            errors = exc.errors()
            continue
        ids = _ids_in(rest.set_aside)
        # errors only: a warning such as "rests only on secondary sources" may
        # just mean that the sources it cites were set aside
        return [p for p in check(rest, instance) if p.severity == "error" and p.path not in reported
                and not _refers_to(p, ids)]
    return []


def _ids_in(values: list[Any]) -> set[str]:
    """Every id defined in some values (items set aside, and what they hold)."""
    ids: set[str] = set()
    stack = list(values)
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            if isinstance(value.get("id"), str):
                ids.add(value["id"])
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
    return ids


def _refers_to(problem: Problem, ids: set[str]) -> bool:
    """Whether ``problem`` is an unknown reference to one of ``ids``: a fact, source or framework
    the schema refused exists, and a reference to it is right (any kind: the id travels as data)."""
    return problem.refers_to is not None and problem.refers_to in ids


def schema_problems(doc: Document, model: type[BaseModel], errors: list[dict],
                     reported: set[str]) -> list[Problem]:
    """One problem per mistake: a value the loader already refused (an unknown
    tag...) is not also a wrong type, and a misspelt key not also a missing one."""
    explained = [(err, _explain(doc, model, err)) for err in errors]
    explained = [(err, p) for err, p in explained if p.path not in reported]
    suggested = {tuple(err["loc"][:-1]) + (m.group(1),) for err, p in explained
                 if err["type"] == "extra_forbidden" and (m := re.search(r"did you mean '([^']*)'", p.message))}
    return [p for err, p in explained if not (err["type"] == "missing" and tuple(err["loc"]) in suggested)]


def control_characters(doc: Document, value: Any, path: tuple) -> Iterator[Problem]:
    if isinstance(value, str):
        bad = _XML_INVALID.search(value)
        if bad:
            yield doc.problem(path, f"contains {describe_char(bad.group())} at character "
                                    f"{bad.start() + 1}, which a Word document cannot hold")
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from control_characters(doc, item, path + (key,))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from control_characters(doc, item, path + (i,))


def _explain(doc: Document, model: type[BaseModel], err: dict) -> Problem:
    loc = _walk(model, tuple(err["loc"]))[0]  # as the file writes it
    kind = err["type"]
    value = err.get("input")
    ctx = err.get("ctx", {})
    if kind == "extra_forbidden":
        key = loc[-1]
        at = _walk(model, tuple(err["loc"][:-1]))[1]
        known = sorted(at.model_fields) if isinstance(at, type) and issubclass(at, BaseModel) else []
        close = difflib.get_close_matches(str(key), known, n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else f" (expected one of: {', '.join(known)})"
        return doc.problem(loc, f"unknown key '{key}'{hint}", at_key=True)
    if kind == "missing":
        return doc.problem(loc, "required field is missing")
    if kind in ("union_tag_invalid", "union_tag_not_found"):  # a message's kind: said at the field, as any value
        field = ctx.get("discriminator", "").strip("'")
        allowed = re.findall(r"'([^']*)'", ctx.get("expected_tags", ""))
        if kind == "union_tag_not_found":
            return doc.problem(loc + (field,), "required field is missing" + (
                f"; expected one of: {', '.join(allowed)}" if allowed else ""))
        return doc.problem(loc + (field,), unknown_message("value", str(ctx.get("tag")), allowed, always_list=True))
    if kind == "literal_error":
        allowed = re.findall(r"'([^']*)'", ctx.get("expected", ""))
        return doc.problem(loc, unknown_message("value", str(value), allowed, always_list=True))
    expected = _EXPECTED.get(kind)
    if expected:
        message = f"expected {expected}{_keys_of(_walk(model, tuple(err['loc']))[1])}, got {_got(value)}"
        if isinstance(value, bool):
            message += " (YAML reads an unquoted yes, no, on or off as true or false: put text in quotes)"
    elif kind.startswith("date") or kind.startswith("datetime"):
        message = _not_a_date(value)
    elif kind in _BOUNDS:
        message = f"must be {_BOUNDS[kind]} {next(iter(ctx.values()))}, got {_got(value)}"
    elif kind == "value_error":  # a check of our own (fields.py): its message is already the user's
        message = str(ctx.get("error", err["msg"]))
    elif kind == "too_short":
        what = {"rests_on": "fact id", "sources": "source id"}.get(loc[-1], "item")
        message = f"is empty; list at least {ctx.get('min_length', 1)} {what}"
    else:
        message = err["msg"]
    return doc.problem(loc, message)


_EXPECTED = {
    "string_type": "text", "int_type": "a whole number", "int_parsing": "a whole number",
    "int_from_float": "a whole number", "bool_type": "true or false", "bool_parsing": "true or false",
    "list_type": "a list", "model_type": "a mapping of keys", "dict_type": "a mapping of keys",
    "model_attributes_type": "a mapping of keys", "text_type": "text, or text per language ({en: …})",
}
_BOUNDS = {"greater_than_equal": "at least", "less_than_equal": "at most",
           "greater_than": "more than", "less_than": "less than"}


def _keys_of(model: Any) -> str:
    """What a mapping expected in place of a single value holds, as its author would write it:
    "assessment: moderate" is told "{confidence: …}". Its required keys, or, if none is, its first few."""
    if not (isinstance(model, type) and issubclass(model, BaseModel)):
        return ""
    keys = [k for k, f in model.model_fields.items() if f.is_required()] or list(model.model_fields)[:3]
    return " such as {" + ", ".join(f"{k}: …" for k in keys) + "}"


def _got(value: Any) -> str:
    """A YAML value as its author wrote it, for 'expected X, got Y'."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "nothing (null)"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return repr(value)
    return str(value)


def _not_a_date(value: Any) -> str:
    if isinstance(value, dt.datetime):
        return f"expected a date without a time (YYYY-MM-DD), got {value}"
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return f"no such date: {value!r}"
    return f"not a date (expected YYYY-MM-DD), got {_got(value)}"


def _walk(model: type[BaseModel], loc: tuple) -> tuple[tuple, Any]:
    """An error's location as the file writes it, and the type found there. Pydantic names the member
    of a tagged union it tried inside the location (a message's "purpose", a Text's "per-language");
    those names are no key of the file, and are left out."""
    written: list = []
    current: Any = model
    for part in loc:
        current, members = _unwrapped(current)
        if isinstance(part, str) and part in members:
            current = members[part]
            continue
        written.append(part)
        if isinstance(current, type) and issubclass(current, BaseModel):
            field = current.model_fields.get(part) if isinstance(part, str) else None
            current = field.annotation if field is not None else None
        elif get_origin(current) in (list, dict) and get_args(current):
            current = get_args(current)[-1]  # a list's items, a mapping's values
        else:
            current = None
    return tuple(written), _unwrapped(current)[0]


def _unwrapped(annotation: Any) -> tuple[Any, dict[str, Any]]:
    """``annotation`` without Annotated's metadata and without None where it is optional; and, if it is
    a tagged union, its members by the tag pydantic puts in an error's location: each member's Tag, or
    the value of the field a union of models is discriminated by (a message's kind)."""
    by_field = None
    while True:
        if get_origin(annotation) is Annotated:
            by_field = next((m.discriminator for m in annotation.__metadata__
                             if isinstance(getattr(m, "discriminator", None), str)), by_field)
            annotation = get_args(annotation)[0]
        elif get_origin(annotation) in (Union, types.UnionType):
            members = [a for a in get_args(annotation) if a is not type(None)]
            if len(members) == 1:
                annotation = members[0]
                continue
            tagged: dict[str, Any] = {}
            for member in members:
                tags = [m.tag for m in getattr(member, "__metadata__", ()) if isinstance(m, Tag)]
                model = _unwrapped(member)[0]
                if by_field and isinstance(model, type) and issubclass(model, BaseModel):
                    tags += [t for t in get_args(model.model_fields[by_field].annotation) if isinstance(t, str)]
                tagged.update(dict.fromkeys(tags, member))
            return annotation, tagged
        else:
            return annotation, {}


def unknown_message(what: str, value: str, known: list[str], always_list: bool = False) -> str:
    """'unknown theme 'trdae' (did you mean 'trade'?)'; short lists are spelt out."""
    close = difflib.get_close_matches(value, known, n=1, cutoff=0.75)
    message = f"unknown {what} '{value}'" + (f" (did you mean '{close[0]}'?)" if close else "")
    if (always_list or not close) and len(known) <= 15:
        message += f"; expected one of: {', '.join(known)}"
    return message
