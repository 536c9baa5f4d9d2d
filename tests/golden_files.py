"""Golden files: expected output kept under ``tests/golden/`` and compared as text.

Regenerate them with ``BRIEFING_REGENERATE_GOLDEN=1 pytest``, then review the change
with ``git diff tests/golden`` before committing it: a golden file is only as good as
the review of its diff.
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

import pytest

GOLDEN_DIR = Path(__file__).resolve().parent / "golden"
REGENERATE = os.environ.get("BRIEFING_REGENERATE_GOLDEN", "") == "1"


def assert_golden(name: str, actual: str) -> None:
    """Compare ``actual`` with ``tests/golden/<name>``, or rewrite it when regenerating."""
    path = GOLDEN_DIR / name
    if REGENERATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8", newline="\n")
        return
    if not path.exists():
        pytest.fail(f"no golden file {name}; create it with BRIEFING_REGENERATE_GOLDEN=1")
    expected = path.read_text(encoding="utf-8")
    if actual != expected:
        diff = "".join(
            difflib.unified_diff(
                expected.splitlines(keepends=True),
                actual.splitlines(keepends=True),
                fromfile=f"golden/{name}",
                tofile="actual",
                n=2,
            )
        )
        pytest.fail(
            f"{name} differs from its golden file (regenerate with "
            f"BRIEFING_REGENERATE_GOLDEN=1 after review):\n{diff[:6000]}"
        )
