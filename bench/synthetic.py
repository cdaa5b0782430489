"""Synthetic but realistic caches for the reader's benchmarks.

Titles and abstracts are built from the default taxonomy's own phrases, so the
offline classifier spreads a day's papers over every category the way a real
arXiv day looks (a large LLM group, a long tail, a few ``Other``). Days are
classified with the real taxonomy and stored with its version, so opening a day
never falls back to re-classifying it.

``build_cache(home, days)`` writes ``<home>/data/cache`` as ``INSIGHTS_HOME=home``
expects it. A few distinct days are generated and classified; the rest reuse
them with only the date changed (fast: 250 days x 1,000 papers in a few seconds).
"""

from __future__ import annotations

import datetime as dt
import os
import random
import sys
import time
from pathlib import Path
from typing import Any

from daily_ai_insights.core.models import Category, Taxonomy
from daily_ai_insights.core.papers import Paper
from daily_ai_insights.core.store.dayfile import StoredDay, day_tables
from daily_ai_insights.core.store.days import Store
from daily_ai_insights.core.store.tinydb_files import AtomicJSONStorage
from daily_ai_insights.core.topics.classify import classify
from daily_ai_insights.core.topics.taxonomy import default_taxonomy

PAPERS = 1000
LAST = dt.date(2025, 6, 30)  # the newest day of every synthetic cache
SOURCES = ("arxiv", "hf")
# Share of papers drawn from each topic (by taxonomy order); the rest go unmatched.
WEIGHTS = {
    "LLM": 20,
    "Computer Vision": 14,
    "Multimodal": 10,
    "AI Agents": 9,
    "Model training technique": 8,
    "Natural Language Processing": 7,
    "Robotics & Embodied AI": 6,
    "AI Safety & Alignment": 6,
    "Reinforcement Learning": 5,
    "AI for Science": 5,
    "Graph Neural Networks": 3,
    "Speech & Audio": 3,
    "Learning Theory": 2,
    "Other": 2,
}
_TITLES = (
    "{P}: A Simple Baseline That Works",
    "Rethinking {P} at Scale",
    "Towards Efficient {P} with Sparse Updates",
    "{P} Without Labels: A Self-Supervised View",
    "On the Limits of {P}",
    "Scaling Laws for {P}",
    "{P} Revisited: Lessons from {N} Experiments",
    "A Unified Framework for {P} and Beyond",
)
_OPENERS = (
    "Recent progress in {p} has been driven by ever larger datasets and models.",
    "{P} remains difficult when inputs are noisy, long or drawn from new domains.",
    "Despite rapid progress, {p} still lacks a clear account of when and why it fails.",
)
_MIDDLE = (
    "We propose a method that decomposes the problem into smaller steps and shares "
    "computation between them, which reduces cost without hurting quality.",
    "Our approach needs no extra annotation and adds fewer than one percent parameters.",
    "We release code, data and evaluation scripts so the results can be reproduced.",
    "A careful ablation shows which design choices matter and which are incidental.",
    "We further analyse failure cases and find that most errors come from ambiguous inputs.",
    "The method is simple to implement and composes with existing pipelines.",
)
_CLOSERS = (
    "Experiments on {n} public datasets show consistent gains over strong baselines.",
    "Across {n} settings it improves accuracy by {k} points on average.",
    "Results suggest that {p} benefits more from better data than from larger models.",
)
_FIRST = ("Wei", "Ana", "Jun", "Priya", "Lukas", "Sofia", "Min", "Omar", "Elena", "Kenji")
_LAST = ("Zhang", "Garcia", "Kim", "Patel", "Müller", "Rossi", "Chen", "Haddad", "Ivanova")


def _topic_terms(category: Category) -> list[str]:
    terms = [p for p in category.phrases if "+" not in p] + list(category.keywords)
    return terms or ["tabular benchmarks", "sports statistics", "legal documents"]


