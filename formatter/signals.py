"""SIGTERM ends a build the way Ctrl-C does.

``kill`` (or a CI runner cancelling a job) sends SIGTERM to the build process only. By
default Python then dies on the spot: a forked DOCX child or the batch workers keep
running, orphaned. Here SIGTERM raises :class:`Terminated` in the main thread instead,
so the same clean-up as for Ctrl-C runs (temporary files removed, children ended) and
the command exits with 143 (``ExitCode.TERMINATED``: 128 + SIGTERM), as a shell
reports a process it ended.
Children started by the build put the default action back (:func:`default_in_child`)
so that ending them is immediate.
"""

from __future__ import annotations

import signal
from types import FrameType


class Terminated(BaseException):
    """The process received SIGTERM (a BaseException, like KeyboardInterrupt, so no
    ``except Exception`` swallows it)."""


def _raise_terminated(signum: int, frame: FrameType | None) -> None:
    raise Terminated()


def install() -> None:
    """Turn SIGTERM into :class:`Terminated` (call from the main thread)."""
    signal.signal(signal.SIGTERM, _raise_terminated)


def default_in_child() -> None:
    """In a forked child or worker: SIGTERM ends it at once."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
