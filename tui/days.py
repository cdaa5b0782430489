"""The cached days as the main screen reads them: every failure said once, never raised."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from ..core.errors import InsightsError
from .day_gaps import skipped_message

if TYPE_CHECKING:
    from ..core.models import DayCount, Digest
    from ..core.service import InsightsService

OUTLINE_FROM = 300  # papers: a day this big takes 20 ms and more to read at start


class DayBook:
    """Opens, lists and steps between cached days through the service; ``warn`` says a
    failure (an unreadable day file, a broken index) in one line."""

    def __init__(self, service: InsightsService, warn: Callable[[str], None]) -> None:
        self.service = service
        self.warn = warn

    def open(self, day: dt.date) -> tuple[Digest | None, bool]:
        """(digest, or None when not cached; True), or (None, False) after a warning when
        the cache could not be read (a day file that is a directory, say)."""
        try:
            return self.service.open_day(day), True
        except InsightsError as error:
            self.warn(f"cannot open {day.isoformat()}: {error}")
            return None, False

    def listing(self) -> list[DayCount]:
        """The cached days and their counts, oldest first; empty after a warning when the
        index fails."""
        try:
            return self.service.day_counts()
        except InsightsError as error:
            self.warn(f"cannot list cached days: {error}")
            return []

    def with_papers(self) -> list[dt.date]:
        """The cached days that have papers, oldest first."""
        return [day for day, count in self.listing() if count]

    def newest(self) -> dt.date | None:
        """The newest cached day with papers."""
        days = self.with_papers()
        return days[-1] if days else None

    def outline(self, day: dt.date) -> Digest | None:
        """``day`` drawn from the index alone, when it is big enough to be worth it (its
        file is then read after the first frame); None: read it as usual."""
        with contextlib.suppress(InsightsError):  # then the day file is read as usual
            outline = self.service.outline_day(day)
            if outline is not None and (not outline.outline or outline.paper_count >= OUTLINE_FROM):
                return outline
        return None

    def first(
        self, wanted: dt.date | None, *, outline: bool
    ) -> tuple[dt.date | None, Digest | None]:
        """The day to open at start and its digest: ``wanted`` (the remembered or asked-for
        day) when it is cached, else the newest; drawn from the index when ``outline``
        and the day is big. (None, None) when nothing is cached."""
        first = wanted if wanted is not None else self.newest()
        digest = self.outline(first) if first is not None and outline else None
        if digest is None and wanted is not None:
            digest = self.open(wanted)[0]
        if digest is not None:
            return first, digest
        return self.newest(), None

    def step(self, current: dt.date, later: bool) -> tuple[dt.date | None, str | None]:
        """The cached day with papers after (or before) ``current``, and what the step
        jumps over (``no papers on Sat …``); (None, why) when there is none."""
        try:
            step = self.service.next_day(current) if later else self.service.previous_day(current)
        except InsightsError as error:
            return None, f"cannot list cached days: {error}"
        if step is None:
            return None, f"no {'later' if later else 'earlier'} day with papers is cached"
        return step, skipped_message(current, step, self.listing())
