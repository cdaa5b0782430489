"""Checked briefings end to end: ``insights export`` against a loopback model server that
answers a clean cited briefing, one citing [99], one in English and one missing part 4."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.e2e.test_cli import run_insights
from tests.support.fake_openai import fake_openai_server

CLEAN = (
    "**1. 주제 및 테마**\n"
    "   - 세계 탐색과 비디오 생성 연구가 함께 등장함 [1, 2]\n"
    "   - 가상 피팅과 비디오 편집 연구 [3, 4, 5]\n\n"
    "**2. 공통 키워드·트렌드·패턴**\n   - 비디오, 일관성, 제어 가능성 [2, 5]\n\n"
    "**3. 주요 이벤트 및 중요 정보**\n"
    "   - 가상 피팅 모델이 5초 안에 이미지를 만듦 [3]\n"
    "   - 가우시안 스플랫으로 비디오를 편집함 [4]\n\n"
    "**4. 다양한 부문에 미치는 영향**\n   - 영상 제작과 전자상거래에 영향 [3]\n\n"
    "**5. 결론 및 향후 주목할 발전**\n   - 생성 모델의 제어가 더 세밀해질 전망\n"
)
UNKNOWN = CLEAN.replace("[4]\n", "[99]\n")
ENGLISH = (
    "**1. Themes**\n   - World exploration and video generation [1, 2]\n"
    "   - Virtual try-on and video editing [3, 4, 5]\n\n"
    "**2. Shared keywords, trends and patterns**\n   - Video, consistency, control [2, 5]\n\n"
    "**3. Key events and findings**\n   - A try-on model renders an image in five seconds [3]\n\n"
    "**4. Impact across sectors**\n   - Film production and e-commerce [3]\n\n"
    "**5. Conclusion and what to watch**\n   - Finer control of generative models\n"
)
NO_PART_4 = CLEAN.replace(
    "**4. 다양한 부문에 미치는 영향**\n   - 영상 제작과 전자상거래에 영향 [3]\n\n", ""
)


def expected(**changes: object) -> dict[str, object]:
    checks: dict[str, object] = {
        "parts_missing": [],
        "uncited_claims": 0,
        "unknown_citations": [],
        "papers_cited": 5,
        "papers": 5,
        "language_ok": True,
        "retried": False,
    }
    checks.update(changes)
    return checks


CASES = {
    "clean": (CLEAN, 1, expected()),
    "unknown": (UNKNOWN, 1, expected(unknown_citations=[99])),
    "english": (
        ENGLISH,
        2,
        expected(parts_missing=[1, 2, 3, 4, 5], language_ok=False, retried=True),
    ),
    "no_part_4": (NO_PART_4, 2, expected(parts_missing=[4], retried=True)),
}


@pytest.mark.parametrize("case", list(CASES))
def test_export_shows_each_briefings_checks(home: Path, tmp_path: Path, case: str) -> None:
    text, requests_per_category, checks = CASES[case]
    assert run_insights(home, "--offline", "fetch", "--source", "sample").returncode == 0
    with fake_openai_server() as model:
        model.text = text
        env = {
            "OPENAI_BASE_URL": model.base_url,
            "OPENAI_API_KEY": "sk-test",
            "INSIGHTS_MODEL": "fake-model",
        }
        done = run_insights(home, "export", "--format", "json", env=env)
        assert done.returncode == 0, done.stderr
        data = json.loads(done.stdout)
        categories = data["categories"]
        # Exactly one request per category, or two when the corrective retry was asked.
        assert len(model.bodies) == requests_per_category * len(categories)
        llm = next(c for c in categories if c["name"] == "LLM")
        assert llm["count"] == 5
        assert llm["summary"]["checks"] == checks
        if requests_per_category == 2:
            assert "asking once more" in done.stderr
            corrective = model.bodies[-1]["messages"][-1]["content"]
            assert "앞선 답변에 문제가 있었습니다" in corrective
        # The retry is never asked twice, not even by a new run: the result is cached.
        again = run_insights(home, "export", "--format", "json", env=env)
        assert again.returncode == 0
        assert len(model.bodies) == requests_per_category * len(categories)

        markdown = run_insights(home, "export", "--category", "LLM", env=env).stdout
    papers = llm["papers"]
    first = f"[\\[1\\]](https://arxiv.org/abs/{papers[0]['id']})"
    assert first in markdown
    assert "[99](" not in markdown
    if case == "unknown":
        assert "[99]⚠" in markdown  # marked where it stands
        check = markdown.split("_검사: ")[1].split("\n")[0]
        assert check == "⚠ \\[99\\]: 이 5편에 없는 번호_"  # escaped: text, never a link
    # The source list keeps the reference form, in citation order.
    sources = markdown.split("**출처:**")[1].strip("\n").splitlines()
    assert sources[0] == f" - {papers[0]['title']} (https://arxiv.org/abs/{papers[0]['id']})"
