"""Where the data shipped with the package lives: themes, the default taxonomy, fonts.

Themes are edited in the repository's top-level ``styles/`` folder; the wheel carries
that folder as ``formatter/styles/`` (see ``pyproject.toml``). A source checkout or an
editable install has no ``formatter/styles/`` and reads the repository's ``styles/``.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


@cache
def builtin_styles_dir() -> Path:
    inside = PACKAGE_DIR / "styles"
    if inside.is_dir():
        return inside
    return PACKAGE_DIR.parent / "styles"


def fonts_dir() -> Path:
    return PACKAGE_DIR / "fonts"


def default_taxonomy_path() -> Path:
    return PACKAGE_DIR / "data" / "taxonomy.toml"
