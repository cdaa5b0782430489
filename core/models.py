"""Typed records of a day as the reader draws it: topics, groups, digests, index entries.

The papers themselves are in :mod:`core.papers` and finished briefings in
:mod:`core.briefings.record`: the reader's first frame needs neither, and every frozen
dataclass costs about a millisecond to define.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .papers import Assignment, Paper

SCHEMA_VERSION = 1
DayCount = tuple[dt.date, int]  # a cached day and how many papers it holds (index listing)


@dataclass(frozen=True, slots=True)
class Category:
    """One topic of the taxonomy."""

    name: str
    emoji: str
    description: str = ""
    keywords: tuple[str, ...] = ()
    phrases: tuple[str, ...] = ()
    arxiv_hints: tuple[str, ...] = ()
    # A tool rather than a topic (LLM, training): it wins only when no topic is in the title.
    broad: bool = False


@dataclass(frozen=True, slots=True)
class Taxonomy:
    """The ordered list of categories; ``version`` is a content hash."""

    categories: tuple[Category, ...]
    version: str
    fallback: str = "Other"

    def get(self, name: str) -> Category | None:
        """The category called ``name``, or None."""
        for category in self.categories:
            if category.name == name:
                return category
        return None


@dataclass(frozen=True, slots=True)
class CategoryGroup:
    """A category of one day with its papers, sorted for display."""

    category: Category
    papers: tuple[Paper, ...]
    assignments: tuple[Assignment, ...] = ()
    # An outline's group (see ``Digest.outline``) knows its size before its papers.
    outline_count: int | None = None
    # A group gathered from the others (the watchlist): its papers are counted there.
    gathered: bool = False

    @property
    def name(self) -> str:
        """The category's name."""
        return self.category.name

    @property
    def count(self) -> int:
        """How many papers the category holds."""
        return len(self.papers) if self.outline_count is None else self.outline_count

    def why(self, arxiv_id: str) -> Assignment | None:
        """The assignment that put ``arxiv_id`` here."""
        for assignment in self.assignments:
            if assignment.arxiv_id == arxiv_id:
                return assignment
        return None


@dataclass(frozen=True, slots=True)
class Digest:
    """One announcement day, grouped by category (largest first)."""

    day: dt.date
    sources: tuple[str, ...]
    groups: tuple[CategoryGroup, ...]
    # Built from the cache index (counts, no papers) to draw a day before its file is read.
    outline: bool = False
    muted: int = 0  # papers the mute list matched (taken out unless ``muted_shown``)
    muted_shown: bool = False

    @property
    def paper_count(self) -> int:
        """Papers in the day, across every category (a gathered group counts none)."""
        return sum(group.count for group in self.groups if not group.gathered)

    @property
    def category_counts(self) -> tuple[tuple[str, str, int], ...]:
        """(emoji, name, count) of each category: what the chart draws."""
        return tuple((g.category.emoji, g.name, g.count) for g in self.topics)

    @property
    def topics(self) -> tuple[CategoryGroup, ...]:
        """The groups of the taxonomy's categories, without a gathered one (the watchlist)."""
        return tuple(group for group in self.groups if not group.gathered)

    def group(self, name: str) -> CategoryGroup | None:
        """The group called ``name``, or None."""
        for group in self.groups:
            if group.name == name:
                return group
        return None


@dataclass(frozen=True, slots=True)
class DayInfo:
    """An entry of the cache index: a day and how many papers it holds."""

    day: dt.date
    count: int
    sources: tuple[str, ...] = ()
    counts: tuple[tuple[str, int], ...] = ()
    fetched_at: str = ""
    taxonomy_version: str = ""  # the topics the counts were made with

    @property
    def fetched_time(self) -> dt.datetime | None:
        """When the day was fetched (UTC); None for the bundled sample or an unknown time."""
        if set(self.sources) <= {"sample"}:
            return None
        try:
            when = dt.datetime.fromisoformat(self.fetched_at)
        except ValueError:
            return None
        return when if when.tzinfo is not None else when.replace(tzinfo=dt.UTC)
