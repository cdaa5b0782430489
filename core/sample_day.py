"""The bundled sample in the cache: loading it into an empty cache, and the first-run how-to."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .models import DayCount, Taxonomy
    from .store.days import Store


def load_sample(store: Store, taxonomy: Taxonomy) -> None:
    """Store every day of the bundled sample, classified with ``taxonomy``."""
    from .sources.sample import SampleSource
    from .topics.classify import classify
    from .topics.digest import sorting_key

    sample = SampleSource()
    for day in sample.days():
        papers = sample.papers(day)
        store.save_day(
            day,
            papers,
            classify(papers, taxonomy),
            sources=("sample",),
            taxonomy_version=sorting_key(taxonomy),
        )


def only_sample(store: Store, counts: Sequence[DayCount]) -> bool:
    """True while every cached day came from the bundled sample."""
    for day, _ in reversed(counts):  # a fetched day is most likely the newest
        info = store.day_info(day)
        if info is None or not set(info.sources) <= {"sample"}:
            return False
    return True


def sample_banner(model_configured: bool) -> str:
    """A short how-to while the reader shows only the bundled sample."""
    lines = [
        "You are reading the bundled sample (offline).",
        "Live papers: press r, or run `insights fetch`.",
    ]
    if not model_configured:
        lines.append("Briefings: offline extracts; set OPENAI_API_KEY for a model.")
    return "\n".join(lines)
