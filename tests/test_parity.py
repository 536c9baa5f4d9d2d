"""DOCX, PDF and Markdown print the same document: text and block order read back out
of each file (python-docx, pdftotext, the Markdown lines) are one sequence, the one
the document plan lists; the keywords agree in DOCX, PDF and JSON; the running heads
agree page by page.
"""

from __future__ import annotations

import dataclasses
import io
import json
import re
import subprocess
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader

from formatter.model import Briefing
from formatter.plan import (
    BodyParagraph,
    Field,
    KeyPoints,
    Marking,
    MarkingLabel,
    PageField,
    Plan,
    RunningLine,
    SectionHeading,
    SourceNote,
    Summary,
    Text,
    TitleBlock,
    plan,
)
from formatter.theme import Theme, load_theme
from formatter.writers import docx as docx_writer
from formatter.writers import json as json_writer
from formatter.writers import markdown as markdown_writer
from formatter.writers import pdf as pdf_writer
from tests import seed_facts
from tests.conftest import libreoffice_convert, require_tool

Item = tuple[str, str]  # (kind of block, its text)
NBSP = "\u00a0"
BULLET = "\u2022"

DOCX_KINDS = {
    "Title": "title",
    "Subtitle": "subtitle",
    "Meta": "meta",
    "Marking": "marking",
    "Key Points Heading": "heading",
    "Key Point": "point",
    "Heading 1": "heading",
    "Summary": "summary",
    "Body Text": "paragraph",
    "Source Note Heading": "heading",
    "Source Note": "note",
}


def planned(document: Plan) -> list[Item]:
    """The sequence the plan asks every writer to print."""
    items: list[Item] = []
    for block in document.blocks:
        match block:
            case TitleBlock(title, subtitle, meta):
                items.append(("title", title))
                items += [("subtitle", subtitle)] if subtitle else []
                items += [("meta", meta)] if meta else []
            case Marking(text):
                items.append(("marking", text))
            case KeyPoints(heading, points):
                items += [("heading", heading), *(("point", point) for point in points)]
            case Summary(heading, text):
                items += [("heading", heading), ("summary", text)]
            case SectionHeading(title):
                items.append(("heading", title))
            case BodyParagraph(text):
                items.append(("paragraph", text))
            case SourceNote(heading, lines):
                items += [("heading", heading), *(("note", line) for line in lines)]
    return items


def from_docx(data: bytes) -> list[Item]:
    document = docx.Document(io.BytesIO(data))
    items = []
    for paragraph in document.paragraphs:
        if paragraph.text.strip(NBSP):
            items.append((DOCX_KINDS[paragraph.style.name], paragraph.text.strip(NBSP)))
    return items


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def from_markdown(data: bytes) -> list[Item]:
    items: list[Item] = []
    heading = ""
    for line in data.decode("utf-8").splitlines():
        if not line or line.startswith("<!--"):
            continue
        if line.startswith("# "):
            items.append(("title", _unescape(line[2:])))
        elif line.startswith("## "):
            heading = _unescape(line[3:])
            items.append(("heading", heading))
        elif line.startswith("**") and line.endswith("**"):
            items.append(("marking", _unescape(line[2:-2])))
        elif line.startswith("*") and line.endswith("*"):
            items.append(("subtitle", _unescape(line[1:-1])))
        elif line.startswith("- "):
            items.append(("point" if heading == "Key points" else "note", _unescape(line[2:])))
        elif items[-1][0] in {"title", "subtitle"}:
            items.append(("meta", _unescape(line)))
        else:
            items.append(("summary" if heading == "Summary" else "paragraph", _unescape(line)))
    return items


def squash(text: str) -> str:
    """Text without white space and hyphens: line breaks and hyphenation vanish."""
    return re.sub(r"[\s\-\u00ad\u2010]+", "", text)


