"""The learned model's scores, quickly: each feature's row of weights packed into one integer.

Category i's weight sits in bits [64 i, 64 i + 64) in units of 2**-40, and a last lane
holds 1, so the sum of a paper's rows (one C-level ``sum`` of integers, exact in any
order) carries every category's total and the number of features. These totals differ
from the float sums of :meth:`LearnedModel.scores` by under 1e-7 for up to QUICK_MAX
features: the float rounding dominates, at most QUICK_MAX squared times _MAX_WEIGHT
times 2**-53, and cutting each weight to 2**-40 adds QUICK_MAX times 2**-40. The
classifier redoes a paper with the float sums when a decision is closer than
QUICK_ERROR (:func:`classify._settled`), so its answers are those of the float sums.
"""

from __future__ import annotations

import struct
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

QUICK_ERROR = 1e-6
QUICK_MAX = 2000
_LANE = 64
_SCALE = 2.0**40
_UNIT = 2.0**-40
_MAX_WEIGHT = 50.0  # log1p(n / ALPHA) of any real count; QUICK_MAX of them fit a lane


@dataclass(frozen=True, slots=True)
class PackedModel:
    """Packed rows by kind of feature: ``words`` (abstract and title words), ``titles``
    (``t:`` features, by the bare word) and ``classes`` (``c:``, by lowercase class).
    """

    words: dict[str, int]
    titles: dict[str, int]
    classes: dict[str, int]
    prior: tuple[float, ...]
    unseen: tuple[float, ...]
    lanes: struct.Struct

    @classmethod
    def of(
        cls, weights: dict[str, tuple[float, ...]], prior: Sequence[float], unseen: Sequence[float]
    ) -> PackedModel | None:
        """The packed ``weights``; None when a weight is out of the range kept exact."""
        count = len(prior)
        lanes = struct.Struct(f"<{count + 1}Q")
        done: dict[int, int] = {}  # plural forms share their singular's row object
        words: dict[str, int] = {}
        titles: dict[str, int] = {}
        classes: dict[str, int] = {}
        for feature, row in weights.items():
            number = done.get(id(row))
            if number is None:
                if len(row) != count or not all(0.0 <= w <= _MAX_WEIGHT for w in row):
                    return None
                number = int.from_bytes(lanes.pack(*[int(w * _SCALE) for w in row], 1), "little")
                done[id(row)] = number
            if feature.startswith("t:"):
                titles[feature[2:]] = number
            elif feature.startswith("c:"):
                classes[feature[2:]] = number
            elif ":" not in feature:
                words[feature] = number
        return cls(words, titles, classes, tuple(prior), tuple(unseen), lanes)

    def scores(
        self, title_words: list[str], abstract_words: list[str], arxiv_classes: Iterable[str]
    ) -> tuple[int, list[float]] | None:
        """How many features a paper has, and ``LearnedModel.scores`` of them within
        QUICK_ERROR; None when that cannot be promised (too many features).

        ``title_words`` and ``abstract_words``: the split of the texts through ``fold``.
        """
        # ``filter`` drops unknown features (None) before any addition.
        total = (
            sum(filter(None, map(self.words.get, {*abstract_words, *title_words})))
            + sum(filter(None, map(self.titles.get, set(title_words))))
            + sum(filter(None, map(self.classes.get, map(str.lower, arxiv_classes))))
        )
        known = total >> (_LANE * len(self.prior))
        if known > QUICK_MAX:
            return None
        lanes = self.lanes.unpack(total.to_bytes(self.lanes.size, "little"))
        sums = zip(self.prior, self.unseen, lanes, strict=False)  # the last lane: ``known``
        result = [p + known * u + v * _UNIT for p, u, v in sums]
        top = max(result)
        return known, [r - top for r in result]
