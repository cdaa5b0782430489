"""The offline classifier: what wins, why, and that odd input does not break it."""

from __future__ import annotations

import pytest

from daily_ai_insights.core.models import Category, Taxonomy
from daily_ai_insights.core.papers import Paper
from daily_ai_insights.core.topics.classify import PHRASE, TITLE, classify, classify_one
from daily_ai_insights.core.topics.taxonomy import default_taxonomy
from daily_ai_insights.core.topics.terms import normalise
from tests.support.papers import make_paper

SMALL = Taxonomy(
    categories=(
        Category("Graphs", "🍋", keywords=("graph",), phrases=("graph neural network",)),
        Category("Vision", "⭐", keywords=("image", "vision"), phrases=("object detection",)),
        Category("Language", "🐱", keywords=("language",), phrases=("language model",)),
        Category("Policies", "🎯", keywords=("policy",), arxiv_hints=("cs.RO", "q-bio")),
        Category("Other", "📦"),
    ),
    version="small-v1",
)


def paper(
    title: str,
    abstract: str = "",
    *,
    arxiv_id: str = "2401.00001",
    primary: str = "",
    categories: tuple[str, ...] = (),
) -> Paper:
    return make_paper(
        arxiv_id, title=title, abstract=abstract, primary_category=primary, categories=categories
    )


def test_phrase_beats_single_words() -> None:
    # One phrase ("language model") against one single word ("image"), both in the title.
    result = classify_one(paper("A language model for an image"), SMALL)
    assert result.category == "Language"
    assert "title: language model" in result.matched


def test_title_beats_abstract() -> None:
    result = classify_one(paper("Object detection", "A language model helps."), SMALL)
    assert result.category == "Vision"
    assert result.matched[0] == "title: object detection"


def test_longest_match_is_counted_once() -> None:
    # "graph neural network" must not also count as the single word "graph" twice over.
    result = classify_one(paper("Graph neural networks"), SMALL)
    assert result.matched == ("title: graph neural network",)
    assert result.score == PHRASE * TITLE


def test_ties_go_to_the_earlier_category_whatever_the_input_order() -> None:
    tied = paper("Graph and image", arxiv_id="1")
    assert classify_one(tied, SMALL).category == "Graphs"
    reordered = Taxonomy((SMALL.categories[1], SMALL.categories[0], *SMALL.categories[2:]), "r")
    assert classify_one(tied, reordered).category == "Vision"
    batch = [tied, paper("image", arxiv_id="2"), tied]
    assert classify(batch, SMALL) == classify(batch, SMALL)
    assert [a.category for a in classify(batch, SMALL)] == ["Graphs", "Vision", "Graphs"]


def test_plurals_case_and_hyphens_match() -> None:
    result = classify_one(paper("IMAGES and Graph-Neural-Networks for Policies"), SMALL)
    assert result.category == "Graphs"
    assert "title: graph neural network" in result.matched
    assert classify_one(paper("Two policies"), SMALL).category == "Policies"


def test_word_boundaries() -> None:
    # "imagery", "paragraph" and "languages2" contain terms but are other words.
    assert classify_one(paper("Imagery of paragraphs"), SMALL).category == "Other"


def test_arxiv_hints_count_and_are_shown() -> None:
    result = classify_one(paper("A study", "Some policy policy.", primary="cs.RO"), SMALL)
    assert result.category == "Policies"
    assert "arXiv: cs.RO" in result.matched
    prefixed = classify_one(paper("A study", "A policy policy.", primary="q-bio.NC"), SMALL)
    assert prefixed.category == "Policies"
    assert "arXiv: q-bio.NC" in prefixed.matched


def test_thin_evidence_falls_back_to_other() -> None:
    # Stray single words in the abstract are not enough to leave "Other"; a phrase is.
    assert classify_one(paper("A study", "An image."), SMALL).category == "Other"
    repeated = classify_one(paper("A study", "An image, an image, an image."), SMALL)
    assert repeated.category == "Other"
    assert classify_one(paper("A study", "Object detection."), SMALL).category == "Vision"


