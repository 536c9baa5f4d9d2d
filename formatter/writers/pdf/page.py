"""Pages of the PDF writer: the document template, running heads, "Page X of Y", and
the tagging of what each page shows (see :mod:`formatter.writers.pdf.tags`).

The total page count is known only once the last page is laid out. Rather than lay the
document out twice, the canvas draws each page's footer slot that needs the total as a
reference to a form XObject named after the page, and defines those forms (now that
the total is known) just before it writes the file. Bookmarks, which need the real
page objects, are unaffected.

Every flowable here draws its text inside a marked-content sequence of its structure
element (``canvas.tagged``) and its decoration (rules, fills) as an artifact
(``canvas.artifact``); the running heads, page numbers and running rules are artifacts
too. On saving, the canvas writes the structure tree, the XMP metadata and the output
intent (:mod:`formatter.writers.pdf.archive`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import Any

from reportlab import rl_config
from reportlab.lib.colors import Color as RLColor
from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFInfo, PDFName, PDFString
from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.textobject import PDFTextObject
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Paragraph
from reportlab.platypus.flowables import FrameBG, HRFlowable

from formatter.plan import Field, MarkingLabel, PageField, Segment, Text
from formatter.theme import Theme
from formatter.units import Color
from formatter.writers.pdf import archive
from formatter.writers.pdf.fonts import Face, plain_runs, runs_width
from formatter.writers.pdf.tags import Element, Marks, mark_page, write_structure

Draw = Callable[[Canvas, int], None]


def rl_color(color: Color) -> RLColor:
    return RLColor(*color.rgb_floats)


class _Info(PDFInfo):  # type: ignore[misc]
    """The document information dictionary, dated from the briefing (never the clock):
    without a known date, CreationDate and ModDate are left out."""

    moment: datetime | None = None
    built_from: dict[str, str] = {}  # noqa: RUF012 - replaced per document, never mutated

    def format(self, document: Any) -> bytes:
        entries: dict[str, Any] = {"Producer": PDFString(self.producer)}
        for key in ("Title", "Author", "Subject", "Keywords", "Creator"):
            value = getattr(self, key.lower())
            if value:
                entries[key] = PDFString(value)
        for key, value in self.built_from.items():  # the build fingerprint
            entries[key] = PDFString(value)
        if self.moment is not None:
            stamp = self.moment.strftime("D:%Y%m%d%H%M%S+00'00'")
            entries["CreationDate"] = entries["ModDate"] = PDFString(stamp)
        entries["Trapped"] = PDFName("False")
        formatted: bytes = PDFDictionary(entries).format(document)
        return formatted


class BriefingCanvas(Canvas):  # type: ignore[misc]
    """A canvas that marks what it draws as tagged content or artifacts, can draw
    something on a page once the page count is known, and writes the structure tree,
    XMP metadata and output intent when saved."""

    def __init__(
        self,
        *args: Any,
        moment: datetime | None = None,
        built_from: dict[str, str] | None = None,
        language: str = "",
        marks: Marks | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, pdfVersion=archive.PDF_VERSION, **kwargs)
        self.marks = marks or Marks()
        self._language = language
        self._moment = moment
        self._page_names: list[str] = []
        # The file /ID hashes the metadata and this (not ReportLab's clock or
        # SOURCE_DATE_EPOCH, which would change the bytes of a dated briefing).
        signature = hashlib.md5(b"briefing-formatter", usedforsecurity=False)
        signature.update((moment.isoformat() if moment else "undated").encode())
        self._doc.signature = signature
        info = _Info()
        info.moment = moment
        info.built_from = dict(built_from or {})
        self._doc.info = info
        self._deferred: list[tuple[str, Draw]] = []

    @contextmanager
    def tagged(self, element: Element | None) -> Iterator[None]:
        """Draw the body of the ``with`` as content of ``element`` (untagged if None)."""
        if element is None:
            yield
            return
        self.addLiteral(self.marks.begin(element, self.getPageNumber() - 1))
        yield
        self.addLiteral(self.marks.end())

    @contextmanager
    def artifact(self, kind: str = "Layout", subtype: str | None = None) -> Iterator[None]:
        """Draw the body of the ``with`` as an artifact (``Layout``, ``Pagination``)."""
        self.addLiteral(self.marks.begin_artifact(kind, subtype))
        yield
        self.addLiteral(self.marks.end())

    def showPage(self) -> None:  # ReportLab's name
        name = self._doc.thisPageName()
        has_marks = bool(self.marks.end_page())
        super().showPage()
        self._page_names.append(name)
        if has_marks:
            mark_page(self._doc.idToObject[name], len(self._page_names) - 1)

    def defer(self, name: str, draw: Draw) -> None:
        """Show form ``name`` here; ``draw(canvas, total_pages)`` fills it in at the end."""
        self.doForm(name)
        self._deferred.append((name, draw))

    def save(self) -> None:
        total = self.getPageNumber() - 1  # the last page has been shown already
        for name, draw in self._deferred:
            self.beginForm(name)
            draw(self, total)
            self.endForm()
        self._finish_catalog()
        super().save()

    def _finish_catalog(self) -> None:
        """Structure tree, MarkInfo, XMP metadata and the output intent."""
        document = self._doc
        catalog = document.Catalog
        catalog.StructTreeRoot = write_structure(document, self.marks, self._page_names)
        catalog.MarkInfo = PDFDictionary({"Marked": "true"})
        packet = archive.xmp(document.info, self._language, self._moment)
        catalog.Metadata = archive.MetadataStream(packet)
        catalog.__NoDefault__ = [*type(catalog).__NoDefault__, "OutputIntents"]
        catalog.OutputIntents = PDFArray([document.Reference(archive.output_intent())])


@dataclass(frozen=True, slots=True)
class UnderRule:
    """A rule under a paragraph's last line: thickness, colour and gap, in points."""

    width: float
    color: Color
    space: float


