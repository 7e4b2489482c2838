"""Deciding what became of each statement of an edited draft: unchanged,
reworded, numbers/dates/names changed, deleted, conflicting with the fact
base, commented; and finding the text typed outside any statement.
"""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from .. import anchors, sentences
from ..render.abbreviations import contract
from ..render.quotes import curl, straight
from .attach import attach
from .draft import Anchored, Draft, Paragraph
from .outside import notes, places, typed_outside
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
# a colon or semicolon may open a clause with a capital, as a sentence opens ('declared: "The
# security of…"'), so the word after one may be no name either
_CLAUSE_START = re.compile(rf"[:;]\s*[{re.escape(sentences.OPENING)}]*$")
_POSSESSIVE = re.compile(r"[’']s?$")
# numbers written as words, and the words of likelihood and confidence (ICD 203's ladder,
# messages.py, and the words writers use for its rungs): substance, as much as a figure is
_NUMBER_WORDS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred hundreds "
    "thousand thousands million millions billion billions trillion trillions half halves third thirds "
    "quarter quarters dozen dozens first second fourth fifth sixth seventh eighth ninth tenth eleventh "
    "twelfth twentieth hundredth once twice thrice double doubled triple tripled halved").split()
_ESTIMATIVE = sorted([
    "almost no chance", "no chance", "remote", "remotely", "highly improbable", "improbable", "very unlikely",
    "highly unlikely", "unlikely", "roughly even chance", "roughly even odds", "even chance", "even odds",
    "likely", "probable", "probably", "very likely", "highly likely", "highly probable", "almost certain",
    "almost certainly", "nearly certain", "certainly", "possible", "possibly", "perhaps",
    "high confidence", "moderate confidence", "low confidence"], key=len, reverse=True)
_WORDED = re.compile(r"(?<![\w’'-])(" + "|".join([re.escape(p).replace(r"\ ", r"\s+") for p in _ESTIMATIVE]
                                                + _NUMBER_WORDS) + r")(?![\w’'-])", re.I)


def checkable(text: str, held: bool = False, names: Collection[str] = ()) -> list[str]:
    """The numbers, dates and names in ``text``, with numbers written as words and the words
    of likelihood: what an editor may not change without a source. ``held``: as a text had
    them before an edit, a capitalised word opening a sentence too ("COVID-19 exposed...").
    A word opening a sentence is a name when it is one of ``names`` (the fact base's own)."""
    found = _NUMBER.findall(text)
    for match in _WORD.finditer(text):
        # "the SPA's entry" made "the entry of the SPA" names the same SPA: a possessive is no new name
        word, before = _POSSESSIVE.sub("", match.group(0)) or match.group(0), text[:match.start()]
        opens_sentence = not held and (sentences.opens_sentence(before) or bool(_CLAUSE_START.search(before)))
        if word[0].isupper() and (not opens_sentence or word in names) and not _WORDED.fullmatch(word):
            found.append(word)
    found += [" ".join(m.group(0).lower().split()) for m in _WORDED.finditer(text)]
    return found


def new_facts(old: str, new: str, moved: Sequence[str] = (), names: Collection[str] = ()) -> list[str]:
    """Numbers, dates and names the new text has that the old one had not (removing one needs
    no source). ``moved``: those taken out of another statement of the same fact, moved here;
    ``names``: the names the fact base uses, told as names at a sentence's start too."""
    left = checkable(old, held=True) + list(moved)
    added = []
    for token in checkable(new, names=names):
        if token in left:
            left.remove(token)
        else:
            added.append(token)
    return added


