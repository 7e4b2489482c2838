"""Plain data (with marks) -> typed model, plus the checks a schema cannot express.

All problems are collected, then raised together: an analyst fixing a fact
base wants the whole list, not one error per run.
"""
from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable, Iterator
from typing import Any

from pydantic import BaseModel, ValidationError

from .errors import BriefgenError, Problem
from .load import Document, describe_char
from .markings import receivable
from .model import Audience, Fact, FactBase, Source, all_facts

# XML 1.0 cannot carry these; they would corrupt the Word draft. A YAML
# double-quoted string can still produce them with escapes ("\x07", "\ud800").
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def to_model(doc: Document, model: type[BaseModel],
             check: Callable[[Document, Any], list[Problem]] | None = None) -> tuple[Any, list[Problem]]:
    """Validate ``doc`` against ``model``; return (instance or None, problems).

    On errors, ``check`` (the cross-reference checks) still runs on whatever
    the schema accepted, so one run reports both kinds of problem.
    """
    problems = doc.problems + list(_control_characters(doc, doc.data, ()))
    if not isinstance(doc.data, dict):
        problems.append(doc.problem((), "expected a mapping of keys at the top level, "
                                        f"got {_got(doc.data)}"))
        raise BriefgenError(problems)
    try:
        instance = model.model_validate(doc.data)
    except ValidationError as exc:
        problems += _schema_problems(doc, model, exc.errors(), {p.path for p in problems})
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
    """``check`` run on the document less the list items the schema refused.

    Gives up (no problems) if an error lies outside any list item, or in meta
    or themes, which every cross-reference check depends on. References to the
    items set aside are not reported: those items exist, they are only malformed.
    """
    drop: set[tuple] = set()
    rest = doc
    for _ in range(5):  # setting items aside can empty a list that must not be empty
        for err in errors:
            loc = rest.original(tuple(err["loc"]))
            items = [i for i, part in enumerate(loc) if isinstance(part, int)]
            if not items or loc[0] in ("meta", "themes"):
                return []
            drop.add(loc[: items[-1] + 1])
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
    unknown = re.match(r"unknown (?:fact|source) '([^']*)'", problem.message)
    return bool(unknown and unknown.group(1) in ids)


def _schema_problems(doc: Document, model: type[BaseModel], errors: list[dict],
                     reported: set[str]) -> list[Problem]:
    """One problem per mistake: a value the loader already refused (an unknown
    tag...) is not also a wrong type, and a misspelt key not also a missing one."""
    explained = [(err, _explain(doc, model, err)) for err in errors]
    explained = [(err, p) for err, p in explained if p.path not in reported]
    suggested = {tuple(err["loc"][:-1]) + (m.group(1),) for err, p in explained
                 if err["type"] == "extra_forbidden" and (m := re.search(r"did you mean '([^']*)'", p.message))}
    return [p for err, p in explained if not (err["type"] == "missing" and tuple(err["loc"]) in suggested)]


def _control_characters(doc: Document, value: Any, path: tuple) -> Iterator[Problem]:
    if isinstance(value, str):
        bad = _XML_INVALID.search(value)
        if bad:
            yield doc.problem(path, f"contains {describe_char(bad.group())} at character "
                                    f"{bad.start() + 1}, which a Word document cannot hold")
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _control_characters(doc, item, path + (key,))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _control_characters(doc, item, path + (i,))


def _explain(doc: Document, model: type[BaseModel], err: dict) -> Problem:
    loc = tuple(err["loc"])
    kind = err["type"]
    value = err.get("input")
    ctx = err.get("ctx", {})
    if kind == "extra_forbidden":
        key = loc[-1]
        known = _fields_at(model, loc[:-1])
        close = difflib.get_close_matches(str(key), known, n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else f" (expected one of: {', '.join(known)})"
        return doc.problem(loc, f"unknown key '{key}'{hint}", at_key=True)
    if kind == "missing":
        return doc.problem(loc, "required field is missing")
    if kind == "literal_error":
        allowed = re.findall(r"'([^']*)'", ctx.get("expected", ""))
        return doc.problem(loc, _unknown("value", str(value), allowed, always_list=True))
    expected = _EXPECTED.get(kind)
    if expected:
        message = f"expected {expected}, got {_got(value)}"
        if isinstance(value, bool):
            message += " (YAML reads an unquoted yes, no, on or off as true or false: put text in quotes)"
    elif kind.startswith("date") or kind.startswith("datetime"):
        message = _not_a_date(value)
    elif kind in _BOUNDS:
        message = f"must be {_BOUNDS[kind]} {next(iter(ctx.values()))}, got {_got(value)}"
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
    "model_attributes_type": "a mapping of keys",
}
_BOUNDS = {"greater_than_equal": "at least", "less_than_equal": "at most",
           "greater_than": "more than", "less_than": "less than"}


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


