"""Labelled papers for the benches: labels from ``bench/*.jsonl``, texts from the corpus.

The corpus (``../shared/corpus``) is never copied into the project: label files hold ids
and the file each paper is in, and the texts are read from there.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from daily_ai_insights.core.papers import Paper

ROOT = Path(__file__).resolve().parents[1]
# ``../shared/corpus`` next to the checkout (a worktree sits one level deeper).
CORPUS = next(
    (
        p
        for p in (ROOT.parent / "shared" / "corpus", ROOT.parents[1] / "shared" / "corpus")
        if p.is_dir()
    ),
    ROOT.parent / "shared" / "corpus",
)
LABELS = ROOT / "bench" / "labels.jsonl"
TRAIN = ROOT / "bench" / "train_labels.jsonl"
HELDOUT = ROOT / "bench" / "heldout.jsonl"
HELDOUT2 = ROOT / "bench" / "heldout2.jsonl"  # a second labeller, other papers of the same days
HELDOUT3 = ROOT / "bench" / "heldout3.jsonl"  # the rest of those days, labelled after all tuning
HELD_OUT = (HELDOUT, HELDOUT2, HELDOUT3)


def reread(labels: Path) -> Path:
    """The file of a second reader's blind labels of the same papers (``*_reread.jsonl``)."""
    return labels.with_name(f"{labels.stem}_reread.jsonl")


@dataclass(frozen=True, slots=True)
class Labelled:
    """A paper with its label; ``clear`` and ``second`` when the labeller gave them."""

    paper: Paper
    label: str
    clear: bool | None = None
    second: str | None = None


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


def load_labelled(labels: Path = LABELS, corpus: Path = CORPUS) -> list[Labelled]:
    """The papers of a label file, with title and abstract read from the corpus."""
    files: dict[str, dict[str, Paper]] = {}
    rows: list[Labelled] = []
    for line in labels.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        source = row["source_file"]
        if source not in files:
            files[source] = load_corpus_file(corpus / source)
        paper = files[source][row["id"]]
        rows.append(Labelled(paper, row["label"], row.get("clear"), row.get("second")))
    return rows
