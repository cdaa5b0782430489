"""Train the learned classifier's counts and write ``core/data/learned.json``.

Run from the project root: ``.venv/bin/python -m bench.build_learned``. Reads the labels of
``bench/train_labels.jsonl`` and the texts from ``../shared/corpus``; the output depends
on nothing else, so the same labels give the same file. The held-out sets
(``bench/heldout.jsonl``, ``bench/heldout2.jsonl``) are never read here.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from bench.corpus import CORPUS, TRAIN, Labelled, load_labelled
from daily_ai_insights.core.topics.learned import (
    FEATURES_KEPT,
    LEARNED_FILE,
    MIN_DOCS,
    Counts,
    count,
    counts_to_json,
    features_of,
    select,
)
from daily_ai_insights.core.topics.taxonomy import default_taxonomy


def train(rows: Sequence[Labelled], classes: Sequence[str], keep: int = FEATURES_KEPT) -> Counts:
    """The counts of ``rows`` over ``classes``, the ``keep`` most informative features."""
    examples = (
        (features_of(r.paper.title, r.paper.abstract, r.paper.categories), r.label) for r in rows
    )
    counts = count(examples, classes)
    frequent = {f: per for f, per in counts.features.items() if sum(per.values()) >= MIN_DOCS}
    return select(Counts(counts.classes, counts.docs, frequent), keep)


def main() -> int:
    if not CORPUS.is_dir():
        print(f"corpus not found at {CORPUS}", file=sys.stderr)
        return 1
    rows = load_labelled(TRAIN)
    classes = [c.name for c in default_taxonomy().categories]
    text = counts_to_json(train(rows, classes))
    LEARNED_FILE.write_text(text, encoding="utf-8")
    print(f"{len(rows)} papers -> {LEARNED_FILE.name} ({len(text.encode()) / 1024:.0f} KB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
