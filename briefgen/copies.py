"""Copies: where a fact base repeats a restricted statement's words in a less restricted one.

The release check ignores a run of words that a withheld statement shares with
text the reader is cleared for: statements share names and stock phrases, and
such a run gives nothing away. A whole sentence, or a long run, is another
matter: the less restricted statement prints the restricted one's words to
readers who may not have them. Only the fact base's author can say which of
the two markings is right, so `validate` and `build` report each copy, naming
both statements, and the release check counts it as a leak.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .markings import effective_ranks, marking_rank, statements
from .model import FactBase
from .wordruns import SHINGLE, shingles, words

# A whole sentence this long is no stock phrase. The sentences two statements or sources share
# whole, in the EU-Japan sample and the test topics, are names, titles and publishers of at most
# 8 words (never prose); a status line such as "In force since 1 February 2019." has 6.
COPY_SENTENCE = 8
# A run this long is a copy wherever it starts and ends. The longest run two statements of the
# EU-Japan sample (or of the EU-Korea topic) share is 13 words: "the Strategic Dialogue between
# Japan's Foreign Minister and the EU's High Representative", in a framework and a date to watch.
COPY_RUN = 16
# What a statement says; its name, like a source's title, is what other statements call it by
PROSE = frozenset({"headline", "detail", "so_what", "status", "scope", "text", "finding", "document_says"})
# The statement itself, in a sentence or two
CLAIM = frozenset({"headline", "text", "finding"})
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


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


def copies(fb: FactBase) -> list[Copy]:
    """Every statement or source that repeats a whole sentence (COPY_SENTENCE words or more) or a run
    of COPY_RUN words of a more restricted statement's text: one per pair, the surest and longest."""
    ranks = effective_ranks(fb)
    said = [(x.id, ranks[x.id], path, x) for path, _, x in statements(fb)]
    holders = said + [(s.id, marking_rank(fb, s.marking), ("sources", i), s) for i, s in enumerate(fb.sources)]
    lowest = min(rank for _, rank, _, _ in holders)
    # the passages of every statement above the lowest rank, by their first SHINGLE words
    wanted: dict[tuple[str, ...], list[tuple]] = {}
    for ident, rank, path, x in said:
        if rank > lowest:
            own = marking_rank(fb, x.marking)
            for sub, text in _texts(x.model_dump(), PROSE):
                for passage, claim in _passages(text, sub[0] in CLAIM):
                    wanted.setdefault(passage[:SHINGLE], []).append((ident, rank, path + sub, text, passage,
                                                                     claim and own))
    firsts = {run[0] for run in wanted}
    found: dict[tuple[str, str], Copy] = {}
    for holder, held_rank, path, x in holders if wanted else ():
        for sub, text in _texts(x.model_dump()):
            if len(text) < 2 * COPY_SENTENCE - 1:  # too short to hold a passage: a word and a space each
                continue
            tokens = tuple(words(text))
            for i in (i for i, word in enumerate(tokens) if word in firsts):
                for ident, rank, where, said_text, passage, own in wanted.get(tokens[i:i + SHINGLE], ()):
                    if held_rank < rank and tokens[i:i + len(passage)] == passage:
                        copy = Copy(ident, where, rank, holder, path + sub, held_rank, passage,
                                    _quote(said_text, passage), own > held_rank)
                        best = found.get((ident, holder))
                        if best is None or (copy.sure, len(copy.words)) > (best.sure, len(best.words)):
                            found[(ident, holder)] = copy
    return list(found.values())


def _texts(value, keep: frozenset | None = None, path: tuple = ()) -> list[tuple[tuple, str]]:
    """(path, text) of every string in a statement's data, however nested; at the top, only ``keep``'s keys."""
    if isinstance(value, str):
        return [(path, value)]
    if isinstance(value, dict):
        return [pair for key, v in value.items() if keep is None or key in keep
                for pair in _texts(v, None, path + (key,))]
    if isinstance(value, list):
        return [pair for i, v in enumerate(value) for pair in _texts(v, None, path + (i,))]
    return []


def _passages(text: str, claim: bool) -> list[tuple[tuple[str, ...], bool]]:
    """The runs of a text that would be a copy if another text held them, with whether each is the
    statement's whole claim: the text itself and each sentence, if long enough, and every long run."""
    tokens = tuple(words(text))
    out = [(tokens, claim)] if len(tokens) >= COPY_SENTENCE else []
    sentences = [tuple(words(s)) for s in _SENTENCE_END.split(text)]
    out += [(s, False) for s in sentences if len(s) >= COPY_SENTENCE and s != tokens]
    return out + [(run, False) for run in shingles(list(tokens), COPY_RUN) if len(run) == COPY_RUN]


def _quote(text: str, passage: tuple[str, ...]) -> str:
    """The passage as the text writes it (its case and punctuation); a long one, its first dozen words."""
    shown = passage if len(passage) <= 20 else passage[:12]
    match = re.search(r"\W+".join(map(re.escape, shown)), unicodedata.normalize("NFKC", text), re.IGNORECASE)
    quote = " ".join(match.group(0).split()) if match else " ".join(shown)
    return quote if shown == passage else quote + " …"
