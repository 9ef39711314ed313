"""Dates: --published checked as an ISO date, a date an input gives kept only when it is one, and calendar dates
written in news prose read as ISO dates."""
from __future__ import annotations

import datetime
import re

from retold.errors import UsageError

# month names as news prose abbreviates them; a trailing dot ("Oct.") is left to the patterns that use this
MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|"
    r"Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
_WEEKDAY = r"(?:(?:Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)(?:day|nesday|urday)?\.?,?\s+)"
# one calendar date, its year optional: "17 October 2023", "Oct. 17, 2023", "Oct 17", "2023-10-17", "Tue 17 Oct 2023"
DATE = (
    rf"(?:{_WEEKDAY}?(?:\d{{4}}-\d{{2}}-\d{{2}}\b"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTH}\b\.?(?:,?\s+\d{{4}}\b)?"
    rf"|{MONTH}\b\.?\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?:,?\s+\d{{4}}\b)?))"
)
_PARTS = re.compile(rf"(?P<iso>(?P<y>\d{{4}})-(?P<m>\d{{2}})-(?P<d>\d{{2}}))|(?P<month>{MONTH})|\b(?P<number>\d{{1,4}})")
_MONTHS = {name: number for number, name in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split(), 1)}
EARLIEST_YEAR, LATEST_YEAR = 1900, 2100  # outside these a "date" is a misread number, not when a page was written


def check_published(value: str | None) -> str | None:
    """An ISO date (YYYY-MM-DD) for --published, or a UsageError saying what is wrong."""
    if value is None:
        return None
    try:
        return datetime.date.fromisoformat(value).isoformat()
    except ValueError:
        raise UsageError(f"--published {value!r} is not a date like 2017-11-13") from None


def read_published(value: str) -> str | None:
    """A publication date an input gave: an ISO date or date-time as written (a year, or year and month, alone are
    kept too), a date in words as an ISO date, and None for anything that is not a date ("not a date", "yesterday")."""
    value = value.strip()
    # a reduced ISO date ("2024", "2024-03") sorts and compares as a date prefix: it is kept, never guessed further
    if re.fullmatch(r"\d{4}(?:-\d{2})?", value):
        year, _, month = value.partition("-")
        return value if EARLIEST_YEAR <= int(year) <= LATEST_YEAR and (not month or 1 <= int(month) <= 12) else None
    try:
        written = datetime.datetime.fromisoformat(value)
    except ValueError:
        return full_date(value) if re.fullmatch(DATE, value) else None
    if not EARLIEST_YEAR <= written.year <= LATEST_YEAR:
        return None
    # everything downstream reads the first ten characters as the day and sorts on the string: "20240305" and
    # "2024-W10-2" are rewritten as that day, an extended date or date-time is kept as written
    return value if re.match(r"\d{4}-\d{2}-\d{2}", value) else written.date().isoformat()


def full_date(words: str) -> str | None:
    """The ISO date that `words` (one match of DATE) name, or None when the year is missing or the date is impossible."""
    month = day = year = None
    for part in _PARTS.finditer(words):
        if part.group("iso"):
            year, month, day = int(part.group("y")), int(part.group("m")), int(part.group("d"))
        elif part.group("month"):
            month = _MONTHS[part.group("month")[:3].lower()]
        elif len(part.group("number")) == 4:
            year = int(part.group("number"))
        else:
            day = int(part.group("number"))
    if year is None or month is None or day is None or not EARLIEST_YEAR <= year <= LATEST_YEAR:
        return None
    try:
        return datetime.date(year, month, day).isoformat()
    except ValueError:
        return None
