"""Themes: one TOML file drives both the DOCX and the PDF writer.

A theme names its fonts, colours, page set-up and a fixed set of text styles. The
loader turns it into typed values (:class:`~formatter.units.Length`,
:class:`~formatter.units.Color`) and validates every key, so the writers never see a
bare number or a font that does not exist. A theme may ``extends = "other"`` to change
only a few values of another theme.
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any

from formatter.errors import ThemeError
from formatter.fonts import FontFamily, resolve_family
from formatter.resources import builtin_styles_dir
from formatter.tomlfile import Table, load_toml
from formatter.units import Color, Inches, Length, Mm

PAGE_SIZES: dict[str, tuple[Length, Length]] = {
    "A4": (Mm(210), Mm(297)),
    "A5": (Mm(148), Mm(210)),
    "Letter": (Inches(8.5), Inches(11)),
    "Legal": (Inches(8.5), Inches(14)),
}

# Placeholders a header or footer template may use; the writers fill them in.
PLACEHOLDERS = frozenset({"title", "short_title", "marking", "date", "source", "page", "pages"})

# What a writer builds once per theme and language (the DOCX base package, the PDF
# paragraph styles) is cached with functools.lru_cache keyed by the theme itself, which
# is frozen and hashable; this many themes are kept.
THEME_CACHE_SIZE = 8

STYLE_NAMES = (
    "title",
    "subtitle",
    "meta",
    "marking",
    "heading1",
    "heading2",
    "body",
    "summary",
    "bullet",
    "note",
    "header",
    "footer",
)


class Align(StrEnum):
    LEFT = "left"
    CENTER = "center"
    RIGHT = "right"
    JUSTIFY = "justify"


class FontRole(StrEnum):
    BODY = "body"
    HEADING = "heading"


@dataclass(frozen=True, slots=True)
class TextStyle:
    font: FontRole
    size: Length
    bold: bool
    italic: bool
    color: Color
    space_before: Length
    space_after: Length
    line_height: float  # a multiple of the font size
    align: Align
    indent: Length
    keep_with_next: bool

    @property
    def leading(self) -> Length:
        """Baseline-to-baseline distance."""
        return Length(round(self.size.emu * self.line_height))


@dataclass(frozen=True, slots=True)
class Page:
    width: Length
    height: Length
    margin_top: Length
    margin_bottom: Length
    margin_left: Length
    margin_right: Length
    header_distance: Length
    footer_distance: Length
    size_name: str  # "A4", "Letter", ... or "custom"

    @property
    def frame_width(self) -> Length:
        return Length(self.width.emu - self.margin_left.emu - self.margin_right.emu)


@dataclass(frozen=True, slots=True)
class Palette:
    text: Color
    heading: Color
    accent: Color
    muted: Color
    rule: Color
    box_fill: Color
    box_border: Color
    marking_text: Color
    marking_fill: Color


@dataclass(frozen=True, slots=True)
class Fonts:
    body: FontFamily
    heading: FontFamily
    fallbacks: tuple[FontFamily, ...]

    def family(self, role: FontRole) -> FontFamily:
        return self.body if role is FontRole.BODY else self.heading


@dataclass(frozen=True, slots=True)
class Running:
    """Header or footer text: three templates, left, centre and right."""

    left: str
    center: str
    right: str


@dataclass(frozen=True, slots=True)
class Styles:
    title: TextStyle
    subtitle: TextStyle
    meta: TextStyle
    marking: TextStyle
    heading1: TextStyle
    heading2: TextStyle
    body: TextStyle
    summary: TextStyle
    bullet: TextStyle
    note: TextStyle
    header: TextStyle
    footer: TextStyle


@dataclass(frozen=True, slots=True)
class Labels:
    """The visible headings every writer prints."""

    key_points: str
    summary: str
    source_note: str


@dataclass(frozen=True, slots=True)
class Rule:
    """A horizontal rule: its thickness (zero for none), colour, and the gap between
    it and the text it belongs to (for the title rule: the gap on either side)."""

    width: Length
    color: Color
    space: Length

    @property
    def visible(self) -> bool:
        return self.width.emu > 0


@dataclass(frozen=True, slots=True)
class Rules:
    """Where the document draws rules: under the title block, under each section
    heading, above the source note, and between the running heads and the page body."""

    title: Rule
    heading: Rule
    source_note: Rule
    running: Rule


@dataclass(frozen=True, slots=True)
class Box:
    """The key-points box: its border width and the padding between border and text
    (``padding_x`` left and right, ``padding_y`` above and below). Fill and border
    colours are ``box_fill`` and ``box_border`` of the palette."""

    border: Length
    padding_x: Length
    padding_y: Length


@dataclass(frozen=True, slots=True)
class Theme:
    name: str
    description: str
    page: Page
    fonts: Fonts
    colors: Palette
    styles: Styles
    header: Running
    footer: Running
    marking: str | None  # the default handling marking, e.g. "TLP:CLEAR"
    hyphenate: bool
    labels: Labels
    rules: Rules
    box: Box


def available_themes() -> list[tuple[str, str]]:
    """``(name, description)`` of every theme shipped with the package, sorted by name."""
    found = []
    for path in sorted(builtin_styles_dir().glob("*.toml")):
        data = load_toml(path, ThemeError)
        description = data.get("description", "")
        found.append((path.stem, description if isinstance(description, str) else ""))
    return found


def load_theme(name_or_path: str = "briefing") -> Theme:
    """Load a theme by shipped name (``"briefing"``, ``"plain"``) or by path to a TOML file."""
    return _load_theme_cached(_locate(name_or_path))


def source_files(name_or_path: str) -> tuple[Path, ...]:
    """The theme's file and every file it ``extends``, child first: what a rebuild
    of ``briefing watch`` depends on."""
    files: list[Path] = []
    path: Path | None = _locate(name_or_path)
    while path is not None and path not in files:
        files.append(path)
        parent = load_toml(path, ThemeError).get("extends")
        path = _locate(parent, path.parent, path.resolve()) if isinstance(parent, str) else None
    return tuple(files)


def forget_loaded() -> None:
    """Drop the themes loaded so far, so that the next load reads the files again (a
    long-running ``briefing watch`` after a theme was edited)."""
    _load_theme_cached.cache_clear()


@cache
def _load_theme_cached(path: Path) -> Theme:
    data = _merged(path, seen=())
    return _build(Table(data, "", path.name, ThemeError), path.parent)


def _locate(
    name_or_path: str, relative_to: Path | None = None, exclude: Path | None = None
) -> Path:
    looks_like_path = name_or_path.endswith(".toml") or "/" in name_or_path
    if looks_like_path:
        path = Path(name_or_path)
        if relative_to is not None and not path.is_absolute():
            path = relative_to / path
        if not path.is_file():
            raise ThemeError(name_or_path, "no such theme file")
        return path.resolve()
    path = builtin_styles_dir() / f"{name_or_path}.toml"
    if relative_to is not None:
        # ``extends = "briefing"`` looks beside the theme first (a project's styles/),
        # never at the theme itself: a project's styles/briefing.toml may extend the
        # installed briefing theme.
        beside = (relative_to / f"{name_or_path}.toml").resolve()
        if beside.is_file() and beside != exclude:
            return beside
    if not path.is_file():
        names = ", ".join(name for name, _ in available_themes())
        raise ThemeError(name_or_path, f"unknown theme (available: {names})")
    return path


def _merged(path: Path, seen: tuple[Path, ...]) -> dict[str, Any]:
    """The theme's table with every ``extends`` parent merged under it."""
    if path in seen:
        raise ThemeError(path.name, "'extends' forms a cycle")
    data = load_toml(path, ThemeError)
    parent_name = data.pop("extends", None)
    if parent_name is None:
        return data
    if not isinstance(parent_name, str):
        raise ThemeError(path.name, "extends: expected a theme name or path")
    parent = _merged(_locate(parent_name, path.parent, path.resolve()), (*seen, path))
    parent.pop("description", None)
    return _deep_merge(parent, data)


