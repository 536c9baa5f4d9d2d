"""Training a :class:`~formatter.linear.LinearModel`: L2-regularised multinomial
logistic regression, minimised with L-BFGS, in pure Python.

The objective is the usual one (as in scikit-learn's ``LogisticRegression``)::

    C * sum_i -log p(y_i | x_i) + 1/2 * |W|^2      (the biases are not penalised)

L-BFGS keeps the last few steps and gradient changes to approximate the inverse Hessian
(two-loop recursion, Nocedal and Wright, algorithm 7.4) and backtracks along the
direction until the Armijo condition holds. Everything runs in a fixed order, so the
same samples give the same weights. Used only by ``briefing train``; nothing at run time
imports it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from formatter.linear import Features, LinearModel, softmax

MEMORY = 10
MAX_ITERATIONS = 1000
TOLERANCE = 1e-6  # stop when the gradient's largest entry is this small, relatively


def fit(
    samples: Sequence[Features],
    labels: Sequence[str],
    classes: Sequence[str],
    c: float,
) -> LinearModel:
    """A model of ``classes`` fitted to ``samples`` (feature dictionaries) and their
    ``labels``; ``c`` is the inverse strength of the regularisation."""
    names = sorted({name for sample in samples for name, value in sample.items() if value})
    index = {name: i for i, name in enumerate(names)}
    rows = [
        [(index[name], value) for name, value in sorted(sample.items()) if value]
        for sample in samples
    ]
    targets = [list(classes).index(label) for label in labels]
    problem = _Problem(rows, targets, len(names), len(classes), c)
    theta = _minimise(problem)
    k = len(classes)
    weights = {name: tuple(theta[i * k : (i + 1) * k]) for name, i in index.items()}
    bias = tuple(theta[len(names) * k :])
    return LinearModel(tuple(classes), bias, weights)


class _Problem:
    """The objective and its gradient over flat parameters: one weight per feature and
    class (feature-major), then one bias per class."""

    def __init__(
        self, rows: list[list[tuple[int, float]]], targets: list[int], width: int, k: int, c: float
    ) -> None:
        self.rows, self.targets, self.width, self.k, self.c = rows, targets, width, k, c
        self.size = (width + 1) * k

    def value_and_gradient(self, theta: list[float]) -> tuple[float, list[float]]:
        k, c = self.k, self.c
        penalised = self.width * k
        gradient = theta[:penalised] + [0.0] * k  # the penalty's gradient is W itself
        loss = 0.5 * math.fsum(value * value for value in theta[:penalised])
        bias = theta[penalised:]
        for row, target in zip(self.rows, self.targets, strict=True):
            sums = list(bias)
            for j, value in row:
                base = j * k
                for m in range(k):
                    sums[m] += theta[base + m] * value
            probabilities = softmax(sums)
            loss -= c * math.log(max(probabilities[target], 1e-300))
            errors = [c * p for p in probabilities]
            errors[target] -= c
            for j, value in row:
                base = j * k
                for m in range(k):
                    gradient[base + m] += errors[m] * value
            for m in range(k):
                gradient[penalised + m] += errors[m]
        return loss, gradient


def _dot(a: list[float], b: list[float]) -> float:
    return math.fsum(x * y for x, y in zip(a, b, strict=True))


def _minimise(problem: _Problem) -> list[float]:
    theta = [0.0] * problem.size
    value, gradient = problem.value_and_gradient(theta)
    steps: Steps = []
    scale = max(1.0, value)
    for _ in range(MAX_ITERATIONS):
        if max(abs(g) for g in gradient) <= TOLERANCE * scale:
            break
        direction = _direction(gradient, steps)
        slope = _dot(gradient, direction)
        if slope >= 0:  # not a descent direction: start again from the gradient
            steps.clear()
            direction = [-g for g in gradient]
            slope = _dot(gradient, direction)
        step = 1.0 if steps else 1.0 / max(1.0, math.sqrt(-slope))
        while True:
            candidate = [t + step * d for t, d in zip(theta, direction, strict=True)]
            new_value, new_gradient = problem.value_and_gradient(candidate)
            if new_value <= value + 1e-4 * step * slope or step < 1e-12:
                break
            step *= 0.5
        s = [a - b for a, b in zip(candidate, theta, strict=True)]
        y = [a - b for a, b in zip(new_gradient, gradient, strict=True)]
        ys = _dot(y, s)
        improved = value - new_value
        theta, value, gradient = candidate, new_value, new_gradient
        if ys > 1e-12:
            steps.append((s, y, 1.0 / ys))
            del steps[:-MEMORY]
        if improved <= 1e-12 * max(1.0, abs(value)):
            break
    return theta


Steps = list[tuple[list[float], list[float], float]]  # (s, y, 1 / y.s), the oldest first


def _direction(gradient: list[float], steps: Steps) -> list[float]:
    """The L-BFGS two-loop recursion: an approximation of -H^-1 g."""
    q = list(gradient)
    alphas = []
    for s, y, rho in reversed(steps):
        alpha = rho * _dot(s, q)
        alphas.append(alpha)
        q = [qi - alpha * yi for qi, yi in zip(q, y, strict=True)]
    if steps:
        s, y, rho = steps[-1]
        gamma = 1.0 / (rho * _dot(y, y))
        q = [gamma * qi for qi in q]
    for (s, y, rho), alpha in zip(steps, reversed(alphas), strict=True):
        beta = rho * _dot(y, q)
        q = [qi + (alpha - beta) * si for qi, si in zip(q, s, strict=True)]
    return [-qi for qi in q]
