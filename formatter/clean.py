"""Stage 2, clean: normalise the text, split it into paragraphs and drop what is noise.

One paragraph per non-blank line. Each paragraph is put in Unicode NFC, its white space
collapsed, and characters that XML 1.0 cannot carry (C0/C1 controls, lone surrogates,
non-characters) removed. Then short boilerplate lines ("Advertisement", "Share this
article", "Subscribe ...") are dropped, and so is every paragraph that repeats an
earlier one exactly or differs from it only in white space, quote style, dash style or
case. The first occurrence is kept. Every removal is recorded with its reason and the
1-based line number of the raw input.

The work is linear in the size of the text: one pass, one dictionary of seen keys.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from formatter.model import Paragraph, Removal, RemovalReason

# Characters XML 1.0 forbids, plus C1 controls and the BOM/zero-width no-break space
# inside text. Tab and newline never reach here: white space is collapsed first.
_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufeff\ufffe\uffff\ud800-\udfff]")
# A character that shows: not white space and not a default-ignorable format character
# (zero-width space and joiners, direction marks, soft hyphen, ...). A line without one
# reads as blank and is treated as blank.
_VISIBLE = re.compile(
    "[^\\s\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f"
    "\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\uffa0]"
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
    text = " ".join(text.split())
    return text if _VISIBLE.search(text) else ""  # only invisible characters: a blank line


def duplicate_key(text: str) -> str:
    """Two paragraphs with the same key are the same paragraph for a reader."""
    return " ".join(text.translate(_QUOTES).casefold().split())


def is_boilerplate(text: str) -> bool:
    return len(text.split()) <= BOILERPLATE_MAX_WORDS and _BOILERPLATE.match(text) is not None


def clean(text: str) -> CleanResult:
    kept: list[Paragraph] = []
    removed: list[Removal] = []
    first_seen: dict[str, tuple[int, str]] = {}  # key -> (line, text) of the kept paragraph
    lines_in = 0
    for number, raw in enumerate(text.split("\n"), start=1):
        paragraph = normalise(raw)
        if not paragraph:
            continue
        lines_in += 1
        if is_boilerplate(paragraph):
            removed.append(Removal(number, RemovalReason.BOILERPLATE, paragraph))
            continue
        key = duplicate_key(paragraph)
        earlier = first_seen.get(key)
        if earlier is not None:
            line, earlier_text = earlier
            reason = (
                RemovalReason.DUPLICATE
                if earlier_text == paragraph
                else RemovalReason.NEAR_DUPLICATE
            )
            removed.append(Removal(number, reason, paragraph, duplicate_of=line))
            continue
        first_seen[key] = (number, paragraph)
        kept.append(Paragraph(index=len(kept), line=number, text=paragraph))
    return CleanResult(tuple(kept), tuple(removed), lines_in)


def cleaned_text(result: CleanResult) -> str:
    """The cleaned article: one paragraph per line."""
    return "".join(paragraph.text + "\n" for paragraph in result.paragraphs)
