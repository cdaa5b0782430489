"""`core.sources.http` against a real loopback server: retries, Retry-After, timeouts, pacing."""

from __future__ import annotations

import asyncio
import datetime as dt
import socket
import threading
import time
from collections.abc import Callable

import pytest

from daily_ai_insights.core.errors import SourceError
from daily_ai_insights.core.sources.http import USER_AGENT, Http, parse_retry_after
from tests.support.loopback import Handler, Loopback, Request

DAY = dt.date(2024, 11, 15)


def fast(**overrides: float) -> Http:
    settings: dict[str, float] = {"timeout": 2.0, "retries": 3, "backoff": 0.01}
    settings.update(overrides)
    return Http(**settings)  # type: ignore[arg-type]


class sequence:
    """A route answering each request with the next step (the last one repeats).

    ``stamps`` holds when the server saw each request (monotonic seconds).
    """

    def __init__(self, *steps: Callable[[Handler], None]) -> None:
        self.steps = steps
        self.stamps: list[float] = []

    def __call__(self, handler: Handler, request: Request) -> None:
        self.stamps.append(time.monotonic())
        step = self.steps[min(len(self.stamps) - 1, len(self.steps) - 1)]
        step(handler)

    @property
    def gaps(self) -> list[float]:
        return [b - a for a, b in zip(self.stamps, self.stamps[1:], strict=False)]


def status(code: int, headers: dict[str, str] | None = None) -> Callable[[Handler], None]:
    return lambda h: h.send_bytes(code, b"oops", "text/plain", headers)


def ok(body: bytes = b"fine") -> Callable[[Handler], None]:
    return lambda h: h.send_bytes(200, body, "text/plain")


# --- Retry-After parsing -------------------------------------------------------------


def test_retry_after_seconds() -> None:
    assert parse_retry_after("7") == 7.0
    assert parse_retry_after(" 0 ") == 0.0


def test_retry_after_http_date() -> None:
    now = dt.datetime(2024, 11, 15, 12, 0, 0, tzinfo=dt.UTC)
    assert parse_retry_after("Fri, 15 Nov 2024 12:00:30 GMT", now=now) == 30.0


def test_retry_after_date_in_past_is_zero() -> None:
    now = dt.datetime(2024, 11, 15, 12, 0, 0, tzinfo=dt.UTC)
    assert parse_retry_after("Fri, 15 Nov 2024 11:00:00 GMT", now=now) == 0.0


def test_retry_after_is_capped() -> None:
    assert parse_retry_after("86400") == 120.0
    assert parse_retry_after("86400", cap=5) == 5.0


@pytest.mark.parametrize("value", [None, "", "soon", "-", "nan"])
def test_retry_after_unreadable(value: str | None) -> None:
    assert parse_retry_after(value) is None


def test_retry_after_negative_is_zero() -> None:
    assert parse_retry_after("-5") == 0.0


# --- Http.get ------------------------------------------------------------------------


async def test_sends_user_agent_and_params(server: Loopback) -> None:
    server.route("/x", sequence(ok()))
    async with fast() as http:
        response = await http.get(server.url + "/x", params={"date": "2024-11-15"}, what="T")
    assert response.text == "fine"
    (request,) = server.requests
    assert request.headers["User-Agent"] == USER_AGENT
    assert request.query == {"date": ["2024-11-15"]}


async def test_follows_redirects(server: Loopback) -> None:
    server.route("/old", sequence(status(302, {"Location": "/new"})))
    server.route("/new", sequence(ok(b"moved")))
    async with fast() as http:
        response = await http.get(server.url + "/old", what="T")
    assert response.text == "moved"


async def test_429_with_retry_after_then_success(server: Loopback) -> None:
    route = sequence(status(429, {"Retry-After": "1"}), ok())
    server.route("/x", route)
    async with fast(backoff=0.0) as http:
        response = await http.get(server.url + "/x", what="T")
    assert response.status_code == 200
    assert len(server.requests) == 2
    # The wait comes from Retry-After: the backoff alone would be zero.
    assert route.gaps[0] >= 0.9


async def test_503_then_success(server: Loopback) -> None:
    server.route("/x", sequence(status(503), ok()))
    async with fast() as http:
        response = await http.get(server.url + "/x", what="T")
    assert response.status_code == 200
    assert len(server.requests) == 2


async def test_503_every_time_gives_one_line_with_count(server: Loopback) -> None:
    server.route("/x", sequence(status(503)))
    async with fast() as http:
        with pytest.raises(SourceError) as caught:
            await http.get(server.url + "/x", what="Hugging Face", day=DAY)
    assert str(caught.value) == "Hugging Face answered 503 three times for 2024-11-15"
    assert len(server.requests) == 3


async def test_retries_setting_bounds_attempts(server: Loopback) -> None:
    server.route("/x", sequence(status(500)))
    async with fast(retries=2) as http:
        with pytest.raises(SourceError, match="answered 500 twice"):
            await http.get(server.url + "/x", what="T")
    assert len(server.requests) == 2


async def test_404_is_not_retried(server: Loopback) -> None:
    server.route("/x", sequence(status(404)))
    async with fast() as http:
        with pytest.raises(SourceError) as caught:
            await http.get(server.url + "/x", what="arXiv", day=DAY)
    assert str(caught.value) == "arXiv answered 404 for 2024-11-15"
    assert len(server.requests) == 1


