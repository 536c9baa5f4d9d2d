"""The DOCX is accessible: the document language on the styles, headings with outline
levels (Word's navigation pane, LibreOffice's navigator), the title in the core
properties, the key points as a real bulleted list, the marking as text. Read back
with python-docx and lxml, and (slow) through LibreOffice's own reading of the file."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest
from lxml import etree

from formatter import wording
from formatter.model import Briefing
from formatter.theme import Theme
from formatter.writers import docx as docx_writer
from tests.conftest import libreoffice_convert

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
HEADING_STYLES = ("Heading1", "Heading2", "KeyPointsHeading", "SourceNoteHeading")
BODY_STYLES = ("BodyText", "Summary", "KeyPoint", "SourceNote", "Title", "Meta", "Marking")


@pytest.fixture(scope="module")
def seed_docx(seed_briefing: Briefing, default_theme: Theme) -> bytes:
    return docx_writer.render(seed_briefing, default_theme)


def xml(data: bytes, name: str) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return etree.fromstring(package.read(name))


def paragraph_property(styles: etree._Element, style_id: str, name: str) -> str | None:
    """A paragraph property of a style, following ``basedOn`` as Word does."""
    while style_id:
        style = styles.find(f"{W}style[@{W}styleId='{style_id}']")
        assert style is not None, style_id
        found = style.find(f"{W}pPr/{W}{name}")
        if found is not None:
            return str(found.get(f"{W}val"))
        based = style.find(f"{W}basedOn")
        style_id = based.get(f"{W}val") if based is not None else ""
    return None


def test_headings_have_outline_levels_and_body_text_none(seed_docx: bytes) -> None:
    styles = xml(seed_docx, "word/styles.xml")
    levels = {name: paragraph_property(styles, name, "outlineLvl") for name in HEADING_STYLES}
    assert levels == {
        "Heading1": "0",
        "Heading2": "1",
        "KeyPointsHeading": "0",
        "SourceNoteHeading": "0",
    }
    for name in BODY_STYLES:
        assert paragraph_property(styles, name, "outlineLvl") is None, name


def test_language_on_the_styles_and_title_in_core_properties(
    seed_docx: bytes, seed_briefing: Briefing
) -> None:
    styles = xml(seed_docx, "word/styles.xml")
    lang = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
    assert lang is not None
    assert lang.get(f"{W}val") == seed_briefing.metadata.language
    overriding = [
        element.get(f"{W}val")
        for element in styles.iter(f"{W}lang")
        if element.get(f"{W}val") not in (None, seed_briefing.metadata.language)
    ]
    assert overriding == []  # no style speaks another language
    core = docx.Document(io.BytesIO(seed_docx)).core_properties
    assert core.title == seed_briefing.metadata.title
    assert core.language == seed_briefing.metadata.language


def test_key_points_are_a_bulleted_list(seed_docx: bytes, seed_briefing: Briefing) -> None:
    document = docx.Document(io.BytesIO(seed_docx))
    points = [p for p in document.paragraphs if p.style is not None and p.style.name == "Key Point"]
    assert [p.text for p in points] == [point.text for point in seed_briefing.key_points]
    styles = xml(seed_docx, "word/styles.xml")
    style = styles.find(f"{W}style[@{W}styleId='KeyPoint']")
    assert style is not None
    num_id = style.find(f"{W}pPr/{W}numPr/{W}numId")
    assert num_id is not None
    numbering = xml(seed_docx, "word/numbering.xml")
    num = numbering.find(f"{W}num[@{W}numId='{num_id.get(f'{W}val')}']")
    assert num is not None
    abstract_id = num.find(f"{W}abstractNumId").get(f"{W}val")
    level = numbering.find(f"{W}abstractNum[@{W}abstractNumId='{abstract_id}']/{W}lvl")
    assert level is not None
    assert level.find(f"{W}numFmt").get(f"{W}val") == "bullet"
    assert level.find(f"{W}lvlText").get(f"{W}val") == "\u2022"


def test_marking_is_text(seed_docx: bytes, seed_briefing: Briefing, default_theme: Theme) -> None:
    marking = wording.marking(seed_briefing, default_theme)
    assert marking
    document = docx.Document(io.BytesIO(seed_docx))
    labels = [
        p.text for p in document.paragraphs if p.style is not None and p.style.name == "Marking"
    ]
    assert [label.strip("\u00a0 ") for label in labels] == [marking]  # padded with NBSP
    header = document.sections[0].header  # later pages' header also names it in words
    assert marking in "".join(p.text for p in header.paragraphs)


@pytest.mark.slow
def test_libreoffice_reads_headings_and_a_list(
    seed_docx: bytes, seed_briefing: Briefing, default_theme: Theme, tmp_path: Path
) -> None:
    """LibreOffice's navigator lists what its document model holds as headings: open the
    DOCX in LibreOffice, save it as ODT and read its headings and lists."""
    source = tmp_path / "seed.docx"
    source.write_bytes(seed_docx)
    odt = libreoffice_convert(source, "odt", tmp_path, tmp_path / "lo-profile")
    with zipfile.ZipFile(odt) as package:
        content = etree.fromstring(package.read("content.xml"))
    text = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
    headings = [
        ("".join(h.itertext()), h.get(f"{text}outline-level")) for h in content.iter(f"{text}h")
    ]
    labels = default_theme.labels
    expected = [labels.key_points, labels.summary]
    expected += [section.title for section in seed_briefing.body_sections()]
    expected.append(labels.source_note)
    assert [title for title, _ in headings] == expected
    assert all(level == "1" for _, level in headings)
    items = ["".join(item.itertext()) for item in content.iter(f"{text}list-item")]
    assert items == [point.text for point in seed_briefing.key_points]
