"""An edited Word draft -> what changed, statement by statement -> the fact base.

The pipeline in reverse: read the draft's anchored texts (briefgen/anchors.py)
with the editor's tracked insertions, deletions and comments; compare each
with the value it was built from (the anchor's hash) and with the fact base
as it is now; classify; and, asked to, write the reworded values back into
the YAML file.

The write-back edits the file's text, not a re-dump of it: ruamel.yaml
composes the file to find where each value is written and in what style
(folded, quoted, plain), only that value's span is replaced, written in the
same style, indentation and line width, and ruamel.yaml then reads the new file
back to prove that nothing but those values changed. So the file's diff is
the changed values, and every comment, key order and quoting choice stays.
"""
from __future__ import annotations

import difflib
import io
import re
import textwrap
import zipfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from . import anchors
from .errors import BriefgenError
from .load import display_name

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
OWN_COMMENT_AUTHOR = "briefgen"  # the draft's own notes to the editor (render/docx.py)

UNCHANGED, REWORDED, FLAGGED, DELETED, CONFLICT, COMMENTED, OUTSIDE = (
    "unchanged", "reworded", "flagged", "deleted", "conflict", "commented", "outside")


# ------------------------------------------------------------------ the draft

@dataclass
class Anchored:
    """One anchored text as the draft holds it."""

    anchor: anchors.Anchor
    current: str = ""  # with the tracked changes accepted
    original: str = ""  # with them rejected
    tracked: bool = False  # the editor's changes here were recorded
    paragraph: int = 0


@dataclass
class Comment:
    author: str
    text: str
    anchored: list[str] = field(default_factory=list)  # names of the anchors it is on
    paragraph: int = 0


@dataclass
class Paragraph:
    """A body paragraph: its anchors and the text around them (the skeleton)."""

    index: int
    names: list[str]
    skeleton: str  # current text with each anchored text replaced by one marker
    inserted: list[str]  # tracked insertions outside any anchor


@dataclass
class Draft:
    path: Path
    properties: dict[str, str]
    texts: list[Anchored]
    paragraphs: list[Paragraph]
    comments: list[Comment]


MARK = "\u2063"  # stands for an anchored text in a skeleton


def read_draft(path: Path, data: bytes | None = None) -> Draft:
    """The anchored texts, paragraphs and comments of a .docx. Raises BriefgenError
    (one line) for a file that is not a readable Word document."""
    from .render.ooxml import custom_properties

    name = display_name(path)
    try:
        package = zipfile.ZipFile(io.BytesIO(data) if data is not None else path)
        body_xml = package.read("word/document.xml")
        root = etree.fromstring(body_xml, parser=etree.XMLParser(resolve_entities=False, no_network=True,
                                                                 huge_tree=False))
        comments_xml = package.read("word/comments.xml") if "word/comments.xml" in package.namelist() else None
        properties = custom_properties(package)
    except FileNotFoundError:
        raise BriefgenError.single(name, "no such file") from None
    except (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError, OSError) as exc:
        raise BriefgenError.single(name, f"not a readable Word document ({type(exc).__name__}: {exc})") from None
    comment_text = _comments(comments_xml)
    draft = Draft(path, properties, [], [], [])
    _walk(root, draft, comment_text)
    return draft


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
    index = 0
    for para in body.iter(f"{W}p"):
        if para.getparent() is not None and para.getparent().tag in (f"{W}footnote", f"{W}endnote"):
            continue
        index += 1
        names: list[str] = [a.anchor.name for a in open_.values()]
        skeleton: list[str] = [MARK] if open_ else []
        inserted: list[str] = []
        for el in para.iter():
            tag = el.tag
            if tag == f"{W}bookmarkStart":
                anchor = anchors.parse(el.get(f"{W}name"))
                if anchor:
                    item = Anchored(anchor, paragraph=index)
                    open_[el.get(f"{W}id")] = item
                    draft.texts.append(item)
                    names.append(anchor.name)
                    skeleton.append(MARK)
            elif tag == f"{W}bookmarkEnd":
                open_.pop(el.get(f"{W}id"), None)
            elif tag in (f"{W}commentRangeStart", f"{W}commentReference"):
                ident = el.get(f"{W}id")
                if ident in seen_comments or ident not in comment_text:
                    continue
                seen_comments.add(ident)
                author, text = comment_text[ident]
                if author != OWN_COMMENT_AUTHOR:
                    draft.comments.append(Comment(author, text, [a.anchor.name for a in open_.values()],
                                                  index))
            elif tag in (f"{W}t", f"{W}delText", f"{W}tab", f"{W}br", f"{W}cr"):
                text = el.text or "" if tag in (f"{W}t", f"{W}delText") else " "
                ancestors = {a.tag for a in el.iterancestors()}
                rejected = tag == f"{W}delText" or bool(ancestors & _REJECTED)
                accepted = bool(ancestors & _ACCEPTED)
                for item in open_.values():
                    if not rejected:
                        item.current += text
                    if not accepted:
                        item.original += text
                    item.tracked |= rejected or accepted
                if not open_ and not rejected:
                    skeleton.append(text)
                    if accepted:
                        inserted.append(text)
        # a comment on a paragraph (not on a range inside it) is on its anchors
        for comment in draft.comments:
            if comment.paragraph == index and not comment.anchored:
                comment.anchored = [n for n in names]
        draft.paragraphs.append(Paragraph(index, names, anchors.normalise("".join(skeleton)),
                                          [anchors.normalise(t) for t in inserted if t.strip()]))


