"""Token estimates and budget-aware chunking of papers for the model.

No tokenizer is shipped, so estimates are deliberately conservative: 3.5 characters per
token for Latin text and three tokens per CJK character (its UTF-8 bytes: small models
with byte-level vocabularies spend that much on Hangul; measured 1,337 real tokens for the
Korean briefing prompt that one token per character put at 527).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

from ..papers import Paper
from ..text import clean_block, clean_line
from .prompts import fence_safe

# Per-message framing the chat format adds (role markers, separators).
MESSAGE_OVERHEAD = 8
# Tokens per CJK character: its UTF-8 length, the worst case of a byte-level vocabulary.
WIDE_TOKENS = 3


# Hangul Jamo; CJK radicals, kana and unified ideographs; Hangul syllables; CJK
# compatibility ideographs; full-width forms; the supplementary ideographic planes on.
_WIDE = re.compile(
    "[\u1100-\u11ff\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef\U00020000-\U0010ffff]"
)


def estimate_tokens(text: str) -> int:
    """A conservative token count: chars/3.5 for Latin text, three per CJK character."""
    wide = 0 if text.isascii() else len(_WIDE.findall(text))
    narrow = len(text) - wide
    # 3.5 chars per token rather than 4 keeps the estimate on the safe side.
    return WIDE_TOKENS * wide + math.ceil(narrow / 3.5)


def paper_block(paper: Paper, number: int, *, max_abstract_chars: int | None = None) -> str:
    """One paper as it enters a prompt: its citation number (its place in the category's
    source list), title and (possibly truncated) abstract."""
    abstract = clean_block(paper.abstract)
    if max_abstract_chars is not None and len(abstract) > max_abstract_chars:
        abstract = abstract[: max(0, max_abstract_chars)].rstrip() + " […]"
    title = clean_line(paper.title)
    return fence_safe(f"[{number}] {title}\n{abstract}")


def _fit_block(paper: Paper, number: int, room: int) -> str:
    """The paper's block, its abstract cut until it fits in ``room`` tokens."""
    block = paper_block(paper, number)
    if estimate_tokens(block) <= room:
        return block
    head = estimate_tokens(paper_block(paper, number, max_abstract_chars=0))
    # Worst case one token per character, so chars = room - head is always safe.
    keep = max(0, room - head - 4)
    block = paper_block(paper, number, max_abstract_chars=keep)
    while estimate_tokens(block) > room and keep > 0:
        keep //= 2
        block = paper_block(paper, number, max_abstract_chars=keep)
    return block


def chunk_papers(papers: Sequence[Paper], room: int) -> list[list[str]]:
    """Split ``papers`` into chunks of blocks whose joined size stays within ``room`` tokens.

    Papers are numbered 1..n in order (their citation numbers, kept across chunks). Every
    paper is represented: one too long on its own has its abstract truncated.
    """
    if room <= 0:
        raise ValueError("no room left for papers in the input budget")
    # room - 1 leaves space for the blank line that joins blocks, so no block is cut again.
    blocks = [_fit_block(paper, n, room - 1) for n, paper in enumerate(papers, start=1)]
    return chunk_texts(blocks, room)


def join_blocks(blocks: Sequence[str]) -> str:
    """The text placed inside a prompt's data fence."""
    return "\n\n".join(blocks)


def _cut_to(text: str, tokens: int) -> str:
    """The longest head of ``text`` estimated within ``tokens`` (at least one character)."""
    keep = min(len(text), max(1, tokens))
    while keep > 1 and estimate_tokens(text[:keep]) > tokens:
        keep = max(1, int(keep * 0.8))
    return text[:keep]


def chunk_texts(texts: Sequence[str], room: int, *, cap: int | None = None) -> list[list[str]]:
    """Group already-written texts (partial briefings) into chunks within ``room`` tokens.

    A text larger than ``cap`` (default ``room``) tokens is cut to it.
    """
    limit = room if cap is None else max(1, min(cap, room))
    chunks: list[list[str]] = []
    current: list[str] = []
    used = 0
    for text in texts:
        size = estimate_tokens(text) + 1
        if size > limit:
            # A partial that alone exceeds the room is cut rather than dropped.
            text = _cut_to(text, limit - 1)
            size = estimate_tokens(text) + 1
        if current and used + size > room:
            chunks.append(current)
            current, used = [], 0
        current.append(text)
        used += size
    if current:
        chunks.append(current)
    return chunks