def _deep_merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _deep_merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _build(root: Table, theme_dir: Path) -> Theme:
    page = _page(root.table("page"))
    fonts = _fonts(root.table("fonts"), theme_dir)
    colors = _palette(root.table("colors"))
    styles_table = root.table("styles")
    styles = Styles(
        **{name: _style(styles_table.table(name), colors, page) for name in STYLE_NAMES}
    )
    styles_table.reject_unknown()
    header = _running(root.table("header"))
    footer = _running(root.table("footer"))
    labels_table = root.table("labels")
    labels = Labels(**{key: labels_table.text(key) for key in Labels.__slots__})
    labels_table.reject_unknown()
    rules = _rules(root.table("rules"), colors)
    box = _box(root.table("box"))
    marking = root.optional_text("marking")
    theme = Theme(
        name=root.text("name"),
        description=root.optional_text("description") or "",
        page=page,
        fonts=fonts,
        colors=colors,
        styles=styles,
        header=header,
        footer=footer,
        marking=marking or None,
        hyphenate=root.flag("hyphenate", default=True),
        labels=labels,
        rules=rules,
        box=box,
    )
    root.reject_unknown()
    return theme


def _page(table: Table) -> Page:
    if table.has("size"):
        size_name = table.text("size")
        if size_name not in PAGE_SIZES:
            raise table.fail("size", f"unknown page size (known: {', '.join(PAGE_SIZES)})")
        width, height = PAGE_SIZES[size_name]
    else:
        size_name = "custom"
        width, height = table.length("width"), table.length("height")
    page = Page(
        width=width,
        height=height,
        margin_top=table.length("margin_top"),
        margin_bottom=table.length("margin_bottom"),
        margin_left=table.length("margin_left"),
        margin_right=table.length("margin_right"),
        header_distance=table.length("header_distance"),
        footer_distance=table.length("footer_distance"),
        size_name=size_name,
    )
    table.reject_unknown()
    _check_page(page, table)
    return page


