"""The client pays for TLS only on https, once per process."""

from __future__ import annotations

import asyncio
import socket
import ssl
from typing import Any

import httpx
import httpx._transports.default as httpx_transports
import pytest

from daily_ai_insights.core.sources import http_transport
from daily_ai_insights.core.sources.http import make_client
from tests.support.loopback import Handler, Loopback, Request


@pytest.fixture
def contexts(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Every verify argument httpx.create_ssl_context is called with, from a clean start."""
    calls: list[Any] = []
    real = httpx.create_ssl_context

    def counting(verify: Any = True, **kwargs: Any) -> ssl.SSLContext:
        calls.append(verify)
        return real(verify, **kwargs)

    monkeypatch.setattr(http_transport, "_context", None)
    monkeypatch.setattr(httpx, "create_ssl_context", counting)
    # httpx's own transport imported the function by name.
    monkeypatch.setattr(httpx_transports, "create_ssl_context", counting)
    return calls


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def test_plain_http_never_loads_the_ca_bundle(server: Loopback, contexts: list[Any]) -> None:
    def hello(handler: Handler, request: Request) -> None:
        handler.send_bytes(200, b"hello", "text/plain")

    server.route("/hello", hello)

    async def get() -> str:
        async with make_client(5.0) as client:
            response = await client.get(f"{server.url}/hello")
            return response.text

    assert asyncio.run(get()) == "hello"
    assert True not in contexts  # no verified context was made
    assert http_transport._context is None


def test_https_loads_the_verified_context_once_for_every_client(contexts: list[Any]) -> None:
    url = f"https://127.0.0.1:{closed_port()}/"

    async def attempt() -> None:
        async with make_client(2.0) as client:
            with pytest.raises(httpx.ConnectError):
                await client.get(url)

    asyncio.run(attempt())
    asyncio.run(attempt())
    assert contexts.count(True) == 1
    context = http_transport.verified_context()
    assert context.verify_mode == ssl.CERT_REQUIRED and context.check_hostname