def test_no_match_falls_back_to_other() -> None:
    result = classify_one(paper("Reed-Muller codes over a simplex", "We count points."), SMALL)
    assert result.category == "Other"
    assert result.matched == ()
    assert result.method == "offline"


def test_empty_abstract_and_empty_title() -> None:
    assert classify_one(paper("Object detection in the wild", ""), SMALL).category == "Vision"
    assert classify_one(paper("", ""), SMALL).category == "Other"


def test_latex_heavy_title() -> None:
    title = r"$\mathcal{G}$-\textsc{Graph}: \textbf{Neural} $\alpha^2$ networks for $\sum_i x_i$"
    result = classify_one(paper(title), SMALL)
    assert result.category == "Graphs"
    assert normalise(r"\textbf{Vision}-Language") == "vision language"


def test_non_english_text_does_not_crash_and_falls_back() -> None:
    korean = classify_one(paper("그래프 신경망을 이용한 분자 특성 예측", "본 논문은 ..."), SMALL)
    chinese = classify_one(paper("基于深度学习的图像分割方法", "我们提出了一种新方法。"), SMALL)
    assert korean.category == chinese.category == "Other"
    # English terms inside Korean text are still found.
    mixed = classify_one(paper("language model을 이용한 연구"), SMALL)
    assert mixed.category == "Language"


def test_default_taxonomy_on_typical_titles() -> None:
    taxonomy = default_taxonomy()
    cases = {
        "A Graph Neural Network for Link Prediction": "Graph Neural Networks",
        "Open-Vocabulary Object Detection with Gaussian Splatting": "Computer Vision",
        "Multimodal Large Language Models Are Visual Reasoners": "Multimodal",
        "Speculative Decoding for Large Language Models": "LLM",
        "Low-Resource Machine Translation for Balinese": "Natural Language Processing",
        "Knowledge Distillation with Curriculum Learning": "Model training technique",
        "Jailbreak Attacks on Aligned Chatbots": "AI Safety & Alignment",
        "Sim-to-Real Transfer for Legged Locomotion": "Robotics & Embodied AI",
        "A Benchmark for Web Agents That Use Tools": "AI Agents",
        "Reed-Muller Codes over a Combinatorial Simplex": "Other",
    }
    papers = [paper(title, arxiv_id=str(i)) for i, title in enumerate(cases)]
    got = {p.title: a.category for p, a in zip(papers, classify(papers, taxonomy), strict=True)}
    assert got == cases


def test_a_thousand_papers_run_and_keep_order() -> None:
    # Timing lives in bench/bench_classify.py; here we only check it runs at that size.
    titles = ["Graph neural networks", "Object detection", "A language model", "Nothing here"]
    papers = [paper(titles[i % 4], "abstract " * 50, arxiv_id=f"x{i}") for i in range(1000)]
    result = classify(papers, default_taxonomy())
    assert [a.arxiv_id for a in result] == [p.arxiv_id for p in papers]
    assert result[0].category == "Graph Neural Networks"
    assert result[3].category == "Other"


def test_any_punctuation_or_spacing_joins_the_words_of_a_phrase() -> None:
    # ASCII and non-ASCII text take different scanning paths; both must agree.
    for title in (
        "Graph  neural\nnetworks",
        "graph_neural-networks",
        "Graph (neural) networks",
        "Graph—neural—networks “today”",
        "Graph\u00a0neural\u00a0networks",
    ):
        result = classify_one(paper(title), SMALL)
        assert result.matched == ("title: graph neural network",), title
    assert classify_one(paper("«Image» détection"), SMALL).matched == ("title: image",)
    # A letter outside ASCII is part of the word: "imageé" is not "image".
    assert classify_one(paper("imageé café"), SMALL).category == "Other"


