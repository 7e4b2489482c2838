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

_HEADER = re.compile(r"\s*\[(?P<name>[^\[\]]*)\]?\s*(?:#.*)?$")
_KEY = re.compile(r"\s*(?P<key>[A-Za-z0-9_-]+|\"[^\"]*\")\s*=")


def parse_toml(text: str, name: str) -> Document:
    """The file's data, with the line each key is set on; BriefgenError on a syntax error."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        at = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        line, col = (int(at.group(1)), int(at.group(2))) if at else (1, 1)
        what = _in_words(str(exc).split(" (at")[0], text.splitlines(), line)
        raise BriefgenError.single(name, f"TOML syntax error: {what}", line, col) from None
    doc = Document(name, data)
    table: tuple = ()
    for number, source in enumerate(text.splitlines(), 1):
        header = _HEADER.match(source) if source.lstrip().startswith("[") else None
        if header:
            table = tuple(part.strip().strip('"') for part in header.group("name").split("."))
            doc.marks[table] = doc.keys[table] = (number, 1)
        elif key := _KEY.match(source):
            path = table + (key.group("key").strip('"'),)
            doc.marks.setdefault(path, (number, 1))
            doc.keys.setdefault(path, (number, 1))
    return doc


def _in_words(message: str, lines: list[str], line: int) -> str:
    """tomllib's message, said as what is wrong at ``line`` where it is one a person can act on."""
    source = lines[line - 1].strip() if 0 < line <= len(lines) else ""
    header = _HEADER.fullmatch(source)
    if header and source.startswith("[") and not source.rstrip().split("#")[0].rstrip().endswith("]"):
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


def example(key: str, value: Any) -> str:
    """How a list of one text is written in TOML, for a key given one text: authors = ["A. Analyst"]."""
    quoted = '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'
    return f"{key} = [{quoted}]"