# Word cannot open pages larger than 22 inches; nobody prints smaller than this.
MIN_PAGE, MAX_PAGE = Mm(100), Inches(22)
MIN_FRAME_WIDTH, MIN_FRAME_HEIGHT = Mm(50), Mm(60)


def _check_page(page: Page, table: Table) -> None:
    """Geometry that every writer can lay out: the same limits for DOCX and PDF."""
    for key, length in (("width", page.width), ("height", page.height)):
        if not MIN_PAGE <= length <= MAX_PAGE:
            raise table.fail(key, f"{length} is outside {MIN_PAGE}..{MAX_PAGE} (100mm..22in)")
    for key in (
        "margin_top",
        "margin_bottom",
        "margin_left",
        "margin_right",
        "header_distance",
        "footer_distance",
    ):
        if getattr(page, key).emu < 0:
            raise table.fail(key, f"{getattr(page, key)} is negative")
    if page.frame_width < MIN_FRAME_WIDTH:
        raise table.fail("margin_left", "the text area left by the margins is too small")
    frame_height = Length(page.height.emu - page.margin_top.emu - page.margin_bottom.emu)
    if frame_height < MIN_FRAME_HEIGHT:
        raise table.fail("margin_top", "the text area left by the margins is too small")
    if page.header_distance >= page.margin_top:
        raise table.fail("header_distance", "must be smaller than margin_top")
    if page.footer_distance >= page.margin_bottom:
        raise table.fail("footer_distance", "must be smaller than margin_bottom")


