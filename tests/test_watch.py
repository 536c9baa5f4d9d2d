"""`briefing watch` as a real process reacting to real file changes: one line per
rebuild, only what changed rebuilt, and never a half-written output."""

from __future__ import annotations

import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.projects import make_project

NAME = "belarus-threat-assessment"
WAIT_SECONDS = 30.0  # a bound, not a speed target: benchmarks/ measures the latency


class Watcher:
    """The `briefing watch` process and the lines it prints."""

    def __init__(self, cwd: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "formatter", "watch"],
            cwd=cwd,
            env={**os.environ, "PYTHONPATH": str(REPO)},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line.rstrip("\n"))

    def next_line(self) -> str:
        """The next line, waiting at most WAIT_SECONDS."""
        try:
            line = self.lines.get(timeout=WAIT_SECONDS)
        except queue.Empty:
            pytest.fail(f"no line from briefing watch within {WAIT_SECONDS} s; saw {self.seen}")
        self.seen.append(line)
        return line

    def stop(self) -> tuple[int, str]:
        self.process.send_signal(signal.SIGINT)
        try:
            code = self.process.wait(timeout=WAIT_SECONDS)
        except subprocess.TimeoutExpired:
            self.process.kill()
            raise
        assert self.process.stderr is not None
        return code, self.process.stderr.read()


@pytest.fixture
def project(tmp_path: Path) -> Path:
    make_project(tmp_path, articles=2, project_file='formats = ["md", "json", "pdf"]\n')
    (tmp_path / "styles").mkdir()
    (tmp_path / "styles" / "briefing.toml").write_text(
        'extends = "briefing"\nname = "briefing"\n', encoding="utf-8"
    )
    return tmp_path


@pytest.fixture
def watcher(project: Path) -> Iterator[Watcher]:
    running = Watcher(project)
    yield running
    if running.process.poll() is None:
        running.process.kill()
        running.process.wait()


class Reader:
    """Reads an output over and over while it is being rebuilt, keeping every distinct
    content it saw: each must be a whole document."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.contents: set[bytes] = set()
        self.reads = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.contents.add(self.path.read_bytes())
                self.reads += 1
            except FileNotFoundError:
                self.contents.add(b"<missing>")

    def stop(self) -> set[bytes]:
        self._stop.set()
        self._thread.join()
        return self.contents


@pytest.mark.slow
def test_watch_rebuilds_what_changed_one_line_each(project: Path, watcher: Watcher) -> None:
    first = watcher.next_line()
    assert first.startswith("built 2 input(s): 6 written ("), first
    assert watcher.next_line().startswith("watching ")
    dist = project / "dist"
    json_path, md_path, pdf_path = (dist / f"{NAME}{ext}" for ext in (".json", ".md", ".pdf"))
    old_json, old_md, old_pdf = json_path.read_bytes(), md_path.read_bytes(), pdf_path.read_bytes()
    other = (dist / "article-01.md").stat().st_mtime_ns

    # an article is saved: that briefing alone is rebuilt, and readers never see half of it
    readers = [Reader(json_path), Reader(md_path)]
    article = project / "seeds" / f"{NAME}.txt"
    article.write_text(
        article.read_text(encoding="utf-8")
        + "\nLithuanian officials said the ZEBRA programme monitored Belarusian agents.\n",
        encoding="utf-8",
    )
    line = watcher.next_line()
    seen_json, seen_md = (reader.stop() for reader in readers)
    assert all(reader.reads > 10 for reader in readers)  # read all through the rebuild
    assert line.startswith(f"seeds/{NAME}.txt changed: built 1 input(s): 3 written ("), line
    new_json, new_md = json_path.read_bytes(), md_path.read_bytes()
    assert b"ZEBRA" in new_md
    assert seen_json <= {old_json, new_json}
    assert seen_md <= {old_md, new_md}
    assert (
        json.loads(new_json)["source"]["paragraphs_in"]
        > json.loads(old_json)["source"]["paragraphs_in"]
    )
    assert (dist / "article-01.md").stat().st_mtime_ns == other  # not rebuilt
    assert pdf_path.read_bytes() != old_pdf

    # the sidecar
    sidecar = project / "seeds" / f"{NAME}.toml"
    sidecar.write_text(
        sidecar.read_text(encoding="utf-8").replace(
            'title = "Belarus: Lithuanian', 'title = "Belarus (revised): Lithuanian'
        ),
        encoding="utf-8",
    )
    line = watcher.next_line()
    assert line.startswith(f"seeds/{NAME}.toml changed: built 1 input(s): 3 written"), line
    assert md_path.read_text(encoding="utf-8").startswith("# Belarus (revised): Lithuanian")

    # the theme: everything
    before = pdf_path.read_bytes()
    theme = project / "styles" / "briefing.toml"
    theme.write_text(theme.read_text() + '\n[colors]\nheading = "#8B0000"\n', encoding="utf-8")
    line = watcher.next_line()
    assert line.startswith(
        "styles/briefing.toml changed: built 2 input(s): 4 unchanged, 2 written"
    ), line
    assert pdf_path.read_bytes() != before  # PDFs rebuilt; Markdown and JSON unchanged

    # a new article, then its removal
    new = project / "seeds" / "new-dispatch.txt"
    new.write_bytes(article.read_bytes())
    line = watcher.next_line()
    assert line.startswith("seeds/new-dispatch.txt changed: built 1 input(s): 3 written"), line
    assert (dist / "new-dispatch.md").exists()
    new.unlink()
    line = watcher.next_line()
    assert line.startswith("seeds/new-dispatch.txt changed: built 0 input(s): 3 removed"), line
    assert not (dist / "new-dispatch.md").exists()

    # a broken article: its error on stderr, the watch goes on
    article.write_text("   \n", encoding="utf-8")
    line = watcher.next_line()
    assert "1 input(s) failed" in line
    assert b"ZEBRA" in md_path.read_bytes()  # the last good briefing stays

    code, stderr = watcher.stop()
    assert code == 0
    assert f"error: {NAME}.txt: empty: no text to brief" in stderr
    assert "Traceback" not in stderr
    assert watcher.next_line() == "stopped watching"
    assert watcher.lines.empty()  # one line per rebuild, nothing else
    assert not list(dist.glob(".*.part"))


def test_watch_imports_watchfiles_only_in_that_command() -> None:
    code = (
        "import sys\n"
        "from formatter import cli, batch, build, manifest, project, library\n"
        "print('watchfiles' in sys.modules, 'anyio' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO
    )
    assert done.stdout.split() == ["False", "False"]
    started = time.perf_counter()
    assert started > 0


def test_watch_counts_the_taxonomy_s_sections_model_among_the_shared_files(
    tmp_path: Path,
) -> None:
    """Saving a retrained model rebuilds everything, like saving the taxonomy."""
    from formatter.project import CommandLine
    from formatter.watch import Setup

    make_project(tmp_path)
    previous = Path.cwd()
    os.chdir(tmp_path)
    try:
        setup = Setup.load(CommandLine(), max_bytes=1 << 20, debug=False)
    finally:
        os.chdir(previous)
    names = {path.name for path in setup.shared}
    assert {"taxonomy.toml", "sections-model.json"} <= names
