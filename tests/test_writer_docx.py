"""The DOCX writer, read back with python-docx, pandoc and LibreOffice (no mocks).

The seed briefing is rendered once per module; tests that change the input or the
theme render their own (a render takes milliseconds once the base is cached).
"""

from __future__ import annotations

import dataclasses
import io
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pytest
from lxml import etree

from formatter.model import Briefing, Paragraph
from formatter.theme import Theme, load_theme
from formatter.timestamps import zip_datetime
from formatter.writers import WRITERS
from formatter.writers import docx as docx_writer
from formatter.writers.docx import document as docx_document
from tests import seed_facts
from tests.conftest import REPO, libreoffice_convert, require_tool
from tests.golden_files import REGENERATE, assert_golden

SECTION_TITLES = seed_facts.BODY_SECTION_TITLES
HEADINGS = ["Key points", "Summary", *SECTION_TITLES, "Source note"]
HEADING_STYLES = ["Key Points Heading", *["Heading 1"] * 5, "Source Note Heading"]
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
NBSP = "\u00a0"


@pytest.fixture(scope="module")
def seed_docx(seed_briefing: Briefing, default_theme: Theme) -> bytes:
    return docx_writer.render(seed_briefing, default_theme)


@pytest.fixture(scope="module")
def seed_document(seed_docx: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(seed_docx))


