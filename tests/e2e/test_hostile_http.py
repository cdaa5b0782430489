"""Hostile servers on 127.0.0.1: trickles, bombs, redirects, proxies, huge waits."""

from __future__ import annotations

import gzip
import resource
import time

import pytest

from daily_ai_insights.core.errors import SourceError
from daily_ai_insights.core.sources.http import Http
from tests.support.loopback import Handler, Loopback, Request, Route


def quick(**overrides: object) -> Http:
    settings: dict[str, object] = {"timeout": 1.0, "retries": 1, "backoff": 0.01}
    settings.update(overrides)
    return Http(**settings)  # type: ignore[arg-type]


def trickle(header: tuple[str, str], piece: bytes) -> Route:
    """A 200 whose body comes one tiny piece every 0.2 s."""

    def route(handler: Handler, request: Request) -> None:
        handler.send_response(200)
        handler.send_header(*header)
        handler.end_headers()
        for _ in range(30):
            handler.wfile.write(piece)
            handler.wfile.flush()
            time.sleep(0.2)

    return route


trickle_body = trickle(("Content-Length", "100000"), b"x")
trickle_chunks = trickle(("Transfer-Encoding", "chunked"), b"1\r\nx\r\n")


def trickle_headers(handler: Handler, request: Request) -> None:
    for byte in b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nX-Slow: " + b"y" * 30:
        handler.wfile.write(bytes([byte]))
        handler.wfile.flush()
        time.sleep(0.1)


@pytest.mark.parametrize("route", [trickle_body, trickle_chunks, trickle_headers])
async def test_a_trickling_server_ends_at_the_deadline(server: Loopback, route: object) -> None:
    server.route("/slow", route)  # type: ignore[arg-type]
    started = time.monotonic()
    async with quick() as http:
        with pytest.raises(SourceError, match=r"did not answer within 1 s"):
            await http.get(f"{server.url}/slow", what="T")
    assert time.monotonic() - started < 2.5


async def test_a_gzip_bomb_is_refused_without_holding_it(server: Loopback) -> None:
    bomb = gzip.compress(b"\0" * (256 * 1024 * 1024), compresslevel=9)

    def route(handler: Handler, request: Request) -> None:
        handler.send_bytes(200, bomb, "application/json", {"Content-Encoding": "gzip"})

    server.route("/bomb", route)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    async with quick(timeout=20.0, max_body=8 * 1024 * 1024) as http:
        with pytest.raises(SourceError, match=r"sent more than 8 MB.*refused"):
            await http.get(f"{server.url}/bomb", what="T")
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert grown_mb < 100, grown_mb  # the 256 MB body was never held


async def test_a_body_under_the_cap_arrives_decoded(server: Loopback) -> None:
    body = b'{"ok": true}' * 1000

    def route(handler: Handler, request: Request) -> None:
        handler.send_bytes(
            200, gzip.compress(body), "application/json", {"Content-Encoding": "gzip"}
        )

    server.route("/fine", route)
    async with quick() as http:
        response = await http.get(f"{server.url}/fine", what="T")
    assert response.content == body


def redirect_to(location: str):  # type: ignore[no-untyped-def]
    def route(handler: Handler, request: Request) -> None:
        handler.send_bytes(302, b"", "text/plain", {"Location": location})

    return route


@pytest.mark.parametrize(
    "target", ["http://169.254.169.254/latest/meta-data/", "http://[fe80::1]/x", "ftp://x/y"]
)
async def test_redirects_to_metadata_or_odd_schemes_are_refused(
    server: Loopback, target: str
) -> None:
    server.route("/r", redirect_to(target))
    async with quick() as http:
        with pytest.raises(SourceError, match=r"redirected to .*: refused"):
            await http.get(f"{server.url}/r", what="T")


async def test_redirects_are_followed_a_few_hops_only(server: Loopback) -> None:
    server.route("/loop", redirect_to("/loop"))
    server.route("/a", redirect_to("/b"))
    server.route("/b", lambda h, r: h.send_bytes(200, b"landed", "text/plain"))
    async with quick() as http:
        assert (await http.get(f"{server.url}/a", what="T")).content == b"landed"
        with pytest.raises(SourceError, match=r"redirected more than 5 times"):
            await http.get(f"{server.url}/loop", what="T")
    assert sum(r.path == "/loop" for r in server.requests) == 6


async def test_a_huge_retry_after_is_capped_and_said(server: Loopback) -> None:
    calls: list[float] = []

    def route(handler: Handler, request: Request) -> None:
        calls.append(time.monotonic())
        if len(calls) == 1:
            handler.send_bytes(429, b"slow down", "text/plain", {"Retry-After": "99999"})
        else:
            handler.send_bytes(200, b"ok", "text/plain")

    server.route("/busy", route)
    heard: list[str] = []
    async with quick(retries=2, max_retry_after=1.0, on_wait=heard.append) as http:
        assert (await http.get(f"{server.url}/busy", what="T")).content == b"ok"
    assert 0.9 <= calls[1] - calls[0] < 3
    assert heard and heard[0].startswith("waiting 1 s before asking T again: T answered 429")


@pytest.mark.parametrize(
    ("url", "said"),
    [
        ("http://[::1", "Invalid IPv6 URL"),
        ("http://127.0.0.1:99999/x", "Port out of range"),
        ("file:///etc/passwd", "only http and https"),
    ],
)
async def test_unusable_addresses_are_one_line(url: str, said: str) -> None:
    async with quick() as http:
        with pytest.raises(SourceError, match=said) as caught:
            await http.get(url, what="T")
    assert "\n" not in str(caught.value)


async def test_long_addresses_are_shortened_in_messages() -> None:
    url = "ftp://example.org/" + "x" * 70_000
    async with quick() as http:
        with pytest.raises(SourceError) as caught:
            await http.get(url, what="T")
    assert len(str(caught.value)) < 200


async def test_the_standard_proxy_variables_are_honoured(
    server: Loopback, monkeypatch: pytest.MonkeyPatch
) -> None:
    server.route("/via-proxy", lambda h, r: h.send_bytes(200, b"proxied", "text/plain"))
    for name in ("NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HTTP_PROXY", server.url)
    async with quick() as http:
        response = await http.get("http://papers.example.invalid/via-proxy", what="T")
    assert response.content == b"proxied"
    assert server.requests[-1].headers.get("Host") == "papers.example.invalid"
