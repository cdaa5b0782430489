"""The reader's own data behind one object: read marks and stars (lists are in config)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from .marks import ReadMarks, Star, Stars

if TYPE_CHECKING:
    from ..papers import Paper


def star_of(paper: Paper, day: dt.date, category: str) -> Star:
    """What a star keeps of ``paper`` shown on ``day`` in ``category``."""
    return Star(
        arxiv_id=paper.arxiv_id,
        title=paper.title,
        authors=paper.authors,
        year=day.year,
        url=paper.abs_url,
        day=day,
        category=category,
        starred_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    )


class ReaderData:
    """``<data_dir>/reader/``: read marks (``read/``) and stars (``stars.json``)."""

    def __init__(self, reader_dir: Path) -> None:
        self.folder = reader_dir
        self.marks = ReadMarks(reader_dir)
        self.stars = Stars(reader_dir)

    def take_notices(self) -> list[str]:
        """One-line notices: state files found corrupt and moved aside."""
        notices = self.marks.notices + self.stars.notices
        self.marks.notices, self.stars.notices = [], []
        return notices

    def toggle_star(self, paper: Paper, day: dt.date, category: str) -> bool:
        """Star ``paper`` or unstar it; returns whether it is starred now."""
        starred = not self.stars.is_starred(paper.arxiv_id)
        self.stars.set(star_of(paper, day, category), starred)
        return starred

    def toggle_read(self, day: dt.date, arxiv_id: str) -> bool:
        """Mark ``arxiv_id`` read or unread; returns whether it is read now."""
        read = not self.marks.is_read(arxiv_id)
        self.marks.set_read(day, [arxiv_id], read)
        return read
