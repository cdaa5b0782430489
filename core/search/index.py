"""The search index: an SQLite FTS5 database under ``cache/``, derived from the day files.

``papers`` holds one row per paper of a cached day (id, day, category, title, authors,
abstract); ``fts`` indexes the title, authors and abstract of those rows (an external-
content FTS5 table, so no text is stored twice). A row's id is ``day ordinal * 100,000 +
position``: walking the matches by falling rowid gives the newest days first and stops
after the first page, without ranking every match. ``days`` records the stamp (fetch
time and taxonomy) each day was indexed at, so :meth:`SearchIndex.sync` brings the index
up to date with the day files by indexing only the days that changed.

Nothing here is the only copy of anything: a missing, corrupt or other-version index
is deleted and rebuilt from the day files.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from ..errors import CacheError
from ..text import clean_line
from .query import Query

T = TypeVar("T")
SCHEMA = "1"  # bump when the tables or the tokenizer change: the index is rebuilt
ROWS_PER_DAY = 100_000
_SCHEMA_SQL = (
    "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE days(day TEXT PRIMARY KEY, stamp TEXT NOT NULL, count INTEGER NOT NULL)",
    "CREATE TABLE papers(rowid INTEGER PRIMARY KEY, arxiv_id TEXT NOT NULL, day TEXT NOT NULL,"
    " category TEXT NOT NULL, title TEXT NOT NULL, authors TEXT NOT NULL,"
    " abstract TEXT NOT NULL)",
    "CREATE VIRTUAL TABLE fts USING fts5(title, authors, abstract, content='papers',"
    " content_rowid='rowid', tokenize='unicode61 remove_diacritics 2')",
)


@dataclass(frozen=True, slots=True)
class IndexRow:
    """One paper of a day as the index keeps it."""

    arxiv_id: str
    category: str
    title: str
    authors: tuple[str, ...]
    abstract: str


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One match: the paper and where it sits (its day and category)."""

    arxiv_id: str
    day: dt.date
    category: str
    title: str
    authors: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SearchResults:
    """The first matches, newest day first; ``more`` when others were left out."""

    hits: tuple[SearchHit, ...]
    more: bool

    def by_day(self) -> list[tuple[dt.date, list[SearchHit]]]:
        """The hits grouped by day, newest day first, in their order within each day."""
        groups: dict[dt.date, list[SearchHit]] = {}
        for hit in self.hits:
            groups.setdefault(hit.day, []).append(hit)
        return list(groups.items())


Progress = Callable[[int, int, dt.date], None]  # (done, total, day just indexed)
DayRows = Callable[[dt.date], Sequence[IndexRow] | None]  # None: the day is gone


def _corrupt(error: sqlite3.DatabaseError) -> bool:
    """Whether ``error`` says the file is damaged or not a database at all."""
    code = getattr(error, "sqlite_errorcode", 0) & 0xFF
    return code in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB) or "malformed" in str(error)


def _first_row(day: dt.date) -> int:
    return day.toordinal() * ROWS_PER_DAY


