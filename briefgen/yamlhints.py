"""YAML syntax errors said in the user's words: the field the line belongs to, and what to do.

PyYAML says where it stopped and what its grammar expected ("mapping values are
not allowed here", "expected <block end>, but found '<block mapping start>'").
The two mistakes behind most of them in a hand-written fact base are text holding
": " without quotes and a line indented unlike its neighbours; each is recognised
from the line itself, and named by its field where the lines above it parse.
"""
from __future__ import annotations

import re

# a line's key: indentation, any "- " of list items, the key, then ":" ending the line or before a space
_KEY = re.compile(r"^(?P<indent> *)(?:- +)*(?P<key>[^\s#'\"{\[\-:][^:#]*?|'[^']*'|\"[^\"]*\") *:(?= |$)")

QUOTE_IT = "unquoted text holds ': ' (a colon and a space), which YAML reads as a new key; put the text in quotes"


def explain(text: str, line: int, col: int, problem: str) -> tuple[int, str, str] | None:
    """(column, field path or "", message) for a syntax error PyYAML reports at ``line``:``col``
    (from 1), or None where its own words are all there is to say."""
    lines = text.splitlines()
    source = lines[line - 1] if 0 < line <= len(lines) else ""
    found = _KEY.match(source)
    key = found.group("key").strip("'\"") if found else None
    if problem == "mapping values are not allowed here":
        if found and col - 1 == found.end() - 1 and _indent(source) > _indent(_line_above(lines, line)):
            # the key's own colon: the line continues the plain text above it, being indented further
            return found.start("key") + 1, "", (
                f"wrong indentation: '{key}' is indented further than the line above, so YAML reads it "
                "as more of that line's text; line it up with the ones it belongs with")
        return col, (_field(lines, line, found) if found else ""), QUOTE_IT
    if problem.startswith("expected <block end>"):
        what = "this line" if not key else f"the list item '- {key}'" if source.lstrip().startswith("-") else f"'{key}'"
        return col, "", (f"wrong indentation: {what} is indented {_indent(source)} spaces, unlike the lines around it; "
                    "line it up with the ones it belongs with")
    return None


def _indent(source: str) -> int:
    return len(source) - len(source.lstrip(" "))


def _line_above(lines: list[str], line: int) -> str:
    for above in reversed(lines[:line - 1]):
        if above.strip() and not above.lstrip().startswith("#"):
            return above
    return ""


def _field(lines: list[str], line: int, found: re.Match) -> str:
    """The path of the key at ``line``, from the file's lines above it and that key alone
    (the rest of the line is what does not parse); "" if the lines above do not parse either."""
    import yaml

    from .load import format_path
    from .yamlnodes import parse_bounded

    stub = "\n".join(lines[:line - 1] + [lines[line - 1][:found.end()] + " ~"]) + "\n"
    root = parse_bounded(stub)
    at = (line - 1, found.start("key"))
    stack, seen = [(root, ())] if root is not None else [], set()
    while stack:  # each node once: an alias shares its anchor's nodes
        node, path = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if (key.start_mark.line, key.start_mark.column) == at:
                    return format_path(path + (key.value,))
                stack.append((value, path + (key.value,)))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((item, path + (i,)) for i, item in enumerate(node.value))
    return ""
