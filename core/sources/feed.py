"""Any RSS or Atom feed by URL, through feedparser.

Entries that link to arxiv.org keep their arXiv id, so they merge with the other
sources; anything else gets a stable id from its link (``feed:<sha1[:12]>``).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import re
import time
from typing import Any
from urllib.parse import urlsplit

import feedparser

from ..errors import SourceError
from ..papers import Paper, merge_papers
from ..text import clean_block, clean_line, safe_url
from .arxiv_rss import split_creators
from .base import abs_url, arxiv_id_from_url, pdf_url
from .guard import short_url, strip_credentials
from .http import Http
from .names import dates_held, short_source

_TAG = re.compile(r"<[^>]+>")
_JSON_START = re.compile(rb"^\s*[\[{]")
_ARXIV_PREFIX = re.compile(r"^\s*arXiv:\S+\s+Announce Type:\s*[\w-]+\s*(?:Abstract:\s*)?", re.I)


def feed_id(link: str) -> str:
    """A stable id for a non-arXiv entry."""
    return "feed:" + hashlib.sha1(link.encode("utf-8")).hexdigest()[:12]


def _entry_date(entry: Any) -> dt.date | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if isinstance(value, time.struct_time):
            return dt.date(value.tm_year, value.tm_mon, value.tm_mday)
    return None


def _authors(entry: Any) -> tuple[str, ...]:
    names: list[str] = []
    for author in entry.get("authors") or []:
        name = author.get("name") if isinstance(author, dict) else None
        if name:
            # arXiv-style feeds put every author in one comma-joined string.
            names.extend(split_creators(name))
    if not names and entry.get("author"):
        names.extend(split_creators(entry["author"]))
    return tuple(dict.fromkeys(names))


def _paper(entry: Any, fallback_day: dt.date, name: str) -> Paper | None:
    link = safe_url(entry.get("link"))
    ident = entry.get("id") or ""
    arxiv = arxiv_id_from_url(link) or arxiv_id_from_url(str(ident))
    if arxiv is not None:
        arxiv_id, version = arxiv[0], arxiv[1] or 1
        links = (abs_url(arxiv_id), pdf_url(arxiv_id))
    elif link or ident:
        arxiv_id, version = feed_id(link or str(ident)), 1
        links = (link, "")
    else:
        return None
    summary = _TAG.sub(" ", entry.get("summary") or "")
    categories = tuple(
        dict.fromkeys(
            term for tag in entry.get("tags") or [] if (term := clean_line(tag.get("term")))
        )
    )
    return Paper(
        arxiv_id=arxiv_id,
        version=version,
        title=clean_line(_TAG.sub(" ", entry.get("title") or "")),
        authors=_authors(entry),
        abstract=clean_block(_ARXIV_PREFIX.sub("", summary)),
        primary_category=categories[0] if categories else "",
        categories=categories,
        announced=_entry_date(entry) or fallback_day,
        abs_url=links[0],
        pdf_url=links[1],
        sources=(name,),
    )


def parse_feed(
    data: bytes | str, url: str, *, name: str | None = None, today: dt.date | None = None
) -> list[Paper]:
    """Every entry of an RSS/Atom feed; undated entries are dated ``today``."""
    head = (data.encode("utf-8") if isinstance(data, str) else data)[:64].removeprefix(
        b"\xef\xbb\xbf"
    )
    if _JSON_START.match(head):
        raise SourceError(
            f"{short_source(url)} sent JSON, not an RSS or Atom feed: for Hugging Face use"
            " --source hf; a JSONL listing URL ends in .jsonl"
        )
    parsed = feedparser.parse(data)
    entries = parsed.get("entries") or []
    fallback = today or dt.datetime.now(dt.UTC).date()
    papers = [p for entry in entries if (p := _paper(entry, fallback, name or url)) is not None]
    # feedparser recovers what it can from broken XML; with nothing usable it is broken.
    if parsed.get("bozo") and not papers:
        reason = clean_line(str(parsed.get("bozo_exception") or "unreadable"))
        raise SourceError(f"malformed feed from {short_url(url)}: {reason}")
    if not papers and not parsed.get("version"):
        # A 200 with an HTML error page or nothing at all is no feed, not an empty day.
        what = "an empty answer" if not bytes(head).strip() else "no RSS or Atom feed"
        raise SourceError(f"{short_url(url)} sent {what} (an error page?): nothing stored")
    return merge_papers(papers)


def _host(url: str) -> str:
    try:
        return urlsplit(url).hostname or ""
    except ValueError:
        return ""


class FeedSource:
    """An RSS or Atom feed: the entries of ``day``, or of the newest day when None.

    A feed holds its recent entries only: one without entries of ``day`` says which days
    it holds (a SourceError), never that nothing was announced.
    """

    knows_days = False

    def __init__(self, url: str) -> None:
        self.url = url
        self.name = strip_credentials(url)  # the name is stored and printed
        self.what = _host(url) or short_source(url)

    async def fetch_day(self, day: dt.date | None, http: Http) -> list[Paper]:
        """The feed's entries dated ``day`` (newest date present when ``day`` is None)."""
        response = await http.get(self.url, what=self.what, day=day)
        papers = await asyncio.to_thread(parse_feed, response.content, self.url, name=self.name)
        if not papers:
            return []
        wanted = day or max(paper.announced for paper in papers)
        kept = [paper for paper in papers if paper.announced == wanted]
        if not kept:
            held = dates_held(paper.announced for paper in papers)
            raise SourceError(
                f"{short_source(self.url)} holds entries of {held}, none of {wanted.isoformat()}"
            )
        return kept
