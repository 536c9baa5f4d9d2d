"""The PDF writer: a typeset briefing with ReportLab's platypus.

The document holds what the DOCX holds, in the same order: the handling marking, title,
subtitle and meta line; the key points in a shaded box; the summary; one section per
non-empty body section; the source note. Every kept paragraph appears exactly once.

Fonts, colours, sizes, spacing and page set-up all come from the theme. The file is
reproducible (ReportLab's invariant mode; dates only from the briefing), carries its
metadata and language, opens with its title in the viewer's title bar, and has an
outline entry per heading. Article text is escaped before it becomes Paragraph markup
(see :mod:`formatter.writers.pdf_fonts`). Only this module and its two helpers import
ReportLab, so importing :mod:`formatter` stays fast.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from reportlab import rl_config
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer
from reportlab.platypus.flowables import FrameBG, HRFlowable

from formatter import layout
from formatter.errors import RenderError
from formatter.model import Briefing
from formatter.theme import Align, TextStyle, Theme
from formatter.timestamps import document_datetime
from formatter.writers.hyphenation import Hyphenator, hyphenator
from formatter.writers.pdf_fonts import Face, chunks, face, markup, plain_runs
from formatter.writers.pdf_page import (
    BriefingCanvas,
    BriefingDocument,
    Heading,
    Label,
    Slot,
    rl_color,
)

CHUNK = 5000  # characters: paragraphs over twice this are set as consecutive pieces
BOX_PAD = 10.0  # points between the key-points box edge and its text
WORD_WIDTH_SHARE = 0.8  # of the frame width: the widest word set without cutting it
_ALIGN = {Align.LEFT: TA_LEFT, Align.CENTER: TA_CENTER, Align.RIGHT: TA_RIGHT}
_ALIGN[Align.JUSTIFY] = TA_JUSTIFY


def render(briefing: Briefing, theme: Theme) -> bytes:
    """The briefing as PDF bytes; :class:`RenderError` if ReportLab cannot lay it out."""
    try:
        return _render(briefing, theme)
    except RenderError:
        raise
    except Exception as exc:  # ReportLab signals layout trouble with many types
        name = briefing.provenance.source_name
        raise RenderError(name, f"cannot typeset the PDF: {type(exc).__name__}: {exc}") from exc


def _render(briefing: Briefing, theme: Theme) -> bytes:
    # Binary (not ASCII85) streams: smaller files, and ASCII85 is slow without rl_accel.
    saved, rl_config.useA85 = rl_config.useA85, 0
    try:
        return _build(briefing, theme)
    finally:
        rl_config.useA85 = saved


def _build(briefing: Briefing, theme: Theme) -> bytes:
    styles = _styles(theme, briefing.metadata.language)
    metadata = briefing.metadata
    buffer = io.BytesIO()
    document = BriefingDocument(
        buffer,
        theme,
        _slots(briefing, theme, styles),
        _rules(theme),
        title=metadata.title,
        author=metadata.author or "",
        subject=metadata.subtitle or "",
        keywords=", ".join(metadata.keywords),
        creator="briefing-formatter",
        lang=metadata.language,
        initialFontName=styles.faces["body"].register(),
    )
    moment = document_datetime(metadata)

    def canvas_maker(*args: Any, **kwargs: Any) -> BriefingCanvas:
        canvas = BriefingCanvas(*args, moment=moment, **kwargs)
        canvas.showOutline()
        return canvas

    document.build(_story(briefing, theme, styles), canvasmaker=canvas_maker)
    return buffer.getvalue()


# --- the story ---------------------------------------------------------------------


def _story(briefing: Briefing, theme: Theme, styles: _Styles) -> list[Flowable]:
    labels = theme.labels
    story: list[Flowable] = []
    story += _title_block(briefing, theme, styles)
    if briefing.key_points:
        story += _key_points(briefing, theme, styles)
    story.append(_heading(labels["summary"], styles, "heading1", "summary"))
    story += _paragraphs(briefing.summary.text, styles, "summary")
    for number, section in enumerate(briefing.body_sections(), start=1):
        story.append(_heading(section.title, styles, "heading1", f"section{number}"))
        for item in section.paragraphs:
            story += _paragraphs(item.paragraph.text, styles, "body")
    note: list[Flowable] = [
        HRFlowable(  # its space before vanishes at the top of a page, unlike a Spacer's
            width="100%",
            thickness=0.5,
            color=rl_color(theme.colors.rule),
            spaceBefore=styles.p["heading1"].spaceBefore,
            spaceAfter=2,
        ),
        _heading(labels["source_note"], styles, "heading2", "source-note"),
    ]
    for line in layout.source_note(briefing):
        note += _paragraphs(line, styles, "note")
    story.append(KeepTogether(note))  # a short block: never leave one line on a page
    return story


def _title_block(briefing: Briefing, theme: Theme, styles: _Styles) -> list[Flowable]:
    """Title, subtitle, meta line and handling marking, in the DOCX's order, then a rule."""
    block: list[Flowable] = [_paragraph(briefing.metadata.title, styles, "title")]
    if briefing.metadata.subtitle:
        block.append(_paragraph(briefing.metadata.subtitle, styles, "subtitle"))
    meta = layout.meta_line(briefing)
    if meta:
        block.append(_paragraph(meta, styles, "meta"))
    marking = layout.marking(briefing, theme)
    if marking:
        style = theme.styles.marking
        runs = plain_runs(marking, styles.faces["marking"])
        block.append(
            Label(
                runs,
                style.size.pt,
                theme.colors.marking_text,
                theme.colors.marking_fill,
                style.space_after.pt,
            )
        )
    block.append(
        HRFlowable(
            width="100%",
            thickness=1.2,
            color=rl_color(theme.colors.accent),
            spaceBefore=0,
            spaceAfter=14,
        )
    )
    return block


