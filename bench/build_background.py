"""Write ``core/data/background.json``: how many AI papers use each common phrase.

Run from the project root: ``.venv/bin/python -m bench.build_background``. Reads every
paper of the whole-day listings in ``../shared/corpus`` once (abstracts, as the offline
writer reads them) and keeps the phrases (the words and word pairs of
:func:`~daily_ai_insights.core.briefings.keyphrases.paper_terms`) in at least
``MIN_SHARE`` of them. The offline writer compares a category's phrases with these
shares, so one every AI paper uses ("language", "language models") is not offered as a
theme of one category.
"""

from __future__ import annotations

import json
import sys
from collections import Counter

from bench.corpus import CORPUS
from daily_ai_insights.core.briefings.keyphrases import BACKGROUND_FILE, paper_terms
from daily_ai_insights.core.briefings.sentences import split_sentences

LISTINGS = CORPUS / "listings" / "daily-arxiv-ai-enhanced"
MIN_SHARE = 0.01  # rarer phrases are taken as rare (see keyphrases.BACKGROUND_FLOOR)


def main() -> int:
    if not LISTINGS.is_dir():
        print(f"corpus not found at {CORPUS}", file=sys.stderr)
        return 1
    abstracts: dict[str, str] = {}
    for path in sorted(LISTINGS.glob("????-??-??.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                item = json.loads(line)
                abstracts.setdefault(item["id"], item.get("summary") or "")
    papers: Counter[str] = Counter()
    for abstract in abstracts.values():
        papers.update(set(paper_terms(split_sentences(abstract))))
    least = MIN_SHARE * len(abstracts)
    kept = {term: n for term, n in sorted(papers.items()) if n >= least}
    data = {"papers": len(abstracts), "phrases": kept}
    BACKGROUND_FILE.write_text(json.dumps(data, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{len(abstracts)} papers, {len(kept)} phrases -> {BACKGROUND_FILE.name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
