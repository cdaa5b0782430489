"""Parsed taxonomies kept as JSON beside the cache, so a start does not parse TOML.

The file is named by the taxonomy's content hash: an edited taxonomy.toml is a new
file, and a cache entry that does not read back cleanly is simply parsed again.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

from ..errors import CacheError
from ..models import Category, Taxonomy
from ..store.jsonfile import read_json, write_json_atomic

_LISTS = ("keywords", "phrases", "arxiv_hints")


def cached_path(cache_dir: Path, version: str) -> Path:
    """Where the taxonomy with content hash ``version`` is kept."""
    return cache_dir / f"taxonomy-{version}.json"


def _texts(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise TypeError("not a list of text")
    return tuple(value)


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError("not text")
    return value


def _category(data: Any) -> Category:
    return Category(
        name=_text(data["name"]),
        emoji=_text(data["emoji"]),
        description=_text(data["description"]),
        keywords=_texts(data["keywords"]),
        phrases=_texts(data["phrases"]),
        arxiv_hints=_texts(data["arxiv_hints"]),
        broad=data.get("broad", False) is True,
    )


def read_cached(cache_dir: Path, version: str) -> Taxonomy | None:
    """The kept taxonomy ``version``, or None when it is missing or unreadable."""
    try:
        data = read_json(cached_path(cache_dir, version))
        if data is None or data["version"] != version:
            return None
        categories = tuple(_category(item) for item in data["categories"])
        fallback = data["fallback"]
        if not categories or fallback not in {c.name for c in categories}:
            return None
        return Taxonomy(categories=categories, version=version, fallback=fallback)
    except (CacheError, KeyError, TypeError, ValueError):
        return None


def write_cached(cache_dir: Path, taxonomy: Taxonomy) -> None:
    """Keep ``taxonomy`` for the next start; a cache that cannot be written is skipped."""
    data = {
        "version": taxonomy.version,
        "fallback": taxonomy.fallback,
        "categories": [
            {
                "name": c.name,
                "emoji": c.emoji,
                "description": c.description,
                "broad": c.broad,
                **{key: list(getattr(c, key)) for key in _LISTS},
            }
            for c in taxonomy.categories
        ],
    }
    with contextlib.suppress(CacheError):
        write_json_atomic(cached_path(cache_dir, taxonomy.version), data, durable=False)
