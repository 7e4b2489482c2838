"""Deciding what became of each statement of an edited draft: unchanged,
reworded, numbers/dates/names changed, deleted, conflicting with the fact
base, commented; and finding the text typed outside any statement.
"""
from __future__ import annotations

import difflib
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from .. import anchors
from ..render.abbreviations import contract
from ..render.quotes import curl, straight
from .draft import MARK, Anchored, Draft, Paragraph
from .writeback import Value

UNCHANGED, REWORDED, FLAGGED, DELETED, CONFLICT, COMMENTED, OUTSIDE = (
    "unchanged", "reworded", "flagged", "deleted", "conflict", "commented", "outside")


@dataclass
class Finding:
    kind: str
    ident: str | None
    field: str | None
    line: int | None  # in the fact base
    message: str
    new: str | None = None  # the value to write, for a reworded statement

    def needs_person(self) -> bool:
        return self.kind in (FLAGGED, DELETED, CONFLICT, COMMENTED, OUTSIDE)


# a number, or a word spelled with a capital inside a sentence (a name, a month)
_NUMBER = re.compile(r"\d[\d.,:/–-]*\d|\d")
_WORD = re.compile(r"[\w’'-]+")
_SENTENCE_END = re.compile(r"[.!?:;]\s*$")


def checkable(text: str) -> list[str]:
    """The numbers, dates and names in ``text``: what an editor may not change without a source."""
    found = _NUMBER.findall(text)
    for match in _WORD.finditer(text):
        word, before = match.group(0), text[:match.start()]
        opens_sentence = not before.strip() or bool(_SENTENCE_END.search(before))
        if word[0].isupper() and not opens_sentence:
            found.append(word)
    return found


def new_facts(old: str, new: str) -> list[str]:
    """Numbers, dates and names the new text has that the old one had not (removing one needs no source)."""
    left = list(checkable(old))
    added = []
    for token in checkable(new):
        if token in left:
            left.remove(token)
        else:
            added.append(token)
    return added


