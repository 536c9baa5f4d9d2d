"""Wire-service clutter: datelines into the metadata, credits out with a reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from formatter.model import Paragraph, RemovalReason
from formatter.pipeline import brief
from formatter.wire import remove_credits, take_dateline

REPORT = (
    "SEOUL, 14 March (Reuters) - North Korea fired two short-range missiles into the sea on "
    "Saturday, the South Korean military said, days after large joint drills began.\n"
    "REUTERS/Kim Hong-Ji\n"
    "The launches were the third this month, officials said, and came as envoys met in Geneva.\n"
    "Analysts said the tests were meant to show the drills would be answered. "
    "(Reporting by Jane Doe; Editing by John Roe)\n"
)


@pytest.mark.parametrize(
    ("text", "place", "agency", "date"),
    [
        ("SEOUL, 14 March (Reuters) - North Korea fired two missiles into the sea.", "SEOUL",
         "Reuters", "2026-03-14"),
        ("WASHINGTON (AP) — The Senate passed the bill late on Thursday night.", "WASHINGTON",
         "AP", None),
        ("Kyiv, Ukraine, March 3, 2025 (AFP) – Drones struck the city before dawn today.",
         "Kyiv, Ukraine", "AFP", "2025-03-03"),
        ("VILNIUS, 2 October — A court jailed a courier for six years on Thursday.", "VILNIUS",
         None, "2026-10-02"),
    ],
)  # fmt: skip
def test_datelines(text: str, place: str, agency: str | None, date: str | None) -> None:
    paragraph, dateline, removal = take_dateline(Paragraph(0, 1, text), "2026-01-01")
    assert dateline is not None
    assert removal is not None
    assert (dateline.place, dateline.agency, dateline.date) == (place, agency, date)
    assert paragraph.text[0].isupper()
    assert place not in paragraph.text
    assert removal.reason is RemovalReason.DATELINE


@pytest.mark.parametrize(
    "text",
    [
        "NATO — the alliance — said on Monday that it would meet again next week.",
        "The minister said in Minsk - and later in Moscow - that nothing had changed.",
        "Reuters reported on Monday that the talks had stalled over the border.",
    ],
)
def test_no_false_datelines(text: str) -> None:
    paragraph, dateline, _ = take_dateline(Paragraph(0, 1, text), None)
    assert dateline is None
    assert paragraph.text == text


def test_credits_removed_with_reasons() -> None:
    text, removed = remove_credits(REPORT)
    assert [(r.line, r.reason) for r in removed] == [
        (2, RemovalReason.PHOTO_CREDIT),
        (4, RemovalReason.WIRE_CREDITS),
    ]
    lines = text.split("\n")
    assert lines[1] == ""
    assert lines[3] == "Analysts said the tests were meant to show the drills would be answered."
    assert removed[1].text == "(Reporting by Jane Doe; Editing by John Roe)"


@pytest.mark.parametrize(
    "line",
    [
        "Photo: Jane Doe/AFP",
        "(AP Photo/Ahn Young-joon)",
        "Our Standards: The Thomson Reuters Trust Principles.",
        "Associated Press writer Jane Doe in Vilnius contributed to this report.",
    ],
)
def test_more_credit_lines(line: str) -> None:
    text, removed = remove_credits(f"A real paragraph of the article stays as it is.\n{line}\n")
    assert len(removed) == 1
    assert text.split("\n")[1] == ""


def test_dateline_leaves_summary_and_key_points(tmp_path: Path) -> None:
    path = tmp_path / "missiles.txt"
    path.write_text(REPORT, encoding="utf-8")
    briefing = brief(str(path))
    assert briefing.summary.text.startswith("North Korea fired two short-range missiles")
    assert all("Reuters" not in point.text for point in briefing.key_points)
    assert all("REUTERS/" not in p.text and "Reporting by" not in p.text
               for p in briefing.paragraphs)  # fmt: skip
    dateline = briefing.metadata.dateline
    assert dateline is not None
    assert dateline.place == "SEOUL"
    assert dateline.agency == "Reuters"
    assert any("Dateline SEOUL, 14 March (Reuters)" in line for line in briefing.provenance.reading)
    assert briefing.provenance.count(RemovalReason.PHOTO_CREDIT) == 1
