"""The offline writer's text: plain sentences, no link-only quotes, filled parts, true checks."""

from __future__ import annotations

import datetime as dt
import re
import time
from pathlib import Path

import pytest

from daily_ai_insights.core.briefings.checks import check_briefing, check_line
from daily_ai_insights.core.briefings.citations import annotate
from daily_ai_insights.core.briefings.keyphrases import keyphrases
from daily_ai_insights.core.briefings.offline import offline_briefing
from daily_ai_insights.core.briefings.parts import missing_parts, part_sections
from daily_ai_insights.core.briefings.plain import plain_text
from daily_ai_insights.core.briefings.sentences import is_link_only, normalise_abstract
from daily_ai_insights.core.models import Category, CategoryGroup
from daily_ai_insights.core.papers import Paper
from tests.support.papers import make_paper

DAY = dt.date(2026, 6, 2)
LATEX = re.compile(r"\\[A-Za-z]+|\{\\|\$\\")


def make(number: int, title: str, abstract: str) -> Paper:
    return make_paper(f"2606.{number:05d}", title=title, authors=("A",), abstract=abstract)


def quoted(text: str) -> list[str]:
    """Every sentence a part quotes (parts 1, 3, 4, 5), in order."""
    found = []
    for line in text.splitlines():
        theme = re.fullmatch(r"   - \*[^*].*?\*: (.+) \[\d+\]", line)
        attributed = re.fullmatch(
            r"   - (?:\*\*.+?\*\* \(.+?\): )?(.+) — \*.+\* \[[\d, -]+\]", line
        )
        if theme or attributed:
            found.append((theme or attributed).group(1))  # type: ignore[union-attr]
    return found


def body(text: str, part: int) -> str:
    return "\n".join(part_sections(text, "ko")[part])


@pytest.mark.parametrize(
    ("latex", "plain"),
    [
        (r"we propose \textbf{OptiWorld}, a", "we propose OptiWorld, a"),
        (r"\emph{Reason}, \texttt{m2} and \textit{x}", "Reason, m2 and x"),
        (r"page: {\hypersetup{urlcolor=blue}https://a.github.io/P}.", "page: https://a.github.io/P."),
        (r"at \href{https://github.com/a/b}{github.com/a/b}", "at github.com/a/b"),
        (r"or \url{https://x.org}", "or https://x.org"),
        (r"gains\footnote{Code at https://github.com/a.}. Next", "gains. Next"),
        (r"Qwen2.5-VL~\cite{qwen25vl}, by \textbf{57.29\%}", "Qwen2.5-VL, by 57.29%"),
        (r"$\textbf{FREUD}$, a $\textbf{Fr}$ame-wise model", "FREUD, a Frame-wise model"),
        (r"$x \times 2$ is 10$\times$ faster", "x × 2 is 10× faster"),
        (r"$\sqrt{\text{LTS}}$, $\frac{a}{b}$, $\alpha$", "√(LTS), a/b, α"),
        (r"a ``rerooter'' (\ours{}) and \model\ wins", 'a "rerooter" (ours) and model wins'),
        ("It costs $5 and $10, not math.", "It costs $5 and $10, not math."),
        ("No markup {0, 1} here.", "No markup {0, 1} here."),
        ("ORACLE--CT, an operator -- a map---to", "ORACLE–CT, an operator – a map—to"),
        ("a table rule ---- stays", "a table rule ---- stays"),
    ],
)  # fmt: skip
def test_latex_is_made_plain(latex: str, plain: str) -> None:
    assert plain_text(latex) == plain


def test_hostile_markup_is_bounded_text() -> None:
    """Deep nesting and unclosed math stay text, quickly; nothing is run or looked up."""
    started = time.perf_counter()
    for text in ("{" * 5000 + "x" + "}" * 5000, "\\(" * 5000, "$" * 9000, "\\" * 9000):
        assert isinstance(plain_text(text), str)
    assert "\\" not in plain_text(r"\input{/etc/passwd} \write18{rm -rf}")
    assert time.perf_counter() - started < 2.0


@pytest.mark.parametrize(
    ("sentence", "only"),
    [
        ("Code is available at https://github.com/a/b.", True),
        ("Our code will be available at the project page: https://a.github.io/p.", True),
        ("Codes, datasets and models are available at https://github.com/T/L.", True),
        ("The code will be released upon acceptance.", True),
        ("Project page: https://x.github.io/", True),
        ("https://example.org/demo", True),
        ("Our experiments show gains over the available baselines.", False),
        ("We release MedBench, 10,000 clinical cases from five hospitals.", False),
        ("Attention links tokens across a page of text.", False),
    ],
)
def test_link_only_sentences(sentence: str, only: bool) -> None:
    assert is_link_only(sentence.lower()) is only


CUELESS = CategoryGroup(
    Category("CV", "x"),
    tuple(
        make(
            i,
            f"Paper {i}",
            f"Images are everywhere. We propose Net{i} for image segmentation. "
            f"Net{i} uses a pyramid of convolution blocks. It was trained on COCO with "
            f"{i + 2} stages. The segmentation masks are sharp and stable. "
            "Code is available at https://github.com/lab/net. See our project page.",
        )
        for i in range(1, 4)
    ),
)


def test_parts_without_cue_words_are_filled_and_nothing_repeats() -> None:
    text = offline_briefing(CUELESS, "ko")
    assert missing_parts(text, "ko") == ()
    assert "(해당하는 문장 없음)" not in text
    sentences = quoted(text)
    assert len(sentences) == len(set(sentences)), sentences  # no sentence twice
    assert "github" not in text and "project page" not in text
    # Part 5 ends on a paper's closing sentence.
    assert "The segmentation masks are sharp and stable." in body(text, 5)
    checks = check_briefing(text, 3, "ko", verbatim=True)
    assert checks.ok and check_line(checks, "ko").startswith("✓ 5개 부분")


