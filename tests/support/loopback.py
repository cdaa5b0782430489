"""A real HTTP server on 127.0.0.1 for tests: routes are plain functions.

A route receives the request handler and writes whatever it likes (status, headers,
a truncated body, a slow stream, nothing at all), so tests can reproduce every
misbehaviour of a remote service without mocks.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


@dataclass
class Request:
    """What the server saw."""

    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes


Route = Callable[["Handler", Request], None]


@dataclass
class ServerState:
    routes: dict[str, Route] = field(default_factory=dict)
    requests: list[Request] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


class Handler(BaseHTTPRequestHandler):
    """Dispatches to the route registered for the request's path."""

    protocol_version = "HTTP/1.1"
    server: _Server

    def setup(self) -> None:
        super().setup()
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def log_message(self, format: str, *args: object) -> None:
        pass

    def _dispatch(self) -> None:
        parts = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        if len(body) < length:
            return  # the client went away mid-request (a cancelled call): nothing arrived
        request = Request(
            self.command, parts.path, parse_qs(parts.query), dict(self.headers.items()), body
        )
        state = self.server.state
        with state.lock:
            state.requests.append(request)
        route = state.routes.get(parts.path) or state.routes.get("*")
        if route is None:
            self.send_bytes(404, b"not found", "text/plain")
            return
        with suppress(BrokenPipeError, ConnectionResetError):
            route(self, request)

    do_GET = _dispatch
    do_POST = _dispatch

    def send_bytes(
        self,
        status: int,
        body: bytes,
        content_type: str = "application/octet-stream",
        headers: dict[str, str] | None = None,
    ) -> None:
        """Send a whole response with a Content-Length."""
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)
        self.wfile.flush()


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    state: ServerState


class Loopback:
    """A running server: register routes, read what it received."""

    def __init__(self, server: _Server) -> None:
        self._server = server
        host, port = server.server_address[:2]
        self.url = f"http://{host!s}:{port}"

    def route(self, path: str, handler: Route) -> None:
        """Serve ``handler`` at ``path`` (``*`` matches any path)."""
        self._server.state.routes[path] = handler

    @property
    def requests(self) -> list[Request]:
        with self._server.state.lock:
            return list(self._server.state.requests)


@contextmanager
def loopback_server() -> Iterator[Loopback]:
    """Start a server on a free port of 127.0.0.1 and stop it afterwards."""
    server = _Server(("127.0.0.1", 0), Handler)
    server.state = ServerState()
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.daemon = True
    thread.start()
    try:
        yield Loopback(server)
    finally:
        server.shutdown()
        server.server_close()
