"""Stage 1, read: raw bytes -> the text the author wrote, plus the article's metadata.

Decoding: a byte-order mark decides (UTF-8, UTF-16, UTF-32); otherwise strict UTF-8;
if that fails, a legacy single-byte encoding is detected (Windows-1252 when the text
reads as Western European, else what charset-normalizer finds) and named in the
provenance as ``"<codec> (detected)"``. Binary files are recognised by their magic
bytes, by NUL bytes in more than a stray few places, or by a high share of control
characters, and refused with a clear error. A stray NUL inside otherwise ordinary text
is left for the cleaning stage to drop, like any other control character.

Then mojibake (UTF-8 that was decoded as Windows-1252 upstream) is repaired, see
:mod:`formatter.repair`, and recorded. Line endings (CRLF, lone CR) become ``\\n``.
Metadata comes from an optional TOML sidecar beside the input (``<stem>.toml``);
command-line values override it.
"""

from __future__ import annotations

import codecs
import hashlib
import re
import sys
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from formatter.errors import InputError
from formatter.model import Metadata
from formatter.repair import repair_mojibake
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
# Binary sniffing and encoding detection look at the head of the file only.
_SAMPLE_BYTES = 64 * 1024
_MAX_STRAY_NULS = 16
_CHAOS_MARGIN = 0.01  # charset-normalizer's mess ratios this close are a tie
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f]")
# A word (three or more letters) with at least one non-ASCII letter in it.
_ACCENTED_WORD = re.compile(r"\b(?=[^\W\d_]*[^\x00-\x7f])[^\W\d_]{3,}\b")
# A symbol from the Windows-1252 upper half between two letters: ``a¿ó``, ``ó³æ``.
_SYMBOL_IN_WORD = re.compile(
    "(?<=[^\\W\\d_])[\u00a1-\u00a9\u00ab\u00ac\u00ae-\u00b4\u00b6\u00b8-\u00b9\u00bb-\u00bf"
    "\u20ac\u201a\u0192\u201e\u2020\u2021\u02c6\u2030\u2039\u02dc\u2122\u203a\u2022]"
    "(?=[^\\W\\d_])"
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
    repairs: tuple[str, ...] = ()  # what was repaired after decoding, for the provenance


def read_bytes(path: str, max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[str, bytes]:
    """Return ``(name, data)`` for a path or ``-`` (standard input)."""
    if path == STDIN:
        if sys.stdin is None or sys.stdin.isatty():
            # waiting for someone to type an article would hang a pipeline: no prompts
            raise InputError("-", "standard input is a terminal, not an article: pipe one in")
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
    head = data[:_SAMPLE_BYTES]
    if head.count(0) > _MAX_STRAY_NULS or b"\x00" * 4 in head:
        raise InputError(
            name,
            "contains NUL bytes: binary data (or UTF-16 without a byte-order mark), "
            "not a text article",
        )
    try:
        text, encoding = data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        text, encoding = _decode_legacy(name, data, exc)
    if _too_many_controls(text[:_SAMPLE_BYTES]):
        raise InputError(name, "mostly control characters: binary data, not a text article")
    return _normalise_newlines(text), encoding


def _decode_legacy(name: str, data: bytes, error: UnicodeDecodeError) -> tuple[str, str]:
    """Not UTF-8: Windows-1252 if it reads as Western European text, else the best
    single-byte encoding charset-normalizer finds (imported only here: it is slow)."""
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        pass
    else:
        if _reads_as_western(text):
            return text, "cp1252 (detected)"
    from charset_normalizer import from_bytes

    matches = [m for m in from_bytes(data) if not m.encoding.startswith(("utf", "ascii"))]
    if matches:  # UTF-8 failed; UTF-16/32 without a byte-order mark is not believed
        # Among the equally plausible, a Windows code page is by far the most likely.
        least = min(match.chaos for match in matches)
        plausible = [match for match in matches if match.chaos <= least + _CHAOS_MARGIN]
        windows = [match for match in plausible if match.encoding.startswith("cp125")]
        encoding = (windows or plausible)[0].encoding
        return data.decode(encoding), f"{encoding} (detected)"
    raise InputError(
        name,
        f"not valid UTF-8 (byte 0x{data[error.start]:02x} at offset {error.start}) and not "
        "in a recognisable legacy encoding: save it as UTF-8",
    )


def _reads_as_western(text: str) -> bool:
    """Whether a Windows-1252 decoding looks like real Western European text, rather than
    another code page read wrongly: Cyrillic or Greek bytes become words made mostly of
    accented letters (``Ïðèâåò``), Central European ones put symbols inside words
    (``Za¿ó³æ``). Judged on a sample, so the cost does not grow with the file."""
    sample = text[:_SAMPLE_BYTES]
    words = _ACCENTED_WORD.findall(sample)
    if not words:
        return True
    foreign = sum(1 for word in words if 2 * _count_non_ascii(word) > len(word))
    squeezed = len(_SYMBOL_IN_WORD.findall(sample))
    return 2 * foreign <= len(words) and 10 * squeezed <= len(words)


def _count_non_ascii(word: str) -> int:
    return len(word) - len(word.encode("ascii", "ignore"))


def _too_many_controls(sample: str) -> bool:
    """More than 1 in 100 characters are C0 controls other than tab, LF, VT, FF, CR."""
    return 100 * len(_CONTROL.findall(sample)) > max(len(sample), 1_000)


def _normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_source(path: str, max_bytes: int = DEFAULT_MAX_BYTES) -> Source:
    name, data = read_bytes(path, max_bytes)
    text, encoding = decode(name, data)
    text, repaired = repair_mojibake(text)
    repairs = (f"mojibake repaired in {repaired} paragraph(s)",) if repaired else ()
    stem = Path(name).stem if path != STDIN else "stdin"
    return Source(
        name=name,
        stem=stem,
        text=text,
        sha256=hashlib.sha256(data).hexdigest(),
        size_bytes=len(data),
        encoding=encoding,
        repairs=repairs,
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


def sidecar_title(path: str) -> bool:
    """Whether the input's sidecar gives a title (a headline in the text then is not)."""
    sidecar = sidecar_path(path)
    return sidecar is not None and "title" in load_toml(sidecar, InputError)


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
    if key == "marking" and value.lower() == "none":
        return ""  # no marking at all (see layout.marking)
    return value
