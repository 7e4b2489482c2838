"""Anchors: how a Word draft says which fact base value each of its texts renders.

Every text of a statement that is a fact base value (a fact's headline, a
takeaway's text, a framework's name...) is wrapped in a Word bookmark named

    _bg_<hash8>_<field code>_<id token>

hash8 is the first 8 hex digits of the SHA-256 of the value as it was
printed (whitespace collapsed), the field code says which key of the
statement it is, and the id token is the statement's id made bookmark-safe.
Bookmarks are the one anchor that Word and LibreOffice both keep through a
save (LibreOffice drops content controls' tags on some paths). Word wants
bookmark names of at most 40 letters, digits and underscores, so a long id is
cut; the hash and the fact base together tell which statement a cut token means
(see ``resolve``). The name starts with "_", as Word's own _Toc and _Ref do:
Word lists such a bookmark in Insert > Bookmark only under "Hidden bookmarks",
so an editor's list holds their own, not a hundred of briefgen's. A draft made
before the names were hidden ("bg_...") is still read.

The Word writer (render/word/walker.py) names the bookmarks; absorb/draft.py reads them back.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from .render.quotes import straight

PREFIX = "_bg_"
MAX_NAME = 40  # Word's limit for a bookmark name

# the fact base key a printed text comes from -> one letter in the name
# (so_what: the line written for the draft's kind of reader, which the draft's
# custom property briefgen.reader names)
FIELD_CODES = {"headline": "h", "detail": "d", "text": "t", "name": "n", "finding": "f", "document_says": "s",
               "so_what": "w"}
CODE_FIELDS = {code: name for name, code in FIELD_CODES.items()}

_NAME = re.compile(r"^_?bg_([0-9a-f]{8})_([a-z])_([A-Za-z0-9_]+)$")  # "_" optional: an older draft's
_UNSAFE = re.compile(r"[^A-Za-z0-9]")


def normalise(text: str) -> str:
    """Text as printed: HTML collapses whitespace, Word keeps what it was given."""
    return " ".join(text.split())


def text_hash(text: str) -> str:
    """The hash of a text with its quotes straight: a draft prints "Japan’s" where its fact
    base says "Japan's" (render/quotes.py), and an anchor names the fact base's value."""
    return hashlib.sha256(normalise(straight(text)).encode("utf-8")).hexdigest()[:8]


def id_token(ident: str) -> str:
    return _UNSAFE.sub("_", ident)


def anchor_name(ident: str, field: str, text: str) -> str:
    return f"{PREFIX}{text_hash(text)}_{FIELD_CODES[field]}_{id_token(ident)}"[:MAX_NAME]


@dataclass(frozen=True)
class Anchor:
    name: str
    hash: str
    field: str
    token: str  # the id, made safe and perhaps cut

    def matches(self, ident: str) -> bool:
        return id_token(ident).startswith(self.token) and len(self.token) >= 1


def parse(name: str) -> Anchor | None:
    """The anchor a bookmark name stands for; None for any other bookmark."""
    match = _NAME.match(name or "")
    if not match or match.group(2) not in CODE_FIELDS:
        return None
    return Anchor(name, match.group(1), CODE_FIELDS[match.group(2)], match.group(3))


def ident_of(anchor: Anchor, ids) -> str:
    """The id among ``ids`` (a fact base's) that an anchor's token stands for, as a report names
    the statement: "msg-cttee-purpose", not the bookmark's "msg_cttee_purpose"; the token itself
    when no id, or several, fit."""
    fits = [ident for ident in ids if anchor.matches(ident)]
    exact = [ident for ident in fits if id_token(ident) == anchor.token]
    return exact[0] if len(exact) == 1 else fits[0] if len(fits) == 1 else anchor.token


def resolve(anchor: Anchor, values: dict[str, dict[str, str]]) -> str | None:
    """The statement id an anchor names, given every statement's values
    ({id: {field: text}}). A token cut short may fit several ids: the one
    whose value still has the anchor's hash wins; otherwise the token must fit
    exactly one."""
    fits = [ident for ident, fields in values.items()
            if anchor.field in fields and anchor.matches(ident)]
    exact = [ident for ident in fits if id_token(ident) == anchor.token]
    if len(exact) == 1:
        return exact[0]
    same = [ident for ident in fits if text_hash(values[ident][anchor.field]) == anchor.hash]
    if len(same) == 1:
        return same[0]
    return fits[0] if len(fits) == 1 else None
