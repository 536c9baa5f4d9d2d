"""Wire-service clutter: datelines, photo credits and "(Reporting by ...)" tails.

Agency copy opens with a dateline (``SEOUL, 14 March (Reuters) -``, ``WASHINGTON (AP)
—``) and closes with its staff credits (``(Reporting by Jane Doe; Editing by John
Roe)``); pages add photo credits (``REUTERS/Kim Hong-Ji``, ``Photo: Jane Doe/AFP``).
None of it is the article. Credits are removed before cleaning, each with its reason;
the dateline is taken off the first paragraph and kept as metadata (place, date,
agency), so the summary and the key points start with the news itself.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from formatter.model import Dateline, Paragraph, Removal, RemovalReason


class _Lazy:
    """A regular expression compiled on first use: these are long, and most articles
    are not wire copy, so start-up does not pay for them."""

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern, self.flags = pattern, flags
        self.compiled: re.Pattern[str] | None = None

    def get(self) -> re.Pattern[str]:
        if self.compiled is None:
            self.compiled = re.compile(self.pattern, self.flags)
        return self.compiled

    def match(self, text: str) -> re.Match[str] | None:
        return self.get().match(text)

    def search(self, text: str) -> re.Match[str] | None:
        return self.get().search(text)


_AGENCIES = (
    r"Reuters|AP|AFP|Bloomberg|dpa|DPA|UPI|Xinhua|TASS|Interfax|PAP|ANSA|EFE|Kyodo|"
    r"Yonhap|BelTA|LETA|BNS|ELTA|Ukrinform|RFE/RL|CNN|BBC|Anadolu"
)
_MONTHS = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_DAY_MONTH = rf"(?:\d{{1,2}}\s+{_MONTH}|{_MONTH}\s+\d{{1,2}})(?:,?\s+\d{{4}})?"
_PLACE = r"[^\W\d_][^\W\d_.'\u2019 -]*(?:[ .'\u2019-]+[^\W\d_]+){0,4}"
# PLACE[, Region][, DATE] (AGENCY) -   or   PLACE IN CAPITALS, DATE \u2014
_DATELINE = _Lazy(
    rf"^(?P<text>(?P<place>{_PLACE}(?:,\s*{_PLACE})?)"
    rf"(?:,\s*(?P<date>{_DAY_MONTH}))?\s*\((?P<agency>{_AGENCIES})\))\s*[-\u2013\u2014]+\s+"
)
_CAPS_DATELINE = _Lazy(
    r"^(?P<text>(?P<place>[A-Z][A-Z'\u2019.-]+(?: [A-Z][A-Z'\u2019.-]+){0,3})"
    rf",\s*(?P<date>{_DAY_MONTH}))\s*[\u2013\u2014]+\s+"
)
_CREDIT_TAIL = _Lazy(
    r"\s*\((?:(?:Additional\s+)?Reporting|Writing|Editing|Edited|Compiled|Translated|"
    r"Research(?:ed)?)\s+by\b[^()]*(?:\([^()]*\)[^()]*)*\)\s*$",
    re.IGNORECASE,
)
_PHOTO_CREDIT = _Lazy(
    r"""^(?:
        \(?(?:photo|photograph|picture|image|file\ photo|main\ image)s?
            (?:\ credit)?\s*(?::|by\b)\s*[^\n]{1,120}?\)?
      | \(?(?:AP|AFP|Reuters|REUTERS|EPA|Getty\ Images)\ ?(?:Photo|Images)?/[^\n]{1,80}\)?
      | [A-Z]{2,}/[A-Z][\w.\u2019' -]{1,60}(?:\ via\ [\w ]{1,40})?
      | (?:credit|source):\ [^\n]{1,80}(?:/|\bvia\b|photo|images?)[^\n]{0,60}
    )$""",
    re.IGNORECASE | re.VERBOSE,
)
_STANDARDS = _Lazy(
    r"^(?:Our Standards:.*Trust Principles\.?|"
    r"(?:The\ )?(?:Associated Press|AP|Reuters|AFP)?\s*(?:writers?|reporters?|correspondents?)"
    r"\s+[\w .,'\u2019-]{1,120}\s+contributed(?: to this report)?\.?)$",
    re.IGNORECASE,
)
MAX_CREDIT_WORDS = 24
_MAX_CREDIT_CHARS = 240
_MAX_TAIL = 400  # a staff-credit tail is looked for in a line's last characters only


def remove_credits(text: str) -> tuple[str, tuple[Removal, ...]]:
    """Drop photo-credit and staff-credit lines and ``(Reporting by ...)`` tails from
    ``text`` (one paragraph per line; line numbers are kept: a dropped line is blank)."""
    lines = text.split("\n")
    removed: list[Removal] = []
    for index, line in enumerate(lines):
        stripped = line.strip()
        if not stripped:
            continue
        if stripped.endswith(")") and (tail := _CREDIT_TAIL.search(stripped[-_MAX_TAIL:])):
            removed.append(Removal(index + 1, RemovalReason.WIRE_CREDITS, tail.group(0).strip()))
            lines[index] = stripped[: len(stripped) - len(tail.group(0))]
        elif len(stripped) <= _MAX_CREDIT_CHARS and len(stripped.split()) <= MAX_CREDIT_WORDS:
            if _PHOTO_CREDIT.match(stripped):
                removed.append(Removal(index + 1, RemovalReason.PHOTO_CREDIT, stripped))
                lines[index] = ""
            elif _STANDARDS.match(stripped):
                removed.append(Removal(index + 1, RemovalReason.WIRE_CREDITS, stripped))
                lines[index] = ""
    return "\n".join(lines), tuple(removed)


def take_dateline(
    first: Paragraph, year_hint: str | None
) -> tuple[Paragraph, Dateline | None, Removal | None]:
    """The first paragraph without its dateline, the dateline, and its removal record."""
    match = _DATELINE.match(first.text) or _CAPS_DATELINE.match(first.text)
    if match is None:
        return first, None, None
    rest = first.text[match.end() :]
    if len(rest.split()) < 5:
        return first, None, None  # a dash after a name in a short line: no dateline
    agency = match.groupdict().get("agency")
    dateline = Dateline(
        text=match.group("text"),
        place=match.group("place"),
        date=_resolve(match.group("date"), year_hint),
        agency=agency,
    )
    text = rest[0].upper() + rest[1:]
    removal = Removal(first.line, RemovalReason.DATELINE, match.group(0).strip())
    return replace(first, text=text), dateline, removal


def _resolve(text: str | None, year_hint: str | None) -> str | None:
    """``"14 March"`` -> ``"2026-03-14"`` when a year is written or known, else as written."""
    if not text:
        return None
    day = re.search(r"\b(\d{1,2})\b", text)
    year = re.search(r"\b(\d{4})\b", text)
    month = next(
        (n for n, name in enumerate(_MONTHS, 1) if name[:3] in text.casefold()),
        None,
    )
    year_value = int(year.group(1)) if year else int(year_hint[:4]) if year_hint else None
    if day is None or month is None or year_value is None:
        return text
    try:
        return date(year_value, month, int(day.group(1))).isoformat()
    except ValueError:
        return text