# ------------------------------------------------------------ the fact base

@dataclass
class Value:
    """One value of the fact base that a draft may render."""

    ident: str
    field: str
    text: str
    line: int  # of its key, 1-based
    node: object  # ruamel's ScalarNode


def fact_values(text: str) -> dict[str, dict[str, Value]]:
    """{statement id: {key: Value}} for every mapping with an ``id`` in the YAML."""
    from ruamel.yaml import YAML
    from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode

    root = YAML().compose(text)
    out: dict[str, dict[str, Value]] = {}

    def walk(node) -> None:
        if isinstance(node, MappingNode):
            pairs = {k.value: (k, v) for k, v in node.value if isinstance(k, ScalarNode)}
            ident = pairs.get("id", (None, None))[1]
            if isinstance(ident, ScalarNode):
                # ruamel marks a folded scalar's line breaks with \a (to keep them on a dump)
                out[ident.value] = {
                    key: Value(ident.value, key, v.value.replace("\a", ""), k.start_mark.line + 1, v)
                    for key, (k, v) in pairs.items()
                    if key in anchors.FIELD_CODES and isinstance(v, ScalarNode) and v.tag.endswith(":str")}
            for _, v in node.value:
                walk(v)
        elif isinstance(node, SequenceNode):
            for v in node.value:
                walk(v)

    if root is not None:
        walk(root)
    return out


# ------------------------------------------------------------ classification

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


def classify(draft: Draft, values: dict[str, dict[str, Value]], fresh: list[Paragraph] | None) -> list[Finding]:
    """Every statement of the draft, what became of it, and the text outside them."""
    findings: list[Finding] = []
    versions: dict[tuple[str, str], list[Anchored]] = defaultdict(list)
    by_name: dict[str, tuple[str, str]] = {}
    plain = {ident: {k: v.text for k, v in fields.items()} for ident, fields in values.items()}
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
        now = anchors.normalise(value.text)
        built = items[0].anchor.hash
        texts = {anchors.normalise(i.current) for i in items}
        edited = {t for t in texts if anchors.text_hash(t) != built}
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


# ------------------------------------------------------------- write-back

def rewrite(text: str, changes: dict[tuple[str, str], str], values: dict[str, dict[str, Value]]) -> str:
    """The YAML text with each (id, key) value replaced, in the value's own style."""
    spans = []
    for (ident, key), new in changes.items():
        node = values[ident][key].node
        start, end = node.start_mark.index, node.end_mark.index
        old = text[start:end]
        core = old.rstrip()
        if node.style in (">", "|"):
            rendered = _block(core, new)
        elif node.style == '"':
            rendered = '"' + new.replace("\\", "\\\\").replace('"', '\\"') + '"'
        elif node.style == "'":
            rendered = "'" + new.replace("'", "''") + "'"
        else:
            rendered = new if _plain_safe(new) else '"' + new.replace("\\", "\\\\").replace('"', '\\"') + '"'
        spans.append((start, start + len(core), rendered))
    out = text
    for start, end, rendered in sorted(spans, reverse=True):
        out = out[:start] + rendered + out[end:]
    return out


def _block(old: str, new: str) -> str:
    """A folded block scalar (``>-``) holding ``new``, indented and wrapped as the
    old one was: the old lines that still begin the text are kept as they are,
    and only the rest is wrapped again, so the diff shows the lines that changed."""
    lines = old.split("\n")
    header = lines[0].split("#")[0].rstrip()  # '>-', '>' or '>2-'; a comment after it is kept out
    header = ">" + header[1:] if header.startswith("|") else header  # the new text is one paragraph
    content = [line for line in lines[1:] if line.strip()]
    indent = len(content[0]) - len(content[0].lstrip(" ")) if content else 2
    # the width the file was wrapped to: its widest line, or 79 for a one-line value
    width = max(len(line) for line in content) if len(content) > 1 else 79
    kept, done = [], ""
    for line in content[:-1]:  # the last old line ends the old text: wrap from there at the latest
        words = line.strip()
        if new.startswith(f"{done}{words} "):
            kept.append(line)
            done += words + " "
        else:
            break
    rest = textwrap.wrap(new[len(done):], width=width, initial_indent=" " * indent,
                         subsequent_indent=" " * indent, break_long_words=False, break_on_hyphens=False)
    return header + "\n" + "\n".join(kept + rest)


def _plain_safe(value: str) -> bool:
    from ruamel.yaml import YAML

    if not value or value != value.strip() or ": " in value or " #" in value or value[0] in "!&*{}[]|>'\"%@`#,?-:":
        return False
    try:
        return YAML(typ="safe").load(f"x: {value}\n") == {"x": value}
    except Exception:  # noqa: BLE001 - anything ruamel will not read back as the same string
        return False


