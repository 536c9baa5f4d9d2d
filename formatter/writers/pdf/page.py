"""Pages of the PDF writer: the document template, running heads and "Page X of Y".

The total page count is known only once the last page is laid out. Rather than lay the
document out twice, the canvas draws each page's footer slot that needs the total as a
reference to a form XObject named after the page, and defines those forms (now that
the total is known) just before it writes the file. Bookmarks, which need the real
page objects, are unaffected.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import Any

from reportlab.lib.colors import Color as RLColor
from reportlab.pdfbase.pdfdoc import PDFDictionary, PDFInfo, PDFName, PDFString
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Paragraph

from formatter.plan import Field, MarkingLabel, PageField, Segment, Text
from formatter.theme import Theme
from formatter.units import Color
from formatter.writers.pdf.fonts import Face, plain_runs, runs_width

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
    """A canvas that can draw something on a page once the page count is known."""

    def __init__(
        self,
        *args: Any,
        moment: datetime | None = None,
        built_from: dict[str, str] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
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
        super().save()


@dataclass(frozen=True, slots=True)
class UnderRule:
    """A rule under a paragraph's last line: thickness, colour and gap, in points."""

    width: float
    color: Color
    space: float


class Heading(Paragraph):  # type: ignore[misc]
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
        **kw: Any,
    ) -> None:
        super().__init__(text, style, *args, **kw)
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
        self, runs: list[tuple[str, str]], size: float, text: Color, fill: Color, after: float
    ) -> None:
        super().__init__()
        self.runs, self.size, self.text, self.fill = runs, size, text, fill
        self.spaceAfter = after

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = label_width(self.runs, self.size)
        self.height = self.size * (1 + 2 * _LABEL_PAD_Y)
        return self.width, self.height

    def draw(self) -> None:
        draw_label(self.canv, 0, 0, self.runs, size=self.size, text=self.text, fill=self.fill)


def draw_label(
    canvas: Canvas,
    x: float,
    y: float,
    runs: Sequence[tuple[str, str]],
    *,
    size: float,
    text: Color,
    fill: Color,
) -> float:
    """A filled box with its lower left at ``(x, y)`` and the text inside; its width."""
    pad_x, pad_y = size * _LABEL_PAD_X, size * _LABEL_PAD_Y
    width = label_width(runs, size)
    canvas.saveState()
    canvas.setFillColor(rl_color(fill))
    canvas.rect(x, y, width, size + 2 * pad_y, stroke=0, fill=1)
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
        canvas.saveState()
        for rule in self.rules:
            canvas.setStrokeColor(rl_color(rule.color))
            canvas.setLineWidth(rule.width)
            canvas.line(margin_left, rule.y, margin_right, rule.y)
        canvas.restoreState()
        for number, slot in enumerate(self.slots):
            if slot.first_page != (page == 1):
                continue
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
