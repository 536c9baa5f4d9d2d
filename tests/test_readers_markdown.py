"""Markdown input keeps its paragraphs and takes its # heading as the title."""

from __future__ import annotations

from pathlib import Path

from formatter.model import RemovalReason
from formatter.pipeline import brief
from formatter.readers.markdown import inline, read_markdown

ARTICLE = """\
---
layout: post
---
# Court jails courier in *spying* case

A court in Vilnius has sentenced a **Belarusian courier** to six years
in prison for photographing [military convoys](https://example.org/x) near the border.

## What the court heard

The man said officers had questioned his mother in `Grodno`.
![a photo](court.jpg)

- He was paid in cash.
- He was paid in fuel vouchers.

> Refusals are often followed by threats, the security service said.

```
code that is not text
```
<!-- an editor's comment -->
"""


def test_paragraphs_title_and_headings() -> None:
    article = read_markdown(ARTICLE)
    assert article.title == "Court jails courier in spying case"
    assert article.text.split("\n") == [
        "A court in Vilnius has sentenced a Belarusian courier to six years in prison for "
        "photographing military convoys near the border.",
        "The man said officers had questioned his mother in Grodno.",
        "He was paid in cash.",
        "He was paid in fuel vouchers.",
        "Refusals are often followed by threats, the security service said.",
    ]
    assert article.lines == (6, 11, 14, 15, 17)
    reasons = [(r.line, r.reason) for r in article.removed]
    assert reasons == [(4, RemovalReason.TITLE), (9, RemovalReason.HEADING)]


def test_inline_markup_keeps_text() -> None:
    assert inline("a **b** _c_ `d` [e](f) ![g](h) snake_case_name") == "a b c d e snake_case_name"


def test_markdown_file_is_read_as_markdown(tmp_path: Path) -> None:
    path = tmp_path / "story.md"
    path.write_text(ARTICLE, encoding="utf-8")
    briefing = brief(str(path))
    assert briefing.metadata.title == "Court jails courier in spying case"
    assert briefing.provenance.shape == "markdown"
    assert briefing.summary.text.startswith("A court in Vilnius")
    assert all("#" not in p.text and "**" not in p.text for p in briefing.paragraphs)
