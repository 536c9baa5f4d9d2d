"""HTML and other shapes through the command line, and hostile pages."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from docx import Document

from tests.conftest import require_tool

PAGES = Path(__file__).parent / "fixtures" / "pages"


def run(*args: str, cwd: Path, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "formatter", *args],
        cwd=cwd, input=stdin, capture_output=True, check=False,
    )  # fmt: skip


@pytest.mark.slow
def test_build_html_to_docx_and_pdf(tmp_path: Path) -> None:
    pdftotext = require_tool("pdftotext")
    page = tmp_path / "court.html"
    page.write_bytes((PAGES / "article-tags.html").read_bytes())
    done = run("build", str(page), "-o", "out", "-f", "docx,pdf", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    text = subprocess.run(
        [pdftotext, "-layout", str(tmp_path / "out" / "court.pdf"), "-"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    flat = " ".join(text.split())
    assert "Vilnius court jails courier in Minsk spying case" in flat
    assert "Rasa Petrauskaite" in flat
    assert "The Baltic Ledger" in flat
    assert "ledger.example/world/2026/10/02/vilnius-court-courier" in flat.replace(" ", "")
    for noise in ("cookies", "Share on", "Six years is far too lenient", "Politics"):
        assert noise not in flat
    document = Document(str(tmp_path / "out" / "court.docx"))
    body = "\n".join(p.text for p in document.paragraphs)
    assert "Lithuania’s State Security Department" in body
    assert body.count("Vilnius court jails courier in Minsk spying case") == 1  # title only
    assert document.core_properties.author == "Rasa Petrauskaite"


def test_html_on_stdin_is_detected(tmp_path: Path) -> None:
    html = (PAGES / "json-ld.html").read_bytes()
    done = run("clean", "-", cwd=tmp_path, stdin=html)
    assert done.returncode == 0, done.stderr
    out = done.stdout.decode()
    assert out.startswith("Customs records reviewed by reporters")
    assert "<" not in out


def test_clean_report_shows_what_extraction_removed(tmp_path: Path) -> None:
    done = run("clean", str(PAGES / "article-tags.html"), "--report", cwd=tmp_path)
    assert done.returncode == 0
    report = done.stderr.decode()
    assert "read as an HTML page" in report
    assert "not article text (comments): Six years is far too lenient" in report
    assert "not article text (navigation): Politics" in report
    assert "title: Vilnius court jails courier" in report


def test_clean_report_names_the_text_shape(tmp_path: Path) -> None:
    path = tmp_path / "wrapped.txt"
    path.write_text(
        "Officials said on Tuesday that the border\nwas closed for the night.\n\n"
        "A second paragraph, wrapped\nat a narrow width.\n",
        encoding="utf-8",
    )
    done = run("clean", str(path), "--report", cwd=tmp_path)
    assert "read as hard-wrapped paragraphs separated by blank lines" in done.stderr.decode()
    assert done.stdout.decode().split("\n")[0].endswith("the border was closed for the night.")
    forced = run("clean", str(path), "--paragraphs", "lines", cwd=tmp_path)
    assert len(forced.stdout.decode().strip().split("\n")) == 4
    bad = run("clean", str(path), "--paragraphs", "wrapped", cwd=tmp_path)
    assert bad.returncode == 2
    assert b"--paragraphs" in bad.stderr


def test_navigation_page_exits_3(tmp_path: Path) -> None:
    done = run("build", str(PAGES / "navigation.html"), "-o", "out", cwd=tmp_path)
    assert done.returncode == 3
    assert b"no article text found on the page" in done.stderr
    assert not (tmp_path / "out" / "navigation.pdf").exists()


def test_build_html_from_stdin_and_no_smart(tmp_path: Path) -> None:
    html = (PAGES / "article-tags.html").read_bytes()
    done = run("build", "-", "-o", "out", "-f", "md", "--no-smart", cwd=tmp_path, stdin=html)
    assert done.returncode == 0, done.stderr
    markdown = (tmp_path / "out" / "stdin.md").read_text(encoding="utf-8")
    assert "Lithuania's State Security Department" in markdown  # as written
    assert "Politics" not in markdown
    smart = run("build", "-", "-o", "smart", "-f", "md", cwd=tmp_path, stdin=html)
    assert smart.returncode == 0
    assert "Lithuania’s State Security" in (tmp_path / "smart" / "stdin.md").read_text("utf-8")
