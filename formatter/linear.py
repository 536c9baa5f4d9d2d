"""A linear classifier over named features: multinomial logistic regression.

A model maps each feature name to one weight per class; a sample is a dictionary of
feature values. The class probabilities are the softmax of the weighted sums, and the
features that pushed one class ahead of another can be listed, so every decision the
model takes can be explained. Weights are trained by :mod:`formatter.logistic` and
stored as JSON (see :mod:`formatter.judgement` for the sections model that uses two).
Pure Python: a few hundred dictionary lookups per paragraph.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

Features = Mapping[str, float]


@dataclass(frozen=True, slots=True)
class LinearModel:
    classes: tuple[str, ...]
    bias: tuple[float, ...]
    weights: Mapping[str, tuple[float, ...]]  # feature name -> one weight per class

    def probabilities(self, features: Features) -> dict[str, float]:
        return self.probabilities_of([], features)

    def probabilities_of(
        self, rows: list[tuple[float, ...]], features: Features
    ) -> dict[str, float]:
        """:meth:`probabilities` of ``features`` plus features worth 1 given by their
        weight ``rows`` (a paragraph's words, looked up once: see :meth:`rows`). The
        sums come out the same, to the last bit, as from one dictionary of both."""
        weights = self.weights
        sums = list(self.bias)
        ones = list(rows)  # rows of features worth 1: summed column-wise below
        for name, value in features.items():
            row = weights.get(name)
            if row is None or not value:
                continue
            if value == 1.0:
                ones.append(row)
            else:
                for k, weight in enumerate(row):
                    sums[k] += weight * value
        if ones:
            columns = zip(*ones, strict=True)
            sums = [total + sum(column) for total, column in zip(sums, columns, strict=True)]
        return dict(zip(self.classes, softmax(sums), strict=True))

    def rows(self, prefix: str) -> dict[str, tuple[float, ...]]:
        """The weight rows of the features named ``prefix`` + a key, by key."""
        size = len(prefix)
        return {name[size:]: row for name, row in self.weights.items() if name.startswith(prefix)}

    def pushes(self, features: Features, chosen: str, against: str) -> list[tuple[str, float]]:
        """The features that favour ``chosen`` over ``against``, strongest first: each
        feature's value times the difference of its two weights."""
        return self.pushes_of(features, chosen, against)

    def pushes_of(
        self,
        features: Features,
        chosen: str,
        against: str,
        *,
        prefix: str = "",
        keys: Sequence[str] = (),
        rows: Sequence[tuple[float, ...] | None] = (),
    ) -> list[tuple[str, float]]:
        """:meth:`pushes` of ``features`` and of the features ``prefix`` + each of ``keys``
        (worth 1, whose weight ``rows`` are given; None for a feature without weights)."""
        a, b = self.classes.index(chosen), self.classes.index(against)
        found = [
            (prefix + key, row[a] - row[b])
            for key, row in zip(keys, rows, strict=True)
            if row is not None and row[a] > row[b]
        ]
        for name, value in features.items():
            row = self.weights.get(name)
            if row is not None and value:
                push = (row[a] - row[b]) * value
                if push > 0:
                    found.append((name, push))
        found.sort(key=lambda item: (-item[1], item[0]))
        return found

    def to_dict(self) -> dict[str, Any]:
        return {
            "classes": list(self.classes),
            "bias": [_rounded(value) for value in self.bias],
            "weights": {
                name: [_rounded(value) for value in row]
                for name, row in sorted(self.weights.items())
                if any(_rounded(value) for value in row)
            },
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> LinearModel:
        """A model from :meth:`to_dict`'s shape; ``ValueError`` if it is not one."""
        classes = tuple(str(name) for name in data["classes"])
        bias = tuple(float(value) for value in data["bias"])
        weights = {
            str(name): tuple(float(value) for value in row)
            for name, row in dict(data["weights"]).items()
        }
        if len(classes) < 2 or len(set(classes)) != len(classes) or len(bias) != len(classes):
            raise ValueError("a model needs two or more distinct classes and a bias for each")
        if any(len(row) != len(classes) for row in weights.values()):
            raise ValueError("every feature needs one weight per class")
        if not all(math.isfinite(v) for row in (bias, *weights.values()) for v in row):
            raise ValueError("weights must be finite numbers")
        return cls(classes, bias, weights)


def softmax(sums: list[float]) -> list[float]:
    top = max(sums)
    exps = [math.exp(value - top) for value in sums]
    total = sum(exps)
    return [value / total for value in exps]


def _rounded(value: float) -> float:
    """Six decimals: the stored file is the same on every machine, and no decision of
    the corpus turns on the seventh."""
    rounded = round(value, 6)
    return 0.0 if rounded == 0 else rounded
