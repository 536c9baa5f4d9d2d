"""Typed, path-aware access to a parsed TOML table, for the theme and taxonomy loaders.

Each accessor names the offending key in its error (``page.margin_top: ...``) and
unknown keys are rejected, so a typo in a theme is an error rather than a silent default.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from formatter.bounded import NotRegularFile, TooLarge, read_regular
from formatter.errors import BriefingError
from formatter.units import Color, Length

T = TypeVar("T")
MAX_TOML_BYTES = 16 * 1024 * 1024  # far beyond any theme, taxonomy or sidecar


def load_toml(path: Path, error: type[BriefingError]) -> dict[str, Any]:
    """Parse ``path`` as TOML, raising ``error`` (named after the file) on any failure.
    Only a regular file is read (a FIFO would hang, ``/dev/zero`` never ends)."""
    try:
        data = read_regular(path, MAX_TOML_BYTES)
    except NotRegularFile as exc:
        raise error(path.name, f"is {exc.kind}, not a regular file") from None
    except TooLarge:
        raise error(path.name, f"larger than {MAX_TOML_BYTES:,} bytes") from None
    except OSError as exc:
        raise error(path.name, f"cannot read: {exc.strerror or exc}") from None
    try:
        return tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise error(path.name, "not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise error(path.name, f"invalid TOML: {exc}") from None


class Table:
    """A TOML table with the dotted path that leads to it, for error messages."""

    def __init__(
        self, data: dict[str, Any], path: str, source: str, error: type[BriefingError]
    ) -> None:
        self.data = data
        self.path = path
        self.source = source
        self.error = error
        self._used: set[str] = set()

    def fail(self, key: str, reason: str) -> BriefingError:
        where = f"{self.path}.{key}" if self.path else key
        return self.error(self.source, f"{where}: {reason}")

    def has(self, key: str) -> bool:
        return key in self.data

    def _get(self, key: str, kind: type[T], kind_name: str) -> T:
        self._used.add(key)
        if key not in self.data:
            raise self.fail(key, "missing")
        value = self.data[key]
        # bool is an int in Python; a number where a flag is wanted is still wrong
        if not isinstance(value, kind) or (kind is not bool and isinstance(value, bool)):
            raise self.fail(key, f"expected {kind_name}, got {type(value).__name__}")
        return value

    def text(self, key: str) -> str:
        return self._get(key, str, "a string")

    def optional_text(self, key: str) -> str | None:
        if key not in self.data:
            self._used.add(key)
            return None
        return self.text(key)

    def flag(self, key: str, default: bool | None = None) -> bool:
        if default is not None and key not in self.data:
            self._used.add(key)
            return default
        return self._get(key, bool, "true or false")

    def number(self, key: str, low: float, high: float, default: float | None = None) -> float:
        if default is not None and key not in self.data:
            self._used.add(key)
            return default
        self._used.add(key)
        value = self.data.get(key)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.fail(key, "missing" if value is None else "expected a number")
        if not low <= value <= high:
            raise self.fail(key, f"{value} is outside {low:g}..{high:g}")
        return float(value)

    def parsed(self, key: str, parse: Callable[[str], T], default: T | None = None) -> T:
        if default is not None and key not in self.data:
            self._used.add(key)
            return default
        text = self.text(key)
        try:
            return parse(text)
        except ValueError as exc:
            raise self.fail(key, str(exc)) from None

    def length(self, key: str, default: Length | None = None) -> Length:
        return self.parsed(key, Length.parse, default)

    def color(self, key: str) -> Color:
        return self.parsed(key, Color.parse)

    def text_list(self, key: str) -> tuple[str, ...]:
        values = self._get(key, list, "a list of strings")
        if not all(isinstance(value, str) for value in values):
            raise self.fail(key, "expected a list of strings")
        return tuple(values)

    def table(self, key: str) -> Table:
        value = self._get(key, dict, "a table")
        return Table(value, f"{self.path}.{key}" if self.path else key, self.source, self.error)

    def tables(self, key: str) -> list[Table]:
        values = self._get(key, list, "an array of tables")
        where = f"{self.path}.{key}" if self.path else key
        if not all(isinstance(value, dict) for value in values):
            raise self.fail(key, "expected an array of tables ([[...]])")
        return [
            Table(value, f"{where}[{number}]", self.source, self.error)
            for number, value in enumerate(values)
        ]

    def reject_unknown(self) -> None:
        unknown = sorted(set(self.data) - self._used)
        if unknown:
            raise self.fail(unknown[0], "unknown key")
