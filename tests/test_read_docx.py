"""Reading a briefing DOCX back (formatter/readers/docx/): round trips, editors' edits
(python-docx and LibreOffice), DOCX from elsewhere, and bad DOCX input."""

from __future__ import annotations

import io
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader

from formatter.build import Settings, Status, plan, run
from formatter.errors import InputError
from formatter.model import Briefing, RemovalReason, Rule
from formatter.pipeline import Options, brief
from formatter.theme import Theme
from formatter.wording import DOCX_BRIEFING, DOCX_TEXT, source_note
from formatter.writers import parse_formats
from formatter.writers.docx import render as render_docx
from tests import docx_edits, seed_facts
from tests.conftest import SEED, libreoffice_convert, require_tool

ALL_FORMATS = parse_formats("docx,pdf,md,json")


def _write(folder: Path, name: str, data: bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(data)
    return path


@pytest.fixture
def seed_docx_file(tmp_path: Path, seed_briefing: Briefing, default_theme: Theme) -> Path:
    data = render_docx(seed_briefing, default_theme)
    return _write(tmp_path / "in", f"{seed_facts.STEM}.docx", data)


def without_record(data: bytes) -> bytes:
    """The DOCX without its briefing record: what an ODT round trip leaves."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename.startswith("customXml/"):
                continue
            part = source.read(info)
            if info.filename == "word/_rels/document.xml.rels":
                part = re.sub(rb'<Relationship [^>]*Target="../customXml/item1.xml"/>', b"", part)
            target.writestr(info.filename, part)
    return buffer.getvalue()


def content(briefing: Briefing) -> tuple[object, ...]:
    """What a reader sees: metadata, summary, key points, sections with their texts."""
    return (
        briefing.metadata,
        briefing.summary.text,
        [point.text for point in briefing.key_points],
        [
            (s.id, s.title, [item.paragraph.text for item in s.paragraphs])
            for s in briefing.body_sections()
        ],
    )


def edited_seed(folder: Path, seed_briefing: Briefing, theme: Theme) -> tuple[Path, dict[str, str]]:
    """The seed's DOCX with every edit of tests/docx_edits.py, saved by python-docx."""
    document = docx.Document(io.BytesIO(render_docx(seed_briefing, theme)))
    docx_edits.change_text_with_runs(document)
    facts = {"moved": docx_edits.move_paragraph(document)}
    facts["deleted"] = docx_edits.delete_paragraph(document)
    docx_edits.add_paragraph(document)
    facts["deleted_point"] = docx_edits.edit_key_points(document)
    docx_edits.rename_heading(document)
    docx_edits.add_section(document)
    docx_edits.change_marking(document)
    docx_edits.track_changes(document)
    docx_edits.add_comment(document)
    folder.mkdir(parents=True, exist_ok=True)
    docx_edits.add_objects(document, folder)
    path = folder / "edited.docx"
    document.save(str(path))
    return path, facts


def check_edits(briefing: Briefing, facts: dict[str, str], seed: Briefing, *, lo: bool) -> None:
    """Every edit of tests/docx_edits.py is in the briefing read back."""
    sections = {s.title: s for s in briefing.body_sections()}
    texts = {s.title: [item.paragraph.text for item in s.paragraphs] for s in sections.values()}
    # changed text: bold and italic runs read as plain text
    assert texts["Diaspora coercion"][0] == docx_edits.NEW_TEXT
    # moved: now under Destabilization, placed there by the document
    assert facts["moved"] not in texts["Diaspora coercion"]
    # (the tracked insertion went into the moved paragraph, now Destabilization's first)
    assert texts["Destabilization"][0] == facts["moved"] + docx_edits.INSERTED
    moved = sections["Destabilization"].paragraphs[0]
    assert moved.assignment.rule is Rule.DOCUMENT
    # deleted and added
    assert all(facts["deleted"] not in t for t in texts.values())
    assert docx_edits.ADDED_PARAGRAPH in texts["Destabilization"]
    # key points: one deleted, one added after the first
    points = [point.text for point in briefing.key_points]
    assert points[1] == docx_edits.ADDED_POINT
    assert facts["deleted_point"] not in points
    assert len(points) == len(seed.key_points)
    # renamed heading: a new section keeping the edited title; its paragraphs stay
    assert "Ukraine war role" not in sections
    renamed = sections[docx_edits.RENAMED]
    assert renamed.id == "edited-belarus-and-the-war-in-ukraine"
    old = next(s for s in seed.body_sections() if s.id == "ukraine")
    assert texts[docx_edits.RENAMED] == [item.paragraph.text for item in old.paragraphs]
    # a new Heading 1 section, before the source note
    assert texts[docx_edits.NEW_SECTION] == [docx_edits.NEW_SECTION_TEXT]
    assert list(sections)[-1] == docx_edits.NEW_SECTION
    assert docx_edits.RENAMED in briefing.metadata.keywords  # derived again
    # the marking
    assert briefing.metadata.marking == docx_edits.MARKING
    # tracked changes accepted, with a note
    assert all(docx_edits.DELETED not in t for t in texts.values())
    notes = " ".join(briefing.notes)
    assert "read as accepted" in notes
    # the comment is ignored, with a note; its words are nowhere
    assert "comment(s) in edited.docx ignored" in notes
    assert all("Check this figure" not in t for t in texts.values())
    # the picture, the table and the text box are reported, never silently dropped
    assert "picture" in notes
    assert "table of 2 row(s) and 3 column(s)" in notes
    assert "text box" in notes
    if not lo:
        assert "text box \u201cCallout box\u201d" in notes
    assert all("boxed words" not in t and "cell text" not in t for t in texts.values())
    # provenance: the edited DOCX and the article it was first built from
    provenance = briefing.provenance
    assert provenance.encoding == DOCX_BRIEFING
    assert provenance.source_name == "edited.docx"
    assert provenance.original is not None
    assert provenance.original.sha256 == seed.provenance.sha256
    assert provenance.original.source_name == seed_facts.FILE_NAME
    note = "\n".join(source_note(briefing))
    assert provenance.paragraphs_kept == 1 + sum(len(s.paragraphs) for s in sections.values())
    assert f"Paragraphs: {provenance.paragraphs_kept} read from the document." in note
    assert provenance.sha256 in note
    assert seed.provenance.sha256 in note
    # unchanged metadata survives
    assert briefing.metadata.title == seed.metadata.title
    assert briefing.metadata.date == seed.metadata.date
    assert briefing.metadata.author == seed.metadata.author
    assert briefing.metadata.source == seed.metadata.source


# --- round trips -----------------------------------------------------------------


def test_untouched_docx_reads_back_the_same_model(
    seed_docx_file: Path, seed_briefing: Briefing
) -> None:
    assert brief(str(seed_docx_file)) == seed_briefing


def test_a_headline_line_survives_the_round_trip(tmp_path: Path, default_theme: Theme) -> None:
    text = SEED.read_text(encoding="utf-8")
    article = _write(tmp_path, "headed.txt", ("Minsk presses its exiles\n" + text).encode())
    original = brief(str(article))
    assert original.headline is not None
    assert original.metadata.title == "Minsk presses its exiles"
    docx_file = _write(tmp_path / "in", "headed.docx", render_docx(original, default_theme))
    assert brief(str(docx_file)) == original


def test_the_visible_document_alone_gives_the_same_content(
    tmp_path: Path, seed_briefing: Briefing, default_theme: Theme
) -> None:
    """Without the record (as after an ODT round trip) the styles alone give back every
    paragraph, section, key point and metadata field; only what a reader cannot see
    (lines in the article, reasons) is the document's own."""
    data = without_record(render_docx(seed_briefing, default_theme))
    briefing = brief(str(_write(tmp_path, "plain.docx", data)))
    assert content(briefing) == content(seed_briefing)
    assert briefing.metadata.marking is None  # the theme's default, told by a property
    assert {item.assignment.rule for s in briefing.sections for item in s.paragraphs} == {
        Rule.DOCUMENT,
        Rule.LEDE,
    }
    assert briefing.provenance.original is not None
    assert briefing.provenance.original.sha256 == seed_briefing.provenance.sha256


def test_pdf_from_an_untouched_docx_equals_the_pdf_from_the_text(
    tmp_path: Path, seed_docx_file: Path
) -> None:
    built = {}
    for name, source in (("text", str(SEED)), ("docx", str(seed_docx_file))):
        out = tmp_path / name
        settings = Settings(out_dir=out, formats=ALL_FORMATS)
        [result] = run(plan([source]), settings, jobs=1)
        assert result.error is None
        built[name] = out
    for extension in ("pdf", "md", "json", "docx"):
        text_file = built["text"] / f"{seed_facts.STEM}.{extension}"
        docx_file = built["docx"] / f"{seed_facts.STEM}.{extension}"
        assert text_file.read_bytes() == docx_file.read_bytes(), extension


# --- editors' edits with python-docx -----------------------------------------------


def test_every_edit_made_with_python_docx_is_read(
    tmp_path: Path, seed_briefing: Briefing, default_theme: Theme
) -> None:
    path, facts = edited_seed(tmp_path, seed_briefing, default_theme)
    check_edits(brief(str(path)), facts, seed_briefing, lo=False)


def test_an_edited_docx_builds_every_format_with_its_provenance(
    tmp_path: Path, seed_briefing: Briefing, default_theme: Theme
) -> None:
    path, _ = edited_seed(tmp_path / "in", seed_briefing, default_theme)
    out = tmp_path / "out"
    [result] = run(plan([str(path)]), Settings(out_dir=out, formats=ALL_FORMATS), jobs=1)
    assert result.error is None
    assert any("read as accepted" in warning for warning in result.warnings)
    pdf_text = "".join(page.extract_text() for page in PdfReader(out / "edited.pdf").pages)
    flat = " ".join(pdf_text.split())
    assert docx_edits.NEW_SECTION in flat
    assert docx_edits.MARKING in flat
    assert seed_briefing.provenance.sha256[:32] in flat.replace(" ", "")
    rebuilt = docx.Document(str(out / "edited.docx"))
    assert [p.text for p in rebuilt.paragraphs if p.style.name == "Heading 1"].count(
        docx_edits.RENAMED
    ) == 1
    # built again from its own output, the original article is still named
    again = brief(str(out / "edited.docx"))
    assert again.provenance.original == brief(str(path)).provenance.original


def test_deleting_the_marking_paragraph_means_no_marking(
    tmp_path: Path, seed_briefing: Briefing, default_theme: Theme
) -> None:
    document = docx.Document(io.BytesIO(render_docx(seed_briefing, default_theme)))
    marking = docx_edits.by_style(document, "Marking")[0]._p
    marking.getparent().remove(marking)
    path = tmp_path / "unmarked.docx"
    document.save(str(path))
    briefing = brief(str(path))
    assert briefing.metadata.marking == ""
    rebuilt = docx.Document(io.BytesIO(render_docx(briefing, default_theme)))
    assert not docx_edits.by_style(rebuilt, "Marking")
    assert (
        brief(
            str(_write(tmp_path / "again", "unmarked.docx", render_docx(briefing, default_theme)))
        ).metadata.marking
        == ""
    )


def test_tracked_deletion_of_a_paragraph_mark_joins_the_paragraphs(
    tmp_path: Path, seed_briefing: Briefing, default_theme: Theme
) -> None:
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls, qn

    document = docx.Document(io.BytesIO(render_docx(seed_briefing, default_theme)))
    first = docx_edits.following(docx_edits.heading(document, "Diaspora coercion"))
    second = first.getnext()
    props = first.find(qn("w:pPr"))
    props.append(
        parse_xml(
            f'<w:rPr {nsdecls("w")}><w:del w:id="5" w:author="A" '
            'w:date="2026-11-26T00:00:00Z"/></w:rPr>'
        )
    )
    joined = "".join(t.text for t in first.iter(qn("w:t"))) + "".join(
        t.text for t in second.iter(qn("w:t"))
    )
    path = tmp_path / "joined.docx"
    document.save(str(path))
    briefing = brief(str(path))
    diaspora = next(s for s in briefing.body_sections() if s.id == "diaspora")
    assert diaspora.paragraphs[0].paragraph.text == joined
    assert "read as accepted: 0 insertion(s) kept, 1 deletion(s)" in " ".join(briefing.notes)


def test_fields_give_their_result_never_their_instruction(
    tmp_path: Path, seed_briefing: Briefing, default_theme: Theme
) -> None:
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = docx.Document(io.BytesIO(render_docx(seed_briefing, default_theme)))
    target = docx_edits.following(docx_edits.heading(document, "Destabilization"))
    w = nsdecls("w")
    for xml in (
        f'<w:r {w}><w:fldChar w:fldCharType="begin"/></w:r>',
        f'<w:r {w}><w:instrText xml:space="preserve"> DATE \\@ "yyyy" </w:instrText></w:r>',
        f'<w:r {w}><w:fldChar w:fldCharType="separate"/></w:r>',
        f'<w:r {w}><w:t xml:space="preserve"> in 2026</w:t></w:r>',
        f'<w:r {w}><w:fldChar w:fldCharType="end"/></w:r>',
        f'<w:hyperlink {w}><w:r><w:t xml:space="preserve"> (linked)</w:t></w:r></w:hyperlink>',
    ):
        target.append(parse_xml(xml))
    path = tmp_path / "fields.docx"
    document.save(str(path))
    section = next(s for s in brief(str(path)).body_sections() if s.id == "destabilization")
    text = section.paragraphs[0].paragraph.text
    assert text.endswith("in 2026 (linked)")
    assert "DATE" not in text
    assert "yyyy" not in text


# --- DOCX from elsewhere -----------------------------------------------------------


def test_a_pandoc_docx_with_heading_sections_builds_a_briefing(tmp_path: Path) -> None:
    pandoc = require_tool("pandoc")
    paragraphs = [line for line in SEED.read_text(encoding="utf-8").splitlines() if line.strip()]
    markdown = "\n\n".join(
        [
            "---\ntitle: Belarus and its exiles\nauthor: Desk officer\ndate: 2026-11-20\n---",
            paragraphs[0],
            "# Diaspora coercion",
            *paragraphs[1:4],
            "# What comes next",
            *paragraphs[4:6],
        ]
    )
    source = _write(tmp_path, "notes.md", markdown.encode())
    target = tmp_path / "notes.docx"
    subprocess.run([pandoc, str(source), "-o", str(target)], check=True)
    briefing = brief(str(target))
    assert briefing.metadata.title == "Belarus and its exiles"
    assert briefing.metadata.author == "Desk officer"
    assert briefing.metadata.date == "2026-11-20"
    assert briefing.summary.text == " ".join(paragraphs[0].split())
    sections = {s.title: s for s in briefing.body_sections()}
    assert [item.paragraph.text for item in sections["Diaspora coercion"].paragraphs] == [
        " ".join(p.split()) for p in paragraphs[1:4]
    ]
    assert sections["Diaspora coercion"].id == "diaspora"  # matched to the taxonomy by title
    assert sections["What comes next"].id == "edited-what-comes-next"
    assert briefing.key_points  # chosen as for an article: there were none to read
    assert briefing.provenance.encoding == DOCX_BRIEFING
    assert briefing.provenance.original is None


def test_a_docx_without_structure_is_read_as_an_article(
    tmp_path: Path, seed_briefing: Briefing
) -> None:
    document = docx.Document()
    for line in SEED.read_text(encoding="utf-8").splitlines():
        document.add_paragraph(line)
    document.add_paragraph("Advertisement")  # cleaning drops it, as in a text file
    path = tmp_path / f"{seed_facts.STEM}.docx"
    document.save(str(path))
    briefing = brief(str(path))
    assert briefing.provenance.encoding == DOCX_TEXT
    boilerplate = RemovalReason.BOILERPLATE
    assert briefing.provenance.count(boilerplate) == seed_briefing.provenance.count(boilerplate) + 1
    # cleaned and sectioned like the text: the same sections and key points
    assert [s.id for s in briefing.body_sections()] == [s.id for s in seed_briefing.body_sections()]
    assert [p.text for p in briefing.key_points] == [p.text for p in seed_briefing.key_points]
    rules = {item.assignment.rule for s in briefing.sections for item in s.paragraphs}
    assert Rule.DOCUMENT not in rules


def test_command_line_metadata_overrides_the_document(seed_docx_file: Path) -> None:
    briefing = brief(str(seed_docx_file), Options(title="Another title", marking="TLP:RED"))
    assert briefing.metadata.title == "Another title"
    assert briefing.metadata.marking == "TLP:RED"


# --- bad DOCX input ----------------------------------------------------------------


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _with_part(data: bytes, name: str, part: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    entries = {info.filename: source.read(info) for info in source.infolist()}
    entries[name] = part
    return _zip(entries)


XXE = (
    b'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    b"<w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>"
)


def _bad_inputs(seed_docx: bytes) -> dict[str, tuple[bytes, str]]:
    return {
        "text": (b"Just some text, not a zip.\n", "not a DOCX: the file is not a zip package"),
        "zip": (_zip({"notes.txt": b"hello"}), "not a DOCX: a zip without [Content_Types].xml"),
        "odt": (
            _zip({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"}),
            "an OpenDocument file",
        ),
        "password": (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(2048),
            "an OLE compound file: a password-protected DOCX or an old .doc",
        ),
        "bomb": (_with_part(seed_docx, "word/media/zeros.bin", bytes(20 << 20)), "zip bomb"),
        "entity": (
            _with_part(seed_docx, "word/document.xml", XXE),
            "word/document.xml declares a document type or entities",
        ),
        "truncated": (seed_docx[: len(seed_docx) // 2], "not a DOCX: damaged zip"),
    }


@pytest.mark.parametrize("case", ["text", "zip", "odt", "password", "bomb", "entity", "truncated"])
def test_bad_docx_input_is_one_clear_line_and_exit_3(
    tmp_path: Path, case: str, seed_briefing: Briefing, default_theme: Theme
) -> None:
    data, reason = _bad_inputs(render_docx(seed_briefing, default_theme))[case]
    path = _write(tmp_path / "in", f"{case}.docx", data)
    with pytest.raises(InputError) as caught:
        brief(str(path))
    assert reason in str(caught.value)
    assert "\n" not in str(caught.value)
    assert caught.value.exit_code == 3
    out = tmp_path / "out"
    [result] = run(plan([str(path)]), Settings(out_dir=out, formats=ALL_FORMATS), jobs=1)
    assert result.exit_code == 3
    assert list(out.iterdir()) == []  # nothing written


def test_hostile_nesting_is_a_clear_error_not_a_crash(
    tmp_path: Path, seed_briefing: Briefing, default_theme: Theme
) -> None:
    data = render_docx(seed_briefing, default_theme)
    depth = 20_000
    nested = (
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        b"<w:body><w:p>" + b"<w:hyperlink>" * depth + b"<w:r><w:t>deep</w:t></w:r>"
        + b"</w:hyperlink>" * depth + b"</w:p></w:body></w:document>"
    )  # fmt: skip
    path = _write(tmp_path, "deep.docx", _with_part(data, "word/document.xml", nested))
    with pytest.raises(InputError, match="nests too deeply"):
        brief(str(path))
    record = (
        b'<record xmlns="urn:briefing-formatter:record">' + b"[" * depth + b"]" * depth
        + b"</record>"
    )  # fmt: skip
    path = _write(tmp_path, "deep-record.docx", _with_part(data, "customXml/item1.xml", record))
    briefing = brief(str(path))
    assert any("was not used" in note for note in briefing.notes)


def test_a_50_megabyte_docx_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "huge.docx"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024 + 1)
    with pytest.raises(InputError) as caught:
        brief(str(path))
    assert "larger than the 52,428,800-byte limit" in str(caught.value)


def test_a_lying_central_directory_cannot_inflate_more(
    seed_briefing: Briefing, default_theme: Theme, tmp_path: Path
) -> None:
    """A part whose directory entry claims a small size but inflates to more is refused."""
    data = _with_part(render_docx(seed_briefing, default_theme), "word/zeros.xml", bytes(4096))
    entry = data.rfind(b"word/zeros.xml")  # the central directory's copy of the name
    header = data.rfind(b"PK\x01\x02", 0, entry)
    size_at = header + 24  # uncompressed size in the central directory entry
    forged = data[:size_at] + (16).to_bytes(4, "little") + data[size_at + 4 :]
    path = _write(tmp_path, "forged.docx", forged)
    from formatter.readers.docx.package import open_package

    package = open_package("forged.docx", path.read_bytes())
    # zipfile stops at the declared size, and the CRC then fails: a damaged part
    with pytest.raises(InputError, match=r"damaged DOCX: cannot inflate word/zeros\.xml"):
        package.read("word/zeros.xml")


# --- build --check with an edited DOCX source ---------------------------------------


def test_build_check_with_an_edited_docx_source(
    tmp_path: Path, seed_briefing: Briefing, default_theme: Theme
) -> None:
    path, _ = edited_seed(tmp_path / "seeds", seed_briefing, default_theme)
    out = tmp_path / "dist"
    targets = plan([str(path)])
    run(targets, Settings(out_dir=out, formats=ALL_FORMATS), jobs=1)
    [fresh] = run(targets, Settings(out_dir=out, formats=ALL_FORMATS, check=True), jobs=1)
    assert {f.status for f in fresh.files} == {Status.FRESH}
    document = docx.Document(str(path))
    docx_edits.by_style(document, "Title")[0].text = "A retitled briefing"
    document.save(str(path))
    [stale] = run(targets, Settings(out_dir=out, formats=ALL_FORMATS, check=True), jobs=1)
    assert {f.status for f in stale.files} == {Status.STALE}


def test_the_default_inputs_include_docx_sources(tmp_path: Path) -> None:
    from formatter.project import CommandLine, configure

    (tmp_path / ".git").mkdir()
    seeds = tmp_path / "seeds"
    _write(seeds, "a.txt", b"text")
    _write(seeds, "a.toml", b'title = "A"')
    _write(seeds, "b.docx", b"docx")
    _write(seeds, "c.pdf", b"pdf")
    for given in (CommandLine(), CommandLine(seeds=Path("seeds"))):
        found = configure(given, tmp_path).inputs.expand()
        assert [Path(p).name for p in found] == ["a.txt", "b.docx"]


# --- LibreOffice round trips ---------------------------------------------------------


def _libreoffice_copies(source: Path, folder: Path) -> dict[str, Path]:
    """``source`` re-saved by LibreOffice as DOCX, and taken through ODT back to DOCX."""
    profile = folder / "profile"
    resaved = libreoffice_convert(source, "docx:MS Word 2007 XML", folder / "resaved", profile)
    odt = libreoffice_convert(source, "odt", folder / "odt", profile)
    back = libreoffice_convert(odt, "docx:MS Word 2007 XML", folder / "back", profile)
    return {"resaved": resaved, "odt": back}


@pytest.mark.slow
def test_libreoffice_round_trips_of_an_untouched_docx(
    tmp_path: Path, seed_docx_file: Path, seed_briefing: Briefing
) -> None:
    copies = _libreoffice_copies(seed_docx_file, tmp_path)
    # re-saved as DOCX, the record survives: the same model, so the same PDF
    assert brief(str(copies["resaved"])) == seed_briefing
    # through ODT the record is lost, the custom properties are not: the same content
    back = brief(str(copies["odt"]))
    assert content(back) == content(seed_briefing)
    assert back.provenance.original is not None
    assert back.provenance.original.sha256 == seed_briefing.provenance.sha256


@pytest.mark.slow
def test_libreoffice_round_trips_keep_every_edit(
    tmp_path: Path, seed_briefing: Briefing, default_theme: Theme
) -> None:
    path, facts = edited_seed(tmp_path / "edited", seed_briefing, default_theme)
    for kind, copy in _libreoffice_copies(path, tmp_path).items():
        assert copy.name == "edited.docx", kind
        check_edits(brief(str(copy)), facts, seed_briefing, lo=True)


# --- the record ----------------------------------------------------------------------


def _all_parts(data: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return b"".join(package.read(name) for name in package.namelist())


def test_the_record_keeps_no_copy_of_the_visible_words(
    tmp_path: Path, seed_briefing: Briefing, default_theme: Theme
) -> None:
    """A paragraph the editor deletes leaves no hidden copy in the DOCX: the record
    names visible texts by digest only."""
    document = docx.Document(io.BytesIO(render_docx(seed_briefing, default_theme)))
    deleted = docx_edits.delete_paragraph(document)
    path = tmp_path / "redacted.docx"
    document.save(str(path))
    everything = _all_parts(path.read_bytes())
    assert deleted[:60].encode() not in everything
    record_part = zipfile.ZipFile(path).read("customXml/item1.xml")
    assert seed_briefing.summary.text[:60].encode() not in record_part
    assert seed_briefing.provenance.removed[0].text[:40].encode() in record_part  # only here


def test_a_damaged_record_is_noted_and_the_document_still_read(
    tmp_path: Path, seed_briefing: Briefing, default_theme: Theme
) -> None:
    data = render_docx(seed_briefing, default_theme)
    broken = _with_part(
        data,
        "customXml/item1.xml",
        b'<?xml version="1.0"?><record xmlns="urn:briefing-formatter:record">'
        b'{"schema": 1}</record>',
    )
    briefing = brief(str(_write(tmp_path, "broken.docx", broken)))
    assert content(briefing) == content(seed_briefing)
    assert any("briefing record in broken.docx was not used" in n for n in briefing.notes)


@pytest.mark.slow
def test_a_bad_docx_on_the_command_line_is_one_line_and_exit_3(tmp_path: Path) -> None:
    path = _write(tmp_path, "not-really.docx", b"plain text pretending\n")
    out = tmp_path / "out"
    result = subprocess.run(
        [sys.executable, "-m", "formatter", "build", str(path), "--out", str(out)],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 3
    lines = result.stderr.strip().splitlines()
    assert lines == ["error: not-really.docx: not a DOCX: the file is not a zip package"], (
        result.stderr
    )
    assert not out.exists() or list(out.iterdir()) == []


# --- the small parts -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("25 November 2026", "2026-11-25"),
        ("2026-11-25", "2026-11-25"),
        ("2026-11-25T09:30:00Z", "2026-11-25"),
        ("31 February 2026", None),
        ("Desk officer", None),
        ("25 Brumaire 2026", None),
    ],
)
def test_dates_in_the_meta_line_and_properties(text: str, expected: str | None) -> None:
    from formatter.readers.docx.structure import parse_date

    assert parse_date(text) == expected


def test_the_meta_line_splits_into_date_author_and_source() -> None:
    from formatter.readers.docx.structure import split_meta

    assert split_meta("25 November 2026 · Ann · A report", None) == (
        "2026-11-25",
        "Ann",
        "A report",
    )
    assert split_meta("25 November 2026 · Ann", "Ann") == ("2026-11-25", "Ann", None)
    assert split_meta("25 November 2026 · A report", "Ann") == ("2026-11-25", None, "A report")
    assert split_meta("Ann · A report · part two", None) == (None, "Ann", "A report · part two")


def test_styles_are_matched_by_name_id_and_based_on() -> None:
    from formatter.readers.docx.package import parse_xml
    from formatter.readers.docx.styles import Role, StyleMap

    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    xml = (
        f'<w:styles xmlns:w="{w}">'
        '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/>'
        "</w:style>"
        '<w:style w:type="paragraph" w:styleId="P1"><w:name w:val="heading 1"/></w:style>'
        '<w:style w:type="paragraph" w:styleId="KeyPointsHeading">'
        '<w:name w:val="Key Points Heading"/><w:basedOn w:val="P1"/></w:style>'
        '<w:style w:type="paragraph" w:styleId="Mine"><w:name w:val="My key point"/>'
        '<w:basedOn w:val="KeyPoint"/></w:style>'
        '<w:style w:type="paragraph" w:styleId="KeyPoint"><w:name w:val="Key_Point"/></w:style>'
        '<w:style w:type="paragraph" w:styleId="Loop"><w:basedOn w:val="Loop"/></w:style>'
        "</w:styles>"
    )
    roles = StyleMap(parse_xml("t.docx", "word/styles.xml", xml.encode()))
    assert roles.role("P1") is Role.HEADING  # by name, whatever the id
    assert roles.role("KeyPointsHeading") is Role.KEY_POINTS_HEADING  # own style first
    assert roles.role("Mine") is Role.KEY_POINT  # through basedOn
    assert roles.role("Loop") is Role.BODY  # a loop ends
    assert roles.role(None) is Role.BODY  # the default style
    assert roles.role("Heading3") is Role.SUBHEADING  # an id alone (no such style)


def test_document_metadata_follows_the_metadata_rules(tmp_path: Path) -> None:
    document = docx.Document()
    document.core_properties.language = "not a language"
    document.add_paragraph("Lithuania \u202ewarns\u202c of pressure", style="Title")
    document.add_paragraph("Diaspora coercion", style="Heading 1")
    document.add_paragraph("Relatives of exiles were questioned by the security services.")
    path = tmp_path / "rules.docx"
    document.save(str(path))
    briefing = brief(str(path))
    assert briefing.metadata.title == "Lithuania warns of pressure"  # no bidi controls
    assert briefing.metadata.language == "en-GB"  # a bad tag from elsewhere: the default
    document.paragraphs[0].text = "Long " * 200
    document.save(str(path))
    with pytest.raises(InputError, match=r"rules\.docx: title: 999 characters: at most 500"):
        brief(str(path))


def test_more_paragraphs_than_any_input_may_have_are_refused(
    tmp_path: Path, seed_briefing: Briefing, default_theme: Theme, monkeypatch: pytest.MonkeyPatch
) -> None:
    import formatter.readers.docx as reader

    monkeypatch.setattr(reader, "MAX_PARAGRAPHS", 5)  # the real limit: 200,000
    path = _write(tmp_path, "long.docx", render_docx(seed_briefing, default_theme))
    with pytest.raises(InputError, match=r"more than 5 cannot be briefed"):
        brief(str(path))