def _fields_at(model: type[BaseModel], loc: tuple) -> list[str]:
    """The field names allowed at a location, found by walking the model's annotations."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        field = current.model_fields.get(part) if isinstance(current, type) and issubclass(current, BaseModel) else None
        if field is None:
            return []
        current = _model_in(field.annotation)
    return sorted(current.model_fields) if isinstance(current, type) and issubclass(current, BaseModel) else []


def _model_in(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _model_in(arg)
        if found is not None:
            return found
    return None


# ------------------------------------------------------------- fact bases

def check_factbase(doc: Document, fb: FactBase) -> list[Problem]:
    """Cross-reference checks; returns errors and warnings (not raised)."""
    out: list[Problem] = []
    meta = fb.meta
    scheme = meta.marking_scheme
    themes = set(fb.themes)
    sources = {s.id: s for s in fb.sources}
    seen: dict[str, tuple] = {}

    def unique(path: tuple, ident: str) -> None:
        if ident in seen:
            line = doc.mark(seen[ident] + ("id",))[0]
            out.append(doc.problem(path + ("id",), f"duplicate id '{ident}' (first used on line {line})"))
        else:
            seen[ident] = path

    def marking_ok(path: tuple, marking: str | None) -> None:
        if marking is not None and marking not in scheme:
            out.append(doc.problem(path + ("marking",), _unknown("marking", marking, scheme)))

    if meta.default_marking is not None and meta.default_marking not in scheme:
        out.append(doc.problem(("meta", "default_marking"), _unknown("marking", meta.default_marking, scheme)))
    for marking in meta.marking_reach or {}:
        if marking not in scheme:
            out.append(doc.problem(("meta", "marking_reach", marking), _unknown("marking", marking, scheme)))
    for i, source in enumerate(fb.sources):
        unique(("sources", i), source.id)
        marking_ok(("sources", i), source.marking)
        # a brief cannot cite what was published after it
        if source.date is not None and source.date > meta.date:
            out.append(doc.problem(("sources", i, "date"), f"source '{source.id}' is dated {source.date}, "
                                   f"after the brief's date {meta.date}; a brief cannot cite what came later"))
    for i, area in enumerate(fb.areas):
        unique(("areas", i), area.id)
        out += _check_themes(doc, ("areas", i), area.themes, themes)
    for audience, own in fb.profiles.items():
        out += [doc.problem(("profiles", audience, "lead_themes", j), _unknown("theme", t, sorted(themes)))
                for j, t in enumerate(own.lead_themes or []) if t not in themes]

    cited: set[str] = set()
    today = meta.date
    for path, fact in all_facts(fb):
        unique(path, fact.id)
        marking_ok(path, fact.marking)
        out += _check_themes(doc, path, fact.themes, themes)
        for j, sid in enumerate(fact.sources):
            if sid not in sources:
                out.append(doc.problem(path + ("sources", j), _unknown("source", sid, list(sources))))
            cited.add(sid)
        if fact.as_of > today:
            out.append(doc.problem(path + ("as_of",), f"as_of {fact.as_of} is later than the brief's date {today}"))
        for field, message in review_flags(fact, sources, today, meta.stale_after_days):
            out.append(doc.problem(path + (field,), message, "warning"))
        out += _later_years(doc, path, {"headline": fact.headline, "detail": fact.detail,
                                        **{("so_what", k): v for k, v in fact.so_what.items()}}, meta)
        out += _languages(doc, path + ("so_what",), fact.so_what, meta.language)

    fact_ids = {fact.id for _, fact in all_facts(fb)}
    framework_ids = {fw.id for fw in fb.frameworks}
    for i, area in enumerate(fb.areas):
        for j, stone in enumerate(area.milestones):
            out += _check_refs(doc, ("areas", i, "milestones", j, "frameworks"), stone.frameworks,
                               framework_ids, what="framework")
    for i, tk in enumerate(fb.takeaways):
        unique(("takeaways", i), tk.id)
        marking_ok(("takeaways", i), tk.marking)
        out += _check_themes(doc, ("takeaways", i), tk.themes, themes)
        out += _check_refs(doc, ("takeaways", i, "rests_on"), tk.rests_on, fact_ids)
        if not tk.rests_on:
            out.append(doc.problem(("takeaways", i), "takeaway cites no fact (add rests_on)", "warning"))
    for i, rec in enumerate(fb.road_ahead.recommendations):
        path = ("road_ahead", "recommendations", i)
        out += _check_refs(doc, path + ("rests_on",), rec.rests_on, fact_ids)
        if not rec.rests_on:
            out.append(doc.problem(path, "recommendation cites no fact (add rests_on)", "warning"))
    for i, tk in enumerate(fb.takeaways):
        out += _later_years(doc, ("takeaways", i), {"text": tk.text}, meta)
        out += _languages(doc, ("takeaways", i), {"text": tk.text}, meta.language)
    for i, msg in enumerate(fb.messages):
        path = ("messages", i)
        unique(path, msg.id)
        marking_ok(path, msg.marking)
        out += _check_themes(doc, path, msg.themes, themes)
        out += _check_refs(doc, path + ("rests_on",), msg.rests_on, fact_ids)
        out += _languages(doc, path, {k: getattr(msg, k, None) for k in ("text", "attribution", "when")},
                          meta.language)
        if msg.kind != "watch":  # a date to watch names what is to come
            out += _later_years(doc, path, {"text": msg.text}, meta)
        # ICD 203: the judgement says its likelihood in words, the ladder's own
        if msg.kind == "judgement" and msg.likelihood:
            for lang, words in (msg.text.items() if isinstance(msg.text, dict) else [(None, msg.text)]):
                if (lang is None or lang.split("-")[0] == "en") and msg.likelihood not in words:
                    out.append(doc.problem(path + ("text",), f"judgement does not say its likelihood "
                                                             f"'{msg.likelihood}' in its text", "warning"))
    for i, cor in enumerate(fb.corrections):
        out += _later_years(doc, ("corrections", i), {"finding": cor.finding, "document_says": cor.document_says}, meta)
        out += _languages(doc, ("corrections", i), {"finding": cor.finding, "document_says": cor.document_says},
                          meta.language)
        unique(("corrections", i), cor.id)
        marking_ok(("corrections", i), cor.marking)
        out += _check_refs(doc, ("corrections", i, "about"), [cor.about], fact_ids, single=True)
        for j, sid in enumerate(cor.sources):
            if sid not in sources:
                out.append(doc.problem(("corrections", i, "sources", j), _unknown("source", sid, list(sources))))
            cited.add(sid)
    for i, source in enumerate(fb.sources):
        if source.id not in cited:
            out.append(doc.problem(("sources", i), f"source '{source.id}' is cited by no fact", "warning"))
    return out


# a year, but not a target ("neutral by 2050"), which names the future on purpose
_YEAR = re.compile(r"(?<![\d/.-])(?<!\bby )(1[89]\d\d|2\d\d\d)(?![\d/-])")


def _later_years(doc: Document, path: tuple, texts: dict, meta) -> list[Problem]:
    """A warning where text names a year after the brief's: it tells of what
    came later, which a brief of that date cannot know (or it is a typo)."""
    out = []
    for key, value in texts.items():
        for lang, text in (value.items() if isinstance(value, dict) else [(None, value)]):
            later = sorted({int(y) for y in _YEAR.findall(text or "") if int(y) > meta.date.year})
            if later:
                where = path + (key if isinstance(key, tuple) else (key,)) + ((lang,) if lang else ())
                out.append(doc.problem(where, f"names {', '.join(map(str, later))}, after the brief's "
                                              f"date {meta.date}", "warning"))
    return out


def _languages(doc: Document, path: tuple, texts: dict, language: str) -> list[Problem]:
    """Text given per language must include the fact base's own language."""
    out = []
    for key, value in texts.items():
        if isinstance(value, dict) and not {language, language.split("-")[0]} & set(value):
            where = path + (key if isinstance(key, tuple) else (key,))
            out.append(doc.problem(where, f"has no text in the fact base's language '{language}' "
                                          f"(has: {', '.join(value) or 'none'})"))
    return out


