"""What fetching a day brought, as the CLI and the reader report it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class FetchResult:
    """What a fetch brought: the day, its paper count and a one-line message."""

    day: dt.date
    count: int
    empty: bool
    message: str
    counts: tuple[tuple[str, str, int], ...] = ()
    warnings: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()  # the sources that answered