class WordBreakText(PDFTextObject):  # type: ignore[misc]
    """A text object that ends each line of a paragraph with a space (unless the line
    ends in a space or a hyphen), so that text taken from the tag tree (a screen
    reader, a reflow) keeps the break between the last word of a line and the first of
    the next. The space is invisible: it follows the line's last glyph."""

    def _textOut(self, text: str, TStar: int = 0) -> None:  # ReportLab's name
        if TStar and text and text[-1] not in " -\u00ad":
            text += " "
        super()._textOut(text, TStar)


class TaggedParagraph(Paragraph):  # type: ignore[misc]
    """A paragraph whose text is content of a structure element; the pieces it splits
    into across pages stay content of the same element (one MCID per page)."""

    element: Element | None = None

    def draw(self) -> None:
        with self.canv.tagged(self.element):
            super().draw()

    def beginText(self, x: float, y: float) -> WordBreakText:  # ReportLab's name
        return WordBreakText(self.canv, x, y)

    def split(self, available_width: float, available_height: float) -> list[Any]:
        parts: list[Any] = super().split(available_width, available_height)
        for part in parts:
            part.element = self.element
        return parts


def tagged(paragraph: TaggedParagraph, element: Element) -> TaggedParagraph:
    paragraph.element = element
    return paragraph


class ListItem(TaggedParagraph):
    """A key point: its bullet drawn as the label (``Lbl``) of the list item, its text
    as the body (``LBody``). Only the first piece of a long point has the bullet."""

    label: Element | None = None
    bullet: str = ""

    def draw(self) -> None:
        if self.bullet and self.label is not None:
            style = self.style
            lines = self.blPara
            first = lines if lines.kind == 0 else lines.lines[0]
            if rl_config.paraFontSizeHeightOffset:
                baseline = self.height - first.fontSize
            else:
                baseline = self.height - getattr(first, "ascent", first.fontSize)
            canvas = self.canv
            with canvas.tagged(self.label):
                canvas.saveState()
                text = canvas.beginText(style.bulletIndent, baseline)
                text.setFont(style.bulletFontName, style.bulletFontSize)
                text.setFillColor(style.bulletColor)
                text.textOut(self.bullet)
                canvas.drawText(text)
                canvas.restoreState()
        super().draw()

    def split(self, available_width: float, available_height: float) -> list[Any]:
        parts: list[Any] = super().split(available_width, available_height)
        for number, part in enumerate(parts):
            part.label = self.label
            part.bullet = self.bullet if number == 0 else ""
        return parts


class Heading(TaggedParagraph):
    """A heading paragraph that adds itself to the PDF outline when drawn and may have
    a rule under it (as a DOCX bottom border: ``space`` below the last line's box)."""

    def __init__(
        self,
        text: Any,
        style: Any,
        *args: Any,
        key: str | None = None,
        title: str = "",
        rule: UnderRule | None = None,
        element: Element | None = None,
        **kw: Any,
    ) -> None:
        super().__init__(text, style, *args, **kw)
        self.element = element
        self.outline_key = key
        self.outline_title = title
        self.rule = rule

    def _extra(self) -> float:
        return self.rule.space + self.rule.width if self.rule else 0.0

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        width, height = super().wrap(available_width, available_height)
        self.height = height + self._extra()
        return width, self.height

    def draw(self) -> None:
        super().draw()  # from the top of the box: the rule's room stays below the text
        if self.rule is None:
            return
        canvas = self.canv
        with canvas.artifact():
            canvas.saveState()
            canvas.setStrokeColor(rl_color(self.rule.color))
            canvas.setLineWidth(self.rule.width)
            y = self.rule.width / 2
            canvas.line(0, y, self.width, y)
            canvas.restoreState()

    def split(self, available_width: float, available_height: float) -> list[Any]:
        parts: list[Any] = super().split(available_width, available_height - self._extra())
        if parts:  # the bookmark goes with the first piece, the rule with the last
            parts[0].outline_key, parts[0].outline_title = self.outline_key, self.outline_title
            parts[-1].rule = self.rule
        return parts


