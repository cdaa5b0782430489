"""Every file of ../shared/corpus parses into the right papers (skipped without it)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from daily_ai_insights.core.errors import SourceError
from daily_ai_insights.core.sources.arxiv_api import parse_arxiv_atom
from daily_ai_insights.core.sources.arxiv_rss import parse_arxiv_rss
from daily_ai_insights.core.sources.feed import parse_feed
from daily_ai_insights.core.sources.hf import parse_hf
from daily_ai_insights.core.sources.listing import parse_listing_jsonl

pytestmark = pytest.mark.corpus


@pytest.mark.parametrize(
    ("name", "count"),
    [
        ("2024-11-13", 7),
        ("2024-11-14", 7),
        ("2024-11-15", 7),
        ("2024-11-18", 6),
        ("2024-11-19", 16),
        ("2026-06-12", 30),
        ("2026-08-21", 17),
    ],
)
def test_hf_counts_and_days(corpus: Path, name: str, count: int) -> None:
    data = (corpus / f"hf-daily-papers/hf-daily-papers-{name}.json").read_bytes()
    papers = parse_hf(data, None)
    assert len(papers) == count
    # Without an asked day, the listing's own date is the announcement day.
    assert {p.announced for p in papers} == {dt.date.fromisoformat(name)}
    assert all(p.sources == ("hf",) and p.version == 1 and p.categories == () for p in papers)


def test_hf_2024_fields(corpus: Path) -> None:
    day = dt.date(2024, 11, 15)
    papers = parse_hf(
        (corpus / "hf-daily-papers/hf-daily-papers-2024-11-15.json").read_bytes(), day
    )
    assert [p.arxiv_id for p in papers] == [
        "2411.09703",
        "2411.09595",
        "2411.09009",
        "2411.06469",
        "2411.06490",
        "2411.08768",
        "2411.08954",
    ]
    magic = papers[0]
    assert magic.title == "MagicQuill: An Intelligent Interactive Image Editing System"
    assert magic.authors[:3] == ("Zichen Liu", "Yue Yu", "Hao Ouyang")
    assert magic.upvotes == 26
    assert magic.abs_url == "https://arxiv.org/abs/2411.09703"
    assert magic.pdf_url == "https://arxiv.org/pdf/2411.09703"
    assert magic.announced == day
    assert all("\n" not in p.title and "  " not in p.title for p in papers)
    assert all(len(p.abstract) > 200 for p in papers)


def test_hf_hard_wrapped_titles_are_folded(corpus: Path) -> None:
    path = corpus / "hf-daily-papers/hf-daily-papers-2024-11-19.json"
    raw = json.loads(path.read_text())
    assert any("\n" in item["paper"]["title"] for item in raw)  # the quirk is really there
    papers = parse_hf(path.read_bytes(), None)
    assert all("\n" not in p.title for p in papers)
    assert any("Top-$nσ$" in p.title for p in papers)  # LaTeX and Greek kept
    assert any("LLäMmlein" in p.title for p in papers)


def test_hf_hidden_author_still_counts(corpus: Path) -> None:
    path = corpus / "hf-daily-papers/hf-daily-papers-2024-11-18.json"
    raw = json.loads(path.read_text())
    hidden = [
        (item["paper"]["id"], author["name"])
        for item in raw
        for author in item["paper"]["authors"]
        if author.get("hidden")
    ]
    assert len(hidden) == 1
    papers = {p.arxiv_id: p for p in parse_hf(path.read_bytes(), None)}
    paper_id, name = hidden[0]
    assert name in papers[paper_id].authors
    assert len(papers[paper_id].authors) == len(
        next(i for i in raw if i["paper"]["id"] == paper_id)["paper"]["authors"]
    )


def test_hf_2026_schema(corpus: Path) -> None:
    papers = parse_hf(
        (corpus / "hf-daily-papers/hf-daily-papers-2026-08-21.json").read_bytes(), None
    )
    first = papers[0]
    assert first.arxiv_id == "2608.19880"
    assert first.title == "EnvHarness: Awakening Static Worlds for Agent Learning"
    assert first.upvotes == 163
    assert len(first.authors) == 17


@pytest.mark.parametrize("cat", ["cs.AI", "cs.CL", "cs.LG"])
def test_rss_trimmed_feeds(corpus: Path, cat: str) -> None:
    data = (corpus / f"arxiv-rss/arxiv-rss2-2026-04-27-{cat}-trimmed-3-items.xml").read_bytes()
    day, papers = parse_arxiv_rss(data)
    assert day == dt.date(2026, 4, 27)
    assert len(papers) == 3
    assert all(p.announced == day and p.announce_type == "new" for p in papers)
    assert all(
        not p.abstract.startswith("arXiv:") and "Announce Type" not in p.abstract for p in papers
    )
    assert all(len(p.authors) >= 1 and p.primary_category for p in papers)


def test_rss_full_author_lists_and_mononyms(corpus: Path) -> None:
    data = (corpus / "arxiv-rss/arxiv-rss2-2026-04-27-cs.CL-trimmed-3-items.xml").read_bytes()
    _, papers = parse_arxiv_rss(data)
    assert papers[0].arxiv_id == "2604.22002"
    assert papers[0].authors == (
        "Anamta Khan",
        "Ratna Kandala",
        "Deepti",
        "Sheza Munir",
        "Joyojeet Pal",
    )


def test_rss_latex_kept(corpus: Path) -> None:
    data = (corpus / "arxiv-rss/arxiv-rss2-2026-04-27-cs.AI-trimmed-3-items.xml").read_bytes()
    _, papers = parse_arxiv_rss(data)
    assert any("\\textbf{" in p.abstract for p in papers)


def test_rss_combined_feed_types(corpus: Path) -> None:
    name = "arxiv-rss2-2026-09-24-cs.LG+cs.AI+cs.CL+stat.ML-trimmed-4-items.xml"
    data = (corpus / "arxiv-rss" / name).read_bytes()
    day, papers = parse_arxiv_rss(data)
    assert day == dt.date(2026, 9, 24)
    assert [(p.arxiv_id, p.announce_type, p.version) for p in papers] == [
        ("2609.26811", "new", 1),
        ("2609.26820", "new", 1),
        ("2205.06398", "cross", 2),
    ]
    assert papers[2].categories == ("stat.ME", "stat.AP", "stat.ML")
    assert papers[2].primary_category == "stat.ME"
    assert papers[1].authors == ("Naser Mansour", "Sidahmed Benabderrahmane", "Ameer Rahwan")
    _, everything = parse_arxiv_rss(data, include_replacements=True)
    assert len(everything) == 4
    assert everything[3].announce_type == "replace" and everything[3].version == 3


@pytest.mark.parametrize(
    ("name", "count", "total"),
    [
        ("arxiv-api-atom-2016-id_list-1111.2011v2.xml", 1, 1),
        ("arxiv-api-atom-2016-search-au_del_maestro.xml", 10, 31),
        ("arxiv-api-atom-2016-search-au_del_maestro-AND-ti_checkerboard.xml", 1, 1),
        ("arxiv-api-atom-2016-search-au_del_maestro-AND-ti_quantum_criticality.xml", 2, 2),
        ("arxiv-api-atom-2016-search-au_del_maestro-ANDNOT-checkerboard-OR-pyrochlore.xml", 10, 24),
        ("arxiv-api-atom-2026-search-all_testing-100-entries.xml", 100, 214881),
        ("arxiv-api-atom-2026-empty-id_list-0000.0000.xml", 0, 0),
        ("arxiv-api-atom-2026-empty-id_list-0808.05394.xml", 0, 0),
        ("arxiv-api-atom-2026-id_list-astro-ph_0601001-affiliations.xml", 1, 1),
        ("arxiv-api-atom-2026-search-transformer-AND-cat_cs.LG-5-entries.xml", 5, 28946),
    ],
)
def test_api_counts(corpus: Path, name: str, count: int, total: int) -> None:
    papers, found = parse_arxiv_atom(
        (corpus / "arxiv-api" / name).read_bytes(), dt.date(2026, 4, 13)
    )
    assert (len(papers), found) == (count, total)
    assert all(p.title and "\n" not in p.title and p.authors and p.primary_category for p in papers)


def test_api_2016_fields(corpus: Path) -> None:
    data = (corpus / "arxiv-api/arxiv-api-atom-2016-id_list-1111.2011v2.xml").read_bytes()
    (paper,), _ = parse_arxiv_atom(data, None)
    assert (paper.arxiv_id, paper.version) == ("1111.2011", 2)
    assert paper.title == (
        "Quantum Criticality for Extended Nodes on a Bethe Lattice in the Large Connectivity Limit"
    )
    assert paper.authors == ("James M. Murray", "Adrian Del Maestro", "Zlatko Tesanovic")
    assert paper.comment == "8 pages, 3 figures. Published version"
    assert paper.primary_category == "cond-mat.str-el"
    assert paper.announced == dt.date(2011, 11, 8)  # no day given: the published date
    assert paper.abstract.startswith("Theoretical description of anisotropic systems, such")


def test_api_old_style_id(corpus: Path) -> None:
    data = (
        corpus / "arxiv-api/arxiv-api-atom-2026-id_list-astro-ph_0601001-affiliations.xml"
    ).read_bytes()
    (paper,), _ = parse_arxiv_atom(data, None)
    assert (paper.arxiv_id, paper.version) == ("astro-ph/0601001", 1)
    assert len(paper.authors) == 4
    assert paper.abs_url == "https://arxiv.org/abs/astro-ph/0601001"


def test_api_2026_versions_comments_latex(corpus: Path) -> None:
    data = (
        corpus / "arxiv-api/arxiv-api-atom-2026-search-all_testing-100-entries.xml"
    ).read_bytes()
    papers, _ = parse_arxiv_atom(data, None)
    assert papers[0].versioned_id == "2202.12139v1"
    assert papers[0].comment.startswith("Artificial Intelligence in Software Testing 2022")
    assert papers[0].categories == ("cs.SE", "cs.LG")
    assert sum(1 for p in papers if p.comment) == 97
    assert max(p.version for p in papers) == 9
    assert any("$" in p.abstract for p in papers)


def test_api_error_entry(corpus: Path) -> None:
    data = (corpus / "arxiv-api/arxiv-api-atom-2026-error-http400-id_list-abc.xml").read_bytes()
    with pytest.raises(
        SourceError, match=r"^arXiv rejected the query: incorrect id format for abc$"
    ):
        parse_arxiv_atom(data, None)


def _recorded(corpus: Path, stem: str) -> tuple[int, bytes]:
    (path,) = (corpus / "arxiv-api/recorded-2026").glob(f"{stem}_*.json")
    wrapper = json.loads(path.read_text(encoding="utf-8"))
    return wrapper["status_code"], wrapper["body"].encode("latin-1")


@pytest.mark.parametrize(
    ("stem", "count"),
    [
        ("id_0000.0000_s0_m100", 0),
        ("id_0808.05394_s0_m100", 0),
        ("id_0808.05394_1707.08567_s0_m100", 1),
        ("id_1605.08386_s0_m100", 1),
        ("id_2104.12255v1_s0_m100", 1),
        ("id_astro-ph_0601001_s0_m100", 1),
        ("id_quant-ph_0201082v1_s0_m100", 1),
        ("q_testing_s0_m100", 100),
        ("q_testing_s0_m10", 10),
        ("q_testing_s10_m10", 10),
    ],
)
def test_recorded_bodies(corpus: Path, stem: str, count: int) -> None:
    status, body = _recorded(corpus, stem)
    assert status == 200
    papers, _ = parse_arxiv_atom(body, None)
    assert len(papers) == count


def test_recorded_latin1_wrapper_gives_utf8_names(corpus: Path) -> None:
    _, body = _recorded(corpus, "q_testing_s0_m100")
    papers, _ = parse_arxiv_atom(body, None)
    names = [a for p in papers for a in p.authors]
    assert "Aurora Ramírez" in names
    assert not any("Ã" in name for name in names)


def test_recorded_error(corpus: Path) -> None:
    status, body = _recorded(corpus, "id_abc_s0_m100")
    assert status == 400
    with pytest.raises(SourceError, match="incorrect id format for abc"):
        parse_arxiv_atom(body, None)


@pytest.mark.parametrize(
    ("day", "records", "unique"),
    [
        ("2026-06-01", 385, 293),
        ("2026-06-02", 935, 715),
        ("2026-06-03", 405, 320),
        ("2026-06-04", 313, 240),
        ("2026-06-05", 437, 337),
        ("2026-06-06", 446, 345),
        ("2026-06-07", 446, 345),
    ],
)
def test_listing_counts(corpus: Path, day: str, records: int, unique: int) -> None:
    data = (corpus / f"listings/daily-arxiv-ai-enhanced/{day}.jsonl").read_bytes()
    assert len(data.splitlines()) == records
    papers = parse_listing_jsonl(data, dt.date.fromisoformat(day))
    assert len(papers) == unique
    assert len({p.arxiv_id for p in papers}) == unique
    assert all(p.title and p.abstract and p.authors and p.categories for p in papers)


def test_listing_enhanced_variant(corpus: Path) -> None:
    path = corpus / "listings/daily-arxiv-ai-enhanced/2026-06-04_AI_enhanced_Chinese.jsonl"
    assert len(parse_listing_jsonl(path.read_bytes(), dt.date(2026, 6, 4))) == 240


@pytest.mark.parametrize("cat", ["cs.AI", "cs.CL", "cs.LG"])
def test_any_feed_reads_arxiv_rss(corpus: Path, cat: str) -> None:
    data = (corpus / f"arxiv-rss/arxiv-rss2-2026-04-27-{cat}-trimmed-3-items.xml").read_bytes()
    _, expected = parse_arxiv_rss(data)
    papers = parse_feed(data, "https://rss.arxiv.org/rss/" + cat)
    assert [p.arxiv_id for p in papers] == [p.arxiv_id for p in expected]
    assert [p.authors for p in papers] == [p.authors for p in expected]
    assert all(p.announced == dt.date(2026, 4, 27) for p in papers)
    assert all("Announce Type" not in p.abstract for p in papers)
