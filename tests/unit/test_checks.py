"""The briefing checker: parts, citations, coverage and language, on any text."""

from __future__ import annotations

import pytest

from daily_ai_insights.core.briefings.checks import (
    Checks,
    check_briefing,
    check_line,
    citation_numbers,
)
from daily_ai_insights.core.briefings.citations import annotate

CLEAN = (
    "**1. 주제 및 테마**\n   - 'A': 언어 모델의 추론을 다룸 [1]\n   - 'B': 평가 방법 [2, 3]\n\n"
    "**2. 공통 키워드·트렌드·패턴**\n   - 추론, 평가\n\n"
    "**3. 주요 이벤트 및 중요 정보**\n   - 정확도가 17.1% 향상됨 [1]\n"
    "   - 비용이 절반으로 줄어듦 [3]\n\n"
    "**4. 다양한 부문에 미치는 영향**\n   - 교육과 의료에 영향 [2]\n\n"
    "**5. 결론 및 향후 주목할 발전**\n   - 더 작은 모델이 주목받을 전망\n"
)


def test_a_clean_briefing_passes() -> None:
    checks = check_briefing(CLEAN, 3, "ko")
    assert checks == Checks((), 0, (), 3, 3, True, False, claims=4)
    assert checks.ok and not checks.needs_repair
    assert check_line(checks, "ko") == "✓ 5개 부분 · 4개 주장에 출처 · 3/3 논문 · 한국어"
    assert check_line(checks, "en") == "✓ 5 parts · 4 claims cited · 3/3 papers · English"


def test_each_fault_is_found() -> None:
    dropped = CLEAN.replace("향상됨 [1]", "향상됨")
    assert check_briefing(dropped, 3, "ko").uncited_claims == 1
    wrong = CLEAN.replace("[3]\n", "[12]\n")
    checks = check_briefing(wrong, 3, "ko")
    assert checks.unknown_citations == (12,) and checks.papers_cited == 3
    assert "[12] is not one of these 3 papers" in check_line(checks, "en")
    no_part = CLEAN.replace("**4. 다양한 부문에 미치는 영향**\n   - 교육과 의료에 영향 [2]\n\n", "")
    assert check_briefing(no_part, 3, "ko").parts_missing == (4,)
    english = (
        CLEAN.replace("언어 모델의 추론을 다룸", "covers reasoning in language models")
        .replace("평가 방법", "an evaluation method for agents")
        .replace("정확도가 17.1% 향상됨", "accuracy improves by 17.1 points on math")
        .replace("비용이 절반으로 줄어듦", "the cost of inference is halved")
        .replace("교육과 의료에 영향", "matters for education and medicine")
        .replace("더 작은 모델이 주목받을 전망", "smaller models are worth watching")
        .replace("추론, 평가", "reasoning, evaluation")
    )
    checks = check_briefing(english, 3, "ko")
    assert not checks.language_ok and checks.needs_repair
    assert check_briefing(english, 3, "en").parts_missing == (1, 2, 3, 4, 5)


def test_titles_code_and_citations_do_not_count_as_english() -> None:
    heavy = CLEAN.replace(
        "'A': 언어 모델의",
        "'A Very Long English Title About Reasoning Models': `code_here()` 언어 모델의",
    )
    assert check_briefing(heavy, 3, "ko").language_ok


@pytest.mark.parametrize(
    "citation",
    ["[0]", "[-1]", "[1e9]", "[2-5]", "[abc]", "[[1]]", "[1, [2]]", "[99999999999999]", "[]"],
)
def test_odd_citations_give_an_answer(citation: str) -> None:
    text = CLEAN.replace("향상됨 [1]", f"향상됨 {citation}")
    checks = check_briefing(text, 3, "ko")
    assert isinstance(checks, Checks)
    assert isinstance(check_line(checks, "ko"), str)
    annotate(text, "ko", 3, lambda n: f"https://arxiv.org/abs/{n}")


def test_odd_citations_are_read_as_they_say() -> None:
    assert citation_numbers("2-5") == [2, 3, 4, 5]
    assert citation_numbers("-1") == [-1]
    assert citation_numbers("0") == [0]
    assert citation_numbers("1-1000000") == [1, 1000000]  # too wide to expand
    assert check_briefing(CLEAN.replace("[1]\n", "[0]\n"), 3, "ko").unknown_citations == (0,)
    assert check_briefing(CLEAN.replace("[1]\n", "[-1]\n"), 3, "ko").unknown_citations == (-1,)
    assert check_briefing(CLEAN.replace("[1]\n", "[2-5]\n"), 3, "ko").unknown_citations == (4, 5)
    # [1e9] and [abc] are not citations: the claim counts as uncited.
    assert check_briefing(CLEAN.replace("향상됨 [1]", "향상됨 [1e9]"), 3, "ko").uncited_claims == 1
    assert check_briefing(CLEAN.replace("향상됨 [1]", "향상됨 [abc]"), 3, "ko").uncited_claims == 1


@pytest.mark.parametrize("text", ["", "[1] [2] [3]", "[1]\n" * 500, "\x00[", "1." * 1000])
def test_degenerate_briefings_give_an_answer(text: str) -> None:
    checks = check_briefing(text, 3, "ko")
    assert checks.parts_missing == (1, 2, 3, 4, 5) and not checks.ok
    assert check_line(checks, "ko").startswith("⚠")


def test_annotate_links_known_numbers_and_marks_the_rest() -> None:
    text = CLEAN.replace("향상됨 [1]", "향상됨").replace("[3]\n", "[3, 9]\n")
    shown = annotate(text, "ko", 3, lambda n: f"https://arxiv.org/abs/000{n}")
    assert "[\\[1\\]](https://arxiv.org/abs/0001)" in shown
    assert "[\\[2\\]](https://arxiv.org/abs/0002), [\\[3\\]](https://arxiv.org/abs/0003)" in shown
    assert "[9]⚠" in shown and "[9](" not in shown
    assert "17.1% 향상됨 ⚠" in shown  # the uncited claim
    assert "추론, 평가 ⚠" not in shown  # part 2 needs no citation


def test_checks_round_trip_and_export_exactly_the_documented_fields() -> None:
    checks = check_briefing(CLEAN, 3, "ko", retried=True)
    assert set(checks.to_dict()) == {
        "parts_missing",
        "uncited_claims",
        "unknown_citations",
        "papers_cited",
        "papers",
        "language_ok",
        "retried",
    }
    assert Checks.from_dict(checks.to_store()) == checks
    assert Checks.from_dict({"parts_missing": "x"}) is None
    assert Checks.from_dict(None) is None
