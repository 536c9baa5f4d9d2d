"""Stage 1, read: raw bytes -> the text the author wrote, plus the article's metadata.

Decoding: a byte-order mark decides (UTF-8, UTF-16, UTF-32); otherwise strict UTF-8.
A file that is mostly UTF-8 with a few bad bytes stays UTF-8: a lone stray byte is
read as Windows-1252, a broken or cut-off sequence becomes U+FFFD, and the repair is
recorded. A file that is mostly not UTF-8 gets a legacy single-byte encoding
(Windows-1252 when the text reads as Western European, else what charset-normalizer
finds), named in the provenance as ``"<codec> (detected)"``. Only regular files (or
standard input) are read, in bounded chunks (see :mod:`formatter.bounded`).
Binary files are recognised by their magic bytes, by NUL bytes in more than a stray
few places, or by a high share of control characters, and refused with a clear error.
A stray NUL inside otherwise ordinary text is left for the cleaning stage to drop,
like any other control character.

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
from pathlib import Path
from typing import Any

from formatter.bounded import NotRegularFile, TooLarge, read_regular, read_stream
from formatter.errors import InputError
from formatter.metadata import checked, clean_text, from_command_line, from_sidecar
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
_SURROGATE = re.compile("[\ud800-\udfff]")
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
    """Return ``(name, data)`` for a path or ``-`` (standard input): a regular file or a
    pipe, read in bounded chunks (a FIFO or a device given by path is refused)."""
    try:
        if path == STDIN:
            if sys.stdin is None or sys.stdin.isatty():
                # waiting for someone to type an article would hang a pipeline: no prompts
                raise InputError("-", "standard input is a terminal, not an article: pipe one in")
            name = "stdin"
            data = read_stream(sys.stdin.buffer, max_bytes)
        else:
            name = display_name(Path(path).name)
            data = read_regular(path, max_bytes)
    except TooLarge:
        raise InputError(
            name, f"larger than the {max_bytes:,}-byte limit (see --max-bytes)"
        ) from None
    except NotRegularFile as exc:
        if exc.kind == "a directory":
            raise InputError(path, "is a directory, not an article") from None
        raise InputError(path, f"is {exc.kind}, not a regular file") from None
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except PermissionError:
        raise InputError(path, "permission denied") from None
    except OSError as exc:
        raise InputError(path, f"cannot read: {exc.strerror or exc}") from None
    return name, data


def display_name(name: str) -> str:
    """A file name as the briefing prints it: bytes that are not UTF-8 (which Python
    keeps as lone surrogates) become U+FFFD, so every writer can encode it."""
    if not _has_surrogates(name):
        return name
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _has_surrogates(text: str) -> bool:
    return _SURROGATE.search(text) is not None


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
    text, encoding = _decode_unmarked(name, data)
    if _too_many_controls(text[:_SAMPLE_BYTES]):
        raise InputError(name, "mostly control characters: binary data, not a text article")
    return _normalise_newlines(text), encoding


def decode_with_repairs(name: str, data: bytes) -> tuple[str, str, tuple[str, ...]]:
    """:func:`decode`, plus what was repaired on the way (invalid bytes in UTF-8)."""
    text, encoding = decode(name, data)
    repairs: tuple[str, ...] = ()
    if encoding == "utf-8" and _REPAIRED_BYTES[0]:
        repairs = (_describe_stray_bytes(*_REPAIRED_BYTES[:3]),)
    return text, encoding, repairs


def _decode_unmarked(name: str, data: bytes) -> tuple[str, str]:
    """Strict UTF-8; else UTF-8 with its few bad bytes repaired (the text is mostly
    UTF-8); else a legacy encoding (the text is mostly not UTF-8)."""
    _REPAIRED_BYTES[:] = [0, 0, 0, 0]
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        first_error = exc
    text = data.decode("utf-8", _STRAY_HANDLER)
    errors, _, _, broken_leads = _REPAIRED_BYTES
    # Lead bytes of multi-byte sequences: each is a valid character unless it started
    # one of the errors. As many valid sequences as errors (or a single sequence cut
    # off at the end of the file): UTF-8 with a few stray bytes.
    valid = len(data.translate(None, _NOT_LEAD_BYTES)) - broken_leads
    truncated_only = errors == 1 and first_error.reason == "unexpected end of data"
    if truncated_only or valid >= errors:
        return text, "utf-8"
    _REPAIRED_BYTES[:] = [0, 0, 0, 0]
    return _decode_legacy(name, data, first_error)


# Bytes that are not the lead byte of a multi-byte UTF-8 sequence (0xC2-0xF4).
_NOT_LEAD_BYTES = bytes(range(0xC2)) + bytes(range(0xF5, 0x100))
_STRAY_HANDLER = "briefing-stray-bytes"
# errors seen, bytes read as Windows-1252, sequences replaced by U+FFFD, errors that
# start with a lead byte (of the last decode)
_REPAIRED_BYTES = [0, 0, 0, 0]


def _stray_bytes(error: UnicodeError) -> tuple[str, int]:
    """A decoding error handler: one stray byte (0x80-0xFF) is most likely a Windows-1252
    character pasted into UTF-8 text (``\\x92`` for U+2019, ``\\xe9`` for ``é``); a broken
    multi-byte sequence, or one cut off by the end of the file, becomes U+FFFD."""
    assert isinstance(error, UnicodeDecodeError)
    bad = error.object[error.start : error.end]
    _REPAIRED_BYTES[0] += 1
    _REPAIRED_BYTES[3] += 0xC2 <= bad[0] <= 0xF4
    at_end = error.end == len(error.object) and error.reason == "unexpected end of data"
    replacement = "\ufffd"
    if len(bad) == 1 and not at_end:
        replacement = bytes(bad).decode("cp1252", "replace")
    if replacement == "\ufffd":
        _REPAIRED_BYTES[2] += 1
    else:
        _REPAIRED_BYTES[1] += 1
    return replacement, error.end


codecs.register_error(_STRAY_HANDLER, _stray_bytes)


def _describe_stray_bytes(errors: int, read_as_cp1252: int, replaced: int) -> str:
    parts = []
    if read_as_cp1252:
        parts.append(f"{read_as_cp1252} read as Windows-1252")
    if replaced:
        parts.append(f"{replaced} replaced with U+FFFD")
    return f"invalid UTF-8 repaired in {errors} place(s): " + ", ".join(parts)


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
    text, encoding, repairs = decode_with_repairs(name, data)
    text, repaired = repair_mojibake(text)
    if repaired:
        repairs += (f"mojibake repaired in {repaired} paragraph(s)",)
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
    ``overrides`` (command-line options; ``None`` values are ignored). Every value is
    cleaned and validated here (see :mod:`formatter.metadata`)."""
    metadata = Metadata(title=clean_text(title_from_stem(stem)) or "Briefing")
    sidecar = sidecar_path(path)
    if sidecar is not None:
        metadata = _apply_sidecar(metadata, sidecar)
    return replace(metadata, **checked_overrides(overrides or {}))


def checked_overrides(overrides: dict[str, str | None]) -> dict[str, Any]:
    """Command-line metadata, cleaned; a bad value is a usage error naming the option."""
    chosen: dict[str, Any] = {}
    for key, value in overrides.items():
        if value is not None:
            cleaned = checked(key, value, from_command_line(key))
            if cleaned is not None:
                chosen[key] = cleaned
    return chosen


def _apply_sidecar(metadata: Metadata, sidecar: Path) -> Metadata:
    table = Table(load_toml(sidecar, InputError), "", sidecar.name, InputError)
    fail = from_sidecar(sidecar.name)
    values: dict[str, Any] = {}
    for key in SIDECAR_KEYS:
        if table.has(key):
            table._used.add(key)
            values[key] = checked(key, table.data[key], fail)
    table.reject_unknown()
    return replace(metadata, **{key: value for key, value in values.items() if value is not None})
