"""The on-disk format of the day cache's day files (index entries: ``core.store.index``).

``core.store.days`` reads and writes these files; this module only converts between
their JSON shape and the records in ``core.papers`` and ``core.briefings.record``.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..briefings.record import Briefing
from ..models import SCHEMA_VERSION, DayInfo
from ..papers import Assignment, Paper
from .jsonfile import CorruptFileError
from .serialize import (
    assignment_from_dict,
    assignment_to_dict,
    briefing_from_dict,
    paper_from_dict,
    paper_to_dict,
)
from .tinydb_files import build_tables

TABLES = ("meta", "papers", "assignments")
OLD_BRIEFINGS = "summaries"  # a table of day files from before briefings had their own


@dataclass(frozen=True, slots=True)
class StoredDay:
    """A cached day, as :meth:`Store.load_day` returns it."""

    day: dt.date
    papers: tuple[Paper, ...]
    assignments: tuple[Assignment, ...]
    sources: tuple[str, ...]
    taxonomy_version: str
    fetched_at: str


@dataclass(frozen=True, slots=True)
class DayFile:
    """A parsed day file, with the briefings an older version kept inside it."""

    stored: StoredDay
    briefings: tuple[Briefing, ...]  # only in files written before ``core.store.briefings``


@dataclass(frozen=True, slots=True)
class SavedDay:
    """What :meth:`Store.save_day` wrote: the merged day, its index entry, and the
    file's (mtime, size, inode) stamp, as :meth:`Store.day_stamp` gives it."""

    stored: StoredDay
    info: DayInfo
    stamp: tuple[int, int, int]


def day_tables(stored: StoredDay) -> dict[str, dict[str, Any]]:
    """The whole content of a day file (TinyDB form); briefings live in their own files."""
    meta = {
        "schema": SCHEMA_VERSION,
        "day": stored.day.isoformat(),
        "sources": list(stored.sources),
        "taxonomy_version": stored.taxonomy_version,
        "fetched_at": stored.fetched_at,
    }
    return build_tables(
        {
            "meta": [meta],
            "papers": [paper_to_dict(p) for p in stored.papers],
            "assignments": [assignment_to_dict(a) for a in stored.assignments],
        }
    )


def day_info(stored: StoredDay) -> DayInfo:
    """The index entry of ``stored``: paper count and papers per category."""
    ids = {p.arxiv_id for p in stored.papers}
    counts = Counter(a.category for a in stored.assignments if a.arxiv_id in ids)
    ordered = tuple(sorted(counts.items(), key=lambda item: (-item[1], item[0])))
    return DayInfo(
        stored.day,
        len(stored.papers),
        stored.sources,
        ordered,
        stored.fetched_at,
        stored.taxonomy_version,
    )


def parse_day_file(data: Any, day: dt.date, path: Path) -> DayFile:
    """Check and parse a day file; CorruptFileError on anything we did not write."""
    try:
        if not isinstance(data, dict) or not all(isinstance(data.get(t), dict) for t in TABLES):
            raise ValueError("missing tables")
        metas = list(data["meta"].values())
        if len(metas) != 1 or not isinstance(metas[0], dict):
            raise ValueError("no meta record")
        meta = metas[0]
        if meta.get("schema") != SCHEMA_VERSION:
            raise ValueError(f"schema {meta.get('schema')!r}, expected {SCHEMA_VERSION}")
        if meta.get("day") != day.isoformat():
            raise ValueError("meta.day does not match the file name")
        stored = StoredDay(
            day=day,
            papers=tuple(paper_from_dict(d) for d in data["papers"].values()),
            assignments=tuple(assignment_from_dict(d) for d in data["assignments"].values()),
            sources=tuple(str(s) for s in meta["sources"]),
            taxonomy_version=str(meta["taxonomy_version"]),
            fetched_at=str(meta["fetched_at"]),
        )
        old = data.get(OLD_BRIEFINGS) or {}
        briefings = tuple(briefing_from_dict(d) for d in old.values())
    except (KeyError, ValueError, TypeError, AttributeError) as error:
        raise CorruptFileError(f"cache file {path} has the wrong shape: {error}") from None
    return DayFile(stored, briefings)


def now_iso() -> str:
    """The current UTC time, to the second, in ISO 8601 (``2024-11-15T10:00:00+00:00``)."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
