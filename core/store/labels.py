"""The LLM label cache (``labels.json``): the model's category of each paper, one TinyDB
table per taxonomy version, so a paper is sent to the model once per taxonomy."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .filelock import FileLock
from .jsonfile import CorruptFileError, move_aside, remove_stale_temps

if TYPE_CHECKING:
    from ..papers import Assignment


class Labels:
    """``labels.json``; notices of a corrupt file moved aside go to ``notices``."""

    def __init__(self, path: Path, lock_timeout: float, notices: list[str]) -> None:
        self.path = path
        self.lock_timeout = lock_timeout
        self.notices = notices

    def get(self, taxonomy_version: str, ids: Sequence[str]) -> dict[str, Assignment]:
        """Cached assignments of ``ids`` under ``taxonomy_version`` (missing ids left out)."""
        from .serialize import assignment_from_dict

        table = self._read().get(taxonomy_version, {})
        wanted = set(ids)
        found: dict[str, Assignment] = {}
        for doc in table.values():
            try:
                assignment = assignment_from_dict(doc)
            except (KeyError, ValueError, TypeError, AttributeError):
                continue  # one bad record costs one re-classification, nothing more
            if assignment.arxiv_id in wanted:
                found[assignment.arxiv_id] = assignment
        return found

    def put(self, taxonomy_version: str, assignments: Sequence[Assignment]) -> None:
        """Add ``assignments`` to the table of ``taxonomy_version`` (same id: replaced)."""
        from .serialize import assignment_to_dict
        from .tinydb_files import AtomicJSONStorage, build_tables

        if not assignments:
            return
        with FileLock(self.path, self.lock_timeout):
            remove_stale_temps(self.path)
            data = self._read(locked=True)
            docs = {
                str(doc.get("id")): doc
                for doc in data.get(taxonomy_version, {}).values()
                if isinstance(doc, dict)
            }
            for assignment in assignments:
                docs[assignment.arxiv_id] = assignment_to_dict(assignment)
            tables = {name: list(table.values()) for name, table in data.items()}
            tables[taxonomy_version] = list(docs.values())
            AtomicJSONStorage(self.path).write(build_tables(tables))

    def _read(self, *, locked: bool = False) -> dict[str, dict[str, Any]]:
        from .tinydb_files import AtomicJSONStorage

        try:
            return AtomicJSONStorage(self.path).read() or {}
        except CorruptFileError:
            if not locked:
                return {}  # the next put, under the lock, moves it aside
            aside = move_aside(self.path)
            if aside is not None:
                self.notices.append(
                    f"the label cache was corrupt; moved aside to {aside} and will be rebuilt"
                )
            return {}
