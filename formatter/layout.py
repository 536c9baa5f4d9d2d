"""Text that every writer prints the same way: the title block lines, the source
note, the handling marking and the running header/footer templates.

Writers decide how things look; this module decides what they say, so the DOCX, the
PDF and the Markdown never disagree about the words.
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from datetime import date

from formatter.model import Briefing, RemovalReason
from formatter.theme import Running, Theme

SHORT_TITLE_LENGTH = 60


@dataclass(frozen=True, slots=True)
class Field:
    """A value the viewer computes: ``"PAGE"`` or ``"NUMPAGES"``."""

    name: str


Segment = str | Field


def marking(briefing: Briefing, theme: Theme) -> str | None:
    """The handling marking: the article's own, else the theme's default."""
    return briefing.metadata.marking or theme.marking


def short_title(briefing: Briefing) -> str:
    """The title up to its first colon, or cut at a word boundary, for running heads."""
    title = briefing.metadata.title
    head = title.split(":", 1)[0].strip()
    if len(head) >= 12 and head != title:
        return head
    if len(title) <= SHORT_TITLE_LENGTH:
        return title
    cut = title[:SHORT_TITLE_LENGTH].rsplit(" ", 1)[0]
    return cut + "…"


def display_date(briefing: Briefing) -> str | None:
    """``2026-11-25`` -> ``25 November 2026``: spelled out, so no reader misreads it."""
    if not briefing.metadata.date:
        return None
    day = date.fromisoformat(briefing.metadata.date)
    return f"{day.day} {day:%B} {day.year}"


def meta_line(briefing: Briefing) -> str:
    """The line under the subtitle: date, author and source, those that are known."""
    parts = [display_date(briefing), briefing.metadata.author, briefing.metadata.source]
    return " · ".join(part for part in parts if part)


def source_note(briefing: Briefing) -> list[str]:
    """The closing note's lines: where the text came from and what cleaning removed."""
    provenance = briefing.provenance
    duplicates = provenance.count(RemovalReason.DUPLICATE)
    near = provenance.count(RemovalReason.NEAR_DUPLICATE)
    boilerplate = provenance.count(RemovalReason.BOILERPLATE)
    lines = [
        f"Source file: {provenance.source_name} ({provenance.size_bytes:,} bytes, "
        f"{provenance.encoding}).",
        f"SHA-256: {provenance.sha256}",
        f"Paragraphs: {provenance.paragraphs_in} in, {provenance.paragraphs_kept} kept; "
        f"removed {duplicates} duplicate(s), {near} near-duplicate(s) and "
        f"{boilerplate} boilerplate line(s).",
    ]
    if briefing.metadata.source:
        lines.insert(0, f"Source: {briefing.metadata.source}")
    lines.extend(provenance.repairs)
    lines.extend(briefing.notes)
    lines.append(
        "Sections were assigned by weighted cue words; the summary is the article's first "
        "paragraph and the key points are sentences quoted from the body."
    )
    return lines


def running_segments(template: str, briefing: Briefing, theme: Theme) -> list[Segment]:
    """A header/footer template split into text and page fields.

    ``"Page {page} of {pages}"`` -> ``["Page ", Field("PAGE"), " of ", Field("NUMPAGES")]``.
    Placeholders with no value (no date, no marking) become empty text.
    """
    values = {
        "title": briefing.metadata.title,
        "short_title": short_title(briefing),
        "marking": marking(briefing, theme) or "",
        "date": display_date(briefing) or "",
        "source": briefing.metadata.source or "",
    }
    segments: list[Segment] = []
    for literal, name, _, _ in string.Formatter().parse(template):
        if literal:
            segments.append(literal)
        if name == "page":
            segments.append(Field("PAGE"))
        elif name == "pages":
            segments.append(Field("NUMPAGES"))
        elif name is not None:
            segments.append(values[name])
    return [segment for segment in segments if segment != ""]


def running(running: Running, briefing: Briefing, theme: Theme) -> tuple[list[Segment], ...]:
    """Left, centre and right segments of a header or footer."""
    return tuple(
        running_segments(template, briefing, theme)
        for template in (running.left, running.center, running.right)
    )
