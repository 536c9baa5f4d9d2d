"""The cleaning stage: exactly which paragraphs survive, and why the others did not."""

from __future__ import annotations

from pathlib import Path

from formatter.clean import clean, cleaned_text, duplicate_key, is_boilerplate, normalise
from formatter.model import RemovalReason

KEPT_LINES = [1, 2, 3, 4, 5, 6, 7, 13, 14, 15, 16, 17, 18]


def test_seed_keeps_thirteen_paragraphs_in_order_and_drops_ten_duplicates(seed_path: Path) -> None:
    raw = seed_path.read_text(encoding="utf-8")
    lines = raw.split("\n")
    result = clean(raw)

    assert result.lines_in == 23
    assert [p.line for p in result.paragraphs] == KEPT_LINES
    assert [p.index for p in result.paragraphs] == list(range(13))
    assert [p.text for p in result.paragraphs] == [lines[n - 1] for n in KEPT_LINES]

    assert [(r.line, r.reason, r.duplicate_of) for r in result.removed] == [
        (8, RemovalReason.DUPLICATE, 3),
        (9, RemovalReason.DUPLICATE, 4),
        (10, RemovalReason.DUPLICATE, 5),
        (11, RemovalReason.DUPLICATE, 6),
        (12, RemovalReason.DUPLICATE, 7),
        (19, RemovalReason.DUPLICATE, 14),
        (20, RemovalReason.DUPLICATE, 15),
        (21, RemovalReason.DUPLICATE, 16),
        (22, RemovalReason.DUPLICATE, 17),
        (23, RemovalReason.DUPLICATE, 18),
    ]
    for removal in result.removed:
        assert removal.text == lines[removal.line - 1].strip()


def test_near_duplicates_differing_in_quotes_case_dashes_and_spacing_are_dropped() -> None:
    text = "\n".join(
        [
            "The minister’s “plan” – announced today – was rejected.",
            'The minister\'s "plan" - announced today - was rejected.',
            "THE MINISTER’S “PLAN” – ANNOUNCED TODAY – WAS REJECTED.",
            "The   minister’s “plan” –  announced today –\twas rejected.  ",
            "The minister’s plan was rejected.",
        ]
    )
    result = clean(text)
    assert [p.text for p in result.paragraphs] == [
        "The minister’s “plan” – announced today – was rejected.",
        "The minister’s plan was rejected.",
    ]
    assert [(r.line, r.reason, r.duplicate_of) for r in result.removed] == [
        (2, RemovalReason.NEAR_DUPLICATE, 1),
        (3, RemovalReason.NEAR_DUPLICATE, 1),
        # once white space is collapsed this line is the first one exactly
        (4, RemovalReason.DUPLICATE, 1),
    ]


def test_short_boilerplate_lines_are_dropped_but_real_paragraphs_are_kept() -> None:
    real = (
        "Subscribers to the state newspaper were told that the border would close, and "
        "officials said an advertisement campaign would explain the new rules to residents."
    )
    text = "\n".join(
        [
            "Advertisement",
            "Share this article",
            "Subscribe to our newsletter for the latest news",
            real,
            "Read more: Lithuania expels diplomats",
            "© 2025 Example Media. All rights reserved.",
            "Sign up for alerts",
            "Share on Facebook",
        ]
    )
    result = clean(text)
    assert [p.text for p in result.paragraphs] == [real]
    assert [(r.line, r.reason) for r in result.removed] == [
        (1, RemovalReason.BOILERPLATE),
        (2, RemovalReason.BOILERPLATE),
        (3, RemovalReason.BOILERPLATE),
        (5, RemovalReason.BOILERPLATE),
        (6, RemovalReason.BOILERPLATE),
        (7, RemovalReason.BOILERPLATE),
        (8, RemovalReason.BOILERPLATE),
    ]


def test_a_long_paragraph_starting_with_subscribe_is_not_boilerplate() -> None:
    paragraph = "Subscribe " + " ".join(["word"] * 20)
    assert not is_boilerplate(paragraph)
    assert is_boilerplate("Subscribe now")


def test_control_characters_are_removed_and_whitespace_collapsed() -> None:
    dirty = "Minsk\x00 and\x0bVilnius\x1b[31m\u200b ok\x7f\ufeff"
    assert normalise(dirty) == "Minsk and Vilnius [31m\u200b ok"
    assert normalise("  tabs\tand\u00a0nbsp  ") == "tabs and nbsp"


def test_nfc_normalisation_makes_composed_and_decomposed_text_equal() -> None:
    composed = "Šiauliai ėjo"
    decomposed = "S\u030ciauliai e\u0307jo"
    result = clean(composed + "\n" + decomposed)
    assert [p.text for p in result.paragraphs] == [composed]
    assert result.removed[0].reason is RemovalReason.DUPLICATE


def test_blank_lines_are_not_paragraphs_and_keep_line_numbers() -> None:
    result = clean("\n\nFirst paragraph.\n\n   \nSecond paragraph.\n")
    assert [(p.line, p.text) for p in result.paragraphs] == [
        (3, "First paragraph."),
        (6, "Second paragraph."),
    ]
    assert result.lines_in == 2


def test_cleaned_text_is_one_paragraph_per_line_and_cleaning_it_again_changes_nothing(
    seed_path: Path,
) -> None:
    once = clean(seed_path.read_text(encoding="utf-8"))
    text = cleaned_text(once)
    assert text.count("\n") == 13
    twice = clean(text)
    assert [p.text for p in twice.paragraphs] == [p.text for p in once.paragraphs]
    assert twice.removed == ()


def test_duplicate_key_folds_only_quotes_dashes_case_and_space() -> None:
    assert duplicate_key("“A” – b’s") == duplicate_key('"a" - B\'s')
    assert duplicate_key("A b.") != duplicate_key("A b")
