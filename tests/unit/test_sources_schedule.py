"""arXiv's announcement calendar: submission windows and the current mailing."""

from __future__ import annotations

import datetime as dt

import pytest

from daily_ai_insights.core.sources.arxiv_api import search_query
from daily_ai_insights.core.sources.arxiv_schedule import (
    api_date_range,
    current_announcement,
    submission_window,
)

UTC = dt.UTC


def at(year: int, month: int, day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=UTC)


def test_monday_holds_thursday_to_friday() -> None:
    # Mon 18 Nov 2024 (EST, UTC-5): Thu 14 Nov 14:00 ET -> Fri 15 Nov 14:00 ET.
    assert submission_window(dt.date(2024, 11, 18)) == (at(2024, 11, 14, 19), at(2024, 11, 15, 19))


def test_tuesday_holds_the_weekend() -> None:
    assert submission_window(dt.date(2024, 11, 19)) == (at(2024, 11, 15, 19), at(2024, 11, 18, 19))


@pytest.mark.parametrize(
    ("day", "start", "end"),
    [
        (dt.date(2024, 11, 20), dt.date(2024, 11, 18), dt.date(2024, 11, 19)),  # Wed
        (dt.date(2024, 11, 21), dt.date(2024, 11, 19), dt.date(2024, 11, 20)),  # Thu
        (dt.date(2024, 11, 22), dt.date(2024, 11, 20), dt.date(2024, 11, 21)),  # Fri
    ],
)
def test_midweek_days_hold_one_day(day: dt.date, start: dt.date, end: dt.date) -> None:
    window = submission_window(day)
    assert window is not None
    assert (window[0].date(), window[1].date()) == (start, end)
    assert window[0].hour == window[1].hour == 19


@pytest.mark.parametrize("day", [dt.date(2024, 11, 16), dt.date(2024, 11, 17)])
def test_weekend_has_no_announcement(day: dt.date) -> None:
    assert submission_window(day) is None
    assert api_date_range(day) is None
    assert search_query(("cs.AI",), day) is None


def test_daylight_saving_change_moves_the_utc_deadline() -> None:
    # DST began Sun 10 Mar 2024: Friday's deadline is 19:00 UTC, Monday's 18:00 UTC.
    assert submission_window(dt.date(2024, 3, 12)) == (at(2024, 3, 8, 19), at(2024, 3, 11, 18))


def test_api_range_stops_a_minute_before_the_deadline() -> None:
    assert api_date_range(dt.date(2024, 11, 18)) == "submittedDate:[202411141900 TO 202411151859]"


def test_search_query_joins_categories() -> None:
    query = search_query(("cs.AI", "cs.CL"), dt.date(2024, 11, 20))
    assert query == "(cat:cs.AI OR cat:cs.CL) AND submittedDate:[202411181900 TO 202411191859]"


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (at(2024, 11, 20, 15), dt.date(2024, 11, 20)),  # Wed 10:00 ET: Wednesday's mailing
        (at(2024, 11, 21, 1, 30), dt.date(2024, 11, 21)),  # Wed 20:30 ET: Thursday's is out
        (at(2024, 11, 23, 12), dt.date(2024, 11, 22)),  # Saturday: Friday's
        (at(2024, 11, 24, 20), dt.date(2024, 11, 22)),  # Sun 15:00 ET: still Friday's
        (at(2024, 11, 25, 2), dt.date(2024, 11, 25)),  # Sun 21:00 ET: Monday's
        (at(2024, 11, 23, 1, 30), dt.date(2024, 11, 22)),  # Fri 20:30 ET: no Saturday mailing
    ],
)
def test_current_announcement(now: dt.datetime, expected: dt.date) -> None:
    assert current_announcement(now) == expected