def review_flags(fact: Fact, sources: dict[str, Source], today: dt.date,
                 stale_after_days: int) -> list[tuple[str, str]]:
    """What an editor must check about a fact before release, as (field, message):
    stale (as_of too long before the brief's date) or resting only on secondary sources.
    ``briefgen validate`` prints these as warnings; the Word draft attaches them as comments."""
    flags = []
    if (today - fact.as_of).days > stale_after_days:
        flags.append(("as_of", f"stale: as_of {fact.as_of} is more than "
                               f"{stale_after_days} days before the brief's date {today}"))
    known = [sources[s] for s in fact.sources if s in sources]
    if known and all(s.kind == "secondary" for s in known):
        flags.append(("sources", "rests only on secondary sources"))
    return flags


def editor_notes(fb: FactBase, stale_after_days: int | None = None) -> dict[str, str]:
    """Fact id -> the review flags of that fact, for every flagged fact; the
    threshold defaults to the fact base's own ``stale_after_days``."""
    sources = {s.id: s for s in fb.sources}
    days = stale_after_days if stale_after_days is not None else fb.meta.stale_after_days
    notes = {}
    for _, fact in all_facts(fb):
        flags = review_flags(fact, sources, fb.meta.date, days)
        if flags:
            notes[fact.id] = "Check before release: " + "; ".join(message for _, message in flags) + "."
    return notes


