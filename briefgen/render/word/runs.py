"""The draft's paragraphs and runs, written as WordprocessingML text and parsed once:
each paragraph carries its style's id (``w:pStyle``), each styled run its character
style's (``w:rStyle``), and nothing else, so an editor restyles the draft by its styles.

python-docx stays the document model (package, styles, sections, notes parts); its
element API, and lxml's too, pays a Python object and a namespace search for each of
a draft's thousands of elements, which was most of a draft's time. Here a paragraph is
a list of runs (kept as text until the paragraph is done, so its ends can be trimmed)
and of finished XML; a part's paragraphs are parsed together once (``Filled``), into
the tree lxml would have built element by element, so the part serialises to the same bytes.
"""
from __future__ import annotations

import re

from docx.oxml.ns import nsmap, qn
from docx.oxml.parser import oxml_parser
from docx.styles import BabelFish
from lxml import etree

from ...errors import BriefgenError
from .reference import style_numbering

VAL, STYLE_ID, SECTPR = qn("w:val"), qn("w:styleId"), qn("w:sectPr")
W, R = nsmap["w"], nsmap["r"]
_DECLARED = f'xmlns:w="{W}" xmlns:r="{R}"'
# lxml refuses these in a text (ValueError); the parser would too, with another message
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# HTML's white space, which the layout collapses and trims (not Python's \s or str.strip's
# default, which also take the no-break space a template puts between words kept together)
HTML_SPACE = " \t\n\f\r"
_EMPTY = "briefgen-empty"  # marks a w:t a trim emptied: lxml writes it <w:t></w:t>, as before

TEXT, RUN, RAW = 0, 1, 2  # a paragraph's items: a text run, another run, other XML


def escaped(text: str) -> str:
    """Text as XML character data that parses back to the same characters."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


def quoted(value: str) -> str:
    """An attribute value, quoted, that parses back to the same characters."""
    return '"' + escaped(value).replace('"', "&quot;").replace("\n", "&#10;").replace("\t", "&#9;") + '"'


class StyleIds:
    """Style name -> the style's id, as python-docx's ``document.styles[name]``
    finds it (the first style of that name, the name as Word's UI spells it),
    from one pass over the styles part rather than one search per name; and the
    numbering a list style gives its paragraphs."""

    def __init__(self, document):
        self.document = document
        styles = document.styles.element
        self.by_name: dict[str, object] = {}
        for name in styles.xpath("w:style/w:name"):
            self.by_name.setdefault(name.get(VAL), name.getparent())
        self.by_id: dict[str, object] = {}
        for style in styles.xpath("w:style[@w:styleId]"):
            self.by_id.setdefault(style.get(STYLE_ID), style)
        self._ids: dict[str, str] = {}
        self._numbering: dict[str, str] = {}

    def style(self, name: str):
        """The style element of that name (python-docx's ``document.styles[name]``'s)."""
        found = self.by_name.get(BabelFish.ui2internal(name))
        if found is None:  # python-docx's own lookup: its fallback, its warning, its KeyError
            return self.document.styles[name].element
        return found

    def __getitem__(self, name: str) -> str:
        if name not in self._ids:
            self._ids[name] = self.style(name).styleId
        return self._ids[name]

    def own(self, name: str, character: bool) -> str:
        """The style a project's template names for an element (data-word-style, as pandoc's
        custom-style): the reference document's own, if it has one of that name and kind, else a
        new one based on Body Text (a character style: on the default font), left for a Word
        user to style as the house likes."""
        from docx.enum.style import WD_STYLE_TYPE

        kind = WD_STYLE_TYPE.CHARACTER if character else WD_STYLE_TYPE.PARAGRAPH
        found = self.by_name.get(BabelFish.ui2internal(name))
        if found is None:
            style = self.document.styles.add_style(name, kind)
            if not character:
                style.base_style = self.document.styles["Body Text"]
            style.quick_style = True  # in the Styles gallery, with briefgen's own
            found = self.by_name[BabelFish.ui2internal(name)] = style.element
            self.by_id[found.styleId] = found
        elif found.type != kind:
            raise BriefgenError.single("the brief's HTML", f"template error: data-word-style \"{name}\" names "
                                       f"a {found.type.name.lower()} style of the Word reference, on an element "
                                       f"that needs a {kind.name.lower()} style")
        return self[name]

    def numbering(self, name: str) -> str:
        """The w:numPr written on each paragraph of a list style (see reference.style_numbering), as XML."""
        if name not in self._numbering:
            numbering = style_numbering(self.style(name), self.by_id.get)
            self._numbering[name] = "" if numbering is None else _inner_xml(numbering)
        return self._numbering[name]


def _inner_xml(element) -> str:
    """An element's XML, less the declarations of the prefixes every part here declares
    (the declarations lxml drops where the element joins a part that has them)."""
    xml = etree.tostring(element, encoding="unicode")
    head, rest = xml.split(">", 1)
    return head.replace(f' xmlns:w="{W}"', "").replace(f' xmlns:r="{R}"', "") + ">" + rest


_HEADS: dict[tuple[str, str], str] = {}  # (style id, numbering) -> a paragraph's opening and properties


class Para:
    """One paragraph being written: its properties, then its runs and other content.

    A text run is ``[TEXT, text, style id or None, keep spaces]`` until the paragraph
    is done (trim may still change its text); everything else is finished XML."""

    __slots__ = ("head", "items")

    def __init__(self, style_id: str, numbering: str = ""):
        self.head = _HEADS.get((style_id, numbering)) or _HEADS.setdefault(
            (style_id, numbering), f"<w:p><w:pPr><w:pStyle w:val={quoted(style_id)}/>{numbering}</w:pPr>")
        self.items: list = []

    def __len__(self) -> int:
        return len(self.items)

    def content(self) -> str:
        """The paragraph's runs and other content, as XML."""
        return _content(self.items)

    def xml(self) -> str:
        return self.head + self.content() + "</w:p>"


