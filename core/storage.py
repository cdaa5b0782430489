"""A TinyDB storage that never leaves a torn file behind.

Each write goes to a temp file in the same folder, is flushed and fsynced, renamed
over the target with ``os.replace`` and the folder is fsynced: a reader, or a
process killed at any instant, sees the old file or the new one, never a mix.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from tinydb import Storage, TinyDB
from tinydb.storages import MemoryStorage

from core.atomic_write import os_reason, replace_atomically
from core.errors import CacheError
from core.text import clean_line


class CorruptFileError(CacheError):
    """A cache file exists but is not the JSON we wrote."""


def read_json(path: Path) -> Any | None:
    """The parsed JSON of ``path``; None when it is missing or empty.

    Raises CorruptFileError when it does not parse, CacheError when it cannot be read.
    """
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as error:
        raise CacheError(f"cannot read the cache at {path}: {os_reason(error)}") from None
    if not raw.strip():
        return None
    try:
        return json.loads(raw)
    except (UnicodeDecodeError, ValueError, RecursionError) as error:
        detail = clean_line(str(error))[:80]
        raise CorruptFileError(f"cache file {path} is not valid JSON: {detail}") from None


def write_bytes_atomic(path: Path, data: bytes, *, durable: bool = True) -> None:
    """Replace ``path`` with ``data`` whole, or raise CacheError and leave it as it was.

    ``durable=False`` skips the fsyncs (still atomic for readers, not across a power
    cut); only for building throw-away caches such as the benchmark's.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        replace_atomically(path, data, durable=durable)
    except OSError as error:
        raise CacheError(f"cannot write the cache at {path}: {os_reason(error)}") from None


def dump_json(data: Any) -> bytes:
    """Compact JSON, non-ASCII escaped (``\\uXXXX``): that encoder is about 40 % faster."""
    return json.dumps(data, separators=(",", ":")).encode("ascii")


def write_json_atomic(path: Path, data: Any, *, durable: bool = True) -> None:
    """Write ``data`` as compact JSON to ``path`` atomically (see :func:`write_bytes_atomic`)."""
    write_bytes_atomic(path, dump_json(data), durable=durable)


def build_tables(tables: Mapping[str, Sequence[dict[str, Any]]]) -> dict[str, dict[str, Any]]:
    """The TinyDB form of ``tables``, built in memory with one ``insert_multiple`` each."""
    db = TinyDB(storage=MemoryStorage)
    for name, docs in tables.items():
        db.table(name).insert_multiple(docs)
    data: dict[str, dict[str, Any]] = db.storage.read() or {}
    return data


def remove_stale_temps(path: Path) -> None:
    """Delete temp files a killed writer of ``path`` left behind (call under its lock)."""
    with contextlib.suppress(OSError):
        for stale in path.parent.glob(f".{path.name}.*.tmp"):
            with contextlib.suppress(OSError):
                stale.unlink()


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
