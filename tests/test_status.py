"""A framework's status line is built in Python (briefgen/status.py, Item.status), each fact said
once; the template only joins its parts, and a project's copy of the old macro still prints it."""
from __future__ import annotations

import datetime as dt
import re

import pytest
from conftest import MINI, make_project

from briefgen.brief import Item
from briefgen.pipeline import load_inputs, make_brief_and_html
from briefgen.project import Project, load_factbase
from briefgen.status import status_parts

FW = load_factbase(MINI)[0].frameworks[0]  # Test Treaty: signed 17 July 2018, in force 1 February 2019


def line(**update) -> list[str]:
    return status_parts(FW.model_copy(update={"signed_as": "signed", **update}))


@pytest.mark.parametrize("update, parts", [
    # a status that only repeats a date's verb is left out
    ({}, ["Signed 17 July 2018; in force 1 February 2019", "Scope: Trade and political dialogue"]),
    # a status that tells the signing, with its date, stands in for it, first and without "Status:"
    ({"status": "Launched on 17 July 2018; ministers met in 2019.", "signed_as": "launched"},
     ["Launched on 17 July 2018; ministers met in 2019; in force 1 February 2019",
      "Scope: Trade and political dialogue"]),
    # one opening on the date's verb takes the date
    ({"status": "Signed in Brussels", "in_force": None},
     ["Signed in Brussels on 17 July 2018", "Scope: Trade and political dialogue"]),
    # "In force;" after the in-force date is not said twice
    ({"status": "In force; directly applicable"},
     ["Signed 17 July 2018; in force 1 February 2019", "Status: Directly applicable",
      "Scope: Trade and political dialogue"]),
    ({"status": "Provisionally applied"},
     ["Signed 17 July 2018; in force 1 February 2019", "Status: Provisionally applied",
      "Scope: Trade and political dialogue"]),
    # a date inside another date is not that date: "11 February 2019" does not tell "1 February 2019"
    ({"signed": dt.date(2019, 2, 1), "in_force": None, "status": "Amended on 11 February 2019"},
     ["Signed 1 February 2019", "Status: Amended on 11 February 2019", "Scope: Trade and political dialogue"]),
    # no dates at all: the status and scope, the first capitalised
    ({"signed": None, "in_force": None, "status": "under negotiation", "scope": "trade."},
     ["Status: under negotiation", "Scope: trade"]),
])
def test_the_status_line_says_each_fact_once(update, parts):
    assert line(**update) == parts


def test_an_item_gives_its_framework_s_status_parts_and_other_items_none():
    item = Item("fw-treaty", "h", None, [], "TLP:CLEAR", framework=FW.model_copy(update={"signed_as": "signed"}))
    assert item.status == ["Signed 17 July 2018; in force 1 February 2019", "Scope: Trade and political dialogue"]
    assert Item("drv-trade", "h", None, [], "TLP:CLEAR").status == []


# the framework_status macro as macros.html.j2 had it, with its string partitioning, before the
# parts were built in Python: a project that copied the file keeps it
OLD_MACRO = """{% macro framework_status(fw, told={}) -%}
{%- set status = fw.status.strip().rstrip(".") -%}
{%- set verb = fw.signed_as or "signed" -%}
{%- set signed_date = fw.signed|date_text if fw.signed else "" -%}
{%- set in_force_date = fw.in_force|date_text if fw.in_force else "" -%}
{%- set signed = ("(timeline\\u00a0" ~ told.get("signed") ~ ")")
    if told.get("signed") and signed_date not in status else signed_date -%}
{%- set in_force = ("(timeline\\u00a0" ~ told.get("in_force") ~ ")") if told.get("in_force") else in_force_date -%}
{%- if signed and signed not in status and status.lower().startswith(verb.lower() ~ " ") -%}
{%- set head, sep, rest = status.partition(";") -%}
{%- set status = head ~ (" " if told.get("signed") else " on ") ~ signed ~ sep ~ rest -%}
{%- endif -%}
{%- set tells = signed and signed in status -%}
{%- set dates = ([status] if tells else [verb[:1]|upper ~ verb[1:] ~ " " ~ signed] if signed else [])
              + (["in force " ~ in_force] if in_force and in_force_date not in status else []) -%}
{%- if in_force and not tells and status.lower().startswith("in force") and status[8:9] in (";", ",") -%}
{%- set status = status[9:].strip() -%}
{%- set status = status[:1]|upper ~ status[1:] -%}
{%- endif -%}
{%- set repeats = tells or status.lower() in ([verb.lower()] if signed else []) + (["in force"] if in_force else []) -%}
{%- set parts = ([dates|join("; ")] if dates else []) + ([] if repeats else ["Status: " ~ status])
              + ["Scope: " ~ fw.scope.strip().rstrip(".")] -%}
{%- set line = parts|join(". ") -%}
{{ (line[:1]|upper ~ line[1:] ~ ".")|printed }}
{%- endmacro %}"""


def test_a_project_s_copy_of_the_old_macro_still_builds_and_prints_a_status_line(tmp_path, project):
    """A copied macros.html.j2 whose framework_status still words the line from item.framework and
    item.told builds, and prints a status line for each framework: the same as briefgen's own where
    no timeline entry tells a date (there, the old macro points to the entry's letter)."""
    root = make_project(tmp_path / "p")
    macros = root / "templates" / "macros.html.j2"
    text = macros.read_text(encoding="utf-8")
    start = text.index("{% macro framework_status(")
    end = text.index("{%- endmacro %}", start) + len("{%- endmacro %}")
    text = text[:start] + OLD_MACRO + text[end:]
    macros.write_text(text.replace("framework_status(item)", "framework_status(item.framework, item.told)"),
                      encoding="utf-8")
    inputs = load_inputs(Project(root))
    fb, analyst = inputs.factbases["mini"], inputs.audiences["analyst"]
    statuses = {}
    for templates in (project.templates, Project(root).templates):
        _, html = make_brief_and_html(fb, analyst, "mini-analyst", templates)
        statuses[str(templates)] = re.findall(r'<em class="status">(.*?)</em>', html)
    ours, copied = statuses.values()
    assert len(ours) == len(copied) and ours, statuses
    for mine, theirs in zip(ours, copied, strict=True):
        assert mine == theirs or "(timeline" in theirs, (mine, theirs)


def test_a_scheduled_entry_into_force_the_status_gives_is_no_error_and_prints_as_scheduled(tmp_path):
    """An in_force date after the brief's is an error where the line would print 'in force 1 February
    2024' as done (tests/bad/cases.yaml: in-force-after-brief); a status giving that date says it is
    ahead, and the line prints the status in its place."""
    from conftest import pdf_text

    from briefgen.build import build
    from briefgen.pipeline import Options

    root = make_project(tmp_path / "p")
    seed = root / "seeds" / "mini.yaml"
    text = seed.read_text(encoding="utf-8")
    old = "    in_force: 2019-02-01\n    status: In force\n"
    assert text.count(old) == 1
    seed.write_text(text.replace(old, "    in_force: 2024-02-01\n    status: Enters into force on 1 February 2024\n"),
                    encoding="utf-8")
    _, warnings = load_factbase(seed)
    assert not [w for w in warnings if "in_force" in str(w)]
    build(Project(root), tmp_path / "out", [seed], ["analyst"], Options(formats=("pdf",)))
    printed = pdf_text(tmp_path / "out" / "mini-analyst.pdf")
    assert "Signed 17 July 2018. Status: Enters into force on 1 February 2024." in printed
    assert "in force 1 February 2024" not in printed
