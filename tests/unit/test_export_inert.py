"""Paper text never becomes a link or an image in an export: only the app's own links do."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from markdown_it import MarkdownIt
from markdown_it.token import Token

from daily_ai_insights.core.briefings.service import BriefingDone, BriefingService
from daily_ai_insights.core.config import LLMConfig
from daily_ai_insights.core.export.document import render_markdown
from daily_ai_insights.core.models import Category, CategoryGroup, Digest
from tests.e2e.test_briefing_llm import MemoryCache
from tests.support.papers import make_paper

DAY = dt.date(2024, 11, 15)
HOSTILE = (
    "We show ![x](http://169.254.169.254/x.png) results. "
    "Our method beats [the baseline](http://evil.example/b) by 12 points. "
    "Code at <http://evil.example/auto> and <img src='http://evil.example/i.png'>. "
    "In the future we will see [ref]: http://evil.example/ref and ![y][ref] improve."
)


def walk(tokens: list[Token]) -> Iterator[Token]:
    for token in tokens:
        yield token
        yield from walk(token.children or [])


async def test_hostile_abstracts_reach_the_export_inert() -> None:
    papers = tuple(
        make_paper(
            f"2411.0000{i}", title=f"![t](http://evil.example/t{i}.png) T{i}", abstract=HOSTILE
        )
        for i in range(1, 4)
    )
    group = CategoryGroup(Category("LLM", "🐱"), papers)
    digest = Digest(DAY, ("hf",), (group,))
    service = BriefingService(LLMConfig(summarizer="offline"), MemoryCache())
    events = [e async for e in service.stream(DAY, group, "ko")]
    done = events[-1]
    assert isinstance(done, BriefingDone)
    text = render_markdown(digest, {"LLM": done.briefing}, image_name="paper_2024-11-15.svg")
    tokens = list(walk(MarkdownIt("commonmark").parse(text)))
    images = [t.attrGet("src") for t in tokens if t.type == "image"]
    links = [t.attrGet("href") for t in tokens if t.type == "link_open"]
    assert images == ["paper_2024-11-15.svg"]  # the chart only
    assert links and all(str(h).startswith("https://arxiv.org/abs/") for h in links), links
    assert not [t for t in tokens if t.type in ("html_inline", "html_block")]
    assert "evil.example" in text  # kept as text, not dropped
