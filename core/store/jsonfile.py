"""JSON cache files that are never torn (TinyDB's storage on top: ``core.store.tinydb_files``).

Each write goes to a temp file in the same folder, is flushed and fsynced, renamed
over the target with ``os.replace`` and the folder is fsynced: a reader, or a
process killed at any instant, sees the old file or the new one, never a mix.
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path
from typing import Any

from ..errors import CacheError
from ..text import clean_line
from .atomic import os_reason, replace_atomically


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


def move_aside(path: Path) -> Path | None:
    """Rename a corrupt ``path`` to ``<name>.corrupt-<time>``; None when it is gone.

    Raises CacheError when it cannot be moved."""
    import time

    stamp = time.strftime("%Y%m%dT%H%M%S")
    aside, n = path.with_name(f"{path.name}.corrupt-{stamp}"), 1
    while aside.exists():
        aside, n = path.with_name(f"{path.name}.corrupt-{stamp}-{n}"), n + 1
    try:
        os.replace(path, aside)
    except FileNotFoundError:
        return None
    except OSError as error:
        reason = os_reason(error)
        raise CacheError(f"cannot move the corrupt file {path} aside: {reason}") from None
    return aside


def remove_stale_temps(path: Path) -> None:
    """Delete temp files a killed writer of ``path`` left behind (call under its lock)."""
    with contextlib.suppress(OSError):
        for stale in path.parent.glob(f".{path.name}.*.tmp"):
            with contextlib.suppress(OSError):
                stale.unlink()
