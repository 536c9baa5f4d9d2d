"""Where the data shipped with the package lives: everything under ``formatter/data/``.

``formatter/data/`` holds the default taxonomy and the fonts with their licences. The
themes are edited in the repository's top-level ``styles/`` folder; the wheel carries
that folder as ``formatter/data/styles/`` (see ``pyproject.toml``). A source checkout
or an editable install has no ``formatter/data/styles/`` and reads ``styles/``.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = PACKAGE_DIR / "data"


@cache
def builtin_styles_dir() -> Path:
    inside = DATA_DIR / "styles"
    if inside.is_dir():
        return inside
    return PACKAGE_DIR.parent / "styles"


def fonts_dir() -> Path:
    return DATA_DIR / "fonts"


def default_taxonomy_path() -> Path:
    return DATA_DIR / "taxonomy.toml"
