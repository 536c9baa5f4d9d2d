"""Themes: typed values, inheritance, and clear errors for broken theme files."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from formatter.errors import ThemeError
from formatter.theme import Align, FontRole, Theme, available_themes, load_theme
from formatter.units import Color, Inches, Length, Mm, Pt
from tests import seed_facts

BRIEFING = Path(__file__).resolve().parent.parent / "styles" / "briefing.toml"


def test_default_theme_is_a4_with_typed_values(default_theme: Theme) -> None:
    page = default_theme.page
    assert (page.size_name, page.width, page.height) == ("A4", Mm(210), Mm(297))
    assert page.margin_left == Mm(24)
    assert default_theme.fonts.body.name == "Noto Serif"
    assert default_theme.fonts.heading.name == "Noto Sans"
    assert [family.name for family in default_theme.fonts.fallbacks] == ["DejaVu Sans"]
    assert default_theme.fonts.body.bold.name == "NotoSerif-Bold.ttf"
    body = default_theme.styles.body
    assert (body.font, body.size, body.align) == (FontRole.BODY, Pt(10.5), Align.JUSTIFY)
    assert default_theme.styles.heading1.color == Color.parse("#14365D")
    assert default_theme.styles.heading1.keep_with_next
    assert default_theme.marking == seed_facts.MARKING


def test_plain_theme_extends_the_default_and_changes_only_what_it_lists(
    default_theme: Theme, plain_theme: Theme
) -> None:
    assert (plain_theme.page.size_name, plain_theme.page.width) == ("Letter", Inches(8.5))
    assert plain_theme.fonts.heading.name == "Noto Serif"
    assert plain_theme.styles.body.align is Align.LEFT
    assert plain_theme.styles.heading1.color == Color(0, 0, 0)  # via the [colors] name
    assert plain_theme.styles.note == default_theme.styles.note.__class__(
        **{**_fields(default_theme.styles.note), "color": Color.parse("#444444")}
    )
    assert plain_theme.labels == default_theme.labels
    assert not plain_theme.hyphenate


def _fields(style: object) -> dict[str, object]:
    return {name: getattr(style, name) for name in style.__slots__}  # type: ignore[attr-defined]


def test_available_themes_lists_the_shipped_ones() -> None:
    names = [name for name, _ in available_themes()]
    assert names == ["briefing", "plain"]


def test_units_parse_and_convert() -> None:
    assert Length.parse("72pt") == Inches(1)
    assert Length.parse("25.4mm") == Inches(1)
    assert Length.parse("2.54cm") == Inches(1)
    assert Pt(10.5).half_points == 21
    assert Inches(1).twips == 1440
    assert Color.parse("#1f3a5f").hex == "1F3A5F"
    with pytest.raises(ValueError, match="not a length"):
        Length.parse("12px")
    with pytest.raises(ValueError, match="not a colour"):
        Color.parse("navy")


def _theme_file(tmp_path: Path, body: str) -> str:
    path = tmp_path / "custom.toml"
    path.write_text(f'extends = "{BRIEFING.as_posix()}"\nname = "custom"\n{body}', encoding="utf-8")
    return str(path)


def test_a_user_theme_can_extend_a_shipped_one_by_path(tmp_path: Path) -> None:
    theme = load_theme(_theme_file(tmp_path, '[colors]\nheading = "#AA0000"\n'))
    assert theme.name == "custom"
    assert theme.styles.heading1.color == Color(0xAA, 0, 0)
    assert theme.page.size_name == "A4"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('[page]\nmargin_top = "2 inches"\n', r"page\.margin_top: '2 inches' is not a length"),
        ('[page]\nsize = "B7"\n', r"page\.size: unknown page size"),
        ('[colors]\ntext = "black"\n', r"colors\.text: 'black' is not a colour"),
        ('[fonts]\nbody = "Comic Sans"\n', r"fonts\.body: font family 'Comic Sans' is not"),
        ("[styles.body]\nsize = 11\n", r"styles\.body\.size: expected a string, got int"),
        ('[styles.body]\ncolor = "sky"\n', r"styles\.body\.color: 'sky' is neither"),
        ('[styles.body]\nalign = "middle"\n', r"styles\.body\.align: 'middle' is not a valid"),
        ("[styles.body]\nline_height = 9\n", r"styles\.body\.line_height: 9 is outside"),
        ('[styles.body]\nsize = "200pt"\n', r"styles\.body\.size: font size must be between"),
        (
            '[footer]\nright = "{page} of {total}"\n',
            r"footer\.right: unknown placeholder \{total\}",
        ),
        ('[header]\nleft = "{title"\n', r"header\.left: bad template"),
        ("[styles.shiny]\nsize = '1pt'\n", r"styles\.shiny: unknown key"),
        ("wobble = true\n", r"wobble: unknown key"),
        ('[rules.heading]\nwidth = "9pt"\n', r"rules\.heading\.width: a rule must be between"),
        ('[rules.title]\ncolor = "sky"\n', r"rules\.title\.color: 'sky' is neither"),
        ('[rules.title]\nstyle = "dashed"\n', r"rules\.title\.style: unknown key"),
        ('[box]\npadding_x = "30pt"\n', r"box\.padding_x: must be between 0pt and 24pt"),
        ('[box]\nradius = "2pt"\n', r"box\.radius: unknown key"),
        ('description = "x"\ndescription = "y"\n', "invalid TOML"),
        # geometry that validates as lengths but cannot be laid out (issue 17)
        ('[page]\nmargin_left = "-5mm"\n', r"page\.margin_left: -14\.1732pt is negative"),
        ('[page]\nheader_distance = "-1mm"\n', r"page\.header_distance: .* is negative"),
        ('[page]\nmargin_left = "150mm"\n', r"page\.margin_left: the text area .* too small"),
        ('[page]\nmargin_top = "250mm"\n', r"page\.margin_top: the text area .* too small"),
        ('[page]\nheader_distance = "30mm"\n', r"page\.header_distance: must be smaller"),
        ('[page]\nfooter_distance = "22mm"\n', r"page\.footer_distance: must be smaller"),
        (
            '[page]\nsize = ""\nwidth = "1000in"\nheight = "11in"\n',
            r"page\.size: unknown page size",
        ),
        ("[styles.body]\nindent = '-20mm'\n", r"styles\.body\.indent: must be between 0 and half"),
        ("[styles.body]\nindent = '120mm'\n", r"styles\.body\.indent: must be between 0 and half"),
        ("[styles.body]\nspace_after = '-2pt'\n", r"styles\.body\.space_after: must be between"),
        ("[styles.body]\nspace_before = '3in'\n", r"styles\.body\.space_before: must be between"),
    ],
)
def test_bad_themes_fail_with_the_key_and_the_reason(
    tmp_path: Path, body: str, message: str
) -> None:
    with pytest.raises(ThemeError, match=message) as caught:
        load_theme(_theme_file(tmp_path, body))
    assert caught.value.exit_code == 4


def test_a_theme_font_file_that_does_not_exist_is_reported(tmp_path: Path) -> None:
    path = _theme_file(
        tmp_path, '[fonts]\nbody = "Mine"\n[fonts.files."Mine"]\nregular = "missing.ttf"\n'
    )
    with pytest.raises(ThemeError, match=r"fonts\.body: font file 'missing.ttf' of family 'Mine'"):
        load_theme(path)


def test_a_theme_may_ship_its_own_font_files(tmp_path: Path) -> None:
    source = load_theme("briefing").fonts.body.regular
    (tmp_path / "mine.ttf").write_bytes(source.read_bytes())
    fonts = '[fonts]\nbody = "Mine"\n[fonts.files."Mine"]\nregular = "mine.ttf"\n'
    theme = load_theme(_theme_file(tmp_path, fonts))
    assert theme.fonts.body.name == "Mine"
    assert theme.fonts.body.bold == tmp_path / "mine.ttf"  # missing faces use the regular file


def test_a_custom_page_of_a_thousand_inches_is_refused(tmp_path: Path) -> None:
    custom = (
        'name = "huge"\n[page]\nwidth = "1000in"\nheight = "11in"\nmargin_top = "1in"\n'
        'margin_bottom = "1in"\nmargin_left = "1in"\nmargin_right = "1in"\n'
        'header_distance = "0.5in"\nfooter_distance = "0.5in"\n'
    )
    base = load_toml_text(load_theme("briefing"))
    path = tmp_path / "huge.toml"
    path.write_text(base + custom, encoding="utf-8")
    with pytest.raises(ThemeError, match=r"page\.width: 72000pt is outside 283\.465pt\.\.1584pt"):
        load_theme(str(path))


def load_toml_text(theme: Theme) -> str:
    """The shipped theme's file without its [page] table and name (to replace them)."""
    from formatter.resources import builtin_styles_dir

    text = (builtin_styles_dir() / f"{theme.name}.toml").read_text(encoding="utf-8")
    head, _, rest = text.partition("[page]")
    rest = rest[rest.index("\n[") :]
    return "\n".join(line for line in head.splitlines() if not line.startswith("name")) + rest


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"this is not a font at all\n", "is not a TrueType font"),
        (b"OTTO" + bytes(200), "has PostScript (CFF) outlines"),
        (b"ttcf" + bytes(200), "is a font collection (.ttc)"),
        (b"", "is not a TrueType font"),
        (None, "is cut short (a table ends past the end of the file)"),
    ],
    ids=["text", "cff", "collection", "empty", "truncated"],
)
def test_font_files_that_are_not_usable_truetype_are_refused_at_load(
    tmp_path: Path, content: bytes | None, problem: str
) -> None:
    if content is None:  # a real font cut in the middle
        content = load_theme("briefing").fonts.body.regular.read_bytes()[:40_000]
    (tmp_path / "mine.ttf").write_bytes(content)
    fonts = '[fonts]\nbody = "Mine"\n[fonts.files."Mine"]\nregular = "mine.ttf"\n'
    with pytest.raises(ThemeError) as caught:
        load_theme(_theme_file(tmp_path, fonts))
    assert caught.value.exit_code == 4
    assert caught.value.reason.startswith(
        f"fonts.body: font file 'mine.ttf' of family 'Mine' {problem}"
    )


