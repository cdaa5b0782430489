"""What stepping from one day to another jumped over, said in one line."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from ..core.models import DayCount, Digest
from .notices import OFFLINE

LISTED = 4  # days named one by one; a longer gap is shown as its first and last day


def _names(days: list[dt.date]) -> str:
    if len(days) <= LISTED:
        return ", ".join(f"{d:%a} {d.isoformat()}" for d in days)
    first, last = days[0], days[-1]
    return f"{first:%a} {first.isoformat()} … {last:%a} {last.isoformat()} ({len(days)} days)"


def skipped_message(current: dt.date, target: dt.date, listed: Iterable[DayCount]) -> str | None:
    """``no papers on Sat 2024-11-16, Sun 2024-11-17`` for the days between the two, or None.

    A day counts as without papers when the index lists it with none, or when it falls on
    a weekend (no announcements); an uncached weekday is said to be not cached instead.
    """
    low, high = sorted((current, target))
    known = {day: count for day, count in listed if low < day < high}
    empty: list[dt.date] = []
    uncached: list[dt.date] = []
    day = low + dt.timedelta(days=1)
    while day < high:
        if known.get(day) == 0 or (day not in known and day.weekday() >= 5):
            empty.append(day)
        elif day not in known:
            uncached.append(day)
        day += dt.timedelta(days=1)
    parts = []
    if empty:
        parts.append(f"no papers on {_names(empty)}")
    if uncached:
        parts.append(f"not cached: {_names(uncached)} (press g to fetch)")
    return "; ".join(parts) or None


def empty_reason(digest: Digest | None, offline: bool) -> str:
    """Why there is nothing to list: no day cached, every paper muted, a weekend, or a day
    that announced nothing (a holiday, or a fetch that found none)."""
    if digest is None and offline:
        return f"Nothing is cached yet, and {OFFLINE}."
    if digest is None:
        return "Nothing is cached yet: press r to fetch the newest day, or g for a date."
    day = f"{digest.day:%A} {digest.day.isoformat()}"
    if digest.muted and not digest.muted_shown:
        papers, them = (
            ("the one paper", "it") if digest.muted == 1 else (f"all {digest.muted} papers", "them")
        )
        return f"Your mute list hides {papers} of {day}: H shows {them}, w edits the lists."
    if digest.day.weekday() >= 5:
        return f"No papers on {day}: arXiv announces none at weekends. [ and ] step to a weekday."
    return (
        f"No papers were announced on {day} (a holiday, or the sources had none when it was "
        f"fetched). {'' if offline else 'Press r to fetch it again; '}"
        "[ and ] step to another day."
    )
