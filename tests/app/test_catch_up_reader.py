"""r on the newest day catches up the days missing since it; the header says how old a
day's data is."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path

from daily_ai_insights.core import catchup
from daily_ai_insights.core.config import load_config
from daily_ai_insights.core.fetch_result import FetchResult
from daily_ai_insights.core.models import Digest
from daily_ai_insights.core.service import InsightsService
from daily_ai_insights.core.sources.arxiv_schedule import is_announcement_day
from daily_ai_insights.tui.app import InsightsApp
from daily_ai_insights.tui.widgets.day_header import DayHeader, age_text, header_text
from tests.app.conftest import SIZE, shown_digest
from tests.support.papers import make_paper

AppFactory = Callable[..., InsightsApp]


class StoringFetch:
    """Stands in for the sources: each fetched day gets two papers, stored for real."""

    def __init__(self, service: InsightsService) -> None:
        self.service = service
        self.calls: list[dt.date | None] = []

    async def __call__(
        self,
        day: dt.date | None = None,
        sources: Sequence[str] | None = None,
        *,
        on_wait: Callable[[str], None] | None = None,
    ) -> FetchResult:
        self.calls.append(day)
        assert day is not None
        papers = [make_paper(f"{day:%y%m}.{n:05d}{day.day:02d}", announced=day) for n in (1, 2)]
        self.service.store.save_day(
            day, papers, [], sources=("hf",), taxonomy_version=self.service.sorting
        )
        return FetchResult(day, 2, False, f"{day.isoformat()}: 2 papers")


def fetched_service(days_ago: int) -> tuple[InsightsService, dt.date]:
    service = InsightsService(dataclasses.replace(load_config(), offline=False))
    start = dt.date.today() - dt.timedelta(days=days_ago)
    while not is_announcement_day(start):
        start -= dt.timedelta(days=1)
    paper = make_paper("2401.00001", announced=start)
    service.store.save_day(start, [paper], [], sources=("hf",), taxonomy_version=service.sorting)
    return service, start


async def test_r_on_the_newest_day_fetches_each_missing_day_once(home: Path) -> None:
    service, start = fetched_service(days_ago=9)
    since = catchup.auto_since(service)
    assert since == start + dt.timedelta(days=1)
    missing = catchup.plan(service, since).missing
    weekdays = [day for day in missing if is_announcement_day(day)]
    assert weekdays and len(weekdays) < len(missing)  # nine days hold a weekend
    fake = StoringFetch(service)
    service.fetch_day = fake  # type: ignore[method-assign]
    app = InsightsApp(service, day=start, banner="")
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        fake.calls.clear()  # the start-up fetch of the newest day
        await pilot.press("r")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert fake.calls == weekdays  # oldest first, weekends not asked for
        counts = dict(service.day_counts())
        assert all(counts[day] == 0 for day in missing if day not in weekdays)
        assert shown_digest(app).day == weekdays[-1]  # the newest day shows
        fake.calls.clear()
        await pilot.press("r")  # nothing is missing now: the shown day is fetched again
        await app.workers.wait_for_complete()
        assert fake.calls == [weekdays[-1]]


async def test_the_header_says_how_old_the_day_is(home: Path) -> None:
    service, start = fetched_service(days_ago=3)
    app = InsightsApp(service, day=start, banner="")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "fetched just now" in str(app.screen.query_one(DayHeader).render())


def test_age_and_staleness() -> None:
    now = dt.datetime(2026, 6, 5, 12, 0, tzinfo=dt.UTC)

    def ago(**span: float) -> dt.datetime:
        return now - dt.timedelta(**span)

    assert age_text(ago(seconds=20), now) == "fetched just now"
    assert age_text(ago(minutes=12), now) == "fetched 12 min ago"
    assert age_text(ago(hours=3, minutes=50), now) == "fetched 3 h ago"
    assert age_text(ago(days=3), now) == "fetched 3 d ago"
    assert age_text(now + dt.timedelta(minutes=5), now) == "fetched just now"  # clock skew
    digest = Digest(make_paper().announced, ("hf",), ())
    fresh = header_text(digest, fetched=ago(hours=5), now=now)
    assert fresh.plain.endswith("fetched 5 h ago") and "stale" not in fresh.plain
    stale = header_text(digest, fetched=ago(hours=30), now=now)
    assert stale.plain.endswith("fetched 30 h ago, stale")
    assert header_text(digest, now=now).plain.endswith("hf")  # the sample: no age


def test_a_short_header_leaves_out_whole_parts_least_needed_first() -> None:
    now = dt.datetime(2026, 6, 5, 12, 0, tzinfo=dt.UTC)
    digest = Digest(make_paper().announced, ("hf", "arxiv"), ())
    fetched = now - dt.timedelta(hours=30)
    full = header_text(digest, (3, 5), fetched=fetched, now=now).plain
    day = f"{digest.day:%A} {digest.day.isoformat()}"
    assert full.startswith(f"Daily AI Insights  {day}")
    assert full.endswith("hf, arxiv  ·  fetched 30 h ago, stale  ·  day 3/5")
    shown = []
    for width in range(len(full), 20, -1):
        text = header_text(digest, (3, 5), fetched=fetched, now=now, width=width).plain
        assert text == full or len(text) <= width or text == f"{day}  ·  0 papers", width
        shown.append(text)
    # Dropped in this order, each part whole: the position, the title, the sources, the age.
    assert list(dict.fromkeys(shown)) == [
        full,
        f"Daily AI Insights  {day}  ·  0 papers  ·  hf, arxiv  ·  fetched 30 h ago, stale",
        f"{day}  ·  0 papers  ·  hf, arxiv  ·  fetched 30 h ago, stale",
        f"{day}  ·  0 papers  ·  fetched 30 h ago, stale",
        f"{day}  ·  0 papers",
    ]


async def test_the_header_fits_a_narrow_screen(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        header = app.screen.query_one(DayHeader)
        text = str(header.render())
        assert len(text) <= header.content_size.width
        assert "papers" in text and "Daily AI Insights" not in text
        await pilot.resize_terminal(200, 20)
        await pilot.pause()
        assert str(header.render()).startswith("Daily AI Insights")
