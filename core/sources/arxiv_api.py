"""arXiv's export API (``export.arxiv.org/api/query``): any past announcement day.

One query per page of ``page_size`` results, at least ``delay`` seconds apart as
arXiv asks, until ``opensearch:totalResults`` is reached.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import xml.etree.ElementTree as ET

from ..errors import SourceError
from ..papers import Paper, merge_papers
from ..text import clean_block, clean_line
from .arxiv_schedule import api_date_range
from .base import abs_url, parse_xml, pdf_url, split_arxiv_id, text_of
from .http import Http

NAME = "arxiv"
WHAT = "arXiv"
MAX_PAGES = 50
_ATOM = "{http://www.w3.org/2005/Atom}"
_ARXIV = "{http://arxiv.org/schemas/atom}"
_OPENSEARCH = "{http://a9.com/-/spec/opensearch/1.1/}"
_ERROR_ID = "arxiv.org/api/errors"


def _error_message(root: ET.Element) -> str | None:
    for entry in root.iterfind(f"{_ATOM}entry"):
        ident = text_of(entry.find(f"{_ATOM}id"))
        if _ERROR_ID in ident:
            return clean_line(text_of(entry.find(f"{_ATOM}summary"))) or "unknown error"
    return None


def _published(entry: ET.Element) -> dt.date | None:
    text = text_of(entry.find(f"{_ATOM}published")).strip()
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        return None


def _paper(entry: ET.Element, day: dt.date | None) -> Paper | None:
    ident_text = text_of(entry.find(f"{_ATOM}id")).strip()
    ident = split_arxiv_id(ident_text.rsplit("/abs/", 1)[-1])
    announced = day or _published(entry)
    if ident is None or announced is None:
        return None
    arxiv_id, version = ident
    categories = tuple(
        dict.fromkeys(
            term
            for tag in entry.iterfind(f"{_ATOM}category")
            if (term := clean_line(tag.get("term")))
        )
    )
    primary_tag = entry.find(f"{_ARXIV}primary_category")
    primary = clean_line(primary_tag.get("term")) if primary_tag is not None else ""
    primary = primary or (categories[0] if categories else "")
    if primary and primary not in categories:
        categories = (primary, *categories)
    authors = tuple(
        name
        for author in entry.iterfind(f"{_ATOM}author")
        if (name := clean_line(text_of(author.find(f"{_ATOM}name"))))
    )
    return Paper(
        arxiv_id=arxiv_id,
        version=version,
        title=clean_line(text_of(entry.find(f"{_ATOM}title"))),
        authors=authors,
        abstract=clean_block(text_of(entry.find(f"{_ATOM}summary"))),
        primary_category=primary,
        categories=categories,
        announced=announced,
        abs_url=abs_url(arxiv_id),
        pdf_url=pdf_url(arxiv_id),
        comment=clean_line(text_of(entry.find(f"{_ARXIV}comment"))),
        sources=(NAME,),
    )


def parse_arxiv_atom(data: bytes | str, day: dt.date | None) -> tuple[list[Paper], int]:
    """The papers of one API page and the query's ``totalResults``.

    ``day`` is the announcement day to record (None: each entry's published date).
    An error feed (HTTP 400) raises SourceError with arXiv's own message.
    """
    root = parse_xml(data, WHAT)
    if root.tag != f"{_ATOM}feed":
        raise SourceError(f"unexpected answer from {WHAT}: not an Atom feed")
    error = _error_message(root)
    if error is not None:
        raise SourceError(f"arXiv rejected the query: {error}")
    entries = list(root.iterfind(f"{_ATOM}entry"))
    total_text = text_of(root.find(f"{_OPENSEARCH}totalResults")).strip()
    try:
        total = int(total_text)
    except ValueError:
        total = len(entries)
    papers = [paper for entry in entries if (paper := _paper(entry, day)) is not None]
    return merge_papers(papers), total


def search_query(categories: tuple[str, ...], day: dt.date) -> str | None:
    """``(cat:cs.AI OR cat:cs.CL) AND submittedDate:[...]``; None when ``day`` has no mailing."""
    date_range = api_date_range(day)
    if date_range is None:
        return None
    cats = " OR ".join(f"cat:{category}" for category in categories)
    return f"({cats}) AND {date_range}"


class ArxivApiSource:
    """Papers of a past announcement day, from the export API."""

    name = NAME

    def __init__(
        self,
        base_url: str,
        categories: tuple[str, ...],
        *,
        delay: float = 3.0,
        page_size: int = 200,
    ) -> None:
        self.base_url = base_url
        self.categories = categories
        self.delay = delay
        self.page_size = max(1, page_size)

    async def fetch_day(self, day: dt.date | None, http: Http) -> list[Paper]:
        """Every paper submitted in ``day``'s window; [] on a weekend."""
        if day is None:
            raise SourceError("the arXiv API needs a day; use the RSS feed for the newest")
        query = search_query(self.categories, day)
        if query is None:
            return []
        papers: list[Paper] = []
        start = 0
        for _ in range(MAX_PAGES):
            params: dict[str, str | int] = {
                "search_query": query,
                "start": start,
                "max_results": self.page_size,
                "sortBy": "submittedDate",
                "sortOrder": "ascending",
            }
            response = await http.get(
                self.base_url,
                params=params,
                what=WHAT,
                day=day,
                min_interval=self.delay,
                allow=(400,),
            )
            page, total = await asyncio.to_thread(parse_arxiv_atom, response.content, day)
            if response.status_code == 400:
                raise SourceError(f"{WHAT} answered 400 for {day.isoformat()}")
            papers.extend(page)
            start += self.page_size
            if not page or start >= total:
                break
        return merge_papers(papers)
