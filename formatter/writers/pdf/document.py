"""The PDF writer: a typeset briefing with ReportLab's platypus.

The writer walks the document plan (:mod:`formatter.plan`), so the PDF holds what the
DOCX holds, in the same order, with the same running heads; every kept paragraph
appears exactly once.

Fonts, colours, sizes, spacing, rules, the key-points box and page set-up all come
from the theme. The file is reproducible (ReportLab's invariant mode; dates only from
the briefing), carries its metadata (also as XMP), language and build fingerprint, opens
with its title in the viewer's title bar, and has an outline entry per heading. It is a
tagged PDF: each block of the plan gets its structure element here (``H1``, ``H2``,
``P``, the key points as ``L``/``LI``/``Lbl``/``LBody``, a ``Sect`` per section), and
is made to PDF/A-2b (see :mod:`formatter.writers.pdf.tags` and
:mod:`formatter.writers.pdf.archive`). Article text is
escaped before it becomes Paragraph markup (see :mod:`formatter.writers.pdf.fonts`).
Only this subpackage imports ReportLab, so importing :mod:`formatter` stays fast.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from reportlab import rl_config
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, KeepTogether, Spacer

from formatter.errors import RenderError
from formatter.fingerprint import PROPERTY, fingerprint
from formatter.model import Briefing
from formatter.plan import (
    Block,
    BodyParagraph,
    KeyPoints,
    Marking,
    RunningHeads,
    SectionHeading,
    SourceNote,
    Summary,
    TitleBlock,
    TitleRule,
    plan,
)
from formatter.theme import THEME_CACHE_SIZE, Align, TextStyle, Theme
from formatter.theme import Rule as ThemeRule
from formatter.timestamps import document_datetime
from formatter.writers.pdf.fonts import Face, chunks, face, markup, plain_runs
from formatter.writers.pdf.hyphenation import Hyphenator, hyphenator
from formatter.writers.pdf.page import (
    BoxBackground,
    BriefingCanvas,
    BriefingDocument,
    Heading,
    Label,
    ListItem,
    Rule,
    RunningRule,
    Slot,
    TaggedParagraph,
    UnderRule,
    rl_color,
    tagged,
)
from formatter.writers.pdf.tags import Element, Marks

CHUNK = 5000  # characters: paragraphs over twice this are set as consecutive pieces
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
    document_plan = plan(briefing, theme)
    properties = document_plan.properties
    buffer = io.BytesIO()
    document = BriefingDocument(
        buffer,
        theme,
        _slots(document_plan.running, theme, styles),
        _running_rules(theme),
        title=properties.title,
        author=properties.author or "",
        subject=properties.subject or "",
        keywords=properties.keyword_text,
        creator="briefing-formatter",
        lang=properties.language,
        initialFontName=styles.faces["body"].register(),
    )
    moment = document_datetime(briefing.metadata)
    built_from = {PROPERTY: fingerprint(document_plan, theme, "pdf", moment)}
    marks = Marks()

    def canvas_maker(*args: Any, **kwargs: Any) -> BriefingCanvas:
        canvas = BriefingCanvas(
            *args,
            moment=moment,
            built_from=built_from,
            language=properties.language,
            marks=marks,
            **kwargs,
        )
        canvas.showOutline()
        return canvas

    story: list[Flowable] = []
    parts = _Parts(marks.root)
    for block in document_plan.blocks:
        story += _block(block, theme, styles, parts)
    document.build(story, canvasmaker=canvas_maker)
    return buffer.getvalue()


# --- the story ---------------------------------------------------------------------


class _Parts:
    """Where the next structure element goes: the document, or the section (``Sect``)
    that the last heading opened. Every block below the title block is in one."""

    def __init__(self, root: Element) -> None:
        self.root = root
        self.section = root

    def open(self, title: str) -> Element:
        self.section = self.root.add("Sect", title=title)
        return self.section


def _block(block: Block, theme: Theme, styles: _Styles, parts: _Parts) -> list[Flowable]:  # noqa: PLR0911, PLR0912 - one case per kind of block
    root = parts.root
    match block:
        case TitleBlock(title, subtitle, meta):
            flowables: list[Flowable] = [_paragraph(title, styles, "title", root.add("H1"))]
            if subtitle:
                flowables.append(_paragraph(subtitle, styles, "subtitle", root.add("P")))
            if meta:
                flowables.append(_paragraph(meta, styles, "meta", root.add("P")))
            return flowables
        case Marking(text):
            style = theme.styles.marking
            runs = plain_runs(text, styles.faces["marking"])
            colors = theme.colors
            fill = colors.marking_fill
            after = style.space_after.pt
            return [
                Label(runs, style.size.pt, colors.marking_text, fill, after, element=root.add("P"))
            ]
        case TitleRule():
            rule = theme.rules.title
            if not rule.visible:
                return []
            return [_rule(rule, before=rule.space.pt, after=rule.space.pt)]
        case KeyPoints(heading, points):
            return _key_points(heading, points, theme, styles, parts.open(heading))
        case Summary(heading, text):
            section = parts.open(heading)
            return [
                _heading(heading, styles, "heading1", "summary", section, rule=_under_rule(theme)),
                *_paragraphs(text, styles, "summary", section.add("P")),
            ]
        case SectionHeading(title, _, number):
            section = parts.open(title)
            under = _under_rule(theme)
            return [_heading(title, styles, "heading1", f"section{number}", section, rule=under)]
        case BodyParagraph(text):
            return list(_paragraphs(text, styles, "body", parts.section.add("P")))
        case SourceNote(heading, lines):
            note: list[Flowable] = []
            rule = theme.rules.source_note
            if rule.visible:
                before = styles.p["heading1"].spaceBefore
                note.append(_rule(rule, before=before, after=rule.space.pt))
            section = parts.open(heading)
            note.append(_heading(heading, styles, "heading2", "source-note", section))
            for line in lines:
                note += _paragraphs(line, styles, "note", section.add("P"))
            return [KeepTogether(note)]  # a short block: never leave one line on a page
    raise AssertionError(f"unplanned block {block!r}")


def _rule(rule: ThemeRule, *, before: float, after: float) -> Rule:
    """A rule across the frame; its space before vanishes at the top of a page."""
    return Rule(
        width="100%",
        thickness=rule.width.pt,
        color=rl_color(rule.color),
        spaceBefore=before,
        spaceAfter=after,
    )


def _under_rule(theme: Theme) -> UnderRule | None:
    rule = theme.rules.heading
    return UnderRule(rule.width.pt, rule.color, rule.space.pt) if rule.visible else None


BULLET = "\u2022"


def _key_points(
    heading: str, points: tuple[str, ...], theme: Theme, styles: _Styles, section: Element
) -> list[Flowable]:
    colors, box = theme.colors, theme.box
    pad = box.padding_y.pt
    flowables: list[Flowable] = [
        BoxBackground(
            color=rl_color(colors.box_fill),
            strokeColor=rl_color(colors.box_border),
            strokeWidth=box.border.pt,
        ),
        Spacer(0, pad),
        _heading(heading, styles, "box_heading", "key-points", section),
    ]
    listing = section.add("L", list_numbering="Disc")
    for point in points:
        item = listing.add("LI")
        label, body = item.add("Lbl"), item.add("LBody")
        for number, piece in enumerate(chunks(point, CHUNK)):
            paragraph = ListItem(
                markup(piece, styles.faces["bullet"], styles.fit("box_bullet")),
                styles.p["box_bullet"],
            )
            paragraph.element, paragraph.label = body, label
            paragraph.bullet = "" if number else BULLET
            flowables.append(paragraph)
    flowables += [Spacer(0, pad - styles.p["box_bullet"].spaceAfter), BoxBackground(start=False)]
    flowables.append(Spacer(0, 4))
    return flowables


def _heading(
    text: str,
    styles: _Styles,
    role: str,
    key: str,
    section: Element,
    *,
    rule: UnderRule | None = None,
) -> Heading:
    text_markup = markup(text, styles.faces[role], styles.fit(role))
    element = section.add("H2")
    return Heading(text_markup, styles.p[role], key=key, title=text, rule=rule, element=element)


def _paragraph(text: str, styles: _Styles, role: str, element: Element) -> TaggedParagraph:
    text_markup = markup(text, styles.faces[role], styles.fit(role))
    return tagged(TaggedParagraph(text_markup, styles.p[role]), element)


def _paragraphs(text: str, styles: _Styles, role: str, element: Element) -> Iterable[Flowable]:
    """A paragraph, as one flowable or (when very long) as consecutive pieces, all of
    them content of ``element``."""
    pieces = chunks(text, CHUNK)
    last = len(pieces) - 1
    for number, piece in enumerate(pieces):
        style = styles.p[role] if number == last else styles.tight[role]
        text_markup = markup(piece, styles.faces[role], styles.fit(role))
        yield tagged(TaggedParagraph(text_markup, style), element)


# --- running heads -----------------------------------------------------------------


def _slots(running: RunningHeads, theme: Theme, styles: _Styles) -> list[Slot]:
    page = theme.page
    left, right = page.margin_left.pt, page.width.pt - page.margin_right.pt
    anchors = ((left, "left"), ((left + right) / 2, "center"), (right, "right"))
    header_size = theme.styles.header.size.pt
    header_baseline = page.height.pt - page.header_distance.pt - header_size * 0.8
    footer_baseline = page.footer_distance.pt + theme.styles.footer.size.pt * 0.3
    slots = []
    for line, role, baseline, first_page in (
        (running.first_header, "header", header_baseline, True),
        (running.first_footer, "footer", footer_baseline, True),
        (running.header, "header", header_baseline, False),
        (running.footer, "footer", footer_baseline, False),
    ):
        style: TextStyle = getattr(theme.styles, role)
        for segments, (anchor, align) in zip(line.columns, anchors, strict=True):
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
                        marking_colors=(theme.colors.marking_text, theme.colors.marking_fill),
                        marking_face=styles.faces["marking"],
                        first_page=first_page,
                        part=role.capitalize(),
                    )
                )
    return slots


def _running_rules(theme: Theme) -> list[RunningRule]:
    """The theme's running rule under the header and above the footer, its ``space``
    from the heads' text (below the header's descenders, above the footer's capitals)."""
    rule = theme.rules.running
    if not rule.visible:
        return []
    page = theme.page
    header_size, footer_size = theme.styles.header.size.pt, theme.styles.footer.size.pt
    header_baseline = page.height.pt - page.header_distance.pt - header_size * 0.8
    footer_baseline = page.footer_distance.pt + footer_size * 0.3
    header = header_baseline - header_size * 0.3 - rule.space.pt
    footer = footer_baseline + footer_size * 0.75 + rule.space.pt
    return [RunningRule(y, rule.width.pt, rule.color) for y in (header, footer)]


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


