"""Headline detection: a short first line that does not end like a sentence."""

from __future__ import annotations

from pathlib import Path

import pytest

from formatter.headline import is_headline, split_headline
from formatter.model import Paragraph
from formatter.pipeline import Options, brief

LEDE = Paragraph(
    1,
    2,
    "Officials in Vilnius said on Tuesday that a network of couriers had been paid to "
    "carry messages between agents, according to court papers seen by reporters.",
)


@pytest.mark.parametrize(
    "text",
    [
        "Poland downs Russian drones as Moscow's barrage spills over the border",
        "Exiles fear the long arm of Kigali",
        "Is Belarus next?",
        "‘We will find you’: the threats that follow dissidents abroad",
        "Germany expels two diplomats over sabotage plot — ministry",
    ],
)
def test_short_lines_without_a_full_stop_are_headlines(text: str) -> None:
    assert is_headline(Paragraph(0, 1, text), LEDE)


@pytest.mark.parametrize(
    "text",
    [
        "A report published by Lithuanian intelligence has warned of threats from Belarus.",
        "The minister said the border would stay closed.”",
        "By Jane Doe",
        "Updated 14 March 2025",
        "Here is what we know:",
        "Officials said the plot had been foiled, and that further arrests were likely in the "
        "coming weeks as investigators worked through seized phones and bank records",
    ],
)
def test_sentences_bylines_and_long_lines_are_not_headlines(text: str) -> None:
    assert not is_headline(Paragraph(0, 1, text), LEDE)


def test_a_headline_needs_a_longer_paragraph_after_it() -> None:
    first = Paragraph(0, 1, "Markets calm after central bank decision")
    assert not is_headline(first, None)
    assert not is_headline(first, Paragraph(1, 2, "Shares rose."))


def test_split_keeps_indexes_of_the_paragraphs_after_the_headline() -> None:
    head = Paragraph(0, 1, "Exiles fear the long arm of Kigali")
    headline, rest = split_headline((head, LEDE))
    assert headline == head
    assert rest == (LEDE,)
    assert split_headline((LEDE,)) == (None, (LEDE,))


def _article(tmp_path: Path, text: str, sidecar: str | None = None) -> Path:
    path = tmp_path / "exiles-report.txt"
    path.write_text(text, encoding="utf-8")
    if sidecar is not None:
        path.with_suffix(".toml").write_text(sidecar, encoding="utf-8")
    return path


ARTICLE = (
    "Exiles fear the long arm of Kigali\n"
    "Police in London warned two Rwandan exiles that their lives were in danger, after "
    "officers learned of a plot against critics of the government living abroad.\n"
    "The men said they had received threatening calls for months.\n"
)


def test_headline_becomes_the_title_and_the_next_paragraph_the_summary(tmp_path: Path) -> None:
    briefing = brief(str(_article(tmp_path, ARTICLE)))
    assert briefing.metadata.title == "Exiles fear the long arm of Kigali"
    assert briefing.headline is not None
    assert briefing.headline.line == 1
    assert briefing.summary.text.startswith("Police in London warned")
    body = [item.paragraph.text for s in briefing.body_sections() for item in s.paragraphs]
    assert body == ["The men said they had received threatening calls for months."]
    assert all("long arm" not in point.text for point in briefing.key_points)


def test_a_given_title_wins_over_the_headline(tmp_path: Path) -> None:
    path = _article(tmp_path, ARTICLE, 'title = "Rwanda: exiles warned"\n')
    briefing = brief(str(path))
    assert briefing.metadata.title == "Rwanda: exiles warned"
    assert briefing.headline is not None  # still kept out of the body
    assert briefing.summary.text.startswith("Police in London warned")
    assert brief(str(path), Options(title="Mine")).metadata.title == "Mine"


def test_without_a_headline_the_title_comes_from_the_file_name(tmp_path: Path) -> None:
    briefing = brief(str(_article(tmp_path, ARTICLE.split("\n", 1)[1])))
    assert briefing.headline is None
    assert briefing.metadata.title == "Exiles report"
    assert briefing.summary.text.startswith("Police in London warned")
