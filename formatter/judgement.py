"""The learned part of sectioning: two small linear models read the article.

A taxonomy may name a model file (``model = "sections-model.json"``), built by
``briefing train`` from labelled articles (:mod:`formatter.training`). It holds two
:class:`~formatter.linear.LinearModel` s over :mod:`formatter.features`:

1. **The article model** says what the whole article is about: one of the themes, or
   none (the fallback section). When it finds no theme (at least ``off_topic_min``
   sure), the article is off-topic and every paragraph stays in the fallback section.
2. **The paragraph model** gives each paragraph a probability per section from its
   words, its cues, its neighbours' cues and the article model's verdict. A paragraph
   leans on the paragraphs around it (``neighbour_weight`` of theirs is added), and a
   theme that is neither the article model's nor one the cues make a subject counts
   only ``other_theme_factor`` as much.

Every decision names the features that pushed the chosen section ahead of the
runner-up ("article about diaspora 0.97; words: exile, beaten"), so it stays
explainable. The model records which cues it was trained with: a taxonomy whose cues
changed needs a new model, and says so.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from formatter.errors import TaxonomyError
from formatter.features import (
    WORD,
    Scores,
    article_features,
    paragraph_numbers,
    text_words,
)
from formatter.linear import LinearModel
from formatter.model import Rule

if TYPE_CHECKING:
    from formatter.taxonomy import Taxonomy

FORMAT = "briefing-formatter/sections-model/1"


@dataclass(frozen=True, slots=True)
class Settings:
    neighbour_weight: float = 0.2
    other_theme_factor: float = 0.2
    off_topic_min: float = 0.5
    # an article shorter than this (lede included) is too little to read as an article:
    # the cue rules decide it. The training articles all have more
    min_paragraphs: int = 5
    # nor one of fewer distinct words (the shortest training article has 125): the article
    # model has never seen one so short and its verdict would mean little
    min_words: int = 100
    min_articles: int = 3  # a word becomes a feature only if this many articles use it
    article_c: float = 10.0  # inverse regularisation strengths
    paragraph_c: float = 1.0
    folds: int = 5  # the article verdicts the paragraph model trains on are out-of-fold


@dataclass(frozen=True, slots=True)
class SectionsModel:
    article: LinearModel
    paragraph: LinearModel
    settings: Settings
    taxonomy: str  # digest of the cues the features were computed with
    trained_on: tuple[tuple[str, int], ...]  # (corpus folder name, articles)
    # the paragraph model's word features by word: looked up once per word of a paragraph
    word_rows: Mapping[str, tuple[float, ...]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "taxonomy": self.taxonomy,
            "trained_on": [{"corpus": name, "articles": count} for name, count in self.trained_on],
            "settings": {
                name: getattr(self.settings, name) for name in Settings.__dataclass_fields__
            },
            "article": self.article.to_dict(),
            "paragraph": self.paragraph.to_dict(),
        }


def taxonomy_digest(taxonomy: Taxonomy) -> str:
    """What the model's features depend on: the sections, the cues and the groups."""
    data = {
        "sections": [spec.id for spec in taxonomy.sections],
        "fallback": taxonomy.fallback,
        "cues": [[cue.section_id, cue.text, cue.weight] for cue in taxonomy.cues],
        "groups": [[name, list(members)] for name, members in taxonomy.groups],
    }
    canonical = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()[:16]


def load_model(path: Path, taxonomy: Taxonomy) -> SectionsModel:
    model = _read(path)
    if model.taxonomy != taxonomy_digest(taxonomy):
        raise TaxonomyError(
            path.name,
            f"was trained with other cues than {taxonomy.source}: "
            "rebuild it with `briefing train` (see the README) or remove the `model` line",
        )
    ids = {spec.id for spec in taxonomy.sections}
    if set(model.article.classes) != ids or set(model.paragraph.classes) != ids:
        raise TaxonomyError(path.name, f"its sections are not those of {taxonomy.source}")
    return model


@cache
def _read(path: Path) -> SectionsModel:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise TaxonomyError(path.name, "the taxonomy's model file does not exist") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise TaxonomyError(path.name, f"cannot read the model: {exc}") from None
    try:
        if data.get("format") != FORMAT:
            raise ValueError(f"not a {FORMAT} file")
        fields = Settings.__dataclass_fields__
        settings = Settings(**{k: v for k, v in data["settings"].items() if k in fields})
        paragraph = LinearModel.from_dict(data["paragraph"])
        return SectionsModel(
            article=LinearModel.from_dict(data["article"]),
            paragraph=paragraph,
            settings=settings,
            taxonomy=str(data["taxonomy"]),
            trained_on=tuple((str(t["corpus"]), int(t["articles"])) for t in data["trained_on"]),
            word_rows=paragraph.rows(WORD),
        )
    except (AttributeError, KeyError, TypeError, ValueError) as exc:
        raise TaxonomyError(path.name, f"not a sections model: {exc}") from None


@dataclass(frozen=True, slots=True)
class Decision:
    section_id: str
    rule: Rule
    reason: str


