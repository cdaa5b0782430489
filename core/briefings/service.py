"""The briefing service: cached, streamed five-part briefings, by model or offline."""

from __future__ import annotations

import asyncio
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
from .fallback import in_place_of, unusable
from .llm import FinalRequest, LLMWriter, Progress, Restart, prompt_hash
from .offline import offline_briefing
from .parts import language_of
from .record import OFFLINE_MODEL, Briefing, Usage, briefing_key

# Bump when the offline writer changes what it writes: the hash keys its cache.
OFFLINE_VERSION = "offline-extract-7"


class BriefingCache(Protocol):
    """Where finished briefings are kept (the Store implements it)."""

    def get_briefing(self, day: dt.date, key: str) -> Briefing | None: ...

    def put_briefing(self, briefing: Briefing) -> None: ...


@dataclass(frozen=True, slots=True)
class BriefingChunk:
    """More text of the briefing (already sanitised)."""

    text: str


@dataclass(frozen=True, slots=True)
class BriefingProgress:
    """A step of a long (map-reduce) briefing finished."""

    done: int
    total: int
    label: str


@dataclass(frozen=True, slots=True)
class BriefingRestarted:
    """The briefing failed its check; the model is asked once more and the text restarts."""

    reason: str


@dataclass(frozen=True, slots=True)
class BriefingDone:
    """The briefing is complete: cached, or not (``uncached`` says why)."""

    briefing: Briefing
    uncached: str = ""


@dataclass(frozen=True, slots=True)
class BriefingFailed:
    """The briefing failed; ``partial_text`` is what arrived before (never cached)."""

    message: str
    partial_text: str


BriefingEvent = BriefingChunk | BriefingProgress | BriefingRestarted | BriefingDone | BriefingFailed


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


