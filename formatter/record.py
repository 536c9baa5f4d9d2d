"""The briefing record: the whole model as compact JSON, carried inside the DOCX.

A DOCX shows the words of a briefing, not what lies behind them: each paragraph's
position and line in the article, why it sits in its section, the lines cleaning
removed, the key points' scores. The DOCX writer stores this record as a custom XML
part, so that reading the DOCX back (:mod:`formatter.readers.docx`) restores those
details for every paragraph the editor left alone. The visible document always decides
the content; the record never adds a word to it. It names the visible texts (title,
summary, key points, paragraphs) only by a short digest: the words live in the
document, so a sentence the editor deletes leaves no hidden copy behind, and the record
stays small. Only the lines cleaning removed are kept as text (they are nowhere else).

Standard library only: the build's ``--check`` computes the record's digest without
importing python-docx.
"""

from __future__ import annotations

import gc
import hashlib
import json
from typing import Any

from formatter.model import (
    Assignment,
    Briefing,
    CueMatch,
    KeyPoint,
    Metadata,
    Origin,
    Paragraph,
    Provenance,
    Removal,
    RemovalReason,
    Rule,
    Section,
    SectionParagraph,
)
from formatter.plan import KEYWORD_SEPARATOR

SCHEMA = "briefing-formatter/record/1"
NAMESPACE = "urn:briefing-formatter:record"
# Custom document properties (short text: Word keeps them, and so does LibreOffice,
# even through ODT) naming the article the briefing was first built from.
ARTICLE_PROPERTY = "BriefingArticle"
ARTICLE_SHA256_PROPERTY = "BriefingArticleSHA256"
# Set when the briefing has no marking of its own: the theme's default it printed, so a
# reader without the record still tells the default from a marking the editor typed.
DEFAULT_MARKING_PROPERTY = "BriefingDefaultMarking"
# The keywords as written ("; " between them): LibreOffice re-joins the core property's
# keywords with spaces when it saves, which loses where one keyword ends.
KEYWORDS_PROPERTY = "BriefingKeywords"


class RecordError(ValueError):
    """The record is damaged or of another schema: the reader then ignores it."""


def to_record(briefing: Briefing, printed_marking: str | None) -> dict[str, Any]:
    """The model as plain values. ``printed_marking`` is the marking the document
    shows (the briefing's own or the theme's default), so a reader can tell an edited
    marking from the default one."""
    metadata, provenance = briefing.metadata, briefing.provenance
    return {
        "schema": SCHEMA,
        "metadata": {
            "title": metadata.title,
            "subtitle": metadata.subtitle,
            "source": metadata.source,
            "author": metadata.author,
            "date": metadata.date,
            "marking": metadata.marking,
            "language": metadata.language,
            "keywords": list(metadata.keywords),
        },
        "printed_marking": printed_marking,
        "headline": _paragraph(briefing.headline) if briefing.headline else None,
        "summary": _paragraph(briefing.summary),
        "key_points": [
            [text_digest(point.text), point.section_id, point.paragraph_index, point.score]
            for point in briefing.key_points
        ],
        "sections": [
            [section.id, section.title, [_item(item) for item in section.paragraphs]]
            for section in briefing.sections
        ],
        "provenance": {
            "source_name": provenance.source_name,
            "sha256": provenance.sha256,
            "size_bytes": provenance.size_bytes,
            "encoding": provenance.encoding,
            "paragraphs_in": provenance.paragraphs_in,
            "paragraphs_kept": provenance.paragraphs_kept,
            "removed": [
                [
                    removal.line,
                    str(removal.reason),
                    removal.text,
                    removal.duplicate_of,
                    removal.count,
                    removal.last_line,
                ]
                for removal in provenance.removed
            ],
            "repairs": list(provenance.repairs),
            "original": (
                [provenance.original.source_name, provenance.original.sha256]
                if provenance.original
                else None
            ),
        },
    }


def origin(briefing: Briefing) -> Origin:
    """The article a briefing comes from: the input itself, or, for a briefing read
    from a DOCX, the article that DOCX was built from."""
    provenance = briefing.provenance
    return provenance.original or Origin(provenance.source_name, provenance.sha256)


def origin_properties(briefing: Briefing, printed_marking: str | None) -> dict[str, str]:
    """The short custom properties: the first article, and the default marking."""
    first = origin(briefing)
    properties = {ARTICLE_PROPERTY: first.source_name, ARTICLE_SHA256_PROPERTY: first.sha256}
    if briefing.metadata.marking is None and printed_marking:
        properties[DEFAULT_MARKING_PROPERTY] = printed_marking
    keywords = [keyword for keyword in briefing.metadata.keywords if keyword]
    if keywords:
        properties[KEYWORDS_PROPERTY] = KEYWORD_SEPARATOR.join(keywords)
    return properties


