"""Writing ``[lists]`` back to config.toml, keeping every other setting and comment.

Only the ``[lists]`` table is rewritten (comments inside it are not kept); the rest of
the file is left byte for byte. The result is parsed again before it replaces the file,
and it replaces it atomically.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from ..config import LIST_NAMES, ListsConfig
from ..errors import ConfigError
from ..store.atomic import os_reason, replace_atomically
from ..text import clean_line

_TABLE = re.compile(r"^\s*\[\s*lists\s*\]\s*(#.*)?$")
_ANY_TABLE = re.compile(r"^\s*\[")


def _toml_string(text: str) -> str:
    # A JSON string is a valid TOML basic string (same escapes, \uXXXX for controls).
    return json.dumps(clean_line(text), ensure_ascii=False)


def lists_table(lists: ListsConfig) -> str:
    """The ``[lists]`` table as TOML text."""
    lines = ["[lists]"]
    for name in LIST_NAMES:
        items = getattr(lists, name)
        lines.append(f"{name} = [{', '.join(_toml_string(i) for i in items)}]")
    return "\n".join(lines) + "\n"


def _parse(text: str, path: Path) -> dict[str, Any]:
    import tomllib

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: {error}; fix it before editing the lists") from None
    except RecursionError:
        raise ConfigError(f"{path}: nested too deeply; fix it before editing the lists") from None


def save_lists(path: Path, lists: ListsConfig) -> None:
    """Put ``lists`` in the config file at ``path`` (created if missing)."""
    lists = ListsConfig(
        *(tuple(p for i in getattr(lists, n) if (p := clean_line(i))) for n in LIST_NAMES)
    )
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        text = ""
    except (OSError, UnicodeDecodeError) as error:
        reason = os_reason(error) if isinstance(error, OSError) else "not UTF-8 text"
        raise ConfigError(f"cannot read {path}: {reason}") from None
    before = _parse(text, path)
    lines = text.splitlines(keepends=True)
    start = next((n for n, line in enumerate(lines) if _TABLE.match(line)), None)
    if start is None:
        if "lists" in before:
            raise ConfigError(f"{path}: lists are set outside a [lists] table; edit them by hand")
        gap = "" if not text else ("\n" if text.endswith("\n") else "\n\n")
        new = text + gap + lists_table(lists)
    else:
        end = next(
            (n for n in range(start + 1, len(lines)) if _ANY_TABLE.match(lines[n])), len(lines)
        )
        tail = "".join(lines[end:])
        new = "".join(lines[:start]) + lists_table(lists) + ("\n" + tail if tail else "")
    after = _parse(new, path)
    before.pop("lists", None)
    after_lists = after.pop("lists", None)
    if before != after or after_lists != {n: list(getattr(lists, n)) for n in LIST_NAMES}:
        raise ConfigError(f"{path}: the lists could not be written without changing other settings")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        replace_atomically(path, new.encode("utf-8"), shared=True)
    except OSError as error:
        raise ConfigError(f"cannot write {path}: {os_reason(error)}") from None
