"""Sources by name, and fetching several of them for one day.

Partial failure: when some sources answer and others fail, :func:`fetch_sources`
succeeds with the papers it got and reports one warning line per failed source;
it raises :class:`SourceError` only when every source failed.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from ..config import DEFAULT_SOURCES, SOURCE_USAGE, Config
from ..errors import InsightsError, SourceError
from ..papers import Paper, merge_papers
from .arxiv_api import ArxivApiSource
from .arxiv_rss import ArxivRssSource
from .arxiv_schedule import current_announcement
from .base import Source
from .feed import FeedSource
from .hf import HFSource
from .hf_file import HFFileSource
from .http import Http
from .listing import ListingSource
from .names import is_file, needs_network, short_source, source_kind

USAGE = SOURCE_USAGE

Clock = Callable[[], dt.datetime]


class ArxivSource:
    """arXiv: the RSS feed for the current announcement, the export API for past days."""

    name = "arxiv"
    knows_days = True  # an empty answer means nothing was announced

    def __init__(self, rss: ArxivRssSource, api: ArxivApiSource, clock: Clock | None = None):
        self.rss = rss
        self.api = api
        self.clock = clock or (lambda: dt.datetime.now(dt.UTC))

    async def fetch_day(self, day: dt.date | None, http: Http) -> list[Paper]:
        """Newest (``day=None``) or ``day``'s papers, from whichever arXiv service has them."""
        current = current_announcement(self.clock())
        if day is None or day >= current:
            feed_day, papers = await self.rss.fetch(http)
            if day is None and papers:
                return papers
            if day is not None and feed_day == day:
                return papers
            # The feed is empty on weekends and lags the 20:00 ET announcement until it
            # is rebuilt: ask the API for the day instead.
            day = day or current
        return await self.api.fetch_day(day, http)


def make_source(name: str, config: Config, *, api_page_size: int = 200) -> Source:
    """The source called ``name`` (hf, arxiv, sample), at an http(s) URL or in a file.

    Raises ValueError with a usage line for anything else.
    """
    key = name.strip()
    kind = source_kind(key)
    if kind == "hf":
        return HFFileSource(key) if is_file(key) else HFSource(config.hf_api_url)
    if kind == "arxiv":
        rss = ArxivRssSource(
            config.arxiv_rss_url,
            config.arxiv_categories,
            include_replacements=config.include_replacements,
        )
        api = ArxivApiSource(
            config.arxiv_api_url,
            config.arxiv_categories,
            delay=config.arxiv_api_delay,
            page_size=api_page_size,
        )
        return ArxivSource(rss, api)
    if kind == "sample":
        from .sample import SampleSource

        source: Source = SampleSource()
        return source
    if kind == "listing":
        return ListingSource(key)
    if kind == "feed":
        return FeedSource(key)
    raise ValueError(f"unknown source {name!r}: {USAGE}")


def default_source_names(config: Config) -> tuple[str, ...]:
    """The sources fetched when none are named."""
    return tuple(config.sources) or DEFAULT_SOURCES


@dataclass(frozen=True, slots=True)
class FetchOutcome:
    """What a fetch brought: one day's merged papers and which sources answered."""

    day: dt.date | None
    papers: tuple[Paper, ...]
    answered: tuple[str, ...]
    failed: tuple[tuple[str, str], ...] = ()
    counts: tuple[tuple[str, int], ...] = ()
    # Whether a source that answered keeps a calendar (Hugging Face, arXiv): only then
    # does an empty answer mean "no papers announced". A listing or a feed cannot know.
    knows_empty: bool = False

    @property
    def warnings(self) -> tuple[str, ...]:
        """One line per source that failed while others answered."""
        return tuple(_labelled(name, message) for name, message in self.failed)


Result = list[Paper] | InsightsError


def _labelled(name: str, message: str) -> str:
    """``message`` led by the source's short name, unless it already starts with it."""
    label = short_source(name)
    return message if message.startswith(label) else f"{label}: {message}"


async def _run(source: Source, day: dt.date | None, http: Http, offline: bool) -> Result:
    if offline and needs_network(source.name):  # the sample and local files need none
        return SourceError(f"offline: {short_source(source.name)} not fetched")
    try:
        return await source.fetch_day(day, http)
    except InsightsError as error:
        return error
    except Exception as error:
        # Only the type: the message of an unexpected error may quote untrusted input.
        return SourceError(f"unexpected answer from {source.name}: {type(error).__name__}")


def _pick_day(results: list[Result]) -> dt.date | None:
    """The day most papers were announced on (the newest on a tie)."""
    days = Counter(p.announced for r in results if isinstance(r, list) for p in r)
    if not days:
        return None
    return max(days, key=lambda d: (days[d], d))


async def fetch_sources(
    day: dt.date | None,
    names: tuple[str, ...] | list[str],
    config: Config,
    *,
    http: Http | None = None,
    on_wait: Callable[[str], None] | None = None,
) -> FetchOutcome:
    """Fetch ``names`` for ``day`` (None: the newest announcement) and merge the papers.

    ``http`` lets a caller share an open session (tests use one with a short backoff);
    ``on_wait`` hears every long wait. The whole fetch ends by :func:`fetch_deadline`.
    """
    sources = [make_source(name, config) for name in (names or default_source_names(config))]
    deadline = fetch_deadline(config)
    try:
        async with asyncio.timeout(deadline):
            if http is None:
                async with Http.from_config(config, on_wait=on_wait) as session:
                    return await _fetch(day, sources, session, config.offline)
            return await _fetch(day, sources, http, config.offline)
    except TimeoutError:
        raise SourceError(
            f"the fetch took longer than {deadline:g} s: stopped, nothing stored"
        ) from None


def fetch_deadline(config: Config) -> float:
    """A bound on one whole fetch: every request's deadline and waits, several sources."""
    return max(300.0, 10 * config.http_timeout)


async def _fetch(
    day: dt.date | None, sources: list[Source], http: Http, offline: bool
) -> FetchOutcome:
    results = list(await asyncio.gather(*(_run(s, day, http, offline) for s in sources)))
    target = day
    if day is None:
        target = _pick_day(results)
        # Sources can disagree on the newest day (one not yet updated): ask the
        # others for the chosen day so the digest is one day, complete.
        if target is not None:
            for index, result in enumerate(results):
                if isinstance(result, list) and not any(p.announced == target for p in result):
                    results[index] = await _run(sources[index], target, http, offline)
    failures = [
        (s.name, str(r)) for s, r in zip(sources, results, strict=True) if not isinstance(r, list)
    ]
    if len(failures) == len(sources):
        if len(failures) == 1:
            raise SourceError(failures[0][1])
        raise SourceError("no source answered: " + "; ".join(_labelled(*f) for f in failures))
    papers: list[Paper] = []
    counts: list[tuple[str, int]] = []
    answered: list[str] = []
    knows_empty = False
    for source, result in zip(sources, results, strict=True):
        if isinstance(result, list):
            kept = [p for p in result if p.announced == target]
            answered.append(source.name)
            knows_empty = knows_empty or bool(getattr(source, "knows_days", False))
            counts.append((source.name, len(kept)))
            papers.extend(kept)
    return FetchOutcome(
        day=target,
        papers=tuple(merge_papers(papers)),
        answered=tuple(answered),
        failed=tuple(failures),
        counts=tuple(counts),
        knows_empty=knows_empty,
    )
