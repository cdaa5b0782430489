"""The facade between the reader (or the CLI) and everything in ``core``.

``main()`` builds one :class:`InsightsService` and hands it to the app; tests can
hand the app another. Heavy modules (openai, plotext, feedparser) load on first use.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from .config import Config, ListsConfig, LLMConfig
from .dates import refuse_future
from .errors import InsightsError
from .models import DayCount, DayInfo, Digest, Taxonomy
from .store.recent import RecentDigests, Stamp
from .topics.digest import build_digest, outline_digest, sorting_key
from .topics.resort import Fetched, is_stale, save_fetched, sort_again

if TYPE_CHECKING:
    from .briefings.record import Briefing
    from .briefings.service import BriefingEvent, BriefingService
    from .export.document import ExportResult
    from .fetch_result import FetchResult
    from .papers import Assignment, Paper
    from .reader_data.reader import ReaderData
    from .search.service import SearchService
    from .store.corrections import Corrections
    from .store.dayfile import StoredDay
    from .store.days import Store
    from .topics.learned import Example


RECENT_DIGESTS = 8  # digests kept in memory: the day shown and its neighbours
OFFLINE_WRITER = "offline extract"  # the writer_label without a model


class InsightsService:
    """Days, digests, fetching, briefings and export behind one object."""

    def __init__(self, config: Config) -> None:
        from .store.days import Store
        from .topics.taxonomy import load_taxonomy

        self.config = config
        self._notices: list[str] = []
        self.taxonomy: Taxonomy
        self.taxonomy, warning = load_taxonomy(config.paths.taxonomy_file, config.paths.cache_dir)
        if warning:
            self._notices.append(warning)
        self.store: Store = Store(config.paths.cache_dir)
        self._briefings: BriefingService | None = None
        self._search: SearchService | None = None
        self._reader: ReaderData | None = None
        self._corrections: Corrections | None = None
        # Recently opened digests by day, each with the stamp of the file it came from.
        self._recent = RecentDigests(RECENT_DIGESTS)
        self.show_muted = False  # papers the mute list matches are shown (H in the reader)

    # -- notices and days -------------------------------------------------
    def take_notices(self) -> list[str]:
        """One-line notices gathered since the last call (taxonomy, cache repairs)."""
        notices = self._notices + self.store.take_notices()
        if self._corrections is not None:
            notices += self._corrections.take_notices()
        self._notices = []
        if self._search is not None:
            notices += self._search.take_notices()
        if self._reader is not None:
            notices += self._reader.take_notices()
        return notices

    # -- the reader's own data and search (opened on first use, never to start) --
    @property
    def reader(self) -> ReaderData:
        """Read marks and stars, in ``<data_dir>/reader/``."""
        if self._reader is None:
            from .reader_data.reader import ReaderData

            self._reader = ReaderData(self.config.paths.reader_dir)
        return self._reader

    @property
    def search(self) -> SearchService:
        """Full-text search over the cached days (its index lives under ``cache/``)."""
        if self._search is None:
            from .search.service import SearchService

            self._search = SearchService(self.config.paths.search_index, self)
        return self._search

    def _index_day(self, day: dt.date) -> None:
        """Bring ``day`` into the search index; a failure is a notice, never a failed fetch."""
        try:
            self.search.index_day(day)
        except InsightsError as error:
            self._notices.append(f"search index not updated: {error}")

    def record_empty(self, day: dt.date, sources: Sequence[str] = ()) -> None:
        """Remember ``day`` as a day without papers: a weekend (unless it is cached), or
        what ``sources`` answered (a day with papers is never emptied)."""
        if sources or not self.is_cached(day):
            self.store.save_day(day, [], [], sources=sources, taxonomy_version=self.sorting)

    # -- corrections ----------------------------------------------------------
    @property
    def corrections(self) -> Corrections:
        """The reader's corrections (``<data_dir>/reader/corrections.json``), opened on use."""
        if self._corrections is None:
            from .store.corrections import Corrections

            self._corrections = Corrections(self.config.paths.corrections_file)
        return self._corrections

    def _has_corrections(self) -> bool:
        # A stat, not an import: most readers never move a paper.
        return self._corrections is not None or self.config.paths.corrections_file.exists()

    def move_paper(self, digest: Digest, arxiv_id: str, category: str) -> Digest:
        """Move ``arxiv_id`` of ``digest``'s day to ``category`` for good; the day again.

        The briefings of the category it left and the one it joined no longer match
        their paper sets (the paper key), so neither is reused.
        """
        if self.taxonomy.get(category) is None:
            raise InsightsError(f"no category {category!r} in the taxonomy")
        for group in digest.topics:
            for paper in group.papers:
                if paper.arxiv_id == arxiv_id:
                    self.corrections.move(paper, digest.day, category, group.name)
                    self._recent.drop(digest.day)
                    return self.open_day(digest.day) or digest
        raise InsightsError(f"no paper {arxiv_id} on {digest.day.isoformat()}")

    def fetched_at(self, day: dt.date) -> dt.datetime | None:
        """When ``day`` was last fetched (UTC), from the index; None for the sample or unknown."""
        info = self.store.day_info(day)
        return info.fetched_time if info is not None else None

    def is_cached(self, day: dt.date) -> bool:
        """Whether ``day`` is in the cache (empty days too), from the index alone."""
        return self.store.day_info(day) is not None

    def days(self) -> list[DayInfo]:
        """Cached days, oldest first."""
        return self.store.days()

    def day_counts(self) -> list[DayCount]:
        """Cached days with their paper counts, oldest first (cheaper than :meth:`days`)."""
        return self.store.day_counts()

    def newest_day(self) -> dt.date | None:
        """The newest cached day that has papers."""
        days = [day for day, count in self.day_counts() if count]
        return days[-1] if days else None

    def previous_day(self, day: dt.date) -> dt.date | None:
        """The nearest cached day before ``day`` that has papers."""
        earlier = [d for d, count in self.day_counts() if count and d < day]
        return earlier[-1] if earlier else None

    def next_day(self, day: dt.date) -> dt.date | None:
        """The nearest cached day after ``day`` that has papers."""
        later = [d for d, count in self.day_counts() if count and d > day]
        return later[0] if later else None

    def open_day(self, day: dt.date) -> Digest | None:
        """The cached digest of ``day`` as the reader shows it (the watch and mute lists
        applied), or None when it is not cached."""
        digest = self.sorted_day(day)
        lists = self.config.lists
        if digest is None or lists.empty:
            return digest
        from .reader_data.lists import apply_lists

        return apply_lists(digest, lists, show_muted=self.show_muted)

    def sorted_day(self, day: dt.date) -> Digest | None:
        """The cached digest of ``day`` (classified and corrected, every paper), or None.

        Recently opened days come from memory while their file is unchanged.
        """
        stamp, remembered = self._remembered(day)
        if remembered is not None:
            return remembered
        stored = self.store.load_day(day)
        if stored is None:
            return None
        if is_stale(stored, self.taxonomy):
            stored, stamp = sort_again(self.store, stored, self.taxonomy, self._examples())
        digest = self._digest_of(stored)
        if stamp is not None:
            self._recent.put(day, stamp, digest)
        return digest

    def set_lists(self, lists: ListsConfig) -> None:
        """Keep ``lists`` as the watch and mute lists, in config.toml and from now on."""
        from .reader_data.config_lists import save_lists

        save_lists(self.config.paths.config_file, lists)
        self.config = replace(self.config, lists=lists)

    def _remembered(self, day: dt.date) -> tuple[Stamp | None, Digest | None]:
        """The day file's stamp, and its digest when one from that very file is in memory."""
        stamp = self.store.day_stamp(day)
        return stamp, self._recent.get(day, stamp)

    def outline_day(self, day: dt.date) -> Digest | None:
        """``day`` drawn from the cache index alone (counts, no papers), or None.

        The reader shows it while the day file is read. A day already in memory comes
        whole instead, as does one the index cannot outline.
        """
        if not self.config.lists.empty:
            return None  # the index counts the papers the mute list hides
        remembered = self._remembered(day)[1]
        if remembered is not None:
            return remembered
        if self._has_corrections() and day in self.corrections.days():
            return None  # the index counts papers where the classifier put them
        info = self.store.day_info(day)
        return outline_digest(info, self.taxonomy) if info is not None else None

    def prefetch(self, days: Sequence[dt.date | None]) -> None:
        """Open ``days`` ahead of time (from a thread) so moving to them is instant."""
        for day in days:
            if day is not None:
                self.sorted_day(day)

    @property
    def sorting(self) -> str:
        """The key of a day sorted with these topics by this classifier."""
        return sorting_key(self.taxonomy)

    def _digest_of(self, stored: StoredDay) -> Digest:
        assignments: Sequence[Assignment] = stored.assignments
        if self._has_corrections():
            assignments = self.corrections.apply(assignments, self.taxonomy)
        return build_digest(
            stored.day, stored.sources, stored.papers, tuple(assignments), self.taxonomy
        )

    def _examples(self) -> Sequence[Example]:
        """The corrections as examples for the learned classifier (none without a file)."""
        if not self._has_corrections():
            return ()
        return self.corrections.examples(self.taxonomy)

    # -- the bundled sample -----------------------------------------------
    def ensure_sample(self) -> dt.date | None:
        """Load the bundled sample into an empty cache; return the newest day shown."""
        if not any(count for _, count in self.day_counts()):  # empty days alone show nothing
            from .sample_day import load_sample

            load_sample(self.store, self.taxonomy)
        return self.newest_day()

    @property
    def first_run_banner(self) -> str | None:
        """A short how-to while every cached day is from the bundled sample."""
        from .sample_day import only_sample, sample_banner

        if not only_sample(self.store, self.day_counts()):
            return None
        return sample_banner(self.config.llm.configured)

    # -- fetching -----------------------------------------------------------
    async def fetch_day(
        self,
        day: dt.date | None = None,
        sources: Sequence[str] | None = None,
        *,
        on_wait: Callable[[str], None] | None = None,
    ) -> FetchResult:
        """Fetch ``day`` (None: the newest announced) from ``sources``, classify and store it.

        A day in the future is refused; an empty answer is stored as an empty day only
        when a source that keeps a calendar (Hugging Face, arXiv) gave it.
        """
        import asyncio

        from .fetch_result import FetchResult
        from .sources.names import short_source
        from .sources.registry import fetch_sources
        from .store.repeats import repeats_of

        if day is not None:
            try:
                refuse_future(day)
            except ValueError as error:
                raise InsightsError(str(error)) from None
        names = tuple(sources or self.config.sources)
        outcome = await fetch_sources(day, names, self.config, on_wait=on_wait)
        papers: list[Paper] = list(outcome.papers)
        warnings = tuple(outcome.warnings)
        if not papers:
            shown = day or outcome.day or dt.date.today()
            known = day or outcome.day
            if known is not None and not outcome.failed and outcome.knows_empty:
                # Every source answered "nothing": remember the day as empty (count 0), so
                # the reader can say it was skipped; days with papers are never emptied.
                await asyncio.to_thread(self.record_empty, known, outcome.answered)
                message = f"no papers announced on {shown.isoformat()}"  # one wording
            else:
                asked = ", ".join(short_source(name) for name in outcome.answered) or "no source"
                message = f"no papers of {shown.isoformat()} from {asked}; nothing stored"
            return FetchResult(shown, 0, True, message, (), warnings)
        target = day or outcome.day or max(p.announced for p in papers)
        repeats = await asyncio.to_thread(repeats_of, self.store, target, papers)
        warnings = (*warnings, *filter(None, [repeats.line()]))  # a weekend's listing
        idle = [
            f"{short_source(name)}: no papers of {target.isoformat()}; it added nothing"
            for name, count in outcome.counts
            if count == 0
        ]
        warnings = (*warnings, *idle)
        assignments = await self._classify(papers)
        answered = tuple(sorted({s for p in papers for s in p.sources}))
        digest = await asyncio.to_thread(self._store_day, (target, papers, assignments, answered))
        await asyncio.to_thread(self._index_day, target)
        count = digest.paper_count
        counts = digest.category_counts
        message = f"{target.isoformat()}: {count} papers"
        return FetchResult(target, count, count == 0, message, counts, warnings, answered)

    def _store_day(self, fetched: Fetched) -> Digest:
        """Store a fetched day (day, papers, assignments, sources); its digest, built from
        what was stored (the merged day), not read back, and kept in memory."""
        stored, stamp = save_fetched(self.store, fetched, self.taxonomy, self._examples())
        digest = self._digest_of(stored)
        if stamp is not None:
            self._recent.put(fetched[0], stamp, digest)
        return digest

    def refresh_sources(self, day: dt.date | None) -> tuple[str, ...] | None:
        """The sources ``day`` was fetched from (a listing's day: its listing, never the
        sample), to fetch it again; None: the configured ones."""
        from .config import is_source_name

        info = self.store.day_info(day) if day is not None else None
        names = (
            tuple(n for n in info.sources if n != "sample" and is_source_name(n)) if info else ()
        )
        return names or None

    async def _classify(self, papers: Sequence[Paper]) -> list[Assignment]:
        import asyncio

        from .topics.classify import classify

        llm = self._llm_config()
        if llm.classify and llm.configured:
            from .topics.classify_llm import classify_with_llm

            return await classify_with_llm(
                papers, self.taxonomy, llm, self.store, notices=self._notices
            )
        # About 100 ms for a 700-paper listing: not on the reader's event loop.
        return await asyncio.to_thread(lambda: classify(papers, self.taxonomy, self._examples()))

    # -- briefings ----------------------------------------------------------
    @property
    def briefings(self) -> BriefingService:
        """The briefing service, built on first use."""
        if self._briefings is None:
            from .briefings.service import BriefingService

            self._briefings = BriefingService(self._llm_config(), self.store)
        return self._briefings

    def _llm_config(self) -> LLMConfig:
        llm = self.config.llm
        if self.config.offline:
            # Offline means no network at all, even with summarizer = "llm" configured.
            llm = replace(llm, summarizer="offline", classify=False)
        return llm

    @property
    def writer_label(self) -> str:
        """What writes the briefings: the model's name or the offline extract."""
        return self._llm_config().model if self._llm_config().use_llm else OFFLINE_WRITER

    def set_language(self, language: str) -> None:
        """Switch the default language of briefings and exports."""
        self.config = replace(self.config, language=language)

    def cached_briefing(self, digest: Digest, category: str, language: str) -> Briefing | None:
        """The cached briefing of ``category`` on ``digest.day``, if any."""
        group = digest.group(category)
        if group is None:
            return None
        return self.briefings.cached(digest.day, group, language)

    def brief(
        self, digest: Digest, category: str, language: str, *, regenerate: bool = False
    ) -> AsyncIterator[BriefingEvent]:
        """Stream the briefing of ``category``: chunks, progress, then done or failed."""
        group = digest.group(category)
        if group is None:
            raise InsightsError(f"no category {category!r} on {digest.day.isoformat()}")
        return self.briefings.stream(digest.day, group, language, regenerate=regenerate)

    # -- export ---------------------------------------------------------------
    def export(
        self,
        digest: Digest,
        *,
        categories: Sequence[str] | None,
        language: str,
        path: Path | None = None,
        fmt: str = "markdown",
        force: bool = False,
        failures: Mapping[str, str] | None = None,
        written: Mapping[str, Briefing] | None = None,
        filtered: str = "",
    ) -> ExportResult:
        """Write the digest (with the briefings that exist); what was written (the
        document, and beside a Markdown one its chart).

        ``failures`` (category -> reason) is written in place of briefings that failed;
        ``written`` holds briefings just written that the cache could not keep;
        ``filtered`` is the reader's filter that chose the papers (no briefings then).
        NothingToExport, before any file is touched, when the papers chosen are none.
        """
        from .export.document import write_export
        from .export.nothing import chosen_categories
        from .topics.chart import distribution_chart

        categories = chosen_categories(digest, categories, filtered=filtered)  # or refused
        digest = replace(digest, groups=digest.topics)  # the watchlist is the reader's
        names = categories or [g.name for g in digest.groups]
        return write_export(
            digest,
            {
                name: (written or {}).get(name) or self.cached_briefing(digest, name, language)
                for name in names
            },
            path=path,
            export_dir=self.config.paths.export_dir,
            language=language,
            categories=list(categories) if categories else None,
            fmt=fmt,
            force=force,
            chart_text=distribution_chart(digest.category_counts, 80),
            failures=failures,
            filtered=filtered,
        )
