"""briefgen.toml's text → data and the line of every key, its mistakes said in the user's words.

tomllib gives neither positions for values nor messages meant for the person who
typed the file ("Cannot declare ('house',) twice" for a table header missing its
closing bracket). The keys' lines are found here, so the schema's problems are
explained by the same code as a fact base's (validate.py: "did you mean"), and
a syntax error is said as what is wrong at its line.
"""
from __future__ import annotations

import re
import tomllib
from typing import Any

from .errors import BriefgenError
from .load import Document

# Possessive (*+, ?+): what a quantifier took is never given back, so a bad line is refused in one pass.
# '[a' + 20,000 spaces + 'x]]' had the name give back one character at a time, each retried against
# the spaces after it: quadratic, 6 s for validate. No valid header needs a character given back.
_HEADER = re.compile(r"\s*+\[(?P<name>[^\[\]]*+)\]?+\s*+(?:#.*)?$")
# a key's parts: bare, "quoted" or 'literal'; a dotted key (house.short_name = ...) is several
_PART = r"""[A-Za-z0-9_-]++|"[^"]*+"|'[^']*+'"""
_KEY = re.compile(rf"\s*+(?P<key>(?:{_PART})(?:\s*+\.\s*+(?:{_PART}))*+)\s*+=")


def parse_toml(text: str, name: str) -> Document:
    """The file's data, with the line each key is set on; BriefgenError on a syntax error."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        at = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        lines = text.splitlines()
        if at:
            line, col = int(at.group(1)), int(at.group(2))
        else:  # "(at end of document)": after the last line's last character
            line, col = max(len(lines), 1), len(lines[-1]) + 1 if lines else 1
            unclosed = _unclosed_value(lines)
            if unclosed:  # a list or table left open runs to the end: say so where it opens
                line, col, what = unclosed
                raise BriefgenError.single(name, f"TOML syntax error: {what}", line, col) from None
        what = _in_words(str(exc).split(" (at")[0], lines, line)
        raise BriefgenError.single(name, f"TOML syntax error: {what}", line, col) from None
    doc = Document(name, data)
    table: tuple = ()
    for number, source in enumerate(text.splitlines(), 1):
        header = _HEADER.match(source) if source.lstrip().startswith("[") else None
        if header:
            table = tuple(part.strip().strip('"') for part in header.group("name").split("."))
            doc.marks[table] = doc.keys[table] = (number, 1)
        elif key := _KEY.match(source):
            parts = tuple(part.strip("\"'") for part in re.findall(_PART, key.group("key")))
            for end in range(1, len(parts) + 1):  # house.short_name = 3 also sets the table house here
                doc.marks.setdefault(table + parts[:end], (number, 1))
                doc.keys.setdefault(table + parts[:end], (number, 1))
    return doc


def _in_words(message: str, lines: list[str], line: int) -> str:
    """tomllib's message, said as what is wrong at ``line`` where it is one a person can act on."""
    source = lines[line - 1].strip() if 0 < line <= len(lines) else ""
    header = _HEADER.fullmatch(source)
    unclosed = source.startswith("[") and not source.rstrip().split("#")[0].rstrip().endswith("]")
    if header and header.group("name").strip() and unclosed:
        return f"the table header '{source}' has no closing ']': write [{header.group('name').strip()}]"
    twice = re.fullmatch(r"Cannot declare \((.*)\) twice", message)
    if twice:
        table = ".".join(re.findall(r"'([^']*)'", twice.group(1)))
        declared = re.compile(rf"\s*\[\s*{re.escape(table)}\s*\]\s*(#.*)?")
        first = next((n for n, s in enumerate(lines, 1) if declared.fullmatch(s)), None)
        return f"the table [{table}] is declared twice" + (f" (first on line {first})" if first else "")
    if message == "Invalid value":
        return "not a TOML value: write text in quotes (key = \"text\"), a list in brackets, a number or true/false"
    return message


_STRING = re.compile(r""""(?:\\.|[^"\\])*+"|'[^']*+'""")  # a quoted text, whose brackets are text
_CLOSING = {"[": "]", "{": "}"}


def _unclosed_value(lines: list[str]) -> tuple[int, int, str] | None:
    """Where a key's list or inline table opens and is never closed, with what to write:
    tomllib only says "Invalid value (at end of document)" (authors = ["a", on the last line)."""
    open_at: list[tuple[int, int, str, str]] = []  # (line, column, key, bracket) of each bracket still open
    key = ""
    for number, source in enumerate(lines, 1):
        # quoted text blanked first, so that neither its brackets nor a '#' in it count
        text = _STRING.sub(lambda m: " " * len(m.group()), source).split("#")[0]
        if not open_at:
            found = _KEY.match(source)
            if not found:
                continue
            key = found.group("key").strip()
        for column, char in enumerate(text, 1):
            if char in _CLOSING:
                open_at.append((number, column, key, char))
            elif open_at and char == _CLOSING[open_at[-1][3]]:
                open_at.pop()
    if not open_at:
        return None
    number, column, key, bracket = open_at[0]
    kind = "list" if bracket == "[" else "table"
    return number, column, f"the {kind} of '{key}' opened here has no closing '{_CLOSING[bracket]}'"


def example(key: str, value: Any) -> str:
    """How a list of one text is written in TOML, for a key given one text: authors = ["A. Analyst"]."""
    quoted = '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'
    return f"{key} = [{quoted}]"