def classify(draft: Draft, values: dict[str, dict[str, Value]], fresh: Draft | None,
             abbreviations: Sequence[tuple[str, str]] = (), language: str | None = "en",
             sources: dict[str, list[str]] | None = None, built_from: Collection[str] = ()) -> list[Finding]:
    """Every statement of the draft, what became of it, and the text outside them. ``built_from``:
    the ids of the fact base the draft was built from, when it is read against another, to name
    a statement this one lacks by its id.

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
    # the names the fact base writes: "Beijing" opening a sentence the editor added is one too
    names = {t for fields in plain.values() for text in fields.values() for t in checkable(text)
             if not t[0].isdigit()}
    paragraphs = fresh.paragraphs if fresh is not None else None  # as a build of today's fact base writes them
    sources = sources or {}
    joined = attach(draft, paragraphs)  # text typed at a statement's edge, outside its bookmark, is its own
    owner: dict[int, tuple[str, str]] = {}
    for item in draft.texts:
        ident = anchors.resolve(item.anchor, plain)
        if ident is None:
            shown = anchors.ident_of(item.anchor, [*values, *built_from])
            findings.append(Finding(CONFLICT, shown, item.anchor.field, None,
                                    f"the draft's statement {shown} ({item.anchor.field}) is no "
                                    "longer in the fact base"))
            continue
        versions[(ident, item.anchor.field)].append(item)
        by_name[item.anchor.name] = owner[id(item)] = (ident, item.anchor.field)
    together = {}
    for j in joined:
        pair = owner.get(id(j.first)), owner.get(id(j.second))
        if None not in pair:
            together[pair[0]] = together[pair[1]] = (pair, j.text)

    edits: dict[tuple[str, str], set[str]] = {}
    for (ident, key), items in versions.items():
        built = items[0].anchor.hash
        # an abbreviation the brief used once is printed as its name alone: not an edit either
        edits[(ident, key)] = {t for t in {held(i.current) for i in items}
                               if built not in (anchors.text_hash(t),
                                                anchors.text_hash(contract(t, abbreviations, bare=True)))}
    # what each statement's edit took out, so that a name moved to another statement of the same fact is not new
    gave_up = {k: _removed(value_held(values[k[0]][k[1]].text), next(iter(e)))
               for k, e in edits.items() if len(e) == 1}
    stale = False
    for (ident, key), items in versions.items():
        value = values[ident][key]
        now = value_held(value.text)
        built = items[0].anchor.hash
        stale |= anchors.text_hash(now) != built
        edited = set(edits[(ident, key)])
        where = f"{ident} {key}"
        if (ident, key) in together:
            pair, text = together[(ident, key)]
            if (ident, key) == pair[0]:
                findings.append(Finding(FLAGGED, ident, key, value.line, f"{_names(pair)}: run into one sentence "
                                        f"in the draft: “{text}”; not applied: each is a statement of its own in "
                                        "the fact base, so reword them there"))
            continue
        if not edited:
            note = "" if anchors.text_hash(now) == built else \
                " (the fact base changed since the draft was built: rebuild it)"
            findings.append(Finding(UNCHANGED, ident, key, value.line, f"{where}: unchanged{note}"))
            continue
        if len(edited) > 1:
            findings.append(Finding(CONFLICT, ident, key, value.line,
                                    f"{where}: printed {len(items)} times and edited differently: "
                                    + "; ".join(f"“{t}”" for t in sorted(edited))))
            continue
        new = _shortened(edited.pop(), now, abbreviations)
        moved = [t for k, lost in gave_up.items() if k[0] == ident and k != (ident, key) for t in lost]
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
                                    f"and in the draft, which reads “{new}”; not overwritten"))
        elif broken := _broken(now, new):
            findings.append(Finding(FLAGGED, ident, key, value.line,
                                    f"{where}: the draft's text {broken}: “{new}”; not applied: check the draft"))
        elif added := new_facts(now, new, moved, names):
            findings.append(Finding(FLAGGED, ident, key, value.line,
                                    f"{where}: numbers, dates or names changed ({', '.join(added)}): "
                                    f"needs a source; not applied (the draft reads “{new}”)", new))
        else:
            # the value's other languages say what the old wording did: a translator must follow
            # (nothing where there are none: "x and f'...'" gave the empty tuple, printed as "reworded()")
            behind = f" in {value.path[-1]} only: revisit its {', '.join(value.languages)} text" \
                if value.languages else ""
            findings.append(Finding(REWORDED, ident, key, value.line, f"{where}: reworded{behind}", new))
    findings += _missing(draft, paragraphs, plain, values, stale)

    where = places(draft)
    for comment in draft.comments:
        on = list(dict.fromkeys(by_name[n] for n in comment.anchored if n in by_name))
        if on:
            for ident, key in on:
                findings.append(Finding(COMMENTED, ident, key, values[ident][key].line,
                                        f"{ident} {key}: commented by {comment.author or 'someone'}: "
                                        f"“{comment.text}”"))
        else:
            findings.append(Finding(OUTSIDE, None, None, None, f"{where[comment.paragraph]}: comment "
                                    f"outside any statement by {comment.author or 'someone'}: “{comment.text}”"))
    told = typed_outside(draft, by_name, paragraphs, sources, language) + notes(draft, fresh, sources, language)
    findings += [Finding(OUTSIDE, None, None, None, m) for m in told]
    return findings


def _shortened(new: str, now: str, abbreviations: Sequence[tuple[str, str]]) -> str:
    """``new`` with the names the brief wrote out bare (an abbreviation it uses once, "the Japan
    Organization for Metals and Energy Security") taken back to the short form the value uses."""
    used = [(short, long) for short, long in abbreviations if re.search(rf"(?<![\w-]){re.escape(short)}(?![\w-])", now)]
    return contract(new, used, bare=True) if used else new


def _names(pair: tuple[tuple[str, str], tuple[str, str]]) -> str:
    """"f headline and detail", or "f headline and g text"."""
    (a, x), (b, y) = pair
    return f"{a} {x} and {y}" if a == b else f"{a} {x} and {b} {y}"


def _removed(old: str, new: str) -> list[str]:
    """The numbers, dates and names ``old`` has that ``new`` lacks."""
    left = checkable(new, held=True)
    out = []
    for token in checkable(old, held=True):
        if token in left:
            left.remove(token)
        else:
            out.append(token)
    return out


_OPENS = re.compile(r"^[\W_]*[A-Z0-9]")


def _broken(old: str, new: str) -> str | None:
    """How ``new`` stops being a whole statement where ``old`` was one: it begins or ends in
    the middle of a sentence (what a draft holds when an edit crossed a statement's edge)."""
    if _OPENS.match(old) and new[:1].islower():
        return "begins in the middle of a sentence"
    if sentences.ends_sentence(old) and not sentences.ends_sentence(new):
        return "ends in the middle of a sentence"
    return None


def _missing(draft: Draft, fresh: list[Paragraph] | None, plain: dict, values: dict[str, dict[str, Value]],
             stale: bool) -> list[Finding]:
    """The statements a build prints that the draft no longer holds at all: their bookmark went with
    their text (deleted untracked, or tracked and the changes accepted)."""
    if fresh is None:
        return []
    held = {(i.anchor.token, i.anchor.field) for i in draft.texts}
    gone: dict[tuple[str, str], None] = {}
    for p in fresh:
        for anchor in filter(None, map(anchors.parse, p.names)):
            ident = anchors.resolve(anchor, plain)
            if (anchor.token, anchor.field) not in held and ident in values:
                gone[(ident, anchor.field)] = None
    since = " (or added to the fact base after the draft was built)" if stale else ""
    return [Finding(DELETED, ident, key, values[ident][key].line,
                    f"{ident} {key}: deleted: not in the draft{since} (not applied: remove it from the fact "
                    "base if meant)") for ident, key in gone]
