"""The parse functions on small hand-written inputs (no corpus needed)."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from daily_ai_insights.core.errors import SourceError
from daily_ai_insights.core.sources.arxiv_api import parse_arxiv_atom
from daily_ai_insights.core.sources.arxiv_rss import parse_arxiv_rss, split_creators
from daily_ai_insights.core.sources.base import arxiv_id_from_url, split_arxiv_id
from daily_ai_insights.core.sources.feed import feed_id, parse_feed
from daily_ai_insights.core.sources.hf import parse_hf
from daily_ai_insights.core.sources.listing import day_from_url, parse_listing_jsonl

DAY = dt.date(2024, 11, 15)

RSS = b"""<?xml version='1.0' encoding='UTF-8'?>
<rss xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns:dc="http://purl.org/dc/elements/1.1/"
  version="2.0"><channel><title>t</title>
<pubDate>Fri, 15 Nov 2024 00:00:00 -0500</pubDate>
<item><title>A  \xe2\x80\xaered title</title><link>https://arxiv.org/abs/2411.00001</link>
<description>arXiv:2411.00001v2 Announce Type: new
Abstract: First &amp; best.</description>
<guid isPermaLink="false">oai:arXiv.org:2411.00001v2</guid>
<category>cs.AI</category><category>cs.LG</category>
<arxiv:announce_type>new</arxiv:announce_type><dc:creator>Ann One, Bo,  Cy Three</dc:creator>
</item>
<item><title>Replaced</title><link>https://arxiv.org/abs/2401.00002</link>
<description>arXiv:2401.00002v4 Announce Type: replace-cross
Abstract: Old.</description><category>cs.CL</category>
<arxiv:announce_type>replace-cross</arxiv:announce_type><dc:creator>Dee</dc:creator>
</item></channel></rss>"""


def test_split_arxiv_id() -> None:
    assert split_arxiv_id("2411.09703v12") == ("2411.09703", 12)
    assert split_arxiv_id("2411.09703") == ("2411.09703", 1)
    assert split_arxiv_id("oai:arXiv.org:2205.06398v2") == ("2205.06398", 2)
    assert split_arxiv_id("astro-ph/0601001v1") == ("astro-ph/0601001", 1)
    assert split_arxiv_id("math.GT/0309136") == ("math.GT/0309136", 1)
    assert split_arxiv_id("abc") is None
    assert split_arxiv_id("2411.09703v1; rm -rf") is None


def test_arxiv_id_from_url() -> None:
    assert arxiv_id_from_url("https://arxiv.org/abs/2411.09703v3") == ("2411.09703", 3)
    assert arxiv_id_from_url("http://arxiv.org/pdf/2411.09703.pdf") == ("2411.09703", None)
    assert arxiv_id_from_url("https://arxiv.org/abs/cond-mat/0603029") == ("cond-mat/0603029", None)
    assert arxiv_id_from_url("https://example.org/abs/2411.09703") is None


def test_rss_small_feed() -> None:
    day, papers = parse_arxiv_rss(RSS)
    assert day == DAY
    (paper,) = papers
    assert (paper.arxiv_id, paper.version) == ("2411.00001", 2)
    assert paper.title == "A red title"  # bidi override stripped, spaces folded
    assert paper.abstract == "First & best."
    assert paper.authors == ("Ann One", "Bo", "Cy Three")
    assert paper.categories == ("cs.AI", "cs.LG") and paper.primary_category == "cs.AI"
    _, both = parse_arxiv_rss(RSS, include_replacements=True)
    assert [p.announce_type for p in both] == ["new", "replace-cross"]
    assert both[1].version == 4


def test_split_creators() -> None:
    assert split_creators("A B,  C, , D E") == ("A B", "C", "D E")
    assert split_creators("") == ()


def test_malformed_xml_is_one_line() -> None:
    with pytest.raises(SourceError) as caught:
        parse_arxiv_rss(b"<rss>\n<channel>\n<item><</item>")
    assert (
        str(caught.value)
        == "malformed XML from arXiv RSS: not well-formed (invalid token) (line 3)"
    )


def test_empty_and_wrong_documents() -> None:
    with pytest.raises(SourceError, match="arXiv RSS sent an empty answer"):
        parse_arxiv_rss(b"  ")
    with pytest.raises(SourceError, match="not an RSS feed"):
        parse_arxiv_rss(b"<html><body>maintenance</body></html>")
    with pytest.raises(SourceError, match="not an Atom feed"):
        parse_arxiv_atom(b"<html/>", DAY)


def test_entity_bomb_is_refused() -> None:
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa">'
        + b"".join(
            f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">'.encode() for i in range(8)
        )
        + b"]><rss><channel><title>&i;</title></channel></rss>"
    )
    with pytest.raises(SourceError, match="malformed XML"):
        parse_arxiv_rss(bomb)


ATOM_ENTRY = """<entry><id>http://arxiv.org/abs/{id}</id><title>T{n}</title>
<briefing>S</briefing><author><name>A</name></author>
<arxiv:primary_category term="cs.AI"/><category term="cs.AI"/></entry>"""


def atom(ids: list[str], total: int) -> bytes:
    entries = "".join(ATOM_ENTRY.format(id=i, n=n) for n, i in enumerate(ids))
    return (
        '<feed xmlns="http://www.w3.org/2005/Atom" xmlns:arxiv="http://arxiv.org/schemas/atom"'
        ' xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">'
        f"<opensearch:totalResults>{total}</opensearch:totalResults>{entries}</feed>"
    ).encode()


def test_atom_small_feed_merges_duplicates() -> None:
    papers, total = parse_arxiv_atom(atom(["2411.00001v1", "2411.00001v2", "2411.00003v1"], 3), DAY)
    assert total == 3
    assert [(p.arxiv_id, p.version) for p in papers] == [("2411.00001", 2), ("2411.00003", 1)]
    assert all(p.announced == DAY and p.sources == ("arxiv",) for p in papers)


def hf_item(ident: str, title: str = "T", **paper: object) -> dict[str, object]:
    body = {"id": ident, "title": title, "summary": "S", "authors": [{"name": "N"}], **paper}
    return {"paper": body, "title": title, "publishedAt": "2024-11-15T01:00:00.000Z"}


@pytest.mark.parametrize("body", [b"1", b"[]", b"null"])
def test_hf_no_papers(body: bytes) -> None:
    assert parse_hf(body, DAY) == []


def test_hf_small() -> None:
    items = [
        hf_item("2411.00001", "Hard\n  wrapped", upvotes=5),
        hf_item("2411.00001", "Hard wrapped"),  # listed twice: one paper
        hf_item("not an id"),
    ]
    papers = parse_hf(json.dumps(items), None)
    assert len(papers) == 1
    assert papers[0].title == "Hard wrapped" and papers[0].upvotes == 5
    assert papers[0].announced == DAY


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b'{"error": "x"}', "unexpected answer from Hugging Face: not a list of papers"),
        (b"[{", "malformed JSON from Hugging Face"),
        (b"\xff\xfe", "malformed JSON from Hugging Face"),
        (b'[{"paper": {"id": "x"}}]', "no usable paper in 1 items"),
        pytest.param(
            b"[" * 100_000, "malformed JSON from Hugging Face: nested too deeply", id="deep"
        ),
    ],
)
def test_hf_bad_bodies(body: bytes, message: str) -> None:
    with pytest.raises(SourceError, match=message):
        parse_hf(body, DAY)


FEED = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>Blog</title>
<item><title>Post &lt;b&gt;one&lt;/b&gt;</title><link>https://blog.example.org/one</link>
<description>&lt;p&gt;Hello&lt;/p&gt;</description>
<pubDate>Fri, 15 Nov 2024 10:00:00 GMT</pubDate></item>
<item><title>A paper</title><link>https://arxiv.org/abs/2411.00009v3</link>
<pubDate>Thu, 14 Nov 2024 10:00:00 GMT</pubDate></item>
<item><title>Bad link</title><link>javascript:alert(1)</link></item>
</channel></rss>"""


