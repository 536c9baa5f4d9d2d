"""Styles and numbering of the DOCX writer, written as raw OOXML.

python-docx has no API for most of what a themed style needs (paragraph borders and
shading, complex-script fonts, language, schema-ordered properties), so this module
builds ``w:style`` and ``w:numbering`` elements itself, every value taken from the
theme. It is part of the DOCX writer: only :mod:`formatter.writers.docx.document`
imports it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from formatter.fontfile import natural_line_height
from formatter.theme import Align, Rule, TextStyle, Theme
from formatter.units import Color, Length

# Element order inside w:pPr and w:rPr, as the schema (and Word) requires.
_PPR_ORDER = (
    "pStyle",
    "keepNext",
    "keepLines",
    "pageBreakBefore",
    "widowControl",
    "numPr",
    "pBdr",
    "shd",
    "tabs",
    "suppressAutoHyphens",
    "spacing",
    "ind",
    "contextualSpacing",
    "jc",
    "outlineLvl",
)
_RPR_ORDER = (
    "rStyle",
    "rFonts",
    "b",
    "bCs",
    "i",
    "iCs",
    "color",
    "kern",
    "sz",
    "szCs",
    "bdr",
    "shd",
    "lang",
)
_JUSTIFICATION = {
    Align.LEFT: "left",
    Align.CENTER: "center",
    Align.RIGHT: "right",
    Align.JUSTIFY: "both",
}

# Word's limits for a paragraph border: width in eighths of a point (2-96), distance
# from the text in whole points (0-31).
_EIGHTHS = (2, 96)
_MAX_SPACE = 31

# numId of the two bullet lists: ordinary bullets and the boxed key points.
BULLET_NUM = 1
KEY_POINT_NUM = 2


@dataclass(frozen=True, slots=True)
class StyleIds:
    """Style ids the content refers to (Word's convention: the name without spaces)."""

    title: str = "Title"
    subtitle: str = "Subtitle"
    meta: str = "Meta"
    marking: str = "Marking"
    marking_label: str = "MarkingLabel"
    heading1: str = "Heading1"
    heading2: str = "Heading2"
    body: str = "BodyText"
    bullet: str = "ListBullet"
    summary: str = "Summary"
    key_points_heading: str = "KeyPointsHeading"
    key_point: str = "KeyPoint"
    source_note_heading: str = "SourceNoteHeading"
    source_note: str = "SourceNote"
    header: str = "Header"
    footer: str = "Footer"


IDS = StyleIds()

# Style names a user sees in Word; the base document must define every one.
REQUIRED_STYLES = (
    "Normal",
    "Title",
    "Subtitle",
    "Heading 1",
    "Heading 2",
    "Body Text",
    "List Bullet",
    "Header",
    "Footer",
    "Meta",
    "Marking",
    "Marking Label",
    "Summary",
    "Key Points Heading",
    "Key Point",
    "Source Note Heading",
    "Source Note",
)


# --- raw XML helpers ------------------------------------------------------------------


def element(tag: str, **attributes: str | int) -> Any:
    element = OxmlElement(tag)
    for name, value in attributes.items():
        element.set(qn(f"w:{name}"), str(value))
    return element


class _Props:
    """Children of a w:pPr or w:rPr, emitted in schema order whatever order they were set."""

    def __init__(self, tag: str, order: tuple[str, ...]) -> None:
        self.tag = tag
        self.order = order
        self.children: dict[str, Any] = {}

    def set(self, name: str, **attributes: str | int) -> Any:
        if name not in self.order:
            raise ValueError(f"w:{name} is not a known child of {self.tag}")
        child = self.children[name] = element(f"w:{name}", **attributes)
        return child

    def element(self) -> Any:
        root = OxmlElement(self.tag)
        for name in self.order:
            if name in self.children:
                root.append(self.children[name])
        return root


def _edge(width: Length, space: Length, color: Color) -> tuple[int, int, str]:
    """``(eighths of a point, space in points, "RRGGBB")`` within Word's limits."""
    eighths = min(max(round(width.pt * 8), _EIGHTHS[0]), _EIGHTHS[1])
    return eighths, min(round(space.pt), _MAX_SPACE), color.hex


def rule_border(side: str, rule: Rule, space: Length | None = None) -> Any:
    """A w:pBdr drawing the theme's ``rule`` on one side of a paragraph (nothing for a
    rule of width zero), ``space`` (default: the rule's own) from the text."""
    if not rule.visible:
        return _border({side: None})
    return _border({side: _edge(rule.width, rule.space if space is None else space, rule.color)})


def _border(sides: dict[str, Any]) -> Any:
    """A w:pBdr from ``{"top": (eighths, space_pt, "RRGGBB") or None for none, ...}``."""
    border = OxmlElement("w:pBdr")
    for side in ("top", "left", "bottom", "right"):
        if side not in sides:
            continue
        value = sides[side]
        if value is None:
            border.append(element(f"w:{side}", val="nil"))
        else:
            eighths, space, color = value
            border.append(element(f"w:{side}", val="single", sz=eighths, space=space, color=color))
    return border


# --- styles -------------------------------------------------------------------------


def _paragraph_props(text: TextStyle, theme: Theme) -> _Props:
    props = _Props("w:pPr", _PPR_ORDER)
    if text.keep_with_next:
        props.set("keepNext")
        props.set("keepLines")
    family = theme.fonts.family(text.font)
    multiple = text.line_height / natural_line_height(family.regular)
    props.set(
        "spacing",
        before=text.space_before.twips,
        after=text.space_after.twips,
        line=round(240 * multiple),
        lineRule="auto",
    )
    if text.indent.emu:
        props.set("ind", left=text.indent.twips)
    props.set("jc", val=_JUSTIFICATION[text.align])
    return props


def _fonts(props: _Props, name: str) -> None:
    """The same family in every script slot, so no slot falls back to a template font."""
    props.set("rFonts", ascii=name, hAnsi=name, eastAsia=name, cs=name)


def _run_props(
    text: TextStyle, theme: Theme, *, parent: TextStyle | None = None, color: bool = True
) -> _Props:
    props = _Props("w:rPr", _RPR_ORDER)
    _fonts(props, theme.fonts.family(text.font).name)
    for flag, on, inherited in (
        ("b", text.bold, parent is not None and parent.bold),
        ("i", text.italic, parent is not None and parent.italic),
    ):
        if on:
            props.set(flag)
            props.set(f"{flag}Cs")
        elif inherited:
            props.set(flag, val=0)
            props.set(f"{flag}Cs", val=0)
    if color:
        props.set("color", val=text.color.hex)
    props.set("sz", val=text.size.half_points)
    props.set("szCs", val=text.size.half_points)
    return props


def _style(
    styles: Any,
    kind: str,
    style_id: str,
    name: str,
    *,
    based_on: str | None = None,
    next_id: str | None = None,
    priority: int | None = None,
    quick: bool = False,
    default: bool = False,
    hidden_until_used: bool = False,
    ppr: _Props | None = None,
    rpr: _Props | None = None,
) -> Any:
    style = element("w:style", type=kind, styleId=style_id)
    if default:
        style.set(qn("w:default"), "1")
    style.append(element("w:name", val=name))
    if based_on:
        style.append(element("w:basedOn", val=based_on))
    if next_id:
        style.append(element("w:next", val=next_id))
    if priority is not None:
        style.append(element("w:uiPriority", val=priority))
    if hidden_until_used:
        style.append(OxmlElement("w:semiHidden"))
        style.append(OxmlElement("w:unhideWhenUsed"))
    if quick:
        style.append(OxmlElement("w:qFormat"))
    if ppr is not None:
        style.append(ppr.element())
    if rpr is not None:
        style.append(rpr.element())
    styles.append(style)
    return style


def _spacing(props: _Props, *, before: Length | None = None, after: Length | None = None) -> None:
    """Change the space before or after of a w:pPr built by :func:`_paragraph_props`."""
    spacing = props.children["spacing"]
    if before is not None:
        spacing.set(qn("w:before"), str(before.twips))
    if after is not None:
        spacing.set(qn("w:after"), str(after.twips))


def _box(props: _Props, theme: Theme) -> None:
    """A shaded, bordered box: consecutive paragraphs with identical borders and
    side indents are drawn as one box by Word and LibreOffice."""
    box, color = theme.box, theme.colors.box_border
    side = _edge(box.border, box.padding_x, color)
    edge = _edge(box.border, box.padding_y, color)
    props.children["pBdr"] = _border({"top": edge, "left": side, "bottom": edge, "right": side})
    props.set("shd", val="clear", color="auto", fill=theme.colors.box_fill.hex)


def box_indent(theme: Theme) -> Length:
    """How far the box's text sits inside the text frame: its padding and border."""
    box = theme.box
    return Length(box.padding_x.emu + box.border.emu)


def build_styles(styles: Any, theme: Theme, language: str) -> None:
    """Replace the template's styles with the briefing's, all derived from the theme."""
    for child in list(styles):
        styles.remove(child)
    _defaults(styles, theme, language)
    _title_styles(styles, theme)
    _text_styles(styles, theme)
    _box_styles(styles, theme)
    _running_styles(styles, theme)


def _defaults(styles: Any, theme: Theme, language: str) -> None:
    """Document defaults, Normal, and the default character, table and list styles."""
    body = theme.styles.body
    defaults = OxmlElement("w:docDefaults")
    run_default = OxmlElement("w:rPrDefault")
    run = _Props("w:rPr", _RPR_ORDER)
    _fonts(run, theme.fonts.body.name)
    run.set("sz", val=body.size.half_points)
    run.set("szCs", val=body.size.half_points)
    run.set("lang", val=language)
    run_default.append(run.element())
    paragraph_default = OxmlElement("w:pPrDefault")
    paragraph = _Props("w:pPr", _PPR_ORDER)
    paragraph.set("spacing", after=0, line=240, lineRule="auto")
    paragraph_default.append(paragraph.element())
    defaults.append(run_default)
    defaults.append(paragraph_default)
    styles.append(defaults)

    normal = _paragraph_props(body, theme)
    normal.set("widowControl")
    _spacing(normal, before=Length(0), after=Length(0))
    normal.set("jc", val="left")
    _style(
        styles, "paragraph", "Normal", "Normal", default=True, quick=True,
        ppr=normal, rpr=_run_props(body, theme),
    )  # fmt: skip
    _style(
        styles, "character", "DefaultParagraphFont", "Default Paragraph Font",
        default=True, priority=1, hidden_until_used=True,
    )  # fmt: skip
    table = _style(
        styles, "table", "TableNormal", "Normal Table",
        default=True, priority=99, hidden_until_used=True,
    )  # fmt: skip
    table_props = OxmlElement("w:tblPr")
    table_props.append(element("w:tblInd", w=0, type="dxa"))
    margins = OxmlElement("w:tblCellMar")
    for side, width in (("top", 0), ("left", 108), ("bottom", 0), ("right", 108)):
        margins.append(element(f"w:{side}", w=width, type="dxa"))
    table_props.append(margins)
    table.append(table_props)
    _style(
        styles, "numbering", "NoList", "No List",
        default=True, priority=99, hidden_until_used=True,
    )  # fmt: skip


def _title_styles(styles: Any, theme: Theme) -> None:
    """Title, Subtitle, Meta, and the handling marking (a paragraph style for the
    line and a character style for the label itself, e.g. white on black)."""
    s = theme.styles
    for style_id, name, text, next_id, priority in (
        (IDS.title, "Title", s.title, IDS.subtitle, 10),
        (IDS.subtitle, "Subtitle", s.subtitle, IDS.meta, 11),
        (IDS.meta, "Meta", s.meta, IDS.body, 12),
    ):
        ppr = _paragraph_props(text, theme)
        ppr.set("keepNext")
        _style(
            styles, "paragraph", style_id, name, based_on="Normal", next_id=next_id,
            priority=priority, quick=True, ppr=ppr, rpr=_run_props(text, theme),
        )  # fmt: skip
    _style(
        styles, "paragraph", IDS.marking, "Marking", based_on="Normal", next_id=IDS.body,
        priority=12, quick=True, ppr=_paragraph_props(s.marking, theme),
        rpr=_run_props(s.marking, theme, color=False),
    )  # fmt: skip
    label = _Props("w:rPr", _RPR_ORDER)
    _fonts(label, theme.fonts.family(s.marking.font).name)
    if s.marking.bold:
        label.set("b")
        label.set("bCs")
    label.set("color", val=s.marking.color.hex)
    label.set("shd", val="clear", color="auto", fill=theme.colors.marking_fill.hex)
    _style(
        styles, "character", IDS.marking_label, "Marking Label",
        based_on="DefaultParagraphFont", priority=12, quick=True, rpr=label,
    )  # fmt: skip


def _text_styles(styles: Any, theme: Theme) -> None:
    """Headings (a hairline rule under Heading 1), Body Text, Summary, List Bullet and
    the source note."""
    s = theme.styles
    rules = theme.rules
    heading1 = _paragraph_props(s.heading1, theme)
    heading1.children["pBdr"] = rule_border("bottom", rules.heading)
    heading1.set("outlineLvl", val=0)
    heading2 = _paragraph_props(s.heading2, theme)
    heading2.set("outlineLvl", val=1)
    for style_id, name, text, ppr in (
        (IDS.heading1, "heading 1", s.heading1, heading1),
        (IDS.heading2, "heading 2", s.heading2, heading2),
    ):
        _style(
            styles, "paragraph", style_id, name, based_on="Normal", next_id=IDS.body,
            priority=9, quick=True, ppr=ppr, rpr=_run_props(text, theme),
        )  # fmt: skip
    _style(
        styles, "paragraph", IDS.body, "Body Text", based_on="Normal", priority=1,
        quick=True, ppr=_paragraph_props(s.body, theme), rpr=_run_props(s.body, theme),
    )  # fmt: skip
    _style(
        styles, "paragraph", IDS.summary, "Summary", based_on=IDS.body, next_id=IDS.body,
        priority=12, quick=True, ppr=_paragraph_props(s.summary, theme),
        rpr=_run_props(s.summary, theme),
    )  # fmt: skip
    bullet = _paragraph_props(s.bullet, theme)
    bullet.children["numPr"] = numbering_reference(BULLET_NUM)
    bullet.set("ind", left=s.bullet.indent.twips, hanging=s.bullet.indent.twips)
    _style(
        styles, "paragraph", IDS.bullet, "List Bullet", based_on="Normal", priority=99,
        quick=True, ppr=bullet, rpr=_run_props(s.bullet, theme),
    )  # fmt: skip

    # The closing source note: a small heading under a rule, then small lines.
    note_heading = _paragraph_props(s.heading2, theme)
    note_heading.children["pBdr"] = rule_border("top", rules.source_note)
    note_heading.children["pBdr"].append(element("w:bottom", val="nil"))
    _spacing(note_heading, before=s.heading1.space_before)
    _style(
        styles, "paragraph", IDS.source_note_heading, "Source Note Heading",
        based_on=IDS.heading1, next_id=IDS.source_note, priority=12, quick=True,
        ppr=note_heading, rpr=_run_props(s.heading2, theme, parent=s.heading1),
    )  # fmt: skip
    _style(
        styles, "paragraph", IDS.source_note, "Source Note", based_on="Normal",
        priority=12, quick=True, ppr=_paragraph_props(s.note, theme),
        rpr=_run_props(s.note, theme),
    )  # fmt: skip


def _box_styles(styles: Any, theme: Theme) -> None:
    """The key points box: a heading and bullets sharing one border and shading."""
    s = theme.styles
    left = box_indent(theme)
    heading = _paragraph_props(s.heading2, theme)
    heading.set("keepNext")
    heading.set("keepLines")
    _spacing(heading, before=Length(0))
    _box(heading, theme)
    heading.set("ind", left=left.twips, right=left.twips)
    _style(
        styles, "paragraph", IDS.key_points_heading, "Key Points Heading",
        based_on=IDS.heading1, next_id=IDS.key_point, priority=12, quick=True,
        ppr=heading, rpr=_run_props(s.heading2, theme, parent=s.heading1),
    )  # fmt: skip
    point = _paragraph_props(s.bullet, theme)
    point.children["numPr"] = numbering_reference(KEY_POINT_NUM)
    point.set("keepLines")
    _box(point, theme)
    indent = s.bullet.indent.twips
    point.set("ind", left=left.twips + indent, right=left.twips, hanging=indent)
    _style(
        styles, "paragraph", IDS.key_point, "Key Point", based_on=IDS.bullet,
        next_id=IDS.key_point, priority=12, quick=True, ppr=point,
        rpr=_run_props(s.bullet, theme),
    )  # fmt: skip


def _running_styles(styles: Any, theme: Theme) -> None:
    """Header and footer: a centre and a right tab stop across the text frame, and a
    hairline rule towards the page body."""
    frame = theme.page.frame_width.twips
    for style_id, name, text, rule_side in (
        (IDS.header, "header", theme.styles.header, "bottom"),
        (IDS.footer, "footer", theme.styles.footer, "top"),
    ):
        ppr = _paragraph_props(text, theme)
        ppr.children["pBdr"] = rule_border(rule_side, theme.rules.running)
        tabs = ppr.set("tabs")
        tabs.append(element("w:tab", val="center", pos=frame // 2))
        tabs.append(element("w:tab", val="right", pos=frame))
        _style(
            styles, "paragraph", style_id, name, based_on="Normal", priority=99,
            hidden_until_used=True, ppr=ppr, rpr=_run_props(text, theme),
        )  # fmt: skip


def numbering_reference(num_id: int) -> Any:
    numbering = OxmlElement("w:numPr")
    numbering.append(element("w:ilvl", val=0))
    numbering.append(element("w:numId", val=num_id))
    return numbering


def build_numbering(numbering: Any, theme: Theme) -> None:
    """Two single-level bullet lists (plain bullets and key points), nothing else."""
    for child in list(numbering):
        numbering.remove(child)
    bullet = theme.styles.bullet
    indent = bullet.indent.twips
    lists = (
        (BULLET_NUM, IDS.bullet, indent),
        (KEY_POINT_NUM, IDS.key_point, box_indent(theme).twips + indent),
    )
    for number, (_, style_id, left) in enumerate(lists):
        abstract = element("w:abstractNum", abstractNumId=number)
        abstract.append(element("w:nsid", val=f"5B1EF{number:03X}"))
        abstract.append(element("w:multiLevelType", val="singleLevel"))
        level = element("w:lvl", ilvl=0)
        level.append(element("w:start", val=1))
        level.append(element("w:numFmt", val="bullet"))
        level.append(element("w:pStyle", val=style_id))
        level.append(element("w:lvlText", val="\u2022"))
        level.append(element("w:lvlJc", val="left"))
        ppr = _Props("w:pPr", _PPR_ORDER)
        ppr.set("ind", left=left, hanging=indent)
        level.append(ppr.element())
        rpr = _Props("w:rPr", _RPR_ORDER)
        _fonts(rpr, theme.fonts.family(bullet.font).name)
        rpr.set("color", val=theme.colors.accent.hex)
        level.append(rpr.element())
        abstract.append(level)
        numbering.append(abstract)
    for number, (num_id, _, _) in enumerate(lists):
        num = element("w:num", numId=num_id)
        num.append(element("w:abstractNumId", val=number))
        numbering.append(num)
