"""Where a sentence of a statement ends and the next begins.

One rule for every reader of sentences: the renderer writes an abbreviation out in full where it
opens a sentence (render/abbreviations.py), absorb tells a sentence's first word from a name and
places a sentence an editor typed between two statements (absorb/), and the copy check compares
statements sentence by sentence (copies.py). Before, each had its own pattern, and they disagreed:
"e.g." ended a sentence for some and not for others, and "…" for two of five. An ellipsis marks
words left out of a sentence; one that ends a sentence is followed by its full stop (Chicago 13.51).
"""

import re

# the marks that may close a quotation or a bracket after a sentence's last word, and open one
# before its first, in the languages the quotes module sets (render/quotes.py)
CLOSING = "\"'”’»」』)]"
OPENING = "\"'“‘«„‚「『(["
_LAST_WORD = re.compile(rf"[{re.escape(OPENING)}]*(.*?)([.!?])[{re.escape(CLOSING)}]*")
# a full stop that ends an abbreviation, not a sentence: "e.g.", "U.S." (letters with dots between;
# not "3.5"), "J." (one letter), and the short words a policy text abbreviates, as it writes them
# ("No. 5", "Art. 12", "cf. the…"): "Korea said no." ends its sentence
_ABBREVIATED = re.compile(r"[^\W\d_]+(?:\.[^\W\d_]+)+|[^\W\d_]|No|Nos|Art|Arts|para|paras|cf|vs|Mr|Mrs|Ms|Dr|St|Jr"
                          r"|etc|approx|Vol|p|pp")


def ends_sentence(text: str) -> bool:
    """Whether ``text`` (spaces after it aside) ends a sentence: its last word ends in a full stop,
    question or exclamation mark and any closing quotes or brackets, and that full
    stop is not an abbreviation's ("Lenders, e.g." ends no sentence)."""
    words = text.split()
    found = _LAST_WORD.fullmatch(words[-1]) if words else None
    # three full stops are an ellipsis typed, as "…" is one
    return found is not None and not found.group(1).endswith("..") and not (
        found.group(2) == "." and _ABBREVIATED.fullmatch(found.group(1)))


def opens_sentence(before: str) -> bool:
    """Whether the word that follows ``before`` is a sentence's first: ``before`` is empty, or ends a
    sentence and a space, with any opening quotes or brackets right before the word."""
    rest = before.rstrip(OPENING)
    if not rest.strip():
        return True
    return rest[-1].isspace() and ends_sentence(rest)


def split(text: str) -> list[str]:
    """The sentences of ``text``, in order, cut at the spaces after each sentence's end."""
    out, start = [], 0
    for space in re.finditer(r"\s+", text):
        if ends_sentence(text[start:space.start()]):
            out.append(text[start:space.start()])
            start = space.end()
    if text[start:] or not out:
        out.append(text[start:])
    return out


def names(texts) -> set[str]:
    """The words ``texts`` write with a capital inside a sentence, not at its start: its proper names
    ("Japan", "Brussels"), so a title opening on one keeps its capital in a sentence (profile.in_sentence)."""
    found = set()
    for text in texts:
        for word in re.finditer(r"[^\W\d_][\w’'-]*", text):
            if word.group()[0].isupper() and not opens_sentence(text[:word.start()]):
                found.add(re.sub(r"[’']s?$", "", word.group()))  # "Japan's" names Japan
    return found