def test_unknown_theme_names_list_the_available_ones() -> None:
    with pytest.raises(ThemeError, match=r"unknown theme \(available: briefing, plain\)"):
        load_theme("fancy")


def test_extends_cycles_are_detected(tmp_path: Path) -> None:
    (tmp_path / "a.toml").write_text('extends = "b.toml"\n', encoding="utf-8")
    (tmp_path / "b.toml").write_text('extends = "a.toml"\n', encoding="utf-8")
    with pytest.raises(ThemeError, match="cycle"):
        load_theme(str(tmp_path / "a.toml"))


def test_rules_and_box_come_from_the_theme(tmp_path: Path) -> None:
    theme = load_theme(
        _theme_file(
            tmp_path,
            '[rules.heading]\nwidth = "0pt"\n[rules.title]\ncolor = "#00AA00"\n'
            '[box]\npadding_x = "12pt"\n',
        )
    )
    assert not theme.rules.heading.visible
    assert theme.rules.title.color == Color(0, 0xAA, 0)
    assert theme.rules.title.width == Pt(1.2)  # inherited
    assert theme.box.padding_x == Pt(12)

    # hashable and compared by value: the writers cache per (theme, language)
    copy = dataclasses.replace(theme)
    assert copy is not theme
    assert {theme: "built once"}[copy] == "built once"
