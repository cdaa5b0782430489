"""Papers a dateless source brings again: a listing crawled at a weekend repeats Friday's.

A listing (or a feed) says nothing of when its papers were announced; the day it is
fetched for is the user's word. A paper already stored on one of the days just before
was announced then: the fetch says so. The papers are kept as the listing has them (a
read mark follows a paper to every day it is on).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from ..models import DayInfo
from ..papers import Paper
from ..sources.names import source_kind
from .dayfile import StoredDay

LOOK_BACK = dt.timedelta(days=7)  # a long weekend and some
_UNDATED = frozenset({"listing", "feed"})


class DayReader(Protocol):
    """What is read of the cache (the Store implements it)."""

    def days(self) -> list[DayInfo]:
        """The cached days."""
        ...

    def load_day(self, day: dt.date) -> StoredDay | None:
        """One cached day."""
        ...


@dataclass(frozen=True, slots=True)
class Repeats:
    """The day each repeated paper was already stored on."""

    seen_on: dict[str, dt.date]

    def line(self) -> str:
        """One line naming the repeated papers and their days, or ``""``."""
        if not self.seen_on:
            return ""
        days = ", ".join(f"{d:%a} {d.isoformat()}" for d in sorted(set(self.seen_on.values())))
        count = len(self.seen_on)
        return (
            f"{count} paper{'s' * (count != 1)} of the listing already on {days}"
            " (a listing repeats the last announcement at weekends and holidays)"
        )


def repeats_of(store: DayReader, day: dt.date, papers: Sequence[Paper]) -> Repeats:
    """Which of ``papers`` of ``day``, brought by dateless sources only, are stored on one
    of the :data:`LOOK_BACK` days before."""
    undated = {
        p.arxiv_id
        for p in papers
        if p.sources and all(source_kind(s) in _UNDATED for s in p.sources)
    }
    seen_on: dict[str, dt.date] = {}
    if undated:
        for info in store.days():
            if info.count and day - LOOK_BACK <= info.day < day:
                stored = store.load_day(info.day)
                for paper in stored.papers if stored else ():
                    if paper.arxiv_id in undated:
                        seen_on.setdefault(paper.arxiv_id, info.day)
    return Repeats(seen_on)
