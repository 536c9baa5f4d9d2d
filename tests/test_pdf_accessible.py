"""The PDF is tagged (PDF/UA-1 structure), archival (PDF/A-2b) and self-describing
(XMP), checked with real tools: poppler's pdfinfo (``Tagged``, ``-struct-text``), qpdf
``--check``, and a walk of the file with pypdf (tests/pdf_structure.py)."""

from __future__ import annotations

import re
import subprocess
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from lxml import etree
from pypdf import PdfReader

from formatter import srgb, wording
from formatter.model import Briefing
from formatter.pipeline import brief
from formatter.plan import (
    BodyParagraph,
    KeyPoints,
    Marking,
    SectionHeading,
    SourceNote,
    Summary,
    TitleBlock,
    plan,
)
from formatter.theme import Theme, load_theme
from formatter.writers.pdf import render
from formatter.writers.pdf.archive import ICC_PROFILE
from formatter.writers.pdf.document import CHUNK
from tests.conftest import require_tool
from tests.pdf_structure import Node, flatten, struct_text, walk


@pytest.fixture(scope="module", params=["briefing", "plain"])
def theme(request: pytest.FixtureRequest) -> Theme:
    return load_theme(request.param)


@pytest.fixture(scope="module")
def seed_pdf(
    seed_briefing: Briefing, theme: Theme, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    path = tmp_path_factory.mktemp(f"tagged-{theme.name}") / "seed.pdf"
    path.write_bytes(render(seed_briefing, theme))
    return path


@pytest.fixture(scope="module")
def seed_tree(seed_pdf: Path) -> Node:
    """The seed's structure tree as poppler prints it (read once per theme)."""
    return struct_text(seed_pdf)


def squash(text: str) -> str:
    """Text without whitespace and hyphens (line ends and hyphenation vanish)."""
    return re.sub(r"[\s\-\u00ad\u2010]+", "", text)


def expected_tree(briefing: Briefing, theme: Theme) -> list[tuple[int, str, str | None, str]]:
    """The structure the plan calls for: ``(depth, kind, title, text)`` in order."""
    rows: list[tuple[int, str, str | None, str]] = [(0, "Document", None, "")]
    for block in plan(briefing, theme).blocks:
        match block:
            case TitleBlock(title, subtitle, meta):
                rows.append((1, "H1", None, title))
                rows += [(1, "P", None, text) for text in (subtitle, meta) if text]
            case Marking(text):
                rows.append((1, "P", None, text))
            case KeyPoints(heading, points):
                rows += [(1, "Sect", heading, ""), (2, "H2", None, heading), (2, "L", None, "")]
                for point in points:
                    rows += [(3, "LI", None, ""), (4, "Lbl", None, "•"), (4, "LBody", None, point)]
            case Summary(heading, text):
                rows += [(1, "Sect", heading, ""), (2, "H2", None, heading), (2, "P", None, text)]
            case SectionHeading(title):
                rows += [(1, "Sect", title, ""), (2, "H2", None, title)]
            case BodyParagraph(text):
                rows.append((2, "P", None, text))
            case SourceNote(heading, lines):
                rows += [(1, "Sect", heading, ""), (2, "H2", None, heading)]
                rows += [(2, "P", None, line) for line in lines]
    return rows


def comparable(
    rows: list[tuple[int, str, str | None, str]],
) -> list[tuple[int, str, str | None, str]]:
    return [(depth, kind, title, squash(text)) for depth, kind, title, text in rows]


# --- poppler and qpdf ----------------------------------------------------------------


def test_pdfinfo_says_tagged_with_metadata(seed_pdf: Path) -> None:
    tool = require_tool("pdfinfo")
    info = subprocess.run([tool, str(seed_pdf)], capture_output=True, text=True, check=True)
    fields = dict(re.findall(r"^([\w ]+):\s*(.*)$", info.stdout, re.MULTILINE))
    assert fields["Tagged"] == "yes"
    assert fields["Metadata Stream"] == "yes"
    assert fields["Encrypted"] == "no"
    assert fields["PDF version"] == "1.7"


def test_structure_tree_is_the_briefing_in_reading_order(
    seed_tree: Node, seed_briefing: Briefing, theme: Theme
) -> None:
    """Every paragraph once, in order, under the right element; nothing else (no
    running head, page number or rule) in the tree."""
    tree = seed_tree
    assert comparable(flatten(tree)) == comparable(expected_tree(seed_briefing, theme))


def test_no_running_head_text_in_the_tree(
    seed_tree: Node, seed_briefing: Briefing, theme: Theme
) -> None:
    texts = [text for _, _, _, text in flatten(seed_tree)]
    whole = "\n".join(texts)
    assert not re.search(r"Page \d+ of \d+", whole)
    short = wording.short_title(seed_briefing)
    assert short not in texts
    date = wording.display_date(seed_briefing)
    assert date
    assert date not in texts  # only inside the meta line, never on its own
    marking = wording.marking(seed_briefing, theme)
    assert texts.count(marking) == 1  # the title block's label, not the running heads'


def test_words_at_line_ends_stay_apart(
    seed_tree: Node, seed_briefing: Briefing, theme: Theme
) -> None:
    """A screen reader reads the tree's text: the last word of a line and the first of
    the next must not run together. (Hyphens are left out of the comparison: a word
    hyphenated at a line end keeps its hyphen, see the README.)"""

    def words(text: str) -> str:
        return " ".join(text.replace("-", "").split())

    actual = [words(text) for _, _, _, text in flatten(seed_tree)]
    expected = [words(text) for _, _, _, text in expected_tree(seed_briefing, theme)]
    assert actual == expected


def _nodes(node: Node) -> list[Node]:
    found = [node]
    for kid in node.kids:
        found += _nodes(kid)
    return found


def test_qpdf_finds_no_errors(seed_pdf: Path) -> None:
    tool = require_tool("qpdf")
    result = subprocess.run(
        [tool, "--check", str(seed_pdf)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No syntax or stream encoding errors found" in result.stdout
    assert not result.stderr


# --- the machine-checkable rules -----------------------------------------------------


def test_structure_walk_finds_no_problem(seed_pdf: Path) -> None:
    found = walk(seed_pdf)
    assert found.problems == []
    assert found.kinds["Document"] == 1
    assert found.kinds["H1"] == 1
    assert found.kinds["L"] == 1
    assert all(count > 0 for count in found.mcids_per_page)


def test_walk_catches_untagged_content(tmp_path: Path, seed_pdf: Path) -> None:
    """The walk is not blind: a page with a stray mark, or an MCID missing from the tree
    and the ParentTree, is reported."""
    from pypdf import PdfWriter
    from pypdf.generic import ByteStringObject, ContentStream, NameObject, NumberObject

    writer = PdfWriter(clone_from=seed_pdf)
    page = writer.pages[0]
    content = ContentStream(page.get_contents(), writer)
    content.operations.append(([], b"BT"))
    content.operations.append(([NameObject("/F1+0"), NumberObject(9)], b"Tf"))
    content.operations.append(([ByteStringObject(b"stray\x00")], b"Tj"))
    content.operations.append(([], b"ET"))
    page.replace_contents(content)
    tree = writer.root_object["/StructTreeRoot"]
    document = tree["/K"][0].get_object()
    document[NameObject("/S")] = NameObject("/Body")  # not a standard type, no role map
    del tree["/ParentTree"]["/Nums"][2:]  # forget the last pages' entries
    broken = tmp_path / "broken.pdf"
    writer.write(broken)
    problems = walk(broken).problems
    assert any("Tj outside marked content" in problem for problem in problems)
    assert any(".notdef" in problem for problem in problems)
    assert any("Body is neither standard nor role-mapped" in problem for problem in problems)
    assert any("ParentTree keys" in problem for problem in problems)


def test_catalog_and_trailer(seed_pdf: Path, seed_briefing: Briefing) -> None:
    reader = PdfReader(seed_pdf)
    root = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"] == True  # noqa: E712 - a pypdf BooleanObject
    assert root["/Lang"] == seed_briefing.metadata.language
    assert root["/ViewerPreferences"]["/DisplayDocTitle"] == True  # noqa: E712
    assert reader.outline  # the bookmarks are still there
    ids = reader.trailer["/ID"]
    assert len(ids) == 2
    assert len(ids[0].original_bytes) == 16
    assert "/Encrypt" not in reader.trailer
    for page in reader.pages:
        assert page["/Tabs"] == "/S"


def test_file_structure_for_pdf_a(seed_pdf: Path) -> None:
    data = seed_pdf.read_bytes()
    assert data.startswith(b"%PDF-1.7\n%")
    assert all(byte > 127 for byte in data[10:14])  # the binary comment
    assert data.count(b"endstream") == len(re.findall(rb"(\r\n|\n|\r)endstream", data))
    assert b"/Transparency" not in data
    assert b"/Encrypt" not in data
    assert data.rstrip().endswith(b"%%EOF")


def test_output_intent_embeds_the_shipped_srgb_profile(seed_pdf: Path) -> None:
    root = PdfReader(seed_pdf).trailer["/Root"]
    (intent,) = [entry.get_object() for entry in root["/OutputIntents"]]
    assert intent["/S"] == "/GTS_PDFA1"
    assert intent["/OutputConditionIdentifier"] == "sRGB IEC61966-2.1"
    profile = intent["/DestOutputProfile"].get_object()
    assert profile["/N"] == 3
    assert profile.get_data() == ICC_PROFILE.read_bytes() == srgb.profile()


# --- XMP --------------------------------------------------------------------------------

NS = {
    "x": "adobe:ns:meta/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
    "pdf": "http://ns.adobe.com/pdf/1.3/",
    "pdfaid": "http://www.aiim.org/pdfa/ns/id/",
    "pdfuaid": "http://www.aiim.org/pdfua/ns/id/",
    "xml": "http://www.w3.org/XML/1998/namespace",
}


def xmp_of(path: Path) -> tuple[etree._Element, dict[str, str], bytes]:
    """The parsed XMP packet, the information dictionary (as strings), the raw stream
    dictionary keys."""
    reader = PdfReader(path)
    stream = reader.trailer["/Root"]["/Metadata"].get_object()
    assert stream["/Type"] == "/Metadata"
    assert stream["/Subtype"] == "/XML"
    assert "/Filter" not in stream  # PDF/A: the packet is readable as it stands
    packet = stream.get_data()
    info = {key[1:]: str(value) for key, value in (reader.trailer["/Info"].get_object()).items()}
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    body = packet.split(b"?>", 1)[1].rsplit(b"<?xpacket", 1)[0]
    return etree.fromstring(body, parser), info, packet


def one(root: etree._Element, path: str) -> str | None:
    found = root.findall(path, NS)
    assert len(found) <= 1, path
    return found[0].text if found else None


def pdf_date(stamp: str) -> datetime:
    return datetime.strptime(stamp[2:16], "%Y%m%d%H%M%S").replace(tzinfo=UTC)


def check_xmp_agrees_with_info(path: Path, language: str) -> etree._Element:
    root, info, packet = xmp_of(path)
    assert packet.startswith('<?xpacket begin="\ufeff"'.encode())
    assert one(root, ".//dc:title/rdf:Alt/rdf:li") == info["Title"]
    assert one(root, ".//dc:creator/rdf:Seq/rdf:li") == info.get("Author")
    assert one(root, ".//dc:description/rdf:Alt/rdf:li") == info.get("Subject")
    assert one(root, ".//dc:language/rdf:Bag/rdf:li") == language
    assert one(root, ".//pdf:Keywords") == info.get("Keywords")
    assert one(root, ".//pdf:Producer") == info["Producer"]
    assert one(root, ".//xmp:CreatorTool") == info.get("Creator")
    for xmp_key, info_key in (("xmp:CreateDate", "CreationDate"), ("xmp:ModifyDate", "ModDate")):
        value = one(root, f".//{xmp_key}")
        if info_key in info:
            assert value is not None
            assert datetime.fromisoformat(value) == pdf_date(info[info_key])
        else:
            assert value is None
    assert one(root, ".//pdfaid:part") == "2"
    assert one(root, ".//pdfaid:conformance") == "B"
    assert one(root, ".//pdfuaid:part") == "1"
    # the extension schema that declares pdfuaid for PDF/A
    assert b"<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>" in packet
    return root


def test_xmp_agrees_with_the_information_dictionary(
    seed_pdf: Path, seed_briefing: Briefing
) -> None:
    root = check_xmp_agrees_with_info(seed_pdf, seed_briefing.metadata.language)
    assert one(root, ".//xmp:CreateDate") == "2026-11-25T00:00:00+00:00"
    assert one(root, ".//dc:title/rdf:Alt/rdf:li") == seed_briefing.metadata.title


def test_xmp_with_sparse_and_awkward_metadata(seed_briefing: Briefing, tmp_path: Path) -> None:
    metadata = replace(
        seed_briefing.metadata,
        title="Fish & <chips> \u201cquoted\u201d \u0161",
        subtitle=None,
        author=None,
        date=None,
        keywords=(),
        language="lt-LT",
    )
    briefing = replace(seed_briefing, metadata=metadata)
    path = tmp_path / "sparse.pdf"
    path.write_bytes(render(briefing, load_theme("briefing")))
    root = check_xmp_agrees_with_info(path, "lt-LT")
    assert one(root, ".//dc:title/rdf:Alt/rdf:li") == metadata.title
    assert one(root, ".//dc:creator/rdf:Seq/rdf:li") is None
    assert walk(path).problems == []


# --- harder documents -------------------------------------------------------------------


@pytest.fixture(scope="module")
def long_pdf(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Briefing]:
    """A paragraph over two pages and a key point long enough to be set in pieces."""
    folder = tmp_path_factory.mktemp("long")
    sentences = " ".join(f"Sentence {n} keeps the long paragraph going on." for n in range(160))
    point = " ".join(f"Clause {n} of a very long opening paragraph." for n in range(600))
    article = folder / "long.txt"
    article.write_text(f"A long paragraph\n\n{point}\n\n{sentences}\n", encoding="utf-8")
    briefing = brief(str(article))
    long_point = "The ministry said that " + ", ".join(f"clause {n} of it" for n in range(1500))
    first = replace(briefing.key_points[0], text=long_point + ".")
    briefing = replace(briefing, key_points=(first, *briefing.key_points[1:]))
    path = folder / "long.pdf"
    path.write_bytes(render(briefing, load_theme("briefing")))
    return path, briefing


def test_a_paragraph_split_across_pages_is_one_element(long_pdf: tuple[Path, Briefing]) -> None:
    path, briefing = long_pdf
    found = walk(path)
    assert found.problems == []
    spread = [pages for pages in found.pages_of.values() if len(pages) > 1]
    assert spread, "expected an element with content on two pages"
    tree = struct_text(path)
    theme = load_theme("briefing")
    assert comparable(flatten(tree)) == comparable(expected_tree(briefing, theme))


def test_a_long_key_point_has_one_label(long_pdf: tuple[Path, Briefing]) -> None:
    path, briefing = long_pdf
    tree = struct_text(path)
    items = [node for node in _nodes(tree) if node.kind == "LI"]
    assert len(items) == len(briefing.key_points)
    assert len(briefing.key_points[0].text) > 2 * CHUNK  # set in pieces
    for item, point in zip(items, briefing.key_points, strict=True):
        assert [kid.kind for kid in item.kids] == ["Lbl", "LBody"]
        assert item.kids[0].text == "•"
        assert squash(item.kids[1].text) == squash(point.text)


def test_hebrew_and_fallback_fonts_stay_tagged(tmp_path: Path) -> None:
    article = tmp_path / "mixed.txt"
    article.write_text(
        "Mixed scripts\n\nAn article quoting שלום עולם and 漢字 in one line.\n", encoding="utf-8"
    )
    path = tmp_path / "mixed.pdf"
    path.write_bytes(render(brief(str(article)), load_theme("plain")))
    assert walk(path).problems == []
