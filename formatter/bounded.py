"""Reading a file with a size limit, in chunks, and only if it is a regular file.

A FIFO would block the build forever (opening one waits for a writer, reading waits
for data), a device such as ``/dev/zero`` never ends, and reading "up to the limit" in
one call makes Python allocate the whole limit first (``--max-bytes 1000000000000``).
So a file is opened without blocking, checked to be a regular file on the open handle
(no race with a rename in between), and read in chunks until the limit is passed.
Standard input is the one stream read this way without being a regular file.
"""

from __future__ import annotations

import os
import stat
from typing import BinaryIO

CHUNK_BYTES = 1024 * 1024


class NotRegularFile(OSError):
    """The path names a FIFO, a device, a socket or a directory, not a file."""

    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind


class TooLarge(Exception):
    """The file holds more than the limit allows."""


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def read_regular(path: str | os.PathLike[str], limit: int) -> bytes:
    """The bytes of the regular file at ``path``. Raise :class:`NotRegularFile` for
    anything else, :class:`TooLarge` past ``limit`` bytes, ``OSError`` as ``open`` does."""
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        mode = os.fstat(descriptor).st_mode
        if not stat.S_ISREG(mode):
            raise NotRegularFile(_kind(mode))
        with os.fdopen(descriptor, "rb", closefd=False) as stream:
            return read_stream(stream, limit)
    finally:
        os.close(descriptor)


def read_stream(stream: BinaryIO, limit: int) -> bytes:
    """At most ``limit`` bytes of ``stream``, read in chunks; :class:`TooLarge` if more."""
    chunks: list[bytes] = []
    total = 0
    while True:
        chunk = stream.read(min(CHUNK_BYTES, limit + 1 - total))
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        total += len(chunk)
        if total > limit:
            raise TooLarge()
