"""The day cache: one TinyDB file per day, its briefings apart, a small index, LLM labels.

Layout under ``root`` (``Config.paths.cache_dir``)::

    days/2024-11-15.json        tables meta, papers, assignments
    briefings/2024-11-15.json   table briefings (``core.store.briefings``)
    index.json                  tables meta ({"schema": 2}), days (``core.store.index``)
    labels.json                 one table per taxonomy version: LLM classification per paper

Every file is replaced atomically (``core.store.jsonfile``) and every read-modify-write
runs under that file's lock (``core.store.filelock``), day lock before briefing lock
before index lock, so two running instances never lose each other's writes. Reads take
no lock.

Schema policy: a day file whose ``meta.schema`` differs from ``SCHEMA_VERSION``
(older or newer) is treated as corrupt: moved aside and fetched again. The cache
holds nothing that cannot be fetched again, so there is no migration code.
"""

from __future__ import annotations

import datetime as dt
import os
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from ..errors import CacheError
from ..models import DayCount, DayInfo
from .briefings import Briefings
from .filelock import DEFAULT_TIMEOUT, FileLock
from .index import DayIndex, count_from_entry, info_from_entry
from .jsonfile import CorruptFileError, move_aside, read_json, remove_stale_temps
from .labels import Labels

if TYPE_CHECKING:
    # Day files, papers and TinyDB are imported where a day file is read or written:
    # the reader's first frame is drawn from the index alone, without them.
    from ..briefings.record import Briefing
    from ..papers import Assignment, Paper
    from .dayfile import DayFile, SavedDay, StoredDay

PARSED_DAYS = 4  # parsed day files kept in memory (the day shown and its neighbours)
OLD_BRIEFING_DAYS = 32  # days whose in-file briefings (older files) alone are kept

# What a day file was read at: (path, mtime, size, inode). Writers replace files whole (a
# new inode), so an unchanged stamp means unchanged content.
_Stamp = tuple[Path, int, int, int]

T = TypeVar("T")
_Key = TypeVar("_Key")
_Value = TypeVar("_Value")


def _stamp(path: Path, stat: os.stat_result) -> _Stamp:
    return (path, stat.st_mtime_ns, stat.st_size, stat.st_ino)


def _keep_newest(kept: dict[_Key, _Value], key: _Key, value: _Value, size: int) -> None:
    """Put ``key`` in ``kept`` as its newest entry; the oldest beyond ``size`` are dropped."""
    kept.pop(key, None)
    kept[key] = value
    while len(kept) > size:
        kept.pop(next(iter(kept)))


class _Listing(Generic[T]):
    """A list read from the index, with the stamp (``Store._listing_stamp``) it was read at."""

    def __init__(self) -> None:
        # One attribute, replaced whole: a thread never sees one stamp with other items.
        self._kept: tuple[tuple[int, ...] | None, list[T]] = (None, [])

    def get(self, stamp: tuple[int, ...] | None) -> list[T] | None:
        """The list when it was read at ``stamp``, else None."""
        kept_stamp, items = self._kept
        return items if stamp is not None and stamp == kept_stamp else None

    def keep(self, stamp: tuple[int, ...] | None, items: list[T]) -> None:
        """Remember ``items`` as read at ``stamp`` (None: forget them)."""
        self._kept = (stamp, items if stamp is not None else [])


def _day_count(day: str, entry: Any) -> DayCount:
    return dt.date.fromisoformat(day), count_from_entry(entry)