def part(data: bytes, name: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return package.read(name)


def xml(data: bytes, name: str) -> etree._Element:
    return etree.fromstring(part(data, name))


def canonical_xml(data: bytes) -> str:
    """A part pretty-printed with fixed indentation and without revision ids, so a
    golden diff shows what changed and nothing else."""
    root = etree.fromstring(data)
    for element in root.iter():
        for name in [name for name in element.attrib if name.startswith(f"{W}rsid")]:
            del element.attrib[name]
    for element in root.iter(f"{W}rsid"):
        element.getparent().remove(element)
    etree.indent(root, space="  ")
    # No-break spaces written as references, so a reviewer can see them in a diff.
    return etree.tostring(root, encoding="unicode").replace(NBSP, "&#160;") + "\n"


def is_heading(style: docx.styles.style.BaseStyle | None) -> bool:
    while style is not None:
        if style.name == "Heading 1":
            return True
        style = style.base_style
    return False


def style_element(data: bytes, style_id: str) -> etree._Element:
    found = xml(data, "word/styles.xml").find(f"{W}style[@{W}styleId='{style_id}']")
    assert found is not None, style_id
    return found


def with_metadata(briefing: Briefing, **changes: object) -> Briefing:
    return dataclasses.replace(briefing, metadata=dataclasses.replace(briefing.metadata, **changes))


def theme_file(tmp_path: Path, body: str) -> Theme:
    path = tmp_path / "custom.toml"
    parent = (REPO / "styles" / "briefing.toml").as_posix()
    path.write_text(f'extends = "{parent}"\nname = "custom"\n{body}', encoding="utf-8")
    return load_theme(str(path))


# --- structure, read back with python-docx ----------------------------------------


def test_registry_loads_this_writer() -> None:
    assert WRITERS["docx"].load() is docx_writer.render


def test_title_block_styles(seed_document: docx.document.Document, seed_briefing: Briefing) -> None:
    paragraphs = seed_document.paragraphs
    metadata = seed_briefing.metadata
    assert [(p.style.name, p.text) for p in paragraphs[:3]] == [
        ("Title", metadata.title),
        ("Subtitle", metadata.subtitle),
        ("Meta", f"{seed_facts.DISPLAY_DATE} · {seed_facts.AUTHOR} · {metadata.source}"),
    ]
    marking = paragraphs[3]
    assert marking.style.name == "Marking"
    assert marking.text.strip(NBSP) == seed_facts.MARKING
    assert {run.style.name for run in marking.runs} == {"Marking Label"}


def test_headings_in_order(seed_document: docx.document.Document) -> None:
    headings = [p for p in seed_document.paragraphs if is_heading(p.style)]
    assert [p.text for p in headings] == HEADINGS
    assert [p.style.name for p in headings] == HEADING_STYLES


def test_every_kept_paragraph_exactly_once(
    seed_document: docx.document.Document, seed_briefing: Briefing
) -> None:
    # Key points quote sentences (a one-sentence paragraph in full), so the box is
    # left out: the body proper holds each kept paragraph exactly once.
    texts = [p.text for p in seed_document.paragraphs if p.style.name != "Key Point"]
    for paragraph in seed_briefing.paragraphs:
        assert texts.count(paragraph.text) == 1, paragraph.text
    styles = {p.text: p.style.name for p in seed_document.paragraphs}
    assert styles[seed_briefing.summary.text] == "Summary"
    body = [p.text for p in seed_document.paragraphs if p.style.name == "Body Text"]
    expected = [
        item.paragraph.text
        for section in seed_briefing.body_sections()
        for item in section.paragraphs
    ]
    assert body == expected
    assert len(body) == len(seed_briefing.paragraphs) - 1


def test_key_points_are_boxed_bullets(
    seed_document: docx.document.Document, seed_docx: bytes, default_theme: Theme
) -> None:
    points = [p for p in seed_document.paragraphs if p.style.name == "Key Point"]
    assert points
    assert all(p.style.base_style.name == "List Bullet" for p in points)
    style = style_element(seed_docx, "KeyPoint")
    assert style.find(f"{W}pPr/{W}numPr/{W}numId") is not None
    assert style.find(f"{W}pPr/{W}shd").get(f"{W}fill") == default_theme.colors.box_fill.hex
    borders = style.find(f"{W}pPr/{W}pBdr")
    assert {side.get(f"{W}color") for side in borders} == {default_theme.colors.box_border.hex}


def test_key_point_texts(seed_document: docx.document.Document, seed_briefing: Briefing) -> None:
    points = [p.text for p in seed_document.paragraphs if p.style.name == "Key Point"]
    assert points == [point.text for point in seed_briefing.key_points]


def test_source_note_lines(seed_document: docx.document.Document, seed_briefing: Briefing) -> None:
    from formatter import wording

    notes = [p.text for p in seed_document.paragraphs if p.style.name == "Source Note"]
    assert notes == wording.source_note(seed_briefing)
    assert seed_document.paragraphs[-1].text == notes[-1]


def test_required_styles_exist(seed_document: docx.document.Document) -> None:
    names = {style.name for style in seed_document.styles}
    required = {"Title", "Subtitle", "Heading 1", "Heading 2", "Body Text", "List Bullet"}
    required |= {"Key Point", "Summary", "Source Note", "Marking Label", "Header", "Footer"}
    assert required <= names
    assert len(names) < 30  # the template's hundred-odd unused styles are gone


def test_styles_follow_theme(seed_docx: bytes, default_theme: Theme) -> None:
    heading = style_element(seed_docx, "Heading1")
    run = heading.find(f"{W}rPr")
    assert run.find(f"{W}color").get(f"{W}val") == default_theme.colors.heading.hex
    size = default_theme.styles.heading1.size.half_points
    assert run.find(f"{W}sz").get(f"{W}val") == str(size)
    body = style_element(seed_docx, "BodyText")
    assert body.find(f"{W}pPr/{W}jc").get(f"{W}val") == "both"  # justify
    after = default_theme.styles.body.space_after.twips
    assert body.find(f"{W}pPr/{W}spacing").get(f"{W}after") == str(after)


def test_fonts_fill_every_script_slot(seed_docx: bytes, default_theme: Theme) -> None:
    styles = xml(seed_docx, "word/styles.xml")
    fonts = styles.findall(f".//{W}rFonts")
    assert fonts
    theme_fonts = {default_theme.fonts.body.name, default_theme.fonts.heading.name}
    for element in fonts:
        slots = {element.get(f"{W}{slot}") for slot in ("ascii", "hAnsi", "eastAsia", "cs")}
        assert len(slots) == 1, etree.tostring(element)
        assert slots <= theme_fonts, etree.tostring(element)
        assert not [name for name in element.attrib if name.endswith("Theme")]


def test_language_from_metadata(seed_briefing: Briefing, default_theme: Theme) -> None:
    data = docx_writer.render(with_metadata(seed_briefing, language="lt-LT"), default_theme)
    lang = xml(data, "word/styles.xml").find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
    assert lang.get(f"{W}val") == "lt-LT"
    assert docx.Document(io.BytesIO(data)).core_properties.language == "lt-LT"
    assert b'w:themeFontLang w:val="lt-LT"' in part(data, "word/settings.xml")


def test_sparse_metadata_and_no_key_points(seed_briefing: Briefing, default_theme: Theme) -> None:
    sparse = with_metadata(seed_briefing, subtitle=None, author=None, source=None, keywords=())
    sparse = dataclasses.replace(sparse, key_points=())
    data = docx_writer.render(sparse, default_theme)
    document = docx.Document(io.BytesIO(data))
    styles = [p.style.name for p in document.paragraphs]
    assert styles[:3] == ["Title", "Meta", "Marking"]
    assert document.paragraphs[1].text == seed_facts.DISPLAY_DATE
    assert "Key Point" not in styles
    assert [p.text for p in document.paragraphs if is_heading(p.style)] == HEADINGS[1:]
    core = document.core_properties
    assert (core.author, core.last_modified_by, core.subject) == ("", "", "")
    # the keywords are the briefing's own (the pipeline fills them in from the section
    # titles when the sidecar has none): no writer invents its own fallback
    assert core.keywords == ""


# --- header, footer and fields ------------------------------------------------------


def test_page_fields_in_footer(seed_docx: bytes) -> None:
    footer = xml(seed_docx, "word/footer1.xml")
    instructions = [element.text.strip() for element in footer.iter(f"{W}instrText")]
    assert instructions == ["PAGE", "NUMPAGES"]
    kinds = [element.get(f"{W}fldCharType") for element in footer.iter(f"{W}fldChar")]
    assert kinds == ["begin", "separate", "end"] * 2
    # Each field carries a cached result, so nothing prompts for an update.
    text = "".join(element.text or "" for element in footer.iter(f"{W}t"))
    assert text == f"{seed_facts.DISPLAY_DATE}Page 1 of 1"
    assert b"dirty" not in part(seed_docx, "word/footer1.xml")
    assert b"updateFields" not in part(seed_docx, "word/settings.xml")


def test_header_shows_short_title_and_marking(seed_document: docx.document.Document) -> None:
    header = seed_document.sections[0].header.paragraphs[0]
    assert header.style.name == "Header"
    assert header.text.startswith(f"{seed_facts.SHORT_TITLE}\t")
    assert header.text.strip(NBSP).endswith(seed_facts.MARKING)
    assert "Marking Label" in {run.style.name for run in header.runs}


def test_no_marking_when_neither_article_nor_theme_sets_one(
    seed_briefing: Briefing, tmp_path: Path
) -> None:
    theme = theme_file(tmp_path, 'marking = ""\n')
    document = docx.Document(io.BytesIO(docx_writer.render(seed_briefing, theme)))
    assert "Marking" not in {p.style.name for p in document.paragraphs}
    assert "TLP" not in document.sections[0].header.paragraphs[0].text


# --- package hygiene -----------------------------------------------------------------


def test_core_properties(seed_document: docx.document.Document, seed_briefing: Briefing) -> None:
    core = seed_document.core_properties
    metadata = seed_briefing.metadata
    assert core.title == metadata.title
    assert core.subject == metadata.subtitle
    assert core.author == core.last_modified_by == seed_facts.AUTHOR
    assert core.keywords == "; ".join(seed_facts.KEYWORDS)
    assert core.language == seed_facts.LANGUAGE
    assert core.revision == 1
    assert (
        core.created.isoformat() == core.modified.isoformat() == f"{seed_facts.DATE}T00:00:00+00:00"
    )
    assert core.comments == (
        f"Briefing generated by briefing-formatter from {seed_facts.FILE_NAME}."
    )
    assert core.identifier == f"sha256:{seed_briefing.provenance.sha256}"


def test_no_template_leftovers(seed_docx: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(seed_docx)) as package:
        names = package.namelist()
        properties = b"".join(package.read(name) for name in names if name.startswith("docProps/"))
        everything = b"".join(package.read(name) for name in names)
    assert "docProps/thumbnail.jpeg" not in names
    assert not [name for name in names if "stylesWithEffects" in name]
    # the template's bibliography custom XML is gone; the one custom XML item is the
    # briefing record (formatter.record), which the DOCX reader uses
    custom_xml = sorted(name for name in names if "customXml" in name)
    assert custom_xml == [
        "customXml/_rels/item1.xml.rels",
        "customXml/item1.xml",
        "customXml/itemProps1.xml",
    ]
    assert b"bibliography" not in everything
    assert part(seed_docx, "customXml/item1.xml").startswith(b"<?xml")
    assert b"urn:briefing-formatter:record" in part(seed_docx, "customXml/item1.xml")
    assert "word/webSettings.xml" not in names
    assert b"thumbnail" not in part(seed_docx, "_rels/.rels")
    assert b"python-docx" not in properties
    assert b"2013" not in properties
    assert b"Normal.dotm" not in properties
    assert b"w:rsid" not in everything
    assert b"Calibri" not in everything
    assert b"Cambria" not in everything
    assert len(seed_docx) < 30_000


def test_dates_come_from_source_date_epoch_without_article_date(
    seed_briefing: Briefing, default_theme: Theme, monkeypatch: pytest.MonkeyPatch
) -> None:
    undated = with_metadata(seed_briefing, date=None)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    data = docx_writer.render(undated, default_theme)
    assert b"dcterms:created" not in part(data, "docProps/core.xml")
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        assert {info.date_time for info in package.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01T00:00:00Z
    core = docx.Document(io.BytesIO(docx_writer.render(undated, default_theme))).core_properties
    assert core.created.isoformat() == "2026-01-01T00:00:00+00:00"


def test_two_renders_are_byte_identical(
    seed_docx: bytes, seed_briefing: Briefing, default_theme: Theme
) -> None:
    assert docx_writer.render(seed_briefing, default_theme) == seed_docx
    docx_document._base.cache_clear()  # a fresh process builds the same base
    assert docx_writer.render(seed_briefing, default_theme) == seed_docx


def test_zip_entries_are_normalised(seed_docx: bytes, seed_briefing: Briefing) -> None:
    with zipfile.ZipFile(io.BytesIO(seed_docx)) as package:
        infos = package.infolist()
    assert infos[0].filename == "[Content_Types].xml"
    assert {info.date_time for info in infos} == {zip_datetime(seed_briefing.metadata)}
    assert {info.compress_type for info in infos} == {zipfile.ZIP_DEFLATED}
    assert len({info.external_attr for info in infos}) == 1


def test_unsafe_text_is_stripped_and_inserted_as_text(
    seed_briefing: Briefing, default_theme: Theme
) -> None:
    title = "Alert\x01 <b>&amp; \x0b{page}</b>"
    summary = Paragraph(seed_briefing.summary.index, seed_briefing.summary.line, "Lede\x07 & <w:t>")
    briefing = dataclasses.replace(with_metadata(seed_briefing, title=title), summary=summary)
    document = docx.Document(io.BytesIO(docx_writer.render(briefing, default_theme)))
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "Alert <b>&amp; {page}</b>"
    assert "Lede & <w:t>" in texts
    assert document.core_properties.title == "Alert <b>&amp; {page}</b>"


def test_python_docx_is_imported_only_by_this_writer() -> None:
    code = (
        "import sys, formatter.pipeline, formatter.writers, formatter.plan\n"
        "assert 'docx' not in sys.modules, 'docx imported'"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=REPO)


# --- themes --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("theme_name", "size"), [("briefing", ("11906", "16838")), ("plain", ("12240", "15840"))]
)
def test_page_size_per_theme(
    seed_briefing: Briefing, theme_name: str, size: tuple[str, str]
) -> None:
    theme = load_theme(theme_name)
    data = docx_writer.render(seed_briefing, theme)
    page = xml(data, "word/document.xml").find(f"{W}body/{W}sectPr/{W}pgSz")
    assert (page.get(f"{W}w"), page.get(f"{W}h")) == size
    margins = xml(data, "word/document.xml").find(f"{W}body/{W}sectPr/{W}pgMar")
    assert margins.get(f"{W}left") == str(theme.page.margin_left.twips)
    hyphenation = b"<w:autoHyphenation/>" in part(data, "word/settings.xml")
    assert hyphenation is theme.hyphenate


def test_theme_change_restyles(seed_briefing: Briefing, seed_docx: bytes, tmp_path: Path) -> None:
    theme = theme_file(tmp_path, '[colors]\nheading = "#7A1F1F"\n[fonts]\nbody = "DejaVu Sans"\n')
    data = docx_writer.render(seed_briefing, theme)
    heading = style_element(data, "Heading1").find(f"{W}rPr/{W}color")
    assert heading.get(f"{W}val") == "7A1F1F"
    body = style_element(data, "BodyText").find(f"{W}rPr/{W}rFonts")
    assert body.get(f"{W}ascii") == body.get(f"{W}cs") == "DejaVu Sans"
    assert b"DejaVu Sans" in part(data, "word/fontTable.xml")
    # Only styles, fonts and theme parts change; the text is the same.
    assert part(data, "word/document.xml") == part(seed_docx, "word/document.xml")
    assert part(data, "word/styles.xml") != part(seed_docx, "word/styles.xml")


# --- golden parts --------------------------------------------------------------------


@pytest.mark.parametrize("name", ["document", "styles"])
def test_golden_parts(seed_docx: bytes, name: str) -> None:
    assert_golden(
        f"{seed_facts.STEM}.{name}.xml", canonical_xml(part(seed_docx, f"word/{name}.xml"))
    )
    if REGENERATE:
        print(f"regenerated tests/golden/{seed_facts.STEM}.{name}.xml; review git diff")


# --- real clients --------------------------------------------------------------------


def test_pandoc_reads_section_headings(seed_docx: bytes, tmp_path: Path) -> None:
    pandoc = require_tool("pandoc")
    source = tmp_path / "seed.docx"
    source.write_bytes(seed_docx)
    result = subprocess.run(
        [pandoc, "-f", "docx", "-t", "markdown", str(source)],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    headings = [
        match.group(1).strip()
        for match in re.finditer(r"^# ([^{\n]+)", result.stdout, flags=re.MULTILINE)
    ]
    assert headings == HEADINGS


@pytest.mark.slow
def test_libreoffice_converts_to_pdf(seed_docx: bytes, tmp_path: Path) -> None:
    pdfinfo = require_tool("pdfinfo")
    pdftotext = require_tool("pdftotext")
    source = tmp_path / "seed.docx"
    source.write_bytes(seed_docx)
    pdf = libreoffice_convert(source, "pdf", tmp_path / "out", tmp_path / "lo-profile")
    info = subprocess.run([pdfinfo, str(pdf)], capture_output=True, text=True, check=True)
    pages = int(re.search(r"^Pages:\s+(\d+)", info.stdout, flags=re.MULTILINE).group(1))
    assert 1 <= pages <= 6
    text = subprocess.run(
        [pdftotext, "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    for title in HEADINGS:
        assert title in text
    # The NUMPAGES field was recomputed: the footer reads "Page 1 of <pages>".
    assert f"Page 1 of {pages}" in text
    assert seed_facts.MARKING in text


def test_xml_escaping_matches_the_standard_library() -> None:
    """ooxml escapes without importing xml.sax.saxutils (it imports urllib.request)."""
    from xml.sax.saxutils import escape, quoteattr

    from formatter.writers.docx.ooxml import _attr, _text, xml_text

    samples = ["", "plain", "a & b < c > d", 'say "hi"', "it's", "both \"'", "tab\tnl\ncr\r", "é"]
    for sample in samples:
        assert _text(sample) == escape(xml_text(sample))
        assert _attr(sample) == quoteattr(xml_text(sample))
