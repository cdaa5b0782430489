"""One streamed chat completion against an OpenAI-compatible server, retried only before
its first token, with messages that say what to do.

``openai`` is imported inside functions: it costs ~400 ms at startup.
"""

from __future__ import annotations

import asyncio
import math
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Any, cast

from ..config import LLMConfig
from ..errors import BriefingError
from ..redact import redact
from ..retry import MAX_RETRY_AFTER, parse_retry_after, times
from ..text import clean_line
from .client import make_client
from .record import Usage
from .server import ServerState, context_in, is_too_long
from .tokens import MESSAGE_OVERHEAD, estimate_tokens

if TYPE_CHECKING:
    from openai import AsyncOpenAI, AsyncStream
    from openai.types.chat import ChatCompletionChunk

DEFAULT_BASE_URL = "https://api.openai.com/v1"
# Prompt evaluation speed assumed for the first-token deadline of slow local servers.
PREFILL_TOKENS_PER_SECOND = 125
# A stream that ends with no chunk at all after a request this large was most likely
# refused for its length (llama-cpp-python fails over-long prompts inside the stream).
LARGE_REQUEST = 1024

Messages = list[dict[str, str]]
ALIVE_TIMEOUT = 5.0  # seconds a silent server has to list its models
Piece = str | Usage


class TooLong(BriefingError):
    """The server refused the request as longer than the model's context."""

    def __init__(self, message: str, context: int | None) -> None:
        super().__init__(message)
        self.context = context


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


class StreamCut(BriefingError):
    """The stream ended part-way, with no finish reason: the server cut it off (llama.cpp's
    server does when another request arrives). Worth asking again, one at a time."""


class _Interrupted(Exception):
    """The stream ended before its first token (another request may have cut it off)."""

    def __init__(self, empty: bool) -> None:
        super().__init__("interrupted")
        self.empty = empty


class _Silent(Exception):
    """No first token before the deadline."""


class _Stalled(Exception):
    """Tokens came, then none for ``token_timeout``."""

    def __init__(self, sent: int) -> None:
        super().__init__("stalled")
        self.sent = sent


