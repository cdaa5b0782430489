"""Hugging Face daily papers (``/api/daily_papers?date=YYYY-MM-DD``), 2024 and 2026 schemas."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import math
from typing import Any

from ..errors import SourceError
from ..papers import Paper, merge_papers
from ..text import clean_block, clean_line
from .base import abs_url, as_text, pdf_url, split_arxiv_id
from .http import Http

NAME = "hf"
WHAT = "Hugging Face"


class HFDataError(SourceError):
    """Data that is no daily-papers answer; ``reason`` says why without naming where it
    came from (a saved file names itself)."""

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


def _date_of(value: object) -> dt.date | None:
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _authors(raw: object) -> tuple[str, ...]:
    names: list[str] = []
    if isinstance(raw, list):
        for author in raw:
            # Hidden authors are still authors of the paper; only their HF profile is hidden.
            name = clean_line(as_text(author.get("name"))) if isinstance(author, dict) else ""
            if name:
                names.append(name)
    return tuple(names)


def _upvotes(value: object) -> int | None:
    # JSON allows 1e400 (infinity) and Python's parser NaN/Infinity: none is a count.
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return int(value)


def _paper(
    item: dict[str, Any], day: dt.date | None, name: str, fallback: dt.date | None
) -> Paper | None:
    raw = item.get("paper")
    paper: dict[str, Any] = raw if isinstance(raw, dict) else item
    ident = split_arxiv_id(as_text(paper.get("id")))
    if ident is None:
        return None
    arxiv_id, version = ident
    # The 2026 schema dates the listing in submittedOnDailyAt; 2024 in the item's publishedAt.
    announced = (
        day
        or _date_of(paper.get("submittedOnDailyAt"))
        or _date_of(item.get("publishedAt"))
        or _date_of(paper.get("publishedAt"))
        or fallback
    )
    if announced is None:
        return None
    return Paper(
        arxiv_id=arxiv_id,
        version=version,
        # The item's own title keeps arXiv's LaTeX (``Top-$nσ$``); paper.title may drop it.
        title=clean_line(as_text(item.get("title")) or as_text(paper.get("title"))),
        authors=_authors(paper.get("authors")),
        abstract=clean_block(as_text(paper.get("summary")) or as_text(item.get("summary"))),
        primary_category="",
        categories=(),
        announced=announced,
        abs_url=abs_url(arxiv_id),
        pdf_url=pdf_url(arxiv_id),
        sources=(name,),
        upvotes=_upvotes(paper.get("upvotes")),
    )


def parse_hf(
    data: bytes | str,
    day: dt.date | None,
    *,
    name: str = NAME,
    fallback: dt.date | None = None,
) -> list[Paper]:
    """Papers of one HF daily-papers answer; the sentinel ``1`` or ``[]`` means none.

    ``day`` dates every paper; without it each paper has the day it was featured on,
    else ``fallback``. ``name`` is the source the papers are from (a saved file's path).
    """
    try:
        items = json.loads(data)
    except (json.JSONDecodeError, UnicodeDecodeError, RecursionError) as error:
        if isinstance(error, json.JSONDecodeError):
            reason, where = error.msg, f" (line {error.lineno})"
        else:
            reason = "nested too deeply" if isinstance(error, RecursionError) else "not UTF-8"
            where = ""
        raise HFDataError(
            f"malformed JSON from {WHAT}: {reason}", f"malformed JSON: {reason}{where}"
        ) from None
    if items == 1 or items is None or items == []:
        return []
    if not isinstance(items, list):
        shape = "a JSON object, not" if isinstance(items, dict) else "not"
        raise HFDataError(
            f"unexpected answer from {WHAT}: not a list of papers", f"{shape} a list of papers"
        )
    papers = [
        p for item in items if isinstance(item, dict) and (p := _paper(item, day, name, fallback))
    ]
    if items and not papers:
        raise HFDataError(
            f"unexpected answer from {WHAT}: no usable paper in {len(items)} items",
            f"no paper among its {len(items)} items",
        )
    return merge_papers(papers)


class HFSource:
    """Hugging Face's daily papers for a day (or the newest day when ``day`` is None)."""

    name = NAME
    knows_days = True  # an empty answer means nothing was announced

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url

    async def fetch_day(self, day: dt.date | None, http: Http) -> list[Paper]:
        """The papers HF featured on ``day``."""
        params: dict[str, str | int] = {"date": day.isoformat()} if day else {}
        response = await http.get(self.base_url, params=params, what=WHAT, day=day)
        return await asyncio.to_thread(parse_hf, response.content, day)  # off the event loop
