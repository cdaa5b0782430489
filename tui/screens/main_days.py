"""Moving between days on the main screen: [ and ], t, and the go-to-date dialog."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from ...core.errors import InsightsError
from ...core.models import DayCount, Digest
from ..day_gaps import skipped_message
from ..notices import notice
from .main_fetch import FetchingScreen

if TYPE_CHECKING:
    from .goto import GoTo


class DaySteppingScreen(FetchingScreen):
    """Reading the cache index calmly and stepping between its days."""

    _touched: bool  # the user moved since start: a background fetch won't jump days

    def open_digest(self, day: dt.date) -> tuple[Digest | None, bool]:
        """(digest or None when not cached, True), or (None, False) after a notice when the
        cache could not be read (a day file that is a directory, say)."""
        try:
            digest = self.service.open_day(day)
        except InsightsError as error:
            notice(self, f"cannot open {day.isoformat()}: {error}", severity="warning")
            return None, False
        finally:
            self.drain_notices()  # a corrupt file is moved aside while opening: say so
        return digest, True

    def _index(self) -> list[DayCount]:
        """The cached days and their counts, oldest first; empty (after a notice) when the
        index fails."""
        try:
            return self.service.day_counts()
        except InsightsError as error:
            notice(self, f"cannot list cached days: {error}", severity="warning")
            return []

    def _newest(self) -> dt.date | None:
        days = [day for day, count in self._index() if count]
        return days[-1] if days else None

    async def _step_day(self, later: bool) -> None:
        if self.digest is None:
            notice(self, "no day on screen", severity="warning")
            return
        current = self.digest.day
        listed = self._index()
        days = [d for d, count in listed if count and (d > current if later else d < current)]
        if not days:
            notice(self, f"no {'later' if later else 'earlier'} day with papers is cached")
            return
        step = days[0] if later else days[-1]
        self._touched = True
        if await self.show_day(step):
            skipped = skipped_message(current, step, listed)
            if skipped:
                notice(self, skipped)

    async def action_previous_day(self) -> None:
        """Show the cached day before this one that has papers."""
        await self._step_day(later=False)

    async def action_next_day(self) -> None:
        """Show the cached day after this one that has papers."""
        await self._step_day(later=True)

    async def action_newest_day(self) -> None:
        """Show the newest cached day."""
        self._touched = True
        await self.show_day(self._newest())

    async def action_goto(self) -> None:
        """Ask for a date; open it, or fetch it when it is not cached."""
        from .goto import GoToDateScreen  # not needed to start

        initial = self.digest.day.isoformat() if self.digest else ""
        dialog = GoToDateScreen(
            lambda day: self.service.open_day(day) is not None,
            offline=self.service.config.offline,
            initial=initial,
        )
        await self.app.push_screen(dialog, self._goto_answered)
        # At once, not when the dialog gets round to it: keys typed right after g go in.
        dialog.set_focus(dialog.query_one("#goto-input"))

    async def _goto_answered(self, answer: GoTo | None) -> None:
        if answer is None:
            return
        self._touched = True
        if answer.fetch:
            self.fetch(answer.day)
        else:
            await self.show_day(answer.day)
