"""Normalising untrusted text at the edge, and checking links."""

from __future__ import annotations

import html
import re
import unicodedata
from urllib.parse import urlsplit

_ANSI_ESCAPE = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[@-Z\\-_])")
_WHITESPACE = re.compile(r"\s+")


def strip_controls(text: str, *, keep_newlines: bool = False) -> str:
    """Remove escape sequences and control characters (C0, C1, bidi overrides)."""
    text = _ANSI_ESCAPE.sub("", text)
    kept = []
    for char in text:
        if char in "\n\t" and keep_newlines:
            kept.append(char)
            continue
        category = unicodedata.category(char)
        if category == "Cc":
            kept.append(" " if char in "\n\r\t" else "")
        elif category == "Cf" and char not in "\u200d":
            # Format characters include bidi overrides that can reorder what is shown.
            continue
        else:
            kept.append(char)
    return "".join(kept)


def clean_line(text: str | None) -> str:
    """One line of display text: entities decoded, controls stripped, whitespace folded."""
    if not text:
        return ""
    return _WHITESPACE.sub(" ", strip_controls(html.unescape(text))).strip()


def clean_block(text: str | None) -> str:
    """A paragraph (an abstract): hard wraps folded into spaces, like :func:`clean_line`."""
    return clean_line(text)


def clean_multiline(text: str | None) -> str:
    """Model output: controls stripped but line breaks kept, trailing spaces trimmed."""
    if not text:
        return ""
    text = strip_controls(text.replace("\r\n", "\n").replace("\r", "\n"), keep_newlines=True)
    return "\n".join(line.rstrip() for line in text.split("\n"))


def safe_url(url: str | None) -> str:
    """The URL if it is http(s) with a host, else the empty string."""
    if not url:
        return ""
    url = clean_line(url)
    try:
        parts = urlsplit(url)
    except ValueError:
        return ""
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return ""
    if any(char in url for char in " <>\"'`"):
        return ""
    return url
