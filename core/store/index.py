"""The day cache's index (``index.json``): one entry per day file, rebuilt when off.

A TinyDB file: table ``meta`` holds ``{"schema": 2}``, table ``days`` one document
per day (``day``, ``count``, ``sources``, ``counts``, ``fetched_at``, ``taxonomy``).
One entry is changed with a TinyDB upsert or remove under the index's lock; a listing
reads the file as plain JSON (no TinyDB to import before the first frame). An index of
schema 1 (entries kept as JSON strings) is read as it is and rewritten at the next write.

The index only saves opening every day file to list the days; the day files are the
truth. Whenever its set of days differs from the files on disk it is rebuilt from them,
and an entry that disagrees with its day file is corrected: a writer killed between
writing a day and writing the index leaves the folder of days newer than the index, so
the days written since are read again (one stat of each file finds them).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ..errors import CacheError
from ..models import DayInfo
from .filelock import FileLock
from .jsonfile import CorruptFileError, read_json, remove_stale_temps, write_json_atomic

if TYPE_CHECKING:
    from pathlib import Path

DAY_FILE = re.compile(r"^(\d{4}-\d{2}-\d{2})\.json$")
INDEX_SCHEMA = 2
DAYS, META = "days", "meta"
Quarantine = Callable[[dt.date], None]


class DayIndex:
    """``index.json`` next to the ``days/`` folder; corrupt days go to ``quarantine``."""

    def __init__(
        self, path: Path, days_dir: Path, lock_timeout: float, quarantine: Quarantine
    ) -> None:
        self.path = path
        self.days_dir = days_dir
        self.lock_timeout = lock_timeout
        self.quarantine = quarantine

    def day_names(self) -> set[str]:
        """Names (``2024-11-15``) of the files that look like day files."""
        try:
            names = os.listdir(self.days_dir)
        except FileNotFoundError:
            return set()
        except OSError as error:
            raise CacheError(
                f"cannot read the cache at {self.days_dir}: {error.strerror}"
            ) from None
        # A cheap filter: this runs on every listing. Names that only look like days
        # (2024-13-45.json) are weeded out by valid_names on the rare slow path.
        return {n[:-5] for n in names if len(n) == 15 and n.endswith(".json")}

    def valid_names(self) -> set[str]:
        """The day names that are real dates."""
        days = set()
        for name in self.day_names():
            with contextlib.suppress(ValueError):
                if DAY_FILE.match(name + ".json"):
                    days.add(dt.date.fromisoformat(name).isoformat())
        return days

    def load(self) -> dict[str, Any] | None:
        """The index's entries by day, or None when it is missing or corrupt."""
        return self._load()[0]

    def _load(self) -> tuple[dict[str, Any] | None, bool]:
        """The entries, and whether the file has the current schema (see the docstring)."""
        try:
            data = read_json(self.path)
        except CacheError:
            return None, False
        if not isinstance(data, dict) or not isinstance(data.get(DAYS), dict):
            return None, False
        if data.get("schema") == 1:  # before the index was a TinyDB file
            return {day: _decoded(day, entry) for day, entry in data[DAYS].items()}, False
        meta = data.get(META)
        if not isinstance(meta, dict) or {"schema": INDEX_SCHEMA} not in meta.values():
            return None, False
        # Documents are checked where they are read (Store.days): newest_day needs only days.
        entries = {}
        for doc in data[DAYS].values():
            if isinstance(doc, dict) and isinstance(doc.get("day"), str):
                entries[doc["day"]] = doc
        return entries, True

    def entries(self) -> dict[str, Any]:
        """The entries, rebuilt from the day files when the index does not match them."""
        entries = self.load()
        if entries is None or (
            set(entries) != self.day_names() and set(entries) != self.valid_names()
        ):
            entries = self.rebuild()
        else:
            for day in self.written_since():
                entries = self.reread(day, entries)
        return entries

    def written_since(self) -> list[dt.date]:
        """Days whose file is newer than the index (after a killed writer; else none).

        Only when the days folder changed after the index was written are the files
        looked at: one stat of the folder and the index on every listing.
        """
        try:
            index_time = self.path.stat().st_mtime_ns
            if self.days_dir.stat().st_mtime_ns <= index_time:
                return []
            found = os.scandir(self.days_dir)
        except OSError:
            return []
        newer = []
        with found:
            for entry in found:
                with contextlib.suppress(OSError, ValueError):
                    if DAY_FILE.match(entry.name) and entry.stat().st_mtime_ns > index_time:
                        newer.append(dt.date.fromisoformat(entry.name[:-5]))
        return sorted(newer)

    def reread(self, day: dt.date, entries: dict[str, Any]) -> dict[str, Any]:
        """``entries`` with ``day``'s entry read again from its file, and corrected on disk."""
        from .dayfile import day_info, parse_day_file

        path = self.days_dir / f"{day.isoformat()}.json"
        try:
            stamp = file_stamp(path)
            parsed = parse_day_file(read_json(path), day, path)
        except CorruptFileError:
            self.quarantine(day)
            return {name: entry for name, entry in entries.items() if name != day.isoformat()}
        except (CacheError, OSError):
            return entries
        info = day_info(parsed.stored)
        self.correct(day, info, lambda: file_stamp(path) == stamp)
        return {**entries, day.isoformat(): index_entry(info)}

    def correct(self, day: dt.date, info: DayInfo, unchanged: Callable[[], bool]) -> None:
        """Make ``info`` (read from the day file) ``day``'s entry, unless it already is.

        Takes only the index lock: the entry is written only while ``unchanged()`` says
        the day file is still the one ``info`` was read from, so a writer of that day
        (who sets its own entry after writing the file) is never overwritten.
        """
        with FileLock(self.path, self.lock_timeout):
            entries, current = self._load()
            if entries is None or entries.get(day.isoformat()) == index_entry(info):
                return
            if _holds(unchanged):
                self._put(day, info, entries, current)

    def scan(self, skip: dt.date | None = None) -> tuple[dict[str, Any], list[dt.date]]:
        """Entries of every readable day file but ``skip``, and the corrupt days."""
        from .dayfile import day_info, parse_day_file  # day files: not read to start

        entries: dict[str, Any] = {}
        corrupt: list[dt.date] = []
        for name in sorted(self.valid_names() - {skip.isoformat() if skip else ""}):
            day = dt.date.fromisoformat(name)
            path = self.days_dir / f"{name}.json"
            try:
                data = read_json(path)
                if data is None:
                    raise CorruptFileError(f"cache file {path} is empty")
                entries[name] = index_entry(day_info(parse_day_file(data, day, path).stored))
            except CorruptFileError:
                corrupt.append(day)
            except (CacheError, ValueError):
                continue
        return entries, corrupt

    def rebuild(self, *, force: bool = False) -> dict[str, Any]:
        """Scan the day files into a new index (unless it already matches, or ``force``)."""
        with FileLock(self.path, self.lock_timeout):
            entries = self.load()
            if force or entries is None or set(entries) != self.valid_names():
                entries, corrupt = self.scan()
                self.write(entries)
            else:
                corrupt = []
        # Outside the index lock: quarantine takes day locks, and locks go day -> index.
        for day in corrupt:
            self.quarantine(day)
            entries.pop(day.isoformat(), None)
        return entries

    def set_entry(self, day: dt.date, info: DayInfo | None) -> None:
        """Put (or drop with None) one entry; the caller holds the day's lock."""
        with FileLock(self.path, self.lock_timeout):
            entries, current = self._load()
            if entries is None:
                # Corrupt days stay out (quarantined when listed); ``day`` is set just below.
                entries, _ = self.scan(skip=day)
            self._put(day, info, entries, current)

    def _put(
        self, day: dt.date, info: DayInfo | None, entries: dict[str, Any], current: bool
    ) -> None:
        """Under the index lock: one entry changed in place (a TinyDB upsert or remove),
        or the whole index written afresh when its file is missing or of schema 1."""
        from tinydb import TinyDB, where

        from .tinydb_files import AtomicJSONStorage

        remove_stale_temps(self.path)
        if not current:
            entries = {name: entry for name, entry in entries.items() if name != day.isoformat()}
            if info is not None:
                entries[day.isoformat()] = index_entry(info)
            self.write(entries)
            return
        with TinyDB(self.path, storage=AtomicJSONStorage) as db:
            days = db.table(DAYS)
            if info is None:
                days.remove(where("day") == day.isoformat())
            else:
                days.upsert(index_entry(info), where("day") == day.isoformat())

    def write(self, entries: dict[str, Any]) -> None:
        """Replace the index with ``entries`` (sorted by day)."""
        from .tinydb_files import build_tables

        docs = [entries[day] for day in sorted(entries)]
        tables = build_tables({META: [{"schema": INDEX_SCHEMA}], DAYS: docs})
        write_json_atomic(self.path, tables)


