"""Evaluate the offline classifier against the hand-labelled set ``bench/labels.jsonl``.

Run from the project root: ``.venv/bin/python -m bench.bench_classify``. Prints accuracy,
per-category precision/recall, a confusion table and the time to classify 1,000 papers.
Needs ``../shared/corpus`` (the labels point into it).
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import time
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

from daily_ai_insights.core.models import Taxonomy
from daily_ai_insights.core.papers import Assignment, Paper
from daily_ai_insights.core.topics.classify import classify
from daily_ai_insights.core.topics.taxonomy import default_taxonomy

ROOT = Path(__file__).resolve().parents[1]
LABELS = ROOT / "bench" / "labels.jsonl"
CORPUS = ROOT.parent / "shared" / "corpus"


@dataclass(frozen=True, slots=True)
class Labelled:
    paper: Paper
    label: str
    note: str


def _paper(arxiv_id: str, title: str, abstract: str, categories: list[str], day: str) -> Paper:
    # A small private loader: the real parsers live in core.sources.
    return Paper(
        arxiv_id=arxiv_id,
        version=1,
        title=" ".join(title.split()),
        authors=(),
        abstract=" ".join(abstract.split()),
        primary_category=categories[0] if categories else "",
        categories=tuple(categories),
        announced=dt.date.fromisoformat(day),
        abs_url=f"https://arxiv.org/abs/{arxiv_id}",
        pdf_url=f"https://arxiv.org/pdf/{arxiv_id}",
    )


def load_corpus_file(path: Path) -> dict[str, Paper]:
    """Papers of one HF daily-papers JSON or one listing JSONL file, by id."""
    day = path.stem[-10:] if path.stem[-10:-8] == "20" else "2026-06-01"
    papers: dict[str, Paper] = {}
    if path.suffix == ".json":
        data = json.loads(path.read_text(encoding="utf-8"))
        for entry in data if isinstance(data, list) else []:
            item = entry["paper"]
            papers[item["id"]] = _paper(item["id"], item["title"], item["summary"], [], day)
    else:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                item = json.loads(line)
                papers.setdefault(
                    item["id"],
                    _paper(
                        item["id"],
                        item["title"],
                        item.get("summary") or "",
                        list(item.get("categories") or []),
                        day,
                    ),
                )
    return papers


def load_labelled(corpus: Path = CORPUS, labels: Path = LABELS) -> list[Labelled]:
    """The labelled papers, with title and abstract read from the corpus."""
    files: dict[str, dict[str, Paper]] = {}
    rows: list[Labelled] = []
    for line in labels.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        source = row["source_file"]
        if source not in files:
            files[source] = load_corpus_file(corpus / source)
        rows.append(Labelled(files[source][row["id"]], row["label"], row.get("note", "")))
    return rows


def evaluate(rows: list[Labelled], taxonomy: Taxonomy) -> tuple[float, list[Assignment]]:
    """Accuracy of the offline classifier on ``rows`` and its assignments."""
    assignments = classify([row.paper for row in rows], taxonomy)
    right = sum(a.category == row.label for a, row in zip(assignments, rows, strict=True))
    return right / len(rows), assignments


def _report(rows: list[Labelled], assignments: list[Assignment], taxonomy: Taxonomy) -> None:
    names = [c.name for c in taxonomy.categories]
    pairs = [(row.label, a.category) for row, a in zip(rows, assignments, strict=True)]
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
    print("\nconfusion (rows: label, columns: predicted)")
    print(" " * 30 + " ".join(f"{short[n]:>5}" for n in names))
    for gold in names:
        if any(confusion[(gold, guess)] for guess in names):
            cells = " ".join(f"{confusion[(gold, guess)] or '.':>5}" for guess in names)
            print(f"{gold:<30}{cells}")
    print("\nmisses:")
    for row, a in zip(rows, assignments, strict=True):
        if a.category != row.label:
            why = ", ".join(a.matched[:4])
            print(f"  {row.paper.arxiv_id} {row.paper.title[:60]!r}")
            print(f"      label {row.label!r}, got {a.category!r} ({why})")


def time_thousand(rows: list[Labelled], taxonomy: Taxonomy) -> float:
    """Seconds to classify 1,000 papers (the labelled ones, repeated), compiled form warm."""
    papers = [replace(rows[i % len(rows)].paper, arxiv_id=f"bench.{i:05d}") for i in range(1000)]
    classify(papers[:1], taxonomy)
    best = float("inf")
    for _ in range(5):
        start = time.perf_counter()
        classify(papers, taxonomy)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> int:
    if not CORPUS.is_dir():
        print(f"corpus not found at {CORPUS}", file=sys.stderr)
        return 1
    taxonomy = default_taxonomy()
    rows = load_labelled()
    accuracy, assignments = evaluate(rows, taxonomy)
    print(f"labelled papers: {len(rows)}   accuracy: {accuracy:.1%}")
    _report(rows, assignments, taxonomy)
    print(f"\n1,000 papers classified in {time_thousand(rows, taxonomy) * 1000:.1f} ms (best of 5)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
