"""The classifier's quick paths give the answers of its reference paths.

Words are matched by dictionary lookups where the text allows (the reference: the
regex), and the learned scores are packed integer sums checked by ``_settled`` (the
reference: the float sums). Both must leave every assignment as it was.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from daily_ai_insights.core.papers import Paper
from daily_ai_insights.core.sources.listing import parse_listing_jsonl
from daily_ai_insights.core.topics import classify as module
from daily_ai_insights.core.topics.learned import Example, fold, learned_model
from daily_ai_insights.core.topics.packed import QUICK_ERROR
from daily_ai_insights.core.topics.taxonomy import default_taxonomy
from daily_ai_insights.core.topics.terms import ascii_folded, plain, words_of

TEXTS = (
    "Multimodal large language models for 3D scene understanding",
    "vision-language  models, and vision language model; a VLM",
    "We study graph neural networks (GNNs) on large   language",
    "diffusion models... diffusion model diffusion",
    "ends inside a phrase: large language",
    "retrieval augmented generation RAG with retrieval-augmented LLMs",
    "",
    "LLM을 위한 vision–language models, naïve Bayes and \\textbf{Graph} neural networks",
    "大语言模型 large language models 的 multimodal",
)


def listing(corpus: Path) -> list[Paper]:
    path = corpus / "listings" / "daily-arxiv-ai-enhanced" / "2026-06-02.jsonl"
    return parse_listing_jsonl(path.read_bytes(), dt.date(2026, 6, 2))


def same_terms(texts: list[str]) -> None:
    finder = module._compile(default_taxonomy()).finder
    assert finder is not None
    for text in texts:
        folded = ascii_folded(text)
        if folded is None:
            assert finder.find_words(words_of(text)) == finder.find(text), text
        elif plain(folded):
            assert finder.find_words(folded.split()) == finder.find(text, folded), text


def test_word_lookups_find_what_the_regex_finds() -> None:
    same_terms(list(TEXTS))
    finder = module._compile(default_taxonomy()).finder
    assert finder is not None and finder.find_words(words_of(TEXTS[-1]))


@pytest.mark.corpus
def test_word_lookups_find_what_the_regex_finds_in_real_listings(corpus: Path) -> None:
    folder = corpus / "listings" / "daily-arxiv-ai-enhanced"
    chinese = parse_listing_jsonl(
        (folder / "2026-06-04_AI_enhanced_Chinese.jsonl").read_bytes(), dt.date(2026, 6, 4)
    )
    papers = listing(corpus) + chinese
    assert any(not p.abstract.isascii() for p in papers)
    same_terms([text for p in papers for text in (p.title, p.abstract)])


def test_a_control_character_is_not_plain() -> None:
    folded = ascii_folded("a\x1cLLM")
    assert folded is not None and not plain(folded)


def test_settled_only_when_the_order_cannot_change() -> None:
    capped = -2 * module.LEARNED_CAP
    # Far apart: settled. Within twice the error of each other: redo exactly.
    assert module._settled([3.0, 1.0], [0.0, -1.0], [0, 1], 0, 1)
    assert not module._settled([1.0, 1.0 + QUICK_ERROR], [0.0, -1.0], [1, 0], 1, 0)
    # Two capped scores are exact even when equal.
    assert module._settled([5.0, -10.0, -10.0], [0.0, capped, capped], [0, 1, 2], 0, 1)
    # The runner-up at the "also fits" margin, give or take the error: redo exactly.
    edge = [3.0, 3.0 - module.ALSO_MARGIN]
    assert not module._settled(edge, [0.0, -1.0], [0, 1], 0, 1)


@pytest.mark.corpus
def test_quick_scores_are_within_the_bound_of_exact_ones(corpus: Path) -> None:
    model = learned_model(default_taxonomy())
    assert model is not None and model.quick is not None
    for paper in listing(corpus)[:200]:
        title, abstract = fold(paper.title), fold(paper.abstract)
        quick = model.quick.scores(title.split(), abstract.split(), paper.categories)
        features = model.features(title, abstract, paper.categories)
        assert quick is not None and quick[0] == len(features)
        exact = model.scores(features)
        assert max(abs(q - e) for q, e in zip(quick[1], exact, strict=True)) < QUICK_ERROR / 10


@pytest.mark.corpus
def test_every_path_gives_the_same_assignments(
    corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    papers = listing(corpus)
    taxonomy = default_taxonomy()
    examples = [Example(p.title, p.abstract, p.categories, "AI Agents") for p in papers[:30]]
    fast = [module.classify(papers, t, e) for t, e in ((taxonomy, ()), (taxonomy, examples))]
    model = learned_model(taxonomy)
    assert model is not None
    monkeypatch.setattr(module, "plain", lambda folded: False)  # the regex for every text
    monkeypatch.setattr(model, "quick", None)  # float sums for every paper
    slow = module.classify(papers, taxonomy)
    assert fast[0] == slow
    monkeypatch.setattr(learned_model(taxonomy, examples), "quick", None)
    assert fast[1] == module.classify(papers, taxonomy, examples)
