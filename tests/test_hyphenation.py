"""The PDF writer's lazily read hyphenation dictionaries hyphenate exactly as pyphen."""

from __future__ import annotations

import re

import pyphen
import pytest

from formatter.writers.pdf import hyphenation
from formatter.writers.pdf.hyphenation import LazyPatterns, hyphenator, read_patterns
from tests.conftest import SEED

# words that exercise each dictionary's own patterns (and, for Hungarian and Catalan,
# pyphen's non-standard hyphenations such as "ssz=sz" and "l·l=l")
NATIVE = {
    "en_GB": "hyphenation typesetting catastrophically interrogation disinformation",
    "en_US": "encyclopedia characterization misunderstanding extraordinarily",
    "de_DE": "Donaudampfschifffahrt Schifffahrt Bundesverfassungsgericht Zusammenarbeit",
    "hu_HU": "asszonnyal hosszú eddzen Magyarország megszentségteleníthetetlenségeskedéseitekért",
    "ca": "col·lecció paral·lel intel·ligència il·lusió",
    "ru_RU": "Беларусь электростанция интернационализация",
    "lt": "Lietuvos nepriklausomybė žvalgyba grėsmių",
    "el_GR": "καλημέρα ελληνικά",
}


def _words(language: str) -> list[str]:
    seed = sorted(set(re.findall(r"[^\W\d_]{4,}", SEED.read_text(encoding="utf-8"))))
    words = seed + NATIVE.get(language, "").split()
    return [*words, *(word.upper() for word in words[:60]), *(w.lower() for w in words[:60])]


@pytest.fixture(autouse=True)
def _own_pyphen_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pyphen, "hdcache", {})


@pytest.mark.parametrize("language", sorted(NATIVE))
def test_same_hyphenation_as_pyphens_own_parser(language: str) -> None:
    ours = hyphenator(language)
    assert ours is not None
    assert isinstance(ours.__self__.hd.patterns, LazyPatterns)  # type: ignore[attr-defined]
    reference = pyphen.Pyphen(lang=language, cache=False)
    words = _words(language)
    assert len(words) > 300
    for word in words:
        assert list(ours(word)) == list(reference.iterate(word)), word


@pytest.mark.parametrize("language", ["en_GB", "hu_HU", "ca"])
def test_same_pattern_table_as_pyphen(language: str) -> None:
    path = pyphen.LANGUAGES[language]
    lazy = read_patterns(path)
    parsed = {key: lazy.get(key) for key in list(lazy)}
    expected = pyphen.HyphDict(path).patterns
    assert parsed == expected
    for key, (_, values) in expected.items():
        got = [getattr(value, "data", None) for value in parsed[key][1]]
        assert got == [getattr(value, "data", None) for value in values], key


def test_language_tags_and_unknown_languages() -> None:
    assert hyphenator("en-GB") is not None
    assert hyphenator("xx-YY") is None


def test_falls_back_to_pyphens_parser(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(path: object) -> LazyPatterns:
        raise AttributeError("pyphen changed")

    monkeypatch.setattr(hyphenation, "read_patterns", broken)
    ours = hyphenator("en_GB")
    assert ours is not None
    assert not isinstance(ours.__self__.hd.patterns, LazyPatterns)  # type: ignore[attr-defined]
    assert list(ours("hyphenation")) == list(pyphen.Pyphen(lang="en_GB").iterate("hyphenation"))
