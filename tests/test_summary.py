"""Summary and key points: the lede, and sentences that add to it."""

from __future__ import annotations

from pathlib import Path

from formatter.model import Briefing
from formatter.pipeline import brief
from formatter.summary import sentences


def test_summary_is_the_lede(seed_briefing: Briefing) -> None:
    assert seed_briefing.summary.index == 0
    assert seed_briefing.summary.text.startswith("A report published by Lithuanian intelligence")


def test_key_points_are_the_strongest_sentence_of_each_named_section(
    seed_briefing: Briefing,
) -> None:
    points = seed_briefing.key_points
    assert [(p.section_id, p.paragraph_index) for p in points] == [
        ("diaspora", 2),
        ("ukraine", 6),
        ("destabilization", 11),
    ]
    assert points[0].text.startswith("It accuses Belarusian President Alexander Lukashenko")
    texts = {p.index: p.text for p in seed_briefing.paragraphs}
    for point in points:
        assert point.text in texts[point.paragraph_index]  # extractive, word for word
        assert point.paragraph_index != seed_briefing.summary.index


def test_body_never_repeats_a_paragraph_and_holds_every_one_but_the_summary(
    seed_briefing: Briefing,
) -> None:
    body = [item.paragraph.index for s in seed_briefing.body_sections() for item in s.paragraphs]
    assert sorted(body) == list(range(1, 13))
    assert [s.id for s in seed_briefing.body_sections()] == [
        "diaspora",
        "ukraine",
        "destabilization",
        "context",
    ]


def test_key_points_fill_up_to_three_when_few_sections_have_paragraphs(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text(
        "Officials presented the annual review on Monday.\n"
        "Migrants were pushed across the border in a hybrid operation. Guards counted "
        "hundreds of crossings. The government called it destabilisation.\n"
        "Relations with the neighbour have worsened since sanctions were imposed.\n",
        encoding="utf-8",
    )
    points = brief(str(article)).key_points
    assert len(points) == 3
    assert points[0].section_id == "destabilization"
    assert points[0].text == "Migrants were pushed across the border in a hybrid operation."
    assert len({p.text for p in points}) == 3


def test_sentences_respect_abbreviations_and_quotes() -> None:
    assert sentences("He met Mr. Smith in the U.S. on Monday. “It failed.” Then? Yes.") == [
        "He met Mr. Smith in the U.S. on Monday.",
        "“It failed.”",
        "Then?",
        "Yes.",
    ]


def test_an_overlong_sentence_is_never_a_key_point(tmp_path: Path) -> None:
    article = tmp_path / "long.txt"
    endless = "Troops crossed the border " + "and moved on " * 60 + "to the front."
    article.write_text(
        "Opening paragraph of the report.\n"
        f"{endless}\n"
        "Drones and missiles were launched at the capital.\n",
        encoding="utf-8",
    )
    points = brief(str(article)).key_points
    assert endless not in [p.text for p in points]
    assert "Drones and missiles were launched at the capital." in [p.text for p in points]
