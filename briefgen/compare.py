"""What tells audiences apart: `briefgen audiences` and `briefgen diff`.

`audiences` prints every field of the profile's schema that tells profiles apart, whatever
fields the schema gains. Both read the profiles as the build does; diff builds the two briefs exactly as
`briefgen build` selects them (make_brief, fitted to the word budget) and
counts words on their HTML, without laying out a PDF.
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from . import select
from .pipeline import load_inputs, make_counted_brief
from .profile import Audience
from .project import Project
from .readers import why_left_out

# Fields worded together or in words of their own (a label and how the profile reads); every
# other field of the profile's schema reads "field: value", so one added to it is listed too.
_WORDED: dict[str, tuple[str, Callable[[Audience], str]]] = {
    "budget": ("budget", lambda a: f"{a.budget.pages} page(s), {a.budget.words:,} words"),
    "sections": ("sections", lambda a: " > ".join(s.label for s in a.sections)),
    "lead_themes": ("leads", lambda a: _leads(a)),
    "other_max_priority": ("leads", lambda a: _leads(a)),
}
_HEADING = ("name", "title")  # each profile's first line: "analyst: Analyst reference brief"


def _leads(a: Audience) -> str:
    n = a.other_max_priority  # 1 = essential ... 5 = first to drop
    cap = ("all" if n == 5 else "none (lead themes only)" if n == 0 else "priority 1 only" if n == 1
           else f"priorities 1-{n}")
    if a.lead_themes:
        return f"{', '.join(a.lead_themes)}; other facts kept: {cap}"
    return f"no theme leads; facts kept: {cap}"


def _value(value: Any) -> str:
    """A field's value as `briefgen audiences` prints it, whatever its type."""
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, BaseModel):
        return ", ".join(f"{key}: {_value(v)}" for key, v in value)
    if isinstance(value, list | tuple):
        return ", ".join(map(_value, value)) or "none"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def describe(audiences: list[Audience]) -> list[str]:
    """Each profile, a line per field of its schema that tells profiles apart: one without a
    default, or one that some profile sets to other than its default (the rest are all at it)."""
    if not audiences:
        return []
    fields = type(audiences[0]).model_fields
    shown = [f for f, info in fields.items() if f not in _HEADING and (info.is_required() or any(
        getattr(a, f) != info.get_default(call_default_factory=True) for a in audiences))]
    labels = list(dict.fromkeys(_WORDED.get(f, (f, None))[0] for f in shown))
    width = max(map(len, labels)) + 2
    lines = []
    for a in audiences:
        lines.append(f"{a.name}: {a.title}")
        said = {}
        for f in shown:
            label, word = _WORDED.get(f, (f, None))
            said.setdefault(label, word(a) if word else _value(getattr(a, f)))
        lines += [f"  {label + ':':<{width}}{text}" for label, text in said.items()]
        lines.append("")
    return lines[:-1]


def describe_audiences(project: Project) -> list[str]:
    # loaded as the build loads them: every profile's problems at once, and
    # checked against the project's fact bases (themes, markings)
    return describe(list(load_inputs(project).audiences.values()))


def diff(project: Project, factbase: Path, a: str, b: str) -> list[str]:
    """What brief ``a`` holds that brief ``b`` does not, and the reverse."""
    inputs = load_inputs(project, [factbase], [a, b])
    name = Path(factbase).stem
    fb = inputs.factbases[name]
    view = {}
    for aud in (a, b):
        brief, _, (words, sections) = make_counted_brief(fb, inputs.audiences[aud], f"{name}-{aud}",
                                                         project.templates, project.identity(fb)[0])
        view[aud] = (brief, words, dict(sections))

    def label(aud: str, sid: str) -> str:
        brief, _, words = view[aud]
        spec = next(s for s in brief.sections if s.id == sid)
        counted = f", {words[spec.label]:,} words" if spec.label in words else ""
        return f"{sid} (\"{spec.label}\"{counted})"

    def ids(aud: str) -> list[str]:
        return list(dict.fromkeys(view[aud][0].fact_ids()))

    width = max(len(a), len(b))
    lines = [f"{name}: {a} vs {b}", "words:"]
    for aud in (a, b):
        brief, words, _ = view[aud]
        budget = brief.audience.budget.words
        lines.append(f"  {aud:<{width}}  {words:,} (budget {budget:,}; {len(brief.dropped)} fact(s) dropped to fit)")
    lines.append("section order:")
    for aud in (a, b):
        lines.append(f"  {aud:<{width}}  {', '.join(s.id for s in view[aud][0].sections)}")
    sections = {aud: [s.id for s in view[aud][0].sections] for aud in (a, b)}
    for this, other in ((a, b), (b, a)):
        only = [s for s in sections[this] if s not in sections[other]]
        lines.append(f"sections only in {this}: " + (", ".join(label(this, s) for s in only) or "none"))
    relabelled = [f"{s} (\"{_label(view[a][0], s)}\" / \"{_label(view[b][0], s)}\")" for s in sections[a]
                  if s in sections[b] and _label(view[a][0], s) != _label(view[b][0], s)]
    if relabelled:
        lines.append("sections in both, labelled differently: " + ", ".join(relabelled))
    statements = {x.id: x for x, _ in select.statements(fb)}
    for this, other in ((a, b), (b, a)):
        only = [f for f in ids(this) if f not in set(ids(other))]
        lines.append(f"facts only in {this} ({len(only)})" + (":" if only else ": none"))
        # each with why the other brief leaves it out: select's record, in validate's words. The brief a
        # build writes names nothing above its release level (select.select); its unfitted brief does
        told = view[other][0]
        withheld = any(f not in told.left_out for f in only) and select.unfitted(fb, inputs.audiences[other],
                                                                                 f"{name}-{other}")
        for f in only:
            brief = told if f in told.left_out else withheld
            why = why_left_out(brief, statements[f]) if brief and f in brief.left_out else "printed elsewhere"
            lines.append(f"  {f}: {why.removeprefix(f'{f} is ')}")  # "msg-x: not addressed to ...", said once
    common = set(ids(a)) & set(ids(b))
    lines.append(f"facts in both: {len(common)}")
    return lines


def _label(brief, sid: str) -> str:
    return next(s.label for s in brief.sections if s.id == sid)
