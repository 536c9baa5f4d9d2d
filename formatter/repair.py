"""Mojibake repair: text that was UTF-8 once, decoded somewhere upstream as Windows-1252
or Latin-1 (``â€™`` for a right single quote, ``Ã©`` for ``é``), turned back into what was written.

This is part of the read stage: it finishes the job of turning bytes into the text the
author wrote, before cleaning starts. Only encoding damage is repaired. ftfy does the
work, configured so that it never uncurls quotes, unescapes HTML, folds ligatures or
full-width forms, strips control characters or normalises Unicode: the cleaning stage
owns those decisions.

ftfy is imported only when a cheap pre-check finds a byte pattern that mojibake leaves
behind (a UTF-8 lead byte read as Latin-1 followed by a continuation byte read as
Windows-1252 or Latin-1, or a C1 control character), and only the runs of words that
show the pattern are handed to it (its cost grows with the text it is given). Clean
text costs one regular-expression scan.
"""

from __future__ import annotations

import re
from typing import Any

# A UTF-8 lead byte (0xC2-0xF4) read as Latin-1, followed by a continuation byte
# (0x80-0xBF) read as Windows-1252 (or as Latin-1: C1 controls); or a lone C1 control,
# which is what Windows-1252 punctuation becomes when read as Latin-1; or ``Â``/``Ã``
# before a space: the 0xA0 byte of a no-break space or of ``à``, turned into a space.
_CONTINUATION = (
    "\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013\u2014\u2018-\u201a\u201c-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a"
    "\u20ac\u2122"
)
_CONTEXT = 40
_MAX_WINDOW = 100_000
_SUSPICIOUS = re.compile(f"[\u00c2-\u00f4][{_CONTINUATION}]|[\u00c2\u00c3] |[\u0080-\u009f]")


def looks_like_mojibake(text: str) -> bool:
    """The cheap pre-check: could ``text`` contain mojibake at all?"""
    return _SUSPICIOUS.search(text) is not None


def repair_mojibake(text: str) -> tuple[str, int]:
    """Return ``(text, n)``: the text with mojibake repaired, and how many of its lines
    (paragraphs) changed. ``text`` uses ``\\n`` line endings; they are kept."""
    if not looks_like_mojibake(text):
        return text, 0
    config = _encoding_only_config()
    import ftfy

    lines = text.split("\n")
    repaired = 0
    for number, line in enumerate(lines):
        pieces, last = [], 0
        for start, end in _windows(line):
            pieces += [line[last:start], ftfy.fix_encoding(line[start:end], config)]
            last = end
        if pieces:
            fixed = "".join(pieces) + line[last:]
            if fixed != line:
                lines[number] = fixed
                repaired += 1
    return ("\n".join(lines), repaired) if repaired else (text, 0)


def _windows(line: str) -> list[tuple[int, int]]:
    """The stretches of ``line`` worth showing ftfy: each word with a suspicious sequence,
    widened by whole neighbouring words (up to about ``_CONTEXT`` characters each side)
    that are plain ASCII or suspicious themselves, plus the white space after (``Â`` and
    a space may be a broken no-break space); touching stretches merge.

    ftfy needs context to judge (one ``Ä…`` may be real, next to ``Å¡`` it is not), but
    a correctly encoded ``é`` or ``“`` in the same stretch stops it re-decoding the
    stretch as a whole, so those words stay out. And its cost grows with the text it
    gets: a long paragraph with one broken word costs about one sentence's worth. Each
    character is looked at a bounded number of times."""
    windows: list[tuple[int, int]] = []
    for match in _SUSPICIOUS.finditer(line):
        lower = windows[-1][1] if windows else 0
        if match.end() <= lower:
            continue  # already inside the current window
        start = _word_start(line, max(match.start(), lower), lower)
        while start > lower and match.start() - start < _CONTEXT:
            before = _word_start(line, _skip_space_back(line, start, lower), lower)
            if not _fits(line[before:start]):
                break
            start = before
        end = _word_end(line, match.end())
        while end < len(line) and end - match.end() < _CONTEXT:
            after = _word_end(line, _skip_space(line, end))
            if not _fits(line[end:after]):
                break
            end = after
        end = min(len(line), end + 1)
        if windows and start <= lower and end - windows[-1][0] <= _MAX_WINDOW:
            start = windows.pop()[0]  # touching the previous window: one window
        windows.append((start, end))
    return windows


def _fits(words: str) -> bool:
    """Context ftfy can use: nothing but ASCII, or showing mojibake itself."""
    return words.isascii() or looks_like_mojibake(words)


def _word_start(line: str, position: int, lower: int) -> int:
    while position > lower and not line[position - 1].isspace():
        position -= 1
    return position


def _word_end(line: str, position: int) -> int:
    while position < len(line) and not line[position].isspace():
        position += 1
    return position


def _skip_space_back(line: str, position: int, lower: int) -> int:
    while position > lower and line[position - 1].isspace():
        position -= 1
    return position


def _skip_space(line: str, position: int) -> int:
    while position < len(line) and line[position].isspace():
        position += 1
    return position


def _encoding_only_config() -> Any:
    import ftfy

    return ftfy.TextFixerConfig(
        unescape_html=False,
        remove_terminal_escapes=False,
        fix_encoding=True,
        restore_byte_a0=True,
        replace_lossy_sequences=True,
        decode_inconsistent_utf8=True,
        fix_c1_controls=True,
        fix_latin_ligatures=False,
        fix_character_width=False,
        uncurl_quotes=False,
        fix_line_breaks=False,
        fix_surrogates=False,
        remove_control_chars=False,
        normalization=None,
        explain=False,
    )
