"""The project file: which articles a repository builds, where, and how.

A project is a folder with ``briefing.toml`` (or a ``pyproject.toml`` whose
``[tool.briefing]`` table holds the same keys). It is found by walking up from the
working directory; the walk stops at the first folder that holds a project file, or at
a repository root (a folder with ``.git``). Paths in the file are relative to it::

    inputs = ["seeds/*.txt"]      # globs of article files
    out = "dist"
    formats = ["docx", "pdf", "md"]
    style = "briefing"            # a theme name (the project's styles/ first) or a path
    taxonomy = "taxonomy.toml"    # default: the built-in one
    marking = "TLP:GREEN"         # "none" or "" removes the marking
    jobs = 2                      # 0: one process per core

Command-line options override the file; without a file, the defaults are today's:
every ``seeds/*.txt`` and ``seeds/*.docx`` into ``dist/``. :func:`configure` merges the three and
remembers where each value came from, for ``briefing build --print-config``.
"""

from __future__ import annotations

import glob
import os
import tomllib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from formatter.errors import UsageError

PROJECT_FILE = "briefing.toml"
PYPROJECT = "pyproject.toml"
KEYS = ("inputs", "out", "formats", "style", "taxonomy", "marking", "jobs")
DEFAULT_INPUTS = ("seeds/*.txt", "seeds/*.docx")  # articles, and edited briefing DOCX
DEFAULT_OUT = "dist"
DEFAULT_FORMATS = "docx,pdf,md"
DEFAULT_STYLE = "briefing"
STDOUT = "-"
COMMAND_LINE = "command line"
DEFAULT = "default"
NO_MARKING = frozenset({"", "none"})


@dataclass(frozen=True, slots=True)
class Project:
    """A project file, read and checked: ``values`` holds only the keys it sets."""

    file: Path
    root: Path  # the folder of the file: relative paths start here
    label: str  # how origins name it: "briefing.toml" or "pyproject.toml [tool.briefing]"
    values: dict[str, Any]


@dataclass(frozen=True, slots=True)
class CommandLine:
    """The options of ``build``/``watch`` that a project file may also set; ``None``
    (or an empty list) means "not given on the command line"."""

    inputs: tuple[str, ...] = ()
    seeds: Path | None = None
    out: Path | None = None
    formats: str | None = None
    style: str | None = None
    taxonomy: Path | None = None
    marking: str | None = None
    jobs: int | None = None


@dataclass(frozen=True, slots=True)
class Inputs:
    """Where the articles come from: explicit paths, or globs to expand (a corpus)."""

    paths: tuple[str, ...] = ()
    patterns: tuple[str, ...] = ()  # absolute glob patterns
    shown: tuple[str, ...] = ()  # the patterns as written, for messages

    @property
    def corpus(self) -> bool:
        """Whether the build covers every article of the project (so outputs whose
        article is gone are orphans), rather than the files named on the command line."""
        return not self.paths

    def expand(self) -> list[str]:
        """The article paths, sorted; sidecars (``*.toml``) never count as articles."""
        if self.paths:
            return list(self.paths)
        found: set[str] = set()
        for pattern in self.patterns:
            for match in glob.glob(pattern, recursive=True):
                path = Path(match)
                if path.is_file() and path.suffix != ".toml":
                    found.add(display(path))
        if not found:
            raise UsageError(
                ", ".join(self.shown),
                "no articles match (name one, or set inputs in briefing.toml)",
            )
        return sorted(found)


@dataclass(frozen=True, slots=True)
class Config:
    """The resolved settings of one build and where each came from."""

    project: Project | None
    root: Path
    inputs: Inputs
    out: Path
    formats: str
    style: str  # as written: a theme name or a path
    style_base: Path  # the folder a style path is relative to
    taxonomy: Path | None
    marking: str | None
    jobs: int
    origins: dict[str, str] = field(default_factory=dict)

    @property
    def to_stdout(self) -> bool:
        return str(self.out) == STDOUT


def display(path: Path) -> str:
    """``path`` relative to the working directory (``../dist`` from a subfolder), or
    absolute when they share only the root: what messages show, never a document."""
    here, there = Path.cwd().resolve(), path.resolve()
    if there == here:
        return "."
    common = Path(os.path.commonpath([here, there]))
    if common == Path(common.anchor):  # only the root in common: a relative path confuses
        return str(there)
    return os.path.relpath(there, here)


def find(start: Path) -> Project | None:
    """The project file that governs ``start``: the nearest one walking up, stopping at
    a repository root."""
    for folder in (start.resolve(), *start.resolve().parents):
        project = _read_folder(folder)
        if project is not None:
            return project
        if (folder / ".git").exists():
            return None
    return None


def _read_folder(folder: Path) -> Project | None:
    own = folder / PROJECT_FILE
    pyproject = folder / PYPROJECT
    tool = _tool_table(pyproject) if pyproject.is_file() else None
    if own.is_file():
        if tool is not None:
            raise UsageError(
                display(own), f"{PYPROJECT} in the same folder has [tool.briefing] too: keep one"
            )
        return _checked(own, _parse(own), PROJECT_FILE)
    if tool is not None:
        return _checked(pyproject, tool, f"{PYPROJECT} [tool.briefing]")
    return None


