"""The pipeline: read -> clean -> sections -> summary -> model.

``brief(path)`` is what the command line, the tests and the benchmarks call. It reads
no theme and imports no writer: rendering is a separate step (see ``formatter.build``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from formatter.clean import CleanResult, TooManyParagraphs, clean
from formatter.errors import InputError
from formatter.headline import split_headline
from formatter.intake import finish, take_in
from formatter.metadata import clean_text
from formatter.model import Briefing, Metadata, Provenance, RemovalReason, Section, SectionParagraph
from formatter.read import DEFAULT_MAX_BYTES, Source, checked_overrides
from formatter.sections import assign
from formatter.summary import key_points
from formatter.taxonomy import Taxonomy, load_taxonomy


@dataclass(frozen=True, slots=True)
class Options:
    """What a caller may choose about one briefing, all optional."""

    taxonomy: Path | None = None
    max_bytes: int = DEFAULT_MAX_BYTES
    title: str | None = None
    subtitle: str | None = None
    source: str | None = None
    author: str | None = None
    date: str | None = None
    marking: str | None = None
    language: str | None = None
    paragraphs: str | None = None  # "lines" or "blank" for plain text; None: detect
    smart: bool = True  # typographic quotes, apostrophes and dashes

    def metadata_overrides(self) -> dict[str, str | None]:
        return {
            "title": self.title,
            "subtitle": self.subtitle,
            "source": self.source,
            "author": self.author,
            "date": self.date,
            "marking": self.marking,
            "language": self.language,
        }


def brief(path: str, options: Options | None = None) -> Briefing:
    """Read, clean and structure the article at ``path`` (``-`` for standard input)."""
    options = options or Options()
    if path.lower().endswith(".docx"):  # a briefing DOCX, edited (formatter/readers/docx)
        return _brief_docx(path, options)
    # the input's reader, wire credits, cleaning, metadata: see formatter.intake
    intake = take_in(path, options.max_bytes, options.metadata_overrides(), options.paragraphs)
    briefing = structure(
        intake.source,
        intake.cleaned,
        intake.metadata,
        load_taxonomy(options.taxonomy),
        headline_is_title=not intake.titled,
    )
    return finish(briefing, intake, options.smart)


def clean_source(source: Source) -> CleanResult:
    """The cleaning stage on a read input; too many paragraphs is bad input."""
    try:
        return clean(source.text)
    except TooManyParagraphs as exc:
        raise InputError(source.name, str(exc)) from None


def _brief_docx(path: str, options: Options) -> Briefing:
    """A briefing DOCX read back (see :mod:`formatter.readers.docx`); one without a
    briefing's structure is cleaned and sectioned as an article. Command-line options
    override what the document says; a sidecar is not read (the DOCX is its own)."""
    from formatter.readers.docx import Article, read_docx

    taxonomy = load_taxonomy(options.taxonomy)
    found = read_docx(path, options.max_bytes, taxonomy)
    overrides = options.metadata_overrides()
    if isinstance(found, Article):
        metadata = replace(found.metadata, **checked_overrides(overrides))
        titled = found.titled or options.title is not None
        briefing = structure(
            found.source,
            clean_source(found.source),
            metadata,
            taxonomy,
            headline_is_title=not titled,
        )
        return replace(briefing, notes=(*briefing.notes, *found.notes))
    return replace(found, metadata=replace(found.metadata, **checked_overrides(overrides)))


def structure(
    source: Source,
    cleaned: CleanResult,
    metadata: Metadata,
    taxonomy: Taxonomy,
    *,
    headline_is_title: bool = False,
) -> Briefing:
    """The briefing of a cleaned article. A headline line opening the article is kept
    out of the body; it becomes the title if ``headline_is_title`` (no title was given)."""
    if not cleaned.paragraphs:
        raise InputError(source.name, _nothing_left(cleaned))
    headline, paragraphs = split_headline(cleaned.paragraphs)
    if headline is not None and headline_is_title:
        # it enters the metadata here: the metadata rules (no bidi controls) apply
        metadata = replace(metadata, title=clean_text(headline.text) or metadata.title)
    assignments = assign(paragraphs, taxonomy, headline)
    grouped: dict[str, list[SectionParagraph]] = {spec.id: [] for spec in taxonomy.sections}
    for paragraph, assignment in zip(paragraphs, assignments, strict=True):
        grouped[assignment.section_id].append(SectionParagraph(paragraph, assignment))
    sections = tuple(
        Section(spec.id, spec.title, tuple(grouped[spec.id])) for spec in taxonomy.sections
    )
    lede = paragraphs[0]
    if not metadata.keywords:
        named = [s.title for s in sections if s.id != taxonomy.fallback and s.paragraphs]
        metadata = replace(metadata, keywords=tuple(named))
    provenance = Provenance(
        source_name=source.name,
        sha256=source.sha256,
        size_bytes=source.size_bytes,
        encoding=source.encoding,
        paragraphs_in=cleaned.lines_in,
        paragraphs_kept=len(cleaned.paragraphs),
        removed=cleaned.removed,
        repairs=source.repairs,
    )
    return Briefing(
        metadata=metadata,
        summary=lede,
        key_points=key_points(sections, lede, taxonomy),
        sections=sections,
        provenance=provenance,
        headline=headline,
    )


def _nothing_left(cleaned: CleanResult) -> str:
    if cleaned.lines_in == 0:
        return "empty: no text to brief"
    boilerplate = sum(r.count for r in cleaned.removed if r.reason is RemovalReason.BOILERPLATE)
    return f"nothing left after cleaning ({boilerplate} boilerplate line(s) removed)"
