"""The one place that talks HTTP: a polite async client with bounded retries.

Every failure becomes a :class:`core.errors.SourceError` with one line a person can
read ("arXiv answered 503 three times for 2024-11-15"). Retries cover what is worth
retrying (timeouts, dropped connections, 5xx, 429) and nothing else. Each request,
redirects and body included, has one overall deadline (``http_timeout``); each body a
size cap (:data:`guard.MAX_BODY`); proxies come from ``HTTP_PROXY``/``HTTPS_PROXY``/
``NO_PROXY``.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import math
import random
import socket
import threading
import time
from collections.abc import AsyncIterator, Callable
from types import TracebackType
from typing import Any
from urllib.parse import urlsplit

import httpx

from ..config import Config
from ..debuglog import LOG
from ..errors import SourceError
from ..retry import MAX_RETRY_AFTER, parse_retry_after, times
from .guard import MAX_BODY, MAX_REDIRECTS, REDIRECTS, redirect_refusal, short_url, usable

__all__ = [
    "MAX_RETRY_AFTER",
    "USER_AGENT",
    "Http",
    "make_client",
    "paced",
    "parse_retry_after",
    "times",
]

USER_AGENT = "DailyAIInsights/0.1 (+https://github.com/daily-ai-insights)"


# Paced hosts, for the whole process: every fetch builds its own Http, and arXiv's
# "one connection at a time, 3 s between calls" must hold across fetches, event loops
# and threads. The value is when the next call may start; infinity while one is out.
_next_call: dict[str, float] = {}
_next_call_lock = threading.Lock()


def book_call(key: str, interval: float) -> float:
    """Book a call to ``key`` now (0.0), or say how long to wait before asking again.

    A booked call is ended by :func:`end_call`. The next may start ``interval`` s after
    that, so the server sees the spacing whatever the connection and answer took.
    """
    if interval <= 0:
        return 0.0
    now = time.monotonic()
    with _next_call_lock:
        ready = _next_call.get(key, -math.inf)
        if now < ready:
            return min(ready - now, 0.05) if math.isinf(ready) else ready - now
        _next_call[key] = math.inf
    return 0.0


def end_call(key: str, interval: float) -> None:
    """End the call booked by :func:`book_call`: the next may start ``interval`` s from now."""
    if interval > 0:
        with _next_call_lock:
            _next_call[key] = time.monotonic() + interval


@contextlib.asynccontextmanager
async def paced(key: str, interval: float) -> AsyncIterator[None]:
    """Hold the one call to ``key`` that may be out, ``interval`` s after the last ended."""
    while (wait := book_call(key, interval)) > 0:
        await asyncio.sleep(wait)
    try:
        yield
    finally:
        end_call(key, interval)


def make_client(timeout: float, *, user_agent: str = USER_AGENT) -> httpx.AsyncClient:
    """The app's async client: its timeout and User-Agent; redirects are ours to follow."""
    return httpx.AsyncClient(
        timeout=httpx.Timeout(timeout),
        headers={"User-Agent": user_agent},
        follow_redirects=False,
        trust_env=True,  # HTTP_PROXY, HTTPS_PROXY, NO_PROXY
    )


class TooLarge(Exception):
    """A body passed the size cap."""


async def _read(response: httpx.Response, cap: int) -> bytes:
    """The decoded body, read as a stream and dropped as soon as it passes ``cap``."""
    body = bytearray()
    async for chunk in response.aiter_bytes():
        body += chunk
        if len(body) > cap:
            raise TooLarge
    return bytes(body)


def _settled(response: httpx.Response, body: bytes) -> httpx.Response:
    """A plain response holding the already-decoded ``body``."""
    headers = [
        (key, value)
        for key, value in response.headers.multi_items()
        if key.lower() not in ("content-encoding", "content-length", "transfer-encoding")
    ]
    return httpx.Response(
        response.status_code, headers=headers, content=body, request=response.request
    )


def _chain(error: BaseException) -> list[BaseException]:
    """The error and its causes (httpx wraps the OSError that says what happened)."""
    seen: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and current not in seen:
        seen.append(current)
        current = current.__cause__ or current.__context__
    for item in list(seen):
        # anyio groups one error per address it tried.
        seen.extend(getattr(item, "exceptions", ()))
    return seen


def _reason(error: Exception) -> str:
    """A short lower-case reason for a transport error ("connection refused")."""
    chain = _chain(error)
    if any(isinstance(e, ConnectionRefusedError) for e in chain):
        return "connection refused"
    if any(isinstance(e, socket.gaierror) for e in chain):
        return "name not found"
    if any(isinstance(e, ConnectionResetError) for e in chain):
        return "connection reset"
    text = " ".join(str(error).split()) or type(error).__name__
    lowered = text.lower()
    if "refused" in lowered:
        return "connection refused"
    if "name or service not known" in lowered or "name resolution" in lowered:
        return "name not found"
    if "unreachable" in lowered:
        return "network unreachable"
    return lowered.removeprefix("[errno ").split("] ", 1)[-1][:120]


