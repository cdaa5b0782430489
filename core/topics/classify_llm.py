"""Classifying papers with an OpenAI-compatible model, falling back to the offline classifier.

Papers go in batches that fit the model's context window (learned from the server as for
briefings), at most :data:`BATCH_SIZE` long. The answer is checked against the taxonomy,
and whatever the model got wrong (an unknown topic, a missing id) or could not answer
(HTTP error, timeout, bad JSON) is classified offline instead. Model labels are cached
per paper and taxonomy version, so a cached paper never costs a request.
"""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Sequence
from contextlib import suppress
from typing import Protocol

from ..briefings.call import DEFAULT_BASE_URL
from ..briefings.client import make_client
from ..briefings.prompts import fence_safe, load_prompt
from ..briefings.server import ServerState, learn_context, state_for
from ..briefings.tokens import MESSAGE_OVERHEAD, estimate_tokens
from ..config import LLMConfig
from ..errors import InsightsError
from ..models import Taxonomy
from ..papers import Assignment, Paper
from ..text import clean_line
from .classify import classify

BATCH_SIZE = 20
ABSTRACT_CHARS = 600  # enough to judge the topic; keeps a batch well inside the budget
# The answer's room: a JSON entry per paper, and some slack.
ANSWER_TOKENS_PER_PAPER = 40
ANSWER_TOKENS_BASE = 100
SAFETY_MARGIN = 64  # what the estimate may miss: the server's chat template
_FENCE = re.compile(r"^\s*```[a-zA-Z]*\s*|\s*```\s*$")
_ID = re.compile(r"^(?:arxiv:)?(.+?)(?:v\d+)?$", re.IGNORECASE)


class LabelCache(Protocol):
    """Where model labels are kept between runs (the Store implements it)."""

    def get_labels(self, taxonomy_version: str, ids: Sequence[str]) -> dict[str, Assignment]:
        """Cached assignments of ``ids`` for this taxonomy version."""
        ...

    def put_labels(self, taxonomy_version: str, assignments: Sequence[Assignment]) -> None:
        """Keep ``assignments`` for this taxonomy version."""
        ...


def _paper_block(paper: Paper) -> str:
    # Marker-like text inside a paper could fake the end of the data block; defuse it.
    abstract = fence_safe(clean_line(paper.abstract))
    if len(abstract) > ABSTRACT_CHARS:
        abstract = abstract[:ABSTRACT_CHARS].rsplit(" ", 1)[0] + " …"
    title = fence_safe(clean_line(paper.title))
    return f"id: {paper.arxiv_id}\ntitle: {title}\nabstract: {abstract}"


def build_prompt(papers: Sequence[Paper], taxonomy: Taxonomy) -> str:
    """The user message for one batch."""
    return _prompt([_paper_block(p) for p in papers], taxonomy)


def _prompt(blocks: Sequence[str], taxonomy: Taxonomy) -> str:
    categories = "\n".join(
        f"- {c.name}: {c.description}" if c.description else f"- {c.name}"
        for c in taxonomy.categories
    )
    return load_prompt("classify").render(
        categories=categories,
        fallback=taxonomy.fallback,
        count=len(blocks),
        papers="\n\n".join(blocks),
    )


def answer_tokens(count: int) -> int:
    """``max_tokens`` of a batch of ``count`` papers."""
    return ANSWER_TOKENS_PER_PAPER * count + ANSWER_TOKENS_BASE


def batches(
    papers: Sequence[Paper], taxonomy: Taxonomy, input_budget: int, context: int | None
) -> list[list[Paper]]:
    """``papers`` in order, in batches of at most :data:`BATCH_SIZE` whose estimated
    prompt stays within ``input_budget`` and, with the answer, within ``context``.

    A paper too long for any batch still goes alone: the server's refusal then sends it
    to the offline classifier like any failed batch.
    """
    fixed = estimate_tokens(_prompt([], taxonomy)) + MESSAGE_OVERHEAD + SAFETY_MARGIN
    out: list[list[Paper]] = []
    batch: list[Paper] = []
    used = fixed
    for paper in papers:
        cost = estimate_tokens(_paper_block(paper)) + 1  # and the blank line between
        size = len(batch) + 1
        fits = used + cost <= input_budget and (
            context is None or used + cost + answer_tokens(size) <= context
        )
        if batch and (size > BATCH_SIZE or not fits):
            out.append(batch)
            batch, used = [], fixed
        batch.append(paper)
        used += cost
    if batch:
        out.append(batch)
    return out


