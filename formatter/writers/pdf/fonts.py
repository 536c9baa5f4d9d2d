"""Fonts and safe text for the PDF writer.

* Every TrueType face a theme names is registered with ReportLab once per process,
  keyed by its file, under a name derived from the file's stem (never a path). ReportLab
  subsets and embeds TrueType fonts, so no base-14 font is ever needed.
* Article text reaches ReportLab's Paragraph markup only through :func:`markup`, which
  escapes ``&``, ``<`` and ``>`` *before* adding the only tags this writer emits
  (``<font name=...>`` around characters the style's font lacks). Markup in an article
  therefore prints literally and can never load a file or evaluate anything.

Characters that no shipped font can draw are replaced by U+FFFD REPLACEMENT CHARACTER
(a visible "?" in a diamond, which the fonts have; one for a run of such characters)
rather than an empty box; the build
lists them with :func:`formatter.coverage.missing_characters`. Invisible format
characters (joiners, bidi marks, variation selectors) and control characters are
dropped, and text is NFC-composed so accented letters use precomposed glyphs.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from reportlab import Version as REPORTLAB_VERSION
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont

from formatter.coverage import font_chars, font_runs, is_ignorable
from formatter.fonts import FontFamily
from formatter.writers.pdf.patches import install_tounicode
from formatter.writers.pdf.text import visual_order

install_tounicode(ttfonts, REPORTLAB_VERSION)  # see formatter.writers.pdf.patches

PLACEHOLDER = "\ufffd"  # drawn for a character no shipped font has
_SOFT_HYPHEN = "\u00ad"
_SPACES = re.compile(r"[\t\n\r\f\v\u2028\u2029\u0085]+")
_PLACEHOLDERS = re.compile(PLACEHOLDER + "{2,}")

# file -> face name; names already taken -> their file; files registered with ReportLab
_faces: dict[Path, str] = {}
_names: dict[str, Path] = {}
_registered: set[Path] = set()


def _assign_name(path: Path) -> str:
    """The face name of the file at ``path``: its stem, made unique (no file is read)."""
    name = _faces.get(path)
    if name is None:
        stem = re.sub(r"[^A-Za-z0-9_-]", "", path.stem) or "Font"
        name, number = stem, 1
        while name in _names:
            number += 1
            name = f"{stem}-{number}"
        _faces[path] = name
        _names[name] = path
    return name


def face_name(path: Path) -> str:
    """Register the TrueType file at ``path`` (once per process) and return its name.

    Reading a face costs ReportLab about 15 ms, so a face is registered only when
    something is about to be drawn with it (see :func:`markup` and :func:`plain_runs`).
    """
    name = _assign_name(path)
    if path not in _registered:
        pdfmetrics.registerFont(TTFont(name, str(path)))
        _registered.add(path)
    return name


@cache
def family_name(family: FontFamily) -> str:
    """Map a family's four faces so ``<b>``/``<i>`` would find them; the family is known
    by its regular face's name. Only names are mapped here: no face is read. (The markup
    of this writer never uses ``<b>`` or ``<i>``: every style names its face.)"""
    regular = _assign_name(family.regular)
    pdfmetrics.registerFontFamily(
        regular,
        normal=regular,
        bold=_assign_name(family.bold),
        italic=_assign_name(family.italic),
        boldItalic=_assign_name(family.bold_italic),
    )
    return regular


@dataclass(frozen=True, slots=True)
class Face:
    """One font face and the fallback faces that draw what it lacks. Its name is valid
    for ReportLab once :meth:`register` has run (the text functions here do that)."""

    name: str
    path: Path
    fallbacks: tuple[tuple[str, Path], ...]

    @property
    def paths(self) -> tuple[Path, ...]:
        return (self.path, *(path for _, path in self.fallbacks))

    def register(self, index: int | None = 0) -> str:
        """Register face ``index`` of :attr:`paths` (0: this face itself); its name."""
        return face_name(self.paths[index or 0])


@cache
def face(
    family: FontFamily, fallbacks: tuple[FontFamily, ...], *, bold: bool, italic: bool
) -> Face:
    """The face of ``family`` for this weight and slant, with its fallback faces (none
    of them read yet)."""
    family_name(family)
    for fallback in fallbacks:
        family_name(fallback)
    path = family.face(bold=bold, italic=italic)
    chain = tuple(
        (_assign_name(fb.face(bold=bold, italic=italic)), fb.face(bold=bold, italic=italic))
        for fb in fallbacks
    )
    return Face(_assign_name(path), path, chain)


def clean_text(text: str, paths: Sequence[Path]) -> str:
    """NFC-composed text in drawing order (see :func:`visual_order`) without control or
    invisible format characters, line breaks as spaces; a run of characters that none
    of the font files at ``paths`` has becomes one :data:`PLACEHOLDER` (see the module
    doc). A font is read only if the ones before it leave characters undrawn."""
    text = visual_order(unicodedata.normalize("NFC", _SPACES.sub(" ", text)))
    odd = set(text)
    odd.difference_update(" \u00a0")  # spaces are drawn whatever the fonts say
    if paths:
        odd.difference_update(_drawable(paths[0]))
    # characters that are never drawn need no other font to be read
    never = {char for char in odd if char != _SOFT_HYPHEN and is_ignorable(char)}
    odd.difference_update(never)
    for path in paths[1:]:
        if not odd:
            break
        odd.difference_update(_drawable(path))
    odd.update(never)
    if not odd:
        return text
    table: dict[int, str | None] = {}
    for char in odd:
        table[ord(char)] = None if is_ignorable(char) else PLACEHOLDER
    return _PLACEHOLDERS.sub(PLACEHOLDER, text.translate(table))


@cache
def _drawable(path: Path) -> frozenset[str]:
    """The characters the file has, less invisible format characters (a font's glyph
    for those is often a visible box), but keeping the soft hyphen."""
    return frozenset(
        char for char in font_chars(path) if char == _SOFT_HYPHEN or not is_ignorable(char)
    )


def escape(text: str) -> str:
    """Make text inert for Paragraph markup: ``&``, ``<`` and ``>`` become entities."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def markup(text: str, face: Face, fit: tuple[float, float] | None = None) -> str:
    """Paragraph markup that prints ``text`` literally in ``face``, wrapping runs the
    face lacks in ``<font name=...>`` of the first fallback that has them. Registers
    the faces the markup names. With ``fit = (font size, line width)``, a word wider
    than the line is cut into pieces that fit, each on a line of its own."""
    face.register()
    text = clean_text(text, face.paths)
    if fit is not None:
        text = _break_long_words(text, face.register(), *fit)
    if text.isascii() and _ascii_covered(face.path) and _BREAK not in text:
        return escape(text)
    parts: list[str] = []
    for index, run in font_runs(text, face.paths):
        if not index:  # the face itself (or, for None, nothing: cleaning replaced those)
            parts.append(escape(run))
        else:
            parts.append(f'<font name="{face.register(index)}">{escape(run)}</font>')
    return "".join(parts).replace(_BREAK, "<br/>")


