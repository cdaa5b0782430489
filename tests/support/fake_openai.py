"""A real OpenAI-compatible chat server on 127.0.0.1, with scenarios chosen per test.

It speaks ``/v1/chat/completions`` with SSE over chunked HTTP/1.1, like real servers,
and records every request body so tests can check prompts, budgets and cache hits.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from tests.support.loopback import Handler, Loopback, Request, loopback_server

BRIEFING_KO = (
    "**1. 주제 및 테마**\n   - 테스트 논문들의 주제.\n\n"
    "**2. 공통 키워드·트렌드·패턴**\n   - 언어 모델, 평가.\n\n"
    "**3. 주요 이벤트 및 중요 정보**\n   - 결과가 17.1% 향상됨.\n\n"
    "**4. 다양한 부문에 미치는 영향**\n   - 연구와 산업에 영향.\n\n"
    "**5. 결론 및 향후 주목할 발전**\n   - 앞으로 지켜볼 점.\n"
)

SCENARIOS = (
    "ok",  # several chunks, finish_reason, a usage chunk when asked, [DONE]
    "ok_no_usage",  # ignores stream_options
    "401",
    "404",
    "429_then_ok",  # 429 with Retry-After: 0 once, then ok
    "429",  # always
    "500",  # always
    "cut",  # a few chunks, then the socket closes without [DONE]
    "slow_first",  # headers, then silence for ``delay`` seconds
    "malformed",  # one good chunk, then a chunk that is not JSON
    "escape",  # an escape sequence split across two chunks
    "length",  # the whole text, then finish_reason "length" (cut at max_tokens)
    "too_long",  # 400 naming the context (as vLLM) when a request exceeds ``context``
    "empty_when_long",  # an empty stream (as llama-cpp-python) when it exceeds ``context``
    "interrupt_first",  # the first request ends with [DONE] before its first token
    "interrupting",  # one at a time; a waiting request ends the running stream (llama-cpp)
)


def paper_count(body: dict[str, Any]) -> int:
    """How many numbered papers ("[n] Title") the request's data block holds."""
    import re

    return len(re.findall(r"(?m)^\[\d+\] ", body["messages"][-1]["content"]))


def request_size(body: dict[str, Any]) -> int:
    """The request's size as this server counts it: the tokens estimate of the app."""
    from daily_ai_insights.core.briefings.call import request_tokens

    return request_tokens(body["messages"])


@dataclass
class FakeOpenAI:
    """The running server; set ``scenario`` (and ``text``/``delay``) per test."""

    loopback: Loopback
    scenario: str = "ok"
    text: str = BRIEFING_KO
    delay: float = 1.0
    chunk_size: int = 24
    calls: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)
    # Answers given in turn (the last one repeats), instead of ``text``.
    texts: list[str] = field(default_factory=list)
    # The context window: refused above it (scenarios too_long, empty_when_long), and
    # published as vLLM's max_model_len in /v1/models when ``publish_context``.
    context: int = 4096
    publish_context: bool = False
    waiting: int = 0
    serving: threading.Lock = field(default_factory=threading.Lock)
    interrupted: int = 0

    @property
    def base_url(self) -> str:
        return f"{self.loopback.url}/v1"

    @property
    def bodies(self) -> list[dict[str, Any]]:
        """Every chat request body received, in order."""
        return [
            json.loads(r.body) for r in self.loopback.requests if r.path.endswith("/completions")
        ]


def _error(
    handler: Handler, status: int, message: str, headers: dict[str, str] | None = None
) -> None:
    body = json.dumps({"error": {"message": message, "type": "test", "code": None}}).encode()
    handler.send_bytes(status, body, "application/json", headers)


def _start_stream(handler: Handler) -> None:
    handler.send_response(200)
    handler.send_header("Content-Type", "text/event-stream")
    handler.send_header("Transfer-Encoding", "chunked")
    handler.end_headers()


def _write(handler: Handler, data: str) -> None:
    payload = f"data: {data}\n\n".encode()
    handler.wfile.write(f"{len(payload):x}\r\n".encode() + payload + b"\r\n")
    handler.wfile.flush()


def _chunk(content: str | None, finish: str | None = None, role: bool = False) -> str:
    delta: dict[str, str] = {}
    if role:
        delta["role"] = "assistant"
    if content is not None:
        delta["content"] = content
    return json.dumps(
        {
            "id": "chatcmpl-test",
            "object": "chat.completion.chunk",
            "created": 0,
            "model": "test-model",
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
        }
    )


def _interrupting(fake: FakeOpenAI, handler: Handler, text: str) -> None:
    """Serve like llama-cpp-python with interrupt_requests: one request at a time, and a
    request that arrives ends the running stream with [DONE] and no finish_reason."""
    with fake.lock:
        fake.waiting += 1
    with fake.serving:
        with fake.lock:
            fake.waiting -= 1
        _start_stream(handler)
        _write(handler, _chunk("", role=True))
        time.sleep(0.05)  # the prompt's evaluation
        for start in range(0, len(text), fake.chunk_size):
            if fake.waiting:
                with fake.lock:
                    fake.interrupted += 1
                _write(handler, "[DONE]")
                handler.wfile.write(b"0\r\n\r\n")
                handler.wfile.flush()
                return
            _write(handler, _chunk(text[start : start + fake.chunk_size]))
            time.sleep(0.01)
        _write(handler, _chunk(None, finish="stop"))
        _write(handler, "[DONE]")
        handler.wfile.write(b"0\r\n\r\n")
        handler.wfile.flush()


