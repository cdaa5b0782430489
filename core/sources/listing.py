"""Whole-day arXiv listings as JSONL (``{id, categories, pdf, abs, authors, title, comment,
summary}`` per line), as written by daily-arXiv-ai-enhanced. A paper appears once per
crawled category; the repeats collapse into one paper. A listing is read from a URL or
from a local file; either way it cannot know a day its name does not state.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ..errors import SourceError
from ..papers import Paper, merge_papers
from ..text import clean_block, clean_line
from .base import abs_url, as_text, pdf_url, split_arxiv_id
from .guard import strip_credentials
from .http import Http
from .names import dates_held, is_file, is_url, short_source, source_kind

# A listing (.jsonl) or a saved Hugging Face answer (.json) named for its day.
_DATE_IN_NAME = re.compile(r"(\d{4}-\d{2}-\d{2})[^/]*\.jsonl?$", re.IGNORECASE)
# A local file is read whole: far above a real day (1,000 papers is about 1.5 MB).
MAX_FILE_BYTES = 64 * 1024 * 1024


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
        except (json.JSONDecodeError, RecursionError) as error:
            reason = error.msg if isinstance(error, json.JSONDecodeError) else "nested too deeply"
            raise SourceError(f"malformed listing from {name}: line {number}: {reason}") from None
        if isinstance(record, dict) and (paper := _paper(record, day, name)) is not None:
            papers.append(paper)
    return merge_papers(papers)


def day_from_url(url: str) -> dt.date | None:
    """The date in a listing's or saved file's name (``.../2026-06-02.jsonl``), if any."""
    path = urlsplit(url).path if is_url(url) else url
    match = _DATE_IN_NAME.search(path)
    if match is None:
        return None
    try:
        return dt.date.fromisoformat(match[1])
    except ValueError:
        return None


def named_day(names: Iterable[str]) -> dt.date | None:
    """The day the listings and saved files among ``names`` are named for (None: none
    is dated); SourceError when they name different days."""
    days = {
        day
        for name in names
        if (source_kind(name) == "listing" or is_file(name))
        and (day := day_from_url(name)) is not None
    }
    if len(days) > 1:
        raise SourceError(f"the listings are of {dates_held(days)}: fetch one day at a time")
    return next(iter(days), None)


def read_listing_file(path: Path, noun: str = "listing") -> bytes:
    """The bytes of a local listing (or other ``noun`` file), or a one-line SourceError."""
    shown = short_source(str(path))
    try:
        with path.open("rb") as file:
            data = file.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise SourceError(f"no {noun} file {shown} (looked at {str(path)[:120]})") from None
    except OSError as error:
        raise SourceError(f"cannot read the {noun} file {shown}: {error.strerror}") from None
    if len(data) > MAX_FILE_BYTES:
        raise SourceError(f"the {noun} file {shown} is over {MAX_FILE_BYTES >> 20} MB: not read")
    return data


class ListingSource:
    """A JSONL listing at a URL or in a local file.

    Its day is the date in its file name, else the day asked for. It keeps no calendar:
    an empty listing does not mean that nothing was announced.
    """

    knows_days = False

    def __init__(self, url: str) -> None:
        self.local = None if is_url(url) else Path(url).expanduser().resolve()
        self.url = url if self.local is None else str(self.local)
        self.name = strip_credentials(self.url)  # the name is stored and printed
        self.what = short_source(self.url)

    async def fetch_day(self, day: dt.date | None, http: Http) -> list[Paper]:
        """The listing's papers; SourceError when its name dates it to another day."""
        named = day_from_url(self.url)
        if day is not None and named is not None and named != day:
            raise SourceError(
                f"{self.what} is the listing of {named.isoformat()}, not {day.isoformat()}:"
                " nothing taken from it"
            )
        listing_day = named or day or dt.datetime.now(dt.UTC).date()
        if self.local is not None:
            data = await asyncio.to_thread(read_listing_file, self.local)
        else:
            data = (await http.get(self.url, what=self.what, day=day)).content
        # ~100 ms for a 1,000-paper listing: not on the reader's event loop.
        return await asyncio.to_thread(parse_listing_jsonl, data, listing_day, name=self.name)