_LABEL_PAD_X, _LABEL_PAD_Y = 0.7, 0.38  # a label's padding, of its text size


class Label(Flowable):  # type: ignore[misc]
    """A short text on a filled box sized to the text (the handling marking)."""

    def __init__(
        self,
        runs: list[tuple[str, str]],
        size: float,
        text: Color,
        fill: Color,
        after: float,
        *,
        element: Element | None = None,
    ) -> None:
        super().__init__()
        self.runs, self.size, self.text, self.fill = runs, size, text, fill
        self.spaceAfter = after
        self.element = element

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = label_width(self.runs, self.size)
        self.height = self.size * (1 + 2 * _LABEL_PAD_Y)
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        draw_label(
            canvas,
            0,
            0,
            self.runs,
            size=self.size,
            text=self.text,
            fill=self.fill,
            marks=(canvas.artifact(), canvas.tagged(self.element)),
        )


def draw_label(
    canvas: Canvas,
    x: float,
    y: float,
    runs: Sequence[tuple[str, str]],
    *,
    size: float,
    text: Color,
    fill: Color,
    marks: tuple[Any, Any] | None = None,
) -> float:
    """A filled box with its lower left at ``(x, y)`` and the text inside; its width.
    ``marks`` are the context managers that mark the fill and the text."""
    fill_mark, text_mark = marks or (nullcontext(), nullcontext())
    pad_x, pad_y = size * _LABEL_PAD_X, size * _LABEL_PAD_Y
    width = label_width(runs, size)
    canvas.saveState()
    with fill_mark:
        canvas.setFillColor(rl_color(fill))
        canvas.rect(x, y, width, size + 2 * pad_y, stroke=0, fill=1)
    with text_mark:
        canvas.setFillColor(rl_color(text))
        draw_runs(canvas, x + pad_x, y + pad_y + size * 0.22, runs, size)
    canvas.restoreState()
    return width


def draw_runs(
    canvas: Canvas, x: float, y: float, runs: Sequence[tuple[str, str]], size: float
) -> None:
    for name, run in runs:
        canvas.setFont(name, size)
        canvas.drawString(x, y, run)
        x += canvas.stringWidth(run, name, size)


@dataclass(frozen=True, slots=True)
class Slot:
    """One of the running-head places of a page: its segments and how to draw them."""

    segments: tuple[Segment, ...]
    anchor: float  # x of the left edge, centre or right edge
    align: str  # "left", "center", "right"
    baseline: float
    face: Face
    size: float
    color: Color
    marking_colors: tuple[Color, Color]  # text and fill of a marking label
    marking_face: Face
    first_page: bool  # drawn on page 1 only, or on every other page
    part: str  # "Header" or "Footer": the artifact's subtype


_LABEL_SHARE = 0.92  # a marking label's text size, of the running head's


def draw_slot(canvas: Canvas, slot: Slot, page: int, total: int | None) -> None:
    """Draw a slot's segments for ``page``; ``total`` fills the page count."""
    pieces: list[tuple[bool, list[tuple[str, str]], float]] = []  # (label?, runs, width)
    label_size = slot.size * _LABEL_SHARE
    for segment in slot.segments:
        if isinstance(segment, MarkingLabel):
            runs = plain_runs(segment.text, slot.marking_face)
            pieces.append((True, runs, label_width(runs, label_size)))
            continue
        text = _segment_text(segment, page, total)
        if text:
            runs = plain_runs(text, slot.face)
            pieces.append((False, runs, runs_width(runs, slot.size)))
    if not pieces:
        return
    x = _aligned(slot.anchor, sum(width for _, _, width in pieces), slot.align)
    text_color, fill = slot.marking_colors
    canvas.saveState()
    for label, runs, width in pieces:
        if label:
            y = slot.baseline - label_size * 0.6
            draw_label(canvas, x, y, runs, size=label_size, text=text_color, fill=fill)
        else:
            canvas.setFillColor(rl_color(slot.color))
            draw_runs(canvas, x, slot.baseline, runs, slot.size)
        x += width
    canvas.restoreState()


