"""What an editor changed outside the statements, told where Word shows it.

Words typed or changed in the text the brief writes around the statements
(a date, a status line, a label, the title), paragraphs of the editor's own,
comments on no statement, and edited notes: none goes back into the fact base,
so each is told by the heading it is under, the opening words of its
paragraph and the sentence it is in, which an editor can find in Word (which
numbers no paragraphs); an edited note is told with the source it cites, as
sources are kept in the fact base, not taken back from a draft.
"""
from __future__ import annotations

import difflib
from collections import defaultdict

from .. import sentences
from ..render.quotes import straight
from .attach import shape
from .draft import MARK, Draft, Paragraph

_OPENING_WORDS = 8


def places(draft: Draft, own: bool = False) -> dict[int, str]:
    """Where each paragraph is, as a reader finds it: "the title “...”", "the heading “...”", or
    "under “Heading”, the paragraph “opening words…”"; with ``own``, a paragraph that is all the
    editor's is "under “Heading”, a paragraph of the editor's own"."""
    out: dict[int, str] = {}
    heading = None
    for p in draft.paragraphs:
        text = p.text()
        if p.style in ("Title", "Subtitle"):
            out[p.index] = f"the {p.style.lower()} “{text}”"
        elif p.style.startswith("Heading"):
            heading = text
            out[p.index] = f"the heading “{text}”"
        else:
            words = text.split()
            opening = " ".join(words[:_OPENING_WORDS]) + ("…" if len(words) > _OPENING_WORDS else "")
            this = "a paragraph of the editor's own" if own else f"the paragraph “{opening}”"
            out[p.index] = (f"under “{heading}”, " if heading else "") + this
    return out


def typed_outside(draft: Draft, by_name: dict[str, tuple[str, str]], fresh: list[Paragraph] | None,
                  sources: dict[str, list[str]], language: str | None) -> list[str]:
    """Text the editor typed outside any statement: tracked insertions there, and
    (compared with a fresh build of the same brief) paragraphs or words that
    the build does not write, or writes otherwise."""
    expected: dict[tuple, list[str]] = defaultdict(list)
    for p in fresh or []:
        expected[shape(p)].append(p.skeleton)
    where, own = places(draft), places(draft, own=True)
    found = []
    for p in draft.paragraphs:
        typed = [("insert", t) for t in p.inserted]
        if fresh is not None and p.skeleton.replace(MARK, "").strip() and p.skeleton not in expected[shape(p)]:
            candidates = expected[shape(p)]
            # a statement's paragraph is compared with the same statement's, and
            # a paragraph of none (a title, a date line) with the one the build writes most like it
            close = candidates[:1] if p.names else difflib.get_close_matches(p.skeleton, candidates, 1, 0.6)
            typed = _added(close[0], p.skeleton) if close else [("insert", p.skeleton.replace(MARK, "…"))]
        first = next((by_name[n] for n in p.names if n in by_name), None)
        beside = f" (beside {first[0]} {first[1]})" if first else ""
        for op, text in dict.fromkeys((op, t.strip()) for op, t in typed if t.strip(" .…")):
            sentence = _sentence(p.text(), text)
            shown = sentence and sentence != text and f"“{sentence}”" not in where[p.index]
            quoted = f"“{text}”" + (f" in “{sentence}”" if shown else "")
            # a source's entry in the list (a paragraph of no statement), not a statement naming a document
            named = {} if p.names else _named(straight(p.text(), language), sources, language)
            if op == "replace" and named:
                found.append(f"{where[p.index]}: changed {quoted}: sources are not taken back from the draft: "
                             f"change source {', '.join(named)} in the fact base if meant")
            elif op == "replace":
                found.append(f"{where[p.index]}{beside}: changed {quoted}: the brief writes this from the fact "
                             "base's fields (a date, status, label or title), which absorb does not take back; "
                             "change it in the fact base")
            else:
                place = own[p.index] if text == p.text() and not p.names else where[p.index]
                found.append(f"{place}{beside}: text outside any statement: {quoted}")
    return found


def notes(draft: Draft, fresh: Draft | None, sources: dict[str, list[str]], language: str | None) -> list[str]:
    """The notes the editor changed, removed or added, each with the sources it cites."""
    if fresh is None:
        return []
    built, now = fresh.notes, draft.notes

    def cited(text: str, changed: tuple[int, int] | None = None) -> str:
        """The sources a note names; with the ``changed`` span of it, the one named nearest that span."""
        ids = _named(straight(text, language), sources, language)
        if changed is not None and ids:
            ids = [min(ids, key=lambda i: min(abs(at - changed[0]) for at in ids[i]))]
        return "source " + ", ".join(ids) if ids else "its source"

    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=built, b=now, autojunk=False).get_opcodes():
        if op == "equal":
            continue
        for k in range(max(i2 - i1, j2 - j1)):
            old = built[i1 + k] if i1 + k < i2 else None
            new = now[j1 + k] if j1 + k < j2 else None
            kept = "sources are not taken back from the draft"
            if old is not None and new is not None:
                out.append(f"note {j1 + k + 1}: edited to “{new}”; {kept}: change {cited(old, _span(old, new))} "
                           "in the fact base if meant")
            elif old is not None:
                out.append(f"note {i1 + k + 1} removed (“{old}”); {kept}: the statement still cites {cited(old)}")
            else:
                out.append(f"note {j1 + k + 1}: a note the brief does not write: “{new}”; {kept}: add the "
                           "source to the fact base and cite it from the statement")
    return out


def _named(text: str, sources: dict[str, list[str]], language: str | None) -> dict[str, list[int]]:
    """{source id: where in ``text`` its title, short title or address is}, for each one named."""
    found: dict[str, list[int]] = {}
    for ident, keys in sources.items():
        for key in filter(None, keys):
            at = text.find(straight(key, language))
            if at >= 0:
                found.setdefault(ident, []).append(at)
    return found


def _span(old: str, new: str) -> tuple[int, int]:
    """Where in ``old`` the change to ``new`` lies: from the first character that differs to the last."""
    start = next((i for i, (a, b) in enumerate(zip(old, new, strict=False)) if a != b), min(len(old), len(new)))
    tail = next((i for i, (a, b) in enumerate(zip(reversed(old), reversed(new), strict=False)) if a != b), 0)
    return start, max(start, len(old) - tail)


def _sentence(text: str, part: str) -> str | None:
    """The sentence of ``text`` that holds ``part`` (its words, "…" standing for a statement's)."""
    words = [w for w in part.replace("…", " ").split()]
    if not words:
        return None
    for sentence in sentences.split(text):
        if " ".join(words) in sentence:
            return sentence
    return None


def _added(expected: str, actual: str) -> list[tuple[str, str]]:
    """The runs of words in ``actual`` that ``expected`` lacks ("insert") or has otherwise ("replace")."""
    a, b = expected.split(), actual.split()
    out = []
    for op, _, _, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op in ("insert", "replace"):
            out.append((op, " ".join(b[j1:j2]).replace(MARK, "…")))
    return out