def dumps(record: dict[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"))


def encode(briefing: Briefing, printed_marking: str | None) -> tuple[str, str]:
    """The record as text, and its SHA-256 (for the DOCX build fingerprint).

    The collector is paused meanwhile: the record of a long article is tens of
    thousands of small lists, and each collection would walk the whole briefing
    again (4 MB article: 80 ms instead of 200 to 600 ms)."""
    paused = gc.isenabled()
    gc.disable()
    try:
        text = dumps(to_record(briefing, printed_marking))
    finally:
        if paused:
            gc.enable()
    return text, hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def digest(briefing: Briefing, printed_marking: str | None) -> str:
    """SHA-256 of the record, for the DOCX build fingerprint."""
    return encode(briefing, printed_marking)[1]


def text_digest(text: str) -> str:
    """A visible text's name in the record: 16 hex digits of its SHA-256."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def _paragraph(paragraph: Paragraph) -> list[Any]:
    return [paragraph.index, paragraph.line, text_digest(paragraph.text)]


def _item(item: SectionParagraph) -> list[Any]:
    a = item.assignment
    cues = [(cue.cue, cue.weight, cue.count) for cue in a.cues]
    # tuples are written as JSON arrays: a.scores needs no copy
    return [*_paragraph(item.paragraph), a.section_id, a.score, str(a.rule), cues,
            a.scores, a.reason]  # fmt: skip


# --- back to the model --------------------------------------------------------------


class Record:
    """A parsed record. Its texts are digests: :meth:`resolve` puts the document's
    words back; the rest is there as stored."""

    def __init__(self, data: dict[str, Any]) -> None:
        meta = data["metadata"]
        self.metadata = Metadata(
            title=_text(meta["title"]),
            subtitle=_optional(meta["subtitle"]),
            source=_optional(meta["source"]),
            author=_optional(meta["author"]),
            date=_optional(meta["date"]),
            marking=_optional(meta["marking"]),
            language=_text(meta["language"]),
            keywords=tuple(_text(word) for word in meta["keywords"]),
        )
        self.printed_marking = _optional(data["printed_marking"])
        self.provenance = _provenance(data["provenance"])
        self._headline = data["headline"]
        self._summary = data["summary"]
        self._key_points = [
            (_text(digest_), _text(sid), int(index), _number(score))
            for digest_, sid, index, score in data["key_points"]
        ]
        self._sections = [
            (_text(sid), _text(title), [_section_item(item) for item in items])
            for sid, title, items in data["sections"]
        ]
        self.headline_digest = _text(self._headline[2]) if self._headline else None
        self.summary_digest = _text(self._summary[2])
        self.key_point_scores = {d: score for d, _, _, score in self._key_points}
        self.assignments = {
            digest_: assignment
            for _, _, items in self._sections
            for _, _, digest_, assignment in items
        }

    def sections(self) -> list[tuple[str, str, int]]:
        """Each section's id, title and number of paragraphs (the summary included)."""
        return [(sid, title, len(items)) for sid, title, items in self._sections]

    def resolve(self, texts: dict[str, str]) -> Briefing | None:
        """The stored briefing with the texts of ``texts`` (digest -> text), or None if
        a text it names is not among them."""
        try:
            sections = tuple(
                Section(
                    sid,
                    title,
                    tuple(
                        SectionParagraph(Paragraph(index, line, texts[digest_]), assignment)
                        for index, line, digest_, assignment in items
                    ),
                )
                for sid, title, items in self._sections
            )
            points = tuple(
                KeyPoint(texts[digest_], sid, index, score)
                for digest_, sid, index, score in self._key_points
            )
            summary = _resolved(self._summary, texts)
            headline = _resolved(self._headline, texts) if self._headline else None
        except KeyError:
            return None
        return Briefing(
            metadata=self.metadata,
            summary=summary,
            key_points=points,
            sections=sections,
            provenance=self.provenance,
            headline=headline,
        )


def loads(text: str) -> Record:
    """Parse a record; :class:`RecordError` if it is damaged or of another schema."""
    try:
        data = json.loads(text)
        if not isinstance(data, dict) or data.get("schema") != SCHEMA:
            raise RecordError("not a briefing record of this version")
        return Record(data)
    except (KeyError, TypeError, ValueError, IndexError, RecursionError) as exc:
        if isinstance(exc, RecordError):
            raise
        raise RecordError(f"damaged record: {type(exc).__name__}") from exc


def _provenance(prov: dict[str, Any]) -> Provenance:
    original = prov["original"]
    return Provenance(
        source_name=_text(prov["source_name"]),
        sha256=_text(prov["sha256"]),
        size_bytes=int(prov["size_bytes"]),
        encoding=_text(prov["encoding"]),
        paragraphs_in=int(prov["paragraphs_in"]),
        paragraphs_kept=int(prov["paragraphs_kept"]),
        removed=tuple(
            Removal(
                int(line),
                RemovalReason(reason),
                _text(text),
                _optional_int(of),
                int(count),
                _optional_int(last),
            )
            for line, reason, text, of, count, last in prov["removed"]
        ),
        repairs=tuple(_text(repair) for repair in prov["repairs"]),
        original=Origin(_text(original[0]), _text(original[1])) if original else None,
    )


def _resolved(values: list[Any], texts: dict[str, str]) -> Paragraph:
    index, line, digest_ = values
    return Paragraph(int(index), int(line), texts[_text(digest_)])


def _section_item(values: list[Any]) -> tuple[int, int, str, Assignment]:
    index, line, digest_, section_id, score, rule, cues, scores, reason = values
    assignment = Assignment(
        section_id=_text(section_id),
        score=_number(score),
        rule=Rule(rule),
        cues=tuple(CueMatch(_text(c), _number(w), int(n)) for c, w, n in cues),
        scores=tuple((_text(sid), _number(value)) for sid, value in scores),
        reason=_text(reason),
    )
    return int(index), int(line), _text(digest_), assignment


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError("expected text")
    return value


def _optional(value: Any) -> str | None:
    return None if value is None else _text(value)


def _optional_int(value: Any) -> int | None:
    return None if value is None else int(value)


def _number(value: Any) -> float:
    """A score or weight exactly as stored (an int stays an int, as the model had it)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError("expected a number")
    return value
