"""The bundled sample: a few real announcement days that load with no network and no key.

The papers live in ``core/data/sample.json`` (``{"schema": 1, "days": {"YYYY-MM-DD": [paper
dicts]}}``, the form of :func:`core.store.serialize.paper_to_dict`). Titles, ids, authors and links
are real; abstracts are short paraphrases written for the sample.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import replace
from functools import lru_cache
from importlib import resources
from typing import Any

from ..errors import SourceError
from ..papers import Paper, merge_papers
from ..store.serialize import paper_from_dict
from ..text import clean_block, clean_line, safe_url

SAMPLE_PACKAGE = "daily_ai_insights.core.data"
SAMPLE_FILE = "sample.json"
SAMPLE_SCHEMA = 1
SOURCE_NAME = "sample"

_ARXIV_ID = re.compile(r"\d{4}\.\d{4,5}")


def parse_sample(data: object) -> dict[dt.date, tuple[Paper, ...]]:
    """Papers per day from the decoded sample JSON, cleaned; raises a one-line SourceError."""
    if not isinstance(data, dict):
        raise SourceError("the bundled sample is not a JSON object")
    if data.get("schema") != SAMPLE_SCHEMA:
        raise SourceError(f"the bundled sample has schema {data.get('schema')!r}, not 1")
    days = data.get("days")
    if not isinstance(days, dict) or not days:
        raise SourceError("the bundled sample has no days")
    parsed: dict[dt.date, tuple[Paper, ...]] = {}
    for key, records in days.items():
        day = _parse_day(key)
        if not isinstance(records, list):
            raise SourceError(f"the bundled sample day {day} is not a list of papers")
        papers = [_parse_paper(record, day) for record in records]
        parsed[day] = tuple(merge_papers(papers))
    return dict(sorted(parsed.items()))


def _parse_day(key: object) -> dt.date:
    try:
        return dt.date.fromisoformat(str(key))
    except ValueError:
        raise SourceError(f"the bundled sample has a bad day {clean_line(str(key))!r}") from None


def _parse_paper(record: object, day: dt.date) -> Paper:
    if not isinstance(record, dict):
        raise SourceError(f"the bundled sample day {day} holds a paper that is not an object")
    try:
        paper = paper_from_dict(record)
    except (KeyError, ValueError, TypeError) as error:
        # KeyError's str() is just the quoted key; say what it means instead.
        detail = f"missing {error}" if isinstance(error, KeyError) else clean_line(str(error))
        raise SourceError(f"the bundled sample day {day} has a bad paper: {detail}") from None
    return _cleaned(paper, day)


def _cleaned(paper: Paper, day: dt.date) -> Paper:
    """Normalise the record like any source does at the edge."""
    arxiv_id = clean_line(paper.arxiv_id)
    if not _ARXIV_ID.fullmatch(arxiv_id):
        raise SourceError(f"the bundled sample day {day} has a bad arXiv id {arxiv_id!r}")
    categories = tuple(c for c in (clean_line(c) for c in paper.categories) if c)
    primary = clean_line(paper.primary_category) or (categories[0] if categories else "")
    if primary and primary not in categories:
        categories = (primary, *categories)
    return replace(
        paper,
        arxiv_id=arxiv_id,
        version=max(paper.version, 1),
        title=clean_line(paper.title),
        authors=tuple(a for a in (clean_line(a) for a in paper.authors) if a),
        abstract=clean_block(paper.abstract),
        primary_category=primary,
        categories=categories,
        # The day key is authoritative: a paper belongs to the day it is listed under.
        announced=day,
        abs_url=safe_url(paper.abs_url) or f"https://arxiv.org/abs/{arxiv_id}",
        pdf_url=safe_url(paper.pdf_url) or f"https://arxiv.org/pdf/{arxiv_id}",
        comment=clean_line(paper.comment),
        sources=(SOURCE_NAME,),
        announce_type=clean_line(paper.announce_type) or "new",
    )


@lru_cache(maxsize=1)
def load_sample() -> dict[dt.date, tuple[Paper, ...]]:
    """The bundled sample, read once through ``importlib.resources`` and cached."""
    try:
        text = resources.files(SAMPLE_PACKAGE).joinpath(SAMPLE_FILE).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise SourceError(f"the bundled sample could not be read: {error}") from None
    try:
        data: Any = json.loads(text)
    except ValueError as error:
        raise SourceError(f"the bundled sample is not valid JSON: {error}") from None
    return parse_sample(data)


class SampleSource:
    """A source that serves the bundled sample days; it never touches the network."""

    name = SOURCE_NAME
    knows_days = True  # within its week an empty answer means nothing was announced

    def days(self) -> list[dt.date]:
        """The sample's days, oldest first."""
        return list(load_sample())

    def papers(self, day: dt.date) -> list[Paper]:
        """The papers of ``day`` (a fresh list), or ``[]`` when the sample has no such day."""
        return list(load_sample().get(day, ()))

    async def fetch_day(self, day: dt.date | None, http: object | None = None) -> list[Paper]:
        """Like a network source: ``None`` means the newest sample day. ``http`` is ignored."""
        del http  # Accepted for the common source signature; the sample is offline.
        days = self.days()
        if day is None:
            return self.papers(days[-1]) if days else []
        if days and not days[0] <= day <= days[-1]:
            # It knows its own week (a weekend in it had no papers), not other dates.
            raise SourceError(
                f"the bundled sample holds {days[0].isoformat()} … {days[-1].isoformat()},"
                f" not {day.isoformat()}"
            )
        return self.papers(day)
