"""Text as comparable words, and whether a run of them occurs in other text.

The release check finds a withheld statement in a rendered file, and the copy
check (copies.py) finds one statement's words in another, by the same rule:
runs of consecutive words, case- and punctuation-insensitive, so text reflowed
across lines, split by a page break or printed in part still matches.
"""
from __future__ import annotations

import re
import unicodedata

SHINGLE = 6  # words; long enough not to match by chance, short enough to survive a page break
_WORD = re.compile(r"\w+")


def words(text: str) -> list[str]:
    """Text as a sequence of comparable words: ligatures unfolded, case and punctuation dropped."""
    return _WORD.findall(unicodedata.normalize("NFKC", text).casefold())


def shingles(tokens: list[str], size: int = SHINGLE) -> list[tuple[str, ...]]:
    """Every run of ``size`` consecutive words, in order; a shorter text is one run."""
    if len(tokens) < size:
        return [tuple(tokens)] if tokens else []
    return [tuple(tokens[i:i + size]) for i in range(len(tokens) - size + 1)]


class Words:
    """Texts as words, answering whether a run of words occurs in one of them."""

    def __init__(self, texts: list[str]):
        # "" is never a word, so no run spans two texts
        self.tokens = [w for t in texts for w in words(t) + [""]]
        self._runs: dict[int, set[tuple[str, ...]]] = {}

    def __contains__(self, run: tuple[str, ...]) -> bool:
        n = len(run)
        if n not in self._runs:
            self._runs[n] = {tuple(self.tokens[i:i + n]) for i in range(len(self.tokens) - n + 1)}
        return run in self._runs[n]


def strings(value, keep: frozenset | None = None, skip: frozenset = frozenset(),
            path: tuple = ()) -> list[tuple[tuple, str]]:
    """(path, text) of every string in a statement's data (its model_dump), however nested, in order:
    at the top only ``keep``'s keys (if given), at every depth none of ``skip``'s."""
    if isinstance(value, str):
        return [(path, value)]
    if isinstance(value, dict):
        return [pair for key, v in value.items() if key not in skip and (keep is None or key in keep)
                for pair in strings(v, None, skip, path + (key,))]
    if isinstance(value, list):
        return [pair for i, v in enumerate(value) for pair in strings(v, None, skip, path + (i,))]
    return []
