"""The one exception base of the package, and the exit code each kind of failure maps to.

Every error the pipeline raises on purpose is a :class:`BriefingError`. The command line
catches that base class alone and turns it into a one-line message and an exit code; any
other exception is a bug.
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """Documented exit codes of the ``briefing`` command."""

    OK = 0
    STALE = 1  # ``build --check`` found output that differs from a fresh build
    BELOW_TARGET = 1  # ``evaluate --min-accuracy``: the accuracy is below the target
    USAGE = 2  # bad command-line usage (unknown option, unknown format, ...)
    BAD_INPUT = 3  # missing, unreadable, binary, too large, or empty after cleaning
    BAD_THEME = 4  # a theme or taxonomy file is malformed or names a missing font
    CANNOT_WRITE = 5  # the output could not be written
    INTERNAL = 70  # a bug (EX_SOFTWARE): an unexpected exception, or a writer that failed
    INTERRUPTED = 130  # Ctrl-C (128 + SIGINT)
    BROKEN_PIPE = 141  # standard output closed by its reader (128 + SIGPIPE), e.g. `| head`
    TERMINATED = 143  # SIGTERM (128 + SIGTERM), see formatter.signals


class BriefingError(Exception):
    """Base class of every error the package raises deliberately.

    ``subject`` names what the error is about (usually a file), ``reason`` says why.
    ``str(error)`` is the one-line message shown to the user: ``subject: reason``.
    """

    exit_code: ExitCode = ExitCode.BAD_INPUT

    def __init__(self, subject: str, reason: str) -> None:
        self.subject = subject
        self.reason = reason
        super().__init__(f"{subject}: {reason}")


class UsageError(BriefingError):
    """The command was called with options that cannot work together."""

    exit_code = ExitCode.USAGE


class InputError(BriefingError):
    """An input article cannot be read or yields nothing to brief."""

    exit_code = ExitCode.BAD_INPUT


class ThemeError(BriefingError):
    """A theme file is malformed, has wrong types, or names a font that is not available."""

    exit_code = ExitCode.BAD_THEME


class TaxonomyError(BriefingError):
    """A taxonomy file is malformed or inconsistent."""

    exit_code = ExitCode.BAD_THEME


class OutputError(BriefingError):
    """An output file cannot be written."""

    exit_code = ExitCode.CANNOT_WRITE


class RenderError(BriefingError):
    """A writer failed to render a briefing it was given. The pipeline hands writers
    only valid briefings and themes, so this is a bug: it exits as an internal error
    (70), never as "cannot write" (5), which is about the output location."""

    exit_code = ExitCode.INTERNAL
