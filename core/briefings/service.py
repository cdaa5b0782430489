"""The summary service: cached, streamed five-part briefings, by model or offline."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import AsyncIterator
from dataclasses import dataclass, replace
from typing import Protocol

from ..config import LLMConfig
from ..errors import InsightsError
from ..models import CategoryGroup
from ..redact import redact
from ..text import clean_multiline
from ..topics.digest import paper_key
from .checks import Checks, check_briefing
from .llm import FinalRequest, LLMSummariser, Progress, Restart, prompt_hash
from .offline import offline_briefing
from .parts import language_of
from .record import Summary, Usage, summary_key

OFFLINE_MODEL = "offline"
# Bump when the offline summariser changes what it writes: the hash keys its cache.
OFFLINE_VERSION = "offline-extract-5"


class SummaryCache(Protocol):
    """Where finished summaries are kept (the Store implements it)."""

    def get_summary(self, day: dt.date, key: str) -> Summary | None: ...

    def put_summary(self, summary: Summary) -> None: ...


@dataclass(frozen=True, slots=True)
class SummaryChunk:
    """More text of the briefing (already sanitised)."""

    text: str


@dataclass(frozen=True, slots=True)
class SummaryProgress:
    """A step of a long (map-reduce) briefing finished."""

    done: int
    total: int
    label: str


@dataclass(frozen=True, slots=True)
class SummaryRestarted:
    """The briefing failed its check; the model is asked once more and the text restarts."""

    reason: str


@dataclass(frozen=True, slots=True)
class SummaryDone:
    """The briefing is complete: cached, or not (``uncached`` says why)."""

    summary: Summary
    uncached: str = ""


@dataclass(frozen=True, slots=True)
class SummaryFailed:
    """The briefing failed; ``partial_text`` is what arrived before (never cached)."""

    message: str
    partial_text: str


SummaryEvent = SummaryChunk | SummaryProgress | SummaryRestarted | SummaryDone | SummaryFailed


class _Sanitiser:
    """Cleans streamed model text as a whole and hands out only the new part.

    Secrets (the API key, bearer tokens, ``sk-…`` keys) are masked before any text leaves:
    the last word is held back until it is whole, so a key split across pieces is caught.
    """

    def __init__(self, secrets: tuple[str, ...] = ()) -> None:
        self.raw = ""
        self.emitted = ""
        self.secrets = secrets

    def feed(self, piece: str) -> str:
        self.raw += piece
        # An escape sequence may be split across pieces: hold back an unfinished tail.
        safe = self.raw
        escape = safe.rfind("\x1b", max(0, len(safe) - 64))
        if escape != -1:
            safe = safe[:escape]
        safe = _whole_words(safe)
        cleaned = redact(clean_multiline(safe), self.secrets)
        if not cleaned.startswith(self.emitted):
            return ""
        delta = cleaned[len(self.emitted) :]
        self.emitted = cleaned
        return delta

    def text(self) -> str:
        return redact(clean_multiline(self.raw), self.secrets).strip()


def _whole_words(text: str) -> str:
    """``text`` up to its last whitespace, and before a trailing "Bearer"."""
    cut = max(text.rfind(" "), text.rfind("\n"), text.rfind("\t"))
    head = text[: cut + 1] if cut != -1 else ""
    stripped = head.rstrip()
    if stripped.lower().endswith("bearer"):
        head = stripped[: -len("bearer")]
    return head


def _problems(checks: Checks, language: str) -> str:
    """What the corrective instruction names as wrong with the first answer."""
    ko = language == "ko"
    problems: list[str] = []
    if not checks.language_ok:
        problems.append("한국어로 쓰이지 않음" if ko else "not written in English")
    if checks.parts_missing:
        numbers = ", ".join(str(n) for n in checks.parts_missing)
        problems.append(f"{numbers}부가 빠짐" if ko else f"part {numbers} missing")
    return "; ".join(problems)


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


class SummaryService:
    """Briefings per category and day: from the cache, from the model, or offline."""

    def __init__(
        self, llm: LLMConfig, cache: SummaryCache, *, summariser: LLMSummariser | None = None
    ) -> None:
        self._llm = llm
        self._cache = cache
        self._summariser = summariser

    @property
    def model(self) -> str:
        """The model name in cache keys: ``offline`` for the offline summariser."""
        return self._llm.model if self._llm.use_llm else OFFLINE_MODEL

    @property
    def summariser(self) -> LLMSummariser:
        """The model summariser, built on first use (it owns the shared semaphore)."""
        if self._summariser is None:
            self._summariser = LLMSummariser(self._llm)
        return self._summariser

    def prompt_hash(self, language: str) -> str:
        """The hash of the prompts (or the offline algorithm) behind a summary."""
        if not self._llm.use_llm:
            return hashlib.sha256(OFFLINE_VERSION.encode()).hexdigest()[:12]
        return prompt_hash(language_of(language))

    def cache_key_for(self, day: dt.date, group: CategoryGroup, language: str) -> str:
        """The cache key of ``group``'s briefing in ``language`` with the current setup."""
        language = language_of(language)
        return summary_key(
            group.name, paper_key(group.papers), self.prompt_hash(language), self.model, language
        )

    def cached(self, day: dt.date, group: CategoryGroup, language: str) -> Summary | None:
        """The cached complete briefing, if there is one."""
        found = self._cache.get_summary(day, self.cache_key_for(day, group, language))
        return found if found is not None and found.complete else None

    def _summary(
        self,
        day: dt.date,
        group: CategoryGroup,
        language: str,
        text: str,
        usage: Usage,
        *,
        retried: bool = False,
    ) -> Summary:
        checks = check_briefing(
            text, group.count, language, verbatim=not self._llm.use_llm, retried=retried
        )
        return Summary(
            day=day,
            category=group.name,
            language=language,
            model=self.model,
            prompt_hash=self.prompt_hash(language),
            paper_key=paper_key(group.papers),
            text=text,
            complete=True,
            missing_parts=checks.parts_missing,
            usage=usage,
            created_at=_now(),
            checks=checks,
        )

    async def stream(
        self, day: dt.date, group: CategoryGroup, language: str, *, regenerate: bool = False
    ) -> AsyncIterator[SummaryEvent]:
        """Stream ``group``'s briefing; a cache hit makes no request."""
        language = language_of(language)
        if not regenerate:
            try:
                hit = self.cached(day, group, language)
            except InsightsError as error:
                yield SummaryFailed(str(error), "")
                return
            if hit is not None:
                yield SummaryChunk(hit.text)
                yield SummaryDone(hit)
                return
        if not self._llm.use_llm:
            events = self._offline(day, group, language)
        else:
            events = self._from_model(day, group, language)
        async for event in events:
            yield event

    async def _offline(
        self, day: dt.date, group: CategoryGroup, language: str
    ) -> AsyncIterator[SummaryEvent]:
        text = offline_briefing(group, language)
        # A few chunks (one per part) so the screen fills the same way as with a model.
        for block in text.split("\n\n"):
            yield SummaryChunk(block + "\n\n")
        summary = self._summary(day, group, language, text.strip(), Usage())
        async for event in self._store(summary):
            yield event

    async def _from_model(
        self, day: dt.date, group: CategoryGroup, language: str
    ) -> AsyncIterator[SummaryEvent]:
        if not group.papers:
            yield SummaryFailed("no papers in this category to summarise", "")
            return
        final: list[FinalRequest] = []
        answer: list[Summary] = []
        async for event in self._answer(
            self.summariser.briefing(day, group, language), day, group, language, final, answer
        ):
            yield event
        if not answer:
            return
        first = answer[0]
        checks = first.checks or Checks()
        if not checks.needs_repair or not final:
            async for event in self._store(first):
                yield event
            return
        # Cached first, marked retried: the repair is asked once, even across a restart.
        first = replace(first, checks=checks.marked_retried())
        stored = [e async for e in self._store(first)]
        if any(isinstance(e, SummaryDone) and e.uncached for e in stored):
            # Not kept, so the repair could not be remembered as done: none is asked.
            for event in stored:
                yield event
            return
        reason = _problems(checks, language)
        yield SummaryRestarted(reason)
        again: list[Summary] = []
        repair = self.summariser.repair(final[0].messages, language, reason)
        async for event in self._answer(repair, day, group, language, [], again, retried=True):
            if isinstance(event, SummaryFailed):
                # The first answer stays: complete, cached, shown with its warnings.
                yield SummaryChunk(first.text)
                yield SummaryDone(first)
                return
            yield event
        if again:
            summary = replace(again[0], usage=first.usage + again[0].usage)
            async for event in self._store(summary):
                yield event

    async def _answer(
        self,
        pieces: AsyncIterator[object],
        day: dt.date,
        group: CategoryGroup,
        language: str,
        final: list[FinalRequest],
        out: list[Summary],
        *,
        retried: bool = False,
    ) -> AsyncIterator[SummaryEvent]:
        """Stream one answer as events; a complete one is appended to ``out`` (not stored)."""
        secrets = (self._llm.api_key,)
        sanitiser = _Sanitiser(secrets)
        usage = Usage()
        try:
            async for piece in pieces:
                if isinstance(piece, Usage):
                    usage += piece
                elif isinstance(piece, Progress):
                    yield SummaryProgress(piece.done, piece.total, piece.label)
                elif isinstance(piece, FinalRequest):
                    final.append(piece)
                elif isinstance(piece, Restart):
                    # The server cut the answer off: what was shown is void, it starts again.
                    sanitiser = _Sanitiser(secrets)
                    yield SummaryRestarted(piece.reason)
                elif isinstance(piece, str):
                    delta = sanitiser.feed(piece)
                    if delta:
                        yield SummaryChunk(delta)
        except InsightsError as error:
            yield SummaryFailed(redact(str(error), secrets), sanitiser.text())
            return
        text = sanitiser.text()
        if not text:
            yield SummaryFailed("the model returned an empty briefing", "")
            return
        # Any held-back tail (after an unfinished escape sequence) settles here.
        shown = sanitiser.emitted.strip()
        if len(text) > len(shown) and text.startswith(shown):
            yield SummaryChunk(text[len(shown) :])
        out.append(self._summary(day, group, language, text, usage, retried=retried))

    async def _store(self, summary: Summary) -> AsyncIterator[SummaryEvent]:
        try:
            self._cache.put_summary(summary)
        except InsightsError as error:
            # Written but not kept: shown and exported now, written again next time.
            yield SummaryDone(summary, uncached=f"the briefing could not be cached: {error}")
            return
        yield SummaryDone(summary)
