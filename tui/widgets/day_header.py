"""The line above everything: date, weekday, paper count, muted papers, sources, age."""

from __future__ import annotations

import datetime as dt

from rich.text import Text
from textual.widget import Widget

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


# How long each part of the header stays when the line is short (higher: longer). The
# date and the counts always stay; the position among the cached days goes first.
_KEEP_TITLE, _KEEP_SOURCES, _KEEP_POSITION, _KEEP_AGE, _KEEP_ALWAYS = 2, 3, 1, 4, 9
_SEPARATOR = "  ·  "


def header_text(
    digest: Digest | None,
    position: tuple[int, int] | None = None,
    unread: int | None = None,
    fetched: dt.datetime | None = None,
    now: dt.datetime | None = None,
    width: int | None = None,
) -> Text:
    """``Daily AI Insights  Sunday 2024-11-17 · 42 papers, 12 unread, 3 muted · hf, arxiv ·
    fetched 3 h ago · day 3/5``; the age is marked stale after a day. In ``width``
    cells, whole parts are left out, the least needed first (the position, the title,
    the sources, the age), so no part is ever cut in the middle."""
    title = Text("Daily AI Insights", style="bold")
    if digest is None:
        return Text.assemble(title, ("  ·  no day cached yet: press r to fetch", "dim"))
    counts = Text(f"{digest.paper_count} papers")
    if unread is not None and unread < digest.paper_count:
        counts.append(f", {unread} unread" if unread else ", all read")
    if digest.muted:
        counts.append(f", {digest.muted} muted" + (" (shown)" if digest.muted_shown else ""))
    day = Text(f"{digest.day:%A} {digest.day.isoformat()}", style="bold")
    parts: list[tuple[int, Text]] = [
        (_KEEP_TITLE, title),
        (_KEEP_ALWAYS, day),
        (_KEEP_ALWAYS, counts),
    ]
    sources = ", ".join(short_source(s) for s in digest.sources)
    if sources:
        parts.append((_KEEP_SOURCES, Text(sources, style="dim")))
    if fetched is not None:
        now = now or dt.datetime.now(dt.UTC)
        if now - fetched > STALE_AFTER:
            parts.append((_KEEP_AGE, Text(f"{age_text(fetched, now)}, stale", style="yellow")))
        else:
            parts.append((_KEEP_AGE, Text(age_text(fetched, now), style="dim")))
    if position is not None:
        parts.append((_KEEP_POSITION, Text(f"day {position[0]}/{position[1]}", style="dim")))
    text = _joined([part for _, part in parts], title)
    while width is not None and text.cell_len > width:
        lowest = min(keep for keep, _ in parts)
        if lowest == _KEEP_ALWAYS:
            break  # the date and the counts are cut by the widget, as any text
        parts = [item for item in parts if item[0] != lowest]
        text = _joined([part for _, part in parts], title)
    return text


def _joined(parts: list[Text], title: Text) -> Text:
    """The parts with a dot between them (two spaces after ``title``)."""
    text = Text()
    for index, part in enumerate(parts):
        if index:
            gap = "  " if parts[index - 1] is title else _SEPARATOR
            text.append(gap, style=part.style if gap == _SEPARATOR else "")  # dim with a dim part
        text.append_text(part)
    return text


class DayHeader(Widget):
    """Shows which day is on screen, fitted to its width when drawn."""

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
        self.refresh()

    def set_unread(self, unread: int | None) -> None:
        """Say how many of the day's papers are not read yet."""
        self._unread = unread
        self.refresh()

    def render(self) -> Text:
        # One line high by the stylesheet: new text never needs the screen laid out again.
        digest, position, fetched = self._shown
        width = self.content_size.width or None
        text = header_text(digest, position, self._unread, fetched, width=width)
        text.no_wrap, text.overflow = True, "ellipsis"
        return text
