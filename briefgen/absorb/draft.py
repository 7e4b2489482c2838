"""Reading an edited Word draft: its anchored statement texts (the bookmarks of
briefgen/anchors.py) with the editor's tracked changes accepted, the text of
the paragraphs around them with the insertions typed there, and the comments.
"""
from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from .. import anchors
from ..errors import BriefgenError
from ..load import display_name
from ..review import by_reviewer

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@dataclass(eq=False)  # one printing of a statement: told apart by identity
class Anchored:
    """One anchored text as the draft holds it."""

    anchor: anchors.Anchor
    current: str = ""  # with the tracked changes accepted


@dataclass
class Comment:
    author: str
    text: str
    anchored: list[str] = field(default_factory=list)  # names of the anchors it is on
    paragraph: int = 0


@dataclass
class Paragraph:
    """A body paragraph: its anchors and the text around them, in order."""

    index: int
    names: list[str]
    parts: list  # the text outside anchors (str, as written) and the anchored texts (Anchored), in order
    inserted: list[str]  # tracked insertions outside any anchor
    style: str = ""  # its paragraph style's id: a heading's says so
    carried: bool = False  # it begins inside a statement that began in a paragraph before

    @property
    def skeleton(self) -> str:
        """The current text with each anchored text replaced by one marker."""
        return anchors.normalise("".join(MARK if isinstance(x, Anchored) else x for x in self.parts))

    def text(self) -> str:
        """The paragraph as it reads now."""
        return anchors.normalise("".join(x.current if isinstance(x, Anchored) else x for x in self.parts))


@dataclass
class Draft:
    path: Path
    properties: dict[str, str]
    texts: list[Anchored]
    paragraphs: list[Paragraph]
    comments: list[Comment]
    notes: list[str] = field(default_factory=list)  # each footnote's and endnote's text, as it reads now


MARK = "\u2063"  # stands for an anchored text in a skeleton


def read_draft(path: Path, data: bytes | None = None) -> Draft:
    """The anchored texts, paragraphs and comments of a .docx. Raises BriefgenError
    (one line) for a file that is not a readable Word document."""
    from ..render.word.package import custom_properties

    name = display_name(path)
    try:
        package = zipfile.ZipFile(io.BytesIO(data) if data is not None else path)
        body_xml = package.read("word/document.xml")
        root = etree.fromstring(body_xml, parser=etree.XMLParser(resolve_entities=False, no_network=True,
                                                                 huge_tree=False))
        comments_xml = package.read("word/comments.xml") if "word/comments.xml" in package.namelist() else None
        notes_xml = [package.read(f"word/{n}.xml") for n in ("footnotes", "endnotes")
                     if f"word/{n}.xml" in package.namelist()]
        properties = custom_properties(package)
    except FileNotFoundError:
        raise BriefgenError.single(name, "no such file") from None
    except (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError, OSError) as exc:
        raise BriefgenError.single(name, f"not a readable Word document ({type(exc).__name__}: {exc})") from None
    comment_text = _comments(comments_xml)
    draft = Draft(path, properties, [], [], [], [text for xml in notes_xml for text in _notes(xml)])
    _walk(root, draft, comment_text)
    return draft


def _notes(xml: bytes) -> list[str]:
    """The text of each note of a footnotes or endnotes part, in order, with the changes accepted."""
    root = etree.fromstring(xml, parser=etree.XMLParser(resolve_entities=False, no_network=True))
    out = []
    for note in root:
        if note.tag in (f"{W}footnote", f"{W}endnote") and note.get(f"{W}type") in (None, "normal"):
            out.append(anchors.normalise("".join(t.text or "" for t in note.iter(f"{W}t")
                                                 if not {a.tag for a in t.iterancestors()} & _REJECTED)))
    return out


def _comments(xml: bytes | None) -> dict[str, tuple[str, str]]:
    if not xml:
        return {}
    root = etree.fromstring(xml, parser=etree.XMLParser(resolve_entities=False, no_network=True))
    out = {}
    for c in root.iter(f"{W}comment"):
        text = " ".join(" ".join(t.text or "" for t in p.iter(f"{W}t")) for p in c.iter(f"{W}p"))
        out[c.get(f"{W}id")] = (c.get(f"{W}author") or "", anchors.normalise(text))
    return out


_REJECTED = {f"{W}del", f"{W}moveFrom"}
_ACCEPTED = {f"{W}ins", f"{W}moveTo"}


def _walk(root, draft: Draft, comment_text: dict[str, tuple[str, str]]) -> None:
    """One pass over the body in document order. Bookmarks may open in one
    paragraph and close in another (LibreOffice moves an end mark when the
    editor joins paragraphs), so the open anchors are tracked across them."""
    body = root.find(f"{W}body")
    if body is None:
        return
    open_: dict[str, Anchored] = {}  # bookmark id -> the text it is collecting
    seen_comments: set[str] = set()
    spanning: dict[str, Comment] = {}  # comment id -> a comment whose range is open: on each anchor in it
    index = 0
    for para in body.iter(f"{W}p"):
        if para.getparent() is not None and para.getparent().tag in (f"{W}footnote", f"{W}endnote"):
            continue
        index += 1
        names: list[str] = [a.anchor.name for a in open_.values()]
        parts: list = list(open_.values())
        carried = bool(open_)
        inserted: list[str] = []
        for el in para.iter():
            tag = el.tag
            if tag == f"{W}bookmarkStart":
                anchor = anchors.parse(el.get(f"{W}name"))
                if anchor:
                    item = Anchored(anchor)
                    open_[el.get(f"{W}id")] = item
                    draft.texts.append(item)
                    names.append(anchor.name)
                    parts.append(item)
                    for comment in spanning.values():
                        comment.anchored.append(anchor.name)
            elif tag == f"{W}bookmarkEnd":
                open_.pop(el.get(f"{W}id"), None)
            elif tag == f"{W}commentRangeEnd":
                spanning.pop(el.get(f"{W}id"), None)
            elif tag in (f"{W}commentRangeStart", f"{W}commentReference"):
                ident = el.get(f"{W}id")
                if ident in seen_comments or ident not in comment_text:
                    continue
                seen_comments.add(ident)
                author, text = comment_text[ident]
                if not by_reviewer(author):  # the draft's own notes to the editor
                    draft.comments.append(Comment(author, text, [a.anchor.name for a in open_.values()],
                                                  index))
                    if tag == f"{W}commentRangeStart":
                        spanning[ident] = draft.comments[-1]
            elif tag in (f"{W}t", f"{W}delText", f"{W}tab", f"{W}br", f"{W}cr"):
                text = el.text or "" if tag in (f"{W}t", f"{W}delText") else " "
                ancestors = {a.tag for a in el.iterancestors()}
                rejected = tag == f"{W}delText" or bool(ancestors & _REJECTED)
                accepted = bool(ancestors & _ACCEPTED)
                if not rejected:
                    for item in open_.values():
                        item.current += text
                if not open_ and not rejected:
                    if parts and isinstance(parts[-1], str):
                        parts[-1] += text
                    else:
                        parts.append(text)
                    if accepted:
                        inserted.append(text)
        # a comment on a paragraph (not on a range inside it) is on its anchors
        for comment in draft.comments:
            if comment.paragraph == index and not comment.anchored:
                comment.anchored = [n for n in names]
        style = para.find(f"{W}pPr/{W}pStyle")
        draft.paragraphs.append(Paragraph(index, names, parts, [anchors.normalise(t) for t in inserted if t.strip()],
                                          style.get(f"{W}val") or "" if style is not None else "",
                                          carried))
