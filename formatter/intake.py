"""From an input to what sectioning reads, for every kind of input.

``take_in`` reads the input with its reader (see :mod:`formatter.readers`), drops
wire-service credits, cleans, maps every line number back to the raw input, takes a
dateline off the first paragraph and settles the metadata: the input's file stem,
then the page's own metadata (HTML, a Markdown title, a dateline's date), then the
sidecar, then the command line. ``finish`` adds the provenance of the reading to the
built briefing and applies smart typography.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any, NamedTuple

from formatter.clean import CleanResult, TooManyParagraphs, clean
from formatter.errors import BriefingError, InputError
from formatter.metadata import checked, from_sidecar
from formatter.model import Briefing, Metadata, Paragraph, Removal, RemovalReason
from formatter.read import Source, load_metadata, sidecar_path
from formatter.readers import LINES, Article, read_article
from formatter.tomlfile import load_toml
from formatter.wire import remove_credits, take_dateline

_PAGE_FIELDS = {"title": "title", "author": "author", "date": "date", "site": "source",
                "language": "language"}  # fmt: skip


class Intake(NamedTuple):
    article: Article
    cleaned: CleanResult
    metadata: Metadata
    titled: bool  # a title was given (command line, sidecar, page): no headline replaces it

    @property
    def source(self) -> Source:
        return self.article.source


def take_in(
    path: str,
    max_bytes: int,
    overrides: dict[str, str | None],
    paragraphs: str | None = None,
) -> Intake:
    language = overrides.get("language") or "en-GB"
    article = read_article(path, max_bytes, paragraphs, language)
    local = path if article.url is None or article.fetched is None else "-"
    metadata = load_metadata(local, article.source.stem, overrides)
    given = _given_fields(local, overrides)
    page: dict[str, Any] = {}
    for key, field in _PAGE_FIELDS.items():
        value = getattr(article.page, key, None)
        if value is not None and field not in given:
            try:  # the metadata rules of a sidecar value; a page's bad value is dropped
                page[field] = checked(field, value, from_sidecar(article.source.name))
            except BriefingError:
                continue
    metadata = replace(metadata, **page)
    cleaned = clean_article(article)
    for position, paragraph in enumerate(cleaned.paragraphs[:2]):  # after a headline
        first, dateline, removal = take_dateline(paragraph, metadata.date)
        if dateline is not None and removal is not None:
            kept = list(cleaned.paragraphs)
            kept[position] = first
            cleaned = replace(
                cleaned, paragraphs=tuple(kept), removed=_by_line((*cleaned.removed, removal))
            )
            metadata = replace(metadata, dateline=dateline)
            if metadata.date is None and dateline.date and _is_iso(dateline.date):
                metadata = replace(metadata, date=dateline.date)
            break
    titled = "title" in given or (article.page is not None and article.page.title is not None)
    return Intake(article, cleaned, metadata, titled)


def clean_article(article: Article) -> CleanResult:
    """Clean the article's text; line numbers are the raw input's, removals include what
    the reader and the wire-credit filter took out, in line order."""
    text, credits = remove_credits(article.text)
    try:
        result = clean(text)
    except TooManyParagraphs as exc:
        raise InputError(article.source.name, str(exc)) from None
    after_credits = (*credits, *result.removed)
    if article.shape == LINES:  # each line of the text is its raw line: nothing to map
        paragraphs, moved = result.paragraphs, list(after_credits)
    else:
        paragraphs, moved = _raw_lines(result.paragraphs, after_credits, article.lines)
    after = text.split("\n") if credits else []
    blanked = sum(1 for r in credits if not after[r.line - 1].strip())
    return CleanResult(
        paragraphs,
        _by_line((*moved, *article.removed)),
        result.lines_in + blanked + len(article.removed),
    )


def _raw_lines(
    paragraphs: tuple[Paragraph, ...], removed: tuple[Removal, ...], lines: tuple[int, ...]
) -> tuple[tuple[Paragraph, ...], list[Removal]]:
    """Paragraphs and removals with the raw input's line numbers: ``lines[i]`` is the raw
    line of line ``i + 1`` of the text the reader made."""

    def raw(number: int) -> int:
        return lines[number - 1] if 0 < number <= len(lines) else number

    mapped = tuple(Paragraph(p.index, raw(p.line), p.text) for p in paragraphs)
    moved = [
        replace(
            removal,
            line=raw(removal.line),
            duplicate_of=raw(removal.duplicate_of) if removal.duplicate_of else None,
            last_line=raw(removal.last_line) if removal.last_line is not None else None,
        )
        for removal in removed
    ]
    return mapped, moved


def finish(briefing: Briefing, intake: Intake, smart: bool = True) -> Briefing:
    """The built briefing with the reading's provenance, notes and typography."""
    article = intake.article
    provenance = replace(
        briefing.provenance,
        shape=article.shape,
        url=article.url,
        fetched=article.fetched,
        reading=(*article.reading(), *_wire_lines(briefing)),
    )
    briefing = replace(briefing, provenance=provenance, notes=(*briefing.notes, *article.notes))
    if smart:
        from formatter.typography import smarten_briefing

        briefing = smarten_briefing(briefing)
    return briefing


def _wire_lines(briefing: Briefing) -> list[str]:
    lines = []
    dateline = briefing.metadata.dateline
    if dateline is not None:
        lines.append(f"Dateline {dateline.text} moved out of the first paragraph.")
    photo = briefing.provenance.count(RemovalReason.PHOTO_CREDIT)
    wire = briefing.provenance.count(RemovalReason.WIRE_CREDITS)
    if photo or wire:
        lines.append(f"Removed {photo} photo credit(s) and {wire} wire-service credit line(s).")
    return lines


def _given_fields(path: str, overrides: dict[str, str | None]) -> set[str]:
    given = {key for key, value in overrides.items() if value is not None}
    sidecar = sidecar_path(path)
    if sidecar is not None:
        data: dict[str, Any] = load_toml(sidecar, InputError)
        given |= set(data)
    return given


def _by_line(removed: tuple[Removal, ...] | list[Removal]) -> tuple[Removal, ...]:
    return tuple(sorted(removed, key=lambda removal: removal.line))


def _is_iso(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True
