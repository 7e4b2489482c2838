"""Writing an editor's rewording back into the fact base's YAML text.

The write-back edits the file's text, not a re-dump of it: ruamel.yaml
composes the file to find where each value is written and in what style
(folded, quoted, plain), only that value's span is replaced, written in the
same style, indentation and line width, and ruamel.yaml then reads the new file
back to prove that nothing but those values changed. So the file's diff is
the changed values, and every comment, key order and quoting choice stays.
"""
from __future__ import annotations

import difflib
import textwrap
from dataclasses import dataclass

from .. import anchors
from ..errors import BriefgenError
from ..fields import localised


@dataclass
class Value:
    """One value of the fact base that a draft may render."""

    ident: str
    field: str
    text: str
    line: int  # of its key, 1-based
    node: object  # ruamel's ScalarNode
    path: tuple[str, ...] = ()  # the keys down to it from the statement: ("text",), ("so_what", "business", "en")
    languages: tuple[str, ...] = ()  # a text given per language: its other languages, which a rewording leaves behind


def fact_values(text: str, reader: str | None = None, language: str | None = None) -> dict[str, dict[str, Value]]:
    """{statement id: {key: Value}} for every mapping with an ``id`` in the YAML.

    A value a draft prints may sit below its key: a so-what line under the
    ``reader`` it was written for, a per-language text under the ``language``
    (chosen as the brief chose it, fields.localised)."""
    from ruamel.yaml import YAML
    from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode

    root = YAML().compose(text)
    out: dict[str, dict[str, Value]] = {}

    def entries(node) -> dict:
        return {k.value: v for k, v in node.value if isinstance(k, ScalarNode)} if isinstance(node, MappingNode) else {}

    def printed(key: str, node) -> tuple[object, tuple[str, ...], tuple[str, ...]]:
        """The scalar the draft prints for ``key``, the keys below ``key`` that lead to it, and
        the other languages it is given in."""
        path: tuple[str, ...] = ()
        others: tuple[str, ...] = ()
        if key == "so_what":
            node = entries(node).get(reader) if reader else None
            path = (reader,)
        if isinstance(node, MappingNode) and language:
            chosen = localised({k: k for k in entries(node)}, language)
            others = tuple(k for k in entries(node) if k != chosen)
            node, path = entries(node).get(chosen), path + (chosen,)
        return node, path, others

    def walk(node) -> None:
        if isinstance(node, MappingNode):
            pairs = {k.value: (k, v) for k, v in node.value if isinstance(k, ScalarNode)}
            ident = pairs.get("id", (None, None))[1]
            if isinstance(ident, ScalarNode):
                out[ident.value] = {}
                for key, (k, v) in pairs.items():
                    scalar, below, others = printed(key, v) if key in anchors.FIELD_CODES else (None, (), ())
                    if isinstance(scalar, ScalarNode) and scalar.tag.endswith(":str"):
                        # ruamel marks a folded scalar's line breaks with \a (to keep them on a dump)
                        out[ident.value][key] = Value(ident.value, key, scalar.value.replace("\a", ""),
                                                      scalar.start_mark.line + 1 if below else k.start_mark.line + 1,
                                                      scalar, (key, *below), others)
            for _, v in node.value:
                walk(v)
        elif isinstance(node, SequenceNode):
            for v in node.value:
                walk(v)

    if root is not None:
        walk(root)
    return out


def rewrite(text: str, changes: dict[tuple[str, str], str], values: dict[str, dict[str, Value]]) -> str:
    """The YAML text with each (id, key) value replaced, in the value's own style."""
    spans = []
    for (ident, key), new in changes.items():
        node = values[ident][key].node
        start, end = node.start_mark.index, node.end_mark.index
        old = text[start:end]
        core = old.rstrip()
        if node.style in (">", "|"):
            rendered = _block(core, new)
        elif node.style == '"':
            rendered = '"' + new.replace("\\", "\\\\").replace('"', '\\"') + '"'
        elif node.style == "'":
            rendered = "'" + new.replace("'", "''") + "'"
        else:
            rendered = new if _plain_safe(new) else '"' + new.replace("\\", "\\\\").replace('"', '\\"') + '"'
        spans.append((start, start + len(core), rendered))
    out = text
    for start, end, rendered in sorted(spans, reverse=True):
        out = out[:start] + rendered + out[end:]
    return out


def _block(old: str, new: str) -> str:
    """A folded block scalar (``>-``) holding ``new``, indented and wrapped as the
    old one was: the old lines that still begin the text are kept as they are,
    and only the rest is wrapped again, so the diff shows the lines that changed."""
    lines = old.split("\n")
    header = lines[0].split("#")[0].rstrip()  # '>-', '>' or '>2-'; a comment after it is kept out
    header = ">" + header[1:] if header.startswith("|") else header  # the new text is one paragraph
    content = [line for line in lines[1:] if line.strip()]
    indent = len(content[0]) - len(content[0].lstrip(" ")) if content else 2
    # the width the file was wrapped to: its widest line, or 79 for a one-line value
    width = max(len(line) for line in content) if len(content) > 1 else 79
    kept, done = [], ""
    for line in content[:-1]:  # the last old line ends the old text: wrap from there at the latest
        words = line.strip()
        if new.startswith(f"{done}{words} "):
            kept.append(line)
            done += words + " "
        else:
            break
    rest = textwrap.wrap(new[len(done):], width=width, initial_indent=" " * indent,
                         subsequent_indent=" " * indent, break_long_words=False, break_on_hyphens=False)
    return header + "\n" + "\n".join(kept + rest)


def _plain_safe(value: str) -> bool:
    from ruamel.yaml import YAML

    if not value or value != value.strip() or ": " in value or " #" in value or value[0] in "!&*{}[]|>'\"%@`#,?-:":
        return False
    try:
        return YAML(typ="safe").load(f"x: {value}\n") == {"x": value}
    except Exception:  # noqa: BLE001 - anything ruamel will not read back as the same string
        return False


def verify(old_text: str, new_text: str, changes: dict[tuple[str, str], str], path: str,
           values: dict[str, dict[str, Value]] | None = None) -> None:
    """ruamel.yaml reads both files: the new one must equal the old with exactly ``changes`` made
    (each at its Value's path below the statement, where ``values`` are given)."""
    from ruamel.yaml import YAML

    yaml = YAML(typ="safe")
    expected, got = yaml.load(old_text), yaml.load(new_text)

    def apply(node) -> None:
        if isinstance(node, dict):
            if node.get("id") is not None:
                for (ident, key), new in changes.items():
                    if node["id"] == ident:
                        *down, last = values[ident][key].path if values else (key,)
                        target = node
                        for step in down:
                            target = target[step]
                        target[last] = new
            for v in node.values():
                apply(v)
        elif isinstance(node, list):
            for v in node:
                apply(v)

    apply(expected)
    if expected != got:
        raise BriefgenError.single(path, "the edited values could not be written back without changing "
                                   "anything else; nothing was written")


def unified_diff(old: str, new: str, name: str) -> str:
    return "".join(difflib.unified_diff(old.splitlines(True), new.splitlines(True),
                                        f"a/{name}", f"b/{name}"))
