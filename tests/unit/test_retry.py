"""Retry-After in every form a server sends, for the HTTP client and the model client."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from daily_ai_insights.core.briefings.llm import _retry_after
from daily_ai_insights.core.retry import MAX_RETRY_AFTER, parse_retry_after, times
from daily_ai_insights.core.sources import http

NOW = dt.datetime(2024, 11, 15, 12, 0, tzinfo=dt.UTC)


def api_error(**headers: str) -> SimpleNamespace:
    """What openai's APIStatusError offers: ``.response.headers`` (case-insensitive there)."""
    return SimpleNamespace(response=SimpleNamespace(headers=headers))


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        ("5", 5.0),
        ("Fri, 15 Nov 2024 12:00:30 GMT", 30.0),
        ("Fri, 15 Nov 2024 12:00:30 -0000", 30.0),  # no time zone: read as UTC
        ("Fri, 15 Nov 2024 12:00:30", 30.0),
        ("Thu, 14 Nov 2024 12:00:00 GMT", 0.0),
        ("99999", MAX_RETRY_AFTER),
        ("soon", None),
        ("nan", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_retry_after(value: str | None, seconds: float | None) -> None:
    assert parse_retry_after(value, now=NOW) == seconds


def test_model_client_reads_dates_without_a_time_zone() -> None:
    # Used to raise TypeError (naive minus aware datetime) and end the briefing.
    assert _retry_after(api_error(**{"retry-after": "Wed, 21 Oct 2015 07:28:00 -0000"})) == 0.0
    future = (dt.datetime.now(dt.UTC) + dt.timedelta(seconds=40)).strftime("%a, %d %b %Y %H:%M:%S")
    waited = _retry_after(api_error(**{"retry-after": future}))
    assert waited is not None and 30 < waited <= 40


def test_model_client_milliseconds_and_junk() -> None:
    assert _retry_after(api_error(**{"retry-after-ms": "1500"})) == 1.5
    assert _retry_after(api_error(**{"retry-after-ms": "inf", "retry-after": "2"})) == 2.0
    assert _retry_after(api_error(**{"retry-after-ms": "x"})) is None
    assert _retry_after(api_error(**{"retry-after-ms": "1e9"})) == MAX_RETRY_AFTER
    assert _retry_after(api_error()) is None
    assert _retry_after(object()) is None


def test_one_wording_for_counts() -> None:
    assert [times(n) for n in (1, 2, 3, 7)] == ["once", "twice", "three times", "7 times"]
    assert http.times is times and http.parse_retry_after is parse_retry_after
