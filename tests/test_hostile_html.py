"""Hostile web pages: scripts, styles, entities, wrong charsets, deep nesting, huge
pages and markup in metadata. Nothing reaches a document as markup."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from docx import Document

from formatter.pipeline import brief
from formatter.readers.html import MAX_LISTED_REMOVALS
from formatter.readers.page_metadata import checked


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "formatter", *args], cwd=cwd, capture_output=True, check=False
    )


HOSTILE_PARAGRAPH = (
    "Officials said the &lt;script&gt;alert(1)&lt;/script&gt; string &amp; the "
    "&lt;b&gt;tag&lt;/b&gt; appeared in a message posted by the group on Monday night."
)


def hostile_page(extra: str = "", charset: str = "utf-8") -> str:
    return (
        f'<html><head><meta charset="{charset}"><title>Hostile page test</title>'
        "<style>p { color: red }</style><script>document.write('<p>injected text</p>')</script>"
        f"</head><body>{extra}<article><h1>Hostile page test</h1>"
        f"<p>{HOSTILE_PARAGRAPH}</p>"
        "<p>A second paragraph gives the extraction enough text to recognise an article "
        "body on this page, as any news story would.</p>"
        "<p>Zürich, Vilnius and Minsk were named; the café owner’s statement followed.</p>"
        "</article></body></html>"
    )


def test_hostile_markup_reaches_writers_as_text(tmp_path: Path) -> None:
    page = tmp_path / "hostile.html"
    page.write_text(hostile_page(), encoding="utf-8")
    briefing = brief(str(page))
    texts = " ".join(p.text for p in briefing.paragraphs)
    assert "<script>alert(1)</script>" in texts  # entities decoded to plain text
    assert "<b>tag</b>" in texts
    assert "injected text" not in texts
    assert "color: red" not in texts
    done = run("build", str(page), "-o", "out", "-f", "docx,pdf,md", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    document = Document(str(tmp_path / "out" / "hostile.docx"))
    assert any("<script>alert(1)</script>" in p.text for p in document.paragraphs)
    markdown = (tmp_path / "out" / "hostile.md").read_text(encoding="utf-8")
    assert "\\<script\\>alert(1)\\</script\\>" in markdown  # escaped, not live HTML
    assert "<script>" not in markdown.replace("\\<script\\>", "")


def test_wrong_meta_charset_is_not_believed(tmp_path: Path) -> None:
    page = tmp_path / "charset.html"
    # UTF-8 bytes declared as ISO-8859-1, and cp1252 bytes declared as UTF-8
    page.write_bytes(hostile_page(charset="iso-8859-1").encode("utf-8"))
    assert "Zürich" in " ".join(p.text for p in brief(str(page)).paragraphs)
    page.write_bytes(hostile_page(charset="utf-8").encode("cp1252"))
    texts = " ".join(p.text for p in brief(str(page)).paragraphs)
    assert "Zürich" in texts
    assert "café owner’s" in texts


def test_deeply_nested_page_is_a_clear_error(tmp_path: Path) -> None:
    page = tmp_path / "deep.html"
    page.write_text("<html><body>" + "<div>" * 50_000 + "<p>deep</p>" + "</div>" * 50_000)
    done = run("build", str(page), "-o", "out", cwd=tmp_path)
    assert done.returncode == 3
    assert done.stderr.decode().count("\n") == 1
    assert b"Traceback" not in done.stderr


def test_huge_page_is_refused_by_size(tmp_path: Path) -> None:
    page = tmp_path / "huge.html"
    page.write_text(hostile_page("<p>" + "word " * 300_000 + "</p>"), encoding="utf-8")
    done = run("build", str(page), "-o", "out", "--max-bytes", "1000000", cwd=tmp_path)
    assert done.returncode == 3
    assert b"1,000,000-byte limit" in done.stderr


def test_markup_in_metadata_is_dropped(tmp_path: Path) -> None:
    page = tmp_path / "meta.html"
    page.write_text(
        hostile_page().replace(
            "<title>Hostile page test</title>",
            '<meta name="author" content="<img src=/etc/passwd>">'
            '<meta property="article:published_time" content="2026-02-30">',
        ),
        encoding="utf-8",
    )
    briefing = brief(str(page))
    assert briefing.metadata.author is None  # markup, not a name
    assert briefing.metadata.date is None  # not a calendar date, and not "repaired" either
    assert checked(date_text="2026-02-30").date is None
    assert checked(date_text="2026-02-28T10:00:00Z").date == "2026-02-28"
    assert checked(language="en_us").language == "en-US"
    assert checked(url="javascript:alert(1)").url is None


def test_page_of_thousands_of_links_lists_a_bounded_number(tmp_path: Path) -> None:
    links = "".join(f'<li><a href="/s{i}">Section number {i}</a></li>' for i in range(5000))
    page = tmp_path / "links.html"
    page.write_text(hostile_page(f"<nav><ul>{links}</ul></nav>"), encoding="utf-8")
    briefing = brief(str(page))
    left_out = [r for r in briefing.provenance.removed if r.reason == "not article text"]
    assert len(left_out) == MAX_LISTED_REMOVALS
    assert {r.detail for r in left_out} == {"navigation"}
    assert all("Section number" not in p.text for p in briefing.paragraphs)