def test_feed_ids_and_links() -> None:
    papers = parse_feed(FEED, "https://blog.example.org/feed", today=dt.date(2024, 11, 16))
    blog, arxiv = papers  # the javascript: entry has no usable link and is dropped
    assert blog.arxiv_id == feed_id("https://blog.example.org/one")
    assert blog.arxiv_id.startswith("feed:") and len(blog.arxiv_id) == 17
    assert blog.title == "Post one" and blog.abstract == "Hello"
    assert blog.announced == DAY and blog.abs_url == "https://blog.example.org/one"
    assert (arxiv.arxiv_id, arxiv.version) == ("2411.00009", 3)
    assert arxiv.pdf_url == "https://arxiv.org/pdf/2411.00009"
    assert "Bad link" not in [p.title for p in papers]


def test_feed_undated_entry_gets_today() -> None:
    body = (
        b"<rss><channel><item><title>U</title><link>https://e.org/u</link></item></channel></rss>"
    )
    (paper,) = parse_feed(body, "https://e.org/f", today=dt.date(2024, 11, 16))
    assert paper.announced == dt.date(2024, 11, 16) and paper.sources == ("https://e.org/f",)


def test_feed_malformed() -> None:
    with pytest.raises(SourceError, match=r"^malformed feed from https://x\.org/f: "):
        parse_feed(b"<rss><channel><item><title>x</ti", "https://x.org/f")


LISTING = (
    '{"id": "2606.00188", "categories": ["cs.GR", "cs.LG"], "authors": ["K X"], '
    '"title": "P", "comment": null, "briefing": "S"}\n'
    "\n"
    '{"id": "2606.00188", "categories": ["cs.GR", "cs.LG"], "authors": ["K X"], '
    '"title": "P", "comment": null, "briefing": "S"}\n'
)


def test_listing_small() -> None:
    (paper,) = parse_listing_jsonl(LISTING, DAY)
    assert paper.primary_category == "cs.GR" and paper.comment == "" and paper.announced == DAY


def test_listing_bad_line() -> None:
    with pytest.raises(SourceError, match=r"^malformed listing from listing: line 2: "):
        parse_listing_jsonl(LISTING.splitlines()[0] + "\n{oops\n", DAY)


def test_listing_day_from_url() -> None:
    assert day_from_url("https://h.org/data/2026-06-02.jsonl") == dt.date(2026, 6, 2)
    assert day_from_url("https://h.org/data/latest.jsonl") is None