def classify(draft: Draft, values: dict[str, dict[str, Value]], fresh: list[Paragraph] | None,
             abbreviations: Sequence[tuple[str, str]] = (), language: str | None = "en") -> list[Finding]:
    """Every statement of the draft, what became of it, and the text outside them.

    Texts are compared in short form (render/abbreviations.py ``contract``): a brief writes
    "Economic Partnership Agreement (EPA)" where it first uses "EPA", which is not an edit.
    And with straight quotes (render/quotes.py): the brief sets "Japan’s" where the fact base
    types "Japan's", so a reworded value goes back plain, as the fact base is typed."""
    def held(text: str) -> str:
        return anchors.normalise(contract(straight(text, language), abbreviations))

    def value_held(text: str) -> str:
        # a value as printed, then straight: the same form as a draft's text, in any language
        return held(curl(text, language))

    findings: list[Finding] = []
    versions: dict[tuple[str, str], list[Anchored]] = defaultdict(list)
    by_name: dict[str, tuple[str, str]] = {}
    plain = {ident: {k: value_held(v.text) for k, v in fields.items()} for ident, fields in values.items()}
    for item in draft.texts:
        ident = anchors.resolve(item.anchor, plain)
        if ident is None:
            findings.append(Finding(CONFLICT, item.anchor.token, item.anchor.field, None,
                                    f"the draft's statement {item.anchor.token} ({item.anchor.field}) is no "
                                    "longer in the fact base"))
            continue
        versions[(ident, item.anchor.field)].append(item)
        by_name[item.anchor.name] = (ident, item.anchor.field)

    for (ident, key), items in versions.items():
        value = values[ident][key]
        now = value_held(value.text)
        built = items[0].anchor.hash
        texts = {held(i.current) for i in items}
        # an abbreviation the brief used once is printed as its name alone: not an edit either
        edited = {t for t in texts
                  if built not in (anchors.text_hash(t), anchors.text_hash(contract(t, abbreviations, bare=True)))}
        where = f"{ident} {key}"
        if not edited:
            note = "" if anchors.text_hash(now) == built else \
                " (the fact base changed since the draft was built: rebuild it)"
            findings.append(Finding(UNCHANGED, ident, key, value.line, f"{where}: unchanged{note}"))
            continue
        if len(edited) > 1:
            findings.append(Finding(CONFLICT, ident, key, value.line,
                                    f"{where}: printed {len(items)} times and edited differently"))
            continue
        new = edited.pop()
        if new == now:
            findings.append(Finding(UNCHANGED, ident, key, value.line, f"{where}: unchanged (the fact base "
                                    "already says what the draft says)"))
        elif not new:
            findings.append(Finding(DELETED, ident, key, value.line,
                                    f"{where}: deleted (not applied: remove or shorten it in the fact base "
                                    "if meant)"))
        elif anchors.text_hash(now) != built:
            findings.append(Finding(CONFLICT, ident, key, value.line,
                                    f"{where}: conflict: changed in the fact base since the draft was built, "
                                    "and in the draft; not overwritten"))
        elif added := new_facts(now, new):
            findings.append(Finding(FLAGGED, ident, key, value.line,
                                    f"{where}: numbers, dates or names changed ({', '.join(added)}): "
                                    "needs a source; not applied", new))
        else:
            findings.append(Finding(REWORDED, ident, key, value.line, f"{where}: reworded", new))

    for comment in draft.comments:
        on = list(dict.fromkeys(by_name[n] for n in comment.anchored if n in by_name))
        if on:
            for ident, key in on:
                findings.append(Finding(COMMENTED, ident, key, values[ident][key].line,
                                        f"{ident} {key}: commented by {comment.author or 'someone'}: "
                                        f"“{comment.text}”"))
        else:
            findings.append(Finding(OUTSIDE, None, None, None, f"paragraph {comment.paragraph}: comment "
                                    f"outside any statement by {comment.author or 'someone'}: “{comment.text}”"))
    findings += _outside(draft, by_name, fresh)
    return findings


def _outside(draft: Draft, by_name: dict[str, tuple[str, str]], fresh: list[Paragraph] | None) -> list[Finding]:
    """Text the editor typed outside any statement: tracked insertions there, and
    (compared with a fresh build of the same brief) paragraphs or words that
    the build does not write."""
    def shape(paragraph: Paragraph) -> tuple:
        # which statements a paragraph holds, in order: how a fresh paragraph is matched to the draft's
        return tuple((a.token, a.field) for a in map(anchors.parse, paragraph.names) if a)

    expected: dict[tuple, list[str]] = defaultdict(list)
    for p in fresh or []:
        expected[shape(p)].append(p.skeleton)
    found = []
    for p in draft.paragraphs:
        typed = list(p.inserted)
        if fresh is not None and p.skeleton.replace(MARK, "").strip() and p.skeleton not in expected[shape(p)]:
            candidates = expected[shape(p)]
            # a statement's paragraph is compared with the same statement's; a paragraph of
            # no statement that the build does not write is the editor's whole
            typed = (_added(candidates[0], p.skeleton) if candidates and p.names
                     else [p.skeleton.replace(MARK, "…")])
        first = next((by_name[n][0] for n in p.names if n in by_name), None)
        where = f"paragraph {p.index}" + (f" (in {first})" if first else "")
        for text in dict.fromkeys(t.strip() for t in typed if t.strip(" .…")):
            found.append(Finding(OUTSIDE, None, None, None, f"{where}: text outside any statement: “{text}”"))
    return found


def _added(expected: str, actual: str) -> list[str]:
    """The runs of words in ``actual`` that ``expected`` lacks."""
    a, b = expected.split(), actual.split()
    out = []
    for op, _, _, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op in ("insert", "replace"):
            out.append(" ".join(b[j1:j2]).replace(MARK, "…"))
    return out