def _paper(rng: random.Random, day: dt.date, index: int, category: Category) -> Paper:
    term = rng.choice(_topic_terms(category))
    phrase = term.title() if len(term) > 4 else term.upper()
    title = rng.choice(_TITLES).format(P=phrase, N=rng.randint(3, 400))
    sentences = [rng.choice(_OPENERS).format(p=term, P=term.capitalize())]
    sentences += rng.sample(_MIDDLE, rng.randint(3, 5))
    sentences.append(rng.choice(_CLOSERS).format(p=term, n=rng.randint(3, 12), k=rng.randint(1, 9)))
    pid = f"{day:%y%m}.{day.day:02d}{index:03d}"
    hints = category.arxiv_hints or ("cs.LG",)
    primary = hints[0] if "." in hints[0] else f"{hints[0]}.GN"
    return Paper(
        arxiv_id=pid,
        version=1 + index % 2,
        title=title,
        authors=tuple(
            f"{rng.choice(_FIRST)} {rng.choice(_LAST)}" for _ in range(rng.randint(2, 9))
        ),
        abstract=" ".join(sentences),
        primary_category=primary,
        categories=tuple(dict.fromkeys((primary, "cs.LG", "cs.AI"))),
        announced=day,
        abs_url=f"https://arxiv.org/abs/{pid}",
        pdf_url=f"https://arxiv.org/pdf/{pid}",
        sources=SOURCES if index % 3 == 0 else ("arxiv",),
        upvotes=rng.randint(1, 80) if index % 3 == 0 else None,
    )


def realistic_day(day: dt.date, taxonomy: Taxonomy, n: int = PAPERS) -> StoredDay:
    """A classified day of ``n`` made-up papers, spread over ``taxonomy``'s categories."""
    rng = random.Random(day.toordinal())
    by_name = {c.name: c for c in taxonomy.categories}
    names = [name for name in WEIGHTS if name in by_name]
    weights = [WEIGHTS[name] for name in names]
    picks = rng.choices(names, weights, k=n)
    papers = tuple(_paper(rng, day, i, by_name[name]) for i, name in enumerate(picks))
    labels = tuple(classify(papers, taxonomy))
    return StoredDay(day, papers, labels, SOURCES, taxonomy.version, f"{day}T12:00:00+00:00")


def _redate(tables: dict[str, dict[str, Any]], day: dt.date) -> dict[str, dict[str, Any]]:
    """``tables`` of another day with every date (meta and papers) set to ``day``."""
    meta = {**tables["meta"]["1"], "day": day.isoformat(), "fetched_at": f"{day}T12:00:00+00:00"}
    iso = day.isoformat()
    papers = {key: {**doc, "announced": iso} for key, doc in tables["papers"].items()}
    return {**tables, "meta": {"1": meta}, "papers": papers}


def build_cache(
    home: Path, days: int, n: int = PAPERS, *, distinct: int = 5, last: dt.date = LAST
) -> float:
    """Write ``days`` consecutive days ending at ``last`` under ``home``; returns seconds.

    ``distinct`` days are generated and classified; the others copy one of them.
    """
    started = time.perf_counter()
    taxonomy = default_taxonomy()
    store = Store(home / "data" / "cache")
    first = last - dt.timedelta(days=days - 1)
    templates: list[dict[str, dict[str, Any]]] = []
    for k in range(days):
        day = first + dt.timedelta(days=k)
        if len(templates) < distinct:
            tables = day_tables(realistic_day(day, taxonomy, n))
            templates.append(tables)
        else:
            tables = _redate(templates[k % distinct], day)
        AtomicJSONStorage(store.day_path(day), durable=False).write(tables)
    store.days()  # no index yet: the store builds it from the day files, as a user's would
    return time.perf_counter() - started


def spread(home: Path, day: dt.date) -> list[tuple[str, int]]:
    """(category, papers) of ``day`` in the cache under ``home``, largest first."""
    for info in Store(home / "data" / "cache").days():
        if info.day == day:
            return list(info.counts)
    return []


def machine_line(size: tuple[int, int]) -> str:
    """What the figures were measured on: cores, Python, terminal size and load."""
    return (
        f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]},"
        f" terminal {size[0]}x{size[1]}, load average {os.getloadavg()[0]:.2f}"
    )
