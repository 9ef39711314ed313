"""Publication dates given on the command line, checked and written as ISO dates."""
from __future__ import annotations

import datetime

from retold.errors import UsageError


def check_published(value: str | None) -> str | None:
    """An ISO date (YYYY-MM-DD) for --published, or a UsageError saying what is wrong."""
    if value is None:
        return None
    try:
        return datetime.date.fromisoformat(value).isoformat()
    except ValueError:
        raise UsageError(f"--published {value!r} is not a date like 2017-11-13") from None
