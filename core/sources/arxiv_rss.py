"""arXiv's RSS 2.0 feeds (``rss.arxiv.org/rss/cs.AI+cs.CL``): the current announcement.

Parsed with ElementTree rather than feedparser because feedparser keeps only the
last name of the comma-joined ``dc:creator``; here the raw string is split.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import re
import xml.etree.ElementTree as ET
from email.utils import parsedate_to_datetime

from ..errors import SourceError
from ..papers import Paper, merge_papers
from ..text import clean_block, clean_line
from .base import (
    abs_url,
    arxiv_id_from_url,
    parse_xml,
    pdf_url,
    split_arxiv_id,
    text_of,
)
from .http import Http

NAME = "arxiv"
WHAT = "arXiv RSS"
KEPT_TYPES = ("new", "cross")
_NS = {
    "arxiv": "http://arxiv.org/schemas/atom",
    "dc": "http://purl.org/dc/elements/1.1/",
}
_PREFIX = re.compile(
    r"^\s*arXiv:(?P<id>\S+?)\s+Announce Type:\s*(?P<type>[\w-]+)\s*(?:Abstract:\s*)?",
    re.IGNORECASE,
)


def _rss_date(text: str) -> dt.date | None:
    try:
        return parsedate_to_datetime(text.strip()).date()
    except (TypeError, ValueError, IndexError):
        return None


def split_creators(text: str) -> tuple[str, ...]:
    """``"A B, C,  D"`` -> ("A B", "C", "D"): arXiv joins all authors into one string."""
    return tuple(name for part in text.split(",") if (name := clean_line(part)))


def parse_arxiv_rss(
    data: bytes | str, *, include_replacements: bool = False
) -> tuple[dt.date | None, list[Paper]]:
    """The channel's announcement day and its papers (replacements dropped unless asked)."""
    root = parse_xml(data, WHAT)
    channel = root.find("channel")
    if root.tag != "rss" or channel is None:
        raise SourceError(f"unexpected answer from {WHAT}: not an RSS feed")
    day = _rss_date(text_of(channel.find("pubDate"))) or _rss_date(
        text_of(channel.find("lastBuildDate"))
    )
    papers: list[Paper] = []
    for item in channel.iterfind("item"):
        paper = _paper(item, day, include_replacements)
        if paper is not None:
            papers.append(paper)
    return day, merge_papers(papers)


def _paper(item: ET.Element, day: dt.date | None, include_replacements: bool) -> Paper | None:
    description = text_of(item.find("description"))
    prefix = _PREFIX.match(description)
    announce_type = clean_line(text_of(item.find("arxiv:announce_type", _NS))).lower()
    if not announce_type and prefix:
        announce_type = prefix["type"].lower()
    announce_type = announce_type or "new"
    if announce_type not in KEPT_TYPES and not include_replacements:
        return None
    ident = split_arxiv_id(prefix["id"]) if prefix else None
    ident = ident or split_arxiv_id(text_of(item.find("guid")))
    if ident is None:
        from_link = arxiv_id_from_url(text_of(item.find("link")))
        ident = (from_link[0], from_link[1] or 1) if from_link else None
    if ident is None:
        return None
    arxiv_id, version = ident
    announced = day or _rss_date(text_of(item.find("pubDate")))
    if announced is None:
        return None
    abstract = description[prefix.end() :] if prefix else description
    categories = tuple(
        dict.fromkeys(c for tag in item.iterfind("category") if (c := clean_line(text_of(tag))))
    )
    return Paper(
        arxiv_id=arxiv_id,
        version=version,
        title=clean_line(text_of(item.find("title"))),
        authors=split_creators(text_of(item.find("dc:creator", _NS))),
        abstract=clean_block(abstract),
        primary_category=categories[0] if categories else "",
        categories=categories,
        announced=announced,
        abs_url=abs_url(arxiv_id),
        pdf_url=pdf_url(arxiv_id),
        sources=(NAME,),
        announce_type=announce_type,
    )


def rss_url(base_url: str, categories: tuple[str, ...]) -> str:
    """``https://rss.arxiv.org/rss/cs.AI+cs.CL``."""
    return base_url.rstrip("/") + "/" + "+".join(categories)


class ArxivRssSource:
    """The newest arXiv announcement for some categories, from the RSS feed."""

    name = NAME

    def __init__(
        self, base_url: str, categories: tuple[str, ...], *, include_replacements: bool = False
    ) -> None:
        self.url = rss_url(base_url, categories)
        self.include_replacements = include_replacements

    async def fetch(self, http: Http) -> tuple[dt.date | None, list[Paper]]:
        """The feed's announcement day and papers."""
        response = await http.get(self.url, what=WHAT)
        return await asyncio.to_thread(
            parse_arxiv_rss, response.content, include_replacements=self.include_replacements
        )

    async def fetch_day(self, day: dt.date | None, http: Http) -> list[Paper]:
        """The feed's papers if it holds ``day`` (or any day when ``day`` is None)."""
        feed_day, papers = await self.fetch(http)
        if day is not None and feed_day != day:
            return []
        return papers
