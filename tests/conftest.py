"""Shared fixtures: the seed article, its briefing, the themes, and real clients.

A test that needs an external program (LibreOffice, pandoc, poppler) asks for it with
``require_tool``: on a developer machine without it the test is skipped; in CI
(``CI=true``) it fails, because CI installs every client and a skip would hide that.

Tests marked ``slow`` (whole builds in subprocesses, megabyte inputs, LibreOffice) run
in CI always; on a workstation only with ``BRIEFING_SLOW=1`` or when ``-m`` selects
markers (``pytest -m slow``), so a plain ``python -m pytest -q`` gives quick feedback.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from formatter.model import Briefing
from formatter.pipeline import brief
from formatter.theme import Theme, load_theme
from tests import seed_facts

REPO = Path(__file__).resolve().parent.parent
SEED = seed_facts.SEED  # what the tests expect of it: tests/seed_facts.py
GOLDEN = Path(__file__).resolve().parent / "golden"
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
RUN_SLOW = IN_CI or os.environ.get("BRIEFING_SLOW", "") == "1"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if RUN_SLOW or config.getoption("markexpr"):
        return
    later = pytest.mark.skip(reason="slow: runs in CI, or here with BRIEFING_SLOW=1")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(later)


def require_tool(name: str) -> str:
    """Path of program ``name``; skip without it, or fail in CI."""
    found = shutil.which(name)
    if found is None:
        message = f"{name} is not installed (.ci/run installs it)"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    return found


def libreoffice_convert(source: Path, target_format: str, out: Path, profile: Path) -> Path:
    """``source`` converted by headless LibreOffice (``--convert-to target_format``) into
    ``out``, with its own user profile folder; the converted file, checked to exist and
    not be empty (LibreOffice exits 0 when it writes nothing)."""
    soffice = require_tool("soffice")
    out.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to",
         target_format, "--outdir", str(out), str(source)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    extension = target_format.split(":", maxsplit=1)[0]
    result = out / f"{source.stem}.{extension}"
    assert result.is_file(), f"LibreOffice wrote no {extension}"
    assert result.stat().st_size > 0
    return result


@pytest.fixture(scope="session")
def seed_path() -> Path:
    return SEED


@pytest.fixture(scope="session")
def seed_briefing() -> Briefing:
    return brief(str(SEED))


@pytest.fixture(scope="session")
def default_theme() -> Theme:
    return load_theme("briefing")


@pytest.fixture(scope="session")
def plain_theme() -> Theme:
    return load_theme("plain")
