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

from formatter.model import Metadata

ZIP_EPOCH = datetime(1980, 1, 1, tzinfo=UTC)  # the earliest time a zip entry can hold


def document_datetime(metadata: Metadata) -> datetime | None:
    if metadata.date:
        day = date.fromisoformat(metadata.date)
        return datetime(day.year, day.month, day.day, tzinfo=UTC)
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=UTC)
    return None


def zip_datetime(metadata: Metadata) -> tuple[int, int, int, int, int, int]:
    """``ZipInfo.date_time`` for every entry of a DOCX (never before 1980)."""
    moment = max(document_datetime(metadata) or ZIP_EPOCH, ZIP_EPOCH)
    return (moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second)
