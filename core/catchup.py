"""Catching up: fetching every announcement day missing from the cache, oldest first.

Weekends are recorded as empty days without a request (arXiv announces nothing on them);
a holiday is asked for and recorded empty when every source answers with nothing.
Days are fetched one after another, so each host sees one connection at a time, and
arXiv's API pacing (``core.sources.http.paced``) holds across days.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .dates import refuse_future
from .errors import InsightsError
from .sources.arxiv_schedule import current_announcement, is_announcement_day

if TYPE_CHECKING:
    from .service import InsightsService

MAX_AUTO_DAYS = 14  # without --since, and from the reader: at most this far back


@dataclass(frozen=True, slots=True)
class CatchUpLine:
    """What happened to one day: ``papers`` fetched, ``empty``, or ``failed`` with a reason."""

    day: dt.date
    papers: int = 0
    empty: bool = False
    failed: str = ""
    warnings: tuple[str, ...] = ()

    def text(self) -> str:
        """One progress line (``2024-11-16  weekend: recorded empty``)."""
        name = f"{self.day.isoformat()} {self.day:%a}"
        if self.failed:
            return f"{name}  failed: {self.failed}"
        if self.empty:
            reason = "weekend" if not is_announcement_day(self.day) else "nothing announced"
            return f"{name}  {reason}: recorded empty"
        return f"{name}  {self.papers} papers"


@dataclass(frozen=True, slots=True)
class CatchUpPlan:
    """The days a catch-up will fetch (oldest first) and those already cached."""

    missing: tuple[dt.date, ...]
    cached: int
    last: dt.date  # the last day of the range that can be fetched (announced already)


def missing_days(
    cached: set[dt.date], since: dt.date, until: dt.date, now: dt.datetime | None = None
) -> CatchUpPlan:
    """The days from ``since`` to ``until`` not in ``cached``; days not yet announced are left
    out (fetching them now would store a partial day)."""
    last = min(until, current_announcement(now))
    days: list[dt.date] = []
    already = 0
    day = since
    while day <= last:
        if day in cached:
            already += 1
        else:
            days.append(day)
        day += dt.timedelta(days=1)
    return CatchUpPlan(tuple(days), already, last)


def auto_since(service: InsightsService, today: dt.date | None = None) -> dt.date | None:
    """The day after the newest fetched day (sample days aside), at most 14 days back;
    None when nothing was ever fetched."""
    today = today or dt.date.today()
    fetched = [
        info.day for info in service.days() if info.sources and set(info.sources) != {"sample"}
    ]
    if not fetched:
        return None
    return max(max(fetched) + dt.timedelta(days=1), today - dt.timedelta(days=MAX_AUTO_DAYS - 1))


def plan(
    service: InsightsService,
    since: dt.date,
    until: dt.date | None = None,
    *,
    today: dt.date | None = None,
    now: dt.datetime | None = None,
) -> CatchUpPlan:
    """The catch-up from ``since`` to ``until`` (default today); future days are refused."""
    today = today or dt.date.today()
    end = until or today
    try:
        refuse_future(since, today)
        refuse_future(end, today)
    except ValueError as error:
        raise InsightsError(str(error)) from None
    if end < since:
        raise InsightsError(f"--until {end.isoformat()} is before --since {since.isoformat()}")
    cached = {day for day, _ in service.day_counts()}
    return missing_days(cached, since, end, now)


async def run(
    service: InsightsService,
    days: Sequence[dt.date],
    sources: Sequence[str] | None = None,
    report: Callable[[CatchUpLine], None] | None = None,
) -> list[CatchUpLine]:
    """Fetch ``days`` one by one, oldest first; stop at the first day that fails."""
    import asyncio

    lines: list[CatchUpLine] = []
    for day in sorted(days):
        if not is_announcement_day(day):
            await asyncio.to_thread(service.record_empty, day)
            line = CatchUpLine(day, empty=True)
        else:
            try:
                result = await service.fetch_day(day, sources)
            except InsightsError as error:
                line = CatchUpLine(day, failed=str(error))
            else:
                line = CatchUpLine(day, result.count, result.empty, warnings=result.warnings)
        lines.append(line)
        if report is not None:
            report(line)
        if line.failed:
            break
    return lines
