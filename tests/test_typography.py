"""Smart typography in the language's convention; --no-smart keeps the text."""

from __future__ import annotations

from pathlib import Path

import pytest

from formatter.pipeline import Options, brief
from formatter.typography import smarten


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("en-GB", 'He said "it\'s over" -- and left.', "He said “it’s over” – and left."),
        ("en-US", 'He said "it\'s over" -- and left.', "He said “it’s over”—and left."),
        ("en-GB", "'Quoted' in the '90s, pages 10--12...", "‘Quoted’ in the ’90s, pages 10–12…"),
        ("de", "Er sagte \"nein\" und 'ja'.", "Er sagte „nein“ und ‚ja‘."),
        ("lt", 'Jis sakė "ne".', "Jis sakė „ne“."),
        ("be", 'Ён сказаў "не".', "Ён сказаў «не»."),
        ("fr", 'Il a dit "non".', "Il a dit «\u202fnon\u202f»."),
        ("pl", 'Powiedział "nie".', "Powiedział „nie”."),
        ("en-GB", "the editors' notes", "the editors’ notes"),
        ("en-GB", "Already “curly” and ‘fine’.", "Already “curly” and ‘fine’."),
        ("en-GB", "word---word and a --- b", "word—word and a — b"),
        ("en-GB", "---", "---"),  # a rule, not a dash between words
        ("en-GB", "A rule: ----------", "A rule: ----------"),
        ("en-GB", "-- a leading pair stays", "-- a leading pair stays"),
    ],
)
def test_conventions(language: str, text: str, expected: str) -> None:
    assert smarten(text, language) == expected


def test_briefing_smart_and_not(tmp_path: Path) -> None:
    path = tmp_path / "quotes.txt"
    path.write_text(
        'Officials said the "threat" was real -- and growing, in Lithuania\'s view.\n'
        "A second paragraph says the service's report was published on Tuesday.\n",
        encoding="utf-8",
    )
    smart = brief(str(path))
    plain = brief(str(path), Options(smart=False))
    assert smart.summary.text == (
        "Officials said the “threat” was real – and growing, in Lithuania’s view."
    )
    assert plain.summary.text.startswith('Officials said the "threat" was real -- and')
    # typography never moves a paragraph to another section
    assert [s.id for s in smart.sections if s.paragraphs] == [
        s.id for s in plain.sections if s.paragraphs
    ]
