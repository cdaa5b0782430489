"""Read marks and stars, keyed by arXiv id, under ``<data_dir>/reader/``.

Read marks are kept one small file per day (``read/2024-11-15.json``: the papers read
while that day was shown), so marking a paper read rewrites at most one day's list
(about a thousand ids, a millisecond or two) however long the history grows. A paper
read on one day shows as read on every day it appears on. Stars (``stars.json``) keep
enough of the paper to list it and write BibTeX after ``cache/`` is gone.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import CacheError
from ..store.filelock import FileLock
from ..text import clean_line, safe_url
from .files import read_state, write_state

VERSION = 1
_SHARD = re.compile(r"^(\d{4}-\d{2}-\d{2})\.json$")


@dataclass(frozen=True, slots=True)
class Star:
    """A starred paper, with what is needed to list and cite it."""

    arxiv_id: str
    title: str
    authors: tuple[str, ...]
    year: int
    url: str
    day: dt.date
    category: str
    starred_at: str = ""

    def to_dict(self) -> dict[str, Any]:
        """The JSON form kept in ``stars.json``."""
        return {
            "id": self.arxiv_id,
            "title": self.title,
            "authors": list(self.authors),
            "year": self.year,
            "url": self.url,
            "day": self.day.isoformat(),
            "category": self.category,
            "starred_at": self.starred_at,
        }

    @classmethod
    def from_dict(cls, data: Any) -> Star:
        """A star from its JSON form; KeyError/ValueError/TypeError when it is malformed."""
        if not isinstance(data, dict):
            raise TypeError("a star is not an object")
        authors = data.get("authors", [])
        if not isinstance(authors, list):
            raise TypeError("authors is not a list")
        return cls(
            arxiv_id=clean_line(str(data["id"])),
            title=clean_line(str(data.get("title", ""))),
            authors=tuple(clean_line(str(a)) for a in authors),
            year=int(data.get("year", 0)),
            url=safe_url(str(data.get("url", ""))),
            day=dt.date.fromisoformat(str(data["day"])),
            category=clean_line(str(data.get("category", ""))),
            starred_at=str(data.get("starred_at", "")),
        )


class ReadMarks:
    """Which papers were read: ``read/<day>.json`` files, loaded once, updated in place."""

    def __init__(self, reader_dir: Path) -> None:
        self.folder = reader_dir / "read"
        self._where: dict[str, str] | None = None  # arXiv id -> the day file holding it
        self._lock = threading.Lock()
        self.notices: list[str] = []

    def _loaded(self) -> dict[str, str]:
        with self._lock:
            if self._where is None:
                self._where = self._read_all()
            return self._where

    def _read_all(self) -> dict[str, str]:
        where: dict[str, str] = {}
        try:
            names = sorted(os.listdir(self.folder))
        except FileNotFoundError:
            return where
        except OSError as error:
            raise CacheError(f"cannot read {self.folder}: {error.strerror}") from None
        for name in names:
            match = _SHARD.match(name)
            if match is None:
                continue
            for arxiv_id in self._read_shard(match[1]):
                where[arxiv_id] = match[1]
        return where

    def _path(self, day: str) -> Path:
        return self.folder / f"{day}.json"

    def _read_shard(self, day: str) -> set[str]:
        data = read_state(self._path(day), f"read marks ({day})", VERSION, self.notices)
        ids = data.get("read", [])
        return {i for i in ids if isinstance(i, str)} if isinstance(ids, list) else set()

    def is_read(self, arxiv_id: str) -> bool:
        """Whether ``arxiv_id`` was read on any day."""
        return arxiv_id in self._loaded()

    def read_ids(self) -> frozenset[str]:
        """Every read id (a snapshot)."""
        return frozenset(self._loaded())

    def unread(self, ids: Iterable[str]) -> int:
        """How many of ``ids`` are not read."""
        where = self._loaded()
        return sum(1 for i in ids if i not in where)

    def set_read(self, day: dt.date, ids: Iterable[str], read: bool = True) -> None:
        """Mark ``ids`` (shown on ``day``) read, or unread; only the day files involved change."""
        where = self._loaded()
        wanted = set(ids)
        if read:
            todo = {day.isoformat(): {i for i in wanted if i not in where}}
        else:
            todo = {}
            for arxiv_id in wanted:
                if arxiv_id in where:
                    todo.setdefault(where[arxiv_id], set()).add(arxiv_id)
        for shard, changed in todo.items():
            if changed:
                self._update(shard, changed, read)
        with self._lock:
            for shard, changed in todo.items():
                for arxiv_id in changed:
                    if read:
                        where[arxiv_id] = shard
                    else:
                        where.pop(arxiv_id, None)

    def _update(self, shard: str, ids: set[str], read: bool) -> None:
        path = self._path(shard)
        with FileLock(path):  # another running reader may write the same day's marks
            current = self._read_shard(shard)
            current = current | ids if read else current - ids
            if current:
                write_state(path, {"version": VERSION, "day": shard, "read": sorted(current)})
            else:
                try:
                    path.unlink(missing_ok=True)
                except OSError as error:
                    raise CacheError(f"cannot write {path}: {error.strerror}") from None

    def read_per_day(self) -> dict[str, int]:
        """How many read marks each day file holds (``insights days`` without an index)."""
        counts: dict[str, int] = {}
        for shard in self._loaded().values():
            counts[shard] = counts.get(shard, 0) + 1
        return counts


class Stars:
    """Starred papers in ``stars.json``, newest day first when listed."""

    def __init__(self, reader_dir: Path) -> None:
        self.path = reader_dir / "stars.json"
        self._stars: dict[str, Star] | None = None
        self._lock = threading.Lock()
        self.notices: list[str] = []

    def _read(self) -> dict[str, Star]:
        data = read_state(self.path, "stars", VERSION, self.notices)
        raw = data.get("stars", {})
        stars: dict[str, Star] = {}
        if isinstance(raw, dict):
            for value in raw.values():
                try:
                    star = Star.from_dict(value)
                except (KeyError, ValueError, TypeError):
                    continue  # one bad entry costs that entry, not the list
                stars[star.arxiv_id] = star
        return stars

    def _loaded(self) -> dict[str, Star]:
        with self._lock:
            if self._stars is None:
                self._stars = self._read()
            return self._stars

    def is_starred(self, arxiv_id: str) -> bool:
        """Whether ``arxiv_id`` is starred."""
        return arxiv_id in self._loaded()

    def all(self) -> list[Star]:
        """Every star, newest day first, then by title."""
        return sorted(self._loaded().values(), key=lambda s: (-s.day.toordinal(), s.title))

    def set(self, star: Star, starred: bool = True) -> None:
        """Star (or unstar) ``star.arxiv_id``; the file is re-read under its lock first."""
        with FileLock(self.path):
            current = self._read()
            if starred:
                current[star.arxiv_id] = star
            else:
                current.pop(star.arxiv_id, None)
            body = {k: v.to_dict() for k, v in sorted(current.items())}
            write_state(self.path, {"version": VERSION, "stars": body})
        with self._lock:
            self._stars = current
