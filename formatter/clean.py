"""Stage 2, clean: normalise the text, split it into paragraphs and drop what is noise.

One paragraph per non-blank line. Each paragraph is put in Unicode NFC, its white space
collapsed, and characters that XML 1.0 cannot carry (C0/C1 controls, lone surrogates,
non-characters) removed, and so are Unicode tag characters (invisible, they can carry
hidden instructions), except inside an emoji subdivision flag. A line with nothing
visible (white space, zero-width and other format characters, braille blanks,
annotation anchors) is blank. Then short boilerplate lines ("Advertisement", "Share
this article", "Subscribe ...") are dropped, and so is every paragraph that repeats an
earlier one exactly or differs from it only in white space, quote style, dash style or
case. The first occurrence is kept. Every removal is recorded with its reason and the
1-based line number of the raw input; removals of the same text for the same reason
are one record with a count and the last line, so a file of a million repeated lines
costs one record, not a million.

The work is linear in the size of the text: one pass over lines taken a block at a
time (never one list of every line), one dictionary of seen keys, and a bounded memo
of raw lines already judged, so a repeated line costs one lookup. More than
:data:`MAX_PARAGRAPHS` kept paragraphs is refused: no document holds them usefully.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from formatter.model import Paragraph, Removal, RemovalReason

MAX_PARAGRAPHS = 200_000
_BLOCK_CHARACTERS = 1 << 20  # lines are split off the text about a megabyte at a time
_MEMO_LIMIT = 200_000  # raw lines remembered with their outcome
_MEMO_LINE_CHARACTERS = 200  # only short lines are remembered

# Characters XML 1.0 forbids, plus C1 controls and the BOM/zero-width no-break space
# inside text. Tab and newline never reach here: white space is collapsed first.
_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufeff\ufffe\uffff\ud800-\udfff]")
# Tag characters (U+E0000-U+E007F) are invisible: kept only as the letters of an emoji
# subdivision flag (U+1F3F4, two to six tag letters or digits, the cancel tag).
_TAGS = re.compile(
    "(\U0001f3f4[\U000e0030-\U000e0039\U000e0061-\U000e007a]{2,6}\U000e007f)"
    "|[\U000e0000-\U000e007f]"
)
# A character that shows: not white space and not a default-ignorable format character
# (zero-width space and joiners, direction marks, soft hyphen, ...), a braille blank,
# an interlinear annotation anchor or a musical format control. A line without one
# reads as blank and is treated as blank.
_VISIBLE = re.compile(
    "[^\\s\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f"
    "\u202a-\u202e\u2060-\u206f\u2800\u3164\ufe00-\ufe0f\uffa0\ufff9-\ufffb"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e007f\U000e0100-\U000e01ef]"
)
_QUOTES = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
        "\u00b4": "'", "`": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
        "\u00ab": '"', "\u00bb": '"',
        "\u2013": "-", "\u2014": "-", "\u2012": "-", "\u2212": "-", "\u2010": "-",
        "\u2011": "-",
    }
)  # fmt: skip

# Boilerplate is judged only on short lines, so a real paragraph that happens to
# start with "Subscribe" or mention an advertisement is never dropped.
BOILERPLATE_MAX_WORDS = 14
_BOILERPLATE = re.compile(
    r"""^(?:
        advertisement | advert | sponsored(?:\ content)? | ad
      | (?:share|tweet|email|print)(?:\ this)?(?:\ (?:article|story|page|post))?
            (?:\ on\ \w+)?(?:\ via\ \w+)?
      | share\ on\ [\w ,]+
      | subscribe\b.* | sign\ up\b.* | join\ our\ newsletter.* | get\ our\ newsletter.*
      | (?:read|see)\ (?:more|also)\b.* | related(?:\ (?:articles?|stories|coverage))?:?.*
      | (?:click|tap)\ here\b.* | follow\ us\b.* | listen\ to\ this\ (?:article|story).*
      | skip\ to\ (?:main\ )?content | back\ to\ top | continue\ reading.*
      | (?:copyright|\(c\)|©)\ .* | all\ rights\ reserved.*
      | (?:photo|image|video)(?:\ credit)?:\ .* | (?:getty\ images|afp|reuters|ap)\ photo.*
      | this\ (?:article|story)\ (?:was\ )?(?:first\ |originally\ )?(?:published|appeared)\b.*
      | most\ (?:read|popular) | trending(?:\ now)? | loading(?:\.\.\.|…)?
      | cookie[s]?\ (?:policy|settings|consent).* | we\ use\ cookies\b.*
    )[.!:…]*$""",
    re.IGNORECASE | re.VERBOSE,
)


@dataclass(frozen=True, slots=True)
class CleanResult:
    paragraphs: tuple[Paragraph, ...]
    removed: tuple[Removal, ...]
    lines_in: int  # non-blank lines of the raw text: the paragraphs before cleaning


def normalise(text: str) -> str:
    """One paragraph's text: NFC, XML-safe, white space collapsed to single spaces."""
    text = unicodedata.normalize("NFC", text)
    text = _INVALID.sub(" ", text) if _INVALID.search(text) else text
    text = _TAGS.sub(_keep_flag, text) if _TAGS.search(text) else text
    text = " ".join(text.split())
    return text if _VISIBLE.search(text) else ""  # only invisible characters: a blank line


