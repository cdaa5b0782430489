"""Watch and mute lists (``[lists]`` in config.toml) applied to a day.

Matching is case-insensitive on whole words: ``"diffusion"`` matches "Diffusion models"
but not "diffusions"; a phrase's words may be separated by any whitespace. Watched and
muted phrases are looked for in titles, abstracts and author names; watched authors in
author names only. A muted paper is hidden even if it is also watched.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from typing import TYPE_CHECKING

from ..config import ListsConfig
from ..models import Category, CategoryGroup

if TYPE_CHECKING:
    from ..models import Digest
    from ..papers import Paper


def phrase_pattern(phrases: Iterable[str]) -> re.Pattern[str] | None:
    """One regex matching any of ``phrases`` as whole words, or None when there are none."""
    parts = []
    for phrase in phrases:
        words = phrase.split()
        if words:
            parts.append(r"(?<!\w)" + r"\s+".join(re.escape(w) for w in words) + r"(?!\w)")
    if not parts:
        return None
    return re.compile("|".join(parts), re.IGNORECASE)


class ListMatcher:
    """Which papers the lists watch or mute."""

    def __init__(self, lists: ListsConfig) -> None:
        self.lists = lists
        self._watch = phrase_pattern(lists.watch)
        self._authors = phrase_pattern(lists.watch_authors)
        self._mute = phrase_pattern(lists.mute)

    @staticmethod
    def _text(paper: Paper) -> str:
        return "\n".join((paper.title, paper.abstract, *paper.authors))

    def watched(self, paper: Paper) -> bool:
        """Whether a watched phrase or author matches ``paper``."""
        if self._authors is not None and self._authors.search("\n".join(paper.authors)):
            return True
        return self._watch is not None and self._watch.search(self._text(paper)) is not None

    def muted(self, paper: Paper) -> bool:
        """Whether a muted phrase matches ``paper``."""
        return self._mute is not None and self._mute.search(self._text(paper)) is not None


WATCHLIST = Category(
    "Watchlist", "★", "The day's papers that match your watched phrases and authors."
)


def apply_lists(digest: Digest, lists: ListsConfig, *, show_muted: bool = False) -> Digest:
    """``digest`` without its muted papers (kept when ``show_muted``), their count in
    ``muted``, and a ★ Watchlist group first gathering the watched papers (which stay in
    their own categories too)."""
    if lists.empty or digest.outline:
        return digest
    matcher = ListMatcher(lists)
    groups = []
    muted = 0
    watched: list[Paper] = []
    for group in digest.topics:
        kept = []
        for paper in group.papers:
            if matcher.muted(paper):
                muted += 1
                if not show_muted:
                    continue
            elif matcher.watched(paper):
                watched.append(paper)
            kept.append(paper)
        if kept:
            ids = {p.arxiv_id for p in kept}
            assignments = tuple(a for a in group.assignments if a.arxiv_id in ids)
            groups.append(replace(group, papers=tuple(kept), assignments=assignments))
    if watched:
        assignments = tuple(
            a for g in groups for a in g.assignments if a.arxiv_id in {p.arxiv_id for p in watched}
        )
        groups.insert(0, CategoryGroup(WATCHLIST, tuple(watched), assignments, gathered=True))
    return replace(digest, groups=tuple(groups), muted=muted, muted_shown=show_muted)
