"""Grouping a day's classified papers into a digest."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import TYPE_CHECKING

from ..models import Category, CategoryGroup, DayInfo, Digest, Taxonomy

if TYPE_CHECKING:
    from ..papers import Assignment, Paper

# The offline classifier's revision. A day is stored with :func:`sorting_key`; one sorted
# with other topics or an older revision is sorted again when it is opened. Bump it when
# the classifier's answers may change (its rules, terms or ``core/data/learned.json``);
# ``tests/unit/test_sorting.py`` fails until it is.
CLASSIFIER_REVISION = "8"


def sorting_key(taxonomy: Taxonomy) -> str:
    """What a day's assignments are made with: these topics and this classifier."""
    return f"{taxonomy.version}+{CLASSIFIER_REVISION}"


def topics_of(key: str) -> str:
    """The taxonomy version in a stored :func:`sorting_key` (or a bare older version)."""
    return key.partition("+")[0]


def build_digest(
    day: dt.date,
    sources: tuple[str, ...],
    papers: list[Paper] | tuple[Paper, ...],
    assignments: list[Assignment] | tuple[Assignment, ...],
    taxonomy: Taxonomy,
) -> Digest:
    """Group ``papers`` by their assignment; groups largest first, then taxonomy order."""
    by_id = {a.arxiv_id: a for a in assignments}
    order = {c.name: i for i, c in enumerate(taxonomy.categories)}
    buckets: dict[str, list[Paper]] = {}
    for paper in papers:
        assignment = by_id.get(paper.arxiv_id)
        name = assignment.category if assignment else taxonomy.fallback
        buckets.setdefault(name, []).append(paper)
    groups = []
    for name, members in buckets.items():
        category = taxonomy.get(name) or Category(name=name, emoji="📄")
        members.sort(key=lambda p: (-(p.upvotes or 0), p.arxiv_id))
        group_assignments = tuple(by_id[p.arxiv_id] for p in members if p.arxiv_id in by_id)
        groups.append(CategoryGroup(category, tuple(members), group_assignments))
    groups.sort(
        key=lambda g: (g.name == taxonomy.fallback, -g.count, order.get(g.name, len(order)))
    )
    return Digest(day=day, sources=sources, groups=tuple(groups))


def outline_digest(info: DayInfo, taxonomy: Taxonomy) -> Digest | None:
    """The day of ``info`` as :func:`build_digest` will group it, counts only, no papers.

    None when the index cannot tell: counts made with other topics or an older
    classifier, or not adding up.
    """
    if not info.count or info.taxonomy_version != sorting_key(taxonomy):
        return None
    if sum(count for _, count in info.counts) != info.count:
        return None
    order = {c.name: i for i, c in enumerate(taxonomy.categories)}
    groups = []
    for name, count in info.counts:
        category = taxonomy.get(name)
        if category is None or count <= 0:
            return None
        groups.append(CategoryGroup(category, (), outline_count=count))
    groups.sort(key=lambda g: (g.name == taxonomy.fallback, -g.count, order[g.name]))
    return Digest(day=info.day, sources=info.sources, groups=tuple(groups), outline=True)


def paper_key(papers: list[Paper] | tuple[Paper, ...]) -> str:
    """A short hash of a set of papers and their versions (order does not matter)."""
    ids = sorted(p.versioned_id for p in papers)
    return hashlib.sha256("\n".join(ids).encode()).hexdigest()[:16]