def _holds(check: Callable[[], bool]) -> bool:
    try:
        return check()
    except OSError:
        return False


def file_stamp(path: Path) -> tuple[int, int, int]:
    """(mtime, size, inode) of ``path``: writers replace files whole, so equal stamps
    mean equal content. Raises OSError."""
    stat = path.stat()
    return (stat.st_mtime_ns, stat.st_size, stat.st_ino)


def index_entry(info: DayInfo) -> dict[str, Any]:
    """The index's document of ``info`` (read back by :func:`info_from_entry`)."""
    return {
        "day": info.day.isoformat(),
        "count": info.count,
        "sources": list(info.sources),
        "counts": dict(info.counts),  # largest first, as DayInfo has them
        "fetched_at": info.fetched_at,
        "taxonomy": info.taxonomy_version,
    }


def count_from_entry(entry: Any) -> int:
    """The paper count of an index entry; KeyError/ValueError/TypeError when it is bad."""
    return int(entry["count"])


def info_from_entry(day: str, entry: Any) -> DayInfo:
    """The DayInfo of an index entry; KeyError/ValueError/TypeError when it is bad."""
    return DayInfo(
        dt.date.fromisoformat(day),
        int(entry["count"]),
        tuple(str(s) for s in entry["sources"]),
        tuple((str(name), int(n)) for name, n in entry["counts"].items()),
        str(entry["fetched_at"]),
        str(entry.get("taxonomy", "")),  # absent from indexes written before it was kept
    )


def _decoded(day: str, entry: Any) -> Any:
    """An entry of a schema-1 index (a JSON string) as a document; a bad one as it is,
    so that reading it fails and the index is rebuilt."""
    if isinstance(entry, str):
        with contextlib.suppress(ValueError, RecursionError):
            doc = json.loads(entry)
            return {**doc, "day": day} if isinstance(doc, dict) else doc
    return entry
