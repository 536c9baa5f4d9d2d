"""Reading TrueType/OpenType font files: the table directory, the Unicode character
map, the default line height, and whether a file is a TrueType font ReportLab can
embed. The one place that parses font bytes.

Standard library only: glyph coverage (:mod:`formatter.coverage`) and the DOCX
writer's line spacing use it without importing a rendering library.
"""

from __future__ import annotations

import struct
from functools import cache
from pathlib import Path

# Platform/encoding pairs of Unicode cmap subtables, best first: full repertoire
# (Windows UCS-4, Unicode full), then the Basic Multilingual Plane ones.
_PREFERRED_SUBTABLES = ((3, 10), (0, 6), (0, 4), (3, 1), (0, 3), (0, 2), (0, 1), (0, 0))
DEFAULT_LINE_HEIGHT = 1.2


class FontFileError(ValueError):
    """A font file is truncated, malformed, or lacks a table that is needed."""


def tables(data: bytes) -> dict[bytes, int]:
    """The table directory: tag (``b"cmap"``) -> offset of the table in ``data``."""
    (count,) = struct.unpack_from(">H", data, 4)
    found: dict[bytes, int] = {}
    for number in range(count):
        tag, _, offset, _ = struct.unpack_from(">4sIII", data, 12 + 16 * number)
        found[tag] = int(offset)
    return found


def code_points(data: bytes, name: str = "font") -> set[int]:
    """Every code point the best Unicode subtable of the ``cmap`` table maps to a glyph."""
    try:
        return _parse_cmap(data)
    except (struct.error, IndexError) as exc:
        raise FontFileError(f"{name}: truncated or malformed cmap table") from exc


@cache
def identity(font_path: Path) -> str:
    """A short, content-derived identity of a font file without reading all of it: its
    size and the ``head`` table's revision, creation and modification times and
    whole-file checksum adjustment (font tools rewrite these on every change). Used by
    the build fingerprint; the same on every machine, unlike a path or an mtime."""
    with font_path.open("rb") as stream:
        start = stream.read(12 + 16 * 64)  # the directory of up to 64 tables
        size = stream.seek(0, 2)
        try:
            head = tables(start)[b"head"]
        except (KeyError, struct.error):
            return f"{size}:unreadable"
        stream.seek(head)
        data = stream.read(36)
    try:
        revision, adjustment, _, _, _, created, modified = struct.unpack(">4xIII2HQQ", data)
    except struct.error:
        return f"{size}:unreadable"
    return f"{size}:{revision:08x}:{adjustment:08x}:{created:x}:{modified:x}"


@cache
def natural_line_height(font_path: Path) -> float:
    """The font's default line height as a multiple of its size (ascender minus
    descender plus line gap, from the ``hhea`` table), or 1.2 if the file cannot be read.

    Word and LibreOffice measure "multiple" line spacing against this height, so a
    theme's leading (a multiple of the font size) is divided by it.
    """
    try:
        data = font_path.read_bytes()
        directory = tables(data)
        (units_per_em,) = struct.unpack_from(">H", data, directory[b"head"] + 18)
        ascender, descender, line_gap = struct.unpack_from(">hhh", data, directory[b"hhea"] + 4)
    except (OSError, KeyError, struct.error):
        return DEFAULT_LINE_HEIGHT
    if units_per_em <= 0 or ascender - descender <= 0:
        return DEFAULT_LINE_HEIGHT
    return float(ascender - descender + line_gap) / float(units_per_em)


def _parse_cmap(data: bytes) -> set[int]:
    """The code points of the best Unicode subtable of the font's ``cmap`` table."""
    cmap = tables(data).get(b"cmap")
    if cmap is None:
        raise FontFileError("no cmap table")
    _, count = struct.unpack_from(">HH", data, cmap)
    subtables: dict[tuple[int, int], int] = {}
    for number in range(count):
        platform, encoding, offset = struct.unpack_from(">HHI", data, cmap + 4 + 8 * number)
        subtables.setdefault((platform, encoding), cmap + offset)
    for key in _PREFERRED_SUBTABLES:
        if key not in subtables:
            continue
        offset = subtables[key]
        (fmt,) = struct.unpack_from(">H", data, offset)
        if fmt == 12:
            return _format12(data, offset)
        if fmt == 4:
            return _format4(data, offset)
    raise FontFileError("no Unicode cmap subtable of format 4 or 12")