class SearchIndex:
    """One connection to ``path``; safe to share between threads (calls are serialised)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.notices: list[str] = []
        self._lock = threading.RLock()
        self._db: sqlite3.Connection | None = None

    # -- opening ----------------------------------------------------------------
    def _connect(self) -> sqlite3.Connection:
        """The open database, made (or remade) when missing, corrupt or of another schema."""
        if self._db is not None:
            return self._db
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise CacheError(f"cannot write the cache at {self.path.parent}: {error}") from None
        try:
            db = self._open_existing()
        except sqlite3.DatabaseError as error:
            if not _corrupt(error):
                raise
            self.notices.append(
                f"the search index was unreadable ({clean_line(str(error))[:60]}); rebuilding it"
            )
            db = None
        if db is None:
            self._delete_files()
            db = self._create()
        self._db = db
        return db

    def _open_existing(self) -> sqlite3.Connection | None:
        if not self.path.exists():
            return None
        db = self._raw_connect()
        try:
            row = db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
            db.execute("SELECT count(*) FROM days").fetchone()
        except sqlite3.OperationalError as error:
            db.close()
            if "no such table" in str(error):
                return None  # some other SQLite file: derived data, so start afresh
            raise
        except sqlite3.DatabaseError:
            db.close()
            raise
        if row is None or row[0] != SCHEMA:
            db.close()
            return None
        return db

    def _raw_connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=10.0, check_same_thread=False)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute("PRAGMA cache_size=-32000")  # 32 MB: FTS5 merges re-read its pages
        return db

    def _create(self) -> sqlite3.Connection:
        db = self._raw_connect()
        with db:
            for statement in _SCHEMA_SQL:
                db.execute(statement)
            db.execute("INSERT INTO meta VALUES ('schema', ?)", (SCHEMA,))
        return db

    def _delete_files(self) -> None:
        for suffix in ("", "-wal", "-shm", "-journal"):
            with contextlib.suppress(FileNotFoundError):
                self.path.with_name(self.path.name + suffix).unlink()

    def close(self) -> None:
        """Close the connection (it reopens on next use)."""
        with self._lock:
            if self._db is not None:
                self._db.close()
                self._db = None

    def _guarded(self, work: Callable[[sqlite3.Connection], T]) -> T:
        """Run ``work``; a database found corrupt midway is deleted and ``work`` run again.

        Any other database error (busy, disk full) is a one-line CacheError.
        """
        with self._lock:
            try:
                try:
                    return work(self._connect())
                except sqlite3.DatabaseError as error:
                    if not _corrupt(error):
                        raise
                    self.notices.append(
                        f"the search index was corrupt ({clean_line(str(error))[:60]});"
                        " rebuilding it"
                    )
                    self.close()
                    self._delete_files()
                    return work(self._connect())
            except sqlite3.Error as error:
                raise CacheError(f"search index: {clean_line(str(error))[:80]}") from None

    # -- writing ------------------------------------------------------------------
    def indexed(self) -> dict[str, str]:
        """Every indexed day (ISO) with the stamp it was indexed at."""

        def read(db: sqlite3.Connection) -> dict[str, str]:
            return {day: stamp for day, stamp in db.execute("SELECT day, stamp FROM days")}

        return self._guarded(read)

    def put_day(self, day: dt.date, rows: Sequence[IndexRow], stamp: str) -> None:
        """Make ``day``'s papers in the index ``rows`` (one transaction).

        Only papers that are new or changed are written: fetching a day again, when most
        of it is unchanged, costs a few milliseconds instead of indexing it whole.
        """
        iso = day.isoformat()
        first = _first_row(day)
        span = (first, first + ROWS_PER_DAY)
        wanted = {
            row.arxiv_id: (row.category, row.title, "; ".join(row.authors), row.abstract)
            for row in rows[: ROWS_PER_DAY - 1]
        }

        def write(db: sqlite3.Connection) -> None:
            with db:
                have = {
                    arxiv_id: (rowid, (category, title, authors, abstract))
                    for rowid, arxiv_id, category, title, authors, abstract in db.execute(
                        "SELECT rowid, arxiv_id, category, title, authors, abstract FROM papers"
                        " WHERE rowid >= ? AND rowid < ?",
                        span,
                    )
                }
                stale = [
                    (rowid, *values[1:])
                    for arxiv_id, (rowid, values) in have.items()
                    if wanted.get(arxiv_id) != values
                ]
                db.executemany(
                    "INSERT INTO fts(fts, rowid, title, authors, abstract)"
                    " VALUES ('delete', ?, ?, ?, ?)",
                    stale,
                )
                db.executemany("DELETE FROM papers WHERE rowid = ?", [(s[0],) for s in stale])
                kept = {a for a, (_, values) in have.items() if wanted.get(a) == values}
                used = [rowid for a, (rowid, _) in have.items() if a in kept]
                free = max(used, default=first - 1) + 1
                fresh = []
                for arxiv_id, values in wanted.items():
                    if arxiv_id not in kept:
                        fresh.append((free, arxiv_id, iso, *values))
                        free += 1
                if free > span[1]:  # never in practice: renumber the whole day
                    self._drop(db, day)
                    fresh = [(first + n, a, iso, *v) for n, (a, v) in enumerate(wanted.items())]
                db.executemany("INSERT INTO papers VALUES (?, ?, ?, ?, ?, ?, ?)", fresh)
                db.executemany(
                    "INSERT INTO fts(rowid, title, authors, abstract) VALUES (?, ?, ?, ?)",
                    [(f[0], *f[4:]) for f in fresh],
                )
                db.execute(
                    "INSERT OR REPLACE INTO days VALUES (?, ?, ?)", (iso, stamp, len(wanted))
                )

        self._guarded(write)

    def drop_day(self, day: dt.date) -> None:
        """Take ``day`` out of the index."""

        def write(db: sqlite3.Connection) -> None:
            with db:
                self._drop(db, day)
                db.execute("DELETE FROM days WHERE day = ?", (day.isoformat(),))

        self._guarded(write)

    @staticmethod
    def _drop(db: sqlite3.Connection, day: dt.date) -> None:
        first = _first_row(day)
        span = (first, first + ROWS_PER_DAY)
        db.execute(
            "INSERT INTO fts(fts, rowid, title, authors, abstract) SELECT 'delete',"
            " rowid, title, authors, abstract FROM papers WHERE rowid >= ? AND rowid < ?",
            span,
        )
        db.execute("DELETE FROM papers WHERE rowid >= ? AND rowid < ?", span)

    def sync(
        self, wanted: dict[dt.date, str], rows_of: DayRows, progress: Progress | None = None
    ) -> int:
        """Make the index hold exactly the days of ``wanted`` (day -> stamp).

        Days whose stamp differs are indexed again from ``rows_of`` (oldest first, with
        ``progress`` after each); days no longer wanted are dropped. Returns how many days
        were indexed.
        """
        have = self.indexed()
        for name in sorted(set(have) - {d.isoformat() for d in wanted}):
            self.drop_day(dt.date.fromisoformat(name))
        todo = sorted(day for day, stamp in wanted.items() if have.get(day.isoformat()) != stamp)
        for done, day in enumerate(todo, start=1):
            rows = rows_of(day)
            if rows is None:
                self.drop_day(day)
            else:
                self.put_day(day, rows, wanted[day])
            if progress is not None:
                progress(done, len(todo), day)
        return len(todo)

    # -- reading ------------------------------------------------------------------
    def search(
        self, query: Query, *, since: dt.date | None = None, limit: int = 100
    ) -> SearchResults:
        """The first ``limit`` papers matching ``query``, newest day first."""
        low = _first_row(since) if since is not None else 0

        def read(db: sqlite3.Connection) -> SearchResults:
            ids = [
                rowid
                for (rowid,) in db.execute(
                    "SELECT rowid FROM fts WHERE fts MATCH ? AND rowid >= ?"
                    " ORDER BY rowid DESC LIMIT ?",
                    (query.fts, low, limit + 1),
                )
            ]
            more = len(ids) > limit
            ids = ids[:limit]
            if not ids:
                return SearchResults((), False)
            marks = ",".join("?" * len(ids))
            found = {
                row[0]: row[1:]
                for row in db.execute(
                    f"SELECT rowid, arxiv_id, day, category, title, authors FROM papers"
                    f" WHERE rowid IN ({marks})",
                    ids,
                )
            }
            hits = []
            for rowid in ids:
                if rowid in found:
                    arxiv_id, day, category, title, authors = found[rowid]
                    names = tuple(a for a in str(authors).split("; ") if a)
                    hits.append(
                        SearchHit(arxiv_id, dt.date.fromisoformat(day), category, title, names)
                    )
            # Newest day first; within a day by category (in the order first met), then id.
            order = {c: n for n, c in enumerate(dict.fromkeys(h.category for h in hits))}
            hits.sort(key=lambda h: (-h.day.toordinal(), order[h.category], h.arxiv_id))
            return SearchResults(tuple(hits), more)

        return self._guarded(read)

    def day_ids(self, days: Iterable[dt.date] | None = None) -> dict[dt.date, list[str]]:
        """The ids indexed for each day (all days when ``days`` is None)."""

        def read(db: sqlite3.Connection) -> dict[dt.date, list[str]]:
            result: dict[dt.date, list[str]] = {}
            for arxiv_id, day in db.execute("SELECT arxiv_id, day FROM papers"):
                result.setdefault(dt.date.fromisoformat(day), []).append(arxiv_id)
            if days is not None:
                keep = set(days)
                result = {d: ids for d, ids in result.items() if d in keep}
            return result

        return self._guarded(read)
