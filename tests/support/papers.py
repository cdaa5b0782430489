"""One way to build a Paper in tests: every field has a plain default, so a test names
only the fields it is about."""

from __future__ import annotations

import datetime as dt
from typing import Any

from daily_ai_insights.core.papers import Paper

DAY = dt.date(2024, 11, 15)


def make_paper(arxiv_id: str = "2411.00001", **fields: Any) -> Paper:
    """A Paper with arXiv links for ``arxiv_id`` and ``fields`` over the defaults."""
    defaults: dict[str, Any] = {
        "version": 1,
        "title": f"Paper {arxiv_id}",
        "authors": ("A. Author",),
        "abstract": "An abstract.",
        "primary_category": "cs.CL",
        "categories": ("cs.CL",),
        "announced": DAY,
        "abs_url": f"https://arxiv.org/abs/{arxiv_id}",
        "pdf_url": f"https://arxiv.org/pdf/{arxiv_id}",
    }
    return Paper(arxiv_id=arxiv_id, **{**defaults, **fields})
