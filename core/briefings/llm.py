"""Streamed five-part briefings from an OpenAI-compatible model, map-reduce when large.

``openai`` is imported lazily (through :func:`core.briefings.client.make_client` and inside
functions) because it costs ~400 ms at startup.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import math
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from ..config import LLMConfig
from ..errors import SummaryError
from ..models import CategoryGroup
from ..retry import MAX_RETRY_AFTER, parse_retry_after, times
from ..text import clean_line, clean_multiline
from .client import make_client
from .prompts import fence_safe, load_prompt
from .record import Usage
from .tokens import (
    MESSAGE_OVERHEAD,
    chunk_papers,
    chunk_texts,
    estimate_tokens,
    join_blocks,
)

if TYPE_CHECKING:
    from openai import AsyncOpenAI, AsyncStream
    from openai.types.chat import ChatCompletionChunk

DEFAULT_BASE_URL = "https://api.openai.com/v1"
# Room kept free for what the estimate may miss (the chat template of the server).
SAFETY_MARGIN = 64
# The least room for papers worth planning with: about one short paper per request.
MIN_ROOM = 200


@dataclass(frozen=True, slots=True)
class Progress:
    """A step of a map-reduce briefing finished."""

    done: int
    total: int
    label: str


Piece = str | Progress | Usage
Messages = list[dict[str, str]]


def prompt_names(language: str) -> tuple[str, ...]:
    """Every template a briefing in ``language`` may use."""
    lang = "en" if language == "en" else "ko"
    return (f"system_{lang}", f"briefing_{lang}", f"map_{lang}", f"reduce_{lang}")


def prompt_hash(language: str) -> str:
    """One hash over every template a briefing in ``language`` may use."""
    joined = "|".join(load_prompt(name).hash for name in prompt_names(language))
    return hashlib.sha256(joined.encode()).hexdigest()[:12]


def request_tokens(messages: Sequence[dict[str, str]]) -> int:
    """Estimated input tokens of one chat request."""
    return sum(estimate_tokens(m["content"]) + MESSAGE_OVERHEAD for m in messages)


def _retry_after(error: Any) -> float | None:
    """Seconds from a Retry-After (or retry-after-ms) header of an API error, if any."""
    response = getattr(error, "response", None)
    headers = getattr(response, "headers", None)
    if headers is None:
        return None
    milliseconds = headers.get("retry-after-ms")
    if milliseconds is not None:
        try:
            seconds = float(milliseconds) / 1000
        except ValueError:
            seconds = math.nan
        if math.isfinite(seconds):
            return min(max(seconds, 0.0), MAX_RETRY_AFTER)
    value = headers.get("retry-after")
    return parse_retry_after(value if isinstance(value, str) else None)


class LLMSummariser:
    """Writes briefings through one client; concurrency is bounded per summariser."""

    def __init__(
        self, llm: LLMConfig, *, backoff_base: float = 1.0, max_backoff: float = 30.0
    ) -> None:
        self._llm = llm
        self._backoff_base = backoff_base
        self._max_backoff = max_backoff
        self._client: AsyncOpenAI | None = None
        self._semaphore = asyncio.Semaphore(max(1, llm.max_concurrency))
        self._usage_option = True

    @property
    def base_url(self) -> str:
        """The endpoint requests go to (OpenAI's when none is configured)."""
        return self._llm.base_url or DEFAULT_BASE_URL

    def _error(self, message: str) -> SummaryError:
        # The key must never reach a message, even if a server echoes it back.
        if self._llm.api_key:
            message = message.replace(self._llm.api_key, "***")
        return SummaryError(message)

    # -- planning ---------------------------------------------------------------

    def _messages(self, language: str, template: str, **values: object) -> Messages:
        lang = "en" if language == "en" else "ko"
        system = load_prompt(f"system_{lang}").text.strip()
        user = load_prompt(f"{template}_{lang}").render(**values)
        return [{"role": "system", "content": system}, {"role": "user", "content": user}]

    def _room(self, language: str, template: str, **values: object) -> int:
        """Tokens left for the data block of ``template`` within the input budget.

        Raises SummaryError when the prompt alone leaves less than :data:`MIN_ROOM`.
        """
        empty = self._messages(language, template, **values)
        budget = self._llm.input_budget_tokens
        room = budget - request_tokens(empty) - SAFETY_MARGIN
        if room < MIN_ROOM:
            needed = budget - room + MIN_ROOM
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
        # Size the map chunks with the widest values the placeholders will take.
        wide = {"part": len(group.papers), "total": len(group.papers), "count": count}
        room = self._room(language, "map", papers="", **wide, **common)
        chunks = chunk_papers(group.papers, room)
        return [
            self._messages(
                language,
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
        chunks = chunk_texts([fence_safe(p) for p in partials], room)
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
        """Stream the briefing: text pieces, Progress of map-reduce, and a final Usage."""
        requests = self.plan(day, group, language)
        if len(requests) == 1:
            async for piece in self._stream(requests[0]):
                yield piece
            return
        usage = Usage()
        total = len(requests)
        yield Progress(0, total, f"0 of {total} parts")
        partials: list[str] = [""] * total
        tasks = [
            asyncio.ensure_future(self._collect(i, messages)) for i, messages in enumerate(requests)
        ]
        try:
            for done, next_result in enumerate(asyncio.as_completed(tasks), start=1):
                index, text, call_usage = await next_result
                partials[index] = text
                usage += call_usage
                yield Progress(done, total, f"{done} of {total} parts")
            # Partials too large for one request are merged in rounds (hierarchical reduce).
            reduces = self._reduce_requests(day, group, language, partials)
            while len(reduces) > 1:
                yield Progress(total, total, f"merging {len(reduces)} groups of parts")
                merged = await asyncio.gather(*(self._collect(i, m) for i, m in enumerate(reduces)))
                usage = sum((u for _, _, u in merged), usage)
                merged_reduces = self._reduce_requests(
                    day, group, language, [t for _, t, _ in merged]
                )
                if len(merged_reduces) >= len(reduces):
                    raise self._error(
                        "the partial briefings do not fit the input budget; "
                        "raise [llm] input_budget_tokens"
                    )
                reduces = merged_reduces
            yield Progress(total, total, f"merging {total} parts")
            async for piece in self._stream(reduces[0]):
                if isinstance(piece, Usage):
                    usage += piece
                else:
                    yield piece
            yield usage
        finally:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

    async def _collect(self, index: int, messages: Messages) -> tuple[int, str, Usage]:
        """One whole (not shown) answer: a partial briefing."""
        text: list[str] = []
        usage = Usage()
        async for piece in self._stream(messages):
            if isinstance(piece, Usage):
                usage = piece
            elif isinstance(piece, str):
                text.append(piece)
        return index, clean_multiline("".join(text)).strip(), usage

    # -- one streamed call ------------------------------------------------------

    def client(self) -> AsyncOpenAI:
        """The client, built on first use."""
        if self._client is None:
            self._client = make_client(self._llm)
        return self._client

    async def _stream(self, messages: Messages) -> AsyncIterator[Piece]:
        """One chat completion, streamed; retried with backoff only before its first token."""
        import openai

        attempts = max(1, self._llm.max_retries + 1)
        client = self.client()
        for attempt in range(1, attempts + 1):
            sent = 0
            try:
                async with self._semaphore:
                    async for piece in self._attempt(client, messages):
                        if isinstance(piece, str):
                            sent += len(piece)
                        yield piece
                return
            except openai.APIStatusError as error:
                if sent:
                    raise self._error(f"the stream broke off after {sent} characters") from None
                status = error.status_code
                retryable = status == 429 or status >= 500
                if not retryable or attempt == attempts:
                    raise self._status_error(error, attempt) from None
                delay = _retry_after(error) if status == 429 else None
            except openai.APITimeoutError:
                raise self._error(self._silence(sent)) from None
            except openai.APIConnectionError:
                if sent:
                    raise self._error(f"the stream broke off after {sent} characters") from None
                if attempt == attempts:
                    raise self._error(f"cannot reach the model server at {self.base_url}") from None
                delay = None
            if delay is None:
                delay = self._backoff_base * 2 ** (attempt - 1)
            await asyncio.sleep(min(delay, self._max_backoff))

    def _silence(self, sent: int) -> str:
        seconds = self._llm.token_timeout if sent else self._llm.first_token_timeout
        return f"no token from the model server for {seconds:g} s"

    def _status_error(self, error: Any, attempts: int) -> SummaryError:
        status = int(error.status_code)
        if status == 401:
            return self._error("the model server rejected the API key (401)")
        if status == 403:
            return self._error("the model server refused access with this API key (403)")
        if status == 404:
            model = clean_line(self._llm.model)
            return self._error(f"model '{model}' not found on {self.base_url} (404)")
        if status == 429:
            return self._error(f"rate limited by the model server (429) after {attempts} tries")
        if status >= 500:
            return self._error(f"the model server answered {status} {times(attempts)}")
        detail = clean_line(str(getattr(error, "message", "")))[:160]
        return self._error(f"the model server refused the request ({status}): {detail}")

    async def _attempt(self, client: AsyncOpenAI, messages: Messages) -> AsyncIterator[Piece]:
        """One request; raises openai errors for the caller to classify, SummaryError otherwise."""
        import openai

        loop = asyncio.get_running_loop()
        deadline = loop.time() + self._llm.first_token_timeout
        options: dict[str, Any] = {}
        if self._usage_option:
            options["stream_options"] = {"include_usage": True}
        try:
            created = await asyncio.wait_for(
                client.chat.completions.create(
                    model=self._llm.model,
                    messages=messages,  # type: ignore[arg-type]
                    stream=True,
                    max_tokens=self._llm.max_output_tokens,
                    **options,
                ),
                timeout=self._llm.first_token_timeout,
            )
        except TimeoutError:
            raise self._error(self._silence(0)) from None
        except openai.BadRequestError as error:
            if self._usage_option and "stream_options" in str(error.message):
                # An older server that rejects the option: ask again without it.
                self._usage_option = False
                async for piece in self._attempt(client, messages):
                    yield piece
                return
            raise
        # stream=True always answers a stream; the options dict hides that from the overloads.
        stream = cast("AsyncStream[ChatCompletionChunk]", created)
        iterator = stream.__aiter__()
        sent = 0
        text: list[str] = []
        finished = False
        reason = ""
        usage: Usage | None = None
        try:
            while True:
                timeout = self._llm.token_timeout if sent else max(0.0, deadline - loop.time())
                try:
                    chunk = await asyncio.wait_for(iterator.__anext__(), timeout=timeout)
                except StopAsyncIteration:
                    break
                except TimeoutError:
                    raise self._error(self._silence(sent)) from None
                except openai.APIError:
                    raise
                except Exception:
                    # Undecodable JSON or a chunk of the wrong shape.
                    raise self._error(
                        f"the model server sent a malformed chunk; stream incomplete "
                        f"after {sent} characters"
                    ) from None
                if chunk.usage is not None:
                    usage = Usage(
                        chunk.usage.prompt_tokens or 0, chunk.usage.completion_tokens or 0, 1
                    )
                for choice in chunk.choices or ():
                    content = choice.delta.content if choice.delta else None
                    if content:
                        sent += len(content)
                        text.append(content)
                        yield content
                    if choice.finish_reason:
                        finished = True
                        reason = choice.finish_reason
        finally:
            await stream.close()
        if not finished:
            raise self._error(f"the stream broke off after {sent} characters")
        if reason == "length":
            # Cut at the output cap: the last parts are missing, so it must not be cached.
            raise self._error(
                f"the model stopped at max_output_tokens ({self._llm.max_output_tokens}):"
                " briefing incomplete"
            )
        if usage is None:
            # The server ignored include_usage: estimate rather than report nothing.
            usage = Usage(request_tokens(messages), estimate_tokens("".join(text)), 1)
        yield usage
