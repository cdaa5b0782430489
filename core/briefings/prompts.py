"""The one module that reads ``prompts/``: templates with named ``{placeholders}``.

A template's content hash is part of every briefing's cache key, so editing a
prompt file invalidates what it made.
"""

from __future__ import annotations

import hashlib
import string
from dataclasses import dataclass
from functools import cache
from importlib import resources

from ..errors import InsightsError

PROMPTS_PACKAGE = "daily_ai_insights.prompts"


@dataclass(frozen=True, slots=True)
class Prompt:
    """A loaded template."""

    name: str
    text: str

    @property
    def hash(self) -> str:
        """Short content hash: changes whenever the file changes."""
        return hashlib.sha256(self.text.encode()).hexdigest()[:12]

    @property
    def placeholders(self) -> tuple[str, ...]:
        """The named placeholders the template expects."""
        names = (field for _, field, _, _ in string.Formatter().parse(self.text) if field)
        return tuple(dict.fromkeys(names))

    def render(self, **values: object) -> str:
        """Fill every placeholder; a missing or unexpected value is an error."""
        expected = set(self.placeholders)
        missing = expected - values.keys()
        extra = values.keys() - expected
        if missing or extra:
            raise InsightsError(
                f"prompt {self.name}: missing {sorted(missing)}, unexpected {sorted(extra)}"
            )
        return self.text.format(**values)


def fence_safe(text: str) -> str:
    """``text`` unable to close (or open) the ``<<<NAME ... NAME>>>`` data fence it sits in.

    Paper text and partial briefings are untrusted: a ``PAPERS>>>`` inside them would
    end the data block early and let what follows read as instructions.
    """
    return text.replace("<<<", "‹‹‹").replace(">>>", "›››")


@cache
def load_prompt(name: str) -> Prompt:
    """Load ``prompts/<name>.txt`` from the installed package."""
    try:
        text = resources.files(PROMPTS_PACKAGE).joinpath(f"{name}.txt").read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InsightsError(f"no prompt template named {name!r}") from None
    return Prompt(name=name, text=text)


def prompt_names() -> list[str]:
    """Every template shipped in ``prompts/``."""
    return sorted(
        entry.name.removesuffix(".txt")
        for entry in resources.files(PROMPTS_PACKAGE).iterdir()
        if entry.name.endswith(".txt")
    )
