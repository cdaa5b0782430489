"""Whole-day arXiv listings as JSONL (``{id, categories, pdf, abs, authors, title, comment,
summary}`` per line), as written by daily-arXiv-ai-enhanced. A paper appears once per
crawled category; the repeats collapse into one paper.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any
from urllib.parse import urlsplit

from ..errors import SourceError
from ..papers import Paper, merge_papers
from ..text import clean_block, clean_line
from .base import abs_url, as_text, pdf_url, split_arxiv_id
from .http import Http

_DATE_IN_NAME = re.compile(r"(\d{4}-\d{2}-\d{2})[^/]*\.jsonl$")


def _strings(value: object) -> tuple[str, ...]:
    if isinstance(value, str):
        value = value.split()
    if not isinstance(value, list):
        return ()
    return tuple(dict.fromkeys(s for item in value if (s := clean_line(as_text(item)))))


def _paper(record: dict[str, Any], day: dt.date, name: str) -> Paper | None:
    ident = split_arxiv_id(as_text(record.get("id")))
    if ident is None:
        return None
    arxiv_id, version = ident
    categories = _strings(record.get("categories"))
    return Paper(
        arxiv_id=arxiv_id,
        version=version,
        title=clean_line(as_text(record.get("title"))),
        authors=_strings(record.get("authors")) if isinstance(record.get("authors"), list) else (),
        abstract=clean_block(as_text(record.get("summary"))),
        primary_category=categories[0] if categories else "",
        categories=categories,
        announced=day,
        abs_url=abs_url(arxiv_id),
        pdf_url=pdf_url(arxiv_id),
        comment=clean_line(as_text(record.get("comment"))),
        sources=(name,),
    )


def parse_listing_jsonl(data: bytes | str, day: dt.date, *, name: str = "listing") -> list[Paper]:
    """The unique papers of a JSONL listing, all dated ``day``."""
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8")
        except UnicodeDecodeError:
            raise SourceError(f"malformed listing from {name}: not UTF-8") from None
    papers: list[Paper] = []
    seen: set[str] = set()
    for number, line in enumerate(data.splitlines(), start=1):
        # A paper repeats once per crawled category as the very same line: skip the
        # copies before paying for JSON decoding and text cleaning again.
        if not line.strip() or line in seen:
            continue
        seen.add(line)
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            raise SourceError(
                f"malformed listing from {name}: line {number}: {error.msg}"
            ) from None
        if isinstance(record, dict) and (paper := _paper(record, day, name)) is not None:
            papers.append(paper)
    return merge_papers(papers)


def day_from_url(url: str) -> dt.date | None:
    """The date in a listing's file name (``.../2026-06-02.jsonl``), if any."""
    match = _DATE_IN_NAME.search(urlsplit(url).path)
    if match is None:
        return None
    try:
        return dt.date.fromisoformat(match[1])
    except ValueError:
        return None


class ListingSource:
    """A JSONL listing at a URL; its day comes from the file name, else the asked day."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.name = url
        self.what = urlsplit(url).hostname or url

    async def fetch_day(self, day: dt.date | None, http: Http) -> list[Paper]:
        """The listing's papers, or [] when it is dated another day than ``day``."""
        named = day_from_url(self.url)
        if day is not None and named is not None and named != day:
            return []
        listing_day = named or day or dt.datetime.now(dt.UTC).date()
        response = await http.get(self.url, what=self.what, day=day)
        return parse_listing_jsonl(response.content, listing_day, name=self.name)
