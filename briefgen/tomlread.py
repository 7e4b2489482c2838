"""briefgen.toml's text → data and the line of every key, its mistakes said in the user's words.

tomllib gives neither positions for values nor messages meant for the person who
typed the file ("Cannot declare ('house',) twice" for a table header missing its
closing bracket). The keys' lines are found here, so the schema's problems are
explained by the same code as a fact base's (validate.py: "did you mean"), and
a syntax error is said as what is wrong at its line, in the key it is in
(house.series) and with the line to write where that can be known: tomllib's
"Illegal character '\\n'" is a quote left open, "Cannot overwrite a value" a key
set twice, "Invalid value" most often text without its quotes.
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
        raise _syntax_error(str(exc), text.splitlines(), name) from None
    doc = Document(name, data)
    table: tuple = ()
    for number, source in enumerate(text.splitlines(), 1):
        header = _HEADER.match(source) if source.lstrip().startswith("[") else None
        if header:
            table = _table(header)
            doc.marks[table] = doc.keys[table] = (number, 1)
        elif key := _KEY.match(source):
            parts = _key_parts(key)
            for end in range(1, len(parts) + 1):  # house.short_name = 3 also sets the table house here
                doc.marks.setdefault(table + parts[:end], (number, 1))
                doc.keys.setdefault(table + parts[:end], (number, 1))
    return doc


def _table(header: re.Match) -> tuple[str, ...]:
    return tuple(part.strip().strip('"') for part in header.group("name").split("."))


def _key_parts(key: re.Match) -> tuple[str, ...]:
    return tuple(part.strip("\"'") for part in re.findall(_PART, key.group("key")))


# tomllib's messages about text in quotes, which a quote left open or one too many gives
_STRING_TROUBLE = ("Illegal character", "Unterminated string", "Expected \"'\"", "Expected '\"'",
                   "Expected newline or end of document after a statement")


def _syntax_error(message: str, lines: list[str], name: str) -> BriefgenError:
    """One line for tomllib's error: where, the key it is in (house.series) where there is one, and what to write."""
    message, _, place = message.partition(" (at")
    at = re.search(r"line (\d+), column (\d+)\)", place)
    if at:
        line, col = int(at.group(1)), int(at.group(2))
    else:  # "(at end of document)": after the last line's last character
        line, col = max(len(lines), 1), len(lines[-1]) + 1 if lines else 1
        quoted = _open_quote_line(lines) if message.startswith(_STRING_TROUBLE) else None
        unclosed = None if quoted else _unclosed_value(lines)
        if quoted:
            line = quoted
        elif unclosed:  # a list or table left open runs to the end: say so where it opens
            line, col, what = unclosed
            return BriefgenError.single(name, f"TOML syntax error: {what}", line, col)
    path, col, what = _in_words(message, lines, line, col)
    return BriefgenError.single(name, f"TOML syntax error: {what}", line, col, path)


def _in_words(message: str, lines: list[str], line: int, col: int) -> tuple[str, int, str]:
    """tomllib's message, said as what is wrong at ``line`` and what to write where it is one a
    person can act on: (the key's path, the column to point at, the words)."""
    raw = lines[line - 1] if 0 < line <= len(lines) else ""
    source = raw.strip()
    table = _table_before(lines, line)
    found = _KEY.match(raw)
    key = ".".join(_key_parts(found)) if found else ""
    path = ".".join(table + _key_parts(found)) if found else ""
    value = raw[found.end():].strip() if found else ""
    header = _HEADER.fullmatch(source)
    unclosed = source.startswith("[") and not source.rstrip().split("#")[0].rstrip().endswith("]")
    if header and header.group("name").strip() and unclosed:
        return "", col, f"the table header '{source}' has no closing ']': write [{header.group('name').strip()}]"
    twice = re.fullmatch(r"Cannot declare \((.*)\) twice", message)
    if twice:
        name = ".".join(re.findall(r"'([^']*)'", twice.group(1)))
        declared = re.compile(rf"\s*\[\s*{re.escape(name)}\s*\]\s*(#.*)?")
        first = next((n for n, s in enumerate(lines, 1) if declared.fullmatch(s)), None)
        return "", col, f"the table [{name}] is declared twice" + (f" (first on line {first})" if first else "")
    if message.startswith(_STRING_TROUBLE) and (opened := _open_quote(raw)) is not None:
        quote, rest = raw[opened], raw[opened + 1:].split(" #")[0].strip()  # a comment meant after it
        starts_value = found is not None and opened == len(raw) - len(raw[found.end():].lstrip())
        # where the value is that text alone, the fix is the line with its closing quote
        fix = (f": write {key} = {quote}{_short(rest)}{quote}" if starts_value and quote not in rest
               else f" on its line: close it with {quote} before the line ends")
        return path, opened + 1, f"the text{_of(key)} has no closing {quote}{fix}"
    if message == "Expected newline or end of document after a statement" and found and value[:1] in "\"'":
        return path, col, (f"more follows the text{_of(key)} after its closing quote: a quote inside the text "
                           "ends it; write it as \\\" (or put the text in single quotes)")
    if message == "Expected '=' after a key in a key/value pair":
        return _no_equals(source, table, col)
    if message == "Cannot overwrite a value" and found:
        first = _first_set(lines[:line - 1], table, _key_parts(found))
        where = f" in [{'.'.join(table)}]" if table else ""
        return path, col, (f"'{key}' is set twice{where}" + (f" (first on line {first})" if first else "")
                           + ": keep one")
    if message == "Unclosed array" and found:
        return path, col, (f"the list{_of(key)} is not closed where expected: write each text in quotes, "
                           f"separated by commas, and close it with ']': {key} = [\"A. Analyst\", \"B. Writer\"]")
    if message == "Invalid hex value" or message.startswith("Unescaped '\\'"):
        # tomllib points past the escape it could not read: point at its backslash
        col = raw.rfind("\\", 0, col) + 1 or col
        return path, col, ("a \\ in text in double quotes starts an escape: write \\\\ for a backslash, "
                           "use / in a file's path, or put the text in single quotes")
    if message == "Invalid value":
        in_list = found is not None and col > found.end() + 1 and value.startswith("[")
        return path, col, _bad_value(key, value, in_list)
    return path, col, message


