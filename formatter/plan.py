"""The document plan: what a briefing prints, in what order, as typed values.

:func:`plan` turns a :class:`~formatter.model.Briefing` and a theme into the one
sequence of blocks (title block, marking, the title rule, key points, summary, section
headings and paragraphs, source note), the running heads (text, marking and page-field
segments, for the first page and for the others) and the document properties. The
DOCX, PDF and Markdown writers walk this plan; none of them decides what appears or in
which order, so they cannot drift apart. This module is pure: no I/O, no rendering
library, the same plan for the same briefing and theme.
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from enum import StrEnum

from formatter import wording
from formatter.model import Briefing, SectionParagraph
from formatter.theme import Running, Theme

# --- blocks -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TitleBlock:
    """The title, then the subtitle and the meta line (date, author, source) if any."""

    title: str
    subtitle: str | None
    meta: str | None


@dataclass(frozen=True, slots=True)
class Marking:
    """The handling marking (e.g. ``TLP:AMBER``), printed as a filled label."""

    text: str


@dataclass(frozen=True, slots=True)
class TitleRule:
    """The rule that closes the title block (the theme's ``rules.title``)."""


@dataclass(frozen=True, slots=True)
class KeyPoints:
    """The boxed key points; only planned when there is at least one."""

    heading: str
    points: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Summary:
    heading: str
    text: str


@dataclass(frozen=True, slots=True)
class SectionHeading:
    """A body section's heading; ``number`` counts the printed sections from 1."""

    title: str
    section_id: str
    number: int


@dataclass(frozen=True, slots=True)
class BodyParagraph:
    """A kept paragraph of a body section, with why it sits there."""

    text: str
    item: SectionParagraph


@dataclass(frozen=True, slots=True)
class SourceNote:
    """The closing note: where the text came from and what cleaning removed."""

    heading: str
    lines: tuple[str, ...]


Block = (
    TitleBlock | Marking | TitleRule | KeyPoints | Summary | SectionHeading | BodyParagraph
) | SourceNote


# --- running heads ------------------------------------------------------------------


class PageField(StrEnum):
    """A number the viewer fills in: this page's, or the page count."""

    PAGE = "PAGE"
    PAGES = "NUMPAGES"


@dataclass(frozen=True, slots=True)
class Text:
    text: str


@dataclass(frozen=True, slots=True)
class MarkingLabel:
    """The handling marking inside a running head: drawn as a label, as in the body."""

    text: str


@dataclass(frozen=True, slots=True)
class Field:
    field: PageField


Segment = Text | MarkingLabel | Field


@dataclass(frozen=True, slots=True)
class RunningLine:
    """One header or footer line: left, centre and right columns of segments."""

    left: tuple[Segment, ...]
    center: tuple[Segment, ...]
    right: tuple[Segment, ...]

    @property
    def columns(self) -> tuple[tuple[Segment, ...], ...]:
        return (self.left, self.center, self.right)

    @property
    def empty(self) -> bool:
        return not (self.left or self.center or self.right)


@dataclass(frozen=True, slots=True)
class RunningHeads:
    """Header and footer of the first page and of every other page.

    On the first page, a column that names the title (``{title}`` or ``{short_title}``)
    is left empty: the title block below already shows the title there.
    """

    first_header: RunningLine
    first_footer: RunningLine
    header: RunningLine
    footer: RunningLine


# --- properties ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Properties:
    """Document metadata, the same in the DOCX core properties, the PDF information
    dictionary and the JSON."""

    title: str
    subject: str | None
    author: str | None
    keywords: tuple[str, ...]
    language: str
    marking: str | None
    date: str | None  # ISO 8601
    source_name: str
    sha256: str

    @property
    def keyword_text(self) -> str:
        """The keywords as one string, as both DOCX and PDF store them."""
        return KEYWORD_SEPARATOR.join(self.keywords)


KEYWORD_SEPARATOR = "; "


@dataclass(frozen=True, slots=True)
class Plan:
    blocks: tuple[Block, ...]
    running: RunningHeads
    properties: Properties


# --- planning -----------------------------------------------------------------------


def plan(briefing: Briefing, theme: Theme) -> Plan:
    """The document every writer renders for ``briefing`` in ``theme``."""
    metadata = briefing.metadata
    labels = theme.labels
    blocks: list[Block] = [
        TitleBlock(metadata.title, metadata.subtitle, wording.meta_line(briefing) or None)
    ]
    marking = wording.marking(briefing, theme)
    if marking:
        blocks.append(Marking(marking))
    blocks.append(TitleRule())
    if briefing.key_points:
        blocks.append(KeyPoints(labels.key_points, tuple(p.text for p in briefing.key_points)))
    blocks.append(Summary(labels.summary, briefing.summary.text))
    for number, section in enumerate(briefing.body_sections(), start=1):
        blocks.append(SectionHeading(section.title, section.id, number))
        blocks.extend(BodyParagraph(item.paragraph.text, item) for item in section.paragraphs)
    blocks.append(SourceNote(labels.source_note, tuple(wording.source_note(briefing))))
    properties = Properties(
        title=metadata.title,
        subject=metadata.subtitle,
        author=metadata.author,
        keywords=tuple(keyword for keyword in metadata.keywords if keyword),
        language=metadata.language,
        marking=marking,
        date=metadata.date,
        source_name=briefing.provenance.source_name,
        sha256=briefing.provenance.sha256,
    )
    return Plan(tuple(blocks), running_heads(briefing, theme), properties)


TITLE_PLACEHOLDERS = frozenset({"title", "short_title"})


def running_heads(briefing: Briefing, theme: Theme) -> RunningHeads:
    values = {
        "title": briefing.metadata.title,
        "short_title": wording.short_title(briefing),
        "date": wording.display_date(briefing) or "",
        "source": briefing.metadata.source or "",
    }
    marking = wording.marking(briefing, theme)

    def line(running: Running, first: bool) -> RunningLine:
        columns: list[tuple[Segment, ...]] = []
        for template in (running.left, running.center, running.right):
            parsed = list(string.Formatter().parse(template))
            names = {name for _, name, _, _ in parsed if name}
            if first and names & TITLE_PLACEHOLDERS:
                columns.append(())
                continue
            columns.append(_segments(parsed, values, marking))
        return RunningLine(*columns)

    return RunningHeads(
        first_header=line(theme.header, True),
        first_footer=line(theme.footer, True),
        header=line(theme.header, False),
        footer=line(theme.footer, False),
    )


def _segments(
    parsed: list[tuple[str, str | None, str | None, str | None]],
    values: dict[str, str],
    marking: str | None,
) -> tuple[Segment, ...]:
    """``"Page {page} of {pages}"`` -> ``Text("Page "), Field(PAGE), Text(" of "),
    Field(PAGES)``; placeholders without a value (no date, no marking) vanish."""
    segments: list[Segment] = []
    for literal, name, _, _ in parsed:
        if literal:
            segments.append(Text(literal))
        if name == "page":
            segments.append(Field(PageField.PAGE))
        elif name == "pages":
            segments.append(Field(PageField.PAGES))
        elif name == "marking":
            if marking:
                segments.append(MarkingLabel(marking))
        elif name is not None and values[name]:
            segments.append(Text(values[name]))
    return tuple(segments)
