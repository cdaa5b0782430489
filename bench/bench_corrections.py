"""Does the classifier learn from the reader's corrections? Before and after, on a later day.

Run from the project root: ``.venv/bin/python -m bench.bench_corrections``. Corrections are
given to the model exactly as the reader's are at load time (``learned.Example``).

1. Labelled days. The model is trained here on ``bench/labels.jsonl`` alone (none of the
   two days), so neither day is known in advance. For each kind of mistake on
   2026-06-01 (a label, and where the classifier put it), the mis-sorted papers (up to
   20) are moved to their label; then the papers with that label on 2026-06-02 are
   classified again, and the whole day's accuracy is printed beside.
2. Whole listings, no labels, the shipped model. The reader wants a kind of paper (named
   by a title pattern) in a category the classifier does not choose: up to 20 such
   papers of 2026-06-02 are moved, then 2026-06-03 is classified again. "others changed"
   counts the papers not of that kind whose category changed.

The held-out set (2026-06-04/05) is not used.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from collections.abc import Sequence

from bench.build_learned import train
from bench.corpus import CORPUS, LABELS, TRAIN, load_corpus_file, load_labelled
from daily_ai_insights.core.models import Taxonomy
from daily_ai_insights.core.papers import Paper
from daily_ai_insights.core.topics import classify as rules
from daily_ai_insights.core.topics.learned import Example, LearnedModel, shipped_counts
from daily_ai_insights.core.topics.taxonomy import default_taxonomy

MOVED = 20
DAY1, DAY2, DAY3 = "2026-06-01", "2026-06-02", "2026-06-03"
THEMES = (
    # (what the reader wants, the category, a title pattern naming the kind of paper)
    (
        "medical papers in AI for Science",
        "AI for Science",
        r"\b(medical|clinical|patient|radiolog|health|disease|surgical)",
    ),
    (
        "detecting fakes in AI Safety & Alignment",
        "AI Safety & Alignment",
        r"\b(deepfake|forger|fake|ai-generated|synthetic image detection|manipulat)",
    ),
    ("world models in Reinforcement Learning", "Reinforcement Learning", r"\bworld models?\b"),
    ("time series in AI for Science", "AI for Science", r"\b(time[- ]series|forecast)"),
)


def _answers(papers: Sequence[Paper], taxonomy: Taxonomy, model: LearnedModel) -> list[str]:
    compiled = rules._compile(taxonomy)
    return [rules._assign(paper, compiled, model).category for paper in papers]


def _share(part: int, whole: int) -> str:
    return f"{part / whole:>4.0%}" if whole else "   -"


def labelled_days(taxonomy: Taxonomy) -> None:
    """Section 1: kinds of mistakes on a labelled day, the next labelled day."""
    names = [c.name for c in taxonomy.categories]
    everything = load_labelled(TRAIN)
    day1 = [r for r in everything if r.paper.announced.isoformat() == DAY1]
    day2 = [r for r in everything if r.paper.announced.isoformat() == DAY2]
    seen = {r.paper.arxiv_id for r in day1 + day2}
    counts = train([r for r in load_labelled(LABELS) if r.paper.arxiv_id not in seen], names)
    base = LearnedModel(counts, taxonomy)
    first = _answers([r.paper for r in day1], taxonomy, base)
    second = _answers([r.paper for r in day2], taxonomy, base)
    right_before_all = sum(a == r.label for a, r in zip(second, day2, strict=True))
    print(f"1. model trained on {LABELS.name} only; {DAY1}: {len(day1)} labelled papers,")
    print(f"   {DAY2}: {len(day2)}; the mis-sorted papers of one kind moved on {DAY1}\n")
    print(f"{'kind: label, put in':<46} moved  {DAY2} right: before  after  whole day")
    mistakes = Counter((r.label, a) for r, a in zip(day1, first, strict=True) if r.label != a)
    for (label, answer), found in mistakes.most_common():
        targets = [i for i, r in enumerate(day2) if r.label == label]
        if found < 4 or len(targets) < 5:
            continue
        wrong = [r for r, a in zip(day1, first, strict=True) if (r.label, a) == (label, answer)]
        moved = [
            Example(r.paper.title, r.paper.abstract, r.paper.categories, label)
            for r in wrong[:MOVED]
        ]
        after = _answers([r.paper for r in day2], taxonomy, LearnedModel(counts, taxonomy, moved))
        before_n = sum(second[i] == label for i in targets)
        after_n = sum(after[i] == label for i in targets)
        right_after_all = sum(a == r.label for a, r in zip(after, day2, strict=True))
        kind = f"{label}, put in {answer}"
        print(
            f"{kind:<46} {len(moved):>5}  {before_n:>6} of {len(targets):<3}"
            f" ({_share(before_n, len(targets))})  {_share(after_n, len(targets))}"
            f"  {right_before_all / len(day2):.1%} -> {right_after_all / len(day2):.1%}"
        )


def whole_listings(taxonomy: Taxonomy) -> None:
    """Section 2: a kind of paper the reader wants elsewhere, on whole listings."""
    listings = CORPUS / "listings" / "daily-arxiv-ai-enhanced"
    first = list(load_corpus_file(listings / f"{DAY2}.jsonl").values())
    second = list(load_corpus_file(listings / f"{DAY3}.jsonl").values())
    counts = shipped_counts()
    assert counts is not None
    base = LearnedModel(counts, taxonomy)
    before_first = _answers(first, taxonomy, base)
    before = _answers(second, taxonomy, base)
    print(f"\n2. whole listings, shipped model: {DAY2} ({len(first)} papers) then {DAY3}")
    print(f"   ({len(second)} papers); up to {MOVED} papers of the kind moved on {DAY2}\n")
    print(f"{'the reader wants':<42} moved  {DAY3} right: before  after  others changed")
    for what, target, pattern in THEMES:
        kind = re.compile(pattern, re.IGNORECASE)
        misplaced = [
            p
            for p, a in zip(first, before_first, strict=True)
            if kind.search(p.title) and a != target
        ][:MOVED]
        moved = [Example(p.title, p.abstract, p.categories, target) for p in misplaced]
        after = _answers(second, taxonomy, LearnedModel(counts, taxonomy, moved))
        mine = {i for i, p in enumerate(second) if kind.search(p.title)}
        before_n = sum(before[i] == target for i in mine)
        after_n = sum(after[i] == target for i in mine)
        changed = sum(before[i] != after[i] for i in range(len(second)) if i not in mine)
        print(
            f"{what:<42} {len(moved):>5}  {before_n:>6} of {len(mine):<3}"
            f" ({_share(before_n, len(mine))})  {_share(after_n, len(mine))}"
            f"  {changed} of {len(second) - len(mine)}"
        )


def main() -> int:
    if not CORPUS.is_dir():
        print(f"corpus not found at {CORPUS}", file=sys.stderr)
        return 1
    taxonomy = default_taxonomy()
    labelled_days(taxonomy)
    whole_listings(taxonomy)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
