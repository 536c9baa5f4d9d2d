"""Stage 1, read: raw bytes -> text, plus the article's metadata.

Decoding is strict: UTF-8 (with or without a byte-order mark), UTF-16 or UTF-32 with a
byte-order mark. Binary files are recognised and refused with a clear error. Line
endings (CRLF, lone CR) become ``\\n``. Metadata comes from an optional TOML sidecar
beside the input (``<stem>.toml``); command-line values override it.
"""

from __future__ import annotations

import codecs
import hashlib
import sys
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from formatter.errors import InputError
from formatter.model import Metadata
from formatter.tomlfile import Table, load_toml

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
STDIN = "-"

# Signatures of file types people hand us by mistake.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"%PDF-", "a PDF document"),
    (b"\x7fELF", "an ELF executable"),
    (b"PK\x03\x04", "a zip archive (DOCX, XLSX, ODT or similar)"),
    (b"GIF8", "a GIF image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\xd0\xcf\x11\xe0", "an OLE file (DOC, XLS or similar)"),
    (b"{\\rtf", "an RTF document"),
)
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
SIDECAR_KEYS = ("title", "subtitle", "source", "author", "date", "marking", "language", "keywords")


@dataclass(frozen=True, slots=True)
class Source:
    """A decoded input: its text with ``\\n`` line endings, and what we know of it."""

    name: str  # file name only, never a path
    stem: str
    text: str
    sha256: str
    size_bytes: int
    encoding: str


def read_bytes(path: str, max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[str, bytes]:
    """Return ``(name, data)`` for a path or ``-`` (standard input)."""
    if path == STDIN:
        data = sys.stdin.buffer.read(max_bytes + 1)
        name = "stdin"
    else:
        file = Path(path)
        name = file.name
        if file.is_dir():
            raise InputError(path, "is a directory, not an article")
        try:
            with file.open("rb") as handle:
                data = handle.read(max_bytes + 1)
        except FileNotFoundError:
            raise InputError(path, "no such file") from None
        except PermissionError:
            raise InputError(path, "permission denied") from None
        except OSError as exc:
            raise InputError(path, f"cannot read: {exc.strerror or exc}") from None
    if len(data) > max_bytes:
        raise InputError(name, f"larger than the {max_bytes:,}-byte limit (see --max-bytes)")
    return name, data


def decode(name: str, data: bytes) -> tuple[str, str]:
    """Return ``(text, encoding)``; raise :class:`InputError` for binary or undecodable data."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(encoding)
            except UnicodeDecodeError as exc:
                raise InputError(name, f"invalid {encoding} after its byte-order mark") from exc
            return _normalise_newlines(text), f"{encoding} (BOM)"
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            raise InputError(name, f"looks like {kind}, not a text article")
    if b"\x00" in data[:8192]:
        raise InputError(name, "contains NUL bytes: binary data, not a text article")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            name, f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})"
        ) from None
    return _normalise_newlines(text), "utf-8"


def _normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_source(path: str, max_bytes: int = DEFAULT_MAX_BYTES) -> Source:
    name, data = read_bytes(path, max_bytes)
    text, encoding = decode(name, data)
    stem = Path(name).stem if path != STDIN else "stdin"
    return Source(
        name=name,
        stem=stem,
        text=text,
        sha256=hashlib.sha256(data).hexdigest(),
        size_bytes=len(data),
        encoding=encoding,
    )


def title_from_stem(stem: str) -> str:
    """``"belarus-threat-assessment"`` -> ``"Belarus threat assessment"``."""
    words = stem.replace("_", " ").replace("-", " ").split()
    text = " ".join(words) or "Briefing"
    return text[0].upper() + text[1:]


def sidecar_path(path: str) -> Path | None:
    if path == STDIN:
        return None
    candidate = Path(path).with_suffix(".toml")
    return candidate if candidate.is_file() and candidate != Path(path) else None


def load_metadata(path: str, stem: str, overrides: dict[str, str | None] | None = None) -> Metadata:
    """Metadata for the input at ``path``: stem-derived title, then the sidecar, then
    ``overrides`` (command-line options; ``None`` values are ignored)."""
    metadata = Metadata(title=title_from_stem(stem))
    sidecar = sidecar_path(path)
    if sidecar is not None:
        metadata = _apply_sidecar(metadata, sidecar)
    chosen: dict[str, Any] = {
        key: _checked(key, value, "command line")
        for key, value in (overrides or {}).items()
        if value is not None
    }
    return replace(metadata, **chosen)


def _apply_sidecar(metadata: Metadata, sidecar: Path) -> Metadata:
    table = Table(load_toml(sidecar, InputError), "", sidecar.name, InputError)
    values: dict[str, Any] = {}
    for key in SIDECAR_KEYS:
        if not table.has(key):
            continue
        if key == "keywords":
            values[key] = table.text_list(key)
        elif key == "date" and isinstance(table.data[key], date):
            values[key] = table.data[key].isoformat()
            table._used.add(key)
        else:
            values[key] = _checked(key, table.text(key), sidecar.name)
    table.reject_unknown()
    return replace(metadata, **values)


def _checked(key: str, value: str, where: str) -> str:
    value = " ".join(value.split())
    if key == "date":
        try:
            date.fromisoformat(value)
        except ValueError:
            raise InputError(where, f"date: {value!r} is not a date such as 2025-03-14") from None
    if key == "title" and not value:
        raise InputError(where, "title: must not be empty")
    return value