def _key_points(briefing: Briefing, theme: Theme, styles: _Styles) -> list[Flowable]:
    colors = theme.colors
    box: list[Flowable] = [
        FrameBG(
            color=rl_color(colors.box_fill),
            strokeColor=rl_color(colors.box_border),
            strokeWidth=0.6,
        ),
        Spacer(0, BOX_PAD),
        _heading(theme.labels["key_points"], styles, "box_heading", "key-points"),
    ]
    for point in briefing.key_points:
        for piece in chunks(point.text, CHUNK):
            box.append(
                Paragraph(
                    markup(piece, styles.faces["bullet"], styles.fit("box_bullet")),
                    styles.p["box_bullet"],
                    bulletText="\u2022",
                )
            )
    box += [Spacer(0, BOX_PAD - styles.p["box_bullet"].spaceAfter), FrameBG(start=False)]
    box.append(Spacer(0, 4))
    return box


def _heading(text: str, styles: _Styles, role: str, key: str) -> Heading:
    face_role = "box_heading" if role == "box_heading" else role
    text_markup = markup(text, styles.faces[face_role], styles.fit(role))
    return Heading(text_markup, styles.p[role], key=key, title=text)


def _paragraph(text: str, styles: _Styles, role: str) -> Paragraph:
    return Paragraph(markup(text, styles.faces[role], styles.fit(role)), styles.p[role])


def _paragraphs(text: str, styles: _Styles, role: str) -> Iterable[Flowable]:
    """A paragraph, as one flowable or (when very long) as consecutive pieces."""
    pieces = chunks(text, CHUNK)
    last = len(pieces) - 1
    for number, piece in enumerate(pieces):
        style = styles.p[role] if number == last else styles.tight[role]
        yield Paragraph(markup(piece, styles.faces[role], styles.fit(role)), style)


# --- running heads -----------------------------------------------------------------


def _slots(briefing: Briefing, theme: Theme, styles: _Styles) -> list[Slot]:
    page = theme.page
    left, right = page.margin_left.pt, page.width.pt - page.margin_right.pt
    anchors = ((left, "left"), ((left + right) / 2, "center"), (right, "right"))
    header_size = theme.styles.header.size.pt
    header_baseline = page.height.pt - page.header_distance.pt - header_size * 0.8
    footer_baseline = page.footer_distance.pt + theme.styles.footer.size.pt * 0.3
    marking = layout.marking(briefing, theme)
    slots = []
    for running, role, baseline in (
        (theme.header, "header", header_baseline),
        (theme.footer, "footer", footer_baseline),
    ):
        style: TextStyle = getattr(theme.styles, role)
        for segments, (anchor, align) in zip(
            layout.running(running, briefing, theme), anchors, strict=True
        ):
            static = "".join(segment for segment in segments if isinstance(segment, str))
            if segments:
                slots.append(
                    Slot(
                        segments=segments,
                        anchor=anchor,
                        align=align,
                        baseline=baseline,
                        face=styles.faces[role],
                        size=style.size.pt,
                        color=style.color,
                        marking=marking,
                        marking_colors=(theme.colors.marking_text, theme.colors.marking_fill),
                        marking_face=styles.faces["marking"],
                        on_first_page=role == "footer" or static == marking,
                    )
                )
    return slots