def pdf_pages(path: Path) -> list[list[str]]:
    """Each page's non-empty lines, in pdftotext's layout mode (columns kept apart)."""
    tool = require_tool("pdftotext")
    text = subprocess.run(
        [tool, "-layout", "-enc", "UTF-8", str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    pages = text.split("\f")
    if pages and not pages[-1].strip():
        pages.pop()
    return [[line for line in page.splitlines() if line.strip()] for page in pages]


def running_text(line: RunningLine, page: int, pages: int) -> list[str]:
    """The columns of a running line as a reader sees them on ``page`` of ``pages``."""
    columns = []
    for column in line.columns:
        text = ""
        for segment in column:
            match segment:
                case Text(value) | MarkingLabel(value):
                    text += value
                case Field(field):
                    text += str(page if field is PageField.PAGE else pages)
        if text:
            columns.append(text)
    return columns


def heads(page_lines: list[str]) -> tuple[list[str], list[str]]:
    """The header's and the footer's columns of one page (split at wide gaps)."""

    def columns(line: str) -> list[str]:
        return [part.strip() for part in re.split(r"\s{3,}", line.strip()) if part.strip()]

    return columns(page_lines[0]), columns(page_lines[-1])


@pytest.fixture(scope="module", params=["briefing", "plain"])
def theme(request: pytest.FixtureRequest) -> Theme:
    return load_theme(request.param)


@pytest.fixture(scope="module")
def rendered(
    seed_briefing: Briefing, theme: Theme, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp(f"parity-{theme.name}")
    paths = {}
    for name, writer, suffix in (
        ("docx", docx_writer, ".docx"),
        ("pdf", pdf_writer, ".pdf"),
        ("md", markdown_writer, ".md"),
        ("json", json_writer, ".json"),
    ):
        paths[name] = folder / f"seed{suffix}"
        paths[name].write_bytes(writer.render(seed_briefing, theme))
    return paths


def test_docx_and_markdown_read_back_as_the_planned_sequence(
    seed_briefing: Briefing, theme: Theme, rendered: dict[str, Path]
) -> None:
    expected = planned(plan(seed_briefing, theme))
    assert from_docx(rendered["docx"].read_bytes()) == expected
    assert from_markdown(rendered["md"].read_bytes()) == expected


def test_pdf_reads_back_as_the_same_sequence_and_nothing_else(
    seed_briefing: Briefing, theme: Theme, rendered: dict[str, Path]
) -> None:
    """Every block's text is found in the PDF's text in the DOCX's order, and once the
    running heads are set aside nothing is left over."""
    sequence = from_docx(rendered["docx"].read_bytes())
    pages = pdf_pages(rendered["pdf"])
    body = squash("".join("".join(lines[1:-1]) for lines in pages))
    position = 0
    for kind, text in sequence:
        if kind == "point" and body.startswith(BULLET, position):
            position += len(BULLET)  # the PDF draws the bullet; the DOCX numbering does
        found = body.find(squash(text), position)
        assert found == position, (kind, text[:60], body[position : position + 60])
        position = found + len(squash(text))
    assert body[position:] == ""


def test_running_heads_agree_with_the_plan_page_by_page(
    seed_briefing: Briefing, theme: Theme, rendered: dict[str, Path]
) -> None:
    running = plan(seed_briefing, theme).running
    pages = pdf_pages(rendered["pdf"])
    assert len(pages) >= 2
    for number, lines in enumerate(pages, start=1):
        header, footer = heads(lines)
        first = number == 1
        assert header == running_text(
            running.first_header if first else running.header, number, len(pages)
        )
        assert footer == running_text(
            running.first_footer if first else running.footer, number, len(pages)
        )
    # page 1 leaves the title out of the header: the title block shows it
    assert seed_facts.MARKING in pages[0][0]
    assert seed_facts.SHORT_TITLE not in pages[0][0]
    assert seed_facts.SHORT_TITLE in pages[1][0]


@pytest.mark.slow
def test_docx_running_heads_match_the_pdfs_in_libreoffice(
    theme: Theme, rendered: dict[str, Path], tmp_path: Path
) -> None:
    """LibreOffice lays the DOCX out: on every page both formats have, header and
    footer say the same (each with its own page count)."""
    converted = libreoffice_convert(rendered["docx"], "pdf", tmp_path, tmp_path / "profile")
    from_word = pdf_pages(converted)
    from_reportlab = pdf_pages(rendered["pdf"])
    assert from_word
    total = {"word": str(len(from_word)), "pdf": str(len(from_reportlab))}
    for number in range(min(len(from_word), len(from_reportlab))):
        assert _any_total(from_word[number]) == _any_total(from_reportlab[number]), (
            number + 1,
            total,
        )


def _any_total(page_lines: list[str]) -> tuple[list[str], list[str]]:
    """A page's header and footer columns with "of <page count>" made "of N"."""
    header, footer = heads(page_lines)
    return header, [re.sub(r"of \d+$", "of N", column) for column in footer]


def _keywords(rendered: dict[str, Path]) -> tuple[str, str, str]:
    in_docx = docx.Document(str(rendered["docx"])).core_properties.keywords
    metadata = PdfReader(str(rendered["pdf"])).metadata
    in_pdf = str(metadata.get("/Keywords", "")) if metadata else ""
    in_json = "; ".join(json.loads(rendered["json"].read_text(encoding="utf-8"))["keywords"])
    return in_docx, in_pdf, in_json


def test_keywords_agree_in_docx_pdf_and_json(
    seed_briefing: Briefing, rendered: dict[str, Path]
) -> None:
    in_docx, in_pdf, in_json = _keywords(rendered)
    assert in_docx == in_pdf == in_json == "; ".join(seed_briefing.metadata.keywords)
    assert in_docx == "; ".join(seed_facts.KEYWORDS)
    assert seed_facts.FALLBACK_TITLE not in in_docx  # the fallback section is no keyword


def test_no_keywords_anywhere_when_the_briefing_has_none(
    seed_briefing: Briefing, theme: Theme, tmp_path: Path
) -> None:
    metadata = dataclasses.replace(seed_briefing.metadata, keywords=())
    briefing = dataclasses.replace(seed_briefing, metadata=metadata, key_points=())
    paths = {}
    for name, writer in (("docx", docx_writer), ("pdf", pdf_writer), ("json", json_writer)):
        paths[name] = tmp_path / f"sparse.{name}"
        paths[name].write_bytes(writer.render(briefing, theme))
    assert _keywords(paths) == ("", "", "")
    markdown = markdown_writer.render(briefing, theme)
    assert b"Key points" not in markdown  # no empty heading
    assert from_markdown(markdown) == from_docx(paths["docx"].read_bytes())


def test_docx_first_page_header_leaves_the_title_out_as_the_pdf_does(
    theme: Theme, rendered: dict[str, Path]
) -> None:
    section = docx.Document(str(rendered["docx"])).sections[0]
    assert section.different_first_page_header_footer
    first = section.first_page_header.paragraphs[0].text.strip(NBSP + "\t")
    later = section.header.paragraphs[0].text.strip(NBSP)
    assert first == seed_facts.MARKING
    assert later.startswith(seed_facts.SHORT_TITLE)
    pdf_first, _ = heads(pdf_pages(rendered["pdf"])[0])
    assert pdf_first == [first]
