"""The cues of the offline writer: words and phrases that mark a sentence as a part's.

Where code, data or a project page is available is no cue: such sentences are left out
(:func:`.sentences.is_link_only`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .keyphrases import Verdicts


@dataclass(frozen=True, slots=True)
class Cue:
    """Words (matched as prefixes of a sentence's words) and phrases that signal a part."""

    prefixes: tuple[str, ...]
    phrases: tuple[str, ...] = ()

    def matching(self, vocabulary: Iterable[str]) -> frozenset[str]:
        """The words of ``vocabulary`` that start with one of the prefixes."""
        # Words repeat across abstracts and briefings: each word's verdict is remembered
        # instead of testing every prefix again (a big alternation regex was 10x slower).
        verdicts = _VERDICTS.get(self.prefixes)
        if verdicts is None:
            verdicts = _VERDICTS.setdefault(self.prefixes, Verdicts(self._starts))
        return frozenset(filter(verdicts.__getitem__, vocabulary))

    def _starts(self, word: str) -> bool:
        return word.startswith(self.prefixes)

    def hits(
        self, words: Sequence[str], lowered: str, matching: frozenset[str] = frozenset()
    ) -> int:
        """How often a sentence (its ``words`` and its ``lowered`` text) gives the cue;
        ``matching``: :meth:`matching` of a vocabulary holding ``words``."""
        found = sum(map(matching.__contains__, words))
        return found + sum(map(lowered.__contains__, self.phrases))


# Per prefix set: word -> whether it starts with one of the prefixes.
_VERDICTS: dict[tuple[str, ...], Verdicts[bool]] = {}


KEY = Cue(
    (),
    (
        "we propose",
        "we introduce",
        "we present",
        "we develop",
        "we study",
        "we investigate",
        "this paper",
        "this work",
    ),
)
RESULT = Cue(
    ("outperform", "achiev", "sota", "surpass", "beat", "speedup", "reduc", "faster"),
    (
        "%",
        "state-of-the-art",
        "state of the art",
        "improves by",
        "improvement of",
        "experiments show",
        "experiments demonstrate",
        "results show",
        "results demonstrate",
    ),
)
IMPACT = Cue(
    (
        "enabl",
        "application",
        "applicab",
        "clinic",
        "medical",
        "healthcare",
        "robot",
        "industr",
        "deploy",
        "practical",
        "autonomous",
        "safety",
        "education",
        "downstream",
        "implication",
        "practitioner",
        "accessib",
        "scalab",
        "cost",
        "financ",
        "legal",
        "scientific",
        "societ",
        "user",
        "privacy",
        "energy",
    ),
    (
        "real-world",
        "real world",
        "scientific discovery",
        "in practice",
        "can be used",
        "can be applied",
        "broadly applicable",
        "wide range of",
    ),
)
AHEAD = Cue(
    (
        "future",
        "roadmap",
        "promising",
        "suggest",
        "highlight",
        "underscore",
        "insight",
        "limitation",
        "direction",
    ),
    (
        "further research",
        "opens",
        "calls for",
        "our findings",
        "these findings",
        "our results",
        "this work",
        "we hope",
        "we will",
        "paves the way",
        "pave the way",
        "next generation",
    ),
)
