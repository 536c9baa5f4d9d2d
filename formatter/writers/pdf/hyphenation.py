"""Hyphenation for the PDF writer: pyphen, with its dictionary read lazily.

pyphen parses every pattern of a dictionary (14,000 for English) the first time a
language is used, which costs 60-100 ms of every cold start, although a document only
ever looks up the patterns inside the few words that end a line. Here the dictionary
file is only split into lines and each pattern filed under its letters (cheap string
operations); a pattern's digits are parsed, with pyphen's own code, the first time a
word looks it up. pyphen then hyphenates exactly as it would with its own parser (a
test compares the two on several dictionaries).

Only a pyphen version this was tested with, that has every internal name this uses,
gets the lazy reader (:func:`formatter.writers.pdf.patches.lazy_pyphen_supported`);
any other, or any failure while reading, gets pyphen's own parser: slower, never
different.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pyphen

from formatter.writers.pdf.patches import lazy_pyphen_supported

Hyphenator = Callable[[str], Iterator[tuple[str, str]]]

_DIGIT = re.compile(r"\d")
# lines that need pyphen's full treatment: ^^hh escapes, "/" alternatives, digits
# other than 0-9 (rare; every other line is keyed in bulk)
_SPECIAL = re.compile(r"^[^\n]*(?:\^\^|/|[^\D0-9])[^\n]*$", re.MULTILINE)


def _parse(pattern: str) -> tuple[int, tuple[int, ...]] | None:
    """One pattern line as pyphen's ``HyphDict`` stores it: the offset of the first
    non-zero value and the values up to the last non-zero one; None if all are zero."""
    factory: Callable[[str], int]
    if "/" in pattern and "=" in pattern:  # a non-standard hyphenation, e.g. "ff=f"
        pattern, alternative = pattern.split("/", 1)
        factory = pyphen.AlternativeParser(pattern, alternative)
    else:
        factory = int
    values = tuple(factory(digit or "0") for digit, _ in pyphen.parse(pattern))
    if max(values) == 0:
        return None
    start, end = 0, len(values)
    while not values[start]:
        start += 1
    while not values[end - 1]:
        end -= 1
    return start, values[start:end]


class LazyPatterns(dict[str, Any]):
    """Pattern letters -> the raw pattern line, replaced by its parsed values on the
    first :meth:`get` (the only method pyphen's ``HyphDict.positions`` calls)."""

    def get(self, key: str, default: Any = None) -> Any:
        value = dict.get(self, key)
        if value is None:
            return default
        if isinstance(value, str):
            value = _parse(value)
            self[key] = value
        return value


def read_patterns(path: Path) -> LazyPatterns:
    """The patterns of a ``hyph_*.dic`` file, keyed as pyphen keys them, unparsed."""
    # as pyphen reads it: the first line names the encoding
    with path.open("rb") as stream:
        encoding = stream.readline().decode()
    if encoding.lower() == "microsoft-cp1251":
        encoding = "cp1251"
    text = path.read_text(encoding)
    special = {line.strip() for line in _SPECIAL.findall(text)}
    lines = [line.strip() for line in text.split("\n")[1:]]
    # A pattern's key is its letters; one with no digit but 0 is skipped. UTF-8 bytes
    # 0-9 are never part of another character, so bytes.translate (fast) can drop them.
    joined = "\n".join(lines).encode("utf-8")
    keys = joined.translate(None, b"0123456789").decode("utf-8").split("\n")
    zeros_dropped = joined.translate(None, b"0").decode("utf-8").split("\n")
    patterns = LazyPatterns()
    for pattern, key, nonzero in zip(lines, keys, zeros_dropped, strict=True):
        if pattern in special:
            entry = _entry(pattern)
            if entry is not None:
                patterns[entry[0]] = entry[1]
        elif key != nonzero and not pattern.startswith(pyphen.ignored):
            patterns[key] = pattern
    return patterns


def _entry(pattern: str) -> tuple[str, str] | None:
    """``(key, pattern)`` for one line, exactly as pyphen's parser would file it."""
    if not pattern or pattern.startswith(pyphen.ignored):
        return None
    if "^^" in pattern:
        pattern = pyphen.parse_hex(lambda match: chr(int(match.group(1), 16)), pattern)
    if _parse(pattern) is None:
        return None
    head = pattern.split("/", 1)[0] if "/" in pattern and "=" in pattern else pattern
    return _DIGIT.sub("", head), pattern


def hyphenator(language: str) -> Hyphenator | None:
    """pyphen's ``iterate`` for a BCP 47 tag such as ``en-GB``; None if pyphen has no
    dictionary for the language."""
    found = pyphen.language_fallback(language.replace("-", "_"))
    if not found:
        return None
    path = pyphen.LANGUAGES[found]
    if path not in pyphen.hdcache:
        try:
            if not lazy_pyphen_supported(pyphen):
                raise LookupError("not a pyphen the lazy reader was tested with")
            patterns = read_patterns(path)
            dictionary = pyphen.HyphDict.__new__(pyphen.HyphDict)
            dictionary.patterns = patterns
            dictionary.cache = {}
            dictionary.maxlen = max(len(key) for key in patterns)
        except Exception:  # pyphen changed: let it parse the file its own way
            dictionary = pyphen.HyphDict(path)
        pyphen.hdcache[path] = dictionary
    splitter: Hyphenator = pyphen.Pyphen(lang=found).iterate
    return splitter
