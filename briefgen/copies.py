"""Copies: where a fact base repeats a restricted statement's words in a less restricted one.

The release check ignores a run of words that a withheld statement shares with
text the reader is cleared for: statements share names and stock phrases, and
such a run gives nothing away. A whole sentence, or a long run, is another
matter: the less restricted statement prints the restricted one's words to
readers who may not have them; so does a less restricted statement's whole
sentence that the restricted one holds. Only the fact base's author can say which
of the two markings is right, so `validate` and `build` report each copy, naming
both statements: an error where the copy is surely wrong (the restricted
statement's whole claim, under its own marking), else a warning (it may restate
public text, or be restricted only by what it draws on). The release check
counts as a leak exactly the errors.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import NamedTuple

from . import sentences
from .markings import effective_ranks, marking_rank, statements
from .model import FactBase
from .texts import marked
from .wordruns import SHINGLE, shingles, strings, words

# A whole sentence this long is no stock phrase. The sentences two statements or sources share
# whole, in the EU-Japan sample and the test topics, are names, titles and publishers of at most
# 8 words (never prose); a status line such as "In force since 1 February 2019." has 6.
COPY_SENTENCE = 8
# A run this long is a copy wherever it starts and ends. The longest run two statements of the
# EU-Japan sample (or of the EU-Korea topic) share is 13 words: "the Strategic Dialogue between
# Japan's Foreign Minister and the EU's High Representative", in a framework and a date to watch.
COPY_RUN = 16
# What a statement says is its fields marked prose (fields.PROSE); its name, like a source's title, is what
# other statements call it by. The statement itself, in a sentence or two:
CLAIM = frozenset({"headline", "text", "finding"})


@dataclass(frozen=True)
class Copy:
    """A statement or source (the holder) that repeats a more restricted statement's words."""

    restricted: str  # the restricted statement's id
    path: tuple  # its field the words are from
    rank: int  # its effective rank
    holder: str
    holder_path: tuple  # the holder's field that repeats them
    holder_rank: int
    words: tuple[str, ...]  # the words repeated, as compared
    quote: str  # as the restricted statement writes them
    sure: bool  # its whole claim, under its own marking: no stock phrase, and not an inherited rank

    def message(self, scheme: list[str], line: int) -> str:
        return (f"'{self.holder}' ({scheme[self.holder_rank]}) repeats word for word '{self.restricted}' "
                f"({scheme[self.rank]}, line {line}): \"{self.quote}\"; briefs below {scheme[self.rank]} would "
                f"print it: reword one, or mark '{self.holder}' {scheme[self.rank]}")


class _Said(NamedTuple):
    """One text of a statement above the lowest rank: what a less restricted text must not repeat."""

    ident: str
    rank: int  # the statement's effective rank
    path: tuple  # the text's field
    text: str
    tokens: tuple[str, ...]
    own: int  # the statement's own marking's rank, if the text is its claim; else -1


def copies(fb: FactBase) -> list[Copy]:
    """Every statement or source that repeats a more restricted statement's words: a whole sentence of
    the restricted text (COPY_SENTENCE words or more) or COPY_RUN words running of it, or a whole sentence
    of its own (COPY_SENTENCE or more) that the restricted text holds. One per pair, the surest and longest."""
    ranks = effective_ranks(fb)
    said = [(x.id, ranks[x.id], path, x) for path, _, x in statements(fb)]
    holders = said + [(s.id, marking_rank(fb, s.marking), ("sources", i), s) for i, s in enumerate(fb.sources)]
    lowest = min(rank for _, rank, _, _ in holders)
    restricted = [_Said(ident, rank, path + sub, text, tuple(words(text)),
                        marking_rank(fb, x.marking) if sub[0] in CLAIM else -1)
                  for ident, rank, path, x in said if rank > lowest
                  for sub, text in strings(x.model_dump(), marked(type(x), "prose"))]
    found: dict[tuple[str, str], Copy] = {}

    def keep(one: _Said, holder: str, held_rank: int, where: tuple, passage: tuple[str, ...]) -> None:
        # sure: the passage is the restricted statement's whole claim, above the holder under its own marking
        sure = passage == one.tokens and one.own > held_rank
        copy = Copy(one.ident, one.path, one.rank, holder, where, held_rank, passage, _quote(one.text, passage), sure)
        best = found.get((one.ident, holder))
        if best is None or (copy.sure, len(copy.words)) > (best.sure, len(best.words)):
            found[(one.ident, holder)] = copy

    # a restricted text's passages (itself, its sentences, its long runs) in any less restricted text
    wanted: dict[tuple[str, ...], list[tuple[_Said, tuple[str, ...]]]] = {}
    for one in restricted:
        for passage in _passages(one):
            wanted.setdefault(passage[:SHINGLE], []).append((one, passage))
    firsts = {run[0] for run in wanted}
    for holder, held_rank, path, x in holders if wanted else ():
        for sub, text in strings(x.model_dump()):
            if len(text) < 2 * COPY_SENTENCE - 1:  # too short to hold a passage: a word and a space each
                continue
            tokens = tuple(words(text))
            for i in (i for i, word in enumerate(tokens) if word in firsts):
                for one, passage in wanted.get(tokens[i:i + SHINGLE], ()):
                    if held_rank < one.rank and tokens[i:i + len(passage)] == passage:
                        keep(one, holder, held_rank, path + sub, passage)
    # a less restricted statement's whole sentence inside a restricted text: the restricted one may say
    # more ("... under a secret arrangement"), and the sentence still prints part of what it says
    starts: dict[tuple[str, ...], list[tuple[_Said, int]]] = {}
    for one in restricted:
        for i in range(len(one.tokens) - COPY_SENTENCE + 1):
            starts.setdefault(one.tokens[i:i + SHINGLE], []).append((one, i))
    for holder, held_rank, path, x in said if starts else ():
        for sub, text in strings(x.model_dump(), marked(type(x), "prose")):
            for sentence in _sentences(text):
                for one, i in starts.get(sentence[:SHINGLE], ()) if len(sentence) >= COPY_SENTENCE else ():
                    if held_rank < one.rank and one.tokens[i:i + len(sentence)] == sentence:
                        keep(one, holder, held_rank, path + sub, sentence)
    return list(found.values())


def _sentences(text: str) -> list[tuple[str, ...]]:
    return [tuple(words(s)) for s in sentences.split(text)]


def _passages(said: _Said) -> list[tuple[str, ...]]:
    """The runs of a restricted text that would be a copy if another text held them: the text itself
    and each sentence, if long enough, and every long run."""
    tokens = said.tokens
    out = [tokens] if len(tokens) >= COPY_SENTENCE else []
    out += [s for s in _sentences(said.text) if len(s) >= COPY_SENTENCE and s != tokens]
    return out + [run for run in shingles(list(tokens), COPY_RUN) if len(run) == COPY_RUN]


def _quote(text: str, passage: tuple[str, ...]) -> str:
    """The passage as the text writes it (its case and punctuation); a long one, its first dozen words."""
    shown = passage if len(passage) <= 20 else passage[:12]
    match = re.search(r"\W+".join(map(re.escape, shown)), unicodedata.normalize("NFKC", text), re.IGNORECASE)
    quote = " ".join(match.group(0).split()) if match else " ".join(shown)
    return quote if shown == passage else quote + " …"