def test_an_empty_part_is_not_claimed() -> None:
    paper = make(1, "Short", "We propose Foo. Foo is 3% better.")
    group = CategoryGroup(Category("X", "x"), (paper,))
    text = offline_briefing(group, "ko")
    assert text.count("(해당하는 문장 없음)") == 2  # shown as a note...
    checks = check_briefing(text, 1, "ko", verbatim=True)
    assert checks.parts_missing == (4, 5)  # ...and counted as missing
    line = check_line(checks, "ko")
    assert not line.startswith("✓") and "4, 5부 없음" in line
    # A note is no uncited claim: it gets no ⚠ mark in the reader.
    shown = annotate(text, "ko", 1, lambda n: None)
    assert "(해당하는 문장 없음) ⚠" not in shown


def test_generic_words_are_not_keyphrases_alone() -> None:
    sentence = (
        "Models rely on complex reasoning; our findings raise a question about "
        "speculative decoding, and it consistently learned faster."
    )
    found = [k.text for k in keyphrases([(sentence,)] * 3, 40)]
    assert "speculative decoding" in found and "complex reasoning" in found
    assert not {"rely", "complex", "findings", "question", "consistently", "learned"} & set(found)


def listing_groups(corpus: Path, day: str) -> dict[str, CategoryGroup]:
    """The day's categories as the app sorts them (offline classifier, default taxonomy)."""
    from bench.corpus import load_corpus_file
    from daily_ai_insights.core.topics.classify import classify
    from daily_ai_insights.core.topics.digest import build_digest
    from daily_ai_insights.core.topics.taxonomy import default_taxonomy

    path = corpus / "listings" / "daily-arxiv-ai-enhanced" / f"{day}.jsonl"
    merged = list(load_corpus_file(path).values())
    taxonomy = default_taxonomy()
    digest = build_digest(DAY, ("listing",), merged, classify(merged, taxonomy), taxonomy)
    return {group.name: group for group in digest.groups}


@pytest.mark.corpus
def test_computer_vision_on_2026_06_02_reads_plain_and_ends_on_claims(corpus: Path) -> None:
    group = listing_groups(corpus, "2026-06-02")["Computer Vision"]
    raw = "\n".join(p.abstract for p in group.papers)
    assert "\\textbf{OptiWorld}" in raw and "\\hypersetup{" in raw  # the tester's cases
    text = offline_briefing(group, "ko")
    assert LATEX.search(text) is None, LATEX.search(text)
    # The tester's paper quoted on its own line (as in a small category): plain too.
    optiworld = next(p for p in group.papers if "\\textbf{OptiWorld}" in p.abstract)
    alone = offline_briefing(CategoryGroup(group.category, (optiworld,)), "ko")
    assert "OptiWorld" in alone and LATEX.search(alone) is None, LATEX.search(alone)
    conclusion = body(text, 5)
    assert conclusion and "github" not in conclusion.lower() and "http" not in conclusion
    abstracts = [normalise_abstract(p.abstract) for p in group.papers]
    sentences = quoted(text)
    assert len(sentences) == len(set(sentences))
    for sentence in sentences:
        assert any(sentence in a for a in abstracts), sentence
        assert not is_link_only(sentence.lower()), sentence
    checks = check_briefing(text, group.count, "ko", verbatim=True)
    assert checks.ok and checks.papers_cited == group.count


@pytest.mark.corpus
@pytest.mark.parametrize("day", ["2026-06-02", "2026-06-03"])
def test_every_category_of_a_day_has_five_parts(corpus: Path, day: str) -> None:
    for name, group in listing_groups(corpus, day).items():
        text = offline_briefing(group, "ko")
        assert "(해당하는 문장 없음)" not in text, (name, text)
        checks = check_briefing(text, group.count, "ko", verbatim=True)
        assert checks.parts_missing == () and checks.papers_cited == group.count, name
        terms = body(text, 2)
        for word in ("rely", "complex", "findings", "question"):
            assert f"- {word} (" not in terms, (name, word)


def test_a_phrase_every_ai_paper_uses_is_no_theme_of_one_category() -> None:
    # Six of ten papers name language models, six name tool calling.
    texts = [
        (
            f"Paper {i} reads {'language models' if i < 6 else 'tables'} "
            f"{'with tool calling' if i >= 4 else 'aloud'}.",
        )
        for i in range(10)
    ]
    found = {k.text for k in keyphrases(texts, 40)}
    assert {"language models", "tool calling"} <= found
    shares = {"language models": 0.5, "language": 0.5}  # half of all AI papers
    found = {k.text for k in keyphrases(texts, 40, shares)}
    assert "tool calling" in found and not {"language models", "language"} & found
    few = {k.text for k in keyphrases(texts[:4], 40, shares)}  # too few papers to compare
    assert "language models" in few


def test_the_shipped_background_and_a_broken_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from daily_ai_insights.core.briefings import keyphrases as module

    shipped = module.background()
    assert shipped["language models"] > 0.1 and shipped["language"] > 0.2
    assert min(shipped.values()) >= 0.01 and max(shipped.values()) < 1
    broken = tmp_path / "background.json"
    for text in ("{not json", '{"papers": 0, "phrases": {"a": 1}}', '["a"]', ""):
        broken.write_text(text, encoding="utf-8")
        monkeypatch.setattr(module, "BACKGROUND_FILE", broken)
        module.background.cache_clear()
        assert module.background() == {}
    module.background.cache_clear()
