"""Sectioning judged on the labelled corpus (tests/corpus/README.md).

The figures are pinned: a change that lowers the held-out accuracy, macro-F1 or the
off-topic rate fails here. When a change raises them, raise the pins in the same
commit. Tune against ``tune/`` only; ``heldout/`` is never read while changing cues,
weights or rules.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from formatter.evaluate import Evaluation, evaluate

CORPUS = Path(__file__).resolve().parent / "corpus"

# (accuracy, macro-F1, off-topic articles with a themed paragraph) measured when the
# pins were last raised; the target is every off-topic article kept in context. The
# shipped sections model is trained on tune/ (and the seed), so the tune figures are
# its fit to its own training data; only heldout/ says how it does on unseen articles.
PINNED = {
    "tune": (0.9749, 0.9741, 0),
    "heldout": (0.8018, 0.7978, 4),
}


@pytest.fixture(scope="module", params=sorted(PINNED))
def measured(request: pytest.FixtureRequest) -> tuple[str, Evaluation]:
    return request.param, evaluate(CORPUS / request.param)


def test_corpus_halves_are_large_enough_and_disjoint() -> None:
    tune = {path.stem for path in (CORPUS / "tune" / "articles").glob("*.txt")}
    heldout = {path.stem for path in (CORPUS / "heldout" / "articles").glob("*.txt")}
    assert not tune & heldout
    assert len(tune) >= 20
    assert len(heldout) >= 20


def test_accuracy_and_macro_f1_do_not_drop(measured: tuple[str, Evaluation]) -> None:
    half, result = measured
    accuracy, macro_f1, _ = PINNED[half]
    assert result.paragraphs >= 150
    assert round(result.accuracy, 4) >= accuracy, f"{half}: accuracy {result.accuracy:.4f}"
    assert round(result.macro_f1, 4) >= macro_f1, f"{half}: macro-F1 {result.macro_f1:.4f}"


def test_off_topic_articles_stay_in_context(measured: tuple[str, Evaluation]) -> None:
    half, result = measured
    assert len(result.off_topic) >= 4, half
    failed = sorted(name for name, ok in result.off_topic.items() if not ok)
    assert len(failed) <= PINNED[half][2], f"{half}: off-topic with a themed paragraph: {failed}"