class Store:
    """The on-disk cache of days, briefings and LLM labels (see the module docstring)."""

    def __init__(self, root: Path, *, lock_timeout: float = DEFAULT_TIMEOUT) -> None:
        self.root = Path(root)
        self.days_dir = self.root / "days"
        self.index_path = self.root / "index.json"
        self.labels_path = self.root / "labels.json"
        self.lock_timeout = lock_timeout
        self._notices: list[str] = []
        self.briefings = Briefings(self.root / "briefings", lock_timeout, self._notices)
        self.labels = Labels(self.labels_path, lock_timeout, self._notices)
        self.index = DayIndex(
            self.index_path,
            self.days_dir,
            lock_timeout,
            lambda day: self._quarantine(day, locked=False),
        )
        # The last few day files parsed, each with its (path, mtime, size, inode) stamp:
        # opening a day and then looking up its briefings parses the file once, not twice,
        # even while neighbouring days are opened ahead from another thread.
        self._parsed: dict[dt.date, tuple[_Stamp, DayFile]] = {}
        # The briefings kept inside older day files, by the same stamp, for more days:
        # looking up a briefing must not parse the whole day again.
        self._old_briefings: dict[dt.date, tuple[_Stamp, tuple[Briefing, ...]]] = {}
        # The reader's prefetch thread and the event loop both read days: the dict's
        # check-then-insert-then-evict must not interleave.
        self._parsed_lock = threading.Lock()
        # The day lists, with the stamp of the index and of the days folder they were read
        # at: the reader asks for them on every move, and 250 entries cost ~6 ms to parse.
        self._days: _Listing[DayInfo] = _Listing()
        self._counts: _Listing[DayCount] = _Listing()
        self._entries: tuple[tuple[int, ...] | None, dict[str, Any]] = (None, {})  # raw, as read

    # -- notices -------------------------------------------------------------

    def take_notices(self) -> list[str]:
        """One-line notices produced since the last call (corrupt files moved aside)."""
        notices = list(self._notices)
        self._notices.clear()  # the list is shared with the briefing files
        return notices

    # -- days ----------------------------------------------------------------

    def day_path(self, day: dt.date) -> Path:
        """The file of ``day``."""
        return self.days_dir / f"{day.isoformat()}.json"

    def load_day(self, day: dt.date) -> StoredDay | None:
        """The cached ``day``, or None when it is not cached (or was corrupt)."""
        parsed = self._read_day(day)
        if parsed is None:
            return None
        self._check_entry(day, parsed)
        return parsed.stored

    def _check_entry(self, day: dt.date, parsed: DayFile) -> None:
        """Correct the index when its entry of ``day`` disagrees with the file just read
        (a writer killed between the two writes): the day file is the truth."""
        from .dayfile import day_info

        with self._parsed_lock:
            kept = self._parsed.get(day)
        if kept is None or kept[1] is not parsed:
            return  # read under another stamp meanwhile: the next read checks
        stamp = self._listing_stamp()
        read = self._entries
        entries = read[1] if stamp is not None and read[0] == stamp else self.index.load()
        if entries is None:
            return  # no index: the next listing builds it from the day files
        info = day_info(parsed.stored)
        try:
            if info_from_entry(day.isoformat(), entries.get(day.isoformat())) == info:
                return
        except (KeyError, ValueError, TypeError, AttributeError):
            pass
        path = kept[0][0]
        self.index.correct(day, info, lambda: _stamp(path, path.stat()) == kept[0])

    def save_day(
        self,
        day: dt.date,
        papers: Sequence[Paper],
        assignments: Sequence[Assignment],
        *,
        sources: Sequence[str],
        taxonomy_version: str,
        fetched_at: str | None = None,
    ) -> SavedDay:
        """Merge ``papers`` into the cached ``day`` and write it; returns what it wrote.

        Earlier papers are never dropped (the newer version of a paper wins), new
        assignments replace old ones of the same paper, sources add up. Briefings an
        older version kept in the day file move to the day's briefing file first.
        ``fetched_at`` keeps a fetch time (a day sorted again); by default it is now.
        """
        from .dayfile import DayFile, SavedDay, StoredDay, day_info, day_tables, now_iso
        from .tinydb_files import AtomicJSONStorage

        path = self.day_path(day)
        with FileLock(path, self.lock_timeout):
            remove_stale_temps(path)
            old = self._read_day(day, locked=True)
            merged: dict[str, Paper] = {}
            labels: dict[str, Assignment] = {}
            old_sources: tuple[str, ...] = ()
            if old is not None:
                merged = {p.arxiv_id: p for p in old.stored.papers}
                labels = {a.arxiv_id: a for a in old.stored.assignments}
                old_sources = old.stored.sources
                self.briefings.adopt(day, old.briefings)
            for paper in papers:
                seen = merged.get(paper.arxiv_id)
                # The fresh record goes first, so it wins when versions are equal.
                merged[paper.arxiv_id] = paper if seen is None else paper.merged_with(seen)
            for assignment in assignments:
                labels[assignment.arxiv_id] = assignment
            stored = StoredDay(
                day=day,
                papers=tuple(merged.values()),
                assignments=tuple(labels.values()),
                sources=tuple(dict.fromkeys((*old_sources, *sources))),
                taxonomy_version=taxonomy_version,
                fetched_at=fetched_at or now_iso(),
            )
            AtomicJSONStorage(path).write(day_tables(stored))
            stamp = _stamp(path, path.stat())  # under the lock: the file just written
            with self._parsed_lock:
                _keep_newest(self._parsed, day, (stamp, DayFile(stored, ())), PARSED_DAYS)
                _keep_newest(self._old_briefings, day, (stamp, ()), OLD_BRIEFING_DAYS)
            info = day_info(stored)
            self.index.set_entry(day, info)
        return SavedDay(stored, info, stamp[1:])

    def days(self) -> list[DayInfo]:
        """Every cached day, oldest first (from the index, rebuilt when it is off)."""
        return self._listing(self._days, info_from_entry)

    def day_counts(self) -> list[DayCount]:
        """Every cached day with its paper count, oldest first: all that moving between
        days needs, read without decoding each entry of the index as :meth:`days` does."""
        return self._listing(self._counts, _day_count)

    def day_info(self, day: dt.date) -> DayInfo | None:
        """The index entry of ``day`` alone, or None when it is not cached."""
        stamp = self._listing_stamp()
        for info in self._days.get(stamp) or ():
            if info.day == day:
                return info
        read = self._entries
        entries = read[1] if stamp is not None and read[0] == stamp else self.index.entries()
        entry = entries.get(day.isoformat())
        if entry is None:
            return None
        try:
            return info_from_entry(day.isoformat(), entry)
        except (KeyError, ValueError, TypeError, AttributeError):
            return next((info for info in self.days() if info.day == day), None)

    def _listing(self, memo: _Listing[T], read: Callable[[str, Any], T]) -> list[T]:
        """``read`` of every index entry (day, entry), oldest first, remembered in ``memo``
        while the index and the days folder stay as they are."""
        before = self._listing_stamp()
        remembered = memo.get(before)
        if remembered is not None:
            return list(remembered)
        entries = self.index.entries()
        try:
            listing = [read(day, entries[day]) for day in sorted(entries)]
        except (KeyError, ValueError, TypeError, AttributeError):
            entries = self.index.rebuild(force=True)  # well-formed outside, not inside
            listing = [read(day, entries[day]) for day in sorted(entries)]
        # Remember only a listing that nothing changed while it was read.
        stamp = before if self._listing_stamp() == before else None
        memo.keep(stamp, listing)
        self._entries = (stamp, entries)
        return list(listing)

    def _listing_stamp(self) -> tuple[int, ...] | None:
        """Changes whenever the index or the set of day files changes (files are replaced
        whole, which also touches the folder)."""
        try:
            index, folder = self.index_path.stat(), self.days_dir.stat()
        except OSError:
            return None
        return (index.st_mtime_ns, index.st_size, index.st_ino, folder.st_mtime_ns)

    def newest_day(self) -> dt.date | None:
        """The newest cached day, or None when the cache is empty.

        Only the newest entry is decoded: opening the newest day then costs the same with
        one day cached or a year of them (``bench/bench_cache_open.py``).
        """
        remembered = self._counts.get(self._listing_stamp())
        if remembered is not None:
            return remembered[-1][0] if remembered else None
        entries = self.index.entries()
        if not entries:
            return None
        newest = max(entries)  # ISO dates sort as days do
        try:
            return info_from_entry(newest, entries[newest]).day
        except (KeyError, ValueError, TypeError, AttributeError):
            days = self.days()  # a bad entry: the full listing rebuilds the index
            return days[-1].day if days else None

    # -- briefings -----------------------------------------------------------

    def briefings_of(self, day: dt.date) -> list[Briefing]:
        """Every cached briefing of ``day``."""
        found = self.briefings.read(day)
        return list(found if found is not None else self._briefings_in_day_file(day))

    def _briefings_in_day_file(self, day: dt.date) -> tuple[Briefing, ...]:
        """The briefings an older version kept inside the day file (none in newer files)."""
        path = self.day_path(day)
        try:
            stat = path.stat()
        except OSError:
            stat = None
        if stat is not None:
            with self._parsed_lock:
                kept = self._old_briefings.get(day)
            if kept is not None and kept[0] == _stamp(path, stat):
                return kept[1]
        parsed = self._read_day(day)
        return () if parsed is None else parsed.briefings

    def get_briefing(self, day: dt.date, key: str) -> Briefing | None:
        """The briefing of ``day`` whose ``cache_key`` is ``key``, or None."""
        for briefing in self.briefings_of(day):
            if briefing.cache_key == key:
                return briefing
        return None

    def put_briefing(self, briefing: Briefing) -> None:
        """Store ``briefing``, replacing the one with the same ``cache_key``.

        Only the day's briefing file is written, never the day file. Raises ValueError
        for an incomplete briefing, CacheError when its day is not cached.
        """
        if not briefing.complete:
            raise ValueError("only complete briefings can be cached")
        day = briefing.day
        if not self.day_path(day).is_file():
            raise CacheError(f"cannot cache the briefing: {day.isoformat()} is not in the cache")
        self.briefings.put(briefing, lambda: self._briefings_in_day_file(day))

    # -- LLM labels (core.store.labels) ----------------------------------------

    def get_labels(self, taxonomy_version: str, ids: Sequence[str]) -> dict[str, Assignment]:
        """Cached LLM assignments of ``ids`` under ``taxonomy_version`` (missing ids left out)."""
        return self.labels.get(taxonomy_version, ids)

    def put_labels(self, taxonomy_version: str, assignments: Sequence[Assignment]) -> None:
        """Add ``assignments`` to the label cache of ``taxonomy_version`` (same id: replaced)."""
        self.labels.put(taxonomy_version, assignments)

    # -- reading and quarantine ------------------------------------------------

    def day_stamp(self, day: dt.date) -> tuple[int, int, int] | None:
        """(mtime, size, inode) of the day's file, or None: it changes whenever the day does.

        Writers replace the file whole (a new inode), so an equal stamp means equal content.
        """
        try:
            stat = self.day_path(day).stat()
        except OSError:
            return None
        return (stat.st_mtime_ns, stat.st_size, stat.st_ino)

    def _read_day(self, day: dt.date, *, locked: bool = False) -> DayFile | None:
        from .dayfile import parse_day_file

        path = self.day_path(day)
        try:
            stat = path.stat()
        except FileNotFoundError:
            return None
        except OSError:
            stat = None  # let read_json report it as usual
        # Writers replace the file (new inode), so an unchanged stamp means unchanged content.
        # Stat before reading: a file replaced in between is cached under the old stamp and
        # simply read again next time (under the lock, the stamp cannot change meanwhile).
        stamp = None if stat is None else _stamp(path, stat)
        with self._parsed_lock:
            remembered = self._parsed.get(day)
        if stamp is not None and remembered and remembered[0] == stamp:
            return remembered[1]
        try:
            parsed = parse_day_file(read_json(path), day, path)
        except CorruptFileError:
            self._quarantine(day, locked=locked)
            return None
        if stamp is not None:
            with self._parsed_lock:
                _keep_newest(self._parsed, day, (stamp, parsed), PARSED_DAYS)
                _keep_newest(self._old_briefings, day, (stamp, parsed.briefings), OLD_BRIEFING_DAYS)
        return parsed

    def _quarantine(self, day: dt.date, *, locked: bool) -> None:
        """Move a corrupt day file aside, drop it from the index and say so."""
        path = self.day_path(day)
        if not locked:
            with FileLock(path, self.lock_timeout):
                self._quarantine(day, locked=True)
            return
        try:
            # Another process may have replaced the file since we read it.
            from .dayfile import parse_day_file

            parse_day_file(read_json(path), day, path)
            return
        except CorruptFileError:
            pass
        except CacheError:
            return
        aside = move_aside(path)
        if aside is None:
            return
        self.index.set_entry(day, None)
        self._notices.append(
            f"cache file for {day.isoformat()} was corrupt; moved aside to {aside}"
            " and will be fetched again"
        )
