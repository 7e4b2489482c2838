"""Whatever a fact base or profile holds, loading it either succeeds or
raises BriefgenError with located one-line problems - never any other exception.

Random fact bases are made from tests/fixtures/mini.yaml: as data (keys dropped,
values of the wrong type, random Unicode inserted into text, ids duplicated,
unknown keys) and as bytes (random bytes spliced into the YAML text).
The library is called directly: a process per example would be too slow.
"""
from __future__ import annotations

import copy
import tempfile
from pathlib import Path

import pytest
import yaml
from conftest import FIXTURES, ROOT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefgen.errors import BriefgenError
from briefgen.project import load_audience, load_factbase

MINI_TEXT = (FIXTURES / "mini.yaml").read_bytes()
MINI = yaml.safe_load(MINI_TEXT)
PRESS_TEXT = (ROOT / "audiences" / "press.yaml").read_bytes()
PRESS = yaml.safe_load(PRESS_TEXT)
MINI_FB, _ = load_factbase(FIXTURES / "mini.yaml")

FUZZ = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# characters that have broken YAML or XML writers before: controls, a lone
# surrogate, a non-character, a byte-order mark, bidi overrides
AWKWARD = st.sampled_from(["\x00", "\x07", "\x1b", "\x7f", "\x85", "\ud800", "\ufffe", "\ufeff", "\u202e", "\t", "\r"])
TEXT = st.one_of(st.text(max_size=12), AWKWARD)
VALUES = st.one_of(
    st.none(), st.booleans(), st.integers(-10**6, 10**6), st.floats(allow_nan=True), TEXT, st.dates(),
    st.lists(TEXT, max_size=3), st.dictionaries(st.text(max_size=6), TEXT, max_size=2),
)


def _paths(value, prefix=()):
    """Every path into a nested structure (not the root)."""
    if isinstance(value, dict):
        items = value.items()
    elif isinstance(value, list):
        items = enumerate(value)
    else:
        return
    for key, item in items:
        yield prefix + (key,)
        yield from _paths(item, prefix + (key,))


def _at(data, path):
    for part in path:
        data = data[part]
    return data


def _with_ids(value):
    if isinstance(value, dict):
        if isinstance(value.get("id"), str):
            yield value
        for item in value.values():
            yield from _with_ids(item)
    elif isinstance(value, list):
        for item in value:
            yield from _with_ids(item)


@st.composite
def mutated(draw, original):
    """(data, number of mutations): 0 mutations leaves a valid document."""
    data = copy.deepcopy(original)
    count = draw(st.integers(0, 4))
    for _ in range(count):
        path = draw(st.sampled_from(list(_paths(data))))
        parent, key = _at(data, path[:-1]), path[-1]
        op = draw(st.sampled_from(["drop", "replace", "insert text", "unknown key", "duplicate id"]))
        if op == "drop":
            del parent[key]
        elif op == "replace":
            parent[key] = draw(VALUES)
        elif op == "insert text" and isinstance(parent[key], str):
            at = draw(st.integers(0, len(parent[key])))
            parent[key] = parent[key][:at] + draw(TEXT) + parent[key][at:]
        elif op == "unknown key" and isinstance(parent, dict):
            parent[draw(st.text(min_size=1, max_size=8))] = draw(VALUES)
        elif op == "duplicate id":
            holders = list(_with_ids(data))
            if len(holders) >= 2:
                a, b = draw(st.sampled_from(holders)), draw(st.sampled_from(holders))
                b["id"] = a["id"]
    return data, count


@st.composite
def spliced(draw, original: bytes):
    """The YAML bytes with a random slice replaced by random bytes."""
    start = draw(st.integers(0, len(original)))
    end = draw(st.integers(start, min(len(original), start + 20)))
    return original[:start] + draw(st.binary(max_size=12)) + original[end:]


def _dump(data) -> bytes:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False).encode("utf-8", "surrogatepass")