def duplicate_key(text: str) -> str:
    """Two paragraphs with the same key are the same paragraph for a reader."""
    return " ".join(text.translate(_QUOTES).casefold().split())


def is_boilerplate(text: str) -> bool:
    return len(text.split()) <= BOILERPLATE_MAX_WORDS and _BOILERPLATE.match(text) is not None


def _keep_flag(match: re.Match[str]) -> str:
    return match.group(1) or ""


class TooManyParagraphs(ValueError):
    """More than :data:`MAX_PARAGRAPHS` paragraphs would be kept."""


def lines(text: str) -> Iterator[str]:
    """``text.split("\\n")`` a block at a time (the empty piece after a final newline
    aside): memory for one block's lines, not for every line of the text."""
    start, size = 0, len(text)
    while start < size:
        end = text.find("\n", min(start + _BLOCK_CHARACTERS, size - 1))
        end = size if end == -1 else end
        yield from text[start:end].split("\n")
        start = end + 1


# Memo outcomes: a record's index (>= 0), a blank line, or _KEPT - i for a line that
# became kept paragraph i.
_BLANK = -1
_KEPT = -2


class _Removals:
    """Removal records, one per (reason, text, duplicate_of), each with a count and
    the first and last line; referred to by index so a memo can point at one."""

    def __init__(self) -> None:
        # [line, reason, text, duplicate_of, count, last_line]
        self.records: list[list[Any]] = []
        self.index_of: dict[tuple[RemovalReason, str, int | None], int] = {}

    def add(self, number: int, reason: RemovalReason, text: str, of: int | None) -> int:
        key = (reason, text, of)
        index = self.index_of.get(key)
        if index is None:
            index = self.index_of[key] = len(self.records)
            self.records.append([number, reason, text, of, 0, number])
        self.repeat(index, number)
        return index

    def repeat(self, index: int, number: int) -> None:
        record = self.records[index]
        record[4] += 1
        record[5] = number

    def result(self) -> tuple[Removal, ...]:
        return tuple(Removal(*record) for record in self.records)


def clean(text: str, max_paragraphs: int = MAX_PARAGRAPHS) -> CleanResult:
    kept: list[Paragraph] = []
    first_seen: dict[str, tuple[int, str]] = {}  # key -> (line, text) of the kept paragraph
    removals = _Removals()
    memo: dict[str, int] = {}  # a raw line seen before -> its outcome (see _BLANK, _KEPT)
    lines_in = 0
    for number, raw in enumerate(lines(text), start=1):
        outcome = memo.get(raw)
        if outcome is not None:
            if outcome >= 0:  # joins a removal record
                lines_in += 1
                removals.repeat(outcome, number)
            elif outcome != _BLANK:  # repeats a kept paragraph exactly
                lines_in += 1
                original = kept[_KEPT - outcome]
                reason = RemovalReason.DUPLICATE
                memo[raw] = removals.add(number, reason, original.text, original.line)
            continue
        paragraph = normalise(raw)
        remember = len(raw) <= _MEMO_LINE_CHARACTERS and len(memo) < _MEMO_LIMIT
        if not paragraph:
            outcome = _BLANK
        elif is_boilerplate(paragraph):
            outcome = removals.add(number, RemovalReason.BOILERPLATE, paragraph, None)
        else:
            key = duplicate_key(paragraph)
            earlier = first_seen.get(key)
            if earlier is None:
                if len(kept) >= max_paragraphs:
                    raise TooManyParagraphs(
                        f"more than {max_paragraphs:,} paragraphs: too many for one briefing "
                        "(split the article)"
                    )
                first_seen[key] = (number, paragraph)
                outcome = _KEPT - len(kept)
                kept.append(Paragraph(index=len(kept), line=number, text=paragraph))
            else:
                line, earlier_text = earlier
                reason = (
                    RemovalReason.DUPLICATE
                    if earlier_text == paragraph
                    else RemovalReason.NEAR_DUPLICATE
                )
                outcome = removals.add(number, reason, paragraph, line)
        lines_in += outcome != _BLANK
        if remember:
            memo[raw] = outcome
    return CleanResult(tuple(kept), removals.result(), lines_in)


def cleaned_text(result: CleanResult) -> str:
    """The cleaned article: one paragraph per line."""
    return "".join(paragraph.text + "\n" for paragraph in result.paragraphs)
