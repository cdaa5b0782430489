"""Parsing the days people type: strictly ``YYYY-MM-DD``."""

from __future__ import annotations

import datetime as dt
import re

_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def parse_day(text: str) -> dt.date:
    """The date ``text`` names; ValueError with a one-line reason otherwise.

    Only ``YYYY-MM-DD``: :meth:`date.fromisoformat` also takes ``2024-W46-5`` and
    ``20241115``, which nobody means when asked for a day.
    """
    shown = text.strip()
    if _DAY.fullmatch(shown):
        try:
            return dt.date.fromisoformat(shown)
        except ValueError:
            pass
    raise ValueError(f"not a date: {shown[:40]!r} (use YYYY-MM-DD, e.g. 2024-11-15)")


# arXiv's first announcements; no source has papers of an earlier day.
FIRST_DAY = dt.date(1991, 8, 14)


def refuse_future(day: dt.date, today: dt.date | None = None, doing: str = "fetch") -> None:
    """ValueError with a one-line reason when ``day`` is after ``today`` (default: today)
    or before arXiv; the reason ends "nothing to <doing>" (fetch, export)."""
    today = today or dt.date.today()
    if day < FIRST_DAY:
        raise ValueError(
            f"{day.isoformat()} is before arXiv began ({FIRST_DAY.isoformat()}); nothing to {doing}"
        )
    if day > today:
        raise ValueError(
            f"{day.isoformat()} is in the future (today is {today.isoformat()}); nothing to {doing}"
        )
