"""Nothing lost: a failing, interrupted or killed build leaves what was built before.

Outputs are rendered to bytes first and then replaced one by one through a temporary
``.<name>.*.part`` file renamed into place. These tests break a build at each point
(a writer raising mid-render, the disk failing mid-write, Ctrl-C, SIGKILL) and check
that the previous files are byte-identical and no temporary file is left, except the
one a SIGKILL mid-write cannot clean up: the next build removes that once it is old.
"""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from formatter.build import Settings, Status, Target, process
from formatter.errors import OutputError, RenderError
from formatter.output import STALE_PART_SECONDS, remove_stale_parts, write_atomic
from formatter.writers import parse_formats
from tests.conftest import REPO

ARTICLE = (
    "Belarusian intelligence services pressure the diaspora in Lithuania and Poland.\n"
    "Relatives at home are questioned and threatened with prosecution.\n"
)
CHANGED = ARTICLE + "A third paragraph changes every output.\n"


def parts(directory: Path) -> list[Path]:
    return sorted(directory.glob(".*.part"))


def snapshot(directory: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(directory.iterdir())}


@pytest.fixture
def built(tmp_path: Path) -> tuple[Path, Path, Settings, dict[str, bytes]]:
    """An article built once to Markdown and JSON: (input, out dir, settings, files)."""
    article = tmp_path / "article.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    out = tmp_path / "dist"
    out.mkdir()
    settings = Settings(out, parse_formats("md,json"))
    result = process(Target(str(article), "article"), settings)
    assert result.error is None
    assert [file.status for file in result.files] == [Status.WRITTEN, Status.WRITTEN]
    return article, out, settings, snapshot(out)


def test_a_writer_crashing_mid_render_changes_nothing(
    built: tuple[Path, Path, Settings, dict[str, bytes]], monkeypatch: pytest.MonkeyPatch
) -> None:
    article, out, settings, before = built
    article.write_text(CHANGED, encoding="utf-8")  # the Markdown would change...

    def crash(*_: Any) -> bytes:
        raise RuntimeError("writer bug")

    monkeypatch.setattr("formatter.writers.json.render", crash)  # ...but JSON crashes
    with pytest.raises(RuntimeError, match="writer bug"):
        process(Target(str(article), "article"), settings)
    assert snapshot(out) == before
    assert parts(out) == []


def test_a_render_error_is_reported_and_changes_nothing(
    built: tuple[Path, Path, Settings, dict[str, bytes]], monkeypatch: pytest.MonkeyPatch
) -> None:
    article, out, settings, before = built
    article.write_text(CHANGED, encoding="utf-8")

    def refuse(*_: Any) -> bytes:
        raise RenderError("article.json", "cannot render this")

    monkeypatch.setattr("formatter.writers.json.render", refuse)
    result = process(Target(str(article), "article"), settings)
    assert result.error == "article.json: cannot render this"
    assert result.exit_code == 70  # a writer failing is a bug, not an unwritable output
    assert snapshot(out) == before


def test_bad_input_on_rebuild_changes_nothing(
    built: tuple[Path, Path, Settings, dict[str, bytes]],
) -> None:
    article, out, settings, before = built
    article.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(32))
    result = process(Target(str(article), "article"), settings)
    assert result.error == "article.txt: looks like a PNG image, not a text article"
    assert result.exit_code == 3
    assert snapshot(out) == before


