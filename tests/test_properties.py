"""Properties of selection over random fact bases, checked on the rendered HTML.

- Redaction: whatever the markings on facts, sources, takeaways, recommendations,
  frameworks and corrections, and whatever rests on what, no item above the
  audience's release level reaches the HTML, nor anything resting on one, nor
  anything telling an event a withheld statement tells (a milestone, the
  framework it signs, the fact of its area that tells it).
- Fitting: whatever the budget and the priorities, the facts dropped to fit are
  the first ones of the drop order, and never a priority-1 fact, a takeaway or a
  correction; a recommendation only once no fact is left to drop.

The expectations are worked out here from the fact base itself, not with briefgen's
own functions. HTML only (no PDF): each example renders in a few milliseconds.
"""
from __future__ import annotations

import copy

import pytest
import yaml
from conftest import AUDIENCES, MINI, ROOT
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from briefgen.model import TLP_SCHEME
from briefgen.pipeline import brief_words, load_inputs, make_brief_and_html
from briefgen.project import Project, load_factbase

PROPERTY = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
BASE = yaml.safe_load(MINI.read_text(encoding="utf-8"))
BASE.pop("messages")  # they rest on facts tokened() renames; the properties are about the facts
MARKINGS = st.sampled_from([None, *TLP_SCHEME])  # None: the fact base's default marking


class Setting(tuple):
    """(project, the shipped profiles, a folder for the generated fact bases), named
    briefly in a failing example's report."""
    def __repr__(self) -> str:
        return "setting"


@pytest.fixture(scope="module")
def setting(tmp_path_factory):
    project = Project(ROOT)
    return Setting((project, load_inputs(project, [MINI]).audiences, tmp_path_factory.mktemp("random")))


def statements(data: dict) -> list[tuple[str, dict]]:
    """(kind, item) of every statement in a fact base's data, in document order."""
    out = [("takeaway", t) for t in data["takeaways"]] + [("driver", d) for d in data["drivers"]]
    out += [("framework", f) for f in data["frameworks"]]
    for area in data["areas"]:
        out += [("fact", f) for f in area["facts"]] + [("milestone", m) for m in area["milestones"]]
    out += [("challenge", c) for c in data["road_ahead"]["challenges"]]
    out += [("recommendation", r) for r in data["road_ahead"]["recommendations"]]
    return out + [("correction", c) for c in data["corrections"]]


TEXT_FIELDS = ("text", "headline", "detail", "name", "scope", "status", "finding", "document_says")


def tokened(data: dict) -> dict[str, str]:
    """Give every statement and source an id and text of its own that nothing else contains,
    so finding it in the HTML means that item was printed; returns old id -> new id."""
    renamed, n = {}, 0
    for _, item in statements(data) + [("source", s) for s in data["sources"]]:
        n += 1
        renamed[item["id"]] = f"{item['id'].split('-')[0]}-k{n:02d}x"
        item["id"] = renamed[item["id"]]
        for field in (*TEXT_FIELDS, "title", "publisher"):
            if field in item:
                item[field] = f"Tok{n:02d}x {field}."
    for _, item in statements(data):
        for key in ("rests_on", "sources", "frameworks", "told_by"):
            if key in item:
                item[key] = [renamed[i] for i in item[key]]
        if "about" in item:
            item["about"] = renamed[item["about"]]
    return renamed


