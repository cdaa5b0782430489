"""A cached day sorted again: its topics or the offline classifier changed since it was
stored (see :func:`.digest.sorting_key`). It is written back with its fetch time, so it
happens once; a model's labels stay while the topics do."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from ..errors import InsightsError
from .digest import sorting_key, topics_of

if TYPE_CHECKING:
    from ..models import Taxonomy
    from ..papers import Assignment, Paper
    from ..store.dayfile import StoredDay
    from ..store.days import Store
    from ..store.recent import Stamp
    from .learned import Example

# A fetched day: the day, its papers, their assignments, the sources that answered.
Fetched = tuple[dt.date, Sequence["Paper"], Sequence["Assignment"], Sequence[str]]


def is_stale(stored: StoredDay, taxonomy: Taxonomy) -> bool:
    """Whether ``stored`` has papers sorted with other topics or an older classifier."""
    return bool(stored.papers) and (
        stored.taxonomy_version != sorting_key(taxonomy) or not stored.assignments
    )


def sort_again(
    store: Store, stored: StoredDay, taxonomy: Taxonomy, examples: Sequence[Example]
) -> tuple[StoredDay, Stamp | None]:
    """``stored`` sorted again and written back (the day and its file's new stamp); a day
    that cannot be written is sorted again in memory only (no stamp)."""
    from .classify import classify

    key = sorting_key(taxonomy)
    same_topics = topics_of(stored.taxonomy_version) == taxonomy.version
    kept = [a for a in stored.assignments if same_topics and a.method != "offline"]
    labelled = {a.arxiv_id for a in kept}
    todo = [p for p in stored.papers if p.arxiv_id not in labelled]
    assignments = (*kept, *classify(todo, taxonomy, examples))
    try:
        saved = store.save_day(
            stored.day,
            (),
            assignments,
            sources=(),
            taxonomy_version=key,
            fetched_at=stored.fetched_at,
        )
    except (InsightsError, OSError):
        return replace(stored, assignments=assignments, taxonomy_version=key), None
    return saved.stored, saved.stamp


def save_fetched(
    store: Store,
    fetched: Fetched,
    taxonomy: Taxonomy,
    examples: Sequence[Example],
) -> tuple[StoredDay, Stamp | None]:
    """Merge a fetched day (day, papers, their assignments, sources) into the cache; a day
    stored before with other topics or an older classifier is sorted again whole."""
    day, papers, assignments, sources = fetched
    key = sorting_key(taxonomy)
    before = store.day_info(day)
    saved = store.save_day(day, papers, assignments, sources=sources, taxonomy_version=key)
    if before is not None and before.count and before.taxonomy_version != key:
        return sort_again(store, saved.stored, taxonomy, examples)  # kept papers too
    return saved.stored, saved.stamp