class BriefingService:
    """Briefings per category and day: from the cache, from the model, or offline."""

    def __init__(
        self, llm: LLMConfig, cache: BriefingCache, *, writer: LLMWriter | None = None
    ) -> None:
        self._llm = llm
        self._cache = cache
        self._writer = writer

    @property
    def model(self) -> str:
        """The model name in cache keys: ``offline`` for the offline writer."""
        return self._llm.model if self._llm.use_llm else OFFLINE_MODEL

    @property
    def writer(self) -> LLMWriter:
        """The model writer, built on first use (it owns the shared semaphore)."""
        if self._writer is None:
            self._writer = LLMWriter(self._llm)
        return self._writer

    def prompt_hash(self, language: str) -> str:
        """The hash of the prompts (or the offline algorithm) behind a briefing."""
        if not self._llm.use_llm:
            return hashlib.sha256(OFFLINE_VERSION.encode()).hexdigest()[:12]
        return prompt_hash(language_of(language))

    def cache_key_for(self, day: dt.date, group: CategoryGroup, language: str) -> str:
        """The cache key of ``group``'s briefing in ``language`` with the current setup."""
        language = language_of(language)
        return briefing_key(
            group.name, paper_key(group.papers), self.prompt_hash(language), self.model, language
        )

    def cached(self, day: dt.date, group: CategoryGroup, language: str) -> Briefing | None:
        """The cached complete briefing, if there is one. A model's answer with none of the
        five parts is none (cached before the fallback, or mid-repair): asked again."""
        found = self._cache.get_briefing(day, self.cache_key_for(day, group, language))
        if found is None or not found.complete:
            return None
        return None if self._llm.use_llm and unusable(found) else found

    def _briefing(
        self,
        day: dt.date,
        group: CategoryGroup,
        language: str,
        text: str,
        usage: Usage,
        *,
        retried: bool = False,
    ) -> Briefing:
        checks = check_briefing(
            text, group.count, language, verbatim=not self._llm.use_llm, retried=retried
        )
        return Briefing(
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
    ) -> AsyncIterator[BriefingEvent]:
        """Stream ``group``'s briefing; a cache hit makes no request."""
        language = language_of(language)
        if not regenerate:
            try:
                hit = self.cached(day, group, language)
            except InsightsError as error:
                yield BriefingFailed(str(error), "")
                return
            if hit is not None:
                yield BriefingChunk(hit.text)
                yield BriefingDone(hit)
                return
        if not self._llm.use_llm:
            events = self._offline(day, group, language)
        else:
            events = self._from_model(day, group, language)
        async for event in events:
            yield event

    async def _offline(
        self, day: dt.date, group: CategoryGroup, language: str
    ) -> AsyncIterator[BriefingEvent]:
        # Off the event loop: a few hundred papers take a fifth of a second or more.
        text = await asyncio.to_thread(offline_briefing, group, language)
        # A few chunks (one per part) so the screen fills the same way as with a model.
        for block in text.split("\n\n"):
            yield BriefingChunk(block + "\n\n")
        briefing = self._briefing(day, group, language, text.strip(), Usage())
        async for event in self._store(briefing):
            yield event

    async def _from_model(
        self, day: dt.date, group: CategoryGroup, language: str
    ) -> AsyncIterator[BriefingEvent]:
        if not group.papers:
            yield BriefingFailed("no papers in this category to brief", "")
            return
        final: list[FinalRequest] = []
        answer: list[Briefing] = []
        async for event in self._answer(
            self.writer.briefing(day, group, language), day, group, language, final, answer
        ):
            yield event
        if not answer:
            return
        first = answer[0]
        checks = first.checks or Checks()
        if not checks.needs_repair or not final:
            async for event in self._finish(first, group):
                yield event
            return
        # Cached first, marked retried: the repair is asked once, even across a restart.
        first = replace(first, checks=checks.marked_retried())
        stored = [e async for e in self._store(first)]
        if any(isinstance(e, BriefingDone) and e.uncached for e in stored):
            # Not kept, so the repair could not be remembered as done: none is asked.
            if unusable(first):
                stored = [e async for e in self._finish(first, group)]
            for event in stored:
                yield event
            return
        reason = _problems(checks, language)
        yield BriefingRestarted(reason)
        again: list[Briefing] = []
        repair = self.writer.repair(final[0].messages, language, reason)
        async for event in self._answer(repair, day, group, language, [], again, retried=True):
            if isinstance(event, BriefingFailed):
                if unusable(first):
                    async for done in self._finish(first, group):
                        yield done
                    return
                # The first answer stays: complete, cached, shown with its warnings.
                yield BriefingChunk(first.text)
                yield BriefingDone(first)
                return
            yield event
        if again:
            briefing = replace(again[0], usage=first.usage + again[0].usage)
            async for event in self._finish(briefing, group):
                yield event

    async def _answer(
        self,
        pieces: AsyncIterator[object],
        day: dt.date,
        group: CategoryGroup,
        language: str,
        final: list[FinalRequest],
        out: list[Briefing],
        *,
        retried: bool = False,
    ) -> AsyncIterator[BriefingEvent]:
        """Stream one answer as events; a complete one is appended to ``out`` (not stored)."""
        secrets = (self._llm.api_key,)
        sanitiser = _Sanitiser(secrets)
        usage = Usage()
        try:
            async for piece in pieces:
                if isinstance(piece, Usage):
                    usage += piece
                elif isinstance(piece, Progress):
                    yield BriefingProgress(piece.done, piece.total, piece.label)
                elif isinstance(piece, FinalRequest):
                    final.append(piece)
                elif isinstance(piece, Restart):
                    # The server cut the answer off: what was shown is void, it starts again.
                    sanitiser = _Sanitiser(secrets)
                    yield BriefingRestarted(piece.reason)
                elif isinstance(piece, str):
                    delta = sanitiser.feed(piece)
                    if delta:
                        yield BriefingChunk(delta)
        except InsightsError as error:
            yield BriefingFailed(redact(str(error), secrets), sanitiser.text())
            return
        text = sanitiser.text()
        if not text:
            yield BriefingFailed("the model returned an empty briefing", "")
            return
        # Any held-back tail (after an unfinished escape sequence) settles here.
        shown = sanitiser.emitted.strip()
        if len(text) > len(shown) and text.startswith(shown):
            yield BriefingChunk(text[len(shown) :])
        out.append(self._briefing(day, group, language, text, usage, retried=retried))

    async def _finish(
        self, briefing: Briefing, group: CategoryGroup
    ) -> AsyncIterator[BriefingEvent]:
        """Store the model's final answer; one with none of the five parts gives way to the
        offline extract, labelled (see :mod:`.fallback`)."""
        if unusable(briefing):
            briefing = await in_place_of(briefing, group)
        async for event in self._store(briefing):
            yield event

    async def _store(self, briefing: Briefing) -> AsyncIterator[BriefingEvent]:
        try:
            self._cache.put_briefing(briefing)
        except InsightsError as error:
            # Written but not kept: shown and exported now, written again next time.
            yield BriefingDone(briefing, uncached=f"the briefing could not be cached: {error}")
            return
        yield BriefingDone(briefing)
