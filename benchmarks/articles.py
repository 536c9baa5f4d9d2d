"""Deterministic synthetic articles for the benchmarks (generated, never committed).

Paragraphs are built from the vocabulary of the seed and of the taxonomy's themes by a
seeded random generator, so every run measures the same text. About one paragraph in
twenty repeats an earlier one and one in fifty is boilerplate, as scraped articles do.
"""

from __future__ import annotations

import random
from pathlib import Path

_VOCABULARY = (
    "report intelligence assessment security threat Belarus Lithuania Russia Minsk Vilnius "
    "diaspora coercion relatives pressure emigres exiles activists detention interrogation "
    "border migrants hybrid sabotage disinformation cyberattacks balloons jamming drones "
    "missiles troops invasion Ukraine airspace military exercises sanctions relations "
    "election regime opposition authorities officials analysts ministry agency service "
    "said warned alleged according published annual national regional western eastern "
    "the a of in on to and with for by from that which as at its their were was has have"
).split()
_BOILERPLATE = ("Advertisement", "Share this article", "Subscribe to our newsletter")


def paragraph(rng: random.Random, number: int) -> str:
    sentences = []
    for _ in range(rng.randint(2, 4)):
        words = [rng.choice(_VOCABULARY) for _ in range(rng.randint(12, 26))]
        sentences.append(" ".join(words).capitalize() + ".")
    return f"({number}) " + " ".join(sentences)


def article(size_bytes: int, seed: int = 7) -> str:
    """An article of roughly ``size_bytes`` UTF-8 bytes."""
    rng = random.Random(seed)
    lines: list[str] = []
    kept: list[str] = []
    total = 0
    number = 0
    while total < size_bytes:
        roll = rng.random()
        if roll < 0.05 and kept:
            line = rng.choice(kept)
        elif roll < 0.07:
            line = rng.choice(_BOILERPLATE)
        else:
            number += 1
            line = paragraph(rng, number)
            kept.append(line)
        lines.append(line)
        total += len(line.encode("utf-8")) + 1
    return "\n".join(lines) + "\n"


def write(folder: Path, name: str, size_bytes: int, seed: int = 7) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.txt"
    path.write_text(article(size_bytes, seed), encoding="utf-8")
    return path


def one_character_lines(size_bytes: int, seed: int = 3) -> str:
    """Lines of one random letter or digit: almost every line repeats an earlier one."""
    rng = random.Random(seed)
    alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
    return "".join(rng.choice(alphabet) + "\n" for _ in range(size_bytes // 2))


def distinct_short_lines(size_bytes: int) -> str:
    """Short lines that are all different: every line would be a paragraph."""
    lines, total, number = [], 0, 0
    while total < size_bytes:
        line = f"Report {number} notes item {number * 7919 % 1_000_003}.\n"
        lines.append(line)
        total += len(line)
        number += 1
    text = "".join(lines)
    return text[: text.rfind("\n", 0, size_bytes) + 1]


def long_paragraphs(size_bytes: int) -> str:
    """:func:`article` cut at a line end so that it stays within ``size_bytes``."""
    text = article(size_bytes)
    return text[: text.rfind("\n", 0, size_bytes) + 1]


CORPUS = Path(__file__).resolve().parent.parent / "tests" / "corpus" / "tune" / "articles"


def corpus_text(size_bytes: int) -> str:
    """The labelled corpus's tune articles one after another, every line numbered so that
    none repeats, until ``size_bytes``: real news prose with a real vocabulary (the
    sections model reads it; :func:`article`'s 77 words are too few for it)."""
    files = sorted(CORPUS.glob("*.txt"))
    lines, total, number = [], 0, 0
    while total < size_bytes:
        for path in files:
            for line in path.read_text(encoding="utf-8").splitlines():
                number += 1
                lines.append(f"({number}) {line}\n")
                total += len(lines[-1].encode("utf-8"))
    text = "".join(lines)
    return text[: text.rfind("\n", 0, size_bytes) + 1]


KINDS = {
    "one-character-lines": one_character_lines,
    "distinct-short-lines": distinct_short_lines,
    "long-paragraphs": long_paragraphs,
    "corpus-text": corpus_text,
}

if __name__ == "__main__":  # python3 articles.py KIND SIZE PATH [MAX_LINES]
    import sys

    kind, size, target = sys.argv[1], int(sys.argv[2]), Path(sys.argv[3])
    generated = KINDS[kind](size)
    if len(sys.argv) > 4:
        generated = "".join(generated.splitlines(keepends=True)[: int(sys.argv[4])])
    target.write_text(generated, encoding="utf-8")