def _content(items) -> str:
    return "".join(_run(item) if item[0] == TEXT else item[1] for item in items)


_RUN_PROPERTIES: dict[str, str] = {}  # a character style's id -> its run properties, as XML


def _run(item) -> str:
    _, text, style_id, keep = item
    styled = ""
    if style_id:
        styled = _RUN_PROPERTIES.get(style_id) or _RUN_PROPERTIES.setdefault(
            style_id, f"<w:rPr><w:rStyle w:val={quoted(style_id)}/></w:rPr>")
    space = ' xml:space="preserve"' if keep else ""
    if not text:
        space = f' {_EMPTY}=""' + space
    return f"<w:r>{styled}<w:t{space}>{escaped(text)}</w:t></w:r>"


def add_run(p: Para, text: str, style_id: str | None = None) -> None:
    """One run holding ``text``, in a character style or none; its spaces kept as
    python-docx writes it (``xml:space``, decided on the text as first written)."""
    p.items.append([TEXT, text, style_id, len(text.strip()) < len(text)])


def add_raw_run(p: Para, xml: str) -> None:
    """A run of the paragraph's own that holds no text to trim (a tab, a note's mark)."""
    p.items.append((RUN, xml))


def add_tab(p: Para) -> None:
    add_raw_run(p, "<w:r><w:tab/></w:r>")


def bookmark(p: Para, ident: str, name: str | None = None) -> None:
    """A bookmark's start (with its name) or, without one, its end."""
    if name is None:
        p.items.append((RAW, f'<w:bookmarkEnd w:id="{ident}"/>'))
    else:
        p.items.append((RAW, f'<w:bookmarkStart w:id="{ident}" w:name={quoted(name)}/>'))


def wrap_in_link(p: Para, first: int, rid: str) -> None:
    """Move the paragraph's content from index ``first`` on into a w:hyperlink
    to relationship ``rid``, at the paragraph's end (its runs are no longer the paragraph's own)."""
    inside = _content(p.items[first:])
    del p.items[first:]
    p.items.append((RAW, f"<w:hyperlink r:id={quoted(rid)}>{inside}</w:hyperlink>"))


def has_runs(p: Para) -> bool:
    """Whether the paragraph has a run of its own (python-docx's Paragraph.runs)."""
    return any(item[0] != RAW for item in p.items)


