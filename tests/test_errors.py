"""Every exit code lives in one enum, and the README and --help document each one."""

from __future__ import annotations

import re

from formatter.cli import EXIT_CODES
from formatter.errors import BriefingError, ExitCode, OutputError, RenderError
from tests.conftest import REPO


def test_every_exit_code_is_documented_in_the_readme_and_in_help() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    table = set(re.findall(r"^\| (\d+) \|", readme, flags=re.MULTILINE))
    codes = {str(int(code)) for code in ExitCode}
    assert table == codes
    in_help = set(re.findall(r"(\d+) [a-z-]", EXIT_CODES))
    assert in_help == codes


def test_a_writer_failure_is_an_internal_error_and_an_output_failure_is_not() -> None:
    assert RenderError("a.txt", "bug").exit_code is ExitCode.INTERNAL
    assert int(ExitCode.INTERNAL) == 70
    assert OutputError("dist", "read-only").exit_code is ExitCode.CANNOT_WRITE
    assert issubclass(RenderError, BriefingError)
