"""The document's layout -> the Briefing model.

Untouched: when what the document shows is exactly what the briefing record it carries
would print (title, subtitle, meta line, marking, key points, summary, every section
heading and paragraph), the briefing is the recorded one, down to each paragraph's line
in the article and the reason for its section: the PDF is then the one the article
itself gives.

Edited: the document decides. Its paragraphs are numbered in document order (``index``
from 0 after the headline, ``line`` the paragraph's number in the DOCX). A paragraph the
editor left in its section keeps its recorded reason; any other sits in the section of
the heading above it (rule ``document``). Provenance names the DOCX and its SHA-256 and
keeps the article the DOCX was first built from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

from formatter import record, wording
from formatter.errors import InputError
from formatter.metadata import checked, clean_text, from_sidecar
from formatter.model import (
    Assignment,
    Briefing,
    KeyPoint,
    Metadata,
    Paragraph,
    Provenance,
    Rule,
    Section,
    SectionParagraph,
)
from formatter.plan import KEYWORD_SEPARATOR
from formatter.readers.docx.properties import Properties
from formatter.readers.docx.structure import DocSection, Item, Layout, parse_date, split_meta
from formatter.record import Record, text_digest
from formatter.summary import key_points
from formatter.taxonomy import Taxonomy, score, shared_matcher

ENCODING = wording.DOCX_BRIEFING
DEFAULT_LANGUAGE = Metadata.__dataclass_fields__["language"].default
LEDE_REASON = "the lede: shown as the summary"
_SLUG = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True, slots=True)
class Input:
    """The DOCX file itself: what its provenance records."""

    name: str
    stem: str
    sha256: str
    size_bytes: int


def shows(shown: Layout, briefing: Briefing, printed_marking: str | None) -> bool:
    """Does the document show exactly what ``briefing`` prints?"""
    metadata = briefing.metadata
    sections = [
        (section.title, [item.paragraph.text for item in section.paragraphs])
        for section in briefing.body_sections()
    ]
    return (
        shown.title is not None
        and shown.title.text == metadata.title
        and shown.subtitle == metadata.subtitle
        and shown.meta == (wording.meta_line(briefing) or None)
        and shown.marking == printed_marking
        and shown.key_points == [point.text for point in briefing.key_points]
        and shown.summary is not None
        and shown.summary.text == briefing.summary.text
        and not shown.before_sections
        and [(s.title, [p.text for p in s.paragraphs]) for s in shown.sections] == sections
    )


def metadata_of(shown: Layout, props: Properties, stem_title: str, name: str) -> Metadata:
    """The body decides what it shows; the core properties fill in the rest (all of it
    for a DOCX from elsewhere, only language and keywords for a briefing DOCX)."""
    core = props.core
    stored = props.record.metadata if props.record else None
    ours = shown.briefing_styles or props.origin is not None
    title = shown.title.text if shown.title else core.get("title") or stem_title
    title = clean_text(title) or stem_title  # nothing left but bidi controls
    subtitle = shown.subtitle if ours else shown.subtitle or core.get("subject")
    known_author = stored.author if stored else core.get("creator")
    day, author, source = split_meta(shown.meta, known_author) if shown.meta else (None,) * 3
    if not ours:
        author = author or shown.author or core.get("creator")
        day = day or (parse_date(shown.date) if shown.date else None)
        day = day or (parse_date(core["created"]) if "created" in core else None)
    marking = shown.marking
    if props.record and marking == props.record.printed_marking:
        marking = props.record.metadata.marking  # the theme's default stays so
    elif not props.record and marking == props.custom.get(record.DEFAULT_MARKING_PROPERTY):
        marking = None
    elif marking is None and ours:
        marking = ""  # the editor deleted the marking: none, not the theme's default
    language = core.get("language") or (stored.language if stored else None) or DEFAULT_LANGUAGE
    keywords = _keywords(core.get("keywords", ""))
    written = _keywords(props.custom.get(record.KEYWORDS_PROPERTY, ""))
    if same_words(keywords, written):
        keywords = written  # LibreOffice joins keywords with spaces when it saves
    values = {
        "title": title,
        "subtitle": subtitle,
        "source": source,
        "author": author,
        "date": day,
        "marking": marking,
        "language": language,
        "keywords": keywords,
    }
    return Metadata(**_by_the_rules(values, name))


def _by_the_rules(values: dict[str, Any], name: str) -> dict[str, Any]:
    """The metadata rules every input follows (:mod:`formatter.metadata`): a value
    that breaks them is bad input, except a language tag a foreign DOCX got wrong,
    which falls back to the default."""
    fail = from_sidecar(name)
    cleaned = dict(values)
    for key, value in values.items():
        if key == "marking" and value == "":
            continue  # no marking (checked() keeps "" only when spelled "none")
        if key == "language":
            try:
                cleaned[key] = checked(key, value, fail)
            except InputError:
                cleaned[key] = DEFAULT_LANGUAGE
        elif value is not None:
            cleaned[key] = checked(key, value, fail)
    return cleaned


def _keywords(text: str) -> tuple[str, ...]:
    separator = KEYWORD_SEPARATOR.strip() if KEYWORD_SEPARATOR.strip() in text else ","
    return tuple(word.strip() for word in text.split(separator) if word.strip())


def same_words(found: tuple[str, ...], keywords: tuple[str, ...]) -> bool:
    """The same words in the same order, whatever separates the keywords."""
    return bool(keywords) and " ".join(found).split() == " ".join(keywords).split()


def derived_keywords(sections: tuple[Section, ...], taxonomy: Taxonomy) -> tuple[str, ...]:
    """As the pipeline derives them: titles of the non-empty sections but the fallback."""
    return tuple(s.title for s in sections if s.id != taxonomy.fallback and s.paragraphs)


def edited_briefing(
    shown: Layout,
    props: Properties,
    metadata: Metadata,
    taxonomy: Taxonomy,
    source: Input,
) -> Briefing:
    """The briefing the edited document shows (see the module's docstring)."""
    stored = props.record
    summary_item, before, doc_sections = _lede(shown, source)
    headline = None
    if stored and shown.title and stored.headline_digest == text_digest(shown.title.text):
        headline = Paragraph(0, shown.title.number, shown.title.text)
    sections = _Sections(taxonomy, stored, first_index=1 if headline else 0)
    summary = sections.add_summary(summary_item)
    for item in before:
        sections.add(taxonomy.fallback, item, "before the first section heading in the DOCX")
    by_title = {_fold(spec.title): spec.id for spec in taxonomy.sections}
    for section in doc_sections:
        section_id = by_title.get(_fold(section.title)) or _new_id(section.title, sections.titles)
        sections.open(section_id, section.title)
        reason = f"under the heading \u201c{section.title}\u201d in the DOCX"
        for item in section.paragraphs:
            sections.add(section_id, item, reason)
    ordered = sections.ordered()
    if shown.briefing_styles:
        points = _key_points(shown.key_points, ordered, summary, stored)
    else:
        known = {spec.id for spec in taxonomy.sections}  # key points come from its themes
        points = key_points(tuple(s for s in ordered if s.id in known), summary, taxonomy)
    derived = derived_keywords(ordered, taxonomy)
    if stored is not None:
        first = tuple(t for sid, t, n in stored.sections() if n and sid != taxonomy.fallback)
        was_derived = metadata.keywords == stored.metadata.keywords == first
    else:  # keywords that are all theme titles follow the sections
        named = {spec.title for spec in taxonomy.sections if spec.id != taxonomy.fallback}
        was_derived = bool(metadata.keywords) and set(metadata.keywords) <= named
    if not metadata.keywords or was_derived or same_words(metadata.keywords, derived):
        # none, or derived from the sections: derive them from the edited sections
        metadata = replace(metadata, keywords=derived)
    provenance = Provenance(
        source_name=source.name,
        sha256=source.sha256,
        size_bytes=source.size_bytes,
        encoding=ENCODING,
        paragraphs_in=sections.count,  # the headline, the summary and the body
        paragraphs_kept=sections.count,
        removed=(),
        original=props.origin,
    )
    return Briefing(
        metadata=metadata,
        summary=summary,
        key_points=points,
        sections=ordered,
        provenance=provenance,
        headline=headline,
    )


def _lede(shown: Layout, source: Input) -> tuple[Item, list[Item], list[DocSection]]:
    """The summary paragraph, the paragraphs before the first heading, the sections. A
    DOCX without a Summary paragraph (from elsewhere) has its first paragraph as lede."""
    before = list(shown.before_sections)
    doc_sections = [DocSection(s.title, s.number, list(s.paragraphs)) for s in shown.sections]
    summary = shown.summary
    if summary is None and before:
        summary = before.pop(0)
    for section in doc_sections:
        if summary is None and section.paragraphs:
            summary = section.paragraphs.pop(0)
    if summary is None:
        raise InputError(source.name, "no paragraph of text in the document")
    return summary, before, doc_sections


class _Sections:
    """Sections as the document fills them, paragraphs numbered in document order."""

    def __init__(self, taxonomy: Taxonomy, stored: Record | None, first_index: int) -> None:
        self.taxonomy = taxonomy
        self.matcher = shared_matcher(taxonomy)
        self.recorded = stored.assignments if stored else {}
        self.count = first_index  # the next paragraph's index
        self.titles = {spec.id: spec.title for spec in taxonomy.sections}
        self.grouped: dict[str, list[SectionParagraph]] = {}
        self.order: list[str] = []

    def add_summary(self, item: Item) -> Paragraph:
        """The summary sits in its section in the model (the lede's, or the one it was
        recorded in) without deciding the order of the sections."""
        summary = self._paragraph(item)
        known = self.recorded.get(text_digest(summary.text))
        lede = self.taxonomy.lede_section or self.taxonomy.fallback
        assignment = known or Assignment(lede, 0, Rule.LEDE, (), (), LEDE_REASON)
        self.grouped.setdefault(assignment.section_id, []).append(
            SectionParagraph(summary, assignment)
        )
        self.titles.setdefault(assignment.section_id, assignment.section_id)
        return summary

    def open(self, section_id: str, title: str) -> None:
        if section_id not in self.order:
            self.grouped.setdefault(section_id, [])
            self.order.append(section_id)
            self.titles.setdefault(section_id, title)

    def add(self, section_id: str, item: Item, reason: str) -> None:
        """A paragraph left in its recorded section keeps its reason; others: the
        document's heading."""
        self.open(section_id, self.titles.get(section_id, section_id))
        paragraph = self._paragraph(item)
        known = self.recorded.get(text_digest(paragraph.text))
        if known is None or known.section_id != section_id:
            known = self._placed(paragraph.text, section_id, reason)
        self.grouped[section_id].append(SectionParagraph(paragraph, known))

    def _placed(self, text: str, section_id: str, reason: str) -> Assignment:
        """Placed by the document; its cues are still measured, for the explanation
        and for choosing key points."""
        scores, cues = score(self.matcher, text)
        return Assignment(
            section_id=section_id,
            score=round(scores.get(section_id, 0.0), 3),
            rule=Rule.DOCUMENT,
            cues=tuple(cues.get(section_id, ())),
            scores=tuple((sid, round(value, 3)) for sid, value in scores.items()),
            reason=reason,
        )

    def _paragraph(self, item: Item) -> Paragraph:
        paragraph = Paragraph(self.count, item.number, item.text)
        self.count += 1
        return paragraph

    def ordered(self) -> tuple[Section, ...]:
        """The document's sections in its order, each other taxonomy section slotted
        in before the first later taxonomy section (an unedited order stays the
        taxonomy's)."""
        rank = {spec.id: position for position, spec in enumerate(self.taxonomy.sections)}
        ids = list(self.order)
        ids += [sid for sid in self.grouped if sid not in ids and sid not in rank]
        for spec in self.taxonomy.sections:
            if spec.id in ids:
                continue
            later = [i for i, sid in enumerate(ids) if sid in rank and rank[sid] > rank[spec.id]]
            ids.insert(later[0] if later else len(ids), spec.id)
        return tuple(
            Section(sid, self.titles[sid], tuple(self.grouped.get(sid, ()))) for sid in ids
        )


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


MAX_SLUG = 40


def _new_id(title: str, taken: dict[str, str]) -> str:
    slug = _SLUG.sub("-", title.casefold()).strip("-")[:MAX_SLUG].strip("-")
    base = "edited-" + (slug or "section")
    candidate, number = base, 2
    while candidate in taken and _fold(taken[candidate]) != _fold(title):
        candidate, number = f"{base}-{number}", number + 1
    return candidate


def _key_points(
    texts: list[str], sections: tuple[Section, ...], summary: Paragraph, stored: Record | None
) -> tuple[KeyPoint, ...]:
    """The document's key points; each is traced to the body paragraph that quotes it
    (section ``""`` and paragraph ``-1`` for a key point the editor wrote)."""
    scores = stored.key_point_scores if stored else {}
    points = []
    for text in texts:
        found = next(
            (
                (section.id, item.paragraph.index)
                for section in sections
                for item in section.paragraphs
                if item.paragraph.index != summary.index and text in item.paragraph.text
            ),
            ("", -1),
        )
        points.append(KeyPoint(text, found[0], found[1], scores.get(text_digest(text), 0)))
    return tuple(points)
