"""Metadata values, cleaned and validated once, where they enter (sidecar, options).

Every text field gets the body's rules (NFC, no control or XML-invalid characters, no
tag characters, white space collapsed) and loses the bidi embedding, override and
isolate controls, which would otherwise reverse a viewer's title bar. Lengths are
bounded: a title is a line, not a document. Dates may be written as dates or date-times
(TOML or ISO 8601) and become ``YYYY-MM-DD`` within the years every output format can
store; ``language`` must be a well-formed BCP 47 tag.

Values from the command line that fail are usage errors (exit 2), values from a sidecar
input errors (exit 3), both naming the field.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from formatter.clean import normalise
from formatter.errors import BriefingError, InputError, UsageError

TEXT_FIELDS = ("title", "subtitle", "source", "author", "marking")
MAX_CHARACTERS = {"title": 500, "subtitle": 1_000, "source": 1_000, "author": 500, "marking": 100}
MAX_KEYWORDS = 100
MAX_KEYWORD_CHARACTERS = 100
# The oldest and newest years that the DOCX core properties, the PDF dates and a
# four-digit display can all hold (DOCX zip entries clamp to 1980..2107 on their own).
FIRST_YEAR, LAST_YEAR = 1900, 9999
NO_MARKING = frozenset({"", "none"})

_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_DATE = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})?)?",
    re.IGNORECASE,
)
# RFC 5646 language tags (the irregular grandfathered tags aside).
_ALNUM = "[a-z0-9]"
_LANGUAGE_TAG = re.compile(
    rf"""
    (?:[a-z]{{2,3}}(?:-[a-z]{{3}}){{0,3}}|[a-z]{{4}}|[a-z]{{5,8}})  # language, extlang
    (?:-[a-z]{{4}})?                                    # script
    (?:-(?:[a-z]{{2}}|[0-9]{{3}}))?                     # region
    (?:-(?:{_ALNUM}{{5,8}}|[0-9]{_ALNUM}{{3}}))*          # variants
    (?:-[0-9a-wyz](?:-{_ALNUM}{{2,8}})+)*                 # extensions
    (?:-x(?:-{_ALNUM}{{1,8}})+)?                         # private use
    |x(?:-{_ALNUM}{{1,8}})+                              # private use only
    """,
    re.IGNORECASE | re.VERBOSE,
)

Fail = Callable[[str, str], BriefingError]


def from_command_line(key: str) -> Fail:
    return lambda _field, reason: UsageError(f"--{key}", reason)


def from_sidecar(name: str) -> Fail:
    return lambda field, reason: InputError(name, f"{field}: {reason}")


def clean_text(value: str) -> str:
    """A metadata string by the body's rules, without bidi embedding controls."""
    value = _BIDI_CONTROLS.sub("", value)
    return normalise(value)


def checked(key: str, value: Any, fail: Fail) -> Any:
    """The cleaned value of metadata field ``key``, or ``fail(key, reason)`` raised."""
    if key == "keywords":
        return _keywords(value, fail)
    if key == "date":
        return checked_date(value, fail)
    if not isinstance(value, str):
        raise fail(key, f"expected a string, got {type(value).__name__}")
    if _SURROGATE.search(value):
        raise fail(key, "not valid UTF-8 text")
    text = clean_text(value)
    if key == "language":
        if not _LANGUAGE_TAG.fullmatch(text):
            raise fail(key, f"{text!r} is not a BCP 47 language tag such as en-GB")
        return text
    if key == "title" and not text:
        raise fail(key, "must not be empty")
    if key == "marking" and text.lower() in NO_MARKING:
        return ""  # no marking at all, not the theme's default (see wording.marking)
    limit = MAX_CHARACTERS.get(key)
    if limit is not None and len(text) > limit:
        raise fail(key, f"{len(text):,} characters: at most {limit:,}")
    return text or None


def checked_date(value: Any, fail: Fail) -> str:
    """``2026-01-02``, ``2026-01-02T10:00:00(Z)`` or a TOML date or date-time -> the
    date as ``YYYY-MM-DD`` (as written: no time zone conversion)."""
    if isinstance(value, datetime):
        day = value.date()
    elif isinstance(value, date):
        day = value
    elif isinstance(value, str):
        if _SURROGATE.search(value):
            raise fail("date", "not valid UTF-8 text")
        text = " ".join(value.split())
        match = _DATE.fullmatch(text)
        try:
            if match is None:
                raise ValueError(text)
            year, month, number = (int(part) for part in match.group(1, 2, 3))
            day = date(year, month, number)
            hour, minute, second = (int(part or 0) for part in match.group(4, 5, 6))
            if hour > 23 or minute > 59 or second > 60:
                raise ValueError(text)
        except ValueError:
            raise fail("date", f"{text!r} is not a date such as 2025-03-14") from None
    else:
        raise fail("date", f"expected a date, got {type(value).__name__}")
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise fail(
            "date", f"{day.isoformat()}: the year must be between {FIRST_YEAR} and {LAST_YEAR}"
        )
    return day.isoformat()


def _keywords(value: Any, fail: Fail) -> tuple[str, ...]:
    if not isinstance(value, list | tuple) or not all(isinstance(item, str) for item in value):
        raise fail("keywords", "expected a list of strings")
    if len(value) > MAX_KEYWORDS:
        raise fail("keywords", f"{len(value)} keywords: at most {MAX_KEYWORDS}")
    found: list[str] = []
    for item in value:
        if _SURROGATE.search(item):
            raise fail("keywords", "not valid UTF-8 text")
        text = clean_text(item)
        if len(text) > MAX_KEYWORD_CHARACTERS:
            raise fail(
                "keywords",
                f"a keyword of {len(text):,} characters: at most {MAX_KEYWORD_CHARACTERS}",
            )
        if text and text not in found:
            found.append(text)
    return tuple(found)
