"""The words of a briefing that are not the article's own: the meta line, the
handling marking, the short running title, the spelled-out date and the source note.

:mod:`formatter.plan` puts these words in order for every writer; the writers decide
only how they look.
"""

from __future__ import annotations

from datetime import date

from formatter.model import Briefing, RemovalReason
from formatter.theme import Theme

SHORT_TITLE_LENGTH = 60
# The provenance "encoding" of a briefing read back from a DOCX (see formatter.readers),
# and of a DOCX without a briefing's structure, read as an article.
DOCX_BRIEFING = "DOCX briefing"
DOCX_TEXT = "DOCX text"


def marking(briefing: Briefing, theme: Theme) -> str | None:
    """The handling marking: the article's own, else the theme's default. An empty one
    (``--marking none``, or ``marking = "none"`` in the sidecar) means no marking."""
    own = briefing.metadata.marking
    return theme.marking if own is None else (own or None)


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
    if provenance.encoding == DOCX_BRIEFING:  # nothing is cleaned away: the editor decides
        lines[2] = f"Paragraphs: {provenance.paragraphs_kept} read from the document."
    if briefing.metadata.source:
        lines.insert(0, f"Source: {briefing.metadata.source}")
    if provenance.original is not None:
        lines.append(
            f"Built from the article {provenance.original.source_name} "
            f"(SHA-256: {provenance.original.sha256})."
        )
    lines.extend(provenance.repairs)
    lines.extend(provenance.reading)  # how the text was read: a page, a URL, wrapped text
    lines.extend(briefing.notes)
    if provenance.encoding == DOCX_BRIEFING:
        lines.append(
            "Edited as a DOCX: its headings give the sections, its key points and summary "
            "are the editor's; a paragraph left in its first section keeps the reason it "
            "was put there."
        )
        return lines
    opening = "the paragraph after the headline" if briefing.headline else "the first paragraph"
    lines.append(
        "Sections were assigned from each paragraph's wording and cue words, what the "
        "article as a whole is about and the paragraphs around it; the summary is "
        f"{opening} and the key points are sentences quoted from the body."
    )
    return lines