async def test_allowed_status_is_returned(server: Loopback) -> None:
    server.route("/x", sequence(status(400)))
    async with fast() as http:
        response = await http.get(server.url + "/x", what="arXiv", allow=(400,))
    assert response.status_code == 400


async def test_timeout_names_the_limit(server: Loopback) -> None:
    def slow(handler: Handler) -> None:
        time.sleep(0.6)
        handler.send_bytes(200, b"late")

    server.route("/x", sequence(slow))
    async with fast(timeout=0.2, retries=2) as http:
        with pytest.raises(SourceError) as caught:
            await http.get(server.url + "/x", what="arXiv")
    message = str(caught.value)
    assert message.startswith("arXiv did not answer within 0.2 s")
    assert "tried twice" in message
    assert "\n" not in message


async def test_truncated_body_is_retried_then_reported(server: Loopback) -> None:
    def truncated(handler: Handler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Length", "1000")
        handler.end_headers()
        handler.wfile.write(b'[{"paper": ')
        handler.wfile.flush()
        handler.close_connection = True

    server.route("/x", sequence(truncated))
    async with fast(retries=2) as http:
        with pytest.raises(SourceError, match=r"^T broke off its answer.*tried twice"):
            await http.get(server.url + "/x", what="T")
    assert len(server.requests) == 2


async def test_truncated_then_whole(server: Loopback) -> None:
    def truncated(handler: Handler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Length", "100")
        handler.end_headers()
        handler.wfile.write(b"part")
        handler.close_connection = True

    server.route("/x", sequence(truncated, ok(b"whole")))
    async with fast() as http:
        response = await http.get(server.url + "/x", what="T")
    assert response.text == "whole"


async def test_connection_refused() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    async with fast(retries=1) as http:
        with pytest.raises(SourceError) as caught:
            await http.get(f"http://127.0.0.1:{port}/x", what="arXiv RSS")
    assert str(caught.value) == "cannot reach 127.0.0.1: connection refused"


async def test_bad_address_is_one_line() -> None:
    async with fast() as http:
        with pytest.raises(SourceError, match="not a usable address"):
            await http.get("ftp://example.org/x", what="T")


async def test_offline_never_touches_network(server: Loopback) -> None:
    async with Http(offline=True) as http:
        with pytest.raises(SourceError, match=r"^offline: T not fetched$"):
            await http.get(server.url + "/x", what="T")
    assert server.requests == []


async def test_min_interval_spaces_calls(server: Loopback) -> None:
    route = sequence(ok())
    server.route("/x", route)
    async with fast() as http:
        for _ in range(3):
            await http.get(server.url + "/x", what="arXiv", min_interval=0.3)
    assert len(route.gaps) == 2
    assert all(gap >= 0.28 for gap in route.gaps)


async def test_min_interval_holds_across_sessions(server: Loopback) -> None:
    # Every fetch builds its own Http: the spacing must hold from one to the next.
    route = sequence(ok())
    server.route("/x", route)
    for _ in range(2):
        async with fast() as http:
            await http.get(server.url + "/x", what="arXiv", min_interval=0.3)
    async with fast() as first, fast() as second:
        await asyncio.gather(
            first.get(server.url + "/x", what="arXiv", min_interval=0.3),
            second.get(server.url + "/x", what="arXiv", min_interval=0.3),
        )
    assert len(route.gaps) == 3
    assert all(gap >= 0.28 for gap in route.gaps)


async def test_paced_host_gets_one_call_at_a_time(server: Loopback) -> None:
    # The next call waits for the slow one to end, then the interval, as the server sees it.
    def slow(handler: Handler) -> None:
        time.sleep(0.5)
        handler.send_bytes(200, b"late", "text/plain")

    route = sequence(slow, ok())
    server.route("/x", route)
    async with fast() as first, fast() as second:
        await asyncio.gather(
            first.get(server.url + "/x", what="arXiv", min_interval=0.3),
            second.get(server.url + "/x", what="arXiv", min_interval=0.3),
        )
    assert len(route.gaps) == 1
    assert route.gaps[0] >= 0.78


async def test_cancelled_paced_call_frees_the_host(server: Loopback) -> None:
    def slow(handler: Handler) -> None:
        time.sleep(1.0)
        handler.send_bytes(200, b"late", "text/plain")

    server.route("/x", sequence(slow, ok()))
    async with fast() as http:
        call = asyncio.ensure_future(http.get(server.url + "/x", what="arXiv", min_interval=0.2))
        await asyncio.sleep(0.2)
        call.cancel()
        with pytest.raises(asyncio.CancelledError):
            await call
        started = time.monotonic()
        response = await http.get(server.url + "/x", what="arXiv", min_interval=0.2)
    assert response.text == "fine"
    assert 0.15 <= time.monotonic() - started < 1.0


def test_min_interval_holds_across_event_loops_and_threads(server: Loopback) -> None:
    route = sequence(ok())
    server.route("/x", route)

    async def one() -> None:
        async with fast() as http:
            await http.get(server.url + "/x", what="arXiv", min_interval=0.3)

    threads = [threading.Thread(target=asyncio.run, args=(one(),)) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    asyncio.run(one())
    assert len(route.gaps) == 2
    assert all(gap >= 0.28 for gap in route.gaps)


async def test_outside_context_is_an_error() -> None:
    with pytest.raises(RuntimeError):
        await Http().get("http://127.0.0.1:9/x", what="T")