@st.composite
def marked_factbases(draw) -> dict:
    """mini.yaml with random markings on every item and source, random sources behind
    every fact and random rests_on for the takeaways and the recommendation."""
    data = copy.deepcopy(BASE)
    tokened(data)
    source_ids = [s["id"] for s in data["sources"]]
    for source in data["sources"]:
        source["marking"] = draw(MARKINGS)
    facts = [item["id"] for kind, item in statements(data) if kind not in ("takeaway", "correction",
                                                                           "recommendation")]
    for kind, item in statements(data):
        item["marking"] = draw(MARKINGS)
        if kind != "takeaway":  # a takeaway cites no source: it rests on facts
            item["sources"] = draw(st.lists(st.sampled_from(source_ids), min_size=1, max_size=2, unique=True))
        if kind in ("takeaway", "recommendation"):
            item["rests_on"] = draw(st.lists(st.sampled_from(facts), min_size=1, max_size=3, unique=True))
        if kind == "correction":
            item["about"] = draw(st.sampled_from(facts))
    frameworks = [f["id"] for f in data["frameworks"]]
    for area in data["areas"]:  # a milestone may sign a framework, or be told by a fact of its area
        for milestone in area["milestones"]:
            milestone["frameworks"] = draw(st.sampled_from([[], *([f] for f in frameworks)]))
            milestone["told_by"] = draw(st.sampled_from([[], *([f["id"]] for f in area["facts"])]))
    return {k: v for k, v in data.items() if v is not None}


def load(data: dict, folder, name: str = "mini"):
    path = folder / f"{name}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    fb, _ = load_factbase(path)
    return fb


def withheld(data: dict, level: int) -> set[str]:
    """Ids of the statements and sources a reader at ``level`` (a rank in TLP_SCHEME) may not
    see: marked above it, citing a source marked above it, resting on, or correcting, a
    withheld statement (followed until nothing changes: a recommendation may rest on another),
    or telling an event whose part another statement marks above it: a milestone and the
    frameworks it names and the facts that tell it (told_by), by their own markings."""
    def rank(marking):
        return TLP_SCHEME.index(marking) if marking else 0  # mini.yaml's default marking is the lowest
    out = {s["id"] for s in data["sources"] if rank(s.get("marking")) > level}
    # above the level by its own marking or a source's
    own = {i["id"] for _, i in statements(data) if rank(i.get("marking")) > level or out & set(i.get("sources", []))}
    out |= own
    for kind, item in statements(data):
        if kind == "milestone":
            told = set(item.get("told_by", []))
            named = set(item.get("frameworks", []))
            if own & (told | named):
                out.add(item["id"])
            if item["id"] in own:
                out |= told | named
            if own & named:
                out |= told
    changed = True
    while changed:
        changed = False
        for _, item in statements(data):
            drawn_on = item.get("rests_on", []) + ([item["about"]] if "about" in item else [])
            if item["id"] not in out and out & set(drawn_on):
                out.add(item["id"])
                changed = True
    return out


def texts_of(data: dict, ident: str) -> list[str]:
    item = next(i for _, i in statements(data) + [("source", s) for s in data["sources"]] if i["id"] == ident)
    return [item[f] for f in (*TEXT_FIELDS, "title", "publisher") if f in item]


def brief_and_html(project, fb, audience):
    """The brief and its HTML, made as the build makes them."""
    return make_brief_and_html(fb, audience, f"mini-{audience.name}", project.templates, project.identity(fb)[0])


def one_event(link: str, marked: str) -> dict:
    """mini.yaml with its milestone linked (``frameworks`` or ``told_by``) to its framework or
    first fact, and ``marked`` ("milestone" or "linked") marked TLP:AMBER: the reviewer's case
    and its kin, tried on every run whatever examples are drawn."""
    data = copy.deepcopy(BASE)
    tokened(data)
    milestone = data["areas"][0]["milestones"][0]
    other = data["frameworks"][0] if link == "frameworks" else data["areas"][0]["facts"][0]
    milestone[link] = [other["id"]]
    (milestone if marked == "milestone" else other)["marking"] = "TLP:AMBER"
    return data


