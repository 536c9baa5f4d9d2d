"""The JSON and Markdown writers: golden files for the seed, schema, escaping."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from formatter.errors import UsageError
from formatter.model import Briefing
from formatter.pipeline import brief
from formatter.taxonomy import load_taxonomy
from formatter.theme import Theme
from formatter.writers import WRITERS, parse_formats
from formatter.writers import json as json_writer
from formatter.writers import markdown as markdown_writer
from tests import seed_facts
from tests.golden_files import assert_golden


def test_seed_json_matches_golden(seed_briefing: Briefing, default_theme: Theme) -> None:
    assert_golden(
        f"{seed_facts.STEM}.json",
        json_writer.render(seed_briefing, default_theme).decode("utf-8"),
    )


def test_seed_markdown_matches_golden(seed_briefing: Briefing, default_theme: Theme) -> None:
    assert_golden(
        f"{seed_facts.STEM}.md",
        markdown_writer.render(seed_briefing, default_theme).decode("utf-8"),
    )


def test_json_has_the_documented_schema(seed_briefing: Briefing, default_theme: Theme) -> None:
    data = json.loads(json_writer.render(seed_briefing, default_theme))
    assert list(data) == [
        "schema",
        "title",
        "subtitle",
        "author",
        "date",
        "dateline",
        "language",
        "marking",
        "keywords",
        "headline",
        "summary",
        "key_points",
        "sections",
        "removed",
        "source",
        "notes",
    ]
    assert data["schema"] == "briefing-formatter/briefing/3"
    assert data["marking"] == seed_facts.MARKING
    assert [s["id"] for s in data["sections"]] == [
        "diaspora",
        "ukraine",
        "destabilization",
        "context",
    ]
    first = data["sections"][0]["paragraphs"][0]
    assert list(first) == [
        "index", "section", "line", "text", "score", "rule", "reason", "cues", "scores"
    ]  # fmt: skip
    assert first["index"] == 2
    assert first["line"] == 3
    weights = {cue.text: cue.weight for cue in load_taxonomy().cues}
    assert {"cue": "coerc*", "weight": weights["coerc*"], "count": 1} in first["cues"]
    assert [r["line"] for r in data["removed"]] == [8, 9, 10, 11, 12, 19, 20, 21, 22, 23]
    assert data["removed"][0] == {
        "line": 8,
        "reason": "duplicate",
        "duplicate_of": 3,
        "detail": None,
        "text": data["sections"][0]["paragraphs"][0]["text"],
        "count": 1,
        "last_line": 8,
    }
    assert data["source"]["shape"] == "lines"
    assert data["source"]["url"] is None
    assert data["dateline"] is None
    assert data["source"]["paragraphs_in"] == 23
    assert data["source"]["paragraphs_kept"] == 13
    assert len(data["source"]["sha256"]) == 64
    indexes = sorted(p["index"] for s in data["sections"] for p in s["paragraphs"])
    assert indexes == list(range(13))


def test_writers_are_deterministic(seed_briefing: Briefing, default_theme: Theme) -> None:
    for writer in (json_writer, markdown_writer):
        assert writer.render(seed_briefing, default_theme) == writer.render(
            seed_briefing, default_theme
        )


def test_markdown_prints_markup_in_the_article_literally(
    tmp_path: Path, default_theme: Theme
) -> None:
    article = tmp_path / "markup.txt"
    article.write_text(
        "Opening line about the report.\n"
        '# Not a heading <img src="secret.txt"/> *not bold* [link](http://x) &amp; ]]>\n',
        encoding="utf-8",
    )
    text = markdown_writer.render(brief(str(article)), default_theme).decode("utf-8")
    assert (
        '\\# Not a heading \\<img src="secret.txt"/\\> \\*not bold\\* \\[link\\](http://x) '
        "\\&amp; \\]\\]\\>"
    ) in text
    assert re.search(r"(?<!\\)<img", text) is None  # every < of the article is escaped


def test_every_kept_paragraph_is_in_the_markdown_once(
    seed_briefing: Briefing, default_theme: Theme
) -> None:
    text = markdown_writer.render(seed_briefing, default_theme).decode("utf-8")
    lines = text.split("\n")
    for paragraph in seed_briefing.paragraphs:
        assert lines.count(markdown_writer.escape(paragraph.text)) == 1


def test_format_registry_and_parsing() -> None:
    assert list(WRITERS) == ["docx", "pdf", "md", "json"]
    assert [spec.name for spec in parse_formats("PDF, markdown,json,pdf")] == ["pdf", "md", "json"]
    with pytest.raises(UsageError, match=r"unknown format 'odt' \(known: docx, pdf, md, json\)"):
        parse_formats("docx,odt")