def label_width(runs: Sequence[tuple[str, str]], size: float) -> float:
    return runs_width(runs, size) + 2 * size * _LABEL_PAD_X


def _segment_text(segment: Segment, page: int, total: int | None) -> str:
    if isinstance(segment, Field):
        if segment.field is PageField.PAGE:
            return str(page)
        return str(total) if total is not None else ""
    if isinstance(segment, Text):
        return segment.text
    return ""


def _aligned(anchor: float, width: float, align: str) -> float:
    if align == "right":
        return anchor - width
    if align == "center":
        return anchor - width / 2
    return anchor


def _draw_later(slot: Slot, page: int, canvas: Canvas, total: int) -> None:
    draw_slot(canvas, slot, page, total)


def needs_total(slot: Slot) -> bool:
    return any(isinstance(s, Field) and s.field is PageField.PAGES for s in slot.segments)


class Rule(HRFlowable):  # type: ignore[misc]
    """A rule across the frame, drawn as an artifact."""

    def draw(self) -> None:
        with self.canv.artifact():
            super().draw()


class BoxBackground(FrameBG):  # type: ignore[misc]
    """Starts (or ends) the key-points box: the frame fills and strokes the box behind
    the flowables that follow, as artifacts."""

    def draw(self) -> None:
        super().draw()
        frame = getattr(self, "_frame", None)
        if self.start and frame is not None and frame._frameBGs:
            background = frame._frameBGs[-1]
            background.render = partial(_render_as_artifact, background.render)


def _render_as_artifact(render: Callable[..., None], canvas: Any, *args: Any) -> None:
    """ReportLab draws a frame background once per page and then stretches it by
    editing the drawn rectangle in place; only a drawing call needs wrapping."""
    code = canvas._code
    start = len(code)
    opening = canvas.marks.begin_artifact("Layout", None)
    code.append(opening)
    render(canvas, *args)
    if len(code) == start + 1:  # nothing drawn: only a stretch of the rectangle
        code.pop()
        canvas.marks.end()
    else:
        code.append(canvas.marks.end())


@dataclass(frozen=True, slots=True)
class RunningRule:
    """A rule across the text frame at height ``y`` (under the header, over the footer)."""

    y: float
    width: float
    color: Color


class BriefingDocument(BaseDocTemplate):  # type: ignore[misc]
    """One frame per page inside the theme's margins; headings feed the outline."""

    def __init__(
        self,
        buffer: Any,
        theme: Theme,
        slots: list[Slot],
        rules: list[RunningRule],
        **kwargs: Any,
    ) -> None:
        page = theme.page
        width, height = page.width.pt, page.height.pt
        super().__init__(
            buffer,
            pagesize=(width, height),
            leftMargin=page.margin_left.pt,
            rightMargin=page.margin_right.pt,
            topMargin=page.margin_top.pt,
            bottomMargin=page.margin_bottom.pt,
            invariant=1,
            pageCompression=1,
            displayDocTitle=1,
            **kwargs,
        )
        self.slots = slots
        self.rules = rules
        frame = Frame(
            page.margin_left.pt,
            page.margin_bottom.pt,
            page.frame_width.pt,
            height - page.margin_top.pt - page.margin_bottom.pt,
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
            id="body",
        )
        self.addPageTemplates([PageTemplate("page", [frame], onPage=self._decorate)])
        self._outlined = 0

    def _decorate(self, canvas: BriefingCanvas, _: Any) -> None:
        page = canvas.getPageNumber()
        margin_left = self.leftMargin
        margin_right = self.pagesize[0] - self.rightMargin
        if self.rules:
            with canvas.artifact("Pagination"):
                canvas.saveState()
                for rule in self.rules:
                    canvas.setStrokeColor(rl_color(rule.color))
                    canvas.setLineWidth(rule.width)
                    canvas.line(margin_left, rule.y, margin_right, rule.y)
                canvas.restoreState()
        for number, slot in enumerate(self.slots):
            if slot.first_page != (page == 1):
                continue
            with canvas.artifact("Pagination", slot.part):
                if needs_total(slot):
                    canvas.defer(f"RunningHead{page}x{number}", partial(_draw_later, slot, page))
                else:
                    draw_slot(canvas, slot, page, None)

    def afterFlowable(self, flowable: Any) -> None:
        key = getattr(flowable, "outline_key", None)
        if key is None:
            return
        top = self.frame._y + flowable.getSpaceAfter() + getattr(flowable, "height", 0)
        self.canv.bookmarkPage(key, fit="XYZ", left=0, top=top + 12)
        self.canv.addOutlineEntry(flowable.outline_title, key, level=0)
