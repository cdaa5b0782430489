"""The five parts: headings per language, and checking which a text has."""

from __future__ import annotations

from daily_ai_insights.core.briefings.parts import (
    heading,
    heading_line,
    missing_parts,
    present_parts,
)
from tests.support.fake_openai import BRIEFING_KO

REFERENCE = """요약 보고서:

1. 주제 및 테마 추출:
   - 'L-C4': 비디오 컬러화.

2. 공통 키워드, 트렌드 및 패턴 식별:
   - 공통 키워드: 언어 모델.

3. 주요 이벤트 및 중요한 정보 요약:
   - 'L-C4' 논문에서는 ...

4. 이러한 이벤트의 다양한 부문에 미치는 영향 분석:
   - L-C4는 ...

5. 결론 및 향후 주목할 만한 발전:
   - 결론적으로 ...
"""


def test_headings_in_both_languages() -> None:
    assert heading(1, "ko") == "주제 및 테마"
    assert heading(5, "en") == "Conclusion and what to watch"
    assert heading_line(2, "ko") == "**2. 공통 키워드·트렌드·패턴**"
    assert heading(3, "fr") == heading(3, "ko")  # unknown language falls back to Korean


def test_reference_digest_and_bold_variants_are_complete() -> None:
    assert missing_parts(REFERENCE) == ()
    assert missing_parts(BRIEFING_KO) == ()
    titles = [heading(n, "en") for n in range(1, 6)]
    variants = "\n".join(
        (f"### {n}) {t}" if n % 2 else f"__{n}. {t}__") + "\n   - text"
        for n, t in enumerate(titles, start=1)
    )
    assert missing_parts(variants, "en") == ()
    # Headings in the other language, or numbered lines of anything, are not the parts.
    assert missing_parts(variants, "ko") == (1, 2, 3, 4, 5)
    garbled = BRIEFING_KO.replace("3. 주요 이벤트 및 중요 정보", "3. 주요 이벤트 미치지 하니")
    assert missing_parts(garbled) == (3,)


def test_missing_and_out_of_order_parts() -> None:
    text = "1. Themes\n   - a\n2. Shared keywords\n   - b\n4. Impact\n   - c\n"
    assert present_parts(text, "en") == (1, 2, 4)
    assert missing_parts(text, "en") == (3, 5)
    # A part may be skipped, never revisited: after part 4, a "2." heading is text.
    text += "2. Shared keywords\n   - d\n"
    assert missing_parts(text, "en") == (3, 5)
    assert missing_parts("") == (1, 2, 3, 4, 5)


def test_bullets_and_nested_lists_are_not_headings() -> None:
    text = "1. Themes\n   - 2. not a heading\n   1. nested\n2. Shared trends\n   - b\n"
    assert present_parts(text, "en") == (1, 2)


def test_a_heading_without_content_is_missing() -> None:
    text = "1. Themes\n   - a\n2. Shared trends\n\n3. Key findings\n   - c\n"
    assert missing_parts(text, "en") == (2, 4, 5)
