"""Reading and writing the reader's JSON files: atomic, locked, corrupt files moved aside."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..errors import CacheError
from ..store.atomic import os_reason, replace_atomically
from ..store.jsonfile import move_aside
from ..text import clean_line


def read_state(path: Path, kind: str, version: int, notices: list[str]) -> dict[str, Any]:
    """The JSON object in ``path`` (``{}`` when missing).

    A file that does not parse, or is not an object of this ``version``, is moved aside
    and a one-line notice naming ``kind`` is added to ``notices``; ``{}`` is returned.
    """
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return {}
    except OSError as error:
        raise CacheError(f"cannot read {path}: {os_reason(error)}") from None
    reason = ""
    data: Any = None
    try:
        data = json.loads(raw)
    except (UnicodeDecodeError, ValueError, RecursionError) as error:
        reason = clean_line(str(error))[:60]
    if not reason and not (isinstance(data, dict) and data.get("version") == version):
        reason = f"not a version {version} {kind} file"
    if not reason:
        return data  # type: ignore[no-any-return]
    aside = move_aside(path)
    if aside is not None:
        notices.append(f"your {kind} file was unreadable ({reason}); moved aside to {aside}")
    return {}


def write_state(path: Path, data: dict[str, Any]) -> None:
    """Replace ``path`` with ``data`` as JSON, whole or not at all (CacheError on failure)."""
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        replace_atomically(path, body.encode("utf-8"))
    except OSError as error:
        raise CacheError(f"cannot write {path}: {os_reason(error)}") from None
