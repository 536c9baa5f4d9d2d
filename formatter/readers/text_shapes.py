"""Plain text in the shapes people paste, turned into one paragraph per line.

``lines``: one paragraph per line (blank lines between them or not): kept as it is.
``blank``: paragraphs hard-wrapped at some width (an e-mail, text copied from a PDF or
a terminal) and separated by blank lines: the lines of each block are joined.

Which shape a file has is decided per file: it is ``blank`` when it has blank lines,
most of its text sits in blocks of two or more lines, and most lines that run on into
the next stop mid-sentence (a one-paragraph-per-line file ends each line with a sentence).
``--paragraphs lines|blank`` overrides the guess.

Joining rejoins a word hyphenated at a line end (``destabil-`` / ``isation``) only where
the hyphen is a typesetting break, not part of the word: the hyphen stays before a
capital or a digit (``pro-`` / ``Russian``, ``COVID-`` / ``19``), where the text writes
the word with a hyphen elsewhere, and where both halves are words of the text on their
own (``well-`` / ``known``); the halves are joined where the text writes the joined word
elsewhere, or where the hyphenation dictionary of the language breaks the word there.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import NamedTuple

LINES, BLANK = "lines", "blank"
SHAPES = (LINES, BLANK)
DESCRIPTIONS = {
    LINES: "one paragraph per line",
    BLANK: "hard-wrapped paragraphs separated by blank lines",
    "markdown": "Markdown",
    "html": "an HTML page",
}
_HYPHENATED_END = re.compile(r"([^\W\d_]+)-$")
_WORD_START = re.compile(r"^([^\W_]+)")
_SENTENCE_END = re.compile("[.!?:;\"'\u201d\u2019)\\]]$")
_WORDS = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


class Shaped(NamedTuple):
    """Paragraphs, one per line of ``text``; ``lines[i]`` is the raw line of line ``i``."""

    text: str
    lines: tuple[int, ...]
    shape: str
    rejoined: int = 0  # words hyphenated at a line end that were joined


def detect(text: str) -> str:
    """``blank`` when paragraphs are separated by blank lines and most lines that run on
    into another line stop mid-sentence, in blocks holding most of the text; else
    ``lines`` (one paragraph per line ends each line with its sentence)."""
    lines = [line.strip() for line in text.strip().split("\n")]
    if "" not in lines:
        return LINES  # no blank line: nothing says where a wrapped paragraph would end
    in_blocks = run = continued = mid_sentence = 0
    for line, following in zip(lines, [*lines[1:], ""], strict=True):
        if not line:
            continue
        run += 1
        if following:
            continued += 1
            mid_sentence += _SENTENCE_END.search(line) is None
        else:
            in_blocks += run if run > 1 else 0
            run = 0
    total = sum(1 for line in lines if line)
    wrapped = 2 * mid_sentence > continued and 2 * in_blocks > total
    return BLANK if wrapped else LINES


def shape_text(text: str, shape: str | None, language: str = "en") -> Shaped:
    """``text`` as one paragraph per line, in the given shape or the detected one."""
    chosen = shape or detect(text)
    if chosen == LINES:
        return Shaped(text, tuple(range(1, text.count("\n") + 2)), LINES)
    return _join_blocks(text, language)


def _join_blocks(text: str, language: str) -> Shaped:
    raw_lines = text.split("\n")
    vocabulary: set[str] | None = None
    paragraphs: list[str] = []
    lines: list[int] = []
    block: list[str] = []
    start = 0
    rejoined = 0

    def flush() -> None:
        nonlocal rejoined, vocabulary
        if not block:
            return
        if vocabulary is None and any(_HYPHENATED_END.search(b) for b in block[:-1]):
            vocabulary = _vocabulary(text)
        joined, count = join_lines(block, vocabulary or set(), _dictionary_breaks(language))
        rejoined += count
        paragraphs.append(joined)
        lines.append(start)
        block.clear()

    for number, raw in enumerate(raw_lines, start=1):
        line = raw.strip()
        if not line:
            flush()
            continue
        if not block:
            start = number
        block.append(line)
    flush()
    return Shaped("\n".join(paragraphs), tuple(lines), BLANK, rejoined)


def join_lines(
    block: list[str], vocabulary: set[str], breaks: Callable[[str], set[int]]
) -> tuple[str, int]:
    """The lines of one wrapped paragraph as one line; how many hyphens were rejoined."""
    text = block[0]
    rejoined = 0
    for line in block[1:]:
        end = _HYPHENATED_END.search(text)
        start = _WORD_START.match(line)
        if end and start and _is_soft_break(end.group(1), start.group(1), vocabulary, breaks):
            text = text[:-1] + line
            rejoined += 1
        elif end and start:
            text += line  # the hyphen is part of the word: pro-Russian, well-known
        else:
            text = f"{text} {line}"
    return text, rejoined


def _is_soft_break(
    left: str, right: str, vocabulary: set[str], breaks: Callable[[str], set[int]]
) -> bool:
    if not right[0].islower():
        return False  # pro-Russian, COVID-19: the hyphen belongs to the word
    joined = (left + right).casefold()
    if f"{left}-{right}".casefold() in vocabulary:
        return False
    if joined in vocabulary:
        return True
    if left.casefold() in vocabulary and right.casefold() in vocabulary:
        return False  # two words of the text: a compound (well-known, long-term)
    return len(left) in breaks(left + right)


def _vocabulary(text: str) -> set[str]:
    """Every word of the text, and every hyphenated word, written whole on a line."""
    found: set[str] = set()
    broken = False  # the previous line ended with a hyphen
    for raw in text.split("\n"):
        line = raw.strip()
        words = _WORDS.findall(line.removesuffix("-"))
        if broken and words:
            words = words[1:]  # the second half of a broken word is no word
        broken = line.endswith("-")
        if broken and words:
            words = words[:-1]  # nor is the first half
        for word in words:
            folded = word.casefold()
            found.add(folded)
            found.update(folded.split("-"))
    return found


def _dictionary_breaks(language: str) -> Callable[[str], set[int]]:
    """Where the language's hyphenation dictionary may break a word (character offsets)."""
    cache: dict[str, set[int]] = {}

    def breaks(word: str) -> set[int]:
        if word not in cache:
            cache[word] = _positions(word, language)
        return cache[word]

    return breaks


def _positions(word: str, language: str) -> set[int]:
    import pyphen

    tag = language.replace("-", "_")
    for candidate in (tag, tag.split("_")[0], "en_GB"):
        if candidate in pyphen.LANGUAGES or pyphen.language_fallback(candidate):
            dictionary = pyphen.Pyphen(lang=candidate)
            return set(dictionary.positions(word))
    return set()
