"""The command line, in-process with Typer's CliRunner and as a real subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from formatter import __version__
from formatter.cli import app
from formatter.errors import ExitCode
from formatter.taxonomy import load_taxonomy
from tests import seed_facts
from tests.conftest import REPO, SEED

runner = CliRunner()


def _run(
    *args: str, cwd: Path | None = None, stdin: bytes | None = None
) -> subprocess.CompletedProcess[bytes]:
    environment = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run(
        [sys.executable, "-m", "formatter", *args],
        cwd=cwd or REPO,
        input=stdin,
        capture_output=True,
        env=environment,
        check=False,
        timeout=120,
    )


def test_version_and_help() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.output == f"briefing {__version__}\n"
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for command in ("build", "clean", "sections", "styles"):
        assert command in result.output
    assert "3 bad input" in " ".join(result.output.split())


def test_help_does_not_import_the_heavy_libraries() -> None:
    code = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from formatter.cli import app\n"
        "CliRunner().invoke(app, ['--help'])\n"
        "CliRunner().invoke(app, ['build', '--help'])\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in "
        "{'docx', 'reportlab', 'rich', 'lxml', 'ftfy', 'charset_normalizer', 'pyphen'})\n"
        "print(heavy)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO
    )
    assert done.stdout.strip() == "[]"


def test_clean_prints_the_kept_paragraphs_and_reports_removals() -> None:
    result = runner.invoke(app, ["clean", str(SEED), "--report"])
    assert result.exit_code == 0
    kept = result.stdout.splitlines()
    assert len(kept) == 13
    assert kept[0].startswith("A report published by Lithuanian intelligence services")
    assert kept[-1].startswith("Relations between Minsk and the EU")
    assert "line 8: duplicate of line 3: It accuses" in result.stderr
    assert "23 paragraph(s) in, 13 kept, 10 removed" in result.stderr


def test_sections_json_lists_every_paragraph_with_its_section() -> None:
    result = runner.invoke(app, ["sections", str(SEED), "--json"])
    assert result.exit_code == 0
    rows = json.loads(result.stdout)
    assert [row["section"] for row in rows] == [
        "context",
        "context",
        "diaspora",
        "diaspora",
        "diaspora",
        "diaspora",
        "ukraine",
        "ukraine",
        "ukraine",
        "context",
        "ukraine",
        "destabilization",
        "context",
    ]
    assert rows[0]["rule"] == "lede"
    weights = {cue.text: cue.weight for cue in load_taxonomy().cues}
    first = {"cue": "@abroad & @coercion", "weight": weights["@abroad & @coercion"], "count": 1}
    assert rows[2]["cues"][0] == first
    assert rows[2]["score"] == sum(cue["weight"] for cue in rows[2]["cues"])
    shown = [match["cue"] for match in rows[2]["cues"]][:4]  # the reason names the weightiest
    assert rows[2]["reason"].startswith("cues: " + ", ".join(shown))
    assert {"@abroad & @coercion", "coerc*", "diaspora*"} <= {m["cue"] for m in rows[2]["cues"]}
    # no cues of its own: the model reads it with the diaspora paragraph before it
    assert rows[5]["rule"] == "model"
    assert rows[5]["score"] == 0
    assert rows[5]["reason"].startswith("model: diaspora over ")
    assert "diaspora cues of ¶4" in rows[5]["reason"]


def test_sections_table_when_not_a_terminal() -> None:
    result = runner.invoke(app, ["sections", str(SEED)])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "index\tline\tsection\trule\tscore\treason\ttext"
    data = json.loads(runner.invoke(app, ["sections", str(SEED), "--json"]).stdout)
    row = lines[3].split("\t")
    assert row[:4] == ["2", "3", "diaspora", "cues"]
    assert float(row[4]) == data[2]["score"]
    assert row[5] == data[2]["reason"]
    assert row[5].startswith("cues: @abroad & @coercion")


def test_styles_lists_the_themes() -> None:
    result = runner.invoke(app, ["styles"])
    assert result.exit_code == 0
    names = [line.split()[0] for line in result.stdout.splitlines()]
    assert names == ["briefing", "plain"]


def test_build_markdown_and_json_in_process(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["build", str(SEED), "--out", str(tmp_path), "--format", "md,json", "--title", "T"]
    )
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        f"{seed_facts.STEM}.json",
        f"{seed_facts.STEM}.md",
    ]
    assert json.loads((tmp_path / f"{seed_facts.STEM}.json").read_text())["title"] == "T"
    assert "built 1 input(s): 2 written" in result.stdout


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["build", "missing.txt", "-f", "md"], 3, "error: missing.txt: no such file"),
        (["build", ".", "-f", "md"], 3, "error: .: is a directory, not an article"),
        (["build", str(SEED), "-f", "odt"], 2, "error: --format: unknown format 'odt'"),
        (["build", str(SEED), "-f", "md", "--style", "fancy"], 4, "error: fancy: unknown theme"),
        (["build", str(SEED), "-f", "md", "--shard", "3/2"], 2, "error: --shard: '3/2'"),
        (["build", str(SEED), "-f", "md", "--date", "soon"], 2, "date: 'soon' is not a date"),
        (["clean", "missing.txt"], 3, "error: missing.txt: no such file"),
        (["sections", "missing.txt"], 3, "error: missing.txt: no such file"),
    ],
)
def test_errors_are_one_line_with_the_documented_exit_code(
    tmp_path: Path, args: list[str], code: int, message: str
) -> None:
    done = _run(*args, "--out", str(tmp_path)) if args[0] == "build" else _run(*args)
    stderr = done.stderr.decode()
    assert done.returncode == code, stderr
    assert message in stderr
    assert "Traceback" not in stderr
    assert len([line for line in stderr.splitlines() if line.startswith("error:")]) == 1


def test_subprocess_build_reads_standard_input(tmp_path: Path) -> None:
    done = _run(
        "build", "-", "-f", "md", "--out", str(tmp_path), "--name", "piped", stdin=SEED.read_bytes()
    )
    assert done.returncode == 0, done.stderr.decode()
    text = (tmp_path / "piped.md").read_text(encoding="utf-8")
    assert f"## {seed_facts.SECTION_TITLES[0]}" in text
    assert "Source file: stdin" in text


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    done = _run("--debug", "build", "missing.txt", "-f", "md", "--out", str(tmp_path))
    assert done.returncode != 0
    assert "Traceback" in done.stderr.decode()
    assert "InputError" in done.stderr.decode()


def test_python_dash_m_and_console_script_agree() -> None:
    done = _run("--version")
    assert done.stdout.decode() == f"briefing {__version__}\n"


def test_a_reader_that_closes_the_pipe_early_ends_the_command_quietly() -> None:
    """`briefing sections … | head -1`: exit 141 (as SIGPIPE would), no error message.
    The reader's end of the pipe is closed before the command writes anything, so the
    first write fails, whatever the size of the system's pipe buffers."""
    reader, writer = os.pipe()
    os.close(reader)
    try:
        done = subprocess.run(
            [sys.executable, "-m", "formatter", "sections", str(SEED)],
            stdout=writer,
            stderr=subprocess.PIPE,
            cwd=REPO,
            check=False,
            timeout=120,
        )
    finally:
        os.close(writer)
    assert done.returncode == ExitCode.BROKEN_PIPE == 141
    assert done.stderr == b""
