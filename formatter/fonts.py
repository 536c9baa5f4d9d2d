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

from formatter.fontfile import truetype_problem
from formatter.resources import fonts_dir

FACES = ("regular", "bold", "italic", "bold_italic")


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