def _format4(data: bytes, offset: int) -> set[int]:
    """Segment mapping to delta values (BMP only)."""
    (seg_x2,) = struct.unpack_from(">H", data, offset + 6)
    segments = seg_x2 // 2
    ends_at = offset + 14
    starts_at = ends_at + seg_x2 + 2
    deltas_at = starts_at + seg_x2
    range_offsets_at = deltas_at + seg_x2
    ends = struct.unpack_from(f">{segments}H", data, ends_at)
    starts = struct.unpack_from(f">{segments}H", data, starts_at)
    deltas = struct.unpack_from(f">{segments}H", data, deltas_at)
    range_offsets = struct.unpack_from(f">{segments}H", data, range_offsets_at)
    codes: set[int] = set()
    for segment in range(segments):
        start, end = starts[segment], ends[segment]
        if start == 0xFFFF:
            continue
        delta, range_offset = deltas[segment], range_offsets[segment]
        if range_offset == 0:
            codes.update(code for code in range(start, end + 1) if (code + delta) & 0xFFFF != 0)
            continue
        slot = range_offsets_at + 2 * segment + range_offset
        glyphs = struct.unpack_from(f">{end - start + 1}H", data, slot)
        codes.update(start + i for i, glyph in enumerate(glyphs) if glyph != 0)
    return codes


def _format12(data: bytes, offset: int) -> set[int]:
    """Segmented coverage (the full Unicode range)."""
    (groups,) = struct.unpack_from(">I", data, offset + 12)
    codes: set[int] = set()
    for group in range(groups):
        start, end, glyph = struct.unpack_from(">III", data, offset + 16 + 12 * group)
        codes.update(range(start + (glyph == 0), end + 1))
    return codes


# The tables ReportLab reads to embed a TrueType font.
REQUIRED_TABLES = frozenset(
    {b"cmap", b"glyf", b"head", b"hhea", b"hmtx", b"loca", b"maxp", b"name", b"post"}
)
_MAX_TABLES = 512


@cache
def truetype_problem(path: Path) -> str | None:
    """Why the file at ``path`` is not a TrueType font ReportLab can embed (not one at
    all, a CFF-flavoured OpenType font, a collection, a table missing or cut off), or
    ``None``. Only the header and table directory are read."""
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            header = handle.read(12)
            tag = header[:4]
            count = int.from_bytes(header[4:6], "big") if len(header) == 12 else 0
            directory = handle.read(16 * count) if 0 < count <= _MAX_TABLES else b""
    except OSError as exc:
        return f"cannot be read: {exc.strerror or exc}"
    if tag not in {b"\x00\x01\x00\x00", b"true"} or not directory:
        return _NOT_TRUETYPE.get(tag, "is not a TrueType font")
    if len(directory) < 16 * count:
        return "is cut short (its table directory is incomplete)"
    ends = {}  # tag -> where the table ends
    for number in range(count):
        tag, _, offset, length = struct.unpack_from(">4sIII", directory, 16 * number)
        ends[tag] = offset + length
    missing = sorted(name.decode("latin-1") for name in REQUIRED_TABLES - set(ends))
    if missing:
        return f"lacks the table(s) {', '.join(missing)} a TrueType font needs"
    if max(ends.values()) > size:
        return "is cut short (a table ends past the end of the file)"
    return None


_NOT_TRUETYPE = {
    b"OTTO": "has PostScript (CFF) outlines: use a TrueType-flavoured font",
    b"ttcf": "is a font collection (.ttc): use a single TrueType font",
}
