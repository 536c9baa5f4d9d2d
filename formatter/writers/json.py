"""The JSON writer: the whole briefing model, for other programs.

Keys come in a fixed order and the output ends with a newline, so the file diffs well
and two builds are byte-identical. The schema is documented in the README
("JSON schema"); ``schema`` names its version.
"""

from __future__ import annotations

import json
from typing import Any

from formatter import wording
from formatter.model import Assignment, Briefing, Paragraph
from formatter.theme import Theme

SCHEMA = "briefing-formatter/briefing/2"


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


def to_dict(briefing: Briefing, theme: Theme) -> dict[str, Any]:
    metadata, provenance = briefing.metadata, briefing.provenance
    return {
        "schema": SCHEMA,
        "title": metadata.title,
        "subtitle": metadata.subtitle,
        "author": metadata.author,
        "date": metadata.date,
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
        "sections": [
            {
                "id": section.id,
                "title": section.title,
                "paragraphs": [
                    assignment_dict(item.paragraph, item.assignment) for item in section.paragraphs
                ],
            }
            for section in briefing.sections
        ],
        "removed": [
            {
                "line": removal.line,
                "reason": str(removal.reason),
                "duplicate_of": removal.duplicate_of,
                "text": removal.text,
            }
            for removal in provenance.removed
        ],
        "source": {
            "name": provenance.source_name,
            "description": metadata.source,
            "sha256": provenance.sha256,
            "size_bytes": provenance.size_bytes,
            "encoding": provenance.encoding,
            "paragraphs_in": provenance.paragraphs_in,
            "paragraphs_kept": provenance.paragraphs_kept,
            "repairs": list(provenance.repairs),
        },
        "notes": list(briefing.notes),
    }


def render(briefing: Briefing, theme: Theme) -> bytes:
    text = json.dumps(to_dict(briefing, theme), ensure_ascii=False, indent=2)
    return (text + "\n").encode("utf-8")
