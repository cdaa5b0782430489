"""Building the OpenAI-compatible client, lazily: ``openai`` costs ~400 ms to import."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..config import LLMConfig
from ..errors import BriefingError

if TYPE_CHECKING:
    from openai import AsyncOpenAI


def make_client(llm: LLMConfig) -> AsyncOpenAI:
    """An ``AsyncOpenAI`` for ``llm``; raises BriefingError when no key is configured."""
    if not llm.api_key:
        raise BriefingError(
            "no API key configured: set OPENAI_API_KEY or [llm] api_key in config.toml"
        )
    from openai import AsyncOpenAI

    return AsyncOpenAI(
        api_key=llm.api_key,
        base_url=llm.base_url or None,
        max_retries=0,  # retries are ours: only before the first token, with backoff
        timeout=llm.first_token_timeout,
    )
