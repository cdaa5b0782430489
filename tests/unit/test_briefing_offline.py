"""The offline writer: five parts, verbatim sentences, deterministic and fast."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from daily_ai_insights.core.briefings.checks import check_briefing
from daily_ai_insights.core.briefings.offline import LABELS, offline_briefing, split_sentences
from daily_ai_insights.core.briefings.parts import heading_line, missing_parts
from daily_ai_insights.core.briefings.sentences import normalise_abstract
from daily_ai_insights.core.models import Category, CategoryGroup
from daily_ai_insights.core.papers import Paper
from daily_ai_insights.core.text import clean_block, clean_line
from tests.support.papers import make_paper

DAY = dt.date(2024, 11, 15)


def make(number: int, title: str, abstract: str) -> Paper:
    return make_paper(
        f"2411.{number:05d}", title=title, authors=("A",), abstract=abstract, announced=DAY
    )


SMALL = CategoryGroup(
    Category("LLM", "🐱"),
    (
        make(
            1,
            "Cut *Your* Losses",
            "Large language models use a lot of memory. We propose Cut Cross-Entropy "
            "(CCE), e.g. for Gemma 2. CCE reduces the memory footprint from 24 GB to 1 MB. "
            "This enables training larger models on the same hardware. "
            "Code is available on GitHub.",
        ),
        make(
            2,
            "ClinicalBench",
            "Large language models are popular. We introduce ClinicalBench, following "
            "Smith et al. 2023. Traditional models outperform LLMs by 3.5 points. "
            "The clinical applications are limited. Future work will study fine-tuning.",
        ),
    ),
)


def corpus_groups(corpus: Path) -> list[tuple[str, CategoryGroup]]:
    """A tiny private loader of the HF daily-papers files: one group per day."""
    groups = []
    for path in sorted((corpus / "hf-daily-papers").glob("*.json")):
        items = json.loads(path.read_text(encoding="utf-8"))
        papers = tuple(
            make(i, item["paper"]["title"], item["paper"]["summary"])
            for i, item in enumerate(items)
            if isinstance(item, dict) and item.get("paper", {}).get("summary")
        )
        groups.append((path.name, CategoryGroup(Category("All", "📄"), papers)))
    return groups


def quoted_sentences(text: str) -> list[str]:
    """The sentences the briefing claims are verbatim (parts 1, 3, 4, 5)."""
    found = []
    for line in text.splitlines():
        group = re.fullmatch(r"   - \*\*.+?\*\* \(.+?\): (.+) — \*.+\* \[[\d, -]+\]", line)
        attributed = re.fullmatch(r"   - (.+) — \*.+\* \[\d+\]", line)
        theme = re.fullmatch(r"   - \*[^*].*?\*: (.+) \[\d+\]", line)
        if group:
            found.append(group.group(1))
        elif theme:
            found.append(theme.group(1))
        elif attributed:
            found.append(attributed.group(1))
    return found


def test_sentence_splitting_keeps_abbreviations_and_decimals() -> None:
    text = "We use e.g. transformers (Vaswani et al. 2017). It gets 3.5% better, i.e. more. Done!"
    assert split_sentences(text) == [
        "We use e.g. transformers (Vaswani et al. 2017).",
        "It gets 3.5% better, i.e. more.",
        "Done!",
    ]


@pytest.mark.parametrize("language", ["ko", "en"])
def test_five_parts_label_and_attribution(language: str) -> None:
    text = offline_briefing(SMALL, language)
    assert text.startswith(LABELS[language])
    assert missing_parts(text, language) == ()
    for number in range(1, 6):
        assert heading_line(number, language) in text
    assert "from 24 GB to 1 MB. — *Cut \\*Your\\* Losses*" in text
    assert "Traditional models outperform LLMs by 3.5 points. — *ClinicalBench*" in text
    assert "This enables training larger models on the same hardware." in text
    assert "language models (2" in text  # a shared term with its count
    abstracts = [clean_block(p.abstract) for p in SMALL.papers]
    for sentence in quoted_sentences(text):
        assert any(sentence in abstract for abstract in abstracts), sentence


def test_big_categories_are_grouped_and_every_paper_is_cited() -> None:
    topics = ("speculative decoding", "reward models", "medical imaging", "code generation")
    papers = tuple(
        make(
            i,
            f"Paper {i}",
            f"We propose method {i} for {topics[i % 4]}. It outperforms baselines by {i}%. "
            f"See https://github.com/x/y{i} for code. Future work will extend {topics[i % 4]}.",
        )
        for i in range(40)
    )
    group = CategoryGroup(Category("X", "x"), papers)
    text = offline_briefing(group, "en")
    assert "more papers" not in text  # no "(+32 more papers)" cop-out
    checks = check_briefing(text, 40, "en", verbatim=True)
    assert checks.papers_cited == 40 and checks.ok, checks
    themes = text.split("**2.")[0]
    for topic in topics:  # one line with a representative sentence per group
        assert f"**{topic}** (10 papers): We propose method" in themes
    terms = text.split("**2.")[1].split("**3.")[0]
    assert "github" not in terms and "https" not in terms  # URLs are not keyphrases
    assert "(no matching sentence)" not in text.split("**4.")[1]  # future work found


def test_keyphrases_leave_out_urls_and_stop_words() -> None:
    from daily_ai_insights.core.briefings.keyphrases import compact, keyphrases

    sentences = (
        "Earlier work lets models do better. Code: https://github.com/a/b",
        "Speculative decoding speeds up inference.",
    )
    texts = [sentences] * 3
    found = [k.text for k in keyphrases(texts, 5)]
    assert "speculative decoding" in found
    assert not {"earlier", "better", "lets", "github", "https", "github com"} & set(found)
    assert compact([5, 1, 2, 3, 9, 10]) == "[1-3, 5, 9, 10]"


def test_empty_parts_say_so_and_count_as_missing() -> None:
    group = CategoryGroup(Category("X", "x"), (make(1, "Plain", "A plain sentence."),))
    text = offline_briefing(group, "en")
    # Its one sentence is part 1's; it is not repeated, so parts 3-5 have nothing.
    assert text.count("A plain sentence.") == 1
    assert "(no matching sentence)" in text
    assert missing_parts(text, "en") == (3, 4, 5)


@pytest.mark.corpus
def test_every_corpus_day_is_verbatim_and_complete(corpus: Path) -> None:
    groups = corpus_groups(corpus)
    assert len(groups) >= 5
    for name, group in groups:
        # Verbatim but for LaTeX, which is made plain.
        abstracts = [normalise_abstract(p.abstract) for p in group.papers]
        titles = {clean_line(p.title) for p in group.papers}
        for language in ("ko", "en"):
            text = offline_briefing(group, language)
            assert missing_parts(text, language) == (), name
            quoted = quoted_sentences(text)
            assert quoted, name
            for sentence in quoted:
                assert any(sentence in a for a in abstracts), (name, sentence)
            assert titles  # attributions come from real titles
            assert offline_briefing(group, language) == text  # deterministic


@pytest.mark.corpus
def test_three_hundred_papers_give_a_whole_checked_briefing(corpus: Path) -> None:
    """A large category still gets all five parts, and cites only its own papers.

    Its speed is a figure of ``bench/bench_briefing.py``, not a timed test.
    """
    path = corpus / "listings" / "daily-arxiv-ai-enhanced" / "2026-06-02.jsonl"
    seen: dict[str, Paper] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        seen.setdefault(record["id"], make(len(seen), record["title"], record["summary"]))
    group = CategoryGroup(Category("All", "📄"), tuple(seen.values())[:300])
    text = offline_briefing(group, "ko")
    assert missing_parts(text, "ko") == ()
    checks = check_briefing(text, group.count, "ko", verbatim=True)
    assert checks.parts_missing == ()
    assert checks.unknown_citations == ()
    assert checks.uncited_claims == 0
    assert checks.papers_cited > 0


async def test_the_service_writes_it_off_the_event_loop(monkeypatch: pytest.MonkeyPatch) -> None:
    """A few hundred papers take a fifth of a second: the reader must not freeze meanwhile."""
    import threading

    import daily_ai_insights.core.briefings.service as service_module
    from daily_ai_insights.core.briefings.service import BriefingDone, BriefingService
    from daily_ai_insights.core.config import LLMConfig
    from tests.e2e.test_briefing_llm import MemoryCache

    threads: list[threading.Thread] = []

    def recording(group: CategoryGroup, language: str) -> str:
        threads.append(threading.current_thread())
        return offline_briefing(group, language)

    monkeypatch.setattr(service_module, "offline_briefing", recording)
    svc = BriefingService(LLMConfig(), MemoryCache())
    events = [event async for event in svc.stream(DAY, SMALL, "ko")]
    assert isinstance(events[-1], BriefingDone)
    assert threads and threads[0] is not threading.main_thread()