def verify(old_text: str, new_text: str, changes: dict[tuple[str, str], str], path: str) -> None:
    """ruamel.yaml reads both files: the new one must equal the old with exactly ``changes`` made."""
    from ruamel.yaml import YAML

    yaml = YAML(typ="safe")
    expected, got = yaml.load(old_text), yaml.load(new_text)

    def apply(node) -> None:
        if isinstance(node, dict):
            if node.get("id") is not None:
                for (ident, key), new in changes.items():
                    if node["id"] == ident:
                        node[key] = new
            for v in node.values():
                apply(v)
        elif isinstance(node, list):
            for v in node:
                apply(v)

    apply(expected)
    if expected != got:
        raise BriefgenError.single(path, "the edited values could not be written back without changing "
                                   "anything else; nothing was written")


def unified_diff(old: str, new: str, name: str) -> str:
    return "".join(difflib.unified_diff(old.splitlines(True), new.splitlines(True),
                                        f"a/{name}", f"b/{name}"))


# ------------------------------------------------------------------ command

@dataclass
class Result:
    factbase: Path
    findings: list[Finding]
    diff: str  # the fact base's diff the reworded statements make
    applied: bool
    draft: Path

    @property
    def left(self) -> list[Finding]:
        """What a person must decide: conflicts, flagged and deleted statements, comments, text outside."""
        return [f for f in self.findings if f.needs_person()]

    def exit_code(self) -> int:
        if self.left:
            return 1
        return 0 if self.applied or not self.diff else 1

    def lines(self, every: bool = False) -> list[str]:
        """One line per finding, what needs a person first; unchanged statements
        are counted, or listed too with ``every``."""
        name = display_name(self.factbase)
        out = []
        order = {k: i for i, k in enumerate((CONFLICT, FLAGGED, DELETED, REWORDED, COMMENTED, OUTSIDE, UNCHANGED))}
        unchanged = [f for f in self.findings if f.kind == UNCHANGED]
        for f in sorted(self.findings, key=lambda f: (order[f.kind], f.line or 0)):
            if f.kind != UNCHANGED or every:
                out.append(f"{name}:{f.line}: {f.message}" if f.line else f"{display_name(self.draft)}: {f.message}")
        if unchanged and not every:
            out.append(f"{display_name(self.draft)}: {len(unchanged)} statement text(s) unchanged "
                       "(--all lists them)")
        return out


def absorb(project, draft_path: Path, factbase_path: Path | None = None, apply: bool = False) -> Result:
    """Read an edited draft against its fact base; with ``apply``, write the reworded values."""
    from .fsio import write_atomic
    from .project import load_factbase

    draft = read_draft(draft_path)
    if not draft.texts or "briefgen.factbase" not in draft.properties and factbase_path is None:
        raise BriefgenError.single(display_name(draft_path), "not a briefgen Word draft (it has no briefgen "
                                   "anchors); build one with `briefgen build --format docx`")
    if factbase_path is None:
        factbase_path = project.seeds / f"{draft.properties['briefgen.factbase']}.yaml"
        if not factbase_path.exists():
            raise BriefgenError.single(display_name(draft_path), f"built from the fact base "
                                       f"'{draft.properties['briefgen.factbase']}', which is not at "
                                       f"{display_name(factbase_path)}; name it: briefgen absorb DRAFT FACTBASE")
    fb, _ = load_factbase(factbase_path)  # a fact base that does not load is bad input, with its lines
    text = factbase_path.read_text(encoding="utf-8")
    values = fact_values(text)
    fresh = _fresh_paragraphs(project, fb, factbase_path, draft.properties.get("briefgen.audience"))
    findings = classify(draft, values, fresh)
    changes = {(f.ident, f.field): f.new for f in findings if f.kind == REWORDED}
    new_text = rewrite(text, changes, values) if changes else text
    if changes:
        verify(text, new_text, changes, display_name(factbase_path))
    diff = unified_diff(text, new_text, display_name(factbase_path))
    if apply and changes:
        write_atomic(factbase_path, new_text.encode("utf-8"))
    return Result(factbase_path, findings, diff, apply, draft_path)


def _fresh_paragraphs(project, fb, factbase_path: Path, audience: str | None) -> list[Paragraph] | None:
    """The paragraphs a build of the same brief writes today, to tell the
    editor's typing from the build's own words. None when the profile is gone."""
    from .pipeline import Options, make_brief, render
    from .project import load_audience

    path = {p.stem: p for p in project.audience_paths()}.get(audience or "")
    if path is None:
        return None
    profile = load_audience(path, [fb])
    brief = make_brief(fb, profile, f"{factbase_path.stem}-{audience}", project.templates, project.identity(fb)[0])
    data, _, _ = render(brief, "docx", project, Options(formats=("docx",), comments=False))
    return read_draft(factbase_path.with_suffix(".docx"), data).paragraphs
