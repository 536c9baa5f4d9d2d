"""Tagged PDF: the structure tree and the marked content that belongs to it.

ReportLab's open-source edition writes no structure, so the writer builds it here:

* While the story is made, each block of the plan gets its :class:`Element` (``H1``,
  ``H2``, ``P``, ``L``/``LI``/``Lbl``/``LBody``, ``Sect``) under one ``Document``, in
  reading order.
* While pages are drawn, a flowable wraps what it draws for its element in a marked-
  content sequence (``/P <</MCID 3>> BDC … EMC``, :meth:`Marks.begin`); everything else
  the page shows (running heads, page numbers, rules, box backgrounds, label fills) is
  wrapped as an ``/Artifact``. A paragraph that runs over a page break gets one MCID per
  page, both pointing to its one element.
* When the file is saved, :func:`write_structure` turns the elements into
  ``StructElem`` objects, the ``StructTreeRoot`` with its ``ParentTree`` (page ``k``'s
  MCIDs in order -> their elements), and gives each page ``/StructParents k`` and
  ``/Tabs /S``.

Only standard structure types (ISO 32000-1, 14.8.4) are used, so no role map is needed.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from reportlab.pdfbase.pdfdoc import (
    PDFName,
    PDFObject,
    PDFObjectReference,
    PDFPage,
    PDFString,
)

STANDARD_TYPES = frozenset(
    {
     "Document", "Part", "Art", "Sect", "Div", "BlockQuote", "Caption", "TOC", "TOCI", "Index",
     "NonStruct", "Private", "P", "H", "H1", "H2", "H3", "H4", "H5", "H6", "L", "LI", "Lbl",
     "LBody", "Table", "TR", "TH", "TD", "THead", "TBody", "TFoot", "Span", "Quote", "Note",
     "Reference", "BibEntry", "Code", "Link", "Annot", "Ruby", "RB", "RT", "RP", "Warichu",
     "WT", "WP", "Figure", "Formula", "Form",
    }
)  # fmt: skip


@dataclass(eq=False, slots=True)
class Element:
    """A structure element: its standard type, parent, child elements and the marked-
    content sequences (page index, MCID) that hold its own text, in reading order."""

    kind: str
    parent: Element | None
    title: str | None = None
    list_numbering: str | None = None  # the ListNumbering attribute of an L
    kids: list[Element | tuple[int, int]] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.kind not in STANDARD_TYPES:
            raise ValueError(f"not a standard structure type: {self.kind}")

    def add(self, kind: str, **kw: Any) -> Element:
        child = Element(kind, self, **kw)
        self.kids.append(child)
        return child

    def walk(self) -> Iterator[Element]:
        yield self
        for kid in self.kids:
            if isinstance(kid, Element):
                yield from kid.walk()


class Marks:
    """The marked content of a document, page by page (kept by the canvas)."""

    def __init__(self) -> None:
        self.root = Element("Document", None)
        self.pages: list[list[Element]] = []  # page index -> its MCIDs' elements
        self.current: list[Element] = []  # the page being drawn
        self.open: list[str] = []  # the kinds of the sequences now open (tag or artifact)

    def begin(self, element: Element, page: int) -> str:
        """Operators opening a new sequence for ``element`` on ``page`` (0-based)."""
        if self.open:
            raise RuntimeError(f"marked content inside {self.open[-1]}")
        mcid = len(self.current)
        self.current.append(element)
        element.kids.append((page, mcid))
        self.open.append(element.kind)
        return f"/{element.kind} <</MCID {mcid}>> BDC"

    def begin_artifact(self, kind: str, subtype: str | None) -> str:
        if self.open and self.open[-1] != "Artifact":
            raise RuntimeError(f"an artifact inside {self.open[-1]}")
        self.open.append("Artifact")
        extra = f" /Subtype /{subtype}" if subtype else ""
        return f"/Artifact <</Type /{kind}{extra}>> BDC"

    def end(self) -> str:
        self.open.pop()
        return "EMC"

    def end_page(self) -> list[Element]:
        if self.open:
            raise RuntimeError(f"page ends inside {self.open[-1]}")
        page, self.current = self.current, []
        self.pages.append(page)
        return page


def mark_page(page: PDFPage, key: int) -> None:
    """Give a page its ParentTree key and the structure tab order."""
    page.__NoDefault__ = [*PDFPage.__NoDefault__, "StructParents", "Tabs"]
    page.StructParents = key
    page.Tabs = PDFName("S")


class _Written(PDFObject):  # type: ignore[misc]
    """An object already written as PDF syntax. ReportLab's generic dictionary costs
    about 20 µs an object and keeps a tree of Python objects alive until the file is
    written, which the thousands of elements of a long briefing would feel."""

    def __init__(self) -> None:
        self.data = b""

    def format(self, document: Any) -> bytes:
        return self.data


def write_structure(document: Any, marks: Marks, page_names: list[str]) -> PDFObjectReference:
    """Register the structure tree's objects with a ReportLab ``PDFDocument`` (after
    the last page: the pages have their object numbers); return the reference of the
    ``StructTreeRoot`` for the catalog."""
    numbers = document.idToObjectNumberAndVersion
    elements = list(marks.root.walk())
    objects = [_Written() for _ in elements]
    refs = {
        id(element): document.Reference(obj) for element, obj in zip(elements, objects, strict=True)
    }
    ref = {key: f"{numbers[value.name][0]} 0 R" for key, value in refs.items()}
    root = _Written()
    root_ref = document.Reference(root)
    pages = [f"{numbers[name][0]} 0 R" for name in page_names]
    for element, obj in zip(elements, objects, strict=True):
        parent = ref[id(element.parent)] if element.parent else root_ref.format(document).decode()
        pieces = [f"<< /S /{element.kind} /P {parent}"]
        home = next((kid[0] for kid in element.kids if isinstance(kid, tuple)), None)
        if home is not None:
            pieces.append(f" /Pg {pages[home]}")
        pieces.append(" /K [")
        for kid in element.kids:
            if isinstance(kid, Element):
                pieces.append(f" {ref[id(kid)]}")
            elif kid[0] == home:
                pieces.append(f" {kid[1]}")
            else:
                pieces.append(f" << /Type /MCR /Pg {pages[kid[0]]} /MCID {kid[1]} >>")
        pieces.append(" ]")
        if element.list_numbering:
            pieces.append(f" /A << /O /List /ListNumbering /{element.list_numbering} >>")
        data = "".join(pieces).encode("ascii")
        if element.title:
            data += b" /T " + PDFString(element.title).format(document)
        obj.data = data + b" >>"
    tree = [f"<< /Type /StructTreeRoot /K [ {ref[id(marks.root)]} ] /ParentTree << /Nums ["]
    for key, page in enumerate(marks.pages):
        if page:
            tree.append(f" {key} [ " + " ".join(ref[id(element)] for element in page) + " ]")
    tree.append(f" ] >> /ParentTreeNextKey {len(marks.pages)} >>")
    root.data = "".join(tree).encode("ascii")
    return root_ref
