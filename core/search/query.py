"""Turning what a person types into a safe FTS5 query: the text is never passed raw.

Words and ``"quoted phrases"`` are kept; every one becomes an FTS5 string (so ``AND``,
``NEAR``, ``-``, ``:``, ``(`` and ``^`` are only text), all of them must match, and a
word ending in ``*`` (``transform*``) matches as a prefix. An unbalanced quote runs to
the end of the query. Punctuation alone, ``*`` alone and control characters are dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..text import strip_controls

MAX_QUERY_CHARS = 2_000
MAX_TERMS = 32
MIN_PREFIX = 2  # "a*" would expand to half the vocabulary
_PARTS = re.compile(r'"([^"]*)"?|(\S+)')
_WORD = re.compile(r"\w", re.UNICODE)


class QueryError(ValueError):
    """The query cannot be searched; ``str()`` is one line for the person who typed it."""


@dataclass(frozen=True, slots=True)
class Query:
    """A sanitised query: the FTS5 expression and the terms it was made of."""

    fts: str
    terms: tuple[str, ...]


def _quoted(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def parse_query(text: str) -> Query:
    """The FTS5 form of ``text``; QueryError with one line when nothing searchable is left."""
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(f"query too long ({len(text):,} characters; at most {MAX_QUERY_CHARS:,})")
    cleaned = strip_controls(text).replace("\x00", "")
    parts: list[str] = []
    terms: list[str] = []
    for match in _PARTS.finditer(cleaned):
        phrase, word = match.group(1), match.group(2)
        if phrase is not None:
            words = " ".join(phrase.split())
            if _WORD.search(words):
                parts.append(_quoted(words))
                terms.append(words)
            continue
        prefix = word.endswith("*")
        core = word.rstrip("*")
        if not _WORD.search(core):
            continue  # punctuation or "*" alone
        alnum = sum(1 for char in core if char.isalnum())
        if prefix and alnum >= MIN_PREFIX and core[-1].isalnum():
            parts.append(_quoted(core) + "*")
        else:
            parts.append(_quoted(core))
        terms.append(word)
    if not parts:
        raise QueryError('nothing to search for: type a word or a "quoted phrase"')
    if len(parts) > MAX_TERMS:
        raise QueryError(f"too many words ({len(parts)}; at most {MAX_TERMS})")
    return Query(" AND ".join(parts), tuple(terms))
