"""Walk the main document's XML: paragraphs with their style and visible text.

python-docx's ``Paragraph.text`` skips runs inside ``w:ins`` and so silently loses the
words of a tracked insertion. This walker reads the WordprocessingML itself and decides
on purpose, as ``pandoc --track-changes=accept`` does:

* runs in ``w:ins`` and ``w:moveTo`` are in, runs in ``w:del`` and ``w:moveFrom`` are
  out; a deleted paragraph mark joins the paragraph to the next one;
* hyperlinks, smart tags, content controls (``w:sdt``), custom XML and simple fields
  are walked for their text; a complex field (``w:fldChar``) gives its result, never
  its instruction;
* tabs and line breaks inside a paragraph become spaces (a briefing paragraph is one
  line); bold, italic and other run formatting is dropped (the writers print plain
  text);
* comments are not text; pictures, charts, text boxes, equations, footnotes and tables
  are not part of a briefing: each is recorded with its name and position, so the
  build reports it rather than dropping it silently.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from xml.etree.ElementTree import Element

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
M = "{http://schemas.openxmlformats.org/officeDocument/2006/math}"
V = "{urn:schemas-microsoft-com:vml}"
CHART_URI = "http://schemas.openxmlformats.org/drawingml/2006/chart"

_CONTAINERS = frozenset(
    W + tag for tag in ("hyperlink", "smartTag", "customXml", "fldSimple", "dir", "bdo")
)
_INSERTED = frozenset({W + "ins", W + "moveTo"})
_DELETED = frozenset({W + "del", W + "moveFrom"})
_OBJECTS = frozenset({W + "drawing", W + "pict", W + "object", MC + "AlternateContent"})
_SPACES = frozenset({W + "tab", W + "ptab", W + "br", W + "cr"})
_SYMBOL_FONT_AREA = 0xF000  # w:sym characters here are glyphs of a symbol font


@dataclass(frozen=True, slots=True)
class RawParagraph:
    """A body paragraph: its style id (None: the default), text, 1-based number."""

    style: str | None
    text: str
    number: int


@dataclass(slots=True)
class Findings:
    """What the walk met besides text: tracked changes, comments, unsupported objects."""

    insertions: int = 0
    deletions: int = 0
    comments: set[str] = field(default_factory=set)
    objects: list[str] = field(default_factory=list)  # "picture "Logo" in paragraph 3"


def walk(body: Element) -> tuple[list[RawParagraph], Findings]:
    walker = _Walker()
    walker.block(body)
    return walker.paragraphs, walker.findings


class _Walker:
    def __init__(self) -> None:
        self.paragraphs: list[RawParagraph] = []
        self.findings = Findings()
        self.number = 0  # paragraphs met so far, tables' and text boxes' not counted
        self.fields: list[str] = []  # open complex fields: "instr" or "result"
        self.carried = ""  # text of a paragraph whose mark was deleted
        self.text: list[str] = []
        self.where = ""

    # --- blocks -------------------------------------------------------------------

    def block(self, parent: Element) -> None:
        for child in parent:
            tag = child.tag
            if tag == W + "p":
                self.paragraph(child)
            elif tag == W + "tbl":
                rows = child.findall(W + "tr")
                columns = max((len(row.findall(W + "tc")) for row in rows), default=0)
                self.findings.objects.append(
                    f"table of {len(rows)} row(s) and {columns} column(s) {self._after()}"
                )
            elif tag == W + "sdt":
                content = child.find(W + "sdtContent")
                if content is not None:
                    self.block(content)
            elif tag in (W + "customXml", *_INSERTED):
                self.block(child)
            elif tag in _OBJECTS:
                self.object(child, self._after())

    def _after(self) -> str:
        return f"after paragraph {self.number}" if self.number else "at the start"

    def paragraph(self, element: Element) -> None:
        self.number += 1
        self.where = f"in paragraph {self.number}"
        self.text = [self.carried] if self.carried else []
        self.carried = ""
        props = element.find(W + "pPr")
        style = None
        mark_deleted = False
        if props is not None:
            style_element = props.find(W + "pStyle")
            if style_element is not None:
                style = style_element.get(W + "val")
            mark = props.find(W + "rPr")
            if mark is not None:
                mark_deleted = any(mark.find(tag) is not None for tag in _DELETED)
                if mark.find(W + "ins") is not None:
                    self.findings.insertions += 1
        self.inline(element)
        text = "".join(self.text)
        if mark_deleted:  # accepted: this paragraph runs on into the next
            self.findings.deletions += 1
            self.carried = text
            return
        self.paragraphs.append(RawParagraph(style, text, self.number))

    # --- inline content -----------------------------------------------------------

    def inline(self, parent: Element) -> None:
        for child in parent:
            tag = child.tag
            if tag == W + "r":
                self.run(child)
            elif tag in _INSERTED:
                self.findings.insertions += 1
                self.inline(child)
            elif tag in _DELETED:
                self.findings.deletions += 1
            elif tag in _CONTAINERS:
                self.inline(child)
            elif tag == W + "sdt":
                content = child.find(W + "sdtContent")
                if content is not None:
                    self.inline(content)
            elif tag == W + "commentRangeStart":
                self.findings.comments.add(child.get(W + "id", ""))
            elif tag in _OBJECTS:
                self.object(child, self.where)
            elif tag in (M + "oMath", M + "oMathPara"):
                self.findings.objects.append(f"equation {self.where}")

    def run(self, run: Element) -> None:  # noqa: PLR0912 - one case per kind of run content
        for child in run:
            tag = child.tag
            if tag == W + "fldChar":
                kind = child.get(W + "fldCharType")
                if kind == "begin":
                    self.fields.append("instr")
                elif kind == "separate" and self.fields:
                    self.fields[-1] = "result"
                elif kind == "end" and self.fields:
                    self.fields.pop()
            elif "instr" in self.fields:
                continue  # a field's instruction is never text
            elif tag == W + "t":
                self.text.append(child.text or "")
            elif tag in _SPACES:
                self.text.append(" ")
            elif tag == W + "noBreakHyphen":
                self.text.append("-")
            elif tag == W + "sym":
                code = int(child.get(W + "char", "0"), 16) if _hex(child.get(W + "char")) else 0
                if 0 < code < _SYMBOL_FONT_AREA:
                    self.text.append(chr(code))
            elif tag == W + "commentReference":
                self.findings.comments.add(child.get(W + "id", ""))
            elif tag in _OBJECTS:
                self.object(child, self.where)
            elif tag in (W + "footnoteReference", W + "endnoteReference"):
                kind = "footnote" if tag == W + "footnoteReference" else "endnote"
                self.findings.objects.append(f"{kind} {self.where}")

    def object(self, element: Element, where: str) -> None:
        """A drawing, VML shape or embedded object: named and placed, never read."""
        if any(True for _ in element.iter(W + "txbxContent")):
            kind = "text box"
        elif any(e.get("uri") == CHART_URI for e in element.iter()):
            kind = "chart"
        elif element.tag == W + "object":
            kind = "embedded object"
        else:
            kind = "picture"
        name = ""
        for properties in element.iter(WP + "docPr"):
            name = properties.get("name", "") or properties.get("descr", "")
            break
        if not name:
            for shape in element.iter(V + "shape"):
                name = shape.get("alt", "") or shape.get("id", "")
                break
        label = f"{kind} \u201c{name}\u201d" if name else kind
        self.findings.objects.append(f"{label} {where}")


def _hex(value: str | None) -> bool:
    return bool(value) and all(c in "0123456789abcdefABCDEF" for c in value or "")
