"""Which characters the shipped fonts can draw, read from the fonts' own character maps.

A PDF draws text glyph by glyph from an embedded font; a character the font lacks comes
out as an empty box ("tofu"). Before rendering, the writers ask this module two things:

* :func:`font_runs` splits a string into runs, each tagged with the first font of a
  list (the style's own font, then the theme's fallbacks) that has every character of
  the run, so the PDF writer can draw the few characters the main font lacks with a
  fallback font;
* :func:`missing_characters` lists the characters that no font of the list has, so the
  build can report them instead of printing boxes.

Fonts are read with :mod:`formatter.fontfile` (a small reader of TrueType tables), so
this module imports no rendering library and costs a few milliseconds per font file,
once per process.

Characters that are never drawn (controls, format characters such as ZERO WIDTH
JOINER, variation selectors) are "ignorable": they are never reported as missing, and
:func:`font_runs` tags them like their neighbours so they never start a fallback run.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path

from formatter.fontfile import code_points
from formatter.fonts import FontFamily

FontLike = FontFamily | Path

_WHITESPACE = frozenset(" \t\n\r\f\v\u00a0\u2028\u2029")


@cache
def font_charset(path: Path) -> frozenset[int]:
    """Every Unicode code point the TrueType/OpenType file at ``path`` maps to a glyph."""
    return frozenset(code_points(path.read_bytes(), path.name))


@cache
def font_chars(path: Path) -> frozenset[str]:
    """:func:`font_charset` as characters, for fast ``set(text) <= chars`` checks."""
    return frozenset(map(chr, font_charset(path)))


def family_charset(family: FontFamily) -> frozenset[int]:
    """What a family can draw: the characters of its regular face."""
    return font_charset(family.regular)


def is_ignorable(char: str) -> bool:
    """True for characters that are never drawn, so never missing: controls, format
    characters (ZWJ, bidi marks, soft hyphen), variation selectors, whitespace."""
    if char in _WHITESPACE:
        return True
    category = unicodedata.category(char)
    if category in {"Cc", "Cf", "Zs", "Zl", "Zp"}:
        return True
    code = ord(char)
    return 0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF or code == 0x034F


def missing_characters(texts: Iterable[str], fonts: Sequence[FontLike]) -> tuple[str, ...]:
    """The distinct characters of ``texts`` that none of ``fonts`` can draw, in code
    point order (ignorable characters excluded). ``fonts`` are families (their regular
    face counts) or font file paths. A font is read only if the fonts before it leave
    some character undrawn."""
    remaining: set[str] = set()
    for text in texts:
        remaining.update(text)
    for number, font in enumerate(fonts):
        if not remaining:
            break
        remaining.difference_update(_chars(font))
        if number == 0:  # the few characters left: drop those that are never drawn
            remaining = {char for char in remaining if not is_ignorable(char)}
    return tuple(sorted(char for char in remaining if not is_ignorable(char)))


def describe(chars: Iterable[str]) -> str:
    """``"U+1F600 GRINNING FACE, U+05D0 HEBREW LETTER ALEF"``, for a build note."""
    return ", ".join(
        f"U+{ord(char):04X} {unicodedata.name(char, 'unnamed character')}" for char in chars
    )


def font_runs(text: str, fonts: Sequence[FontLike]) -> list[tuple[int | None, str]]:
    """Split ``text`` into maximal runs ``(font_index, run)``: the index of the first
    font in ``fonts`` that has each character, or ``None`` where none has it.

    Ignorable characters (and characters the first font has) never break a run: they
    stay with the run they are in, and a leading one joins the first font.
    """
    if not fonts:
        return [(None, text)] if text else []
    if _chars(fonts[0]).issuperset(text):
        return [(0, text)] if text else []
    charsets = [_charset(font) for font in fonts]
    first = charsets[0]
    runs: list[tuple[int | None, str]] = []
    current: int | None = 0
    start = 0
    for position, char in enumerate(text):
        code = ord(char)
        if code in first:
            index: int | None = 0
        elif is_ignorable(char):
            continue
        else:
            index = next((i for i, charset in enumerate(charsets) if code in charset), None)
        if index != current:
            if position > start:
                runs.append((current, text[start:position]))
            current, start = index, position
    if len(text) > start:
        runs.append((current, text[start:]))
    return runs


def _chars(font: FontLike) -> frozenset[str]:
    return font_chars(font.regular if isinstance(font, FontFamily) else font)


def _charset(font: FontLike) -> frozenset[int]:
    return family_charset(font) if isinstance(font, FontFamily) else font_charset(font)
