"""The reader's own data on screen: read marks, stars, the next unread paper.

A never-drawn widget of the main screen. A paper becomes read once its detail has been
on screen for :data:`READ_AFTER` seconds (at once with Enter); marks live under
``<data>/reader/`` (``core.reader_data``), never in the cache.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from textual.widget import Widget

from ...core.errors import InsightsError
from ..notices import NO_PAPER, notice
from .day_header import DayHeader

if TYPE_CHECKING:
    from textual.timer import Timer

    from ...core.config import ListsConfig
    from ...core.models import CategoryGroup, Digest
    from ...core.papers import Paper
    from ..screens.main import MainScreen

READ_AFTER = 1.0  # seconds a paper's detail is shown before it counts as read


class Reading(Widget):
    """Read marks and stars of the main screen's day, kept in step with the list."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._timer: Timer | None = None

    @property
    def main(self) -> MainScreen:
        """The main screen this widget belongs to."""
        from ..screens.main import MainScreen

        screen = self.screen
        assert isinstance(screen, MainScreen)
        return screen

    def show_marks(self) -> None:
        """Draw the read marks and stars (after the first frame: the files are read here)."""
        main = self.main
        reader = main.service.reader
        try:
            read = reader.marks.read_ids()
            starred = frozenset(star.arxiv_id for star in reader.stars.all())
        except InsightsError as error:
            notice(self, str(error), severity="warning")
            return
        for line in reader.take_notices():
            notice(self, line, severity="warning")
        main.categories.set_marks(read, starred)
        main.query_one(DayHeader).set_unread(self.unread(main.digest, read))

    @staticmethod
    def unread(digest: Digest | None, read: frozenset[str]) -> int | None:
        """How many papers of ``digest`` are not read (None without a day, or before an
        outline's papers are read)."""
        if digest is None or digest.outline:
            return None
        return sum(1 for group in digest.topics for p in group.papers if p.arxiv_id not in read)

    # -- marking read ------------------------------------------------------------
    def seen(self, arxiv_id: str | None) -> None:
        """The list's cursor is on ``arxiv_id``: read once it stays there a moment."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if arxiv_id is not None:
            self._timer = self.set_timer(READ_AFTER, lambda: self._still_on(arxiv_id))

    def _still_on(self, arxiv_id: str) -> None:
        paper = self.main.categories.current_paper
        if paper is not None and paper.arxiv_id == arxiv_id:
            self.mark([arxiv_id], read=True)

    def mark(self, ids: list[str], *, read: bool) -> None:
        """Mark ``ids`` of the shown day read (or unread) and redraw."""
        digest = self.main.digest
        if digest is None or not ids:
            return
        try:
            self.main.service.reader.marks.set_read(digest.day, ids, read)
        except InsightsError as error:
            notice(self, str(error), severity="warning")
            return
        self.show_marks()

    def toggle_read(self) -> None:
        """u: the highlighted paper read or unread."""
        paper = self._paper()
        if paper is None:
            notice(self, NO_PAPER, severity="warning")
            return
        read = paper.arxiv_id in self.main.categories.read_ids
        self.mark([paper.arxiv_id], read=not read)
        notice(self, "marked unread" if read else "marked read")

    def mark_category_read(self) -> None:
        """M: every paper of the highlighted category read."""
        group = self._group()
        if group is None:
            notice(self, "no category here", severity="warning")
            return
        self.mark([p.arxiv_id for p in group.papers], read=True)
        notice(self, f"{group.name}: all {group.count} marked read")

    def toggle_star(self) -> None:
        """*: star or unstar the highlighted paper."""
        main, paper, group = self.main, self._paper(), self._group()
        if paper is None or group is None or main.digest is None:
            notice(self, NO_PAPER, severity="warning")
            return
        if group.gathered:  # on the watchlist: starred in its own category
            group = next((g for g in main.digest.topics if paper in g.papers), group)
        try:
            starred = main.service.reader.toggle_star(paper, main.digest.day, group.name)
        except InsightsError as error:
            notice(self, str(error), severity="warning")
            return
        self.show_marks()
        notice(self, "starred ★ (S lists them)" if starred else "star removed")

    # -- watch and mute lists ----------------------------------------------------
    async def toggle_muted(self) -> None:
        """H: show the papers the mute list hides, or hide them again."""
        service = self.main.service
        if not service.config.lists.mute:
            notice(self, "nothing is muted: w edits the watch and mute lists")
            return
        service.show_muted = not service.show_muted
        digest = await self._reopen()
        muted = digest.muted if digest is not None else 0
        papers = f"{muted} muted paper{'' if muted == 1 else 's'}"
        if service.show_muted:
            notice(self, f"{papers} shown (H hides them)")
        else:
            notice(self, f"{papers} hidden (H shows them)")

    def edit_lists(self) -> None:
        """w: edit the watched phrases and authors and the muted phrases."""
        from ..screens.lists import ListsScreen  # not needed to start

        service = self.main.service

        async def saved(lists: ListsConfig | None) -> None:
            if lists is None or lists == service.config.lists:
                return
            try:
                service.set_lists(lists)
            except InsightsError as error:
                notice(self, f"lists not saved: {error}", severity="error")
                return
            digest = await self._reopen()
            watched = sum(g.count for g in digest.groups if g.gathered) if digest else 0
            muted = digest.muted if digest is not None else 0
            notice(self, f"lists saved: {watched} watched and {muted} muted on this day")

        self.app.push_screen(ListsScreen(service.config.lists), saved)

    async def _reopen(self) -> Digest | None:
        """Show the day on screen again with the lists as they are now."""
        main = self.main
        if main.digest is None:
            return None
        digest, _ = main.open_digest(main.digest.day)
        if digest is not None:
            await main.reload_day(digest)
            self.show_marks()
        return digest

    # -- the next unread paper ---------------------------------------------------
    async def next_unread(self) -> None:
        """n: the next unread paper after the cursor, then in later days."""
        main = self.main
        digest, read = main.digest, main.categories.read_ids
        if digest is None:
            return
        row = main.categories.current_row
        found = _after(digest, read, row)
        if found is not None:
            await self.open_paper(digest.day, *found)
            return
        for day in main.days.with_papers():
            if day <= digest.day:
                continue
            later, _ = main.open_digest(day)
            if later is not None and (found := _after(later, read, None)) is not None:
                await self.open_paper(day, *found)
                return
        notice(self, "no unread papers after this one")

    async def open_paper(self, day: dt.date, category: str, arxiv_id: str) -> bool:
        """Show ``arxiv_id`` of ``day`` in the list (its category opened) and in the pane."""
        main = self.main
        if (main.digest is None or main.digest.day != day) and not await main.show_day(day):
            return False
        digest = main.digest
        assert digest is not None
        group = digest.group(category)
        if group is None or all(p.arxiv_id != arxiv_id for p in group.papers):
            group = next(
                (g for g in digest.groups if any(p.arxiv_id == arxiv_id for p in g.papers)), None
            )
        if group is None:
            notice(self, f"{arxiv_id} is no longer in {day.isoformat()}", severity="warning")
            return False
        categories = main.categories
        expanded = [*categories.expanded, group.name]
        # A new row is announced by the list: the screen shows it in the pane.
        categories.show_digest(digest, list(dict.fromkeys(expanded)), keep=(group.name, arxiv_id))
        categories.focus()
        return True

    def _paper(self) -> Paper | None:
        return self.main.categories.current_paper

    def category(self) -> CategoryGroup | None:
        """The category the list's cursor is in."""
        return self._group()

    def _group(self) -> CategoryGroup | None:
        row = self.main.categories.current_row
        return self.main.categories.group_of(row[0]) if row is not None else None


def _after(
    digest: Digest, read: frozenset[str], row: tuple[str, str | None] | None
) -> tuple[str, str] | None:
    """The first unread (category, paper) of ``digest`` after ``row`` (in list order)."""
    passed = row is None
    for group in digest.groups:
        if row is not None and group.name == row[0] and row[1] is None:
            passed = True
        for paper in group.papers:
            if passed and paper.arxiv_id not in read:
                return group.name, paper.arxiv_id
            if row is not None and (group.name, paper.arxiv_id) == row:
                passed = True
    return None
