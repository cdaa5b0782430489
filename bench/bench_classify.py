"""Measure the offline classifier (or the LLM classifier) against hand-labelled papers.

Run from the project root::

    .venv/bin/python -m bench.bench_classify                  # the held-out set
    .venv/bin/python -m bench.bench_classify --set heldout2   # the second held-out set
    .venv/bin/python -m bench.bench_classify --set heldouts   # the three held-out sets
    .venv/bin/python -m bench.bench_classify --set train      # training labels (tuned on!)
    .venv/bin/python -m bench.bench_classify --set train --cv 5   # cross-validated
    .venv/bin/python -m bench.bench_classify --model-url http://127.0.0.1:8080/v1 --model M

Three figures, each the share of papers where the classifier's one answer is right:

* **all**: the answer equals the label, over every paper;
* **clear**: the same, over the papers whose labeller marked the label clear;
* **top-2**: the answer equals the label *or* the labeller's second choice, over every
  paper (a paper without a second choice counts only its label).

Where a second reader labelled the same papers blind (``*_reread.jsonl``), how far the
two readers agree and the answers against that reader. Then precision and recall per
category, the confusion table and the time to classify 1,000 papers. The held-out sets
(``bench/heldout.jsonl``, ``heldout2.jsonl``, ``heldout3.jsonl``: the 2026-06-04…06
listings) are never trained or tuned on: run them to report, not to iterate (see
``docs/topics.md``). Needs ``../shared/corpus``.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from bench.corpus import (
    CORPUS,
    HELD_OUT,
    HELDOUT,
    HELDOUT2,
    HELDOUT3,
    LABELS,
    TRAIN,
    Labelled,
    load_labelled,
    reread,
)
from daily_ai_insights.core.models import Taxonomy
from daily_ai_insights.core.papers import Assignment
from daily_ai_insights.core.topics import classify as rules
from daily_ai_insights.core.topics.classify import classify
from daily_ai_insights.core.topics.learned import LearnedModel
from daily_ai_insights.core.topics.taxonomy import default_taxonomy

SETS: dict[str, tuple[Path, ...]] = {
    "heldout": (HELDOUT,),
    "heldout2": (HELDOUT2,),
    "heldout3": (HELDOUT3,),
    "heldouts": HELD_OUT,  # the three pooled
    "train": (TRAIN,),
    "labels": (LABELS,),
}


def evaluate(rows: Sequence[Labelled], taxonomy: Taxonomy) -> tuple[float, list[Assignment]]:
    """Accuracy of the offline classifier on ``rows`` and its assignments."""
    assignments = classify([row.paper for row in rows], taxonomy)
    right = sum(a.category == row.label for a, row in zip(assignments, rows, strict=True))
    return right / len(rows), assignments


def figures(rows: Sequence[Labelled], answers: Sequence[str]) -> tuple[float, float, float, int]:
    """(all, clear, top-2, clear count) as defined in the module docstring."""
    pairs = list(zip(rows, answers, strict=True))
    every = sum(a == r.label for r, a in pairs) / len(pairs)
    clear = [(r, a) for r, a in pairs if r.clear]
    on_clear = sum(a == r.label for r, a in clear) / len(clear) if clear else float("nan")
    top2 = sum(a == r.label or (r.second is not None and a == r.second) for r, a in pairs)
    return every, on_clear, top2 / len(pairs), len(clear)


def cross_validated(rows: Sequence[Labelled], taxonomy: Taxonomy, folds: int) -> list[Assignment]:
    """Each paper classified by a model trained on the other folds (rules unchanged)."""
    from bench.build_learned import train

    order = list(range(len(rows)))
    random.Random(1).shuffle(order)
    names = [c.name for c in taxonomy.categories]
    compiled = rules._compile(taxonomy)
    answers: list[Assignment | None] = [None] * len(rows)
    for k in range(folds):
        test = set(order[k::folds])
        model = LearnedModel(train([rows[i] for i in order if i not in test], names), taxonomy)
        for i in test:
            answers[i] = rules._assign(rows[i].paper, compiled, model)
    return [a for a in answers if a is not None]


def _report(rows: Sequence[Labelled], answers: Sequence[str], taxonomy: Taxonomy) -> None:
    names = [c.name for c in taxonomy.categories]
    pairs = [(row.label, answer) for row, answer in zip(rows, answers, strict=True)]
    confusion = Counter(pairs)
    print(f"\n{'category':<30} {'n':>4} {'prec':>6} {'recall':>6}")
    for name in names:
        truth = sum(1 for gold, _ in pairs if gold == name)
        predicted = sum(1 for _, guess in pairs if guess == name)
        hit = confusion[(name, name)]
        precision = f"{hit / predicted:.2f}" if predicted else "  -"
        recall = f"{hit / truth:.2f}" if truth else "  -"
        print(f"{name:<30} {truth:>4} {precision:>6} {recall:>6}")
    short = {name: name[:5] for name in names}
    print("\nconfusion (rows: label, columns: answer)")
    print(" " * 30 + " ".join(f"{short[n]:>5}" for n in names))
    for gold in names:
        if any(confusion[(gold, guess)] for guess in names):
            cells = " ".join(f"{confusion[(gold, guess)] or '.':>5}" for guess in names)
            print(f"{gold:<30}{cells}")


def _second_reader(paths: Sequence[Path], rows: Sequence[Labelled], answers: Sequence[str]) -> None:
    """Where another reader labelled the same papers blind: how far two readers agree (the
    second reader's label scored like an answer), and the answers against that reader."""
    if not all(reread(path).exists() for path in paths):
        return
    second = {r.paper.arxiv_id: r for path in paths for r in load_labelled(reread(path))}
    pairs = [
        (row, answer)
        for row, answer in zip(rows, answers, strict=True)
        if row.paper.arxiv_id in second
    ]
    if not pairs:
        return
    first = [row for row, _ in pairs]
    other = [second[row.paper.arxiv_id] for row in first]
    readers = figures(first, [row.label for row in other])
    against = figures(other, [answer for _, answer in pairs])
    print(f"a second reader, blind, on {len(first)} of these papers:")
    print(f"  against the first reader  all {readers[0]:.1%}   clear {readers[1]:.1%}", end="")
    print(f" (of {readers[3]})   top-2 {readers[2]:.1%}")
    print(f"  the answers against them  all {against[0]:.1%}   clear {against[1]:.1%}", end="")
    print(f" (of {against[3]})   top-2 {against[2]:.1%}")


def time_thousand(rows: Sequence[Labelled], taxonomy: Taxonomy) -> tuple[float, float]:
    """Seconds to classify 1,000 papers (the labelled ones, repeated), model loaded.

    The best of 5 runs, wall clock and CPU time of this process (the CPU time is the
    figure to compare on a shared machine).
    """
    papers = [replace(rows[i % len(rows)].paper, arxiv_id=f"bench.{i:05d}") for i in range(1000)]
    classify(papers[:1], taxonomy)
    wall = cpu = float("inf")
    for _ in range(5):
        start, start_cpu = time.perf_counter(), time.process_time()
        classify(papers, taxonomy)
        wall = min(wall, time.perf_counter() - start)
        cpu = min(cpu, time.process_time() - start_cpu)
    return wall, cpu


def _llm_answers(
    rows: Sequence[Labelled], taxonomy: Taxonomy, args: argparse.Namespace
) -> list[str]:
    from daily_ai_insights.core.config import LLMConfig
    from daily_ai_insights.core.topics.classify_llm import classify_with_llm

    llm = LLMConfig(api_key=args.api_key, base_url=args.model_url, model=args.model, classify=True)
    notices: list[str] = []
    start = time.perf_counter()
    papers = [r.paper for r in rows]
    done = asyncio.run(classify_with_llm(papers, taxonomy, llm, None, notices))
    took = time.perf_counter() - start
    by_model = sum(a.method == "llm" for a in done)
    print(f"model {args.model} at {args.model_url}: answered {by_model} of {len(done)} papers")
    print(f"in {took:.0f} s; the rest classified offline")
    for notice in notices:
        print(notice)
    return [a.category for a in done]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=sorted(SETS), default="heldout")
    parser.add_argument("--labels", type=Path, help="another label file (same columns)")
    parser.add_argument("--cv", type=int, default=0, help="k-fold cross-validation (train)")
    parser.add_argument("--model-url", help="an OpenAI-compatible /v1 URL: measure the LLM")
    parser.add_argument("--model", default="local")
    parser.add_argument("--api-key", default="none")
    args = parser.parse_args(argv)
    if not CORPUS.is_dir():
        print(f"corpus not found at {CORPUS}", file=sys.stderr)
        return 1
    taxonomy = default_taxonomy()
    paths = (args.labels,) if args.labels else SETS[args.set]
    rows = [row for path in paths for row in load_labelled(path)]
    if args.model_url:
        what = "LLM classifier"
        answers = _llm_answers(rows, taxonomy, args)
    elif args.cv:
        what = f"offline classifier, {args.cv}-fold cross-validated learned part"
        answers = [a.category for a in cross_validated(rows, taxonomy, args.cv)]
    else:
        what = "offline classifier"
        answers = [a.category for a in classify([r.paper for r in rows], taxonomy)]
    every, clear, top2, n_clear = figures(rows, answers)
    tuned = "" if set(paths) <= set(HELD_OUT) else "   (TUNED ON: not a result)"
    print(f"{what} on {' + '.join(p.name for p in paths)}: {len(rows)} papers{tuned}")
    print(f"all {every:.1%}   clear {clear:.1%} (of {n_clear})   top-2 {top2:.1%}")
    _second_reader(paths, rows, answers)
    _report(rows, answers, taxonomy)
    if not args.model_url:
        wall, cpu = time_thousand(rows, taxonomy)
        load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
        print(f"\n1,000 papers classified in {wall * 1000:.1f} ms wall, {cpu * 1000:.1f} ms CPU")
        print(f"(best of 5; machine load {load})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
