"""Papers and where they landed: the records every source parses into.

External formats are parsed at the edge (``core.sources``) into these frozen
dataclasses; nothing past the edge knows what a feed or a JSON body looked like.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace


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


CORRECTED = "corrected"  # the method of an assignment the reader made by hand


@dataclass(frozen=True, slots=True)
class Assignment:
    """Where one paper landed, and why."""

    arxiv_id: str
    category: str
    score: float = 0.0
    matched: tuple[str, ...] = ()
    method: str = "offline"
    # Categories that scored close to this one: the paper "also fits" them.
    also: tuple[str, ...] = ()
