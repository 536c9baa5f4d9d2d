"""The DOCX reader: a briefing DOCX, edited in Word or LibreOffice, back into a Briefing.

:mod:`~formatter.readers.docx.package` opens the zip and its XML parts defensively,
:mod:`~formatter.readers.docx.walk` reads the paragraphs (tracked changes accepted,
fields by their result, objects reported), :mod:`~formatter.readers.docx.styles` gives
each paragraph style its role, :mod:`~formatter.readers.docx.structure` lays the
paragraphs out as a briefing's parts and :mod:`~formatter.readers.docx.briefing` makes
the model. A DOCX without a briefing's structure comes back as article text for the
pipeline to clean and section. Standard library only (no python-docx).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from pathlib import Path

from formatter import record, wording
from formatter.clean import MAX_PARAGRAPHS
from formatter.errors import InputError
from formatter.model import Briefing, Metadata
from formatter.read import Source, read_bytes, title_from_stem
from formatter.readers.docx.briefing import Input, edited_briefing, metadata_of, shows
from formatter.readers.docx.package import Package, open_package
from formatter.readers.docx.properties import Properties, read_properties
from formatter.readers.docx.structure import Item, Layout, items, layout
from formatter.readers.docx.styles import Role, StyleMap
from formatter.readers.docx.walk import Findings, W, walk
from formatter.taxonomy import Taxonomy

SUFFIX = ".docx"
MAX_LISTED = 12
_STYLES_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"
_COMMENTS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
_METADATA_ROLES = frozenset({Role.TITLE, Role.SUBTITLE, Role.AUTHOR, Role.DATE})


@dataclass(frozen=True, slots=True)
class Article:
    """A DOCX without a briefing's structure: its text, for cleaning and sectioning."""

    source: Source
    metadata: Metadata
    titled: bool  # the document names its title (a first line is then no headline)
    notes: tuple[str, ...]


def read_docx(path: str, max_bytes: int, taxonomy: Taxonomy) -> Briefing | Article:
    """The briefing a DOCX shows, or its text as an article."""
    name, data = read_bytes(path, max_bytes)
    package = open_package(name, data)
    body = package.xml(package.main).find(W + "body")
    if body is None:
        raise InputError(name, f"damaged DOCX: {package.main} has no body")
    styles = package.related(package.main, (_STYLES_REL,))
    style_map = StyleMap(package.xml(styles[0]) if styles and package.has(styles[0]) else None)
    try:
        raw, findings = walk(body)
    except RecursionError:  # only a hostile file nests runs thousands deep
        raise InputError(name, f"damaged DOCX: {package.main} nests too deeply") from None
    props = read_properties(package)
    found = items(raw, style_map)
    if len(found) > MAX_PARAGRAPHS:  # the limit every input has (see formatter.clean)
        raise InputError(
            name, f"{len(found):,} paragraphs: more than {MAX_PARAGRAPHS:,} cannot be briefed"
        )
    shown = layout(found)
    notes = _notes(name, findings, props, _comments(package, findings))
    stem = Path(name).stem
    source = Input(name, stem, hashlib.sha256(data).hexdigest(), len(data))
    metadata = metadata_of(shown, props, title_from_stem(stem), name)
    if not shown.structured:
        text = "".join(item.text + "\n" for item in found if item.role not in _METADATA_ROLES)
        article = Source(name, stem, text, source.sha256, source.size_bytes, wording.DOCX_TEXT)
        titled = shown.title is not None or "title" in props.core
        return Article(article, metadata, titled, notes)
    untouched = _untouched(shown, found, props, metadata)
    if untouched is not None:
        return replace(untouched, notes=notes)
    return replace(edited_briefing(shown, props, metadata, taxonomy, source), notes=notes)


def _untouched(
    shown: Layout, found: list[Item], props: Properties, metadata: Metadata
) -> Briefing | None:
    """The recorded briefing, if the document shows exactly what it prints."""
    stored = props.record
    if stored is None or metadata != stored.metadata:
        return None
    recorded = stored.resolve({record.text_digest(item.text): item.text for item in found})
    if recorded is None or not shows(shown, recorded, stored.printed_marking):
        return None
    return recorded


def _comments(package: Package, findings: Findings) -> int:
    count = len(findings.comments)
    for part in package.related(package.main, (_COMMENTS_REL,)):
        if package.has(part):
            count = max(count, len(package.xml(part).findall(W + "comment")))
    return count


def _notes(name: str, findings: Findings, props: Properties, comments: int) -> tuple[str, ...]:
    notes = []
    if findings.insertions or findings.deletions:
        notes.append(
            f"Tracked changes in {name} were read as accepted: {findings.insertions} "
            f"insertion(s) kept, {findings.deletions} deletion(s) left out."
        )
    if comments:
        notes.append(f"{comments} comment(s) in {name} ignored.")
    if findings.objects:
        shown = "; ".join(findings.objects[:MAX_LISTED])
        more = len(findings.objects) - MAX_LISTED
        tail = f"; and {more} more" if more > 0 else ""
        notes.append(f"Left out of the briefing (not supported) from {name}: {shown}{tail}.")
    if props.record_problem:
        notes.append(f"The briefing record in {name} was not used: {props.record_problem}.")
    return tuple(notes)


__all__ = ["SUFFIX", "Article", "read_docx"]
