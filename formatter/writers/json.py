"""The JSON writer: the whole briefing model, for other programs.

Keys come in a fixed order and the output ends with a newline, so the file diffs well
and two builds are byte-identical. The schema is documented in the README
("JSON schema"); ``schema`` names its version.

The text is what ``json.dumps(..., indent=2)`` would give, but the long lists
(sections, paragraphs, removals) are encoded one item at a time from generators: the
whole model as nested dicts (a few kilobytes per paragraph) never exists at once.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable, Iterator
from typing import Any

from formatter import wording
from formatter.model import Assignment, Briefing, Paragraph
from formatter.theme import Theme

SCHEMA = "briefing-formatter/briefing/3"


def assignment_dict(paragraph: Paragraph, assignment: Assignment) -> dict[str, Any]:
    """One paragraph with its section assignment, as ``briefing sections --json`` shows it."""
    return {
        "index": paragraph.index,
        "section": assignment.section_id,
        "line": paragraph.line,
        "text": paragraph.text,
        "score": assignment.score,
        "rule": str(assignment.rule),
        "reason": assignment.reason,
        "cues": [
            {"cue": cue.cue, "weight": cue.weight, "count": cue.count} for cue in assignment.cues
        ],
        "scores": dict(assignment.scores),
    }


class _Items:
    """A list encoded item by item (see :func:`_encode`)."""

    def __init__(self, items: Iterable[Any]) -> None:
        self.items = items


def to_dict(briefing: Briefing, theme: Theme) -> dict[str, Any]:
    """The whole briefing as plain data (lists made whole)."""
    plain: dict[str, Any] = _plain(_model(briefing, theme))
    return plain


def _plain(value: Any) -> Any:
    if isinstance(value, _Items):
        return [_plain(item) for item in value.items]
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    return value


def _model(briefing: Briefing, theme: Theme) -> dict[str, Any]:
    metadata, provenance = briefing.metadata, briefing.provenance
    return {
        "schema": SCHEMA,
        "title": metadata.title,
        "subtitle": metadata.subtitle,
        "author": metadata.author,
        "date": metadata.date,
        "dateline": (
            {
                "text": metadata.dateline.text,
                "place": metadata.dateline.place,
                "date": metadata.dateline.date,
                "agency": metadata.dateline.agency,
            }
            if metadata.dateline is not None
            else None
        ),
        "language": metadata.language,
        "marking": wording.marking(briefing, theme),
        "keywords": list(metadata.keywords),
        "headline": (
            {"line": briefing.headline.line, "text": briefing.headline.text}
            if briefing.headline is not None
            else None
        ),
        "summary": {"index": briefing.summary.index, "text": briefing.summary.text},
        "key_points": [
            {
                "text": point.text,
                "section": point.section_id,
                "paragraph_index": point.paragraph_index,
                "score": point.score,
            }
            for point in briefing.key_points
        ],
        "sections": _Items(
            {
                "id": section.id,
                "title": section.title,
                "paragraphs": _Items(
                    assignment_dict(item.paragraph, item.assignment) for item in section.paragraphs
                ),
            }
            for section in briefing.sections
        ),
        "removed": _Items(
            {
                "line": removal.line,
                "reason": str(removal.reason),
                "duplicate_of": removal.duplicate_of,
                "text": removal.text,
                "count": removal.count,
                "last_line": removal.last,
                "detail": removal.detail,
            }
            for removal in provenance.removed
        ),
        "source": {
            "name": provenance.source_name,
            "description": metadata.source,
            "sha256": provenance.sha256,
            "size_bytes": provenance.size_bytes,
            "encoding": provenance.encoding,
            "paragraphs_in": provenance.paragraphs_in,
            "paragraphs_kept": provenance.paragraphs_kept,
            "repairs": list(provenance.repairs),
            "original": (
                {"name": provenance.original.source_name, "sha256": provenance.original.sha256}
                if provenance.original is not None
                else None
            ),
            "shape": provenance.shape,
            "url": provenance.url,
            "fetched": provenance.fetched,
        },
        "notes": list(briefing.notes),
    }


def _encode(value: Any, level: int) -> Iterator[str]:
    """``json.dumps(value, indent=2)`` at nesting ``level``, in pieces."""
    if isinstance(value, dict) and any(isinstance(item, _Items) for item in value.values()):
        pairs: Iterable[tuple[str | None, Any]] = value.items()
        opener, closer = "{", "}"
    elif isinstance(value, _Items):
        pairs = ((None, item) for item in value.items)
        opener, closer = "[", "]"
    else:
        text = json.dumps(value, ensure_ascii=False, indent=2)
        yield text.replace("\n", "\n" + "  " * level) if level and "\n" in text else text
        return
    inner = "\n" + "  " * (level + 1)
    separator = opener + inner
    for key, item in pairs:
        yield separator if key is None else f"{separator}{json.dumps(key, ensure_ascii=False)}: "
        yield from _encode(item, level + 1)
        separator = "," + inner
    yield opener + closer if separator.startswith(opener) else "\n" + "  " * level + closer


def render(briefing: Briefing, theme: Theme) -> bytes:
    buffer = io.BytesIO()  # one growing buffer: no list of pieces beside the result
    for piece in _encode(_model(briefing, theme), 0):
        buffer.write(piece.encode("utf-8"))
    buffer.write(b"\n")
    return buffer.getvalue()
