"""YAML syntax errors said in the user's words: the field the line belongs to, and what to do.

PyYAML says where it stopped and what its grammar expected ("mapping values are
not allowed here", "expected <block end>, but found '<block mapping start>'").
The two mistakes behind most of them in a hand-written fact base are text holding
": " without quotes and a line indented unlike its neighbours; each is recognised
from the line itself, and named by its field where the lines above it parse. The two
look alike where a long text wraps onto a line holding ": ": a key is no more than a
name, so a "key" with a space in it is taken for the text, and both fixes are said.
"""
from __future__ import annotations

import re

# a line's key: indentation, any "- " of list items, the key, then ":" ending the line or before a space
_KEY = re.compile(r"^(?P<indent> *)(?:- +)*(?P<key>[^\s#'\"{\[\-:][^:#]*?|'[^']*'|\"[^\"]*\") *:(?= |$)")

QUOTE_IT = "unquoted text holds ': ' (a colon and a space), which YAML reads as a new key; put the text in quotes"
ALIGN = "line it up with the ones it belongs with"
# text whose first character YAML reads as syntax
_STARTS = {"@": "'@'", "`": "'`'", "*": "'*' (an alias)", "&": "'&' (an anchor)", "!": "'!' (a tag)",
           "%": "'%' (a directive)", "|": "'|' (a block of text)", ">": "'>' (a block of text)"}


def explain(text: str, line: int, col: int, problem: str, context: str | None = None,
            context_line: int | None = None) -> tuple[int, int, str, str] | None:
    """(line, column, field path or "", message) for a syntax error PyYAML reports at ``line``:``col``
    (from 1), in ``context`` begun at ``context_line``; None where its own words are all there is to say."""
    lines = text.splitlines()
    source = lines[line - 1] if 0 < line <= len(lines) else ""
    found = _KEY.match(source)
    key = found.group("key").strip("'\"") if found else None
    if problem == "mapping values are not allowed here":
        if not (found and col - 1 == found.end() - 1):  # a colon after the key's own
            return line, col, (_field(lines, line, found) if found else ""), QUOTE_IT
        # the line's own key: it was read as more of the text above it
        number, above = _line_above(lines, line)
        glued = _GLUED.match(above)
        if glued and not _KEY.match(above):
            return number, glued.end(), "", (f"no space after the colon of '{glued.group('key')}:', so YAML reads that "
                                             "line as text and the next as more of it; write a space after the colon")
        owner = _text_above(lines, line)  # a key's text above goes on here: wrapped text holding ": " reads so
        if owner is None and _indent(source) > _indent(above):
            return line, found.start("key") + 1, "", (
                f"wrong indentation: '{key}' is indented further than the line above, so YAML reads it "
                f"as more of that line's text; {ALIGN}")
        if owner is not None:
            number, match = owner
            name = match.group("key").strip("'\"")
            if " " in key:  # "signed a deal" is no key: the text is what holds ': '
                return line, col, _field(lines, number, match), (
                    f"the text of '{name}' goes on to this line and holds ': ' (a colon and a space), which YAML "
                    f"reads as a new key; put the whole text in quotes (or, if '{key}' is a key, {ALIGN})")
            return line, found.start("key") + 1, "", (
                f"wrong indentation: '{key}' is indented further than '{name}' above it, so YAML reads it as "
                f"more of the text of '{name}'; {ALIGN} (or, if it is more of that text, put the whole text in "
                "quotes: it holds ': ')")
        return None
    if problem.startswith("expected <block end>"):
        if col - 1 == _indent(source):
            what = ("this line" if not key else f"the list item '- {key}'" if source.lstrip().startswith("-")
                    else f"'{key}'")
            return line, col, "", f"wrong indentation: {what} is indented {_indent(source)} spaces, unlike the lines " \
                                  f"around it; {ALIGN}"
        if "'<scalar>'" in problem:  # text after a quoted string ended
            return line, col, "", ("text follows a closing quote: a quote inside quoted text ends it (write \\\" "
                                   "inside \"...\", '' inside '...'), or a quote left open above ends here")
        return None
    flow = re.match(r"expected ',' or '([\]}])'", problem)
    opener, closer = ("[", "]") if flow and flow.group(1) == "]" else ("{", "}")
    rest = source[col - 1:]  # an unmatched closer after where it stopped closes the list: open, but not well formed
    if flow and context in ("while parsing a flow sequence", "while parsing a flow mapping") and context_line \
            and rest.count(closer) <= rest.count(opener):
        # "rests_on: [a, b" with no "]": YAML reads on to the next line's key and stops there, in its own words
        opened = lines[context_line - 1] if context_line <= len(lines) else ""
        keyed = _KEY.match(opened)
        return context_line, opened.rfind(opener) + 1 or 1, (_field(lines, context_line, keyed) if keyed else ""), (
            f"the '{opener}' on this line is never closed: end the {'list' if opener == '[' else 'mapping'} "
            f"with '{closer}' (YAML read on to {'the end of the file' if 'stream end' in problem else f'line {line}'}"
            ", looking for it)")
    if context == "while scanning a quoted scalar" and context_line and "end of stream" in problem:
        return context_line, 1, "", "a quote opened on this line is never closed"
    if problem == "could not find expected ':'" and context_line:
        glued = _GLUED.match(lines[context_line - 1] if context_line <= len(lines) else "")
        if glued:
            return context_line, glued.end(), "", (f"no space after the colon of '{glued.group('key')}:'; "
                                                   "write a space after the colon")
        return None
    starts = re.fullmatch(r"found character '(.*)' that cannot start any token", problem)
    if starts and starts.group(1) == "\\t":
        before = source[:col - 1]
        if not before.strip(" \t-"):
            return line, col, "", "a tab: YAML indents with spaces only; replace the tab with spaces"
        keyed = _KEY.match(before.rstrip(" \t"))
        if keyed and keyed.end() == len(before.rstrip(" \t")):  # "title:<tab>text"
            return line, col, _field(lines, line, keyed), (
                f"a tab after '{keyed.group('key')}:': YAML parts a key from its text with spaces only; "
                "write a space instead")
        return line, col, (_field(lines, line, found) if found else ""), (
            "a tab in the text: YAML takes a tab in text only inside quotes; replace it with a space, or put "
            "the text in quotes")
    first = {"while scanning an alias": "*", "while scanning an anchor": "&"}.get(
        context or "", source[col - 1:col] if col <= len(source) else "")
    if problem.startswith("found undefined alias"):  # text such as "*Important* news"
        return line, col, (_field(lines, line, found) if found else ""), (
            f"{problem} (no anchor &{problem.split(chr(39))[1]} above it; text beginning with '*' must be in quotes)")
    if first in _STARTS and (starts or context in ("while scanning an alias", "while scanning an anchor")):
        return line, col, (_field(lines, line, found) if found else ""), (
            f"text cannot begin with {_STARTS[first]} unless it is in quotes; put the text in quotes")
    if problem == "sequence entries are not allowed here":
        return line, col, (_field(lines, line, found) if found else ""), (
            "text beginning '- ' after a key is read as a list: put the text in quotes, or start the list "
            "on the next line")
    return None


