"""TinyDB over the atomic JSON files of ``core.store.jsonfile``: the day and label files.

Only writing a cache file needs TinyDB; reading one is plain JSON, so the reader
starts without importing it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from tinydb import Storage, TinyDB
from tinydb.storages import MemoryStorage

from .jsonfile import CorruptFileError, read_json, write_json_atomic


def build_tables(tables: Mapping[str, Sequence[dict[str, Any]]]) -> dict[str, dict[str, Any]]:
    """The TinyDB form of ``tables``, built in memory with one ``insert_multiple`` each."""
    db = TinyDB(storage=MemoryStorage)
    for name, docs in tables.items():
        db.table(name).insert_multiple(docs)
    data: dict[str, dict[str, Any]] = db.storage.read() or {}
    return data


class AtomicJSONStorage(Storage):  # type: ignore[misc]
    """TinyDB storage over one JSON file, written atomically on every ``write``.

    Holds no open handle, so a file replaced by another process is seen on the next
    ``read``. Corrupt content raises :class:`CorruptFileError` instead of being
    overwritten.
    """

    def __init__(self, path: str | Path, *, durable: bool = True) -> None:
        super().__init__()
        self.path = Path(path)
        self.durable = durable

    def read(self) -> dict[str, dict[str, Any]] | None:
        """The tables of the file, or None when it does not exist yet."""
        data = read_json(self.path)
        if data is None:
            return None
        if not isinstance(data, dict) or not all(isinstance(t, dict) for t in data.values()):
            raise CorruptFileError(f"cache file {self.path} is not a TinyDB file")
        return data

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        """Replace the file with ``data``: whole, or not at all."""
        write_json_atomic(self.path, data, durable=self.durable)
