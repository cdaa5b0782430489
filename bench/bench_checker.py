"""Bench: the briefing checker over offline extracts of real days, clean and with faults.

Run from the repository root: ``.venv/bin/python -m bench.bench_checker``.

Clean briefings are the offline extracts of every category of the listing days in
``../shared/corpus`` (English as written; Korean with each extracted sentence replaced by
a Korean sentence, citations and titles kept, as a model would write it). Each clean
briefing is then planted with one fault of each kind: a dropped citation (a bullet of
part 1 or 3), a wrong number (a citation beyond the papers), a swapped language (the body
in the other language) and a missing part (one of 2-5 removed). Prints the detection rate
per fault kind (target 100 %), the false alarms on clean briefings (target 0) and the
milliseconds per briefing.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import re
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from daily_ai_insights.core.briefings.checks import CITATION, Checks, check_briefing
from daily_ai_insights.core.briefings.offline import offline_briefing
from daily_ai_insights.core.briefings.parts import heading_line
from daily_ai_insights.core.models import CategoryGroup
from daily_ai_insights.core.papers import Paper, merge_papers
from daily_ai_insights.core.topics.classify import classify
from daily_ai_insights.core.topics.digest import build_digest
from daily_ai_insights.core.topics.taxonomy import default_taxonomy

REPO = Path(__file__).resolve().parents[1]
LISTINGS = REPO.parent / "shared/corpus/listings/daily-arxiv-ai-enhanced"
if not LISTINGS.is_dir():  # a worktree next to the shared folder's parent
    LISTINGS = Path("/work/shared/corpus/listings/daily-arxiv-ai-enhanced")

KOREAN = (
    "이 연구는 새로운 방법을 제안하고 기존 방식보다 성능을 개선했다",
    "저자들은 대규모 실험으로 제안한 기법의 효과를 보여 준다",
    "이 논문은 모델의 한계를 분석하고 개선 방향을 제시한다",
)
ENGLISH = (
    "This study proposes a new method and improves on earlier approaches",
    "The authors show the effect of their technique in large experiments",
    "This paper analyses the limits of the model and suggests a way forward",
)
_BULLET = re.compile(r"^(\s*- )(.*)$")
_TITLE = re.compile(r"\*[^*]+\*")


def load_groups() -> list[CategoryGroup]:
    """Every non-empty category of every listing day."""
    taxonomy = default_taxonomy()
    groups: list[CategoryGroup] = []
    for path in sorted(LISTINGS.glob("2026-*.jsonl")):
        day = dt.date.fromisoformat(path.stem[:10])
        papers = []
        for line in path.read_text(encoding="utf-8").splitlines():
            r = json.loads(line)
            papers.append(
                Paper(r["id"], 1, r["title"], tuple(r["authors"]), r["summary"],
                      r["categories"][0], tuple(r["categories"]), day, r["abs"], r["pdf"])
            )  # fmt: skip
        merged = merge_papers(papers)
        digest = build_digest(day, ("listing",), merged, classify(merged, taxonomy), taxonomy)
        groups += [g for g in digest.groups if g.count]
    return groups


def reword(text: str, sentences: tuple[str, ...]) -> str:
    """Each bullet's words replaced by ``sentences`` (citations and titles kept)."""
    out = []
    for index, line in enumerate(text.splitlines()):
        match = _BULLET.match(line)
        body = match.group(2) if match else ""
        if match is None or body.startswith("("):  # a note ("(no matching sentence)")
            out.append(line)
            continue
        kept = " ".join(_TITLE.findall(body)[:1] + [m.group(0) for m in CITATION.finditer(body)])
        out.append(f"{match.group(1)}{sentences[index % len(sentences)]} {kept}".rstrip())
    return "\n".join(out)


def korean(text: str) -> str:
    """The English extract as a Korean model briefing: Korean headings and sentences."""
    for number in range(1, 6):
        text = text.replace(heading_line(number, "en"), heading_line(number, "ko"))
    return reword(text.split("\n", 2)[2], KOREAN)


def drop_citation(text: str, rng: random.Random) -> str:
    lines = text.splitlines()
    part = 0
    candidates = []
    for index, line in enumerate(lines):
        if line.startswith("**") and line[2:3].isdigit():
            part = int(line[2])
        elif part in (1, 3) and CITATION.search(line):
            candidates.append(index)
    index = rng.choice(candidates)
    lines[index] = CITATION.sub("", lines[index]).rstrip()
    return "\n".join(lines)


def wrong_number(text: str, papers: int, rng: random.Random) -> str:
    matches = list(CITATION.finditer(text))
    match = rng.choice(matches)
    return text[: match.start()] + f"[{papers + rng.randint(1, 50)}]" + text[match.end() :]


def missing_part(text: str, language: str, rng: random.Random) -> str:
    number = rng.randint(2, 5)
    start = text.index(heading_line(number, language))
    end = text.find("\n**", start + 1)
    return text[:start] + (text[end + 1 :] if end != -1 else "")


def main() -> None:
    if not LISTINGS.is_dir():
        sys.exit(f"no corpus at {LISTINGS}")
    rng = random.Random(16)
    groups = load_groups()
    clean: list[tuple[str, int, str]] = []
    for group in groups:
        english = offline_briefing(group, "en")
        clean.append((english.split("\n", 2)[2], group.count, "en"))
        clean.append((korean(english), group.count, "ko"))
    Plant = Callable[[str, int, str], str]
    faults: dict[str, tuple[Plant, Callable[[Checks], bool]]] = {
        "dropped citation": (
            lambda t, n, lang: drop_citation(t, rng),
            lambda c: c.uncited_claims > 0,
        ),
        "wrong number": (
            lambda t, n, lang: wrong_number(t, n, rng),
            lambda c: bool(c.unknown_citations),
        ),
        "swapped language": (
            lambda t, n, lang: reword(t, ENGLISH if lang == "ko" else KOREAN),
            lambda c: not c.language_ok,
        ),
        "missing part": (
            lambda t, n, lang: missing_part(t, lang, rng),
            lambda c: bool(c.parts_missing),
        ),
    }
    timings: list[float] = []

    def timed(text: str, papers: int, language: str) -> Checks:
        started = time.perf_counter()
        checks = check_briefing(text, papers, language)
        timings.append(time.perf_counter() - started)
        return checks

    false_alarms = [c for c in clean if not timed(*c).ok]
    print(f"{len(groups)} categories of {len(list(LISTINGS.glob('2026-*.jsonl')))} listing days")
    print(f"clean briefings: {len(clean)}, false alarms: {len(false_alarms)}")
    total = len(clean)
    for kind, (plant, found) in faults.items():
        detected = sum(found(timed(plant(t, n, lang), n, lang)) for t, n, lang in clean)
        print(f"{kind:>17}: {detected}/{total} detected ({100 * detected / total:.1f} %)")
    print(
        f"checked {len(timings)} briefings: median {statistics.median(timings) * 1000:.2f} ms,"
        f" 95th percentile {statistics.quantiles(timings, n=20)[-1] * 1000:.2f} ms,"
        f" max {max(timings) * 1000:.2f} ms per briefing"
    )


if __name__ == "__main__":
    main()
