"""Search over the cached days: keeps the index in step with the day files, then queries it.

The reader and the CLI reach it through ``InsightsService.search``. Nothing here runs
before the reader's first frame: the index is opened on the first search or fetch.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

from .index import IndexRow, Progress, SearchIndex, SearchResults
from .query import parse_query

if TYPE_CHECKING:
    from pathlib import Path

    from ..models import DayInfo, Digest


class DaySource(Protocol):
    """What the search needs of the service: the days, their digests, how they were sorted."""

    @property
    def sorting(self) -> str: ...

    def days(self) -> list[DayInfo]: ...

    def sorted_day(self, day: dt.date) -> Digest | None: ...


def rows_of(digest: Digest) -> list[IndexRow]:
    """The index rows of a day, in the reader's order, each with its category."""
    return [
        IndexRow(p.arxiv_id, group.name, p.title, p.authors, p.abstract)
        for group in digest.groups
        for p in group.papers
    ]


class SearchService:
    """The index at ``path`` for the days of ``days``."""

    def __init__(self, path: Path, days: DaySource) -> None:
        self.index = SearchIndex(path)
        self._days = days

    def _stamp(self, info: DayInfo) -> str:
        return f"{info.fetched_at}|{self._days.sorting}"

    def _rows(self, day: dt.date) -> Sequence[IndexRow] | None:
        digest = self._days.sorted_day(day)
        return None if digest is None else rows_of(digest)

    def take_notices(self) -> list[str]:
        """Notices about the index (rebuilt because it was corrupt)."""
        notices, self.index.notices = self.index.notices, []
        return notices

    def refresh(self, progress: Progress | None = None) -> int:
        """Index the days that changed since last time, drop the gone; how many were indexed."""
        wanted = {info.day: self._stamp(info) for info in self._days.days() if info.count}
        return self.index.sync(wanted, self._rows, progress)

    def index_day(self, day: dt.date) -> None:
        """Index ``day`` now (right after it was fetched and stored)."""
        info = next((i for i in self._days.days() if i.day == day), None)
        rows = self._rows(day) if info is not None and info.count else None
        if rows is None or info is None:
            self.index.drop_day(day)
        else:
            self.index.put_day(day, rows, self._stamp(info))

    def search(
        self,
        text: str,
        *,
        since: dt.date | None = None,
        limit: int = 100,
        progress: Progress | None = None,
    ) -> SearchResults:
        """The papers matching ``text``, newest day first (QueryError for an empty query)."""
        query = parse_query(text)
        self.refresh(progress)
        return self.index.search(query, since=since, limit=limit)
