"""YAML text -> PyYAML's node tree, with the line and column of every node, bounded.

Two parsers are used: libyaml's, through PyYAML's C binding, about nine times
faster on a fact base (a batch of a thousand fact bases is parsed before its
first job starts), and PyYAML's own in Python, whose error messages are the
ones briefgen prints. A file goes through libyaml first; one that libyaml
refuses is parsed again in Python, for the exact message and position. A file
with a tab or a character YAML forbids goes to Python alone: tabs are where
the two parsers differ most. Where both read a file, they give the same nodes
(tests/test_fuzz.py), save the column of an empty value and the odd tag, which
briefgen refuses anyway. PyYAML built without libyaml uses Python alone.

Either way the composer is PyYAML's Python one, counting as it goes: it
recurses once per nesting level, so a file of 100 000 "[" would end in a
RecursionError, and it would build every node of an alias bomb before anything
could be checked. The count refuses both early, at the offending node.
"""
from __future__ import annotations

import yaml
from yaml.composer import Composer
from yaml.resolver import Resolver

from .errors import BriefgenError

MAX_NODES = 50_000  # the EU–Japan fact base has ~3 000; counts alias expansions too ("billion laughs")
MAX_DEPTH = 50
TOO_DEEP = f"nested more than {MAX_DEPTH} levels deep; refused"
TOO_MANY = f"document expands to more than {MAX_NODES:,} values (an alias bomb?); refused"


class _Refused(Exception):
    def __init__(self, message: str, mark: yaml.Mark):
        super().__init__(message)
        self.mark = mark


class _Bounded:
    """The composer's one recursive step, counted (a mixin for both parsers)."""

    def compose_node(self, parent, index):
        self._depth += 1
        self._composed += 1
        mark = self.peek_event().start_mark
        if self._depth > MAX_DEPTH + 1:  # the root is depth 0, as in load._Builder
            raise _Refused(TOO_DEEP, mark)
        if self._composed > MAX_NODES:
            raise _Refused(TOO_MANY, mark)
        try:
            return Composer.compose_node(self, parent, index)
        finally:
            self._depth -= 1


class _PythonParser(_Bounded, yaml.SafeLoader):
    """PyYAML's reader, scanner and parser: the reference, and its messages."""

    def __init__(self, text: str):
        super().__init__(text)  # the reader checks every character here
        self._depth = self._composed = 0


if yaml.__with_libyaml__:
    from yaml._yaml import CParser

    class _LibyamlParser(_Bounded, CParser, Composer, Resolver):
        """libyaml's scanner and parser giving events to PyYAML's composer and resolver
        (CParser's own composer is in C and unbounded)."""

        get_single_node = Composer.get_single_node
        compose_document = Composer.compose_document

        def __init__(self, text: str):
            CParser.__init__(self, text)
            Composer.__init__(self)
            Resolver.__init__(self)
            self._depth = self._composed = 0
else:  # pragma: no cover - the wheels on PyPI carry libyaml
    _LibyamlParser = None


def compose(text: str, name: str) -> yaml.Node | None:
    """The document's root node (None for an empty file), or BriefgenError with
    one located problem: the file's ``name``, line and column, and what is wrong."""
    if _LibyamlParser is not None and "\t" not in text and not yaml.reader.Reader.NON_PRINTABLE.search(text):
        parser = _LibyamlParser(text)
        try:
            return parser.get_single_node()
        except (yaml.YAMLError, _Refused):
            pass  # said again below, in PyYAML's words
        finally:
            parser.dispose()
    return _compose_in_python(text, name)


def _compose_in_python(text: str, name: str) -> yaml.Node | None:
    parser = None
    try:
        parser = _PythonParser(text)
        return parser.get_single_node()
    except _Refused as exc:
        raise BriefgenError.single(name, str(exc), exc.mark.line + 1, exc.mark.column + 1) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = exc.problem or exc.context or "invalid YAML"
        if what.startswith("but ") and exc.context:  # "expected a single document..., but found another"
            what = f"{exc.context}, {what}"
        from .yamlhints import explain

        context_line = exc.context_mark.line + 1 if exc.context_mark else None
        line, col, path, what = explain(text, line, col, what, exc.context, context_line) or (line, col, "", what)
        raise BriefgenError.single(name, f"YAML syntax error: {what}", line, col, path) from None
    except yaml.reader.ReaderError as exc:  # characters YAML does not allow in a file
        line, col = offset_to_line_col(text, exc.position)
        raise BriefgenError.single(
            name, f"YAML syntax error: {describe_char(chr(exc.character))} is not allowed in a YAML file",
            line, col) from None
    finally:
        if parser is not None:
            parser.dispose()


def parse_bounded(text: str) -> yaml.Node | None:
    """The root node of ``text`` as PyYAML's own parser reads it, bounded; None if it does not parse."""
    try:
        parser = _PythonParser(text)  # its reader refuses a character YAML forbids here
    except yaml.YAMLError:
        return None
    try:
        return parser.get_single_node()
    except (yaml.YAMLError, _Refused):
        return None
    finally:
        parser.dispose()


def describe_char(char: str) -> str:
    """Name a character that cannot be printed, so the user can find it in an editor."""
    code = ord(char)
    if code < 0x20 or 0x7F <= code < 0xA0:
        kind = "control character"
    elif 0xD800 <= code < 0xE000:
        kind = "unpaired surrogate"
    else:
        kind = "non-character"
    return f"{kind} U+{code:04X}"


def offset_to_line_col(text: str | bytes, offset: int) -> tuple[int, int]:
    newline = "\n" if isinstance(text, str) else b"\n"
    line = text.count(newline, 0, offset) + 1
    return line, offset - (text.rfind(newline, 0, offset) + 1) + 1