def _of(key: str) -> str:
    return f" of '{key}'" if key else ""


def _short(text: str, limit: int = 60) -> str:
    """A value echoed back in a message, cut where a line of a hundred thousand characters would flood it."""
    return text if len(text) <= limit else text[:limit] + "…"


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _bad_value(key: str, value: str, in_list: bool) -> str:
    """What to write for a value TOML does not read: most often text without its quotes."""
    generic = "not a TOML value: write text in quotes (key = \"text\"), a list in brackets, a number or true/false"
    if not key:
        return generic
    if value in ("True", "False", "TRUE", "FALSE", "Yes", "No", "yes", "no"):
        word = "true" if value.lower() in ("true", "yes") else "false"
        return f"not a TOML value: write {key} = {word} (TOML's true and false are in lower case)"
    if in_list:
        items = [i.strip() for i in value.strip().strip("[]").split(",") if i.strip()]
        fixed = ", ".join(i if i[:1] in "\"'" else _quoted(i) for i in items)
        return f"a text in the list of '{key}' is not in quotes: write {key} = [{_short(fixed)}]"
    if not value or value.startswith("#"):  # 'accent = #123456': the value is read as a comment
        shown = f" = {_quoted(_short(value))}" if value else " = \"...\""
        return f"'{key}' has no value (a # starts a comment unless in quotes): write {key}{shown}"
    return f"not a TOML value: text goes in quotes: write {key} = {_quoted(_short(value))}"


def _no_equals(source: str, table: tuple, col: int) -> tuple[str, int, str]:
    """A line with a key and no '=' after it: a ':' for '=', a key of two words, or the '=' left out."""
    colon = re.fullmatch(r"([A-Za-z0-9_-]++)\s*+:\s*+(.*+)", source)
    spaced = re.match(r"([A-Za-z0-9_-]++(?:[ \t]++[A-Za-z0-9_-]++)++)[ \t]*+=", source)
    bare = re.fullmatch(r"([A-Za-z0-9_-]++)\s*+(.*+)", source)
    if colon:
        key, value = colon.groups()
        return (".".join(table + (key,)), col,
                f"a key takes '=', not ':': write {key} = {_short(value) or chr(34) * 2}")
    if spaced:
        words = spaced.group(1).split()
        return "", col, f"a key is one word, '{spaced.group(1)}' is {len(words)}: did you mean {'_'.join(words)}?"
    if bare:
        key, value = bare.groups()
        return (".".join(table + (key,)), col,
                f"no '=' after '{key}': write {key} = {_short(value)}" if value else
                f"'{key}' has no value: write {key} = \"...\", or remove the line")
    return "", col, "Expected '=' after a key in a key/value pair"


def _first_set(lines: list[str], table: tuple, parts: tuple) -> int | None:
    """The first of ``lines`` that sets the key ``parts`` in ``table``."""
    current: tuple = ()
    for number, source in enumerate(lines, 1):
        header = _HEADER.match(source) if source.lstrip().startswith("[") else None
        if header:
            current = _table(header)
        elif current == table and (key := _KEY.match(source)) and _key_parts(key) == parts:
            return number
    return None


def _table_before(lines: list[str], line: int) -> tuple[str, ...]:
    """The table whose keys ``line`` sets: the last header above it."""
    table: tuple = ()
    for source in lines[:line - 1]:
        header = _HEADER.match(source) if source.lstrip().startswith("[") else None
        if header:
            table = _table(header)
    return table


def _open_quote(source: str) -> int | None:
    """Where on the line a quote opens that nothing closes, or None: quoted text blanked first, the
    first quote left before a comment is one."""
    text = _STRING.sub(lambda m: " " * len(m.group()), source)
    for column, char in enumerate(text):
        if char == "#":
            return None
        if char in "\"'":
            return column
    return None


def _open_quote_line(lines: list[str]) -> int | None:
    """The last line on which a quote opens that nothing closes (a text left open at the end of the file)."""
    return next((n for n in range(len(lines), 0, -1) if _open_quote(lines[n - 1]) is not None), None)


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
