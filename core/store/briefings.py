"""The cached briefings: one small TinyDB file per day, ``briefings/2024-11-15.json``.

A briefing is stored apart from its day's papers, so storing one rewrites a few KB,
not the day. The file holds one table, ``briefings``, one document per briefing, keyed
by its ``key`` (the briefing's ``cache_key``); it is written through TinyDB under the
file's lock and replaced atomically. Reading is plain JSON (no TinyDB to import).

Day files written before briefings moved out still carry a ``briefings`` table. Those
are read as long as the day has no briefing file; the first write (a new briefing, or
the next fetch of the day) copies them here, and from then on this file is the truth.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from .filelock import FileLock
from .jsonfile import CorruptFileError, move_aside, read_json, remove_stale_temps

if TYPE_CHECKING:  # records are imported where a briefing is read: not to start
    from ..briefings.record import Briefing

TABLE = "briefings"
Legacy = Callable[[], "Sequence[Briefing]"]


class Briefings:
    """The briefing files under ``folder``; notices of files moved aside go to ``notices``."""

    def __init__(self, folder: Path, lock_timeout: float, notices: list[str]) -> None:
        self.folder = folder
        self.lock_timeout = lock_timeout
        self.notices = notices

    def path(self, day: dt.date) -> Path:
        """The briefing file of ``day``."""
        return self.folder / f"{day.isoformat()}.json"

    def read(self, day: dt.date) -> tuple[Briefing, ...] | None:
        """The briefings of ``day``; None when it has no file yet (see the module docstring).

        A corrupt file reads as no briefings; the next write moves it aside.
        """
        try:
            return self._read(self.path(day))
        except CorruptFileError:
            return ()

    def put(self, briefing: Briefing, legacy: Legacy) -> None:
        """Store ``briefing``, replacing the briefing with the same key.

        ``legacy`` gives the day file's old briefings, copied in when the file is new.
        """
        from tinydb import TinyDB, where

        from .serialize import briefing_to_dict
        from .tinydb_files import AtomicJSONStorage

        path = self.path(briefing.day)
        with FileLock(path, self.lock_timeout):
            self._prepare(path, legacy)
            with TinyDB(path, storage=AtomicJSONStorage) as db:
                db.table(TABLE).upsert(
                    briefing_to_dict(briefing), where("key") == briefing.cache_key
                )

    def adopt(self, day: dt.date, legacy: Sequence[Briefing]) -> None:
        """Copy a day file's old briefings here, before the day file is written without them."""
        if not legacy:
            return
        path = self.path(day)
        with FileLock(path, self.lock_timeout):
            self._prepare(path, lambda: legacy)

    def _prepare(self, path: Path, legacy: Legacy) -> None:
        """Under the lock: clear stale temps, move a corrupt file aside, copy in ``legacy``
        when there is no file yet."""
        from .serialize import briefing_to_dict
        from .tinydb_files import AtomicJSONStorage, build_tables

        remove_stale_temps(path)
        try:
            if self._read(path) is not None:
                return
        except CorruptFileError:
            aside = move_aside(path)
            if aside is not None:
                self.notices.append(f"briefing file {path} was corrupt; moved aside to {aside}")
        docs = {s.cache_key: briefing_to_dict(s) for s in legacy()}
        AtomicJSONStorage(path).write(build_tables({TABLE: list(docs.values())}))

    def _read(self, path: Path) -> tuple[Briefing, ...] | None:
        from .serialize import briefing_from_dict

        data = read_json(path)
        if data is None:
            return None
        table = data.get(TABLE) if isinstance(data, dict) else None
        if not isinstance(table, dict):
            raise CorruptFileError(f"briefing file {path} is not a TinyDB file")
        found: list[Briefing] = []
        for doc in table.values():
            try:
                found.append(briefing_from_dict(doc))
            except (KeyError, ValueError, TypeError, AttributeError):
                continue  # one bad record costs one briefing written again, nothing more
        return tuple(found)
