"""The line above everything: date, weekday, paper count, muted papers, sources, age."""

from __future__ import annotations

import datetime as dt

from rich.text import Text
from textual.widgets import Static

from ...core.models import Digest
from ...core.sources.names import short_source

STALE_AFTER = dt.timedelta(days=1)  # a day fetched longer ago than this is marked stale


def age_text(fetched: dt.datetime, now: dt.datetime) -> str:
    """``fetched just now``, ``fetched 12 min ago``, ``fetched 3 h ago``, ``fetched 2 d ago``."""
    minutes = max(0, int((now - fetched).total_seconds() // 60))
    if minutes < 1:
        return "fetched just now"
    if minutes < 60:
        return f"fetched {minutes} min ago"
    if minutes < 48 * 60:
        return f"fetched {minutes // 60} h ago"
    return f"fetched {minutes // (24 * 60)} d ago"


def header_text(
    digest: Digest | None,
    position: tuple[int, int] | None = None,
    unread: int | None = None,
    fetched: dt.datetime | None = None,
    now: dt.datetime | None = None,
) -> Text:
    """``Sunday 2024-11-17 · 42 papers, 12 unread, 3 muted · hf, arxiv · fetched 3 h ago ·
    day 3/5``; the age is marked stale after a day."""
    text = Text()
    text.append("Daily AI Insights", style="bold")
    if digest is None:
        text.append("  ·  no day cached yet: press r to fetch", style="dim")
        return text
    text.append("  ")
    text.append(f"{digest.day:%A} {digest.day.isoformat()}", style="bold")
    text.append(f"  ·  {digest.paper_count} papers")
    if unread is not None and unread < digest.paper_count:
        text.append(f", {unread} unread" if unread else ", all read")
    if digest.muted:
        text.append(f", {digest.muted} muted" + (" (shown)" if digest.muted_shown else ""))
    sources = ", ".join(short_source(s) for s in digest.sources)
    if sources:
        text.append(f"  ·  {sources}", style="dim")
    if fetched is not None:
        now = now or dt.datetime.now(dt.UTC)
        if now - fetched > STALE_AFTER:
            text.append(f"  ·  {age_text(fetched, now)}, stale", style="yellow")
        else:
            text.append(f"  ·  {age_text(fetched, now)}", style="dim")
    if position is not None:
        text.append(f"  ·  day {position[0]}/{position[1]}", style="dim")
    return text


class DayHeader(Static):
    """Shows which day is on screen."""

    _shown: tuple[Digest | None, tuple[int, int] | None, dt.datetime | None] = (None, None, None)
    _unread: int | None = None

    def show(
        self,
        digest: Digest | None,
        position: tuple[int, int] | None = None,
        fetched: dt.datetime | None = None,
    ) -> None:
        """Display ``digest``'s day; ``position`` is (index, total) among cached days,
        ``fetched`` when the day was fetched."""
        before = self._shown[0]
        if digest is None or before is None or before.day != digest.day:
            self._unread = None  # another day: its count comes with its marks
        self._shown = (digest, position, fetched)
        self._update()

    def set_unread(self, unread: int | None) -> None:
        """Say how many of the day's papers are not read yet."""
        self._unread = unread
        self._update()

    def _update(self) -> None:
        digest, position, fetched = self._shown
        # One line high by the stylesheet: new text never needs the screen laid out again.
        self.update(header_text(digest, position, self._unread, fetched), layout=False)
