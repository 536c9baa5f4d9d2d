"""The one date a document may carry, never the wall clock.

Writers that must store a timestamp (DOCX core properties and zip entries, PDF
CreationDate) take it from here: the briefing's own date when it has one, else
``SOURCE_DATE_EPOCH`` when set, else nothing (and a fixed 1980-01-01 where a format
demands some value). An article with a date therefore builds the same bytes whether
or not ``SOURCE_DATE_EPOCH`` is set.
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime

from formatter.errors import UsageError
from formatter.model import Metadata

ZIP_EPOCH = datetime(1980, 1, 1, tzinfo=UTC)  # the earliest time a zip entry can hold
ZIP_END = datetime(2107, 12, 31, 23, 59, 58, tzinfo=UTC)  # and the latest
# SOURCE_DATE_EPOCH is accepted from 1970 up to the end of the year 9999, which the
# PDF and DOCX dates can hold (zip entries are clamped to their own range).
LAST_EPOCH = int(datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC).timestamp())


def document_datetime(metadata: Metadata) -> datetime | None:
    if metadata.date:
        day = date.fromisoformat(metadata.date)
        return datetime(day.year, day.month, day.day, tzinfo=UTC)
    return source_date_epoch()


def source_date_epoch() -> datetime | None:
    """``SOURCE_DATE_EPOCH`` as a time, ``None`` if unset or empty; a value that is not
    a whole number of seconds in range is a usage error (a build must not guess)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch:
        return None
    if not (epoch.isascii() and epoch.isdigit()) or len(epoch) > 12 or int(epoch) > LAST_EPOCH:
        raise UsageError(
            "SOURCE_DATE_EPOCH", f"{epoch[:40]!r} is not a number of seconds from 0 to {LAST_EPOCH}"
        )
    return datetime.fromtimestamp(int(epoch), tz=UTC)


def zip_datetime(metadata: Metadata) -> tuple[int, int, int, int, int, int]:
    """``ZipInfo.date_time`` for every entry of a DOCX (clamped to 1980..2107)."""
    moment = min(max(document_datetime(metadata) or ZIP_EPOCH, ZIP_EPOCH), ZIP_END)
    return (moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second)
