"""Which days a catch-up fetches: the calendar part, without the network."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from daily_ai_insights.core import catchup
from daily_ai_insights.core.config import load_config
from daily_ai_insights.core.dates import refuse_future
from daily_ai_insights.core.errors import InsightsError
from daily_ai_insights.core.service import InsightsService
from tests.support.papers import make_paper

LATE = dt.datetime(2024, 11, 25, 12, 0, tzinfo=dt.UTC)  # Monday; Monday's mailing is out


def test_missing_days_skip_cached_and_unannounced() -> None:
    cached = {dt.date(2024, 11, 18)}
    plan = catchup.missing_days(cached, dt.date(2024, 11, 15), dt.date(2024, 11, 30), LATE)
    assert plan.missing[0] == dt.date(2024, 11, 15)
    assert dt.date(2024, 11, 18) not in plan.missing and plan.cached == 1
    assert plan.last == dt.date(2024, 11, 25)  # Tuesday's mailing is not out yet
    assert plan.missing[-1] == dt.date(2024, 11, 25) and len(plan.missing) == 10


def test_future_days_are_refused() -> None:
    today = dt.date(2024, 11, 20)
    refuse_future(today, today)
    with pytest.raises(ValueError, match=r"^2024-11-21 is in the future \(today is 2024-11-20\)"):
        refuse_future(dt.date(2024, 11, 21), today)


def test_plan_refuses_the_future_and_a_reversed_range(home: Path) -> None:
    service = InsightsService(load_config())
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    with pytest.raises(InsightsError, match="in the future"):
        catchup.plan(service, tomorrow)
    with pytest.raises(InsightsError, match="is before --since"):
        catchup.plan(service, dt.date(2024, 11, 20), dt.date(2024, 11, 10))


def test_auto_since_starts_after_the_newest_fetched_day(home: Path) -> None:
    service = InsightsService(load_config())
    service.ensure_sample()
    assert catchup.auto_since(service) is None  # the sample is not a fetched day
    day = dt.date(2024, 11, 20)
    service.store.save_day(day, [make_paper()], [], sources=("hf",), taxonomy_version="t")
    assert catchup.auto_since(service, today=dt.date(2024, 11, 25)) == dt.date(2024, 11, 21)
    # Long away: at most 14 days back.
    assert catchup.auto_since(service, today=dt.date(2025, 1, 31)) == dt.date(2025, 1, 18)


def test_a_weekend_is_recorded_empty_without_a_request(home: Path) -> None:
    import asyncio

    # Offline: were a request made, the day would fail instead of being recorded.
    service = InsightsService(dataclasses.replace(load_config(), offline=True))
    saturday, sunday = dt.date(2024, 11, 16), dt.date(2024, 11, 17)
    lines = asyncio.run(catchup.run(service, [sunday, saturday], ["hf"]))
    assert [line.text() for line in lines] == [
        "2024-11-16 Sat  weekend: recorded empty",
        "2024-11-17 Sun  weekend: recorded empty",
    ]
    assert service.day_counts() == [(saturday, 0), (sunday, 0)]
