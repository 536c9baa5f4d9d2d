"""Shared fixtures: the seed article, its briefing, the themes, and real clients.

A test that needs an external program (LibreOffice, pandoc, poppler) asks for it with
``require_tool``: on a developer machine without it the test is skipped; in CI
(``CI=true``) it fails, because CI installs every client and a skip would hide that.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from formatter.model import Briefing
from formatter.pipeline import brief
from formatter.theme import Theme, load_theme

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "seeds" / "belarus-threat-assessment.txt"
GOLDEN = Path(__file__).resolve().parent / "golden"
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def require_tool(name: str) -> str:
    """Path of program ``name``; skip without it, or fail in CI."""
    found = shutil.which(name)
    if found is None:
        message = f"{name} is not installed (.ci/run installs it)"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    return found


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
