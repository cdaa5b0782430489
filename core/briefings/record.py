"""A finished briefing of one category of one day, and the tokens it used."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .checks import Checks

OFFLINE_MODEL = "offline"  # the model name of the offline writer's briefings


@dataclass(frozen=True, slots=True)
class Usage:
    """Token usage of one briefing (all calls added up)."""

    prompt_tokens: int = 0
    completion_tokens: int = 0
    calls: int = 0
    # True when the server sent no usage and the counts are our estimate.
    estimated: bool = False

    @property
    def total_tokens(self) -> int:
        """Prompt and completion tokens together."""
        return self.prompt_tokens + self.completion_tokens

    def __add__(self, other: Usage) -> Usage:
        return Usage(
            self.prompt_tokens + other.prompt_tokens,
            self.completion_tokens + other.completion_tokens,
            self.calls + other.calls,
            self.estimated or other.estimated,
        )


@dataclass(frozen=True, slots=True)
class Briefing:
    """A finished briefing of one category of one day."""

    day: dt.date
    category: str
    language: str
    model: str
    prompt_hash: str
    paper_key: str
    text: str
    complete: bool = True
    missing_parts: tuple[int, ...] = ()
    usage: Usage = field(default_factory=Usage)
    created_at: str = ""
    # The reader's check of the text (None for briefings cached before checks existed).
    checks: Checks | None = None
    # Why the offline extract stands in for the model's answer (empty: the text is the
    # writer's own). The record keeps the model's key, usage and name.
    fallback: str = ""

    @property
    def extract(self) -> bool:
        """True when the text is the offline extract: its own, or in a model's place."""
        return self.model == OFFLINE_MODEL or bool(self.fallback)

    @property
    def cache_key(self) -> str:
        """What makes two briefings the same briefing."""
        return briefing_key(
            self.category, self.paper_key, self.prompt_hash, self.model, self.language
        )


def briefing_key(category: str, paper_key: str, prompt_hash: str, model: str, language: str) -> str:
    """The briefing cache key: paper set, prompt, model and language."""
    return "|".join((category, paper_key, prompt_hash, model, language))
