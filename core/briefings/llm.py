"""Streamed five-part briefings from an OpenAI-compatible model, map-reduce when large.

The input budget fits the model's context window where the server tells it (see
:mod:`core.briefings.server`); a refusal for length halves it and the briefing is planned
again, in more (smaller) parts.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass

from ..config import LLMConfig
from ..errors import BriefingError
from ..models import CategoryGroup
from ..text import clean_line, clean_multiline
from .call import DEFAULT_BASE_URL, ModelCaller, StreamCut, TooLong, request_tokens
from .call import _retry_after as _retry_after
from .prompts import fence_safe, load_prompt
from .record import Usage
from .server import learn_context, state_for
from .tokens import chunk_papers, chunk_texts, join_blocks

__all__ = ["DEFAULT_BASE_URL", "LLMWriter", "Progress", "prompt_hash", "request_tokens"]

# Room kept free for what the estimate may miss (the chat template of the server) and
# for the corrective instruction of a repair.
SAFETY_MARGIN = 64
REPAIR_ROOM = 160
# The least room for papers worth planning with: about one short paper per request.
MIN_ROOM = 200


@dataclass(frozen=True, slots=True)
class Progress:
    """A step of a map-reduce briefing finished."""

    done: int
    total: int
    label: str


@dataclass(frozen=True, slots=True)
class FinalRequest:
    """The request whose answer is the briefing (what a repair asks again)."""

    messages: list[dict[str, str]]


@dataclass(frozen=True, slots=True)
class Restart:
    """The answer streamed so far is void: it starts again (``reason`` says why)."""

    reason: str


@dataclass(frozen=True, slots=True)
class Collected:
    """A partial briefing (a map part or a merge) and what it cost."""

    index: int
    text: str
    usage: Usage


Piece = str | Progress | Usage | FinalRequest | Restart
CUT_RETRIES = 2  # a stream cut off part-way is asked again this many times
Messages = list[dict[str, str]]


def prompt_names(language: str) -> tuple[str, ...]:
    """Every template a briefing in ``language`` may use."""
    lang = "en" if language == "en" else "ko"
    return (
        f"system_{lang}",
        f"briefing_{lang}",
        "map_en",  # partial briefings are notes for the merge: English in any language
        f"reduce_{lang}",
        f"repair_{lang}",
    )


def prompt_hash(language: str) -> str:
    """One hash over every template a briefing in ``language`` may use."""
    joined = "|".join(load_prompt(name).hash for name in prompt_names(language))
    return hashlib.sha256(joined.encode()).hexdigest()[:12]


def with_correction(messages: Messages, language: str, problems: str) -> Messages:
    """``messages`` with the short corrective instruction appended to the user's turn."""
    lang = "en" if language == "en" else "ko"
    note = load_prompt(f"repair_{lang}").render(problems=problems).strip()
    *rest, last = messages
    return [*rest, {**last, "content": f"{last['content']}\n\n{note}"}]


