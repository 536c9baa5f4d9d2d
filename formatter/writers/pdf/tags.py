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


@dataclass(eq=False)
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
    """An object written from pieces: PDF syntax (``str``) and objects that need the
    document to be written (references, text strings). ReportLab's generic dictionary
    costs about 20 µs an object, which thousands of elements would feel."""

    def __init__(self) -> None:
        self.pieces: list[Any] = []

    def format(self, document: Any) -> bytes:
        return b"".join(
            piece.encode("ascii") if isinstance(piece, str) else piece.format(document)
            for piece in self.pieces
        )


def write_structure(document: Any, marks: Marks, page_names: list[str]) -> PDFObjectReference:
    """Register the structure tree's objects with a ReportLab ``PDFDocument``; return
    the reference of the ``StructTreeRoot`` for the catalog."""
    elements = list(marks.root.walk())
    objects = {id(element): _Written() for element in elements}
    refs = {id(element): document.Reference(objects[id(element)]) for element in elements}
    root = _Written()
    root_ref = document.Reference(root)
    pages = [PDFObjectReference(name) for name in page_names]
    for element in elements:
        parent = refs[id(element.parent)] if element.parent else root_ref
        pieces: list[Any] = [f"<< /Type /StructElem /S /{element.kind} /P ", parent]
        home = next((kid[0] for kid in element.kids if isinstance(kid, tuple)), None)
        if home is not None:
            pieces += [" /Pg ", pages[home]]
        pieces.append(" /K [")
        for kid in element.kids:
            if isinstance(kid, Element):
                pieces += [" ", refs[id(kid)]]
            elif kid[0] == home:
                pieces.append(f" {kid[1]}")
            else:
                pieces += [" << /Type /MCR /Pg ", pages[kid[0]], f" /MCID {kid[1]} >>"]
        pieces.append(" ]")
        if element.title:
            pieces += [" /T ", PDFString(element.title)]
        if element.list_numbering:
            pieces.append(f" /A << /O /List /ListNumbering /{element.list_numbering} >>")
        pieces.append(" >>")
        objects[id(element)].pieces = pieces
    tree: list[Any] = ["<< /Type /StructTreeRoot /K [ ", refs[id(marks.root)], " ]"]
    tree.append(" /ParentTree << /Nums [")
    for key, page in enumerate(marks.pages):
        if page:
            tree.append(f" {key} [")
            for element in page:
                tree += [" ", refs[id(element)]]
            tree.append(" ]")
    tree.append(f" ] >> /ParentTreeNextKey {len(marks.pages)} >>")
    root.pieces = tree
    return root_ref