# Marks where an over-long word is cut. Cleaning removed every control character from
# the text, so this one can only be ours; it becomes <br/> once the text is escaped.
_BREAK = "\x00"
_SHORTEST_LONG_WORD = 16  # no shorter word is wider than a line of any sane width


def _break_long_words(text: str, font_name: str, size: float, width: float) -> str:
    """Cut every word wider than ``width`` points into pieces no wider than that.

    ReportLab's own splitting of long words runs hyphenation over the whole word and
    can set lines past the margin; a word of 20,000 letters (a URL, a hash, an attack)
    then takes seconds and loses text. Cutting it first keeps every letter, in order.
    """
    if not any(len(word) >= _SHORTEST_LONG_WORD for word in text.split(" ")):
        return text
    font = pdfmetrics.getFont(font_name)
    words = []
    for word in text.split(" "):
        if len(word) < _SHORTEST_LONG_WORD or font.stringWidth(word, size) <= width:
            words.append(word)
            continue
        pieces, start, used = [], 0, 0.0
        for end, char in enumerate(word):
            advance = font.stringWidth(char, size)
            if used + advance > width and end > start:
                pieces.append(word[start:end])
                start, used = end, 0.0
            used += advance
        pieces.append(word[start:])
        words.append(_BREAK + _BREAK.join(pieces) + _BREAK)
    return " ".join(words).strip(_BREAK)


def plain_runs(text: str, face: Face) -> list[tuple[str, str]]:
    """``(font name, text)`` runs for drawing straight on the canvas (running heads);
    registers the faces they name."""
    text = clean_text(text, face.paths)
    return [(face.register(index), run) for index, run in font_runs(text, face.paths)]


def runs_width(runs: Sequence[tuple[str, str]], size: float) -> float:
    return float(sum(pdfmetrics.stringWidth(run, name, size) for name, run in runs))


def chunks(text: str, limit: int) -> list[str]:
    """Cut a very long paragraph into pieces of about ``limit`` characters, at sentence
    ends where possible, else at spaces, else anywhere.

    ReportLab re-wraps the rest of a paragraph on every page it splits across, which
    makes a paragraph of many pages quadratic; pieces keep it linear.
    """
    if len(text) <= limit * 2:
        return [text]
    pieces: list[str] = []
    start = 0
    while len(text) - start > limit * 2:
        window = text[start : start + limit]
        cut = max(window.rfind(". "), window.rfind("? "), window.rfind("! "))
        if cut < limit // 3:
            cut = window.rfind(" ")
        if cut < limit // 3:
            cut = limit - 1
        pieces.append(text[start : start + cut + 1].strip())
        start += cut + 1
    pieces.append(text[start:].strip())
    return [piece for piece in pieces if piece]


@cache
def _ascii_covered(path: Path) -> bool:
    return font_chars(path).issuperset(map(chr, range(0x20, 0x7F)))