def _unknown(what: str, value: str, known: list[str], always_list: bool = False) -> str:
    """'unknown theme 'trdae' (did you mean 'trade'?)'; short lists are spelt out."""
    close = difflib.get_close_matches(value, known, n=1, cutoff=0.75)
    message = f"unknown {what} '{value}'" + (f" (did you mean '{close[0]}'?)" if close else "")
    if (always_list or not close) and len(known) <= 15:
        message += f"; expected one of: {', '.join(known)}"
    return message


def _check_themes(doc: Document, path: tuple, used: list[str], known: set[str]) -> list[Problem]:
    return [doc.problem(path + ("themes", j), _unknown("theme", t, sorted(known)))
            for j, t in enumerate(used) if t not in known]


def _check_refs(doc: Document, path: tuple, refs: list[str], known, single: bool = False,
                what: str = "fact") -> list[Problem]:
    return [doc.problem(path if single else path + (j,), _unknown(what, r, sorted(known)))
            for j, r in enumerate(refs) if r not in known]


# -------------------------------------------------------------- audiences

def check_audience(doc: Document, audience: Audience, factbases=()) -> list[Problem]:
    """Checks against the fact bases being built (a list, or a mapping of file
    name to fact base).

    Profiles are shared across topics, so a lead theme that a fact base does
    not declare is a warning naming that fact base, never an error: its brief
    is simply led by the themes it has. A label's placeholders must be ones
    briefgen fills, and the release level must be a marking of every fact base.
    """
    from .select import PLACEHOLDERS, placeholders

    out: list[Problem] = []
    named = list(factbases.items()) if isinstance(factbases, dict) else [(None, fb) for fb in factbases]
    ids = [s.id for s in audience.sections]
    for i, sid in enumerate(ids):
        if sid in ids[:i]:
            out.append(doc.problem(("sections", i, "id"), f"section '{sid}' is listed twice"))
    for i, spec in enumerate(audience.sections):
        try:
            unknown = [p for p in placeholders(spec.label) if p not in PLACEHOLDERS]
        except ValueError as exc:
            out.append(doc.problem(("sections", i, "label"), f"label '{spec.label}': {exc} "
                                   "(write {{ and }} for a brace)"))
            continue
        for name in unknown:
            out.append(doc.problem(("sections", i, "label"), _unknown("placeholder", "{" + name + "}" if name else "{}",
                                   ["{" + p + "}" for p in PLACEHOLDERS], always_list=True)))
    for fb_name, fb in named:
        own = fb.profiles.get(audience.name)
        if own is not None and own.lead_themes is not None:
            continue  # this fact base names its own lead themes for this profile (checked with it)
        for j, theme in enumerate(audience.lead_themes):
            if theme not in fb.themes:
                close = difflib.get_close_matches(theme, fb.themes, n=1, cutoff=0.75)
                hint = f" (did you mean '{close[0]}'?)" if close else ""
                out.append(doc.problem(("lead_themes", j), f"{audience.name} leads with '{theme}', which "
                                       f"{fb_name or 'the fact base'} does not declare{hint}", "warning"))
    for _, fb in named:
        if audience.release not in fb.meta.marking_scheme:
            out.append(doc.problem(("release",), _unknown("marking", audience.release, fb.meta.marking_scheme)))
            break
        allowed = receivable(fb, audience.reach)
        if allowed is not None and audience.release not in allowed:
            out.append(doc.problem(("release",), (
                f"release {audience.release} is above what a '{audience.reach}' audience may receive "
                f"(at most {allowed[-1] if allowed else 'nothing'}); lower release or correct reach")))
            break
    return out
