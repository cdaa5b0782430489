"""arXiv's announcement calendar: which submissions a given announcement day holds.

arXiv announces Sunday to Thursday at 20:00 US/Eastern; each mailing is dated the
next weekday and holds what was submitted between two 14:00 ET deadlines:
Monday's mailing Thu 14:00 -> Fri 14:00, Tuesday's Fri -> Mon, Wednesday's Mon -> Tue,
and so on. Saturday and Sunday have no announcement. Holidays are not modelled.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

EASTERN = ZoneInfo("America/New_York")
DEADLINE = dt.time(14, 0)
ANNOUNCE_AT = dt.time(20, 0)


def is_announcement_day(day: dt.date) -> bool:
    """True Monday to Friday."""
    return day.weekday() < 5


def previous_weekday(day: dt.date) -> dt.date:
    """The weekday before ``day`` (Friday for a Monday)."""
    day -= dt.timedelta(days=1)
    while not is_announcement_day(day):
        day -= dt.timedelta(days=1)
    return day


def submission_window(day: dt.date) -> tuple[dt.datetime, dt.datetime] | None:
    """The [start, end) of submissions announced on ``day``, in UTC; None on weekends."""
    if not is_announcement_day(day):
        return None
    end_day = previous_weekday(day)
    start_day = previous_weekday(end_day)
    start = dt.datetime.combine(start_day, DEADLINE, tzinfo=EASTERN)
    end = dt.datetime.combine(end_day, DEADLINE, tzinfo=EASTERN)
    return start.astimezone(dt.UTC), end.astimezone(dt.UTC)


def api_date_range(day: dt.date) -> str | None:
    """The ``submittedDate:[... TO ...]`` clause of the export API for ``day``, or None."""
    window = submission_window(day)
    if window is None:
        return None
    start, end = window
    # The API's range is inclusive at both ends: stop one minute early so a paper
    # submitted exactly at the deadline is not counted in two mailings.
    last = end - dt.timedelta(minutes=1)
    return f"submittedDate:[{start:%Y%m%d%H%M} TO {last:%Y%m%d%H%M}]"


def current_announcement(now: dt.datetime | None = None) -> dt.date:
    """The date of the newest mailing already announced at ``now`` (default: now)."""
    now_et = (now or dt.datetime.now(dt.UTC)).astimezone(EASTERN)
    today = now_et.date()
    tomorrow = today + dt.timedelta(days=1)
    if now_et.time() >= ANNOUNCE_AT and is_announcement_day(tomorrow):
        return tomorrow
    return today if is_announcement_day(today) else previous_weekday(today)