# a key glued to its value ("headline:\"text\""): YAML reads the whole line as one text
_GLUED = re.compile(r"^ *(?:- +)*(?P<key>[A-Za-z_][\w-]*):(?=[^\s:/])")


def _indent(source: str) -> int:
    return len(source) - len(source.lstrip(" "))


def _line_above(lines: list[str], line: int) -> tuple[int, str]:
    """The nearest line above ``line`` holding something other than a comment, and its number."""
    for number in range(line - 1, 0, -1):
        above = lines[number - 1]
        if above.strip() and not above.lstrip().startswith("#"):
            return number, above
    return 0, ""


def _text_above(lines: list[str], line: int) -> tuple[int, re.Match] | None:
    """The key whose unquoted text the more indented ``line`` would go on (``title: The EU and Japan``
    above it, or above the lines that go on its text), and its line number; None if there is none."""
    indent = _indent(lines[line - 1])  # the text's lines are all indented further than its key
    number = line
    while (number := _line_above(lines, number)[0]) > 0:
        above = lines[number - 1]
        if (owner := _KEY.match(above)) is None:
            if above.lstrip().startswith("- "):
                return None  # a list item's text
            indent = min(indent, _indent(above))
            continue
        value = above[owner.end():].strip()
        plain = value and value[0] not in "'\"[{|>&*!#"
        return (number, owner) if plain and _indent(above) < indent else None
    return None


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
