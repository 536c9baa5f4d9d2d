"""What the sections model sees of an article and of each paragraph in it.

Training (:mod:`formatter.training`) and assignment (:mod:`formatter.judgement`) build
features here and nowhere else, so the two cannot drift apart. The features are:

- **words**: each distinct word of the text (letters only, two or more, case-folded).
  Training keeps only words found in at least ``min_articles`` training articles, so
  no weight is learnt from one article's wording;
- **cue scores**: the taxonomy's score of every section (:mod:`formatter.taxonomy`),
  for the paragraph and for the paragraphs before and after it;
- for the article: the mean cue score over its paragraphs and the headline's and the
  lede's scores, which say what the article is about, and its size (the logarithm of
  its number of distinct words);
- for a paragraph: the article model's probability of each section (and its product
  with the paragraph's own score), and its position in the article.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence

from formatter.taxonomy import words

Scores = Mapping[str, float]  # section id -> cue score
WORD = "word:"  # the prefix of a word feature's name


def text_words(text: str) -> list[str]:
    """The distinct words, sorted: features are always listed in the same order, so their
    sums (and a trained model) come out the same in every run."""
    return sorted({word for word in words(text) if len(word) > 1 and word.isalpha()})


def article_words(texts: Iterable[str]) -> list[str]:
    """Every distinct word of the texts (the headline and the paragraphs), sorted."""
    found: set[str] = set()
    for text in texts:
        found.update(text_words(text))
    return sorted(found)


def article_features(
    vocabulary: Sequence[str],
    scores: Sequence[Scores],
    headline: Scores | None,
    named: Sequence[str],
) -> dict[str, float]:
    """``vocabulary`` is :func:`article_words` of the headline and the paragraphs;
    ``scores`` the cue scores of each paragraph, the lede first."""
    found = {WORD + word: 1.0 for word in vocabulary}
    # a longer article has more words to push its sums: its size lets the model allow for it
    found["size"] = math.log1p(len(vocabulary))
    count = max(len(scores), 1)
    for section_id in named:
        found["mean:" + section_id] = sum(score[section_id] for score in scores) / count
        found["lede:" + section_id] = scores[0][section_id] if scores else 0.0
        found["headline:" + section_id] = headline[section_id] if headline else 0.0
    return found


def paragraph_features(
    text: Sequence[str],
    scores: Sequence[Scores],
    position: int,
    article: Scores,
) -> dict[str, float]:
    """The paragraph at ``position``, whose words (:func:`text_words`) are ``text``;
    ``scores`` are every paragraph's cue scores and ``article`` the article model's
    probability of each section."""
    found = {WORD + word: 1.0 for word in text}
    found.update(paragraph_numbers(scores, position, article))
    return found


def paragraph_numbers(scores: Sequence[Scores], position: int, article: Scores) -> dict[str, float]:
    """:func:`paragraph_features` but the words."""
    found = {}
    own = scores[position]
    before = scores[position - 1] if position > 0 else None
    after = scores[position + 1] if position + 1 < len(scores) else None
    for section_id, value in own.items():
        found["own:" + section_id] = value
        found["before:" + section_id] = before[section_id] if before else 0.0
        found["after:" + section_id] = after[section_id] if after else 0.0
        found["article:" + section_id] = article[section_id]
        found["article·own:" + section_id] = article[section_id] * value
    found["position"] = position / len(scores)
    return found