def judge(
    model: SectionsModel,
    taxonomy: Taxonomy,
    *,
    texts: Sequence[str],
    scores: Sequence[Scores],
    headline: tuple[str, Scores] | None,
    subjects: set[str],
    cue_names: Callable[[int, str], str] | None = None,
) -> list[Decision] | None:
    """One decision per paragraph but the lede (``texts[0]``), which the caller files, or
    None for an article shorter than the model reads (``min_paragraphs``, ``min_words``).
    ``scores`` are each paragraph's cue scores; ``subjects`` the themes the cues make
    the article's subjects (:mod:`formatter.sections`); ``cue_names(position, section)``
    lists a paragraph's cues for a section, to name them in a reason."""
    fallback = taxonomy.fallback
    named = taxonomy.named_ids
    settings = model.settings
    # each paragraph's words, found once; equal words stored once (a long article)
    shared: dict[str, str] = {}
    tokens = [[shared.setdefault(word, word) for word in text_words(text)] for text in texts]
    vocabulary = set(shared)
    if headline:
        vocabulary.update(text_words(headline[0]))
    if len(texts) < settings.min_paragraphs or len(vocabulary) < settings.min_words:
        return None
    framed = headline[1] if headline else None
    features = article_features(sorted(vocabulary), scores, framed, named)
    verdict = model.article.probabilities(features)
    leading = max(model.article.classes, key=verdict.__getitem__)
    runner = max(named, key=verdict.__getitem__)
    # the cues may keep an article the model leans off-topic on topic, if they agree with
    # the theme the model puts first
    sure = verdict[fallback]
    if leading == fallback and (sure >= settings.off_topic_min or runner not in subjects):
        why = _why(model.article.pushes(features, fallback, runner), fallback)
        reason = f"article is off-topic: the model finds no theme, {sure:.2f} sure ({why})"
        return [Decision(fallback, Rule.OFF_TOPIC, reason)] * (len(texts) - 1)
    allowed = set(subjects) | ({leading} - {fallback})

    # the paragraph model's features, as paragraph_features builds them, but each word
    # looked up by itself rather than as a "word:" name; the numbers are built again
    # when needed rather than kept (a long article has many paragraphs)
    paragraph = model.paragraph
    words = model.word_rows
    alone = [
        paragraph.probabilities_of(
            [row for row in map(words.get, tokens[k]) if row is not None],
            paragraph_numbers(scores, k, verdict),
        )
        for k in range(len(texts))
    ]
    decisions = []
    for k in range(1, len(texts)):
        near = [alone[j] for j in (k - 1, k + 1) if 0 <= j < len(texts)]
        weighed = {}
        for section_id, p in alone[k].items():
            value = p + settings.neighbour_weight * sum(other[section_id] for other in near)
            if section_id != fallback and section_id not in allowed:
                value *= settings.other_theme_factor
            weighed[section_id] = value
        ranked = sorted(model.paragraph.classes, key=lambda c: -weighed[c])
        chosen, runner = ranked[0], ranked[1]
        numbers = paragraph_numbers(scores, k, verdict)
        pushes = paragraph.pushes_of(
            numbers,
            chosen,
            runner,
            prefix=WORD,
            keys=tokens[k],
            rows=list(map(words.get, tokens[k])),
        )
        why = _why(pushes, chosen, verdict, position=k, cue_names=cue_names)
        reason = f"model: {chosen} over {runner} ({why})"
        if chosen != max(alone[k], key=alone[k].__getitem__):
            reason += f"; the paragraphs around it lean {chosen}"
        decisions.append(Decision(chosen, Rule.MODEL, reason))
    return decisions


def _why(
    pushes: list[tuple[str, float]],
    chosen: str,
    verdict: Mapping[str, float] | None = None,
    *,
    position: int = 0,
    cue_names: Callable[[int, str], str] | None = None,
) -> str:
    """The strongest features for ``chosen``, in words: up to three kinds, the words among
    them listed. A feature of another section (few cues of the runner-up) is left out:
    the reason says what speaks for the choice. ``position`` is the paragraph's, to name
    its neighbours, and ``cue_names`` lists its own cues."""
    parts: list[str] = []
    found_words: list[str] = []
    for name, push in pushes:
        if push < 0.05:  # sorted: the rest barely count
            break
        kind, _, value = name.partition(":")
        if kind not in ("word", "position") and value != chosen:
            continue
        if kind == "word":
            if len(found_words) < 4:
                found_words.append(value)
            if len(found_words) == 1:
                parts.append("")  # the words' place among the reasons
            continue
        if kind in ("article", "article·own") and verdict is not None:
            text = f"article about {value} {verdict[value]:.2f}"
        elif kind == "own" and cue_names is not None:
            text = f"its {value} cues ({cue_names(position, value)})"
        else:
            template = _FEATURE_WORDS.get(kind, "{value}")
            text = template.format(value=value, before=position - 1, after=position + 1)
        if text not in parts:
            parts.append(text)
        if len(parts) >= 3 and found_words:
            break
    shown = [part or f"words: {', '.join(found_words)}" for part in parts[:4]]
    return "; ".join(shown) if shown else "prior"


_FEATURE_WORDS = {
    "own": "its {value} cues",
    "before": "{value} cues of ¶{before}",
    "after": "{value} cues of ¶{after}",
    "position": "its place in the article",
    "mean": "{value} cues across the article",
    "lede": "the lede's {value} cues",
    "headline": "the headline's {value} cues",
    "size": "the article's length",
}
