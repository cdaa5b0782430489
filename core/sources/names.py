"""Source names: their kind (``listing``, ``hf``, ...) and short forms for one-line messages."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import PurePosixPath
from typing import Literal
from urllib.parse import urlsplit

from ..text import clean_line

_LONGEST = 48

SourceKind = Literal["hf", "arxiv", "sample", "listing", "feed"]
_NAMED: dict[str, SourceKind] = {"hf": "hf", "arxiv": "arxiv", "sample": "sample"}


def is_url(name: str) -> bool:
    """True for an http(s) URL."""
    return name.strip().lower().startswith(("http://", "https://"))


def source_kind(name: str) -> SourceKind | None:
    """What kind of source ``name`` is: ``hf`` (live, or a ``.json`` file saved from it),
    ``arxiv``, ``sample``, ``listing`` (a ``.jsonl`` file or URL, whichever day it holds)
    or ``feed`` (any other URL); None for anything else. A day stores each source by its
    full name (a file by its path, one per day); days of the same kind are comparable."""
    lowered = name.strip().lower()
    if lowered in _NAMED:
        return _NAMED[lowered]
    if is_url(lowered):
        return "listing" if lowered.split("?", 1)[0].endswith(".jsonl") else "feed"
    if lowered.endswith(".jsonl"):
        return "listing"
    return "hf" if lowered.endswith(".json") else None


def is_file(name: str) -> bool:
    """Whether ``name`` is a local file: a ``.jsonl`` listing or a saved ``.json`` HF answer."""
    lowered = name.strip().lower()
    return not is_url(lowered) and lowered.endswith((".jsonl", ".json"))


def needs_network(name: str) -> bool:
    """Whether fetching ``name`` goes over the network (a local file does not)."""
    return source_kind(name) not in (None, "sample") and not is_file(name)


def short_source(name: str) -> str:
    """``hf`` as is; a URL or a path by its file name (or its host); never a password."""
    text = name.strip()
    if is_url(text):
        try:
            parts = urlsplit(text)
            host = parts.hostname or ""
        except ValueError:
            return "a URL source"
        leaf = PurePosixPath(parts.path).name
        shown = leaf or host or "a URL source"
    elif "/" in text or text.endswith((".jsonl", ".json")):
        shown = PurePosixPath(text).name or text
    else:
        shown = text
    shown = clean_line(shown)
    return shown if len(shown) <= _LONGEST else shown[: _LONGEST - 1] + "…"


def dates_held(days: Iterable[dt.date]) -> str:
    """``2026-06-05``, ``2026-06-04 and 2026-06-05``, or ``2026-06-01 to 2026-06-05 (4 days)``."""
    ordered = sorted(set(days))
    if not ordered:
        return "no dated papers"
    if len(ordered) == 1:
        return ordered[0].isoformat()
    if len(ordered) == 2:
        return f"{ordered[0].isoformat()} and {ordered[1].isoformat()}"
    return f"{ordered[0].isoformat()} to {ordered[-1].isoformat()} ({len(ordered)} days)"
