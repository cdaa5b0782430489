"""What the app learns about a model server during a run: its context window, the input
budget that works, and whether it must get one request at a time.

Context windows are read where servers publish them: vLLM's ``max_model_len`` in
``/v1/models``, llama.cpp's ``/props``, Ollama's ``/api/show`` and LM Studio's
``/api/v0/models``. A local server that tells nothing is assumed to have
:data:`ASSUMED_LOCAL_CONTEXT` tokens (the common default of llama.cpp, Ollama and
LM Studio); a refusal for length halves the budget from there.
"""

from __future__ import annotations

import asyncio
import ipaddress
import json
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ASSUMED_LOCAL_CONTEXT = 4096
# How long discovery may take in all, and how much of an answer it reads.
DISCOVERY_DEADLINE = 5.0
MAX_DISCOVERY_BYTES = 1_000_000
# Words of a server's refusal that mean "the prompt is too long".
_TOO_LONG = re.compile(
    r"context (?:length|window|size)|maximum context|too long|too many tokens"
    r"|exceeds? (?:the )?(?:context|max)|prompt is too long|n_ctx",
    re.IGNORECASE,
)
_CONTEXT_NUMBER = re.compile(
    r"(?:context window of|maximum context length is|context length of|n_ctx\D{0,8})\s*(\d{3,7})",
    re.IGNORECASE,
)


def is_too_long(message: str) -> bool:
    """True when a server's refusal says the request exceeds the model's context."""
    return bool(_TOO_LONG.search(message))


def context_in(message: str) -> int | None:
    """The context window a refusal names ("exceed context window of 4096"), if any."""
    match = _CONTEXT_NUMBER.search(message)
    return int(match.group(1)) if match else None


def is_local(base_url: str) -> bool:
    """True for a server on this machine or the local network."""
    host = urlsplit(base_url).hostname or ""
    if host == "localhost" or host.endswith((".local", ".lan", ".internal")):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_loopback or address.is_private or address.is_link_local


@dataclass(slots=True)
class ServerState:
    """Per base URL and model, for the run: learned context and working budget."""

    context: int | None = None
    context_source: str = ""
    budget: int | None = None
    serial: bool = False
    discovered: bool = False
    # Went silent and did not even list its models: every later request fails at once.
    stuck: str = ""

    def halve(self, current: int) -> int:
        """Halve the working budget after a refusal for length; return it."""
        self.budget = max(1, current // 2)
        return self.budget


_STATES: dict[tuple[str, str], ServerState] = {}


def state_for(base_url: str, model: str) -> ServerState:
    """The (process-wide) state of ``model`` on ``base_url``."""
    return _STATES.setdefault((base_url.rstrip("/"), model), ServerState())


def forget_servers() -> None:
    """Drop everything learned (tests)."""
    _STATES.clear()


def _root(base_url: str) -> str:
    """The server root: ``base_url`` without a trailing ``/v1``."""
    parts = urlsplit(base_url.rstrip("/"))
    path = re.sub(r"/v1$", "", parts.path)
    return urlunsplit((parts.scheme, parts.netloc, path, "", ""))


def _int(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int) and value > 0:
        return value
    if isinstance(value, str) and value.isdigit():
        return int(value)
    return None


def _from_models(data: Any, model: str) -> int | None:
    """vLLM (``max_model_len``) and LM Studio (``max_context_length``) model lists."""
    items = data.get("data") if isinstance(data, dict) else None
    if not isinstance(items, list):
        return None
    found: list[int] = []
    for item in items:
        if not isinstance(item, dict):
            continue
        value = _int(item.get("max_model_len")) or _int(item.get("max_context_length"))
        value = value or _int(item.get("loaded_context_length"))
        if value is None:
            continue
        if item.get("id") == model:
            return value
        found.append(value)
    return found[0] if len(found) == 1 else None


def _from_props(data: Any) -> int | None:
    """llama.cpp's ``/props``: ``default_generation_settings.n_ctx``."""
    if not isinstance(data, dict):
        return None
    settings = data.get("default_generation_settings")
    value = _int(settings.get("n_ctx")) if isinstance(settings, dict) else None
    return value or _int(data.get("n_ctx"))


def _from_ollama(data: Any) -> int | None:
    """Ollama's ``/api/show``: ``num_ctx`` in the parameters, else the model's length."""
    if not isinstance(data, dict):
        return None
    parameters = data.get("parameters")
    if isinstance(parameters, str):
        match = re.search(r"num_ctx\s+(\d+)", parameters)
        if match:
            return int(match.group(1))
    info = data.get("model_info")
    if isinstance(info, dict):
        for key, value in info.items():
            if key.endswith(".context_length") and _int(value):
                # Ollama runs with a smaller default than the model allows (2,048 or 4,096).
                return min(int(value), ASSUMED_LOCAL_CONTEXT)
    return None


async def _get_json(client: Any, method: str, url: str, body: Any = None) -> Any:
    try:
        async with client.stream(method, url, json=body) as response:
            if response.status_code != 200:
                return None
            data = b""
            async for piece in response.aiter_bytes():
                data += piece
                if len(data) > MAX_DISCOVERY_BYTES:
                    return None
        return json.loads(data)
    except Exception:  # discovery is best effort: any failure means "not told"
        return None


async def discover_context(base_url: str, api_key: str, model: str) -> tuple[int, str] | None:
    """The model's context window and where it was read, or None when no server says."""
    import httpx

    root = _root(base_url)
    headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
    timeout = httpx.Timeout(DISCOVERY_DEADLINE / 2)
    async with httpx.AsyncClient(timeout=timeout, headers=headers) as client:

        async def probe() -> tuple[int, str] | None:
            found = _from_models(await _get_json(client, "GET", f"{root}/v1/models"), model)
            if found:
                return found, "/v1/models"
            found = _from_props(await _get_json(client, "GET", f"{root}/props"))
            if found:
                return found, "/props"
            show = await _get_json(client, "POST", f"{root}/api/show", {"model": model})
            found = _from_ollama(show)
            if found:
                return found, "/api/show"
            found = _from_models(await _get_json(client, "GET", f"{root}/api/v0/models"), model)
            return (found, "/api/v0/models") if found else None

        try:
            return await asyncio.wait_for(probe(), timeout=DISCOVERY_DEADLINE)
        except TimeoutError:
            return None


async def learn_context(state: ServerState, base_url: str, api_key: str, model: str) -> None:
    """Fill ``state`` with the server's context window, once per server and model in a run.

    A local server that says nothing of itself (llama-cpp-python) is assumed to have a
    small window and to want one request at a time: such a server cuts off a running
    stream when another request arrives, and may then stop answering.
    """
    if state.discovered or not base_url:
        return
    found = await discover_context(base_url, api_key, model)
    if found is not None:
        state.context, state.context_source = found
    elif is_local(base_url):
        state.context = ASSUMED_LOCAL_CONTEXT
        state.context_source = "assumed"
        state.serial = True
    state.discovered = True
