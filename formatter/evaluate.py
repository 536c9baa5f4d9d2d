"""How well sectioning does on a labelled corpus: ``briefing evaluate CORPUS``.

A corpus is a folder with ``articles/NAME.txt`` (one paragraph per line) and
``labels.json``::

    {"NAME": {"source": "https://…", "labels": ["context", "diaspora", …],
              "ambiguous": [3]}}

``labels`` holds one section id per line of the article; ``ambiguous`` lists the 0-based
lines where a second label is defensible. Each article goes through the real pipeline
(read, clean, headline, sections) with the chosen taxonomy. Every body paragraph is
scored except ambiguous lines, the line shown as the summary and a line taken as the
title (they have blocks of their own), and lines cleaning removed.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from formatter.errors import InputError
from formatter.model import Briefing, Rule
from formatter.pipeline import Options, brief
from formatter.taxonomy import Matcher, load_taxonomy, shared_matcher, words

SCHEMA = "briefing-formatter/evaluation/1"


@dataclass(frozen=True, slots=True)
class Miss:
    """A paragraph filed in the wrong section, with the reason the tool gave."""

    article: str
    line: int  # 0-based, as in labels.json
    expected: str
    predicted: str
    rule: str
    reason: str
    text: str


@dataclass(slots=True)
class Evaluation:
    sections: tuple[str, ...]
    confusion: dict[str, Counter[str]] = field(default_factory=dict)  # expected -> predicted
    articles: dict[str, tuple[int, int]] = field(default_factory=dict)  # right, scored
    off_topic: dict[str, bool] = field(default_factory=dict)  # article -> all kept in context
    excluded: Counter[str] = field(default_factory=Counter)
    misses: list[Miss] = field(default_factory=list)
    rules: dict[str, Counter[str]] = field(default_factory=dict)  # rule -> right, scored
    skipped: list[tuple[str, str]] = field(default_factory=list)  # article, why
    cues: dict[str, Counter[str]] = field(default_factory=dict)  # cue -> fired, agreed

    @property
    def paragraphs(self) -> int:
        return sum(sum(row.values()) for row in self.confusion.values())

    @property
    def accuracy(self) -> float:
        right = sum(self.confusion[s][s] for s in self.sections)
        return right / self.paragraphs if self.paragraphs else 0.0

    def per_section(self) -> dict[str, dict[str, float]]:
        result = {}
        for section_id in self.sections:
            true_positive = self.confusion[section_id][section_id]
            predicted = sum(row[section_id] for row in self.confusion.values())
            expected = sum(self.confusion[section_id].values())
            precision = true_positive / predicted if predicted else 0.0
            recall = true_positive / expected if expected else 0.0
            f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
            result[section_id] = {
                "precision": round(precision, 4),
                "recall": round(recall, 4),
                "f1": round(f1, 4),
                "support": expected,
            }
        return result

    @property
    def macro_f1(self) -> float:
        """The mean F1 of the sections that occur in the labels."""
        return _mean_f1(self.per_section())

    def to_dict(self, worst: int) -> dict[str, Any]:
        per_section = self.per_section()
        return {
            "schema": SCHEMA,
            "accuracy": round(self.accuracy, 4),
            "macro_f1": round(_mean_f1(per_section), 4),
            "paragraphs": self.paragraphs,
            "articles": len(self.articles),
            "per_section": per_section,
            "confusion": {
                expected: {
                    predicted: self.confusion[expected][predicted] for predicted in self.sections
                }
                for expected in self.sections
            },
            "off_topic": {
                "articles": len(self.off_topic),
                "all_context": sum(self.off_topic.values()),
                "failed": sorted(name for name, ok in self.off_topic.items() if not ok),
            },
            "excluded": dict(sorted(self.excluded.items())),
            "skipped": [{"article": name, "reason": why} for name, why in self.skipped],
            "cues": {
                cue: {"fired": counts["fired"], "agreed": counts["agreed"]}
                for cue, counts in sorted(self.cues.items())
            },
            "per_rule": {
                rule: {"right": counts["right"], "scored": counts["scored"]}
                for rule, counts in sorted(self.rules.items())
            },
            "per_article": {
                name: {"right": right, "scored": scored}
                for name, (right, scored) in sorted(self.articles.items())
            },
            "worst": [asdict(miss) for miss in self.misses[:worst]],
        }


def _mean_f1(per_section: dict[str, dict[str, float]]) -> float:
    scores = [row["f1"] for row in per_section.values() if row["support"]]
    return sum(scores) / len(scores) if scores else 0.0


def load_labels(corpus: Path) -> dict[str, dict[str, Any]]:
    """``labels.json`` of a corpus folder, checked for shape."""
    path = corpus / "labels.json"
    if not corpus.is_dir():
        raise InputError(str(corpus), "not a folder (expected articles/ and labels.json)")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(str(corpus), "no labels.json in this folder") from None
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise InputError(str(path), f"cannot read: {exc}") from None
    if not isinstance(data, dict) or not data:
        raise InputError(str(path), "expected an object of articles")
    for name, entry in data.items():
        labels = entry.get("labels") if isinstance(entry, dict) else None
        if not isinstance(labels, list) or not all(isinstance(x, str) for x in labels):
            raise InputError(str(path), f"{name}: 'labels' must be a list of section ids")
        ambiguous = entry.get("ambiguous", [])
        if not isinstance(ambiguous, list) or not all(isinstance(x, int) for x in ambiguous):
            raise InputError(str(path), f"{name}: 'ambiguous' must be a list of line indexes")
    return data


def evaluate(corpus: Path, taxonomy: Path | None = None) -> Evaluation:
    labels = load_labels(corpus)
    spec = load_taxonomy(taxonomy)
    ids = tuple(section.id for section in spec.sections)
    result = Evaluation(ids, {section_id: Counter() for section_id in ids})
    for name in sorted(labels):
        expected = labels[name]["labels"]
        unknown = sorted(set(expected) - set(ids))
        if unknown:
            raise InputError(
                f"{corpus.name}/labels.json",
                f"{name}: {', '.join(unknown)} is not a section of {spec.source}",
            )
        # an article that cannot be read or does not match its labels is left out and
        # reported, so one bad file does not hide the measurement of all the others
        article = corpus / "articles" / f"{name}.txt"
        if not article.is_file():
            result.skipped.append((name, f"articles/{name}.txt is missing"))
            continue
        try:
            briefing = brief(str(article), Options(taxonomy=taxonomy))
        except InputError as exc:
            result.skipped.append((name, exc.reason))
            continue
        last = max(item.paragraph.line for s in briefing.sections for item in s.paragraphs)
        if last > len(expected):
            result.skipped.append((name, f"{len(expected)} labels for {last} or more lines"))
            continue
        ambiguous = set(labels[name].get("ambiguous", []))
        _score_article(
            result,
            name=name,
            briefing=briefing,
            expected=expected,
            ambiguous=ambiguous,
            fallback=spec.fallback,
            matcher=shared_matcher(spec),
        )
    result.misses.sort(key=lambda miss: (-_confidence(miss), miss.article, miss.line))
    return result


def _confidence(miss: Miss) -> int:
    """Misses the tool was surest of come first: own cues, then passage, then the rest."""
    return {Rule.CUES: 3, Rule.NEIGHBOURS: 2, Rule.PASSING: 1}.get(Rule(miss.rule), 0)


def _count_cues(result: Evaluation, matcher: Matcher, text: str, gold: str) -> None:
    """Each cue that fires in a scored paragraph, and whether it names the paragraph's
    label: how a taxonomy author sees which cues earn their place."""
    for cue, _ in matcher.found(words(text)):
        counts = result.cues.setdefault(f"{cue.section_id}: {cue.text}", Counter())
        counts["fired"] += 1
        counts["agreed"] += cue.section_id == gold


def _score_article(
    result: Evaluation,
    *,
    name: str,
    briefing: Briefing,
    expected: list[str],
    ambiguous: set[int],
    fallback: str,
    matcher: Matcher,
) -> None:
    right = scored = 0
    all_context = True
    if briefing.headline is not None:
        result.excluded["title"] += 1
    for section in briefing.sections:
        for item in section.paragraphs:
            line = item.paragraph.line - 1
            if item.paragraph.index == briefing.summary.index:
                result.excluded["summary"] += 1
                continue
            if line in ambiguous:
                result.excluded["ambiguous"] += 1
                continue
            gold, predicted = expected[line], section.id
            _count_cues(result, matcher, item.paragraph.text, gold)
            result.confusion[gold][predicted] += 1
            scored += 1
            rule = result.rules.setdefault(str(item.assignment.rule), Counter())
            rule["scored"] += 1
            rule["right"] += gold == predicted
            all_context = all_context and predicted == fallback
            if gold == predicted:
                right += 1
            else:
                assignment = item.assignment
                result.misses.append(
                    Miss(
                        name,
                        line,
                        gold,
                        predicted,
                        str(assignment.rule),
                        assignment.reason,
                        item.paragraph.text,
                    )
                )
    result.excluded["removed by cleaning"] += len(briefing.provenance.removed)
    result.articles[name] = (right, scored)
    if all(label == fallback for label in expected):
        result.off_topic[name] = all_context
