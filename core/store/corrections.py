"""The reader's corrections: papers moved by hand to another category.

They are the reader's own data, not cache: ``<data_dir>/reader/corrections.json``,
written whole or not at all (temp file, fsync, rename) under a lock, so a deleted
``cache/``, a re-fetch or a new taxonomy version leaves them in place. Each correction
keeps the paper's title, the start of its abstract and its arXiv classes: the learned
classifier reads them as labelled examples (:mod:`core.topics.learned`), even after the
day they came from is gone from the cache.

A correction whose category is no longer in the taxonomy is ignored (the paper goes
back to automatic classification) with a one-line notice; it stays in the file, so it
counts again if the category comes back. A corrupt file is moved aside with a notice.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import CacheError, InsightsError
from ..models import Taxonomy
from ..papers import CORRECTED, Assignment, Paper
from ..text import clean_line
from ..topics.learned import Example
from .filelock import FileLock
from .jsonfile import (
    CorruptFileError,
    move_aside,
    read_json,
    remove_stale_temps,
    write_json_atomic,
)

FORMAT = 1
ABSTRACT_CHARS = 2_000  # enough for the learned model; keeps the file small
FILE_NAME = "corrections.json"


@dataclass(frozen=True, slots=True)
class Correction:
    """One paper moved by hand: where it went, where it came from, what it says."""

    arxiv_id: str
    category: str
    moved_from: str
    day: dt.date
    title: str
    abstract: str
    arxiv_classes: tuple[str, ...]
    at: str

    def to_dict(self) -> dict[str, Any]:
        """The JSON form (the id is the key around it)."""
        return {
            "category": self.category,
            "from": self.moved_from,
            "day": self.day.isoformat(),
            "title": self.title,
            "abstract": self.abstract,
            "classes": list(self.arxiv_classes),
            "at": self.at,
        }

    @classmethod
    def from_dict(cls, arxiv_id: str, data: Any) -> Correction:
        """Parse one entry; raises KeyError/TypeError/ValueError when it is malformed."""
        if not isinstance(data, dict):
            raise TypeError("not an object")
        classes = data.get("classes", [])
        if not isinstance(classes, list):
            raise TypeError("classes is not a list")
        category = data["category"]
        if not isinstance(category, str) or not category:
            raise ValueError("no category")
        return cls(
            arxiv_id=arxiv_id,
            category=category,
            moved_from=str(data.get("from", "")),
            day=dt.date.fromisoformat(str(data["day"])),
            title=str(data.get("title", "")),
            abstract=str(data.get("abstract", "")),
            arxiv_classes=tuple(str(c) for c in classes),
            at=str(data.get("at", "")),
        )


def _parse(data: Any, path: Path, notices: list[str]) -> dict[str, Correction]:
    """The corrections of a parsed file; CorruptFileError when it is not ours.

    A bad entry inside a good file costs that entry only (with a notice).
    """
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise CorruptFileError("not a corrections file of this version")
    entries = data.get("corrections")
    if not isinstance(entries, dict):
        raise CorruptFileError("no corrections table")
    parsed: dict[str, Correction] = {}
    for key, value in entries.items():
        try:
            parsed[str(key)] = Correction.from_dict(str(key), value)
        except (KeyError, TypeError, ValueError) as error:
            reason = clean_line(str(error))[:60] or "malformed"
            notices.append(
                f"corrections file {path}: entry {clean_line(str(key))[:40]} skipped ({reason})"
            )
    return parsed


class Corrections:
    """The corrections file, read on first use and again whenever it changes on disk."""

    def __init__(self, path: Path, *, lock_timeout: float = 10.0) -> None:
        self.path = path
        self.lock_timeout = lock_timeout
        self._items: dict[str, Correction] = {}
        self._stamp: tuple[int, int, int] | None = None
        self._loaded = False
        self._notices: list[str] = []
        self._warned: set[tuple[str, str]] = set()
        self._lock = threading.Lock()

    # -- reading ------------------------------------------------------------
    def _file_stamp(self) -> tuple[int, int, int] | None:
        try:
            stat = self.path.stat()
        except OSError:
            return None
        return (stat.st_mtime_ns, stat.st_size, stat.st_ino)

    def _read(self, *, locked: bool = False) -> dict[str, Correction]:
        """The file's corrections; a corrupt file is moved aside (with a notice)."""
        try:
            return (
                _parse(read_json(self.path), self.path, self._notices) if self.path.exists() else {}
            )
        except CorruptFileError as error:
            if not locked:
                with FileLock(self.path, self.lock_timeout):
                    return self._read(locked=True)
            aside = self._move_aside()
            if aside is not None:
                self._notices.append(
                    f"corrections file {self.path} was corrupt ({error}); moved aside to {aside}"
                )
            return {}
        except CacheError as error:
            self._notices.append(str(error).replace("cache", "corrections file", 1))
            return {}

    def _move_aside(self) -> Path | None:
        try:
            return move_aside(self.path)
        except CacheError:
            return None

    def all(self) -> dict[str, Correction]:
        """Every correction by paper id (a copy)."""
        with self._lock:
            stamp = self._file_stamp()
            if not self._loaded or stamp != self._stamp:
                self._items = self._read()
                self._stamp = self._file_stamp()
                self._loaded = True
            return dict(self._items)

    def take_notices(self) -> list[str]:
        """One-line notices since the last call (a corrupt file, a category gone)."""
        with self._lock:
            notices, self._notices = self._notices, []
        return notices

    # -- writing ------------------------------------------------------------
    def _write(self, update: dict[str, Correction | None]) -> None:
        """Apply ``update`` (None removes) to the file, read again under its lock."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with FileLock(self.path, self.lock_timeout):
                remove_stale_temps(self.path)
                items = self._read(locked=True)
                for arxiv_id, correction in update.items():
                    if correction is None:
                        items.pop(arxiv_id, None)
                    else:
                        items[arxiv_id] = correction
                data = {
                    "format": FORMAT,
                    "corrections": {key: c.to_dict() for key, c in sorted(items.items())},
                }
                write_json_atomic(self.path, data)
        except OSError as error:
            raise InsightsError(f"cannot save the correction in {self.path}: {error}") from None
        except CacheError as error:
            raise InsightsError(str(error).replace("the cache", "the corrections file")) from None
        with self._lock:
            self._loaded = False  # read back on next use (picks up the new stamp)

    def move(self, paper: Paper, day: dt.date, category: str, moved_from: str) -> Correction:
        """Keep ``paper`` (of ``day``) in ``category`` from now on; return the correction."""
        correction = Correction(
            arxiv_id=paper.arxiv_id,
            category=category,
            moved_from=moved_from,
            day=day,
            title=paper.title,
            abstract=paper.abstract[:ABSTRACT_CHARS],
            arxiv_classes=tuple(
                c for c in dict.fromkeys((paper.primary_category, *paper.categories)) if c
            ),
            at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        )
        self._write({paper.arxiv_id: correction})
        return correction

    def forget(self, arxiv_id: str) -> None:
        """Let ``arxiv_id`` be classified automatically again."""
        self._write({arxiv_id: None})

    # -- using them ---------------------------------------------------------
    def days(self) -> set[dt.date]:
        """The days that have corrections."""
        return {c.day for c in self.all().values()}

    def examples(self, taxonomy: Taxonomy) -> tuple[Example, ...]:
        """The corrections as labelled examples for the learned model (stable order)."""
        names = {c.name for c in taxonomy.categories}
        return tuple(
            Example(c.title, c.abstract, c.arxiv_classes, c.category)
            for _, c in sorted(self.all().items())
            if c.category in names
        )

    def apply(self, assignments: Sequence[Assignment], taxonomy: Taxonomy) -> list[Assignment]:
        """``assignments`` with every corrected paper moved where the reader put it."""
        items = self.all()
        if not items:
            return list(assignments)
        names = {c.name for c in taxonomy.categories}
        result = []
        for assignment in assignments:
            correction = items.get(assignment.arxiv_id)
            if correction is None:
                result.append(assignment)
            elif correction.category in names:
                result.append(
                    Assignment(
                        assignment.arxiv_id,
                        correction.category,
                        assignment.score,
                        (f"moved here by you from {correction.moved_from}",),
                        CORRECTED,
                    )
                )
            else:
                result.append(assignment)
                self._gone(correction)
        return result

    def _gone(self, correction: Correction) -> None:
        key = (correction.arxiv_id, correction.category)
        with self._lock:
            if key in self._warned:
                return
            self._warned.add(key)
            self._notices.append(
                f"{correction.arxiv_id}: category {correction.category!r} is no longer in the"
                " taxonomy; the paper is sorted automatically again"
            )
