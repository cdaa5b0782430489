"""A Hugging Face daily-papers answer saved to a file (``2026-06-12.json``, as saved from
``/api/daily_papers?date=...``): read with :func:`parse_hf`, like the live source, and
dated the day the file is for.

That day is the date in the file's name, as for a listing; a file without one is the
day its papers were featured on (each paper's ``submittedOnDailyAt`` or ``publishedAt``).
Every paper of the file is dated that day: the file is that day's list.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections import Counter
from dataclasses import replace
from pathlib import Path

from ..errors import SourceError
from ..papers import Paper
from .hf import HFDataError, parse_hf
from .http import Http
from .listing import day_from_url, read_listing_file
from .names import short_source


class HFFileSource:
    """A saved Hugging Face daily-papers file; reading it needs no network."""

    # One saved answer keeps no calendar: an empty file does not mean nothing was featured.
    knows_days = False

    def __init__(self, path: str) -> None:
        self.local = Path(path).expanduser().resolve()
        self.name = str(self.local)  # stored with the day, shown by its file name
        self.what = short_source(self.name)

    async def fetch_day(self, day: dt.date | None, http: Http) -> list[Paper]:
        """The file's papers; SourceError when it is of another day than ``day``."""
        named = day_from_url(self.name)
        if day is not None and named is not None:
            self._refuse_other_day(named, day)  # its name says its day: not even read
        data = await asyncio.to_thread(read_listing_file, self.local, "Hugging Face")
        return await asyncio.to_thread(self.papers_of, data, day)

    def papers_of(self, data: bytes, day: dt.date | None) -> list[Paper]:
        """The papers of the file's ``data``, all dated the file's day (``day`` when given)."""
        named = day_from_url(self.name)
        try:
            papers = parse_hf(data, None, name=self.name, fallback=named or day)
        except HFDataError as error:
            raise SourceError(
                f"{self.what} is not a Hugging Face daily-papers file: {error.reason}"
            ) from None
        if not papers:
            raise SourceError(self._no_papers(data))
        featured = Counter(paper.announced for paper in papers)
        if named is not None and named not in featured:
            held = max(featured, key=lambda d: (featured[d], d))
            raise SourceError(
                f"{self.what} is named for {named.isoformat()} but its papers were featured"
                f" on {held.isoformat()}: nothing taken from it"
            )
        # The most papers' day (the newest on a tie), as when sources disagree.
        own = named or max(featured, key=lambda d: (featured[d], d))
        if day is not None:
            self._refuse_other_day(own, day)
        return [p if p.announced == own else replace(p, announced=own) for p in papers]

    def _refuse_other_day(self, own: dt.date, day: dt.date) -> None:
        if own != day:
            raise SourceError(
                f"{self.what} is the Hugging Face file of {own.isoformat()}, not"
                f" {day.isoformat()}: nothing taken from it"
            )

    def _no_papers(self, data: bytes) -> str:
        if data.strip() == b"1":
            # What a saving script writes when the API had no list for the day.
            return (
                f"{self.what} holds no papers, only the 1 saved for a day without any"
                " (a weekend, or the request failed): nothing stored"
            )
        return f"{self.what} holds no papers: nothing stored"
