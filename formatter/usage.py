"""Run the command line so that every usage error is one line with exit code 2.

Click, under Typer, reports a misspelt option or command with a usage block and an
``Error:`` line. Here the command runs with Click's standalone mode off and its usage
errors are rewritten as ``error: <option or command>: <reason>``, keeping Click's
"did you mean" suggestions.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence
from typing import Any

from typer import Abort
from typer._click.core import Command
from typer._click.exceptions import (
    BadOptionUsage,
    BadParameter,
    ClickException,
    NoArgsIsHelpError,
    NoSuchOption,
    UsageError,
)
from typer.core import TyperGroup

from formatter.errors import ExitCode

_NO_SUCH_COMMAND = re.compile(r"No such command '(?P<name>.*?)'\.(?: Did you mean (?P<hint>.*)\?)?")
ABORTED = 1


def run(command: Command, args: Sequence[str]) -> int:
    """Run ``command`` with ``args``; return the exit code."""
    try:
        result: Any = command.main(list(args), prog_name="briefing", standalone_mode=False)
    except NoArgsIsHelpError as error:
        print(error.ctx.get_help())  # `briefing` alone asks for help
        return int(ExitCode.OK)
    except UsageError as error:
        print(f"error: {one_line(error)}", file=sys.stderr)
        return error.exit_code
    except ClickException as error:
        print(f"error: {_flat(error.format_message())}", file=sys.stderr)
        return error.exit_code
    except Abort:
        print("error: aborted", file=sys.stderr)
        return ABORTED
    return result if isinstance(result, int) else int(ExitCode.OK)


def one_line(error: UsageError) -> str:
    """``<subject>: <reason>``, the project's error format, for a Click usage error."""
    if isinstance(error, NoSuchOption):
        hint = _suggest(error.possibilities or ())
        return f"{error.option_name}: no such option{hint}"
    if isinstance(error, BadParameter):
        subject = _subject(error)
        return f"{subject}: {_reason(error.message)}" if subject else _reason(error.message)
    if isinstance(error, BadOptionUsage):
        return f"{error.option_name}: {_reason(_without_option(error.message))}"
    message = _flat(error.format_message())
    found = _NO_SUCH_COMMAND.fullmatch(message)
    if found:
        hint = found.group("hint")
        if hint:
            return f"{found.group('name')}: no such command (did you mean {hint}?)"
        context = error.ctx
        group = context.command if context is not None else None
        names = ", ".join(sorted(group.commands)) if isinstance(group, TyperGroup) else ""
        return f"{found.group('name')}: no such command (commands: {names}; see briefing --help)"
    return _reason(message)


def _suggest(possibilities: Sequence[str]) -> str:
    return f" (did you mean {' or '.join(sorted(possibilities))}?)" if possibilities else ""


def _subject(error: BadParameter) -> str:
    """The option's longest name (``--jobs``), or the argument's name in capitals."""
    if error.param is not None:
        names = [name for name in error.param.opts if name.startswith("--")] or error.param.opts
        if error.param.param_type_name == "argument":
            return (error.param.name or "argument").upper()
        return max(names, key=len) if names else ""
    hint = error.param_hint
    return hint if isinstance(hint, str) else " / ".join(hint or ())


def _without_option(message: str) -> str:
    """``"Option '--out' requires an argument."`` -> ``"requires an argument."``."""
    return re.sub(r"^Option '[^']*' ", "", message)


def _reason(text: str) -> str:
    text = _flat(text).rstrip(".")
    return text[:1].lower() + text[1:]


def _flat(text: str) -> str:
    return " ".join(text.split())
