"""Font families by name: the ones shipped in ``formatter/data/fonts/`` and a theme's own.

This module only finds font files; it never imports a rendering library, so themes
can be validated without loading ReportLab or python-docx.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from formatter.resources import fonts_dir

FACES = ("regular", "bold", "italic", "bold_italic")
# The tables ReportLab reads to embed a TrueType font.
REQUIRED_TABLES = frozenset(
    {b"cmap", b"glyf", b"head", b"hhea", b"hmtx", b"loca", b"maxp", b"name", b"post"}
)
_MAX_TABLES = 512


@dataclass(frozen=True, slots=True)
class FontFamily:
    """A family's four faces; a face the family lacks points at its regular file."""

    name: str
    regular: Path
    bold: Path
    italic: Path
    bold_italic: Path

    def face(self, *, bold: bool, italic: bool) -> Path:
        if bold and italic:
            return self.bold_italic
        if bold:
            return self.bold
        return self.italic if italic else self.regular


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
    tables = {}
    for number in range(count):
        entry = directory[16 * number : 16 * number + 16]
        tables[entry[:4]] = int.from_bytes(entry[8:12], "big") + int.from_bytes(entry[12:], "big")
    missing = sorted(tag.decode("latin-1") for tag in REQUIRED_TABLES - set(tables))
    if missing:
        return f"lacks the table(s) {', '.join(missing)} a TrueType font needs"
    if max(tables.values()) > size:
        return "is cut short (a table ends past the end of the file)"
    return None


_NOT_TRUETYPE = {
    b"OTTO": "has PostScript (CFF) outlines: use a TrueType-flavoured font",
    b"ttcf": "is a font collection (.ttc): use a single TrueType font",
}


@cache
def shipped_families() -> dict[str, dict[str, str]]:
    with (fonts_dir() / "fonts.toml").open("rb") as handle:
        catalogue: dict[str, dict[str, str]] = tomllib.load(handle)["families"]
    return catalogue


def resolve_family(name: str, theme_files: dict[str, Any], theme_dir: Path) -> FontFamily:
    """Find family ``name`` among the theme's ``[fonts.files]`` (paths relative to the
    theme file) or the shipped fonts. Raise ``ValueError`` if it is not there."""
    if name in theme_files:
        entry, base = theme_files[name], theme_dir
        if not isinstance(entry, dict):
            raise ValueError(f"[fonts.files.{name!r}] must be a table of face = path")
    elif name in shipped_families():
        entry, base = shipped_families()[name], fonts_dir()
    else:
        known = ", ".join(sorted(shipped_families()))
        raise ValueError(f"font family {name!r} is not available (shipped: {known})")
    regular = entry.get("regular")
    if not isinstance(regular, str):
        raise ValueError(f"font family {name!r} has no regular face")
    paths: dict[str, Path] = {}
    for face in FACES:
        value = entry.get(face, regular)
        if not isinstance(value, str):
            raise ValueError(f"font family {name!r}: {face} must be a file name")
        path = Path(os.path.realpath(base / value))  # a symlink loop: "not found"
        if not path.is_file():
            raise ValueError(f"font file {value!r} of family {name!r} not found")
        if path.suffix.lower() != ".ttf":
            raise ValueError(f"font file {value!r} of family {name!r} is not a .ttf file")
        problem = truetype_problem(path)
        if problem is not None:
            raise ValueError(f"font file {value!r} of family {name!r} {problem}")
        paths[face] = path
    return FontFamily(name, **paths)
