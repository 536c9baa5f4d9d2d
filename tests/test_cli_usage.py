"""Every command-line error on one line with its documented code; --marking none;
``-o -`` writes to standard output."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO, SEED
from tests.projects import briefing, error_lines

SEED_ARG = str(SEED)


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (["help"], "error: help: no such command (commands: build, clean, evaluate, sections, "),
        (["bild"], "error: bild: no such command (did you mean 'build'?)"),
        (["build", "--frmat", "md"], "error: --frmat: no such option (did you mean "),
        (["--versoin"], "error: --versoin: no such option (did you mean --version?)"),
        (["build", "--jobs", "-1"], "error: --jobs: -1 is not in the range x>=0"),
        (["build", "--out"], "error: --out: requires an argument"),
        (["styles", "extra"], "error: got unexpected extra argument"),
        (["styles", "--copy", "plain"], "error: --copy: requires 2 arguments"),
        (["build", SEED_ARG, "--date", "25/11/2026"], "error: --date: '25/11/2026' is not a date"),
        (["build", SEED_ARG, "--title", " "], "error: --title: must not be empty"),
        (["build", SEED_ARG, "-f", "odt"], "error: --format: unknown format 'odt'"),
        (["build", SEED_ARG, "--shard", "0/2"], "error: --shard: '0/2': K must be between"),
    ],
)
def test_usage_errors_are_one_line_with_exit_code_2(
    tmp_path: Path, args: list[str], line: str
) -> None:
    done = briefing(*args, cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith(line), done.stderr
    assert len(done.stderr.splitlines()) == 1
    assert "Usage:" not in done.stderr
    assert not (tmp_path / "dist").exists()


def test_a_bad_value_is_reported_once_for_many_inputs(tmp_path: Path) -> None:
    for name in ("a", "b", "c"):
        (tmp_path / f"{name}.txt").write_bytes(SEED.read_bytes())
    done = briefing("build", "a.txt", "b.txt", "c.txt", "--date", "25/11/2026", cwd=tmp_path)
    assert done.returncode == 2
    assert error_lines(done) == [
        "error: --date: '25/11/2026' is not a date such as 2026-11-25 (YYYY-MM-DD)"
    ]
    assert not (tmp_path / "dist").exists()


def test_briefing_alone_prints_the_help() -> None:
    done = briefing(cwd=REPO)
    assert done.returncode == 0
    assert done.stdout.startswith("Usage: briefing [OPTIONS] COMMAND [ARGS]...")
    for command in ("build", "clean", "sections", "styles", "taxonomy", "watch"):
        assert command in done.stdout


@pytest.mark.parametrize("marking", ["none", "", "None"])
def test_marking_none_removes_the_marking(tmp_path: Path, marking: str) -> None:
    done = briefing(
        "build",
        SEED_ARG,
        "-o",
        str(tmp_path),
        "-f",
        "md,json,pdf",
        "--marking",
        marking,
        "-q",
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    data = json.loads((tmp_path / "belarus-threat-assessment.json").read_text(encoding="utf-8"))
    assert data["marking"] is None
    markdown = (tmp_path / "belarus-threat-assessment.md").read_text(encoding="utf-8")
    assert "TLP:" not in markdown
    from pypdf import PdfReader

    text = "".join(
        page.extract_text() for page in PdfReader(tmp_path / "belarus-threat-assessment.pdf").pages
    )
    assert "TLP:" not in text
    default = briefing("build", SEED_ARG, "-o", str(tmp_path / "d"), "-f", "json", cwd=tmp_path)
    assert default.returncode == 0
    kept = json.loads((tmp_path / "d" / "belarus-threat-assessment.json").read_text("utf-8"))
    assert kept["marking"] == "TLP:CLEAR"  # without the option: the theme's default


def test_dash_o_dash_writes_markdown_or_json_to_standard_output(tmp_path: Path) -> None:
    done = briefing("build", SEED_ARG, "-o", "-", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("# Belarus: Lithuanian intelligence warns")
    assert done.stdout.endswith("\n")
    assert "written" not in done.stdout
    assert not (tmp_path / "-").exists()
    assert list(tmp_path.iterdir()) == []
    as_json = briefing("build", "-", "-o", "-", "-f", "json", cwd=tmp_path, stdin=SEED.read_bytes())
    assert as_json.returncode == 0, as_json.stderr
    assert json.loads(as_json.stdout)["schema"].startswith("briefing-formatter/briefing/")
    two = briefing("build", SEED_ARG, "-o", "-", "-f", "md,json", cwd=tmp_path)
    assert two.returncode == 2
    assert error_lines(two) == ["error: --format: standard output takes one format, e.g. -f md"]


def test_dash_o_dash_writes_a_pdf_to_a_pipe_but_not_to_a_terminal(tmp_path: Path) -> None:
    piped = subprocess.run(
        [sys.executable, "-m", "formatter", "build", SEED_ARG, "-o", "-", "-f", "pdf"],
        capture_output=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        cwd=tmp_path,
        check=False,
    )
    assert piped.returncode == 0
    assert piped.stdout.startswith(b"%PDF-")
    primary, secondary = pty.openpty()
    try:
        done = subprocess.run(
            [sys.executable, "-m", "formatter", "build", SEED_ARG, "-o", "-", "-f", "docx"],
            stdout=secondary,
            stderr=subprocess.PIPE,
            env={**os.environ, "PYTHONPATH": str(REPO)},
            cwd=tmp_path,
            check=False,
            timeout=60,
        )
    finally:
        os.close(secondary)
        os.close(primary)
    assert done.returncode == 2
    assert done.stderr.decode().splitlines() == [
        "error: -o -: will not write a DOCX file to a terminal: redirect it "
        "(> briefing.docx) or use -f md or -f json"
    ]


def test_a_sidecar_marking_of_none_removes_it_and_the_option_wins(tmp_path: Path) -> None:
    article = tmp_path / "note.txt"
    article.write_bytes(SEED.read_bytes())
    (tmp_path / "note.toml").write_text('title = "Note"\nmarking = "none"\n', encoding="utf-8")
    done = briefing("build", "note.txt", "-o", "-", "-f", "json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["marking"] is None
    done = briefing(
        "build", "note.txt", "-o", "-", "-f", "json", "--marking", "TLP:GREEN", cwd=tmp_path
    )
    assert json.loads(done.stdout)["marking"] == "TLP:GREEN"