@PROPERTY
@given(data=marked_factbases(), audience=st.sampled_from(AUDIENCES), level=st.integers(0, len(TLP_SCHEME) - 1))
@example(data=one_event("frameworks", "linked"), audience="press", level=0)
@example(data=one_event("frameworks", "milestone"), audience="analyst", level=1)
@example(data=one_event("told_by", "linked"), audience="press", level=0)
@example(data=one_event("told_by", "milestone"), audience="security", level=1)
def test_nothing_above_the_release_level_reaches_the_html(setting, data, audience, level):
    project, profiles, folder = setting
    fb = load(data, folder)
    _, html = brief_and_html(project, fb, profiles[audience].model_copy(update={"release": TLP_SCHEME[level]}))
    # a box's last two words are joined by a no-break space (macros.html.j2): a space to a reader
    html = html.replace("&nbsp;", " ")
    hidden = withheld(data, level)
    for ident in sorted(hidden):
        assert ident not in html, f"{ident} is withheld at {TLP_SCHEME[level]} but its id is in the HTML"
        for text in texts_of(data, ident):
            assert text not in html, f"{ident} is withheld at {TLP_SCHEME[level]} but {text!r} is in the HTML"
    # and the check is not empty: a cleared takeaway written for this reader, never dropped, is printed
    for takeaway in data["takeaways"]:
        if (takeaway["id"] not in hidden and audience in ("analyst", "policymaker")
                and audience in takeaway.get("audiences", [audience])):
            assert takeaway["text"] in html, f"{takeaway['id']} is cleared but not printed"


@st.composite
def prioritised_factbases(draw) -> dict:
    """mini.yaml with a random priority on every fact, and no restricted item."""
    data = copy.deepcopy(BASE)
    tokened(data)
    for kind, item in statements(data):
        if kind not in ("takeaway", "correction"):
            item["priority"] = draw(st.integers(1, 5))
        item.pop("marking", None)
    return data


@PROPERTY
@given(data=prioritised_factbases(), audience=st.sampled_from(AUDIENCES), share=st.floats(0.2, 1.0))
def test_fitting_drops_in_drop_order_and_never_what_must_stay(setting, data, audience, share):
    project, profiles, folder = setting
    fb = load(data, folder)
    profile = profiles[audience].model_copy(update={"release": TLP_SCHEME[-1]})
    roomy = profile.model_copy(update={"budget": profile.budget.model_copy(update={"words": 100_000})})
    whole, full_html = brief_and_html(project, fb, roomy)
    full_words = brief_words(full_html)
    budget = max(1, int(full_words * share))
    tight = profile.model_copy(update={"budget": profile.budget.model_copy(update={"words": budget})})
    brief, html = brief_and_html(project, fb, tight)
    assert whole.dropped == []

    kinds = {item["id"]: kind for kind, item in statements(data)}
    priority = {item["id"]: item.get("priority") for _, item in statements(data)}
    # the facts the full brief prints, outside what it concludes and advises; the last place each is printed
    kept_sections = {"takeaways", "corrections"}
    never = {i.id for s in whole.sections if s.id in kept_sections for i in s.all_items()}
    advice = {i.id for s in whole.sections if s.id == "recommendations" for i in s.all_items()}
    printed: dict[str, tuple[int, bool]] = {}
    for n, item in enumerate(i for s in whole.sections for i in s.all_items()):
        printed[item.id] = (n, printed.get(item.id, (0, False))[1] or item.lead)
    droppable = {f for f in printed if f in kinds and f not in never and priority[f] > 1}

    dropped = list(brief.dropped)
    for fact in dropped:
        assert fact in droppable, f"{fact} was dropped but is not droppable"
        assert priority[fact] > 1 and kinds[fact] not in ("takeaway", "correction")
    assert not set(dropped) & never
    # the drop order: recommendations after every fact; within each, highest priority number
    # first, then outside the lead themes, then printed last
    def rank(f):
        return (f in advice, -priority[f], printed[f][1], -printed[f][0])
    kept = droppable - set(dropped)
    assert dropped == sorted(dropped, key=rank)
    if dropped and kept:
        assert max(rank(f) for f in dropped) < min(rank(f) for f in kept), (dropped, sorted(kept, key=rank))
    # it drops only to fit: a brief within budget drops nothing, one that drops still fits
    # unless nothing droppable is left
    if full_words <= budget:
        assert dropped == []
    elif kept:
        assert brief_words(html) <= budget
    for fact in dropped:
        assert f'data-fact="{fact}"' not in html
