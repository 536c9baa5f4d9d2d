"""Writing output files so that nothing already built is ever lost.

Bytes go to a temporary file in the target directory, are flushed to disk, and the
temporary file is then renamed over the target in one step. A build that fails or is
interrupted leaves the previous file untouched and no temporary file behind; one left
by a killed process (nothing can clean up after SIGKILL) is removed by the next write of
the same file once it is old enough not to belong to a build still running.
"""

from __future__ import annotations

import contextlib
import glob
import os
import re
import tempfile
import time
from pathlib import Path

from formatter.errors import OutputError, UsageError

_FILE_MODE = 0o644
# A temporary file this old was left by a killed build, not one still running.
STALE_PART_SECONDS = 600.0


def safe_stem(name: str) -> str:
    """An output base name that cannot leave the output directory."""
    if not name or name in {".", ".."} or "/" in name or "\\" in name or "\x00" in name:
        raise UsageError(name or "(empty)", "not a usable output name: use a plain file name")
    if name.startswith("."):
        raise UsageError(name, "output names must not start with '.' (hidden files)")
    return name


# Names Windows reserves for devices, with or without an extension ("nul.md" too).
_WINDOWS_DEVICES = re.compile(
    r"(?:con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(?:\..*)?", re.IGNORECASE
)
_NOT_PORTABLE = re.compile('[<>:"|?*]')
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_SURROGATE = re.compile("[\ud800-\udfff]")
MAX_NAME_BYTES = 200  # room for ".docx" and a temporary file's suffix within 255


def check_output_name(name: str) -> str:
    """A ``--name`` that every system the briefings are shared with can open: on top
    of :func:`safe_stem`, no control characters, no bytes that are not UTF-8, none of
    ``<>:"|?*``, no Windows device name, no trailing dot or space, not too long."""
    shown = repr(name) if _CONTROL.search(name) or _SURROGATE.search(name) else name
    if _SURROGATE.search(name):
        raise UsageError("--name", f"{shown}: not valid UTF-8")
    if _CONTROL.search(name):
        raise UsageError(
            "--name", f"{shown}: control characters (tab, newline, ...) are not allowed"
        )
    safe_stem(name)
    found = _NOT_PORTABLE.search(name)
    if found:
        raise UsageError(
            "--name", f"{name}: {found.group()!r} is not allowed in a file name on Windows"
        )
    if _WINDOWS_DEVICES.fullmatch(name):
        raise UsageError("--name", f"{name}: a device name on Windows, not a file name")
    if name != name.rstrip(". "):
        raise UsageError("--name", f"{name}: must not end with a dot or a space")
    if name != name.lstrip():
        raise UsageError("--name", f"{name}: must not start with a space")
    if len(name.encode("utf-8")) > MAX_NAME_BYTES:
        raise UsageError("--name", f"longer than {MAX_NAME_BYTES} bytes")
    return name


def prepare_directory(directory: Path) -> None:
    """Create ``directory`` if needed; raise :class:`OutputError` if it cannot hold files."""
    if directory.exists() and not directory.is_dir():
        raise OutputError(str(directory), "output directory is a file")
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(str(directory), f"cannot create: {exc.strerror or exc}") from None
    if not os.access(directory, os.W_OK | os.X_OK):
        raise OutputError(str(directory), "output directory is not writable")


def write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` atomically."""
    try:
        handle, temporary = tempfile.mkstemp(
            prefix=f".{path.name}.", suffix=".part", dir=path.parent
        )
    except OSError as exc:
        raise OutputError(str(path), f"cannot write: {exc.strerror or exc}") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, _FILE_MODE & ~umask)
        os.replace(temporary, path)
    except BaseException as exc:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        if isinstance(exc, OSError):
            raise OutputError(str(path), f"cannot write: {exc.strerror or exc}") from None
        raise
    remove_stale_parts(path)


def remove_stale_parts(path: Path, older_than: float = STALE_PART_SECONDS) -> list[Path]:
    """Delete temporary files of ``path`` left by a writer that was killed (SIGKILL,
    power loss: no clean-up can run then). Only old ones: a recent one may belong to
    a build running right now."""
    removed = []
    cutoff = time.time() - older_than
    for candidate in path.parent.glob(f".{glob.escape(path.name)}.*.part"):
        with contextlib.suppress(OSError):
            if candidate.is_file() and candidate.stat().st_mtime < cutoff:
                candidate.unlink()
                removed.append(candidate)
    return removed


def same_file(first: Path, second: Path) -> bool:
    """Whether two paths name one file (hard links and symlinks included); a path that
    cannot be followed (missing, a symlink loop) names no file."""
    try:
        return os.path.samefile(first, second)
    except (OSError, ValueError):
        return False


def same_content(path: Path, data: bytes) -> bool:
    """Whether ``path`` already holds exactly ``data``."""
    try:
        if path.stat().st_size != len(data):
            return False
        return path.read_bytes() == data
    except OSError:
        return False
