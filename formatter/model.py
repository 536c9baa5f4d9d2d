"""The briefing: frozen dataclasses that every writer reads and none may change.

This module imports nothing from the writers or their libraries. Writers receive a
:class:`Briefing` and a theme, and turn them into bytes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class RemovalReason(StrEnum):
    """Why the cleaning stage dropped a line."""

    BOILERPLATE = "boilerplate"
    DUPLICATE = "duplicate"
    NEAR_DUPLICATE = "near-duplicate"
    # before cleaning, by the input readers (formatter/readers/) and formatter/wire.py
    NOT_ARTICLE = "not article text"  # a web page's menus, captions, comments, notices
    TITLE = "title"  # the page's or Markdown file's headline: it is the title
    HEADING = "heading"  # a subheading inside the article
    PHOTO_CREDIT = "photo credit"
    WIRE_CREDITS = "wire credits"  # "(Reporting by ...; Editing by ...)"
    DATELINE = "dateline"  # "SEOUL, 14 March (Reuters) -": moved into the metadata


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A kept paragraph: ``index`` is its 0-based position in the cleaned text,
    ``line`` its 1-based line number in the raw input."""

    index: int
    line: int
    text: str


@dataclass(frozen=True, slots=True)
class Removal:
    """Raw lines the cleaning stage dropped, and why: ``count`` lines of the same
    ``text`` dropped for the same reason, the first at ``line`` and the last at
    ``last_line``. ``duplicate_of`` is the line of the kept paragraph a duplicate
    repeats."""

    line: int
    reason: RemovalReason
    text: str
    duplicate_of: int | None = None
    count: int = 1
    last_line: int | None = None  # None: the same as ``line`` (one line)

    @property
    def last(self) -> int:
        return self.last_line if self.last_line is not None else self.line

    detail: str | None = None  # e.g. "navigation", "comments" for text left out of a page


@dataclass(frozen=True, slots=True)
class CueMatch:
    """One taxonomy cue found in a paragraph: the cue as written, its weight, how often."""

    cue: str
    weight: float
    count: int


class Rule(StrEnum):
    """Which rule put a paragraph in its section (``briefing sections`` shows it)."""

    CUES = "cues"  # its own cues are strong enough, or the article is about that theme
    LEDE = "lede"  # the opening paragraph: the summary, filed under the lede section
    NEIGHBOURS = "neighbours"  # little evidence of its own: the passage around it decides
    PASSING = "passing"  # cues of a theme the article is not about: a passing mention
    OFF_TOPIC = "off-topic"  # the article as a whole is about none of the themes
    FALLBACK = "fallback"  # no theme has enough evidence
    DOCUMENT = "document"  # read from a DOCX: the section heading above it in the document
    MODEL = "model"  # the taxonomy's learned model, reading the paragraph in its article


@dataclass(frozen=True, slots=True)
class Assignment:
    """Why a paragraph landed in its section.

    ``rule`` names the deciding rule and ``reason`` says it in words ("cues: exile*,
    intimidat*", "follows ¶4", "article is off-topic"). ``cues`` are the paragraph's own
    cues for its section; ``scores`` holds every section's score from its own cues, for
    explanation.
    """

    section_id: str
    score: float
    rule: Rule
    cues: tuple[CueMatch, ...]
    scores: tuple[tuple[str, float], ...]
    reason: str = ""


@dataclass(frozen=True, slots=True)
class SectionParagraph:
    paragraph: Paragraph
    assignment: Assignment


@dataclass(frozen=True, slots=True)
class Section:
    id: str
    title: str
    paragraphs: tuple[SectionParagraph, ...]


@dataclass(frozen=True, slots=True)
class KeyPoint:
    """An extractive key point: a sentence taken from paragraph ``paragraph_index``."""

    text: str
    section_id: str
    paragraph_index: int
    score: float


@dataclass(frozen=True, slots=True)
class Metadata:
    """Descriptive metadata, from the sidecar TOML, command-line options or the file stem."""

    title: str
    subtitle: str | None = None
    source: str | None = None
    author: str | None = None
    date: str | None = None  # ISO 8601 (YYYY-MM-DD); also the document date
    marking: str | None = None  # overrides the theme's default handling marking
    language: str = "en-GB"
    keywords: tuple[str, ...] = ()
    dateline: Dateline | None = None  # a wire-service dateline taken off the first paragraph


@dataclass(frozen=True, slots=True)
class Dateline:
    """``SEOUL, 14 March (Reuters) -``: where and when a report was filed, and by whom."""

    text: str  # as it stood, without the closing dash
    place: str
    date: str | None = None  # ISO 8601 when the year is known, else as written
    agency: str | None = None


@dataclass(frozen=True, slots=True)
class Origin:
    """The article a briefing DOCX was first built from (kept when the DOCX is edited
    and built again): its file name and the SHA-256 of its bytes."""

    source_name: str
    sha256: str


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where the briefing came from and what cleaning did to it."""

    source_name: str  # the input's file name, never an absolute path
    sha256: str  # of the raw input bytes
    size_bytes: int
    encoding: str
    paragraphs_in: int
    paragraphs_kept: int
    removed: tuple[Removal, ...]
    repairs: tuple[str, ...] = ()  # e.g. "mojibake repaired in 2 paragraphs"
    original: Origin | None = None  # the input is a briefing DOCX: the article it came from
    # How the input was read (formatter/readers/): "lines" (one paragraph per line),
    # "blank" (paragraphs separated by blank lines), "markdown" or "html"
    shape: str = "lines"
    url: str | None = None  # the page's address (fetched, or its canonical URL)
    fetched: str | None = None  # the date (YYYY-MM-DD) a URL was fetched
    reading: tuple[str, ...] = ()  # how the text was obtained, in words, for the source note

    def count(self, reason: RemovalReason) -> int:
        return sum(removal.count for removal in self.removed if removal.reason is reason)


@dataclass(frozen=True, slots=True)
class Briefing:
    metadata: Metadata
    summary: Paragraph
    key_points: tuple[KeyPoint, ...]
    sections: tuple[Section, ...]  # every taxonomy section, in taxonomy order, maybe empty
    provenance: Provenance
    notes: tuple[str, ...] = field(default=())  # warnings worth printing in the source note
    headline: Paragraph | None = None  # a headline line opening the article, kept out of the body

    def body_sections(self) -> tuple[Section, ...]:
        """The sections a document prints after the summary: non-empty, in taxonomy order,
        without the summary paragraph (it is printed once, as the summary)."""
        body = []
        for section in self.sections:
            kept = tuple(
                item for item in section.paragraphs if item.paragraph.index != self.summary.index
            )
            if kept:
                body.append(Section(section.id, section.title, kept))
        return tuple(body)

    @property
    def paragraphs(self) -> tuple[Paragraph, ...]:
        """Every kept paragraph, in the order of the cleaned text."""
        found = [item.paragraph for section in self.sections for item in section.paragraphs]
        return tuple(sorted(found, key=lambda paragraph: paragraph.index))
