"""YAML file -> plain data with a line:column mark for every path.

PyYAML's composer gives us nodes with marks; we construct the data ourselves so
that we can (a) remember where every value came from, (b) refuse duplicate
keys, which PyYAML would silently resolve by keeping the last one, (c)
bound the work an alias bomb or a deeply nested document can cause, and (d)
refuse tags and merge keys, which plain data never needs.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import BriefgenError, Problem
from .yamlnodes import MAX_DEPTH, MAX_NODES, TOO_DEEP, TOO_MANY, compose, offset_to_line_col

MAX_FILE_BYTES = 1024 * 1024  # a hand-written fact base is tens of kB (the EU–Japan one: 57 kB)
# text after aliases expand: a file within MAX_FILE_BYTES holds at most that
# much; more can only come from one long string aliased many times, which
# would cost gigabytes once rendered
MAX_TEXT_CHARS = 2 * MAX_FILE_BYTES


@dataclass
class Document:
    """Parsed YAML plus where each path was written."""

    file: str
    data: Any
    marks: dict[tuple, tuple[int, int]] = field(default_factory=dict)  # where each value starts
    keys: dict[tuple, tuple[int, int]] = field(default_factory=dict)  # where each key is written
    # problems found while reading (duplicate keys...), reported with the schema's
    problems: list[Problem] = field(default_factory=list)
    # in a document with items set aside (see without): path here -> path as written
    origin: dict[tuple, tuple] = field(default_factory=dict)
    set_aside: list = field(default_factory=list)

    def original(self, path: tuple) -> tuple:
        path = tuple(path)
        for cut in range(len(path), 0, -1):
            if path[:cut] in self.origin:
                return self.origin[path[:cut]] + path[cut:]
        return path

    def mark(self, path: tuple) -> tuple[int, int]:
        """The line and column of a path, or of its nearest written ancestor."""
        path = self.original(path)
        while path not in self.marks and path:
            path = path[:-1]
        return self.marks.get(path, (1, 1))

    def problem(self, path: tuple, message: str, severity: str = "error", at_key: bool = False,
                refers_to: str | None = None) -> Problem:
        """A problem at the value of ``path`` (or at its key: unknown keys); ``refers_to``: the id
        it says is unknown, if it is an unknown reference."""
        path = self.original(path)
        line, col = self.keys[path] if at_key and path in self.keys else self.mark(path)
        return Problem(self.file, line, col, format_path(path), message, severity, refers_to)

    def without(self, drop: set[tuple]) -> Document:
        """This document less the list items and keys at ``drop``; problems found in it
        still name the paths and lines as written."""
        rest = Document(self.file, None, self.marks, self.keys)

        def copy(value: Any, path: tuple, new: tuple) -> Any:
            if isinstance(value, dict):
                rest.set_aside.extend(v for k, v in value.items() if path + (k,) in drop)
                return {k: copy(v, path + (k,), new + (k,)) for k, v in value.items() if path + (k,) not in drop}
            if not isinstance(value, list):
                return value
            out = []
            for i, item in enumerate(value):
                if path + (i,) in drop:
                    rest.set_aside.append(item)
                    continue
                rest.origin[new + (len(out),)] = path + (i,)
                out.append(copy(item, path + (i,), new + (len(out),)))
            return out

        rest.data = copy(self.data, (), ())
        return rest


def format_path(path: tuple) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def display_name(path: Path) -> str:
    """Paths relative to the working directory read better in messages; a file
    of briefgen's own defaults (a profile, a template) is named in full, where
    the user can find it to copy into the project."""
    try:
        shown = os.path.relpath(path)
    except ValueError:
        return str(path)
    if shown.startswith(".." + os.sep):
        from .defaults import folder

        full = Path(path).resolve()
        if any(full.is_relative_to(folder(kind)) for kind in ("audiences", "templates")):
            return str(full)
    return shown


def read_yaml(path: Path, raw: bytes | None = None) -> Document:
    """Parse a YAML file; ``raw``, if given, is its bytes as already read (and
    hashed, by the build: what is parsed is exactly what was fingerprinted)."""
    name = display_name(path)
    if raw is None:
        raw = read_bounded(path)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = offset_to_line_col(raw, exc.start)
        raise BriefgenError.single(
            name, f"not UTF-8: byte 0x{raw[exc.start]:02x} cannot be decoded", line, col) from None
    return parse_yaml(text, name)


def read_bounded(path: Path) -> bytes:
    """A file's bytes, refused past MAX_FILE_BYTES without reading more."""
    name = display_name(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise BriefgenError.single(
                name, f"file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,} bytes")
        # bounded read: a device or pipe reports size 0 yet may never end
        with path.open("rb") as fh:
            raw = fh.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise BriefgenError.single(name, f"cannot read file: {exc.strerror or exc}") from None
    if len(raw) > MAX_FILE_BYTES:
        raise BriefgenError.single(name, f"file is larger than the limit of {MAX_FILE_BYTES:,} bytes")
    return raw


_TOO_LONG = f"document expands to more than {MAX_TEXT_CHARS:,} characters of text (an alias bomb?); refused"


def parse_yaml(text: str, name: str) -> Document:
    """YAML text -> a Document: its data, and where each value and key was written."""
    node = compose(text, name)
    if node is None:
        raise BriefgenError.single(name, "file is empty")
    doc = Document(name, None)
    doc.data = _Builder(doc).build(node, (), 0)
    return doc


def _tag_refused(tag: str) -> str:
    shown = tag.replace("tag:yaml.org,2002:", "!!", 1)
    return f"YAML tags such as '{shown}' are not allowed; write a plain value"


_PLAIN_TAGS = ("tag:yaml.org,2002:map", "tag:yaml.org,2002:seq")


class _Builder:
    def __init__(self, doc: Document):
        self.doc = doc
        self.nodes = 0
        self.chars = 0
        self.scalars = yaml.constructor.SafeConstructor()

    def problem(self, node: yaml.Node, message: str, path: tuple) -> Problem:
        return Problem(self.doc.file, node.start_mark.line + 1, node.start_mark.column + 1,
                       format_path(path), message)

    def build(self, node: yaml.Node, path: tuple, depth: int) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES:  # aliases expand here, so count again
            raise BriefgenError([self.problem(node, TOO_MANY, path)])
        if depth > MAX_DEPTH:
            raise BriefgenError([self.problem(node, TOO_DEEP, path)])
        self.doc.marks.setdefault(path, (node.start_mark.line + 1, node.start_mark.column + 1))
        if not isinstance(node, yaml.ScalarNode) and node.tag not in _PLAIN_TAGS:
            self.doc.problems.append(self.problem(node, _tag_refused(node.tag), path))
        if isinstance(node, yaml.MappingNode):
            return self.build_mapping(node, path, depth)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, path + (i,), depth + 1) for i, item in enumerate(node.value)]
        self.chars += len(node.value)  # an aliased scalar counts each time it is used
        if self.chars > MAX_TEXT_CHARS:
            raise BriefgenError([self.problem(node, _TOO_LONG, path)])
        try:
            return self.scalars.construct_object(node)
        except yaml.constructor.ConstructorError:
            self.doc.problems.append(self.problem(node, _tag_refused(node.tag), path))
            return node.value
        except ValueError:
            # an impossible timestamp such as 2023-02-30: keep the text; the
            # schema then says "not a date" where a date is wanted
            return node.value

    def build_mapping(self, node: yaml.MappingNode, path: tuple, depth: int) -> dict:
        out: dict = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.doc.problems.append(self.problem(key_node, "mapping keys must be plain strings", path))
                continue
            # merge keys are refused, not resolved: PyYAML's merge copies every
            # merged pair before any limit can be checked (a "merge bomb")
            if key_node.tag == "tag:yaml.org,2002:merge":
                self.doc.problems.append(self.problem(
                    key_node, "merge keys ('<<') are not supported; write the keys out", path))
                continue
            if not key_node.tag.startswith("tag:yaml.org,2002:"):
                self.doc.problems.append(self.problem(key_node, _tag_refused(key_node.tag), path))
            key = key_node.value  # as written: "yes" stays "yes", not True
            if key in out:
                first = self.doc.keys[path + (key,)][0]
                self.doc.problems.append(self.problem(
                    key_node, f"duplicate key '{key}' (first defined on line {first})", path + (key,)))
                continue
            self.doc.keys[path + (key,)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            out[key] = self.build(value_node, path + (key,), depth + 1)
        return out
