"""Reading a taxonomy from TOML: the schema check, and the line a problem is on.

Most starts read the parsed taxonomy back from JSON (``core.topics.taxonomy_cache``); this
runs when the TOML is new or edited.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from typing import Any

from ..errors import InsightsError
from ..models import Category, Taxonomy
from ..text import clean_line
from .taxonomy import FALLBACK_EMOJI, FALLBACK_NAME

_LIST_KEYS = {"keywords": "keywords", "phrases": "phrases", "arxiv": "arxiv_hints"}
_TEXT_KEYS = ("name", "emoji", "description")
_KNOWN_KEYS = set(_TEXT_KEYS) | set(_LIST_KEYS) | {"broad"}
_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column \d+\)|\s*\(at end of document\)")
_HEADER = re.compile(r"^\s*\[\[\s*category\s*\]\]")


@dataclass(frozen=True, slots=True)
class _Problem:
    """A schema error: what is wrong, and where (category index, key)."""

    message: str
    index: int | None = None
    key: str | None = None


def _strings(value: object) -> tuple[str, ...] | None:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        return None
    cleaned = (clean_line(item) for item in value)
    return tuple(dict.fromkeys(item for item in cleaned if item))


def _category(index: int, table: object) -> Category | _Problem:
    if not isinstance(table, dict):
        return _Problem("each [[category]] must be a table", index)
    unknown = sorted(set(table) - _KNOWN_KEYS)
    if unknown:
        return _Problem(f"unknown key {unknown[0]!r} in category", index, unknown[0])
    texts: dict[str, str] = {}
    for key in _TEXT_KEYS:
        value = table.get(key, "")
        if not isinstance(value, str):
            return _Problem(f"{key} must be a string, not {type(value).__name__}", index, key)
        texts[key] = clean_line(value)
    for key in ("name", "emoji"):
        if not texts[key]:
            where = key if key in table else None
            return _Problem(f"category {index + 1} has no {key}", index, where)
    lists: dict[str, tuple[str, ...]] = {}
    for key, field_name in _LIST_KEYS.items():
        strings = _strings(table.get(key, []))
        if strings is None:
            return _Problem(f"{key} must be a list of strings", index, key)
        lists[field_name] = strings
    broad = table.get("broad", False)
    if not isinstance(broad, bool):
        return _Problem("broad must be true or false", index, "broad")
    return Category(
        name=texts["name"],
        emoji=texts["emoji"],
        description=texts["description"],
        keywords=lists["keywords"],
        phrases=lists["phrases"],
        arxiv_hints=lists["arxiv_hints"],
        broad=broad,
    )


def _build(data: dict[str, Any], version: str) -> Taxonomy | _Problem:
    tables = data.get("category")
    if not isinstance(tables, list) or not tables:
        return _Problem("expected one or more [[category]] tables")
    categories: list[Category] = []
    seen: set[str] = set()
    for index, table in enumerate(tables):
        built = _category(index, table)
        if isinstance(built, _Problem):
            return built
        if built.name.casefold() in seen:
            return _Problem(f"duplicate category name {built.name!r}", index, "name")
        seen.add(built.name.casefold())
        categories.append(built)
    if FALLBACK_NAME.casefold() not in seen:
        # The classifier needs a bucket for papers that match nothing.
        categories.append(
            Category(FALLBACK_NAME, FALLBACK_EMOJI, "Papers that fit none of the topics above.")
        )
    fallback = next(c.name for c in categories if c.name.casefold() == FALLBACK_NAME.casefold())
    return Taxonomy(categories=tuple(categories), version=version, fallback=fallback)


def _line_of(text: str, problem: _Problem) -> int:
    """The 1-based line of the offending category (or its key) in ``text``."""
    lines = text.splitlines()
    headers = [number for number, line in enumerate(lines) if _HEADER.match(line)]
    if problem.index is None or problem.index >= len(headers):
        return headers[0] + 1 if headers else 1
    start = headers[problem.index]
    end = headers[problem.index + 1] if problem.index + 1 < len(headers) else len(lines)
    if problem.key:
        key_line = re.compile(rf"^\s*[\"']?{re.escape(problem.key)}[\"']?\s*=")
        for number in range(start, end):
            if key_line.match(lines[number]):
                return number + 1
    return start + 1


def taxonomy_from_toml(data: bytes, origin: str, version: str) -> Taxonomy:
    """Parse and check taxonomy TOML; InsightsError ``<origin> line N: ...`` when it is wrong."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise InsightsError(f"{origin} line 1: not UTF-8 text") from None
    try:
        parsed = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        found = _TOML_POSITION.search(message)
        # "(at line N, column M)", or "(at end of document)": the last line.
        line = int(found.group(1)) if found and found.group(1) else len(text.splitlines())
        reason = _TOML_POSITION.sub("", message).strip() or "invalid TOML"
        raise InsightsError(f"{origin} line {max(1, line)}: {reason}") from None
    except RecursionError:
        raise InsightsError(f"{origin}: nested too deeply to be a taxonomy") from None
    built = _build(parsed, version)
    if isinstance(built, _Problem):
        raise InsightsError(f"{origin} line {_line_of(text, built)}: {built.message}")
    return built