@lru_cache(maxsize=THEME_CACHE_SIZE)
def _styles(theme: Theme, language: str) -> _Styles:
    """Paragraph styles for a theme and language, built once per process."""
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
    pad = theme.box.padding_x.pt + theme.box.border.pt  # as the DOCX indents the box text
    p["box_heading"] = _boxed(p["heading2"], "box_heading", pad, first_indent=0)
    p["box_bullet"] = _boxed(
        p["bullet"], "box_bullet", pad, first_indent=theme.styles.bullet.indent.pt
    )
    p["box_bullet"].bulletColor = rl_color(theme.colors.accent)
    p["box_heading"].spaceBefore = 0
    tight = {
        name: ParagraphStyle(f"{name}-piece", parent=style, spaceAfter=0)
        for name, style in p.items()
    }
    return _Styles(p, tight, faces, WORD_WIDTH_SHARE * theme.page.frame_width.pt)


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


def _boxed(style: ParagraphStyle, name: str, pad: float, first_indent: float) -> ParagraphStyle:
    """A style for text inside the key-points box: indented from the box edges."""
    return ParagraphStyle(
        name,
        parent=style,
        leftIndent=pad + first_indent,
        rightIndent=pad,
        bulletIndent=pad,
    )


_HYPHENATORS: dict[str, Hyphenator | None] = {}


def _hyphenator(language: str) -> Hyphenator | None:
    """pyphen's splitter for a BCP 47 tag such as ``en-GB`` (None if pyphen lacks it)."""
    if language not in _HYPHENATORS:
        _HYPHENATORS[language] = hyphenator(language)
    return _HYPHENATORS[language]
