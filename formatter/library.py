"""Where themes and taxonomies come from, and how to start one of your own.

A theme name is looked up in the project's ``styles/`` folder first, then among the
themes installed with the package, so a project (this repository included) edits its
own ``styles/briefing.toml`` and every build uses it. ``briefing styles`` lists what
each name resolves to; ``--copy`` writes a theme or the taxonomy somewhere to edit,
as ``pandoc --print-default-data-file`` does.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from formatter.errors import BriefingError, OutputError, TaxonomyError, ThemeError
from formatter.output import write_atomic
from formatter.project import display
from formatter.resources import builtin_styles_dir, default_taxonomy_path
from formatter.taxonomy import load_taxonomy
from formatter.tomlfile import load_toml

STYLES_FOLDER = "styles"
PROJECT = "project"
INSTALLED = "installed"


@dataclass(frozen=True, slots=True)
class Entry:
    name: str
    path: Path
    origin: str  # "project" or "installed"
    description: str
    shadows: Path | None = None  # the installed theme a project theme replaces


def search_path(root: Path) -> tuple[Path, ...]:
    """The folders a theme name is looked up in, first match wins."""
    own = (root / STYLES_FOLDER).resolve()
    installed = builtin_styles_dir().resolve()
    return (own, installed) if own != installed else (installed,)


def looks_like_path(value: str) -> bool:
    return value.endswith(".toml") or "/" in value or "\\" in value


def locate_theme(value: str, base: Path, root: Path) -> Path:
    """The theme file for a name (the project's ``styles/`` first) or a path (relative
    to ``base``: the working directory for an option, the project file's folder for
    the project's ``style``)."""
    if looks_like_path(value):
        path = Path(value) if Path(value).is_absolute() else base / value
        if not path.is_file():
            raise ThemeError(value, "no such theme file")
        return path.resolve()
    for folder in search_path(root):
        candidate = folder / f"{value}.toml"
        if candidate.is_file():
            return candidate
    names = ", ".join(entry.name for entry in catalogue(root))
    raise ThemeError(value, f"unknown theme (available: {names})")


def catalogue(root: Path) -> list[Entry]:
    """Every theme name available in the project at ``root``, sorted, each with the file
    it resolves to."""
    found: dict[str, Entry] = {}
    own = (root / STYLES_FOLDER).resolve()
    for folder in reversed(search_path(root)):  # installed first: the project's replace them
        origin = PROJECT if folder == own else INSTALLED
        for path in sorted(folder.glob("*.toml")) if folder.is_dir() else []:
            data = load_toml(path, ThemeError)
            description = data.get("description", "")
            shadows = found[path.stem].path if path.stem in found else None
            found[path.stem] = Entry(
                path.stem,
                path,
                origin,
                description if isinstance(description, str) else "",
                shadows,
            )
    return [found[name] for name in sorted(found)]


def describe_entry(entry: Entry) -> str:
    """One line of ``briefing styles``: name, file, origin, description."""
    where = f"{display(entry.path)} ({entry.origin}"
    where += ", replaces the installed one)" if entry.shadows else ")"
    return f"{entry.name:<12} {where}  {entry.description}".rstrip()


def taxonomy_file(configured: Path | None) -> Path:
    return configured if configured is not None else default_taxonomy_path()


def copy_file(source: Path, dest: str, default_name: str, error: type[BriefingError]) -> str:
    """Copy ``source`` to ``dest`` (a file, an existing folder, or ``-`` for standard
    output) without overwriting anything; return where it went."""
    try:
        data = source.read_bytes()
    except OSError as exc:
        raise error(display(source), f"cannot read: {exc.strerror or exc}") from None
    if dest == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return "-"
    target = Path(dest)
    if target.is_dir():
        target = target / default_name
    if target.exists():
        raise OutputError(str(target), "already exists: choose another name or remove it first")
    if not target.parent.is_dir():
        raise OutputError(str(target), "its folder does not exist")
    write_atomic(target, data)
    return str(target)


def copy_theme(name: str, dest: str, root: Path) -> tuple[Path, str]:
    """Copy the theme ``name`` resolves to; return ``(source, destination)``."""
    source = locate_theme(name, Path.cwd(), root)
    return source, copy_file(source, dest, f"{source.stem}.toml", ThemeError)


def copy_taxonomy(dest: str) -> tuple[Path, str]:
    """Copy the built-in taxonomy, the start of one's own (set ``taxonomy`` in the
    project file, or pass ``--taxonomy``, to use it). Its sections model (the ``model``
    key) goes beside the copy, where the copy looks for it."""
    source = default_taxonomy_path()
    written = copy_file(source, dest, "taxonomy.toml", TaxonomyError)
    model = load_taxonomy(source).model
    if written != "-" and model is not None:
        beside = Path(written).parent / model.name
        if not (beside.is_file() and beside.read_bytes() == model.read_bytes()):
            copy_file(model, str(beside), model.name, TaxonomyError)
    return source, written
