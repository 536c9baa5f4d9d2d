"""Helpers for tests that run ``briefing`` in a project of their own: a folder with a
``.git`` marker (so the search for a project file stops there), articles derived from
the seed, and the command run as a real subprocess."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO, SEED


def make_project(root: Path, articles: int = 1, project_file: str | None = None) -> Path:
    """A project at ``root``: ``seeds/`` holds the seed (with its sidecar) and
    ``articles - 1`` more articles derived from it; ``project_file`` is written as
    ``briefing.toml`` when given."""
    (root / ".git").mkdir(parents=True)
    seeds = root / "seeds"
    seeds.mkdir()
    shutil.copy(SEED, seeds / SEED.name)
    shutil.copy(SEED.with_suffix(".toml"), seeds / SEED.with_suffix(".toml").name)
    text = SEED.read_text(encoding="utf-8")
    for number in range(1, articles):
        (seeds / f"article-{number:02d}.txt").write_text(
            f"Dispatch number {number} on the assessment.\n{text}", encoding="utf-8"
        )
    if project_file is not None:
        (root / "briefing.toml").write_text(project_file, encoding="utf-8")
    return root


def briefing(
    *args: str, cwd: Path, stdin: bytes | None = None, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    """Run ``python -m formatter ARGS`` in ``cwd`` (this checkout's code)."""
    environment = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run(
        [sys.executable, "-m", "formatter", *args],
        cwd=cwd,
        input=stdin.decode("utf-8") if stdin is not None else None,
        capture_output=True,
        text=True,
        env=environment,
        check=False,
        timeout=timeout,
    )


def error_lines(done: subprocess.CompletedProcess[str]) -> list[str]:
    return [line for line in done.stderr.splitlines() if line.startswith("error:")]


def tree(folder: Path) -> dict[str, bytes]:
    """Every file below ``folder`` (relative name -> bytes)."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }
