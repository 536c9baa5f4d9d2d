"""Glyph coverage read from the shipped fonts' cmap tables."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from formatter.coverage import (
    describe,
    font_charset,
    font_runs,
    is_ignorable,
    missing_characters,
)
from formatter.fontfile import FontFileError, identity, natural_line_height, tables
from formatter.fonts import FontFamily
from formatter.resources import fonts_dir
from formatter.theme import Theme

SHIPPED = sorted(fonts_dir().glob("*.ttf"))


def theme_fonts(theme: Theme) -> list[FontFamily]:
    return [theme.fonts.body, theme.fonts.heading, *theme.fonts.fallbacks]


@pytest.mark.parametrize("path", SHIPPED, ids=lambda path: path.name)
def test_cmap_parser_agrees_with_reportlab(path: Path) -> None:
    from reportlab.pdfbase.ttfonts import TTFontFile

    mapped = {code for code, glyph in TTFontFile(str(path)).charToGlyph.items() if glyph}
    assert font_charset(path) == mapped


def test_body_font_covers_baltic_cyrillic_and_typography(default_theme: Theme) -> None:
    text = (
        "ą č ę ė į š ų ū ž Ą Č Ę Ė Į Š Ų Ū Ž ў Ў \u0456 \u0406 Беларусь “quoted” ‘single’ – — … €"
    )
    assert missing_characters([text], [default_theme.fonts.body]) == ()
    assert missing_characters([text], [default_theme.fonts.heading]) == ()


def test_missing_characters_are_distinct_sorted_and_skip_invisible(
    default_theme: Theme,
) -> None:
    texts = ["Flag 🇱🇹 twice 🇱🇹", "漢字 and 漢", "joiner \u200d selector \ufe0f tab\t nbsp\u00a0"]
    missing = missing_characters(texts, theme_fonts(default_theme))
    assert missing == ("字", "漢", "\U0001f1f1", "\U0001f1f9")
    assert list(missing) == sorted(missing)


def test_a_font_is_read_only_when_the_fonts_before_it_leave_gaps(
    default_theme: Theme, tmp_path: Path
) -> None:
    """A fallback that is not needed is never opened (here: it does not even exist)."""
    absent = tmp_path / "never-read.ttf"
    text = "Plain English with “quotes”, ą and Беларусь; joiner \u200d and tab\t."
    assert missing_characters([text], [default_theme.fonts.body, absent]) == ()
    assert missing_characters([], [absent]) == ()
    with pytest.raises(FileNotFoundError):
        missing_characters(["漢"], [default_theme.fonts.body, absent])


def test_fallback_fonts_close_gaps(default_theme: Theme) -> None:
    text = "Hebrew שלום and arrows ⇄ and a smiley 😀"
    body_only = missing_characters([text], [default_theme.fonts.body])
    assert "ש" in body_only
    assert missing_characters([text], theme_fonts(default_theme)) == ()


def test_font_runs_pick_the_first_font_with_each_character(default_theme: Theme) -> None:
    fonts = [default_theme.fonts.body.regular, default_theme.fonts.fallbacks[0].regular]
    runs = font_runs("Minsk שלום, ok 漢", fonts)
    assert runs == [(0, "Minsk "), (1, "שלום"), (0, ", ok "), (None, "漢")]
    assert "".join(text for _, text in runs) == "Minsk שלום, ok 漢"


def test_font_runs_keep_invisible_characters_in_place(default_theme: Theme) -> None:
    fonts = [default_theme.fonts.body, *default_theme.fonts.fallbacks]
    assert font_runs("a\u200db", fonts) == [(0, "a\u200db")]
    assert font_runs("", fonts) == []
    assert font_runs("text", []) == [(None, "text")]


def test_ignorable_characters() -> None:
    for char in " \t\n\u00a0\u200b\u200d\u200f\ufe0f\U000e0100\x00\x1b":
        assert is_ignorable(char), repr(char)
    for char in "aЖש😀\u0301":
        assert not is_ignorable(char), repr(char)


def test_describe_names_code_points() -> None:
    assert describe(["😀", "漢"]) == "U+1F600 GRINNING FACE, U+6F22 CJK UNIFIED IDEOGRAPH-6F22"


def test_a_file_without_a_cmap_is_an_error(tmp_path: Path) -> None:
    bogus = tmp_path / "bogus.ttf"
    bogus.write_bytes(b"\x00\x01\x00\x00\x00\x00" + b"\x00" * 10)
    with pytest.raises(FontFileError):
        font_charset(bogus)
    truncated = tmp_path / "truncated.ttf"
    truncated.write_bytes(SHIPPED[0].read_bytes()[:400])
    with pytest.raises(FontFileError):
        font_charset(truncated)


def test_coverage_does_not_import_a_rendering_library() -> None:
    code = (
        "import sys, formatter.coverage; "
        "assert 'reportlab' not in sys.modules and 'fontTools' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_one_reader_gives_the_table_directory_and_the_line_height() -> None:
    """The font reader finds the tables the writers need in every shipped font, and a
    line height in the range real fonts have (Noto: 1.362, DejaVu Sans: 1.164)."""
    for path in SHIPPED:
        assert {b"cmap", b"head", b"hhea"} <= set(tables(path.read_bytes())), path.name
    by_name = {path.name: natural_line_height(path) for path in SHIPPED}
    assert by_name["NotoSerif-Regular.ttf"] == pytest.approx(1.362, abs=0.001)
    assert by_name["DejaVuSans.ttf"] == pytest.approx(1.164, abs=0.001)


def test_an_unreadable_font_has_the_default_line_height(tmp_path: Path) -> None:
    broken = tmp_path / "broken.ttf"
    broken.write_bytes(b"\x00\x01\x00\x00\x00\x01")
    assert natural_line_height(broken) == 1.2


def test_a_font_files_identity_is_its_content_not_its_path(tmp_path: Path) -> None:
    identities = {identity(path) for path in SHIPPED}
    assert len(identities) == len(SHIPPED)
    copy = tmp_path / "elsewhere.ttf"
    copy.write_bytes(SHIPPED[0].read_bytes())
    assert identity(copy) == identity(SHIPPED[0])
    longer = tmp_path / "longer.ttf"
    longer.write_bytes(SHIPPED[0].read_bytes() + b"\x00" * 4)
    assert identity(longer) != identity(SHIPPED[0])
    assert identity(tmp_path / "elsewhere.ttf").count(":") == 4
