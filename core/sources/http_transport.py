"""An httpx transport that pays for TLS only when a request needs it, and once per process.

Building ``httpx.AsyncClient()`` loads the CA bundle into a fresh SSL context: about
45 ms, on every client, before the first byte is sent. Here the verified context is
made on the first https request, in a thread (loading the bundle releases the GIL, so
the reader keeps drawing), and shared by every later client. Plain http (a local model
server, the test servers) never loads it.
"""

from __future__ import annotations

import asyncio
import ssl
import threading

import httpx

_context: ssl.SSLContext | None = None
_context_lock = threading.Lock()


def verified_context() -> ssl.SSLContext:
    """The process-wide SSL context that verifies servers (made on first use)."""
    global _context
    with _context_lock:
        if _context is None:
            _context = httpx.create_ssl_context()
        return _context


class LazyTLSTransport(httpx.AsyncBaseTransport):
    """Routes each request to a connection pool for its scheme, built on first use."""

    def __init__(self) -> None:
        self._pools: dict[bool, httpx.AsyncHTTPTransport] = {}

    async def _pool(self, secure: bool) -> httpx.AsyncHTTPTransport:
        pool = self._pools.get(secure)
        if pool is None:
            # Plain http never negotiates TLS: an unverified context costs nothing to make.
            context = await asyncio.to_thread(verified_context) if secure else False
            pool = self._pools.setdefault(secure, httpx.AsyncHTTPTransport(verify=context))
        return pool

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Send ``request`` through the pool for its scheme."""
        pool = await self._pool(request.url.scheme == "https")
        return await pool.handle_async_request(request)

    async def aclose(self) -> None:
        """Close every pool that was opened."""
        pools, self._pools = list(self._pools.values()), {}
        for pool in pools:
            await pool.aclose()