def _cut(handler: Handler) -> None:
    handler.close_connection = True
    handler.connection.shutdown(socket.SHUT_RDWR)


def _route(fake: FakeOpenAI) -> Any:
    def route(handler: Handler, request: Request) -> None:
        body = json.loads(request.body or b"{}")
        with fake.lock:
            fake.calls += 1
            call = fake.calls
        scenario = fake.scenario
        if scenario == "401":
            # A hostile server quotes the credentials it was sent.
            sent = handler.headers.get("Authorization", "")
            _error(handler, 401, f"Incorrect API key provided: {sent}")
            return
        if scenario == "404":
            _error(handler, 404, f"The model `{body.get('model')}` does not exist")
            return
        if scenario == "429" or (scenario == "429_then_ok" and call == 1):
            _error(handler, 429, "Rate limit reached", {"Retry-After": "0"})
            return
        if scenario == "500":
            _error(handler, 500, "internal error")
            return
        size = request_size(body) + int(body.get("max_tokens") or 0)
        if scenario == "too_long" and size > fake.context:
            message = (
                f"This model's maximum context length is {fake.context} tokens. However, you"
                f" requested {size} tokens. Please reduce the length of the messages."
            )
            _error(handler, 400, message)
            return
        # llama-cpp-python refuses a prompt longer than its context (and clips max_tokens).
        if scenario == "empty_when_long" and request_size(body) > fake.context:
            _start_stream(handler)
            handler.wfile.write(b"0\r\n\r\n")
            handler.wfile.flush()
            return
        if scenario == "interrupt_first" and call == 1:
            _start_stream(handler)
            _write(handler, _chunk("", role=True))
            _write(handler, "[DONE]")
            handler.wfile.write(b"0\r\n\r\n")
            handler.wfile.flush()
            return
        text = fake.texts[min(call, len(fake.texts)) - 1] if fake.texts else fake.text
        if scenario == "interrupting":
            _interrupting(fake, handler, text)
            return
        pieces = [text[i : i + fake.chunk_size] for i in range(0, len(text), fake.chunk_size)]
        if scenario == "escape":
            pieces = ["**1. 주제 및 테마**\n   - bad \x1b[3", "1mred\x1b[0m text\n", *pieces]
        _start_stream(handler)
        if scenario in ("slow_first", "stuck"):
            time.sleep(fake.delay)
        _write(handler, _chunk("", role=True))
        for index, piece in enumerate(pieces):
            if (
                scenario.startswith("cut_midway")
                and index == 3
                and (call == 1 or scenario == "cut_midway_always")
            ):
                # llama-cpp-python cutting a stream off: [DONE] with no finish_reason.
                _write(handler, "[DONE]")
                handler.wfile.write(b"0\r\n\r\n")
                handler.wfile.flush()
                return
            if scenario == "stall" and index == 2:
                time.sleep(fake.delay)  # wedged part-way through an answer
                return
            if scenario == "cut" and index == 3:
                _cut(handler)
                return
            if scenario == "malformed" and index == 1:
                _write(handler, '{"id": "chatcmpl-test", "choices": [{"delta": ')
                handler.wfile.write(b"0\r\n\r\n")
                return
            _write(handler, _chunk(piece))
        _write(handler, _chunk(None, finish="length" if scenario == "length" else "stop"))
        options = body.get("stream_options") or {}
        if options.get("include_usage") and scenario != "ok_no_usage":
            usage = {"prompt_tokens": 100 + call, "completion_tokens": 50, "total_tokens": 150}
            _write(
                handler,
                json.dumps({"id": "chatcmpl-test", "choices": [], "usage": usage}),
            )
        _write(handler, "[DONE]")
        handler.wfile.write(b"0\r\n\r\n")
        handler.wfile.flush()

    return route


@contextmanager
def fake_openai_server() -> Iterator[FakeOpenAI]:
    """Start the fake model server and stop it afterwards."""
    with loopback_server() as loopback:
        fake = FakeOpenAI(loopback)
        loopback.route("/v1/chat/completions", _route(fake))
        loopback.route("/v1/models", _models(fake))
        yield fake


def _models(fake: FakeOpenAI) -> Any:
    def route(handler: Handler, request: Request) -> None:
        if fake.scenario in ("stuck", "stall"):  # a wedged server answers nothing at all
            time.sleep(fake.delay)
            return
        item: dict[str, Any] = {"id": "test-model", "object": "model"}
        if fake.publish_context:
            item["max_model_len"] = fake.context
        body = json.dumps({"object": "list", "data": [item]}).encode()
        handler.send_bytes(200, body, "application/json")

    return route
