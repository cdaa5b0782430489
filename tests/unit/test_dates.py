"""Days people type are strictly YYYY-MM-DD, with a one-line reason otherwise."""

from __future__ import annotations

import datetime as dt

import pytest

from daily_ai_insights.core.dates import parse_day


def test_a_plain_day() -> None:
    assert parse_day("2024-11-15") == dt.date(2024, 11, 15)
    assert parse_day(" 2024-02-29 ") == dt.date(2024, 2, 29)


@pytest.mark.parametrize(
    "text",
    [
        "2024-W46-5",
        "20241115",
        "2024-1-1",
        "2024-13-01",
        "2023-02-29",
        "",
        "yesterday",
        "２０２４-１１-１５",
        "2024-11-15T00:00",
    ],
)
def test_anything_else_is_refused_in_one_line(text: str) -> None:
    with pytest.raises(ValueError) as caught:
        parse_day(text)
    message = str(caught.value)
    assert message.startswith("not a date: ")
    assert message.endswith("(use YYYY-MM-DD, e.g. 2024-11-15)")
    assert "\n" not in message


def test_the_reason_quotes_the_input() -> None:
    with pytest.raises(ValueError, match=r"^not a date: '2024-13-01' \(use YYYY-MM-DD"):
        parse_day("2024-13-01")
