"""The DOCX writer: an editable Word briefing built with python-docx.

The document is made of real named styles (Title, Subtitle, Heading 1, Body Text,
List Bullet and the briefing's own: Meta, Marking, Summary, Key Points Heading, Key
Point, Source Note Heading, Source Note), so a reader who restyles Heading 1 in Word
restyles every section heading. Every font, size, colour, spacing and the page set-up
come from the theme; the writer decides only structure.

python-docx is imported here and nowhere else. Its bundled template is pruned once
per process and theme: the styles part is rebuilt from the theme (no 160 unused
template styles, no latent-style list), the numbering part holds just the bullets,
and the parts a briefing does not use (the template's thumbnail, stylesWithEffects,
web settings, bibliography custom XML) are dropped. Each render then loads that small
base, adds the content, and rewrites the zip reproducibly (see
:mod:`formatter.writers.ooxml`).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Emu

from formatter import layout, timestamps
from formatter.errors import RenderError
from formatter.model import Briefing
from formatter.theme import Align, TextStyle, Theme
from formatter.units import Length, Pt
from formatter.writers import ooxml

APPLICATION = "briefing-formatter"

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

# Structure, not look: rule and box geometry. Their colours come from the theme.
_RULE_EIGHTHS = 4  # border widths are in eighths of a point: 0.5pt
_BOX_EIGHTHS = 6  # 0.75pt
_BOX_PAD_SIDE = 7  # points between the box border and its text, left and right
_BOX_PAD_EDGE = 5  # points above the first and below the last line in the box
_LABEL_PAD = "\u00a0"  # a no-break space each side pads the shaded marking label

# numId of the two bullet lists: ordinary bullets and the boxed key points.
_BULLET_NUM = 1
_KEY_POINT_NUM = 2

_DROPPED_DOCUMENT_RELS = frozenset(
    {
        RT.CUSTOM_XML,
        RT.WEB_SETTINGS,
        "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects",
    }
)
_DROPPED_PACKAGE_RELS = frozenset({RT.THUMBNAIL})


@dataclass(frozen=True, slots=True)
class _StyleIds:
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


IDS = _StyleIds()

# Style names a user sees in Word; the base document must define every one.
_REQUIRED_STYLES = (
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


def render(briefing: Briefing, theme: Theme) -> bytes:
    """The briefing as DOCX bytes: identical bytes for identical input and theme."""
    try:
        return _render(briefing, theme)
    except (ValueError, KeyError, OSError) as exc:
        raise RenderError(briefing.provenance.source_name, f"DOCX rendering failed: {exc}") from exc


def _render(briefing: Briefing, theme: Theme) -> bytes:
    metadata = briefing.metadata
    base = _base(theme, metadata.language)
    document = docx.Document(io.BytesIO(base.package))
    body = _Body(document.element.body)
    _write_content(body, briefing, theme)
    _write_running(document, briefing, theme)

    saved = io.BytesIO()
    document.save(saved)
    keywords = metadata.keywords or tuple(section.title for section in briefing.body_sections())
    replace = dict(base.parts)
    replace["docProps/core.xml"] = ooxml.core_properties(
        title=metadata.title,
        subject=metadata.subtitle,
        creator=metadata.author,
        keywords=keywords,
        description=(
            f"Briefing generated by {APPLICATION} from {briefing.provenance.source_name}."
        ),
        language=metadata.language,
        category="Briefing",
        identifier=f"sha256:{briefing.provenance.sha256}",
        moment=timestamps.document_datetime(metadata),
    )
    return ooxml.reproducible_zip(saved.getvalue(), timestamps.zip_datetime(metadata), replace)


# --- the base package: template pruned and styled once per theme and language -------


@dataclass(frozen=True, slots=True)
class _Base:
    package: bytes  # a saved DOCX with styles, numbering and page set-up, no content
    parts: dict[str, bytes]  # package parts replaced outright when the zip is rewritten


_BASES: dict[tuple[str, str], _Base] = {}


def _base(theme: Theme, language: str) -> _Base:
    key = (repr(theme), language)
    found = _BASES.get(key)
    if found is None:
        found = _BASES[key] = _build_base(theme, language)
    return found


def _build_base(theme: Theme, language: str) -> _Base:
    document = docx.Document()
    part = document.part
    theme_xml = part.part_related_by(RT.THEME).blob
    _drop_relationships(part.rels, _DROPPED_DOCUMENT_RELS)
    _drop_relationships(part.package.rels, _DROPPED_PACKAGE_RELS)
    _build_styles(document.styles.element, theme, language)
    _build_numbering(part.numbering_part.element, theme)
    _set_up_page(document, theme)
    for name in _REQUIRED_STYLES:
        document.styles[name]  # raises KeyError if the style is missing
    saved = io.BytesIO()
    document.save(saved)
    fonts = [theme.fonts.body.name, theme.fonts.heading.name]
    fonts += [family.name for family in theme.fonts.fallbacks]
    parts = {
        "docProps/app.xml": ooxml.app_properties(APPLICATION),
        "word/settings.xml": ooxml.settings(
            language=language, hyphenate=theme.hyphenate, tab_stop_twips=Pt(36).twips
        ),
        "word/fontTable.xml": ooxml.font_table(fonts),
        "word/theme/theme1.xml": ooxml.theme_fonts(
            theme_xml, major=theme.fonts.heading.name, minor=theme.fonts.body.name
        ),
    }
    return _Base(saved.getvalue(), parts)


def _drop_relationships(rels: Any, reltypes: frozenset[str]) -> None:
    """Drop relationships (and so the parts only they reach) of the given types."""
    for rel_id, rel in list(rels.items()):
        if rel.reltype in reltypes:
            rels.pop(rel_id)


def _set_up_page(document: Any, theme: Theme) -> None:
    page = theme.page
    section = document.sections[0]
    section.page_width = Emu(page.width.emu)
    section.page_height = Emu(page.height.emu)
    section.top_margin = Emu(page.margin_top.emu)
    section.bottom_margin = Emu(page.margin_bottom.emu)
    section.left_margin = Emu(page.margin_left.emu)
    section.right_margin = Emu(page.margin_right.emu)
    section.header_distance = Emu(page.header_distance.emu)
    section.footer_distance = Emu(page.footer_distance.emu)
    section.gutter = Emu(0)
    sect_pr = section._sectPr
    for attribute in list(sect_pr.attrib):
        if attribute.startswith(qn("w:rsid")):
            del sect_pr.attrib[attribute]


# --- raw XML helpers ------------------------------------------------------------------


def _element(tag: str, **attributes: str | int) -> Any:
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
        element = self.children[name] = _element(f"w:{name}", **attributes)
        return element

    def element(self) -> Any:
        root = OxmlElement(self.tag)
        for name in self.order:
            if name in self.children:
                root.append(self.children[name])
        return root


def _border(sides: dict[str, Any]) -> Any:
    """A w:pBdr from ``{"top": (eighths, space_pt, "RRGGBB") or None for none, ...}``."""
    border = OxmlElement("w:pBdr")
    for side in ("top", "left", "bottom", "right"):
        if side not in sides:
            continue
        value = sides[side]
        if value is None:
            border.append(_element(f"w:{side}", val="nil"))
        else:
            eighths, space, color = value
            border.append(_element(f"w:{side}", val="single", sz=eighths, space=space, color=color))
    return border


# --- styles -------------------------------------------------------------------------


def _paragraph_props(text: TextStyle, theme: Theme) -> _Props:
    props = _Props("w:pPr", _PPR_ORDER)
    if text.keep_with_next:
        props.set("keepNext")
        props.set("keepLines")
    family = theme.fonts.family(text.font)
    multiple = text.line_height / ooxml.natural_line_height(family.regular)
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
    style = _element("w:style", type=kind, styleId=style_id)
    if default:
        style.set(qn("w:default"), "1")
    style.append(_element("w:name", val=name))
    if based_on:
        style.append(_element("w:basedOn", val=based_on))
    if next_id:
        style.append(_element("w:next", val=next_id))
    if priority is not None:
        style.append(_element("w:uiPriority", val=priority))
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
    border = (_BOX_EIGHTHS, _BOX_PAD_SIDE, theme.colors.box_border.hex)
    edge = (_BOX_EIGHTHS, _BOX_PAD_EDGE, theme.colors.box_border.hex)
    props.children["pBdr"] = _border({"top": edge, "left": border, "bottom": edge, "right": border})
    props.set("shd", val="clear", color="auto", fill=theme.colors.box_fill.hex)


def _box_indent() -> Length:
    return Pt(_BOX_PAD_SIDE + _BOX_EIGHTHS / 8)


def _build_styles(styles: Any, theme: Theme, language: str) -> None:
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
    table_props.append(_element("w:tblInd", w=0, type="dxa"))
    margins = OxmlElement("w:tblCellMar")
    for side, width in (("top", 0), ("left", 108), ("bottom", 0), ("right", 108)):
        margins.append(_element(f"w:{side}", w=width, type="dxa"))
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
    rule = theme.colors.rule.hex
    heading1 = _paragraph_props(s.heading1, theme)
    heading1.children["pBdr"] = _border({"bottom": (_RULE_EIGHTHS, 3, rule)})
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
    bullet.children["numPr"] = _numbering_reference(_BULLET_NUM)
    bullet.set("ind", left=s.bullet.indent.twips, hanging=s.bullet.indent.twips)
    _style(
        styles, "paragraph", IDS.bullet, "List Bullet", based_on="Normal", priority=99,
        quick=True, ppr=bullet, rpr=_run_props(s.bullet, theme),
    )  # fmt: skip

    # The closing source note: a small heading under a rule, then small lines.
    note_heading = _paragraph_props(s.heading2, theme)
    note_heading.children["pBdr"] = _border({"top": (_RULE_EIGHTHS, 6, rule), "bottom": None})
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
    left = _box_indent()
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
    point.children["numPr"] = _numbering_reference(_KEY_POINT_NUM)
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
        ppr.children["pBdr"] = _border({rule_side: (_RULE_EIGHTHS, 4, theme.colors.rule.hex)})
        tabs = ppr.set("tabs")
        tabs.append(_element("w:tab", val="center", pos=frame // 2))
        tabs.append(_element("w:tab", val="right", pos=frame))
        _style(
            styles, "paragraph", style_id, name, based_on="Normal", priority=99,
            hidden_until_used=True, ppr=ppr, rpr=_run_props(text, theme),
        )  # fmt: skip


def _numbering_reference(num_id: int) -> Any:
    numbering = OxmlElement("w:numPr")
    numbering.append(_element("w:ilvl", val=0))
    numbering.append(_element("w:numId", val=num_id))
    return numbering


def _build_numbering(numbering: Any, theme: Theme) -> None:
    """Two single-level bullet lists (plain bullets and key points), nothing else."""
    for child in list(numbering):
        numbering.remove(child)
    bullet = theme.styles.bullet
    indent = bullet.indent.twips
    lists = (
        (_BULLET_NUM, IDS.bullet, indent),
        (_KEY_POINT_NUM, IDS.key_point, _box_indent().twips + indent),
    )
    for number, (_, style_id, left) in enumerate(lists):
        abstract = _element("w:abstractNum", abstractNumId=number)
        abstract.append(_element("w:nsid", val=f"5B1EF{number:03X}"))
        abstract.append(_element("w:multiLevelType", val="singleLevel"))
        level = _element("w:lvl", ilvl=0)
        level.append(_element("w:start", val=1))
        level.append(_element("w:numFmt", val="bullet"))
        level.append(_element("w:pStyle", val=style_id))
        level.append(_element("w:lvlText", val="\u2022"))
        level.append(_element("w:lvlJc", val="left"))
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
        num = _element("w:num", numId=num_id)
        num.append(_element("w:abstractNumId", val=number))
        numbering.append(num)


# --- content ----------------------------------------------------------------------------


def _text_element(text: str) -> Any:
    element = OxmlElement("w:t")
    clean = ooxml.xml_text(text)
    element.text = clean
    if clean != clean.strip() or "  " in clean:
        element.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return element


def _run(text: str, char_style: str | None = None) -> Any:
    run = OxmlElement("w:r")
    if char_style is not None:
        props = OxmlElement("w:rPr")
        props.append(_element("w:rStyle", val=char_style))
        run.append(props)
    run.append(_text_element(text))
    return run


class _Body:
    """Appends paragraphs before the body's section properties.

    Paragraphs are built as plain elements and inserted at a remembered anchor:
    python-docx's ``add_paragraph`` looks up the anchor on every call, which makes a
    long document quadratic.
    """

    def __init__(self, body: Any) -> None:
        self.anchor = body.sectPr

    def paragraph(
        self, style_id: str, text: str | None = None, char_style: str | None = None
    ) -> Any:
        paragraph = OxmlElement("w:p")
        props = OxmlElement("w:pPr")
        props.append(_element("w:pStyle", val=style_id))
        paragraph.append(props)
        if text:
            paragraph.append(_run(text, char_style))
        self.anchor.addprevious(paragraph)
        return paragraph


def _write_content(body: _Body, briefing: Briefing, theme: Theme) -> None:
    metadata = briefing.metadata
    body.paragraph(IDS.title, metadata.title)
    if metadata.subtitle:
        body.paragraph(IDS.subtitle, metadata.subtitle)
    meta = layout.meta_line(briefing)
    if meta:
        body.paragraph(IDS.meta, meta)
    marking = layout.marking(briefing, theme)
    if marking:
        body.paragraph(IDS.marking).extend(_marking_runs(marking))

    if briefing.key_points:
        body.paragraph(IDS.key_points_heading, theme.labels["key_points"])
        for point in briefing.key_points:
            body.paragraph(IDS.key_point, point.text)

    body.paragraph(IDS.heading1, theme.labels["summary"])
    body.paragraph(IDS.summary, briefing.summary.text)
    for section in briefing.body_sections():
        body.paragraph(IDS.heading1, section.title)
        for item in section.paragraphs:
            body.paragraph(IDS.body, item.paragraph.text)

    body.paragraph(IDS.source_note_heading, theme.labels["source_note"])
    for line in layout.source_note(briefing):
        body.paragraph(IDS.source_note, line)


def _field_runs(instruction: str, cached: str) -> list[Any]:
    """A complex field with a cached result, so it shows a number before any update."""
    runs = []
    for kind, content in (("begin", None), ("instr", instruction), ("separate", None),
                          ("result", cached), ("end", None)):  # fmt: skip
        run = OxmlElement("w:r")
        if kind == "instr":
            instr = OxmlElement("w:instrText")
            instr.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            instr.text = f" {content} "
            run.append(instr)
        elif kind == "result":
            run.append(_text_element(cached))
        else:
            run.append(_element("w:fldChar", fldCharType=kind))
        runs.append(run)
    return runs


def _write_running(document: Any, briefing: Briefing, theme: Theme) -> None:
    """Header and footer from the theme's templates: left, centre and right columns
    separated by tabs, page numbers as fields."""
    section = document.sections[0]
    marking = layout.marking(briefing, theme)
    centre_stop = theme.page.frame_width.twips // 2
    for story, running in ((section.header, theme.header), (section.footer, theme.footer)):
        story.is_linked_to_previous = False
        paragraph = story.paragraphs[0]._p
        left, centre, right = layout.running(running, briefing, theme)
        if not centre:
            # One tab then reaches the right stop even after a long left column.
            tabs = OxmlElement("w:tabs")
            tabs.append(_element("w:tab", val="clear", pos=centre_stop))
            paragraph.get_or_add_pPr().insert(1, tabs)
        columns = [left, centre, right] if centre else [left, right]
        while columns and not columns[-1]:
            columns.pop()
        for index, column in enumerate(columns):
            if index:
                tab = OxmlElement("w:r")
                tab.append(OxmlElement("w:tab"))
                paragraph.append(tab)
            for segment in column:
                if isinstance(segment, layout.Field):
                    paragraph.extend(_field_runs(segment.name, "1"))
                elif marking and segment == marking:
                    paragraph.extend(_marking_runs(segment))
                else:
                    paragraph.append(_run(segment))


def _marking_runs(marking: str) -> list[Any]:
    """The label in its character style, padded by a shaded no-break space each side."""
    return [
        _run(_LABEL_PAD, IDS.marking_label),
        _run(marking, IDS.marking_label),
        _run(_LABEL_PAD, IDS.marking_label),
    ]
