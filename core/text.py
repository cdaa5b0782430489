"""Normalising untrusted text at the edge, and checking links."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

_ANSI_ESCAPE = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[@-Z\\-_])")
# Every entity html.unescape decodes starts so ("R&D" may; "Speech & Audio" cannot).
_ENTITY_START = re.compile(r"&[#0-9A-Za-z]")
_WHITESPACE = re.compile(r"\s+")


# C0/C1 controls (tab, newline and carriage return are handled apart) and the format
# characters that can hide or reorder text: soft hyphen, zero-width marks, bidi
# embeddings, overrides and isolates, BOM, interlinear annotations, tag characters.
# The zero-width joiner (U+200D) stays: emoji sequences need it.
_CONTROLS = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\xad\u061c\u180e\u200b\u200c\u200e\u200f"
    "\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000e0001-\U000e007f]"
)
_BREAKS = re.compile("[\t\n\r]")


def strip_controls(text: str, *, keep_newlines: bool = False) -> str:
    """Remove escape sequences and control characters (C0, C1, bidi overrides)."""
    if text.isprintable():
        return text
    text = _CONTROLS.sub("", _ANSI_ESCAPE.sub("", text))
    if keep_newlines:
        return text.replace("\r", " ")
    return _BREAKS.sub(" ", text)


def clean_line(text: str | None) -> str:
    """One line of display text: entities decoded, controls stripped, whitespace folded."""
    if not text:
        return ""
    if "&" in text and _ENTITY_START.search(text):  # html loads only for a likely entity
        import html

        text = html.unescape(text)
    return _WHITESPACE.sub(" ", strip_controls(text)).strip()


def clean_block(text: str | None) -> str:
    """A paragraph (an abstract): hard wraps folded into spaces, like :func:`clean_line`."""
    return clean_line(text)


def has_markup(text: str) -> bool:
    """True when ``text`` may hold LaTeX: a backslash, a dollar, ``quotes'' or a -- dash."""
    return "\\" in text or "$" in text or "``" in text or "--" in text


def shown_text(text: str | None) -> str:
    """A title or abstract as shown: :func:`clean_line`, its LaTeX made plain
    (``$\\text{VG}^2$GT`` is VG^2GT, ``1$\\to$N`` is 1→N)."""
    line = clean_line(text)
    if not has_markup(line):
        return line
    from .briefings.plain import plain_text  # loaded for the first title that needs it

    return plain_text(line)


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


_VARIATION_SELECTORS = re.compile("[\ufe0e\ufe0f]")


def drop_variation_selectors(text: str) -> str:
    """``text`` without U+FE0E/U+FE0F, whose width terminals disagree about."""
    return _VARIATION_SELECTORS.sub("", text)


def emoji_cells(emoji: str) -> str:
    """A category's emoji as drawn in a terminal: bare (no variation selector, whose
    width terminals disagree about) and two cells wide, padded when the bare character
    is one cell (``✈``, ``🛡``), so the names after it line up."""
    from rich.cells import cell_len

    bare = drop_variation_selectors(emoji)
    return f"{bare} " if bare and cell_len(bare) == 1 else bare