class Http:
    """An async HTTP session (``async with Http(...) as http``) with retries and pacing."""

    def __init__(
        self,
        *,
        timeout: float = 30.0,
        retries: int = 3,
        backoff: float = 1.0,
        max_backoff: float = 30.0,
        max_retry_after: float = MAX_RETRY_AFTER,
        offline: bool = False,
        user_agent: str = USER_AGENT,
        max_body: int = MAX_BODY,
        on_wait: Callable[[str], None] | None = None,
    ) -> None:
        """``on_wait`` hears each wait longer than a few seconds ("waiting 60 s: …")."""
        self.timeout = timeout
        self.max_body = max_body
        self.on_wait = on_wait
        self.attempts = max(1, retries)
        self.backoff = backoff
        self.max_backoff = max_backoff
        self.max_retry_after = max_retry_after
        self.offline = offline
        self.user_agent = user_agent
        self._client: httpx.AsyncClient | None = None

    @classmethod
    def from_config(cls, config: Config, **overrides: Any) -> Http:
        """A session using the config's timeout, retry count and offline switch."""
        settings: dict[str, Any] = {
            "timeout": config.http_timeout,
            "retries": config.http_retries,
            "offline": config.offline,
        }
        settings.update(overrides)
        return cls(**settings)

    async def __aenter__(self) -> Http:
        self._client = make_client(self.timeout, user_agent=self.user_agent)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    def _backoff(self, attempt: int) -> float:
        # Jitter keeps several clients that failed together from retrying together.
        base = min(self.max_backoff, self.backoff * 2 ** (attempt - 1))
        return float(base * random.uniform(1.0, 1.5))

    async def get(
        self,
        url: str,
        *,
        params: dict[str, str | int] | None = None,
        what: str,
        day: dt.date | None = None,
        min_interval: float = 0.0,
        allow: tuple[int, ...] = (),
    ) -> httpx.Response:
        """GET ``url``, retrying transient failures; ``what`` names the service in errors.

        ``min_interval`` paces calls to the same host, process-wide: one at a time, each that
        long after the previous ended (arXiv's etiquette);
        statuses in ``allow`` are returned instead of raised (arXiv's 400 error feed).
        """
        if self.offline:
            raise SourceError(f"offline: {what} not fetched")
        if self._client is None:
            raise RuntimeError("use Http inside 'async with'")
        problem = usable(url)
        if problem:
            raise SourceError(f"{what}: {problem}: {short_url(url)}")
        for_day = f" for {day.isoformat()}" if day else ""
        host = urlsplit(url).hostname or url
        failures: list[str] = []
        statuses: list[int] = []
        for attempt in range(1, self.attempts + 1):
            wait: float | None = None
            try:
                # Keyed by host and port: the etiquette is per server.
                async with paced(urlsplit(url).netloc or host, min_interval):
                    started = time.monotonic()
                    async with asyncio.timeout(self.timeout):
                        response = await self._request(url, params, what)
            except TimeoutError:
                failures.append(f"{what} did not answer within {self.timeout:g} s{for_day}")
            except TooLarge:
                mb = self.max_body // (1024 * 1024)
                raise SourceError(f"{what} sent more than {mb} MB{for_day}: refused") from None
            except httpx.ConnectError as error:
                failures.append(f"cannot reach {host}: {_reason(error)}")
            except (httpx.InvalidURL, httpx.UnsupportedProtocol, ValueError, OverflowError):
                raise SourceError(f"{what}: not a usable address: {short_url(url)}") from None
            except httpx.TransportError as error:
                # A dropped connection or a body cut short (RemoteProtocolError).
                failures.append(f"{what} broke off its answer{for_day}: {_reason(error)}")
            else:
                status = response.status_code
                LOG.debug(
                    "GET %s -> %d, %d bytes, %.0f ms",
                    short_url(str(response.request.url), 300),
                    status,
                    len(response.content),
                    (time.monotonic() - started) * 1000,
                )
                if status < 400 or status in allow:
                    return response
                if status != 429 and status < 500:
                    raise SourceError(f"{what} answered {status}{for_day}")
                statuses.append(status)
                failures.append(f"{what} answered {status}{for_day}")
                wait = parse_retry_after(
                    response.headers.get("Retry-After"), cap=self.max_retry_after
                )
            LOG.debug("%s (attempt %d of %d)", failures[-1], attempt, self.attempts)
            if attempt < self.attempts:
                pause = self._backoff(attempt) if wait is None else wait
                # A wait the server asked for is said; our own short backoff is not.
                if self.on_wait is not None and pause >= (1 if wait is not None else 10):
                    reason = failures[-1]
                    self.on_wait(f"waiting {pause:.0f} s before asking {what} again: {reason}")
                await asyncio.sleep(pause)
        raise SourceError(self._final_message(what, for_day, failures, statuses))

    async def _request(
        self, url: str, params: dict[str, str | int] | None, what: str
    ) -> httpx.Response:
        """One GET, its redirects followed by our rules, its body read under the cap."""
        assert self._client is not None
        request = self._client.build_request("GET", url, params=params)
        for _ in range(MAX_REDIRECTS + 1):
            response = await self._client.send(request, stream=True)
            try:
                location = response.headers.get("Location")
                if response.status_code not in REDIRECTS or not location:
                    return _settled(response, await _read(response, self.max_body))
            finally:
                await response.aclose()
            target = str(request.url.join(location))
            refusal = await redirect_refusal(str(request.url), target)
            if refusal:
                raise SourceError(f"{what} redirected to {short_url(target)}: refused, {refusal}")
            LOG.debug("redirect %s -> %s", short_url(str(request.url)), short_url(target))
            request = self._client.build_request("GET", target)
        raise SourceError(f"{what} redirected more than {MAX_REDIRECTS} times: refused")

    def _final_message(
        self, what: str, for_day: str, failures: list[str], statuses: list[int]
    ) -> str:
        if statuses and len(statuses) == len(failures) and len(set(statuses)) == 1:
            return f"{what} answered {statuses[0]} {times(len(statuses))}{for_day}"
        last = failures[-1]
        if len(failures) > 1:
            return f"{last} (tried {times(len(failures))})"
        return last
