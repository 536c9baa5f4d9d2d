"""The linear model and its trainer: probabilities, explanations, the optimiser."""

from __future__ import annotations

import math
import random

import pytest

from formatter.linear import LinearModel, softmax
from formatter.logistic import _Problem, fit


def test_probabilities_are_the_softmax_of_the_weighted_sums() -> None:
    model = LinearModel(("a", "b"), (0.5, 0.0), {"x": (1.0, -1.0), "y": (0.0, 2.0)})
    found = model.probabilities({"x": 2.0, "y": 0.5, "unknown": 9.0})
    sums = [0.5 + 2.0, -2.0 + 1.0]  # the unknown feature has no weight
    expected = softmax(sums)
    assert found == pytest.approx({"a": expected[0], "b": expected[1]})
    assert sum(found.values()) == pytest.approx(1.0)


def test_softmax_does_not_overflow() -> None:
    assert softmax([1000.0, 0.0]) == pytest.approx([1.0, 0.0])


def test_pushes_name_what_favours_one_class_over_another_strongest_first() -> None:
    model = LinearModel(("a", "b"), (0.0, 0.0), {"x": (2.0, 0.0), "y": (0.0, 1.0), "z": (0.5, 0.0)})
    pushes = model.pushes({"x": 1.0, "y": 1.0, "z": 1.0}, "a", "b")
    assert pushes == [("x", 2.0), ("z", 0.5)]  # y favours b: not listed
    assert model.pushes({"x": 1.0, "y": 1.0}, "b", "a") == [("y", 1.0)]


def test_a_model_round_trips_through_its_dictionary() -> None:
    model = LinearModel(("a", "b"), (0.1234567, -1.0), {"x": (1e-9, 0.0), "y": (0.25, -0.25)})
    data = model.to_dict()
    assert data["bias"] == [0.123457, -1.0]
    assert "x" not in data["weights"]  # rounds to nothing: not stored
    again = LinearModel.from_dict(data)
    assert again.classes == ("a", "b")
    assert dict(again.weights) == {"y": (0.25, -0.25)}


@pytest.mark.parametrize(
    "data",
    [
        {"classes": ["a"], "bias": [0.0], "weights": {}},
        {"classes": ["a", "a"], "bias": [0.0, 0.0], "weights": {}},
        {"classes": ["a", "b"], "bias": [0.0], "weights": {}},
        {"classes": ["a", "b"], "bias": [0.0, 0.0], "weights": {"x": [1.0]}},
        {"classes": ["a", "b"], "bias": [0.0, float("nan")], "weights": {}},
    ],
)
def test_a_malformed_model_is_refused(data: dict[str, object]) -> None:
    with pytest.raises(ValueError, match=r"class|weight|finite"):
        LinearModel.from_dict(data)


def test_the_gradient_matches_finite_differences() -> None:
    rng = random.Random(7)  # noqa: S311 (test data)
    rows = [[(j, rng.uniform(-1, 1)) for j in rng.sample(range(5), 3)] for _ in range(12)]
    targets = [rng.randrange(3) for _ in rows]
    problem = _Problem(rows, targets, width=5, k=3, c=2.0)
    theta = [rng.uniform(-0.5, 0.5) for _ in range(problem.size)]
    _, gradient = problem.value_and_gradient(theta)
    step = 1e-6
    for i in range(problem.size):
        up, down = list(theta), list(theta)
        up[i] += step
        down[i] -= step
        numeric = (problem.value_and_gradient(up)[0] - problem.value_and_gradient(down)[0]) / (
            2 * step
        )
        assert gradient[i] == pytest.approx(numeric, rel=1e-4, abs=1e-6)


def test_fit_learns_a_separable_problem_and_reaches_the_minimum() -> None:
    samples = [{"red": 1.0}, {"red": 1.0, "big": 1.0}, {"blue": 1.0}, {"blue": 1.0, "big": 1.0}]
    labels = ["warm", "warm", "cold", "cold"]
    model = fit(samples, labels, ("warm", "cold"), c=10.0)
    for sample, label in zip(samples, labels, strict=True):
        found = model.probabilities(sample)
        assert max(found, key=found.__getitem__) == label
    assert model.probabilities({"red": 1.0})["warm"] > 0.9
    # "big" occurs in both classes alike: it learns (almost) nothing
    assert abs(model.weights["big"][0] - model.weights["big"][1]) < 1e-3
    # at the minimum the gradient vanishes
    names = sorted(model.weights)
    rows = [[(names.index(n), v) for n, v in sorted(s.items())] for s in samples]
    problem = _Problem(rows, [0, 0, 1, 1], len(names), 2, 10.0)
    theta = [w for name in names for w in model.weights[name]] + list(model.bias)
    _, gradient = problem.value_and_gradient(theta)
    assert max(abs(g) for g in gradient) < 1e-3


def test_fit_is_deterministic_and_regularisation_shrinks_weights() -> None:
    rng = random.Random(3)  # noqa: S311 (test data)
    samples = [{f"f{j}": 1.0 for j in rng.sample(range(8), 3)} for _ in range(30)]
    labels = ["a" if "f0" in s or "f1" in s else "b" for s in samples]
    first = fit(samples, labels, ("a", "b"), c=1.0)
    again = fit(samples, labels, ("a", "b"), c=1.0)
    assert first.to_dict() == again.to_dict()
    loose = fit(samples, labels, ("a", "b"), c=100.0)
    size = lambda m: math.fsum(w * w for row in m.weights.values() for w in row)  # noqa: E731
    assert size(first) < size(loose)


def test_rows_looked_up_by_key_give_the_same_bits_as_one_dictionary() -> None:
    """The sections model looks a paragraph's words up by themselves (judgement.py):
    probabilities and pushes must equal those of the one dictionary training uses."""
    model = LinearModel(
        ("a", "b", "c"),
        (0.1, -0.2, 0.05),
        {"word:x": (0.3, -0.1, 0.7), "word:y": (1.1, 0.4, -0.3), "n": (0.5, 0.25, -1.0)},
    )
    whole = {"word:x": 1.0, "word:y": 1.0, "word:z": 1.0, "n": 1.0, "m": 2.5}
    words = model.rows("word:")
    assert set(words) == {"x", "y"}
    keys = ["x", "y", "z"]
    rows = [words.get(key) for key in keys]
    numbers = {"n": 1.0, "m": 2.5}
    parts = model.probabilities_of([row for row in rows if row is not None], numbers)
    assert parts == model.probabilities(whole)  # equal, not approximately
    for chosen, against in (("a", "b"), ("c", "a"), ("b", "c")):
        found = model.pushes_of(numbers, chosen, against, prefix="word:", keys=keys, rows=rows)
        assert found == model.pushes(whole, chosen, against)
