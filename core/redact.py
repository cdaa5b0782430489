"""Secrets out of text: the configured API key, bearer tokens and ``sk-…`` keys.

Model output is untrusted: a model that echoes its bearer token must not have it shown,
cached, exported or logged. Everything model-written passes through :func:`redact`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

MASK = "[redacted]"
# "Bearer abc.def", "sk-proj-…", "sk-ant-…": long enough not to hit ordinary words.
_PATTERNS = re.compile(
    r"(?i:\bbearer\s+)[A-Za-z0-9._~+/=\-]{8,}|\bsk-[A-Za-z0-9_\-]{16,}",
)


MIN_SECRET = 8  # shorter "keys" ("x", "ollama") are local servers' placeholders, not secrets


def redact(text: str, secrets: Iterable[str | None] = ()) -> str:
    """``text`` with every secret in ``secrets`` and anything key-like replaced by a mask."""
    for secret in secrets:
        if secret and len(secret) >= MIN_SECRET and secret in text:
            text = text.replace(secret, MASK)
    return _PATTERNS.sub(MASK, text)
