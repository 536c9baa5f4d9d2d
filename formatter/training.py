"""``briefing train``: build a sections model from labelled articles.

The corpora are folders in the layout ``briefing evaluate`` reads (``articles/NAME.txt``
and ``labels.json``). Every article goes through the real pipeline up to sectioning
(read, clean, headline), and its paragraphs get the taxonomy's cue scores, so the
features are exactly those assignment will see (:mod:`formatter.features`). Then:

1. **The article model** learns each article's theme: the label most of its lines
   carry other than the fallback, or the fallback for an off-topic article.
2. **The paragraph model** learns each paragraph's label (lines marked ambiguous are
   left out). It sees the article model's verdict on its article as a feature; that
   verdict comes from an article model trained without the article's own fold, so the
   paragraph model learns how far an article verdict on unseen text can be trusted.

Words used by fewer than ``min_articles`` training articles are not features: no
weight exists because of one article's wording. The folds, the order of the samples and
the optimiser are fixed, so the same corpora and taxonomy give the same file.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from formatter.clean import TooManyParagraphs
from formatter.errors import InputError
from formatter.evaluate import load_labels
from formatter.features import (
    Scores,
    article_features,
    article_words,
    paragraph_features,
    text_words,
)
from formatter.headline import split_headline
from formatter.intake import take_in
from formatter.judgement import SectionsModel, Settings, taxonomy_digest
from formatter.linear import Features, LinearModel
from formatter.logistic import fit
from formatter.read import DEFAULT_MAX_BYTES
from formatter.taxonomy import Taxonomy, found_by_section, load_taxonomy, shared_matcher


@dataclass(frozen=True, slots=True)
class Labelled:
    """One training article: its paragraphs as the pipeline cleans them, with labels."""

    name: str
    texts: tuple[str, ...]  # the lede first
    scores: tuple[Scores, ...]
    headline: tuple[str, Scores] | None
    theme: str  # what the article is about: a theme, or the fallback when off-topic
    labels: tuple[str | None, ...]  # each paragraph's label; None where ambiguous

    def framing(self) -> list[str]:
        return [self.headline[0], *self.texts] if self.headline else list(self.texts)


def train(
    corpora: Sequence[Path], taxonomy_path: Path | None = None, settings: Settings | None = None
) -> SectionsModel:
    settings = settings or Settings()
    taxonomy = load_taxonomy(taxonomy_path)
    articles: list[Labelled] = []
    trained_on = []
    for corpus in corpora:
        found = read_corpus(corpus, taxonomy)
        articles.extend(found)
        trained_on.append((corpus.name, len(found)))
    if len({article.theme for article in articles}) < 2:
        names = ", ".join(corpus.name for corpus in corpora)
        raise InputError(names, "too few labelled articles to learn from")
    classes = tuple(spec.id for spec in taxonomy.sections)
    named = taxonomy.named_ids
    article_model = _article_model(articles, classes, named, settings)
    verdicts: dict[int, dict[str, float]] = {}
    for fold in range(settings.folds):
        inside = [a for i, a in enumerate(articles) if i % settings.folds != fold]
        outside = [(i, a) for i, a in enumerate(articles) if i % settings.folds == fold]
        if not outside:
            continue
        partial = _article_model(inside, classes, named, settings)
        for i, article in outside:
            verdicts[i] = _complete(partial.probabilities(_framing(article, named)), classes)
    vocabulary = _vocabulary(articles, settings.min_articles)
    samples: list[Features] = []
    labels: list[str] = []
    for i, article in enumerate(articles):
        for k, (text, label) in enumerate(zip(article.texts, article.labels, strict=True)):
            if label is None:
                continue
            features = paragraph_features(text_words(text), article.scores, k, verdicts[i])
            samples.append(_restricted(features, vocabulary))
            labels.append(label)
    paragraph_model = fit(samples, labels, classes, settings.paragraph_c)
    return SectionsModel(
        article=article_model,
        paragraph=paragraph_model,
        settings=settings,
        taxonomy=taxonomy_digest(taxonomy),
        trained_on=tuple(trained_on),
    )


def model_bytes(model: SectionsModel) -> bytes:
    """The model file: JSON with sorted weights, the same bytes for the same model."""
    text = json.dumps(model.to_dict(), ensure_ascii=False, indent=1)
    return (text + "\n").encode("utf-8")


def read_corpus(corpus: Path, taxonomy: Taxonomy) -> list[Labelled]:
    """Every article of a corpus folder, in name order, with its cue scores."""
    matcher = shared_matcher(taxonomy)
    ids = {spec.id for spec in taxonomy.sections}
    found = []
    for name, entry in sorted(load_labels(corpus).items()):
        expected: list[str] = entry["labels"]
        unknown = sorted(set(expected) - ids)
        if unknown:
            where = f"{corpus.name}/labels.json"
            raise InputError(where, f"{name}: {', '.join(unknown)} is not a section")
        path = corpus / "articles" / f"{name}.txt"
        try:
            intake = take_in(str(path), DEFAULT_MAX_BYTES, {})
        except TooManyParagraphs as exc:
            raise InputError(str(path), str(exc)) from None
        headline, paragraphs = split_headline(intake.cleaned.paragraphs)
        if not paragraphs or max(p.line for p in paragraphs) > len(expected):
            raise InputError(f"{corpus.name}/labels.json", f"{name}: fewer labels than lines")
        ambiguous = set(entry.get("ambiguous", []))
        counts = Counter(label for label in expected if label != taxonomy.fallback)
        order = [spec.id for spec in taxonomy.sections]
        theme = (
            min(counts, key=lambda section_id: (-counts[section_id], order.index(section_id)))
            if counts
            else taxonomy.fallback
        )
        found.append(
            Labelled(
                name=name,
                texts=tuple(p.text for p in paragraphs),
                scores=tuple(found_by_section(matcher, p.text)[0] for p in paragraphs),
                headline=(
                    (headline.text, found_by_section(matcher, headline.text)[0])
                    if headline is not None
                    else None
                ),
                theme=theme,
                labels=tuple(
                    None if p.line - 1 in ambiguous else expected[p.line - 1] for p in paragraphs
                ),
            )
        )
    return found


def _vocabulary(articles: Iterable[Labelled], min_articles: int) -> set[str]:
    used: Counter[str] = Counter()
    for article in articles:
        used.update({word for text in article.framing() for word in text_words(text)})
    return {word for word, count in used.items() if count >= min_articles}


def _restricted(features: dict[str, float], vocabulary: set[str]) -> dict[str, float]:
    return {
        name: value
        for name, value in features.items()
        if not name.startswith("word:") or name[5:] in vocabulary
    }


def _framing(article: Labelled, named: tuple[str, ...]) -> dict[str, float]:
    """The article model's features of an article."""
    headline = article.headline[1] if article.headline else None
    return article_features(article_words(article.framing()), article.scores, headline, named)


def _article_model(
    articles: Sequence[Labelled],
    classes: tuple[str, ...],
    named: tuple[str, ...],
    settings: Settings,
) -> LinearModel:
    vocabulary = _vocabulary(articles, settings.min_articles)
    samples = [_restricted(_framing(a, named), vocabulary) for a in articles]
    return fit(samples, [a.theme for a in articles], classes, settings.article_c)


def _complete(probabilities: dict[str, float], classes: tuple[str, ...]) -> dict[str, float]:
    return {section_id: probabilities.get(section_id, 0.0) for section_id in classes}