def _load(raw: bytes, name: str, loader):
    """Write ``raw`` to a file and load it; returns the warnings, or the BriefgenError."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(raw)
        try:
            result = loader(path)
        except BriefgenError as exc:
            _check_lines(exc.problems)
            assert exc.problems, "a BriefgenError must carry at least one problem"
            return exc
    warnings = result[1] if isinstance(result, tuple) else []
    _check_lines(warnings)
    return warnings


def _check_lines(problems):
    for problem in problems:
        line = str(problem)
        assert "\n" not in line and "\r" not in line and line.isprintable(), repr(line)
        assert problem.line >= 1 and problem.col >= 1


def _audience(path: Path):
    return load_audience(path, [MINI_FB])


@FUZZ
@given(mutated(MINI))
def test_mutated_fact_base_loads_or_raises_briefgen_error(case):
    data, count = case
    outcome = _load(_dump(data), "mini.yaml", load_factbase)
    if count == 0:
        assert not isinstance(outcome, BriefgenError), str(outcome)


@FUZZ
@given(spliced(MINI_TEXT))
def test_spliced_fact_base_bytes_load_or_raise_briefgen_error(raw):
    _load(raw, "mini.yaml", load_factbase)


@FUZZ
@given(mutated(PRESS))
def test_mutated_audience_profile_loads_or_raises_briefgen_error(case):
    data, count = case
    outcome = _load(_dump(data), "press.yaml", _audience)
    if count == 0:
        assert not isinstance(outcome, BriefgenError), str(outcome)


@FUZZ
@given(spliced(PRESS_TEXT))
def test_spliced_audience_profile_bytes_load_or_raise_briefgen_error(raw):
    _load(raw, "press.yaml", _audience)


# --- the two YAML parsers (briefgen/yamlnodes.py) -----------------------------------------

def _nodes(node, seen=None):
    """Every node of a tree as (kind, tag, line, column, scalar value), in document order;
    a node met again (an alias) as its first position, not expanded (an alias bomb)."""
    seen = {} if seen is None else seen
    if id(node) in seen:
        yield "alias", seen[id(node)]
        return
    seen[id(node)] = len(seen)
    yield type(node).__name__, node.tag, node.start_mark.line, node.start_mark.column, (
        node.value if isinstance(node, yaml.ScalarNode) else None)
    children = node.value if isinstance(node, yaml.SequenceNode) else (
        [part for pair in node.value for part in pair] if isinstance(node, yaml.MappingNode) else [])
    for child in children:
        yield from _nodes(child, seen)


def _both_parsers(text: str):
    """What libyaml's and PyYAML's parsers make of ``text``: node lists, or the exception's type."""
    from briefgen import yamlnodes

    outcomes = []
    for parser in (yamlnodes._LibyamlParser, yamlnodes._PythonParser):
        try:
            node = parser(text).get_single_node()
            outcomes.append(None if node is None else list(_nodes(node)))
        except Exception as exc:  # noqa: BLE001 - compared, not hidden
            outcomes.append(type(exc))
    return outcomes


def test_libyaml_and_pyyaml_give_the_same_nodes_for_every_yaml_file_shipped():
    files = [p for p in ROOT.rglob("*.yaml") if ".venv" not in p.parts and "briefs" not in p.parts]
    assert len(files) > 10, files  # the seeds, profiles, topics and bad-input files
    for path in files:
        try:
            text = path.read_text("utf-8")
        except UnicodeDecodeError:
            continue  # a bad-input case refused before any parser sees it
        fast, reference = _both_parsers(text)
        if isinstance(reference, type):  # refused (a bad-input case): refused by both
            assert isinstance(fast, type), path
        else:
            assert fast == reference, path


def _comparable(nodes):
    """Nodes as both parsers must agree on them: an empty value's column aside (libyaml
    puts it after the space, PyYAML before), and None for a document with a tag of
    its own, which briefgen refuses whatever its nodes (load._Builder)."""
    if any(node[0] != "alias" and not node[1].startswith("tag:yaml.org,2002:") for node in nodes):
        return None
    return [node[:3] + node[4:] if node[0] == "ScalarNode" and node[4] == "" else node for node in nodes]


@FUZZ
@given(spliced(MINI_TEXT))
def test_where_libyaml_and_pyyaml_both_read_a_file_they_read_it_alike(raw):
    text = raw.decode("utf-8", "replace")
    if "\t" in text or yaml.reader.Reader.NON_PRINTABLE.search(text):
        return  # such files never reach libyaml (yamlnodes.compose)
    fast, reference = _both_parsers(text)
    if not isinstance(fast, type) and not isinstance(reference, type):
        assert _comparable(fast) == _comparable(reference)


def test_a_valid_file_is_read_by_libyaml_and_a_refused_one_gets_pyyamls_message(monkeypatch):
    from briefgen import yamlnodes

    def python_parser(text, name):
        raise AssertionError("PyYAML's parser was asked")

    text = (ROOT / "seeds" / "eu-japan.yaml").read_text("utf-8")
    with monkeypatch.context() as patch:
        patch.setattr(yamlnodes, "_compose_in_python", python_parser)
        assert yamlnodes.compose(text, "eu-japan.yaml").value[0][0].value == "meta"
    with pytest.raises(BriefgenError) as refused:
        yamlnodes.compose("meta:\n  title: [unclosed\n", "x.yaml")
    # PyYAML's reading, where the list opened (libyaml says "did not find expected ',' or ']'"), explained
    assert str(refused.value) == ("x.yaml:2:10: meta.title: YAML syntax error: the '[' on this line is never closed: "
                                  "end the list with ']' (YAML read on to the end of the file, looking for it)")