def test_longer_term_wins_whatever_the_order_of_terms() -> None:
    # "language" alone and "language model" both exist; the longer one must be taken,
    # and a failed longer match ("language models of") must fall back to the shorter.
    assert classify_one(paper("A language model"), SMALL).matched == ("title: language model",)
    assert classify_one(paper("A language modelling"), SMALL).matched == ("title: language",)


def test_training_free_is_not_a_training_technique() -> None:
    taxonomy = default_taxonomy()
    free = classify_one(paper("Training-free image editing with object detection"), taxonomy)
    assert free.category == "Computer Vision"
    assert not any("training" in reason for reason in free.matched)
    trained = classify_one(paper("Efficient training with knowledge distillation"), taxonomy)
    assert trained.category == "Model training technique"


def test_taxonomy_without_terms_only_uses_hints() -> None:
    bare = Taxonomy(
        categories=(
            Category("Robots", "🤖", arxiv_hints=("cs.RO", "eess.SY")),
            Category("Other", "📦"),
        ),
        version="bare-v1",
    )
    assert classify_one(paper("Anything at all"), bare).category == "Other"
    hinted = classify_one(paper("A study", primary="cs.RO", categories=("cs.RO",)), bare)
    assert hinted.category == "Other"  # one primary hint (1.5) is below MIN_SCORE
    both = classify_one(paper("A study", primary="cs.RO", categories=("cs.RO", "eess.SY")), bare)
    assert both.category == "Robots"
    assert both.matched == ("arXiv: cs.RO", "arXiv: eess.SY")


def test_compiled_form_is_cached_per_version() -> None:
    from daily_ai_insights.core.topics import classify as module

    classify_one(paper("Graph"), SMALL)
    first = module._compiled[SMALL.version]
    classify_one(paper("Image"), SMALL)
    assert module._compiled[SMALL.version] is first