def test_the_disk_failing_mid_write_keeps_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "briefing.pdf"
    target.write_bytes(b"old and complete")

    def full(_: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(OutputError) as caught:
        write_atomic(target, b"new bytes " * 1000)
    assert str(caught.value) == f"{target}: cannot write: No space left on device"
    assert caught.value.exit_code == 5
    assert target.read_bytes() == b"old and complete"
    assert parts(tmp_path) == []


def test_ctrl_c_mid_write_keeps_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "briefing.docx"
    target.write_bytes(b"old and complete")

    def interrupted(_: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, b"new")
    assert target.read_bytes() == b"old and complete"
    assert parts(tmp_path) == []


def test_stale_temporary_files_are_removed_and_fresh_ones_kept(tmp_path: Path) -> None:
    target = tmp_path / "a[1].md"  # glob characters in the name must not matter
    stale = tmp_path / ".a[1].md.x7k2.part"
    fresh = tmp_path / ".a[1].md.q9z1.part"
    other = tmp_path / ".b.md.x7k2.part"
    for path in (stale, fresh, other):
        path.write_bytes(b"half")
    old = time.time() - STALE_PART_SECONDS - 60
    os.utime(stale, (old, old))
    os.utime(other, (old, old))
    write_atomic(target, b"done")
    assert target.read_bytes() == b"done"
    assert parts(tmp_path) == [fresh, other]  # another output's file is not ours to judge
    assert remove_stale_parts(tmp_path / "b.md") == [other]


# --- a real process, interrupted or killed ---------------------------------------------

# Runs the real command with one hook: when the build reaches ``stage`` it writes the
# ``ready`` file and sleeps, so the test can signal it at exactly that point.
DRIVER = """
import os, sys, time
from pathlib import Path

ready, stage, *args = sys.argv[1:]

def pause():
    Path(ready).write_text(stage)
    time.sleep(120)

if stage == "render":
    import formatter.writers.markdown as markdown
    original = markdown.render
    def render(briefing, theme):
        pause()
        return original(briefing, theme)
    markdown.render = render
else:
    real_fsync = os.fsync
    def fsync(descriptor):  # the temporary file holds the new bytes now
        pause()
        real_fsync(descriptor)
    os.fsync = fsync

from formatter.cli import app
app(args, prog_name="briefing")
"""


def _start(tmp_path: Path, stage: str, *args: str) -> tuple[subprocess.Popen[bytes], Path]:
    driver = tmp_path / "driver.py"
    driver.write_text(DRIVER, encoding="utf-8")
    ready = tmp_path / f"ready-{stage}"
    process = subprocess.Popen(
        [sys.executable, str(driver), str(ready), stage, *args],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    while not ready.exists():
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            _, stderr = process.communicate()
            pytest.fail(f"the build never reached {stage}: {stderr.decode()}")
        time.sleep(0.02)
    return process, ready


@pytest.fixture
def previous(tmp_path: Path) -> tuple[Path, dict[str, bytes]]:
    """``dist/`` holding a complete earlier build; the article has changed since."""
    article = tmp_path / "article.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    out = tmp_path / "dist"
    done = subprocess.run(
        [sys.executable, "-m", "formatter", "build", "article.txt", "-f", "md", "-o", "dist"],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        capture_output=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr.decode()
    article.write_text(CHANGED, encoding="utf-8")
    return out, snapshot(out)


BUILD = ("build", "article.txt", "-f", "md", "-o", "dist", "-j", "1")


@pytest.mark.parametrize("stage", ["render", "write"])
def test_ctrl_c_leaves_the_previous_file_and_exits_130(
    tmp_path: Path, previous: tuple[Path, dict[str, bytes]], stage: str
) -> None:
    out, before = previous
    process, _ = _start(tmp_path, stage, *BUILD)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130
    assert stderr.decode() == "error: interrupted; files already in place were left untouched\n"
    assert snapshot(out) == before
    assert parts(out) == []


def test_sigkill_mid_render_leaves_the_previous_file(
    tmp_path: Path, previous: tuple[Path, dict[str, bytes]]
) -> None:
    out, before = previous
    process, _ = _start(tmp_path, "render", *BUILD)
    process.kill()
    process.communicate(timeout=60)
    assert process.returncode == -signal.SIGKILL
    assert snapshot(out) == before
    assert parts(out) == []


def test_sigkill_mid_write_leaves_the_previous_file_and_the_next_build_cleans_up(
    tmp_path: Path, previous: tuple[Path, dict[str, bytes]]
) -> None:
    out, before = previous
    process, _ = _start(tmp_path, "write", *BUILD)
    process.kill()
    process.communicate(timeout=60)
    assert process.returncode == -signal.SIGKILL
    # The old file is whole; the new bytes sit in a temporary file nothing could remove.
    assert (out / "article.md").read_bytes() == before["article.md"]
    [left] = parts(out)
    assert left.name.startswith(".article.md.")
    assert "A third paragraph changes every output." in left.read_text(encoding="utf-8")
    old = time.time() - STALE_PART_SECONDS - 60
    os.utime(left, (old, old))  # as if the kill happened a while ago

    done = subprocess.run(
        [sys.executable, "-m", "formatter", *BUILD],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        capture_output=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr.decode()
    assert parts(out) == []
    assert "A third paragraph changes every output." in (out / "article.md").read_text(
        encoding="utf-8"
    )
