"""Typed records shared by every part of the app.

External formats are parsed at the edge (``core.sources``) into these frozen
dataclasses; nothing past the edge knows what a feed or a JSON body looked like.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

SCHEMA_VERSION = 1


@dataclass(frozen=True, slots=True)
class Paper:
    """One paper, normalised. ``arxiv_id`` has no version suffix."""

    arxiv_id: str
    version: int
    title: str
    authors: tuple[str, ...]
    abstract: str
    primary_category: str
    categories: tuple[str, ...]
    announced: dt.date
    abs_url: str
    pdf_url: str
    comment: str = ""
    sources: tuple[str, ...] = ()
    upvotes: int | None = None
    announce_type: str = "new"

    @property
    def versioned_id(self) -> str:
        """The id with its version, as arXiv writes it (``2411.09703v1``)."""
        return f"{self.arxiv_id}v{self.version}"

    def merged_with(self, other: Paper) -> Paper:
        """Merge two records of the same paper: the latest version wins, sources add up."""
        newer, older = (other, self) if other.version > self.version else (self, other)
        sources = tuple(dict.fromkeys(newer.sources + older.sources))
        upvotes_seen = [u for u in (newer.upvotes, older.upvotes) if u is not None]
        return replace(
            newer,
            title=newer.title or older.title,
            authors=newer.authors or older.authors,
            abstract=newer.abstract or older.abstract,
            primary_category=newer.primary_category or older.primary_category,
            categories=tuple(dict.fromkeys(newer.categories + older.categories)),
            comment=newer.comment or older.comment,
            sources=sources,
            upvotes=max(upvotes_seen) if upvotes_seen else None,
            announced=min(newer.announced, older.announced),
        )


def merge_papers(papers: list[Paper] | tuple[Paper, ...]) -> list[Paper]:
    """Collapse duplicates (cross-lists, several sources) into one paper each, order kept."""
    merged: dict[str, Paper] = {}
    for paper in papers:
        seen = merged.get(paper.arxiv_id)
        merged[paper.arxiv_id] = paper if seen is None else seen.merged_with(paper)
    return list(merged.values())


@dataclass(frozen=True, slots=True)
class Category:
    """One topic of the taxonomy."""

    name: str
    emoji: str
    description: str = ""
    keywords: tuple[str, ...] = ()
    phrases: tuple[str, ...] = ()
    arxiv_hints: tuple[str, ...] = ()


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
class Assignment:
    """Where one paper landed, and why."""

    arxiv_id: str
    category: str
    score: float = 0.0
    matched: tuple[str, ...] = ()
    method: str = "offline"


@dataclass(frozen=True, slots=True)
class CategoryGroup:
    """A category of one day with its papers, sorted for display."""

    category: Category
    papers: tuple[Paper, ...]
    assignments: tuple[Assignment, ...] = ()
    # An outline's group (see ``Digest.outline``) knows its size before its papers.
    outline_count: int | None = None

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

    @property
    def paper_count(self) -> int:
        """Papers in the day, across every category."""
        return sum(group.count for group in self.groups)

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


@dataclass(frozen=True, slots=True)
class Usage:
    """Token usage of one summary (all calls added up)."""

    prompt_tokens: int = 0
    completion_tokens: int = 0
    calls: int = 0

    @property
    def total_tokens(self) -> int:
        """Prompt and completion tokens together."""
        return self.prompt_tokens + self.completion_tokens

    def __add__(self, other: Usage) -> Usage:
        return Usage(
            self.prompt_tokens + other.prompt_tokens,
            self.completion_tokens + other.completion_tokens,
            self.calls + other.calls,
        )


@dataclass(frozen=True, slots=True)
class Summary:
    """A finished briefing of one category of one day."""

    day: dt.date
    category: str
    language: str
    model: str
    prompt_hash: str
    paper_key: str
    text: str
    complete: bool = True
    missing_parts: tuple[int, ...] = ()
    usage: Usage = field(default_factory=Usage)
    created_at: str = ""

    @property
    def cache_key(self) -> str:
        """What makes two summaries the same summary."""
        return summary_key(
            self.category, self.paper_key, self.prompt_hash, self.model, self.language
        )


def summary_key(category: str, paper_key: str, prompt_hash: str, model: str, language: str) -> str:
    """The summary cache key: paper set, prompt, model and language."""
    return "|".join((category, paper_key, prompt_hash, model, language))