def parse_labels(text: str, taxonomy: Taxonomy, ids: Sequence[str]) -> dict[str, str]:
    """``{id: category}`` from a model answer; unknown topics and ids are left out.

    Lenient: code fences and prose around the JSON object are ignored, names match
    case-insensitively and may keep their emoji, ids may carry a version or ``arXiv:``.
    Raises ValueError when there is no JSON object at all.
    """
    text = _FENCE.sub("", text.strip())
    start, end = text.find("{"), text.rfind("}")
    if start < 0 or end <= start:
        raise ValueError("no JSON object in the answer")
    try:
        data = json.loads(text[start : end + 1])
    except RecursionError:
        raise ValueError("the answer is nested too deeply") from None
    if not isinstance(data, dict):
        raise ValueError("the answer is not a JSON object")
    names = {c.name.casefold(): c.name for c in taxonomy.categories}
    for category in taxonomy.categories:
        names.setdefault(f"{category.emoji} {category.name}".casefold(), category.name)
    wanted = set(ids)
    labels: dict[str, str] = {}
    for key, value in data.items():
        found = _ID.match(str(key).strip())
        arxiv_id = found.group(1) if found else ""
        if arxiv_id not in wanted:
            arxiv_id = str(key).strip()
        if arxiv_id in wanted and isinstance(value, str):
            name = names.get(clean_line(value).casefold())
            if name is not None:
                labels[arxiv_id] = name
    return labels


async def _ask(papers: Sequence[Paper], taxonomy: Taxonomy, llm: LLMConfig) -> str:
    client = make_client(llm)
    try:
        response = await asyncio.wait_for(
            client.chat.completions.create(
                model=llm.model,
                messages=[{"role": "user", "content": build_prompt(papers, taxonomy)}],
                temperature=0,
                max_tokens=min(llm.max_output_tokens, answer_tokens(len(papers))),
            ),
            timeout=llm.first_token_timeout + llm.token_timeout,
        )
    finally:
        await client.close()
    if not response.choices:
        raise ValueError("the answer has no choices")
    return response.choices[0].message.content or ""


def _reason(error: BaseException) -> str:
    text = clean_line(str(error))[:120]
    return text or type(error).__name__


async def _classify_batch(
    papers: Sequence[Paper], taxonomy: Taxonomy, llm: LLMConfig, problems: list[str]
) -> list[Assignment]:
    offline = classify(papers, taxonomy)
    try:
        text = await _ask(papers, taxonomy, llm)
        labels = parse_labels(text, taxonomy, [p.arxiv_id for p in papers])
    except Exception as error:  # any failure of this batch (HTTP, timeout, bad JSON)
        problems.append(_reason(error))
        return offline
    if not labels:
        problems.append("the answer named none of the papers with a known topic")
    return [
        Assignment(paper.arxiv_id, labels[paper.arxiv_id], 1.0, (f"model: {llm.model}",), "llm")
        if paper.arxiv_id in labels
        else fallback
        for paper, fallback in zip(papers, offline, strict=True)
    ]


async def _server(llm: LLMConfig) -> ServerState:
    """What is known of the model's server, its context window learned first."""
    state = state_for(llm.base_url or DEFAULT_BASE_URL, llm.model)
    await learn_context(state, llm.base_url, llm.api_key, llm.model)
    return state


async def classify_with_llm(
    papers: Sequence[Paper],
    taxonomy: Taxonomy,
    llm: LLMConfig,
    store: LabelCache | None,
    notices: list[str] | None = None,
) -> list[Assignment]:
    """Classify ``papers`` with the model (cached labels first), offline where it fails.

    When some batches could not be used, one line saying so (and why) goes to ``notices``.
    """
    ids = [p.arxiv_id for p in papers]
    cached: dict[str, Assignment] = {}
    if store is not None and ids:
        try:
            cached = store.get_labels(taxonomy.version, ids)
        except InsightsError:
            cached = {}
    names = {c.name for c in taxonomy.categories}
    cached = {k: a for k, a in cached.items() if a.category in names}
    todo = [p for p in papers if p.arxiv_id not in cached]
    # Without a key no request can be made (the batches fall back offline, saying why).
    state = await _server(llm) if todo and llm.api_key else ServerState()
    work = batches(todo, taxonomy, llm.input_budget_tokens, state.context)
    limit = asyncio.Semaphore(1 if state.serial else max(1, llm.max_concurrency))

    problems: list[str] = []

    async def run(batch: list[Paper]) -> list[Assignment]:
        async with limit:
            return await _classify_batch(batch, taxonomy, llm, problems)

    results = await asyncio.gather(*(run(batch) for batch in work))
    if problems and notices is not None:
        notices.append(
            f"[llm] classify: {len(problems)} of {len(work)} batches of papers were sorted"
            f" offline: the model's answer could not be used ({problems[0]}); set [llm]"
            " classify = false to skip the wait"
        )
    fresh = {a.arxiv_id: a for batch in results for a in batch}
    learned = [a for a in fresh.values() if a.method == "llm"]
    if store is not None and learned:
        # A cache that cannot be written only costs a request next time.
        with suppress(InsightsError):
            store.put_labels(taxonomy.version, learned)
    return [cached.get(i) or fresh[i] for i in ids]