def _rules(theme: Theme) -> list[float]:
    """Hairlines under the header and above the footer."""
    page = theme.page
    header = page.height.pt - page.header_distance.pt - theme.styles.header.size.pt * 1.45
    footer = page.footer_distance.pt + theme.styles.footer.size.pt * 1.6
    return [header, footer]


# --- styles ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Styles:
    p: dict[str, ParagraphStyle]  # by role: the theme's style names plus box roles
    tight: dict[str, ParagraphStyle]  # the same without space after (paragraph pieces)
    faces: dict[str, Face]
    word_width: float  # the widest a single word may be set, in points (see fit)

    def fit(self, role: str) -> tuple[float, float]:
        """``(font size, widest word)`` for :func:`markup`: a word wider than that is
        cut into pieces. Kept well inside the frame, so it holds in the key-points box
        and in indented styles too."""
        return float(self.p[role].fontSize), self.word_width


_STYLE_CACHE: dict[tuple[int, str], tuple[Theme, _Styles]] = {}


def _styles(theme: Theme, language: str) -> _Styles:
    """Paragraph styles for a theme and language, built once per process."""
    key = (id(theme), language)
    cached = _STYLE_CACHE.get(key)
    if cached is not None and cached[0] is theme:
        return cached[1]
    hyphenator = _hyphenator(language) if theme.hyphenate else None
    names = (
        "title", "subtitle", "meta", "marking", "heading1", "heading2", "body", "summary",
        "bullet", "note", "header", "footer",
    )  # fmt: skip
    faces: dict[str, Face] = {}
    p: dict[str, ParagraphStyle] = {}
    for name in names:
        text_style: TextStyle = getattr(theme.styles, name)
        faces[name] = face(
            theme.fonts.family(text_style.font),
            theme.fonts.fallbacks,
            bold=text_style.bold,
            italic=text_style.italic,
        )
        wraps = name in {"body", "summary", "bullet", "note"}
        p[name] = _paragraph_style(name, text_style, faces[name], hyphenator if wraps else None)
    faces["box_heading"] = faces["heading2"]
    p["box_heading"] = _boxed(p["heading2"], "box_heading", first_indent=0)
    p["box_bullet"] = _boxed(p["bullet"], "box_bullet", first_indent=theme.styles.bullet.indent.pt)
    p["box_bullet"].bulletColor = rl_color(theme.colors.accent)
    p["box_heading"].spaceBefore = 0
    tight = {
        name: ParagraphStyle(f"{name}-piece", parent=style, spaceAfter=0)
        for name, style in p.items()
    }
    styles = _Styles(p, tight, faces, WORD_WIDTH_SHARE * theme.page.frame_width.pt)
    _STYLE_CACHE[key] = (theme, styles)
    return styles


def _paragraph_style(
    name: str, style: TextStyle, face: Face, hyphenator: Hyphenator | None
) -> ParagraphStyle:
    size = style.size.pt
    return ParagraphStyle(
        name,
        fontName=face.name,
        fontSize=size,
        leading=style.leading.pt,
        textColor=rl_color(style.color),
        spaceBefore=style.space_before.pt,
        spaceAfter=style.space_after.pt,
        alignment=_ALIGN[style.align],
        leftIndent=style.indent.pt,
        keepWithNext=int(style.keep_with_next),
        bulletFontName=face.name,
        bulletFontSize=size,
        allowWidows=0,
        allowOrphans=0,
        hyphenationLang=hyphenator or "",
        embeddedHyphenation=1 if hyphenator else 0,
        uriWasteReduce=0.3 if hyphenator else 0,
        splitLongWords=1,
    )


def _boxed(style: ParagraphStyle, name: str, first_indent: float) -> ParagraphStyle:
    """A style for text inside the key-points box: indented from the box edges."""
    return ParagraphStyle(
        name,
        parent=style,
        leftIndent=BOX_PAD + first_indent,
        rightIndent=BOX_PAD,
        bulletIndent=BOX_PAD + 1,
    )


_HYPHENATORS: dict[str, Hyphenator | None] = {}


def _hyphenator(language: str) -> Hyphenator | None:
    """pyphen's splitter for a BCP 47 tag such as ``en-GB`` (None if pyphen lacks it)."""
    if language not in _HYPHENATORS:
        _HYPHENATORS[language] = hyphenator(language)
    return _HYPHENATORS[language]
