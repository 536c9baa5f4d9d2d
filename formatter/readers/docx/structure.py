"""A briefing DOCX's paragraphs, by role, mapped back onto the briefing's parts.

The visible document decides the content: the Title, Subtitle, Meta and Marking
paragraphs, the Key Point list, the Summary, each Heading 1 with the paragraphs under
it, the Source Note (skipped: the build writes a new one). A section heading whose
title is a taxonomy section's is that section; any other heading starts a new section
that keeps the edited title.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from formatter.clean import normalise
from formatter.readers.docx.styles import Role, StyleMap
from formatter.readers.docx.walk import RawParagraph

_MONTHS = {
    month: number
    for number, month in enumerate(
        ("january", "february", "march", "april", "may", "june", "july", "august",
         "september", "october", "november", "december"),
        start=1,
    )
}  # fmt: skip
_SPELLED_DATE = re.compile(r"^(\d{1,2}) ([A-Za-z]+) (\d{4})$")
META_SEPARATOR = " \u00b7 "


@dataclass(frozen=True, slots=True)
class Item:
    """A paragraph of the document with text: its text, role and number."""

    text: str
    role: Role
    number: int


@dataclass(slots=True)
class DocSection:
    title: str
    number: int  # of its heading paragraph
    paragraphs: list[Item] = field(default_factory=list)


@dataclass(slots=True)
class Layout:
    """What the document shows, part by part."""

    title: Item | None = None
    subtitle: str | None = None
    meta: str | None = None
    marking: str | None = None
    author: str | None = None  # an Author paragraph (pandoc)
    date: str | None = None  # a Date paragraph (pandoc)
    key_points: list[str] = field(default_factory=list)
    key_points_heading: bool = False
    summary: Item | None = None
    summary_heading: bool = False
    before_sections: list[Item] = field(default_factory=list)
    sections: list[DocSection] = field(default_factory=list)
    source_note: bool = False

    @property
    def briefing_styles(self) -> bool:
        """Does the document use the styles only a briefing has?"""
        return bool(
            self.meta
            or self.marking
            or self.key_points
            or self.key_points_heading
            or self.summary
            or self.source_note
        )

    @property
    def structured(self) -> bool:
        """Enough structure to be read as a briefing (else: read as an article)."""
        return self.briefing_styles or bool(self.sections)

    def body(self) -> list[Item]:
        return [*self.before_sections, *(p for s in self.sections for p in s.paragraphs)]


def items(paragraphs: list[RawParagraph], styles: StyleMap) -> list[Item]:
    """Paragraphs with visible text, normalised as cleaning does (NFC, one space)."""
    found = []
    for paragraph in paragraphs:
        text = normalise(paragraph.text)
        if text:
            found.append(Item(text, styles.role(paragraph.style), paragraph.number))
    return found


def layout(found: list[Item]) -> Layout:  # noqa: PLR0912 - one case per role
    shown = Layout()
    in_note = False
    for position, item in enumerate(found):
        role = item.role
        if role is Role.SOURCE_NOTE_HEADING:
            shown.source_note = in_note = True
            continue
        if role is Role.SOURCE_NOTE or (in_note and role is not Role.HEADING):
            shown.source_note = True
            continue
        in_note = False
        if role is Role.TITLE and shown.title is None:
            shown.title = item
        elif role is Role.SUBTITLE and shown.subtitle is None:
            shown.subtitle = item.text
        elif role is Role.META and shown.meta is None:
            shown.meta = item.text
        elif role is Role.MARKING and shown.marking is None:
            shown.marking = item.text
        elif role is Role.AUTHOR and shown.author is None:
            shown.author = item.text
        elif role is Role.DATE and shown.date is None:
            shown.date = item.text
        elif role is Role.KEY_POINTS_HEADING:
            shown.key_points_heading = True
        elif role is Role.KEY_POINT:
            shown.key_points.append(item.text)
        elif role is Role.SUMMARY and shown.summary is None:
            shown.summary = item
        elif role is Role.HEADING:
            following = found[position + 1] if position + 1 < len(found) else None
            if following is not None and following.role is Role.SUMMARY and not shown.summary:
                shown.summary_heading = True  # the "Summary" label over the summary
            else:
                shown.sections.append(DocSection(item.text, item.number))
        elif shown.sections:
            shown.sections[-1].paragraphs.append(item)
        else:
            shown.before_sections.append(item)
    return shown


def parse_date(text: str) -> str | None:
    """``25 November 2026`` or ``2026-11-25`` -> ``2026-11-25``; None if not a date."""
    text = text.strip()
    try:
        return date.fromisoformat(text[:10]).isoformat() if len(text) >= 10 else None
    except ValueError:
        pass
    match = _SPELLED_DATE.match(text)
    if match is None or match.group(2).casefold() not in _MONTHS:
        return None
    day, month, year = int(match.group(1)), _MONTHS[match.group(2).casefold()], match.group(3)
    try:
        return date(int(year), month, day).isoformat()
    except ValueError:
        return None


def split_meta(meta: str, known_author: str | None) -> tuple[str | None, str | None, str | None]:
    """The meta line (``date · author · source``, those known) -> (date, author, source).
    With one part after the date, ``known_author`` tells an author from a source."""
    parts = [part.strip() for part in meta.split(META_SEPARATOR.strip()) if part.strip()]
    day = parse_date(parts[0]) if parts else None
    if day is not None:
        parts = parts[1:]
    if not parts:
        return day, None, None
    if len(parts) == 1:
        if known_author is not None and parts[0] == known_author:
            return day, parts[0], None
        return day, None, parts[0]
    return day, parts[0], " \u00b7 ".join(parts[1:])