def comment_range(p: Para, ident: int) -> None:
    """Mark the paragraph's own runs, first to last, as what comment ``ident`` is on,
    as python-docx's Run.mark_comment_range does: the range's start before the first,
    its end after the last, then the run holding the comment's reference."""
    runs = [n for n, item in enumerate(p.items) if item[0] != RAW]
    last = runs[-1]
    p.items[last + 1:last + 1] = [
        (RAW, f'<w:commentRangeEnd w:id="{ident}"/>'),
        (RUN, f'<w:r><w:rPr><w:rStyle w:val="CommentReference"/></w:rPr><w:commentReference w:id="{ident}"/></w:r>')]
    p.items.insert(runs[0], (RAW, f'<w:commentRangeStart w:id="{ident}"/>'))


def trim(p: Para, keep_first: bool = False) -> None:
    """HTML source indentation must not become leading or trailing spaces.

    Works on the text of the paragraph's own runs, not the runs: a paragraph may
    end in a note reference run. ``keep_first`` leaves the first text alone (a
    note's space after its number)."""
    texts = [item for item in p.items if item[0] == TEXT]
    if keep_first:
        texts = texts[1:]
    if not texts:
        return
    texts[0][1] = texts[0][1].lstrip(HTML_SPACE)
    texts[-1][1] = texts[-1][1].rstrip(HTML_SPACE)


def parsed(xml: str):
    """Part XML written here, parsed as python-docx parses a part; a text no XML may hold
    is refused with the words lxml uses (the writer used to set each text through lxml)."""
    try:
        root = etree.fromstring(xml.encode(), oxml_parser)
    except (UnicodeEncodeError, etree.XMLSyntaxError):
        # looked for once the parser refuses (it refuses every one): searching each part for them
        # was a fifth of the draft's parsing
        if _NOT_XML.search(xml):
            raise ValueError("All strings must be XML compatible: Unicode or ASCII, no NULL bytes or control "
                             "characters") from None
        raise
    if _EMPTY in xml:
        for t in root.iter(qn("w:t")):
            if t.get(_EMPTY) is not None:
                del t.attrib[_EMPTY]
                t.text = ""  # an empty text node, as a trim left it: <w:t></w:t>, not <w:t/>
    return root


def declares_w_and_r(element) -> bool:
    """Whether the prefixes w: and r: mean WordprocessingML and relationships where ``element`` is."""
    return element.nsmap.get("w") == W and element.nsmap.get("r") == R


def fill(element, paras) -> None:
    """Append the paragraphs' (or one paragraph's runs') XML to ``element`` of a part."""
    xml = "".join(p.xml() for p in paras) if isinstance(paras, list) else paras.content()
    fragment = parsed(f"<w:body {_DECLARED}>{xml}</w:body>")
    element.extend(list(fragment))


class Filled:
    """A part whose content is written as XML and parsed once, at ``finish``: its
    paragraphs (or notes) go where a marker was left in its element, and the part
    takes the element parsed from the whole, as python-docx would have read it."""

    MARK = etree.ProcessingInstruction("briefgen-content")
    MARK_XML = etree.tostring(MARK, encoding="unicode")

    def __init__(self, part, parent, before=None):
        self.part = part
        self.paras: list = []
        self.mark = etree.ProcessingInstruction(self.MARK.target)
        if before is not None:
            before.addprevious(self.mark)
        else:
            parent.append(self.mark)

    def render(self, item) -> str:
        return item.xml()

    def finish(self) -> None:
        xml = "".join(self.render(item) for item in self.paras)
        parent = self.mark.getparent()
        if not declares_w_and_r(parent):  # a reference that names the namespaces otherwise: lxml maps them
            for child in parsed(f"<w:body {_DECLARED}>{xml}</w:body>"):
                self.mark.addprevious(child)
            parent.remove(self.mark)
            return
        whole = etree.tostring(self.part.element, encoding="unicode").replace(self.MARK_XML, xml, 1)
        self.part._element = parsed(whole)


class Body(Filled):
    """Where the body's paragraphs go: in order, before the final section properties."""

    def __init__(self, document):
        body = document.element.body
        sections = [c for c in body.iterchildren(SECTPR)]
        super().__init__(document.part, body, sections[-1] if sections else None)

    def paragraph(self, style_id: str, numbering: str = "") -> Para:
        """A new paragraph of that style; ``numbering``: the w:numPr its list style numbers with."""
        p = Para(style_id, numbering)
        self.paras.append(p)
        return p
