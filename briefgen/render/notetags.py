"""Source notes in the PDF's structure tree: each call a Reference, each note a Note.

PDF/UA-1 (ISO 14289-1, 7.9) asks that footnotes and endnotes be tagged Note,
each with an ID, and their calls Reference. WeasyPrint 70 tags by HTML element
alone: a footnote call is the ``::footnote-call`` pseudo-element, which it tags
NonStruct, and a note is a ``<span class="fn">``, which it tags Span. No CSS or
HTML reaches its tagging, so briefgen wraps the one function that builds each
box's structure element (``weasyprint.pdf.tags._build_box_tree``) and retags
what it yields:

- a footnote call (``::footnote-call``) and an endnote call (``a.noteref``: its
  Link goes inside a Reference, which keeps the link annotation);
- a footnote (``span.fn``), and an endnote (the body of the list item an endnote
  call links to, a Note inside the item's LBody), each with an ID (``note-1``, ...), and
  the StructTreeRoot's IDTree that ISO 32000-1 (14.7.2) asks for once IDs exist;
- the footnote's number (``::footnote-marker``) as its Lbl.

The wrapper is installed once per process; WeasyPrint is pinned to 70.x
(pyproject.toml) because it reaches into this private function, and
tests/test_conformance.py reads the tags back from the PDF.
"""
from __future__ import annotations

_installed = False


def install() -> None:
    """Wrap WeasyPrint's structure-tree builder (idempotent)."""
    global _installed
    if _installed:
        return
    import pydyf
    from weasyprint import pdf as weasy_pdf
    from weasyprint.pdf import tags

    build_box_tree = tags._build_box_tree
    add_tags = tags.add_tags
    notes: list = []  # this document's Note elements, in reading order, for the IDTree
    called: set[str] = set()  # the ids endnote calls point to: those list items are the endnotes

    def classes(box) -> set[str]:
        element = getattr(box, "element", None)
        return set((element.get("class") or "").split()) if element is not None else set()

    def wrap(pdf, page_number: int, tag: str, inner) -> pydyf.Dictionary:
        """A new structure element ``tag`` in ``inner``'s place, holding it."""
        outer = pydyf.Dictionary({"Type": "/StructElem", "S": f"/{tag}", "K": pydyf.Array([inner.reference]),
                                  "Pg": pdf.page_references[page_number], "P": inner["P"]})
        pdf.add_object(outer)
        inner["P"] = outer.reference
        return outer

    def as_note(element) -> None:
        element["S"] = "/Note"
        element["ID"] = pydyf.String(f"note-{len(notes) + 1}")
        notes.append(element)

    def retagged(box, parent, pdf, page_number, nums, annotations, page_tags):
        element_tag = getattr(box, "element_tag", None) or ""
        for element in build_box_tree(box, parent, pdf, page_number, nums, annotations, page_tags):
            kind = element["S"]
            # what each yielded element stands for: the box itself unless WeasyPrint passed
            # the box through (html, body, the page), whose children's elements come up as
            # they are, already retagged by the recursive calls through this wrapper
            own = element["P"] == parent.reference
            if own and element_tag.endswith("::footnote-call"):
                element["S"] = "/Reference"
            elif own and element_tag.endswith("::footnote-marker"):
                element["S"] = "/Lbl"
            elif own and element_tag == "span" and "fn" in classes(box) and parent["S"] != "/Note":
                as_note(element)
            elif own and kind == "/Link" and "noteref" in classes(box):
                called.add(box.element.get("href", "").removeprefix("#"))
                element = wrap(pdf, page_number, "Reference", element)
            elif own and kind == "/LBody" and element_tag == "li" and box.element.get("id") in called:
                note = pydyf.Dictionary({"Type": "/StructElem", "S": "/Note", "K": element["K"],
                                         "Pg": element["Pg"], "P": element.reference})
                pdf.add_object(note)
                # the body's marked content and children now belong to the Note
                element["K"] = pydyf.Array([note.reference])
                _reparent(pdf, note, nums)
                as_note(note)
            yield element

    def add_tags_with_ids(pdf, document, *args, **kwargs):
        notes.clear()
        called.clear()
        add_tags(pdf, document, *args, **kwargs)
        if notes:
            root = _dereference(pdf, pdf.catalog["StructTreeRoot"])
            names = pydyf.Array()
            for note in sorted(notes, key=lambda n: _id_key(n["ID"])):
                names.extend([note["ID"], note.reference])
            id_tree = pydyf.Dictionary({"Names": names})
            pdf.add_object(id_tree)
            root["IDTree"] = id_tree.reference
        notes.clear()

    tags._build_box_tree = retagged
    weasy_pdf.add_tags = add_tags_with_ids  # weasyprint.pdf imported add_tags by name
    _installed = True


def _id_key(value) -> bytes:
    # a name tree's keys are sorted as byte strings: "note-10" before "note-2"
    return value.string.encode()


def _dereference(pdf, reference: bytes):
    """The object that ``b"N 0 R"`` names (pydyf numbers objects by their place in the list)."""
    return pdf.objects[int(reference.split()[0])]


def _reparent(pdf, note, nums: dict) -> None:
    """Point the moved children of a Note at it: structure elements through /P, and
    the page's marked-content ids through the parent tree (``nums``: MCID -> element)."""
    body = note["P"]
    for kid in note["K"]:
        if isinstance(kid, int):
            if nums.get(kid) == body:
                nums[kid] = note.reference
            continue
        child = _dereference(pdf, kid)
        if isinstance(child, dict) and child.get("P") == body:
            child["P"] = note.reference