def _fonts(table: Table, theme_dir: Path) -> Fonts:
    files = table.table("files").data if table.has("files") else {}
    table._used.add("files")

    def family(name: str, key: str) -> FontFamily:
        try:
            return resolve_family(name, files, theme_dir)
        except ValueError as exc:
            raise table.fail(key, str(exc)) from None

    fonts = Fonts(
        body=family(table.text("body"), "body"),
        heading=family(table.text("heading"), "heading"),
        fallbacks=tuple(family(name, "fallbacks") for name in table.text_list("fallbacks")),
    )
    table.reject_unknown()
    return fonts


def _palette(table: Table) -> Palette:
    palette = Palette(**{name: table.color(name) for name in Palette.__slots__})
    table.reject_unknown()
    return palette


def _named_color(table: Table, key: str, colors: Palette) -> Color:
    """``#rrggbb`` or the name of a colour of ``[colors]``."""
    value = table.text(key)
    if value.startswith("#"):
        return table.color(key)
    if value not in Palette.__slots__:
        raise table.fail(key, f"{value!r} is neither '#rrggbb' nor a colour name of [colors]")
    found: Color = getattr(colors, value)
    return found


def _rules(table: Table, colors: Palette) -> Rules:
    def rule(key: str) -> Rule:
        entry = table.table(key)
        found = Rule(
            entry.length("width"), _named_color(entry, "color", colors), entry.length("space")
        )
        entry.reject_unknown()
        if not Length(0) <= found.width <= Length(6 * 12_700):
            raise entry.fail("width", "a rule must be between 0pt and 6pt thick")
        if not Length(0) <= found.space <= Length(24 * 12_700):
            raise entry.fail("space", "must be between 0pt and 24pt")
        return found

    rules = Rules(**{key: rule(key) for key in Rules.__slots__})
    table.reject_unknown()
    return rules


def _box(table: Table) -> Box:
    box = Box(**{key: table.length(key) for key in Box.__slots__})
    table.reject_unknown()
    for key in Box.__slots__:
        if not Length(0) <= getattr(box, key) <= Length(24 * 12_700):
            raise table.fail(key, "must be between 0pt and 24pt")
    return box


def _style(table: Table, colors: Palette, page: Page) -> TextStyle:
    def color(key: str) -> Color:
        return _named_color(table, key, colors)

    style = TextStyle(
        font=table.parsed("font", FontRole),
        size=table.length("size"),
        bold=table.flag("bold", default=False),
        italic=table.flag("italic", default=False),
        color=color("color"),
        space_before=table.length("space_before", Length(0)),
        space_after=table.length("space_after", Length(0)),
        line_height=table.number("line_height", 0.8, 3.0, default=1.2),
        align=table.parsed("align", Align, Align.LEFT),
        indent=table.length("indent", Length(0)),
        keep_with_next=table.flag("keep_with_next", default=False),
    )
    table.reject_unknown()
    if not Length(4 * 12_700) <= style.size <= Length(96 * 12_700):
        raise table.fail("size", "font size must be between 4pt and 96pt")
    if not Length(0) <= style.indent <= Length(page.frame_width.emu // 2):
        raise table.fail("indent", "must be between 0 and half the width of the text area")
    for key in ("space_before", "space_after"):
        if not Length(0) <= getattr(style, key) <= MAX_SPACE:
            raise table.fail(key, f"must be between 0 and {MAX_SPACE}")
    return style


MAX_SPACE = Mm(50)


def _running(table: Table) -> Running:
    running = Running(
        left=table.optional_text("left") or "",
        center=table.optional_text("center") or "",
        right=table.optional_text("right") or "",
    )
    for key, template in (
        ("left", running.left),
        ("center", running.center),
        ("right", running.right),
    ):
        try:
            fields = {
                name for _, name, _, _ in string.Formatter().parse(template) if name is not None
            }
        except ValueError as exc:
            raise table.fail(key, f"bad template: {exc}") from None
        unknown = fields - PLACEHOLDERS
        if unknown:
            known = ", ".join("{" + name + "}" for name in sorted(PLACEHOLDERS))
            raise table.fail(key, f"unknown placeholder {{{sorted(unknown)[0]}}} (known: {known})")
    table.reject_unknown()
    return running
