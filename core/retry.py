"""Small helpers shared by the two clients that retry (HTTP sources and the model)."""

from __future__ import annotations

import datetime as dt
import math
from email.utils import parsedate_to_datetime

MAX_RETRY_AFTER = 120.0
_TIMES = {1: "once", 2: "twice", 3: "three times", 4: "four times", 5: "five times"}


def times(count: int) -> str:
    """``once``, ``twice``, ``three times``... for error lines."""
    return _TIMES.get(count, f"{count} times")


def parse_retry_after(
    value: str | None, *, now: dt.datetime | None = None, cap: float = MAX_RETRY_AFTER
) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (seconds or an HTTP date), capped.

    Returns None when the header is absent or unreadable; a date in the past gives 0.
    A date without a time zone (``-0000`` or none) is read as UTC, as HTTP dates are.
    """
    if value is None or not value.strip():
        return None
    text = value.strip()
    seconds: float
    try:
        seconds = float(text)
    except ValueError:
        try:
            when = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError, OverflowError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=dt.UTC)
        seconds = (when - (now or dt.datetime.now(dt.UTC))).total_seconds()
    if math.isnan(seconds):
        return None
    return min(max(seconds, 0.0), cap)
