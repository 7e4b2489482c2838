"""The PDF's list of page references made once per page count, not once for every tagged box.

pydyf's ``PDF.page_references`` is a property that builds, each time it is read, the tuple of
every page's reference ('12 0 R', ...) from the page tree's Kids. WeasyPrint 70's tagging
(``pdf/tags.py``, and notetags.py after it) reads it once for every structure element, to name
the page one element is on: 8,500 tuples in a build of the five EU-Japan PDFs, each as long as
its brief has pages, about 0.02 s of CPU. The tuple changes only when a page is added (pydyf's
``add_page`` extends the Kids list; nothing else writes it), so while the Kids list is the same
list of the same length, the tuple made last is the one a new read would make.

Installed by the PDF writer (render/pdf.py) for WeasyPrint 70.x with pydyf 0.13.x, the writer
whose property this knows; under any other, the stock property runs. tests/test_pagerefs.py
writes briefs both ways and compares the bytes.
"""
from __future__ import annotations

from functools import wraps

from .shortcut import Shortcut

_MADE = "_briefgen_page_references"  # on the PDF: (its Kids list, the list's length, the tuple made from it)


def _patch(weasyprint) -> None:
    import pydyf

    if pydyf.__version__.split(".")[:2] != ["0", "13"]:
        return  # another pydyf: its property may be made differently, or be cheap already
    pydyf.PDF.page_references = property(_made_once(pydyf.PDF.page_references.fget),
                                         doc=pydyf.PDF.page_references.__doc__)


_shortcut = Shortcut(_patch)
install, stock = _shortcut.install, _shortcut.stock


def _made_once(references):
    @wraps(references)
    def page_references(self):
        if not _shortcut.enabled:
            return references(self)
        kids = self.pages["Kids"]
        made = self.__dict__.get(_MADE)
        if made is None or made[0] is not kids or made[1] != len(kids):
            made = (kids, len(kids), references(self))
            self.__dict__[_MADE] = made
        return made[2]

    return page_references
