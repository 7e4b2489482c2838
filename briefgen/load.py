"""YAML file -> plain data with a line:column mark for every path.

PyYAML's composer gives us nodes with marks; we construct the data ourselves so
that we can (a) remember where every value came from, (b) refuse duplicate
keys, which PyYAML would silently resolve by keeping the last one, and (c)
bound the work an alias bomb or a deeply nested document can cause.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import BriefgenError, Problem

MAX_FILE_BYTES = 2 * 1024 * 1024  # a hand-written fact base is tens of kB
MAX_NODES = 200_000  # counts alias expansions too: stops "billion laughs"
MAX_DEPTH = 50

Path_ = tuple  # ("drivers", 3, "as_of")


@dataclass
class Document:
    """Parsed YAML plus where each path was written."""

    file: str
    data: Any
    marks: dict[tuple, tuple[int, int]] = field(default_factory=dict)

    def mark(self, path: tuple) -> tuple[int, int]:
        """The line and column of a path, or of its nearest written ancestor."""
        path = tuple(path)
        while path not in self.marks and path:
            path = path[:-1]
        return self.marks.get(path, (1, 1))

    def problem(self, path: tuple, message: str, severity: str = "error") -> Problem:
        line, col = self.mark(path)
        return Problem(self.file, line, col, format_path(path), message, severity)


def format_path(path: tuple) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def display_name(path: Path) -> str:
    """Paths relative to the working directory read better in messages."""
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)


def read_yaml(path: Path) -> Document:
    name = display_name(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise BriefgenError.single(name, f"cannot read file: {exc.strerror}") from None
    if size > MAX_FILE_BYTES:
        raise BriefgenError.single(
            name, f"file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,} bytes")
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise BriefgenError.single(
            name, f"not UTF-8: byte 0x{raw[exc.start]:02x} cannot be decoded", line, col) from None
    return parse_yaml(text, name)


def parse_yaml(text: str, name: str) -> Document:
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = exc.problem or exc.context or "invalid YAML"
        raise BriefgenError.single(name, f"YAML syntax error: {what}", line, col) from None
    except yaml.YAMLError as exc:  # reader errors: control characters and the like
        mark = getattr(exc, "position", None)
        line, col = _offset_to_line_col(text, mark) if mark is not None else (1, 1)
        reason = getattr(exc, "reason", None) or "invalid YAML"
        char = getattr(exc, "character", None)
        detail = f"{reason} (character U+{ord(char):04X})" if isinstance(char, str) else reason
        raise BriefgenError.single(name, f"YAML syntax error: {detail}", line, col) from None
    doc = Document(name, None)
    if node is None:
        raise BriefgenError.single(name, "file is empty")
    doc.data = _Builder(doc).build(node, (), 0)
    return doc


def _offset_to_line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


class _Builder:
    def __init__(self, doc: Document):
        self.doc = doc
        self.nodes = 0
        self.scalars = yaml.constructor.SafeConstructor()

    def fail(self, node: yaml.Node, message: str, path: tuple) -> BriefgenError:
        return BriefgenError([Problem(self.doc.file, node.start_mark.line + 1,
                                      node.start_mark.column + 1, format_path(path), message)])

    def build(self, node: yaml.Node, path: tuple, depth: int) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise self.fail(node, f"document expands to more than {MAX_NODES:,} values "
                                  "(an alias bomb?); refused", path)
        if depth > MAX_DEPTH:
            raise self.fail(node, f"nested more than {MAX_DEPTH} levels deep; refused", path)
        self.doc.marks.setdefault(path, (node.start_mark.line + 1, node.start_mark.column + 1))
        if isinstance(node, yaml.MappingNode):
            self.scalars.flatten_mapping(node)  # resolves "<<" merge keys
            out: dict = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    raise self.fail(key_node, "mapping keys must be plain strings", path)
                key = self.scalars.construct_object(key_node)
                if not isinstance(key, str):
                    key = str(key)
                if key in out:
                    first = self.doc.marks[path + (key,)][0]
                    raise self.fail(key_node, f"duplicate key '{key}' (first defined on line {first})",
                                    path + (key,))
                self.doc.marks[path + (key,)] = (key_node.start_mark.line + 1,
                                                 key_node.start_mark.column + 1)
                out[key] = self.build(value_node, path + (key,), depth + 1)
            return out
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, path + (i,), depth + 1) for i, item in enumerate(node.value)]
        try:
            return self.scalars.construct_object(node)
        except (yaml.constructor.ConstructorError, ValueError) as exc:
            raise self.fail(node, f"cannot read value {node.value!r}: {exc}", path) from None