class LLMWriter:
    """Writes briefings through one caller; concurrency is bounded per writer."""

    def __init__(
        self, llm: LLMConfig, *, backoff_base: float = 1.0, max_backoff: float = 30.0
    ) -> None:
        self._llm = llm
        self._state = state_for(llm.base_url or DEFAULT_BASE_URL, llm.model)
        self._caller = ModelCaller(
            llm, self._state, backoff_base=backoff_base, max_backoff=max_backoff
        )
        self._discovery = asyncio.Lock()

    @property
    def base_url(self) -> str:
        """The endpoint requests go to (OpenAI's when none is configured)."""
        return self._caller.base_url

    def _error(self, message: str) -> BriefingError:
        return self._caller.error(message)

    # -- the budget ---------------------------------------------------------------

    @property
    def answer_tokens(self) -> int:
        """``max_tokens`` of each request: room for the answer within the context."""
        context = self._state.context
        cap = self._llm.max_output_tokens
        return min(cap, max(256, context // 3)) if context else cap

    @property
    def budget(self) -> int:
        """The input budget: the setting, fitted to the context and to what worked."""
        budget = self._llm.input_budget_tokens
        if self._state.context:
            budget = min(budget, self._state.context - self.answer_tokens - SAFETY_MARGIN)
        if self._state.budget is not None:
            budget = min(budget, self._state.budget)
        return budget

    async def learn_context(self) -> None:
        """Ask the server for its context window, once per server and model in a run."""
        if self._state.discovered:
            return
        async with self._discovery:
            llm = self._llm
            await learn_context(self._state, llm.base_url, llm.api_key, llm.model)

    # -- planning ---------------------------------------------------------------

    def _messages(self, language: str, template: str, **values: object) -> Messages:
        lang = "en" if language == "en" else "ko"
        system = load_prompt(f"system_{lang}").text.strip()
        user = load_prompt(f"{template}_{lang}").render(**values)
        return [{"role": "system", "content": system}, {"role": "user", "content": user}]

    def _room(self, language: str, template: str, **values: object) -> int:
        """Tokens left for the data block of ``template`` within the input budget.

        Raises BriefingError when the prompt alone leaves less than :data:`MIN_ROOM`.
        """
        empty = self._messages(language, template, **values)
        budget = self.budget
        room = budget - request_tokens(empty) - SAFETY_MARGIN - REPAIR_ROOM
        if room < MIN_ROOM:
            needed = budget - room + MIN_ROOM
            if budget < self._llm.input_budget_tokens:
                context = self._state.context
                told = f"a context window of {context:,} tokens" if context else "refusals"
                raise self._error(
                    f"the model's context is too small for the prompt: {told} leaves"
                    f" {budget:,} tokens of input, and it needs {needed:,}; give the server a"
                    " larger context (llama.cpp --n_ctx, Ollama num_ctx)"
                )
            raise self._error(
                f"input_budget_tokens {budget} is too small for the prompt (it needs at least"
                f" {needed}); raise [llm] input_budget_tokens"
            )
        return room

    def plan(self, day: dt.date, group: CategoryGroup, language: str) -> list[Messages]:
        """The first-stage requests: one briefing, or one map request per chunk."""
        common = {"category": clean_line(group.name), "day": day.isoformat()}
        count = group.count
        room = self._room(language, "briefing", papers="", count=count, **common)
        chunks = chunk_papers(group.papers, room)
        if len(chunks) <= 1:
            papers = join_blocks(chunks[0]) if chunks else ""
            return [self._messages(language, "briefing", papers=papers, count=count, **common)]
        # Size the map chunks with the widest values the placeholders will take. The parts
        # are written in English whatever the reader's language: only the merge is shown,
        # and English takes a third of the tokens Korean does, so each part holds more.
        wide = {"part": len(group.papers), "total": len(group.papers), "count": count}
        room = self._room("en", "map", papers="", **wide, **common)
        chunks = chunk_papers(group.papers, room)
        return [
            self._messages(
                "en",
                "map",
                papers=join_blocks(chunk),
                part=index,
                total=len(chunks),
                count=len(chunk),
                **common,
            )
            for index, chunk in enumerate(chunks, start=1)
        ]

    def _reduce_requests(
        self, day: dt.date, group: CategoryGroup, language: str, partials: Sequence[str]
    ) -> list[Messages]:
        common = {"category": clean_line(group.name), "day": day.isoformat(), "count": group.count}
        room = self._room(language, "reduce", partials="", parts=len(partials), **common)
        # At least two partials per request, so that every round of merging makes progress.
        cap = room // 2 - 2 if len(partials) > 1 else room
        chunks = chunk_texts([fence_safe(p) for p in partials], room, cap=cap)
        return [
            self._messages(
                language, "reduce", partials=join_blocks(chunk), parts=len(chunk), **common
            )
            for chunk in chunks
        ]

    # -- briefing ---------------------------------------------------------------

    async def briefing(
        self, day: dt.date, group: CategoryGroup, language: str
    ) -> AsyncIterator[Piece]:
        """Stream the briefing: text pieces, Progress of map-reduce, the final request and
        a final Usage. A refusal for length halves the budget and plans again."""
        await self.learn_context()
        while True:
            budget = self.budget
            try:
                async for piece in self._briefing(day, group, language):
                    yield piece
                return
            except TooLong as refusal:
                if refusal.context and refusal.context - self.answer_tokens < budget:
                    self._state.context = refusal.context
                    self._state.context_source = "refusal"
                    if self.budget < budget:
                        continue
                self._state.halve(budget)
                yield Progress(0, 0, f"too long for the model (≈{budget:,} tokens): splitting")
                # _room raises a clear error once the budget cannot hold the prompt.

    async def repair(
        self, messages: Messages, language: str, problems: str
    ) -> AsyncIterator[Piece]:
        """Ask once more, with the corrective instruction; streams like :meth:`briefing`."""
        corrected = with_correction(messages, language, problems)
        try:
            async for piece in self._caller.stream(corrected, self.answer_tokens):
                yield piece
        except TooLong as refusal:
            message = f"the corrective request was refused as too long: {refusal}"
            raise self._error(message) from None

    async def _briefing(
        self, day: dt.date, group: CategoryGroup, language: str
    ) -> AsyncIterator[Piece]:
        requests = self.plan(day, group, language)
        if len(requests) == 1:
            yield FinalRequest(requests[0])
            async for piece in self._final(requests[0]):
                yield piece
            return
        usage = Usage()
        total = len(requests)
        yield Progress(0, total, f"0 of {total} parts")
        partials: list[str] = [""] * total
        tasks = [
            asyncio.ensure_future(self._collect(i, messages, f"part {i + 1} of {total}"))
            for i, messages in enumerate(requests)
        ]
        try:
            for done, next_result in enumerate(asyncio.as_completed(tasks), start=1):
                part = await next_result
                partials[part.index] = part.text
                usage += part.usage
                yield Progress(done, total, f"{done} of {total} parts")
            # Partials too large for one request are merged in rounds (hierarchical reduce).
            reduces = self._reduce_requests(day, group, language, partials)
            while len(reduces) > 1:
                yield Progress(total, total, f"merging {len(reduces)} groups of parts")
                count = len(reduces)
                merged = await asyncio.gather(
                    *(
                        self._collect(i, m, f"merge {i + 1} of {count}")
                        for i, m in enumerate(reduces)
                    )
                )
                usage = sum((m.usage for m in merged), usage)
                merged_reduces = self._reduce_requests(
                    day, group, language, [m.text for m in merged]
                )
                if len(merged_reduces) >= len(reduces):
                    raise self._error(
                        "the partial briefings do not fit the input budget; "
                        "raise [llm] input_budget_tokens"
                    )
                reduces = merged_reduces
            yield Progress(total, total, f"merging {total} parts")
            yield FinalRequest(reduces[0])
            async for piece in self._final(reduces[0], "the merge of all parts"):
                if isinstance(piece, Usage):
                    usage += piece
                else:
                    yield piece
            yield usage
        finally:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

    async def _final(self, messages: Messages, label: str = "") -> AsyncIterator[Piece]:
        """The shown answer; cut off part-way, it restarts (one request at a time now)."""
        for attempt in range(CUT_RETRIES + 1):
            try:
                async for piece in self._caller.stream(messages, self.answer_tokens):
                    yield piece
                return
            except TooLong:
                raise
            except StreamCut as error:
                if attempt == CUT_RETRIES:
                    raise self._named(error, label) from None
                yield Restart("the model server cut the answer off; asking again")
            except BriefingError as error:
                raise self._named(error, label) from None

    def _named(self, error: BriefingError, label: str) -> BriefingError:
        message = str(error)
        if message.startswith("stopped at max_output_tokens"):
            what = label or "the model"
            if self.answer_tokens < self._llm.max_output_tokens:
                # The window, not the setting, bounded the answer: raising it cannot help.
                context = self._state.context or 0
                return self._error(
                    f"{what} {message}, all that its {context:,}-token context window leaves;"
                    " give the server a larger context (llama.cpp --n_ctx, Ollama num_ctx)"
                )
            return self._error(f"{what} {message}; raise [llm] max_output_tokens")
        return self._error(f"{label}: {message}" if label else message)

    async def _collect(self, index: int, messages: Messages, label: str) -> Collected:
        """One whole (not shown) answer: a partial briefing."""
        for attempt in range(CUT_RETRIES + 1):
            text: list[str] = []
            usage = Usage()
            try:
                async for piece in self._caller.stream(messages, self.answer_tokens):
                    if isinstance(piece, Usage):
                        usage = piece
                    elif isinstance(piece, str):
                        text.append(piece)
            except TooLong:
                raise
            except StreamCut as error:
                if attempt == CUT_RETRIES:
                    raise self._named(error, label) from None
                continue  # cut off part-way: asked again, one request at a time now
            except BriefingError as error:
                raise self._named(error, label) from None
            break
        return Collected(index, clean_multiline("".join(text)).strip(), usage)
