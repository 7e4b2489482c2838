"""Giving a statement back the text typed at its edges, outside its bookmark.

LibreOffice keeps a bookmark where it was: text typed at a statement's start
lands before the bookmark, text typed at its end after it, tracked or not. So
the draft's text outside the statements is compared, gap by gap, with the text
a fresh build writes there (": ", " ", nothing): what was typed against a
statement's start or end is that statement's; where the space between two
statements of a paragraph is gone, the editor ran them into one sentence,
which no value of the fact base can hold, so the pair is told, not split.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass

from .. import anchors
from ..sentences import ends_sentence
from .draft import Anchored, Draft, Paragraph


@dataclass
class Joined:
    """Two statements of a paragraph that the editor ran into one sentence."""

    first: Anchored
    second: Anchored
    text: str  # the sentence as the draft reads it now


def attach(draft: Draft, fresh: list[Paragraph] | None) -> list[Joined]:
    """Move the text typed at a statement's edge into that statement (in ``draft``), and
    return the statements run together. Without a fresh build there is nothing to compare."""
    if fresh is None:
        return []
    built: dict[tuple, list[Paragraph]] = {}
    for p in fresh:
        built.setdefault(shape(p), []).append(p)
    joined = []
    for p in draft.paragraphs:
        candidates = built.get(shape(p))
        # a paragraph the editor joined to the one before it carries a statement over: not compared
        if p.names and candidates and not p.carried:
            joined += _attach_paragraph(p, _gaps(candidates[0].parts))
    return joined


def shape(paragraph: Paragraph) -> tuple:
    """Which statements a paragraph holds, in order: how a fresh paragraph is matched to the draft's."""
    return tuple((a.token, a.field) for a in map(anchors.parse, paragraph.names) if a)


def _gaps(parts: list) -> list[str]:
    """The text between a paragraph's statements: one more than it has statements."""
    gaps = [""]
    for x in parts:
        if isinstance(x, Anchored):
            gaps.append("")
        else:
            gaps[-1] += x
    return gaps


def _attach_paragraph(p: Paragraph, expected: list[str]) -> list[Joined]:
    items = [x for x in p.parts if isinstance(x, Anchored)]
    gaps = _gaps(p.parts)
    if len(expected) != len(gaps):
        return []
    joined: list[Joined] = []
    taken: list[str] = []
    parts: list = []
    for k, (gap, wanted) in enumerate(zip(gaps, expected, strict=True)):
        before, after = (items[k - 1] if k else None), (items[k] if k < len(items) else None)
        if gap != wanted and _separator_lost(wanted, gap, before, after):
            joined.append(Joined(before, after, anchors.normalise(before.current + gap + after.current)))
            taken.append(gap)
            gap = wanted
        elif gap != wanted:
            side, typed, gap = _typed_at_edge(wanted, gap, before, after)
            if side == "end":
                before.current += typed
            elif side == "start":
                after.current = typed + after.current
            if side:
                taken.append(typed)
        parts += [x for x in (gap, after) if x]
    p.parts = parts
    if taken:
        typed = anchors.normalise(" ".join(taken))
        p.inserted = [t for t in p.inserted if t not in typed]
    return joined


def _separator_lost(wanted: str, gap: str, before: Anchored | None, after: Anchored | None) -> bool:
    """The build puts a space between two statements; the draft has none: they were run together."""
    if before is None or after is None or not wanted or wanted.strip():
        return False
    return not gap or not (gap[0].isspace() or gap[-1].isspace())


def _typed_at_edge(wanted: str, gap: str, before: Anchored | None,
                   after: Anchored | None) -> tuple[str, str, str]:
    """("start", text, rest) for text typed before ``after``'s start, ("end", text, rest) after
    ``before``'s end, with the rest of the gap; ("", "", gap) when no change is at a statement's edge.
    The rest may hold changes of its own (a date the brief writes before a statement), told apart."""
    at_start = after is not None and gap.startswith(wanted) and gap[len(wanted):].strip()
    at_end = before is not None and gap.endswith(wanted) and gap[:len(gap) - len(wanted)].strip()
    if at_start and at_end:
        # both fit (the build writes a space or nothing there): a typed sentence ends the one before
        typed = gap[:len(gap) - len(wanted)]
        return ("end", typed, wanted) if ends_sentence(typed) else ("start", gap[len(wanted):], wanted)
    if at_start:
        return "start", gap[len(wanted):], wanted
    if at_end:
        return "end", gap[:len(gap) - len(wanted)], wanted
    ops = difflib.SequenceMatcher(a=wanted, b=gap, autojunk=False).get_opcodes()
    if not ops:
        return "", "", gap
    # whole words only: a digit added to a date the brief writes there ("7 May" -> "17 May") is not typing
    op, _, _, j1, j2 = ops[-1]
    if after is not None and op == "insert" and j2 == len(gap) and gap[j1:].strip() \
            and (j1 == 0 or gap[j1 - 1].isspace() or gap[j1].isspace()):
        return "start", gap[j1:], gap[:j1]
    op, _, _, j1, j2 = ops[0]
    if before is not None and op == "insert" and j1 == 0 and gap[:j2].strip() \
            and (j2 == len(gap) or gap[j2].isspace() or gap[j2 - 1].isspace()):
        return "end", gap[:j2], gap[j2:]
    return "", "", gap
