"""What editors do to a briefing DOCX, done with python-docx (and raw WordprocessingML
where python-docx has no API: tracked changes, text boxes), for the DOCX reader tests.

Each edit is a function ``(document) -> None``; :data:`EXPECTED` says what the briefing
read back must show after all of them. The same edited file is also read after
LibreOffice re-saved it (DOCX -> DOCX, and DOCX -> ODT -> DOCX).
"""

from __future__ import annotations

import copy
import struct
import zlib
from pathlib import Path
from typing import Any

from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

NEW_TEXT = "Lithuanian officials described the pressure on exiles as systematic and growing."
BOLD, ITALIC = "systematic", "growing"
ADDED_PARAGRAPH = "An analyst added this paragraph after the first destabilisation paragraph."
ADDED_POINT = "Analysts expect the pressure on the diaspora to continue next year."
NEW_SECTION = "Outlook for 2027"
NEW_SECTION_TEXT = "The next assessment is due in the spring and will revisit these findings."
RENAMED = "Belarus and the war in Ukraine"
MARKING = "TLP:AMBER"
INSERTED = " (tracked insertion)"
DELETED = "TRACKED-DELETION"


def by_style(document: Any, style: str) -> list[Any]:
    return [p for p in document.paragraphs if p.style.name == style]


def heading(document: Any, title: str) -> Any:
    return next(p for p in by_style(document, "Heading 1") if p.text == title)


def following(paragraph: Any, count: int = 1) -> Any:
    element = paragraph._p
    for _ in range(count):
        element = element.getnext()
    return element


def change_text_with_runs(document: Any) -> None:
    """The first Diaspora paragraph rewritten, with a bold and an italic word."""
    target = following(heading(document, "Diaspora coercion"))
    for run in target.findall(qn("w:r")):
        target.remove(run)
    from docx.text.paragraph import Paragraph

    paragraph = Paragraph(target, None)
    before, rest = NEW_TEXT.split(BOLD)
    middle, after = rest.split(ITALIC)
    paragraph.add_run(before)
    paragraph.add_run(BOLD).bold = True
    paragraph.add_run(middle)
    paragraph.add_run(ITALIC).italic = True
    paragraph.add_run(after)


def move_paragraph(document: Any) -> str:
    """The second Diaspora paragraph moved under Destabilization (returns its text)."""
    moved = following(heading(document, "Diaspora coercion"), 2)
    text = "".join(t.text for t in moved.iter(qn("w:t")))
    heading(document, "Destabilization")._p.addnext(moved)
    return text


def delete_paragraph(document: Any) -> str:
    """The first Background paragraph deleted (returns its text)."""
    gone = following(heading(document, "Background and context"))
    text = "".join(t.text for t in gone.iter(qn("w:t")))
    gone.getparent().remove(gone)
    return text


def add_paragraph(document: Any) -> None:
    anchor = following(heading(document, "Destabilization"), 2)
    new = copy.deepcopy(anchor)
    for run in new.findall(qn("w:r")):
        new.remove(run)
    anchor.addnext(new)
    from docx.text.paragraph import Paragraph

    Paragraph(new, None).add_run(ADDED_PARAGRAPH)


def edit_key_points(document: Any) -> str:
    """The last key point deleted, one added after the first (returns the deleted)."""
    points = by_style(document, "Key Point")
    deleted = points[-1].text
    points[-1]._p.getparent().remove(points[-1]._p)
    points[0].insert_paragraph_before(points[0].text, style="Key Point")
    points[0].text = ADDED_POINT  # the new paragraph keeps the old text; this one is new
    return deleted


def rename_heading(document: Any) -> None:
    target = heading(document, "Ukraine war role")
    target.text = RENAMED


def add_section(document: Any) -> None:
    note = by_style(document, "Source Note Heading")[0]
    note.insert_paragraph_before(NEW_SECTION, style="Heading 1")
    note.insert_paragraph_before(NEW_SECTION_TEXT, style="Body Text")


def change_marking(document: Any) -> None:
    marking = by_style(document, "Marking")[0]
    runs = marking.runs
    runs[1].text = MARKING


def track_changes(document: Any) -> None:
    """A tracked insertion and a tracked deletion in the first Destabilization paragraph."""
    target = following(heading(document, "Destabilization"))
    target.append(
        parse_xml(
            f'<w:ins {nsdecls("w")} w:id="901" w:author="Analyst" w:date="2026-11-26T10:00:00Z">'
            f'<w:r><w:t xml:space="preserve">{INSERTED}</w:t></w:r></w:ins>'
        )
    )
    target.append(
        parse_xml(
            f'<w:del {nsdecls("w")} w:id="902" w:author="Analyst" w:date="2026-11-26T10:00:00Z">'
            f"<w:r><w:delText>{DELETED}</w:delText></w:r></w:del>"
        )
    )


def add_comment(document: Any) -> None:
    target = by_style(document, "Summary")[0]
    document.add_comment(target.runs, text="Check this figure", author="Reviewer")


def add_objects(document: Any, folder: Path) -> None:
    """A picture, a table and a text box after the summary."""
    summary = by_style(document, "Summary")[0]
    image = folder / "logo.png"
    image.write_bytes(tiny_png())
    picture = document.add_paragraph(style="Body Text")
    picture.add_run().add_picture(str(image))
    table = document.add_table(rows=2, cols=3)
    table.cell(0, 0).text = "cell text"
    box = document.add_paragraph(style="Body Text")
    box._p.append(parse_xml(TEXT_BOX))
    summary._p.addnext(box._p)
    summary._p.addnext(table._tbl)
    summary._p.addnext(picture._p)


TEXT_BOX = (
    f"<w:r {nsdecls('w', 'wp', 'a')} "
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
    '<w:drawing><wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" '
    'relativeHeight="1" behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1">'
    '<wp:simplePos x="0" y="0"/><wp:positionH relativeFrom="column"><wp:posOffset>0'
    '</wp:posOffset></wp:positionH><wp:positionV relativeFrom="paragraph"><wp:posOffset>0'
    '</wp:posOffset></wp:positionV><wp:extent cx="914400" cy="457200"/><wp:wrapNone/>'
    '<wp:docPr id="77" name="Callout box"/><a:graphic><a:graphicData '
    'uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp>'
    '<wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="914400" cy="457200"/></a:xfrm>'
    '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></wps:spPr><wps:txbx>'
    "<w:txbxContent><w:p><w:r><w:t>boxed words</w:t></w:r></w:p></w:txbxContent>"
    "</wps:txbx><wps:bodyPr/></wps:wsp></a:graphicData></a:graphic></wp:anchor>"
    "</w:drawing></w:r>"
)


def tiny_png() -> bytes:
    """A 1 x 1 white PNG, written by hand (no imaging library needed)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\xff\xff")
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", pixels)
        + (chunk(b"IEND", b""))
    )