class ModelCaller:
    """Streams chat completions; bounds concurrency, and goes one at a time when needed."""

    def __init__(
        self,
        llm: LLMConfig,
        state: ServerState,
        *,
        backoff_base: float = 1.0,
        max_backoff: float = 30.0,
    ) -> None:
        self._llm = llm
        self._state = state
        self._backoff_base = backoff_base
        self._max_backoff = max_backoff
        self._client: AsyncOpenAI | None = None
        self._semaphore = asyncio.Semaphore(max(1, llm.max_concurrency))
        self._serial = asyncio.Lock()
        self._running = 0
        self._idle = asyncio.Event()
        self._idle.set()
        self._usage_option = True

    @property
    def base_url(self) -> str:
        """The endpoint requests go to (OpenAI's when none is configured)."""
        return self._llm.base_url or DEFAULT_BASE_URL

    def error(self, message: str) -> BriefingError:
        """A BriefingError whose text can never carry the API key."""
        return BriefingError(redact(message, (self._llm.api_key,)))

    def client(self) -> AsyncOpenAI:
        """The client, built on first use."""
        if self._client is None:
            self._client = make_client(self._llm)
        return self._client

    @asynccontextmanager
    async def _slot(self) -> AsyncIterator[None]:
        """A place to run: within max_concurrency, or alone once the server needs it."""
        async with self._semaphore:
            if self._state.serial:
                async with self._serial:
                    # Requests already running when the server turned serial finish first.
                    await self._idle.wait()
                    async with self._counted():
                        yield
            else:
                async with self._counted():
                    yield

    @asynccontextmanager
    async def _counted(self) -> AsyncIterator[None]:
        self._running += 1
        self._idle.clear()
        try:
            yield
        finally:
            self._running -= 1
            if self._running == 0:
                self._idle.set()

    async def stream(self, messages: Messages, max_tokens: int) -> AsyncIterator[Piece]:
        """One chat completion, streamed; retried with backoff only before its first token."""
        import openai

        attempts = max(1, self._llm.max_retries + 1)
        client = self.client()
        for attempt in range(1, attempts + 1):
            if self._state.stuck:
                if not await self._answers(client):
                    raise self.error(self._state.stuck)
                self._state.stuck = ""  # restarted meanwhile
            sent = 0
            try:
                async with self._slot():
                    async for piece in self._attempt(client, messages, max_tokens):
                        if isinstance(piece, str):
                            sent += len(piece)
                        yield piece
                return
            except _Interrupted as stop:
                if stop.empty and request_tokens(messages) >= LARGE_REQUEST:
                    raise TooLong(
                        "the model server ended the stream without a word right after a"
                        f" request of ≈{request_tokens(messages):,} tokens",
                        None,
                    ) from None
                # Some servers (llama-cpp-python) end a running stream when another request
                # arrives: from now on, one request at a time.
                self._state.serial = True
                if attempt == attempts:
                    raise self.error(
                        f"the model server ended the stream before its first token"
                        f" {times(attempts)}; set [llm] max_concurrency = 1 or check the"
                        " server's log"
                    ) from None
                delay = None
            except openai.APIStatusError as error:
                if sent:
                    raise self._broke_off(sent) from None
                status = error.status_code
                message = clean_line(str(getattr(error, "message", "")))
                if status in (400, 413) and is_too_long(message):
                    raise TooLong(message[:160], context_in(message)) from None
                retryable = status == 429 or status >= 500
                if not retryable or attempt == attempts:
                    raise self._status_error(error, attempt) from None
                delay = _retry_after(error) if status == 429 else None
            except (openai.APITimeoutError, _Silent):
                # Waiting behind our own other request on a server that serves one at a time
                # is not silence: go one at a time and ask again.
                crowded = self._running > 0 and not self._state.serial
                if not crowded and not self._state.stuck and not await self._answers(client):
                    self._state.stuck = self._stuck_message()
                if self._state.stuck:
                    raise self.error(self._state.stuck) from None
                if sent or not crowded or attempt == attempts:
                    raise self.error(self._silence(sent, messages)) from None
                self._state.serial = True
                delay = 0.0
            except _Stalled as stall:
                if not self._state.stuck and not await self._answers(client):
                    self._state.stuck = self._stuck_message()
                if self._state.stuck:
                    raise self.error(self._state.stuck) from None
                raise self.error(self._silence(stall.sent, messages)) from None
            except openai.APIConnectionError:
                if sent:
                    raise self._broke_off(sent) from None
                if attempt == attempts:
                    raise self.error(
                        f"cannot reach the model server at {self.base_url}: is it running?"
                        " (check [llm] base_url)"
                    ) from None
                delay = None
            if delay is None:
                delay = self._backoff_base * 2 ** (attempt - 1)
            await asyncio.sleep(min(delay, self._max_backoff))

    def _stuck_message(self) -> str:
        return (
            f"the model server at {self.base_url} stopped answering (silent, and no model"
            f" list within {ALIVE_TIMEOUT:.0f} s): restart it and try again"
        )

    async def _answers(self, client: AsyncOpenAI) -> bool:
        """Whether the server still lists its models quickly (a stuck one does not)."""
        import openai

        try:
            await asyncio.wait_for(client.models.list(timeout=ALIVE_TIMEOUT), ALIVE_TIMEOUT)
        except (TimeoutError, openai.APITimeoutError, openai.APIConnectionError):
            return False
        except openai.APIError:
            return True  # an error page is an answer
        return True

    def _broke_off(self, sent: int) -> BriefingError:
        return self.error(
            f"the stream broke off after {sent:,} characters; try again (if the server"
            " serves one request at a time, set [llm] max_concurrency = 1)"
        )

    def first_token_timeout(self, messages: Sequence[dict[str, str]]) -> float:
        """The first-token deadline, allowing for the prompt's evaluation on slow servers."""
        return self._llm.first_token_timeout + request_tokens(messages) / PREFILL_TOKENS_PER_SECOND

    def _silence(self, sent: int, messages: Sequence[dict[str, str]]) -> str:
        if sent:
            seconds = self._llm.token_timeout
            setting = "token_timeout"
        else:
            seconds = self.first_token_timeout(messages)
            setting = "first_token_timeout"
        return (
            f"no token from the model server for {seconds:.{0 if seconds >= 10 else 1}f} s;"
            f" raise [llm] {setting}"
            " if the server is slow"
        )

    def _status_error(self, error: Any, attempts: int) -> BriefingError:
        status = int(error.status_code)
        detail = clean_line(str(getattr(error, "message", "")))[:160]
        if status == 401:
            return self.error("the model server rejected the API key (401): check OPENAI_API_KEY")
        if status == 403:
            return self.error("the model server refused access with this API key (403)")
        if status == 404:
            return self.error(self._not_found(detail))
        if status == 429:
            return self.error(
                f"rate limited by the model server (429) after {attempts} tries;"
                " lower [llm] max_concurrency or wait"
            )
        if status >= 500:
            return self.error(
                f"the model server answered {status} {times(attempts)}: {detail}; see its log"
            )
        return self.error(f"the model server refused the request ({status}): {detail}")

    def _not_found(self, detail: str) -> str:
        url = self.base_url.rstrip("/")
        model = clean_line(self._llm.model)
        if not url.endswith("/v1"):
            return f"wrong URL: {url} has no chat route (404); did you mean {url}/v1?"
        lowered = detail.lower()
        if "model" in lowered and ("not found" in lowered or "does not exist" in lowered):
            return f"model '{model}' not found on {url} (404): {detail}; check [llm] model"
        return f"wrong URL: {url}/chat/completions answered 404; check [llm] base_url"

    async def _attempt(
        self, client: AsyncOpenAI, messages: Messages, max_tokens: int
    ) -> AsyncIterator[Piece]:
        """One request; raises openai errors for the caller to classify, BriefingError otherwise."""
        import openai

        loop = asyncio.get_running_loop()
        first_timeout = self.first_token_timeout(messages)
        deadline = loop.time() + first_timeout
        options: dict[str, Any] = {}
        if self._usage_option:
            options["stream_options"] = {"include_usage": True}
        try:
            created = await asyncio.wait_for(
                client.chat.completions.create(
                    model=self._llm.model,
                    messages=messages,  # type: ignore[arg-type]
                    stream=True,
                    max_tokens=max_tokens,
                    timeout=first_timeout,
                    **options,
                ),
                timeout=first_timeout,
            )
        except TimeoutError:
            raise _Silent from None
        except openai.BadRequestError as error:
            if self._usage_option and "stream_options" in str(error.message):
                # An older server that rejects the option: ask again without it.
                self._usage_option = False
                async for piece in self._attempt(client, messages, max_tokens):
                    yield piece
                return
            raise
        # stream=True always answers a stream; the options dict hides that from the overloads.
        stream = cast("AsyncStream[ChatCompletionChunk]", created)
        iterator = stream.__aiter__()
        sent = 0
        chunks = 0
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
                    if not sent:
                        raise _Silent from None
                    raise _Stalled(sent) from None
                except openai.APIError:
                    raise
                except Exception:
                    # Undecodable JSON or a chunk of the wrong shape.
                    raise self.error(
                        f"the model server sent a malformed chunk; stream incomplete "
                        f"after {sent} characters"
                    ) from None
                chunks += 1
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
            if not sent:
                raise _Interrupted(empty=chunks == 0)
            # Cut off mid-way: from now on one request at a time, and the caller asks again.
            self._state.serial = True
            cut = self.error(
                f"the model server ended the stream after {sent:,} characters without"
                " finishing it (another request may have cut it off); set [llm]"
                " max_concurrency = 1 or check the server's log"
            )
            raise StreamCut(str(cut))
        if reason == "length":
            # Cut at the output cap: the last parts are missing, so it must not be cached.
            raise self.error(f"stopped at max_output_tokens ({max_tokens:,})")
        if usage is None:
            # The server sent no usage: estimate rather than report nothing, and say so.
            usage = Usage(
                request_tokens(messages), estimate_tokens("".join(text)), 1, estimated=True
            )
        yield usage