def test_compiled_taxonomies_are_only_touched_under_their_lock(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import dataclasses

    import daily_ai_insights.core.topics.classify as classify_module
    from tests.unit.test_store import LockCheckingDict

    checked = LockCheckingDict(classify_module._compiled_lock)
    monkeypatch.setattr(classify_module, "_compiled", checked)
    taxonomy = default_taxonomy()
    papers = [paper("A language model", "We train a language model.")]
    for version in ("a", "b", "a"):
        classify(papers, dataclasses.replace(taxonomy, version=version))
    assert set(checked) == {"a", "b"}


def classes(*names: str) -> dict[str, object]:
    return {"primary": names[0], "categories": names}


def test_the_topic_outranks_the_tool() -> None:
    taxonomy = default_taxonomy()
    cases = {
        # An LLM in the title, but the topic is agents, safety or robots.
        "LLM Agents That Browse the Web with Tools": "AI Agents",
        "Jailbreaking Large Language Models with Role Play": "AI Safety & Alignment",
        "Large Language Models as Planners for Robot Manipulation": "Robotics & Embodied AI",
        # A training word in the title of a vision paper.
        "Diffusion Pretraining for Semantic Segmentation of Satellite Images": "Computer Vision",
        # No topic in the title: the tool wins.
        "Chain-of-Thought Prompting Improves Large Language Model Reasoning": "LLM",
        "Knowledge Distillation with Curriculum Learning": "Model training technique",
    }
    papers = [paper(title, arxiv_id=str(i), **classes("cs.LG")) for i, title in enumerate(cases)]  # type: ignore[arg-type]
    got = {p.title: a.category for p, a in zip(papers, classify(papers, taxonomy), strict=True)}
    assert got == cases


def test_a_topic_word_in_passing_does_not_outrank_a_clear_lead_of_the_tool() -> None:
    # "Policy optimization" names reinforcement learning in the title, but the paper is
    # about post-training a language model to reason, and says so throughout.
    result = classify_one(
        paper(
            "Hint-Guided Diversified Policy Optimization for LLM Reasoning",
            "Reinforcement learning with verifiable rewards improves the reasoning of large"
            " language models, but GRPO rollouts collapse to similar chains of thought. We"
            " give the LLM hints during rollouts so that its reasoning paths differ, and"
            " fine-tune Qwen models on math reasoning benchmarks, where the post-trained"
            " language models reason better than with GRPO alone.",
            primary="cs.CL",
            categories=("cs.CL", "cs.AI"),
        ),
        default_taxonomy(),
    )
    assert result.category == "LLM"


def test_vision_language_titles_beat_the_cs_cv_hint() -> None:
    result = classify_one(
        paper(
            "Stateful Visual Encoders for Vision-Language Models",
            "We study image encoders in VLMs on video and image benchmarks.",
            primary="cs.CV",
            categories=("cs.CV",),
        ),
        default_taxonomy(),
    )
    assert result.category == "Multimodal"


def test_papers_outside_ai_go_to_other() -> None:
    taxonomy = default_taxonomy()
    steel = paper(
        "Seismic Performance of Steel Moment Frames with Fluid Viscous Dampers",
        "We run finite element simulations of frames under ground motions.",
        primary="cs.CE",
        categories=("cs.CE", "physics.app-ph"),
    )
    result = classify_one(steel, taxonomy)
    assert result.category == "Other"
    assert result.matched == ("arXiv: cs.CE (no AI vocabulary)",)
    # The same classes with a learned model in it are an AI for Science paper.
    learned = paper(
        "Neural Operators for Fluid Dynamics",
        "We train deep neural operators on turbulent flow data with a learning scheme.",
        primary="physics.flu-dyn",
        categories=("physics.flu-dyn",),
    )
    assert classify_one(learned, taxonomy).category == "AI for Science"


def test_terms_that_were_missing() -> None:
    taxonomy = default_taxonomy()
    cases = {
        "Learning World Models for Embodied Manipulation": "Robotics & Embodied AI",
        "Guardrails for Chat Assistants": "AI Safety & Alignment",
        "Generalizable Deepfake Detection": "AI Safety & Alignment",
        "Text-to-SQL with Schema Linking": "Natural Language Processing",
        "Process Reward Models for Math": "LLM",
        "BEV Perception for Autonomous Driving": "Robotics & Embodied AI",
    }
    papers = [paper(title, arxiv_id=str(i)) for i, title in enumerate(cases)]
    got = {p.title: a.category for p, a in zip(papers, classify(papers, taxonomy), strict=True)}
    assert got == cases


def test_a_close_runner_up_is_kept_as_also() -> None:
    taxonomy = default_taxonomy()
    close = classify_one(paper("LLM Agents for Automated Red-Teaming"), taxonomy)
    assert close.also and close.also[0] != close.category
    clear = classify_one(paper("A Graph Neural Network for Link Prediction"), taxonomy)
    assert clear.also == ()


def test_corrections_teach_the_classifier() -> None:
    from daily_ai_insights.core.topics.learned import Example

    taxonomy = default_taxonomy()
    moved = [
        Example(
            f"Clinical Lesion Segmentation in Dermatology Photographs, Study {i}",
            "We segment skin lesions in dermatology photographs of patients in clinics.",
            ("cs.CV",),
            "AI for Science",
        )
        for i in range(6)
    ]
    new = paper(
        "Dermatology Lesion Segmentation for Clinics",
        "Skin lesions of patients are segmented in dermatology photographs.",
        primary="cs.CV",
        categories=("cs.CV",),
    )
    assert classify_one(new, taxonomy).category == "Computer Vision"
    assert classify_one(new, taxonomy, moved).category == "AI for Science"
    unrelated = paper("Open-Vocabulary Object Detection", "Boxes for objects in street scenes.")
    assert classify_one(unrelated, taxonomy, moved).category == "Computer Vision"