def _parse(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(display(path), f"cannot read the project file: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(display(path), f"invalid TOML: {exc}") from None


def _tool_table(pyproject: Path) -> dict[str, Any] | None:
    table = _parse(pyproject).get("tool", {})
    found = table.get("briefing") if isinstance(table, dict) else None
    if found is None:
        return None
    if not isinstance(found, dict):
        raise UsageError(display(pyproject), "[tool.briefing] must be a table")
    return found


def _checked(file: Path, data: dict[str, Any], label: str) -> Project:
    where = display(file)
    for key in data:
        if key not in KEYS:
            raise UsageError(where, f"{key}: unknown key (known: {', '.join(KEYS)})")
    kinds: dict[str, tuple[type, str]] = {
        "inputs": (list, "a list of globs"),
        "out": (str, "a folder"),
        "formats": (list, "a list of formats"),
        "style": (str, "a theme name or path"),
        "taxonomy": (str, "a path"),
        "marking": (str, 'a marking, or "none"'),
        "jobs": (int, "a whole number"),
    }
    for key, value in data.items():
        kind, wanted = kinds[key]
        if not isinstance(value, kind) or isinstance(value, bool):
            raise UsageError(where, f"{key}: expected {wanted}, got {type(value).__name__}")
        if isinstance(value, list) and not (value and all(isinstance(v, str) for v in value)):
            raise UsageError(where, f"{key}: expected {wanted} (non-empty, strings)")
    if data.get("jobs", 0) < 0:
        raise UsageError(where, "jobs: must be 0 (one per core) or more")
    for key in ("out", "style", "taxonomy"):
        if key in data and not data[key].strip():
            raise UsageError(where, f"{key}: must not be empty")
    return Project(file, file.parent, label, dict(data))


def configure(command_line: CommandLine, start: Path | None = None) -> Config:
    """Merge the command line, the project file and the defaults, in that order."""
    start = start or Path.cwd()
    project = find(start)
    root = project.root if project else start.resolve()
    origins: dict[str, str] = {}

    def pick(key: str, given: Any, default: Any) -> Any:
        if given is not None and given != ():
            origins[key] = COMMAND_LINE
            return given
        if project is not None and key in project.values:
            origins[key] = display(project.file)
            return project.values[key]
        origins[key] = DEFAULT
        return default

    def located(key: str, value: Any) -> Path | None:
        """A path setting: as given on the command line (relative to the working
        directory); from the file or a default, relative to the project folder."""
        if value is None or str(value) == STDOUT or origins[key] == COMMAND_LINE:
            return None if value is None else Path(value)
        path = Path(value)
        return path if path.is_absolute() else Path(display(root / path))

    if command_line.inputs:
        inputs = Inputs(paths=command_line.inputs)
        origins["inputs"] = COMMAND_LINE
    elif command_line.seeds is not None:
        shown = tuple(str(command_line.seeds / Path(p).name) for p in DEFAULT_INPUTS)
        inputs = Inputs(patterns=tuple(str(start / p) for p in shown), shown=shown)
        origins["inputs"] = "command line (--seeds)"
    else:
        patterns = pick("inputs", None, list(DEFAULT_INPUTS))
        inputs = Inputs(
            patterns=tuple(str(root / pattern) for pattern in patterns), shown=tuple(patterns)
        )
    out = located("out", pick("out", command_line.out, DEFAULT_OUT))
    formats = pick("formats", command_line.formats, DEFAULT_FORMATS)
    style = pick("style", command_line.style, DEFAULT_STYLE)
    taxonomy = located("taxonomy", pick("taxonomy", command_line.taxonomy, None))
    return Config(
        project=project,
        root=root,
        inputs=inputs,
        out=out or Path(DEFAULT_OUT),
        formats=",".join(formats) if isinstance(formats, list) else formats,
        style=str(style),
        style_base=start if origins["style"] == COMMAND_LINE else root,
        taxonomy=taxonomy,
        marking=pick("marking", command_line.marking, None),
        jobs=pick("jobs", command_line.jobs, 0),
        origins=origins,
    )


def check_overrides(date_text: str | None, title: str | None, marking: str | None) -> str | None:
    """Check values given on the command line once, before any article is read, so a
    bad one is a usage error (exit 2) reported once rather than once per input.
    Returns the marking to use: ``""`` for "no marking" ("none" or empty)."""
    if date_text is not None:
        try:
            date.fromisoformat(date_text.strip())
        except ValueError:
            raise UsageError(
                "--date", f"{date_text!r} is not a date such as 2026-11-25 (YYYY-MM-DD)"
            ) from None
    if title is not None and not title.strip():
        raise UsageError("--title", "must not be empty")
    if marking is not None and marking.strip().lower() in NO_MARKING:
        return ""
    return marking
