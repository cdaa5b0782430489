"""The offline writer: a five-part briefing built only from abstract sentences.

Deterministic and network-free. Every sentence is copied from an abstract (as normalised
by :func:`.sentences.normalise_abstract`: clean text, LaTeX made plain) and attributed to
its paper; sentences that only say where code or data is are never quoted.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import chain

from ..models import CategoryGroup
from ..papers import Paper
from .cues import AHEAD, IMPACT, KEY, RESULT, Cue
from .keyphrases import WORD, Keyphrase, background, compact, keyphrases
from .parts import heading_line, language_of
from .sentences import is_link_only, may_link, normalise_abstract, normalise_title, split
from .sentences import split_sentences as split_sentences

# Up to this many papers, each has its own line; above, papers are grouped by keyphrase.
SMALL_CATEGORY = 8
CLUSTERS = 14
CLUSTER_CANDIDATES = 60
CLUSTER_SHARE = 0.3
TOP_TERMS = 10
TERM_CITES = 6

LABELS = {
    "ko": "> 오프라인 추출 요약 — 초록에서 그대로 가져온 문장입니다 (모델 없음).",
    "en": "> Offline extract — sentences taken verbatim from the abstracts (no model).",
}
# The label when the extract stands in for a model's answer that had none of the parts.
IN_PLACE_LABELS = {
    "ko": "> 오프라인 추출 요약 — 모델의 답에 다섯 부분이 하나도 없어 대신 싣는, 초록에서 "
    "그대로 가져온 문장입니다.",
    "en": "> Offline extract in place of the model's answer, which had none of the five parts"
    " — sentences taken verbatim from the abstracts.",
}
_NOTHING = {"ko": "(해당하는 문장 없음)", "en": "(no matching sentence)"}
_OTHER = {"ko": "그 밖의 논문", "en": "Other papers"}
_TERMS = {"ko": "공통 키워드", "en": "Shared terms"}
_COUNT = {"ko": "{n}편", "en": "{n} papers"}

_DIGIT = re.compile(r"\d")


@dataclass(frozen=True, slots=True)
class _Fallback:
    """How a part with no cued sentence is filled from the most central paper:
    ``cue`` (and digits, with ``numbers``) ranks its sentences, ties go to the later
    sentence when ``closing``."""

    cue: Cue | None
    numbers: bool
    closing: bool


# Part 3: a sentence with figures, else the first after the opening (what was done).
_EVENT = _Fallback(RESULT, numbers=True, closing=False)
# Part 4: a result or application sentence, later ones first.
_USE = _Fallback(RESULT, numbers=True, closing=True)
# Part 5: the closing sentence (the claim abstracts end on).
_CLOSING = _Fallback(None, numbers=False, closing=True)


@dataclass(frozen=True, slots=True)
class _Cluster:
    """Papers sharing a keyphrase (``label`` empty for the rest), representative first."""

    label: str
    members: tuple[_Source, ...]


@dataclass(frozen=True, slots=True)
class _Source:
    number: int
    paper: Paper
    title: str
    abstract: str
    sentences: tuple[str, ...]
    lowered: tuple[str, ...]
    words: tuple[tuple[str, ...], ...]


def _title(paper: Paper) -> str:
    # Asterisks and underscores would break the italic attribution.
    title = normalise_title(paper.title)
    return title.replace("*", "\\*").replace("_", "\\_") or paper.arxiv_id


def _key_sentence(source: _Source) -> str:
    for sentence, lowered in zip(source.sentences, source.lowered, strict=True):
        if KEY.hits((), lowered):  # its phrases only
            return sentence
    return source.sentences[0] if source.sentences else ""


def _none(language: str) -> list[str]:
    return [f"   - {_NOTHING[language]}"]


def _themes(
    sources: Sequence[_Source], clusters: Sequence[_Cluster], language: str, used: set[str]
) -> list[str]:
    """Each paper's key sentence, or each group's representative's (added to ``used``)."""
    if not clusters:
        lines = []
        for source in sources:
            sentence = _key_sentence(source)
            used.add(sentence)
            said = f": {sentence}" if sentence else ""
            lines.append(f"   - *{source.title}*{said} [{source.number}]")
        return lines or _none(language)
    lines = []
    for cluster in clusters:
        best = cluster.members[0]
        sentence = _key_sentence(best)
        used.add(sentence)
        label = cluster.label or _OTHER[language]
        count = _COUNT[language].format(n=len(cluster.members))
        cited = compact([m.number for m in cluster.members])
        lines.append(f"   - **{label}** ({count}): {sentence} — *{best.title}* {cited}")
    return lines


def _representative(members: Sequence[_Source], phrase: str) -> list[_Source]:
    """Members ordered so the one whose key sentence names the phrase comes first."""
    words = phrase.split()

    def score(source: _Source) -> int:
        lowered = _key_sentence(source).lower()
        return -(phrase in lowered) * 2 - sum(word in lowered for word in words)

    return sorted(members, key=lambda m: (score(m), m.number))


def _clusters(sources: Sequence[_Source], phrases: Sequence[Keyphrase]) -> list[_Cluster]:
    """Papers grouped by their most telling shared keyphrase; the rest in one last group.

    A phrase most of the category shares ("language models" in LLM) tells nothing apart,
    so only phrases shared by at most :data:`CLUSTER_SHARE` of the papers group them.
    """
    if len(sources) <= SMALL_CATEGORY:
        return []
    widest = max(2, int(len(sources) * CLUSTER_SHARE))
    left = set(range(len(sources)))
    groups: list[tuple[str, list[int]]] = []
    for phrase in phrases:
        if len(phrase.papers) > widest:
            continue
        members = [i for i in phrase.papers if i in left]
        if len(members) >= 2:
            left -= set(members)
            groups.append((phrase.text, members))
    groups.sort(key=lambda group: -len(group[1]))
    for _, members in groups[CLUSTERS:]:
        left |= set(members)
    clusters = [
        _Cluster(text, tuple(_representative([sources[i] for i in members], text)))
        for text, members in groups[:CLUSTERS]
    ]
    if left:
        clusters.append(_Cluster("", tuple(sources[i] for i in sorted(left))))
    return clusters


def _terms(sources: Sequence[_Source], phrases: Sequence[Keyphrase], language: str) -> list[str]:
    phrases = phrases[:TOP_TERMS]
    if not phrases:
        return _none(language)
    lines = [f"   - {_TERMS[language]}:"]
    for phrase in phrases:
        count = _COUNT[language].format(n=len(phrase.papers))
        numbers = [sources[i].number for i in phrase.papers[:TERM_CITES]]
        lines.append(f"      - {phrase.text} ({count}) {compact(numbers)}")
    return lines


def _best(
    source: _Source, cue: Cue, matching: frozenset[str], used: set[str], numbers: bool
) -> tuple[float, str] | None:
    best: tuple[float, str] | None = None
    for position, (sentence, lowered, words) in enumerate(
        zip(source.sentences, source.lowered, source.words, strict=True)
    ):
        if sentence in used:
            continue
        hits = cue.hits(words, lowered, matching)
        if not hits:
            continue
        score = hits + (2.0 if numbers and _DIGIT.search(sentence) else 0.0)
        # The opening sentence usually states background, not the paper's own claim.
        score -= 1.5 if position == 0 else 0
        if best is None or score > best[0]:
            best = (score, sentence)
    return best


def _matching(
    sources: Sequence[_Source],
    clusters: Sequence[_Cluster],
    cue: Cue,
    vocabulary: set[str],
    used: set[str],
    numbers: bool = False,
) -> list[str]:
    """Each paper's best sentence for ``cue`` (strongest first), or each group's best;
    ``vocabulary``: every word of ``sources``."""
    groups = [c.members for c in clusters] if clusters else [(s,) for s in sources]
    # The cue's words are found once among all the words, not once per sentence.
    matching = cue.matching(vocabulary)
    picked: list[tuple[float, int, str]] = []
    for index, members in enumerate(groups):
        found = [
            (b, m) for m in members if (b := _best(m, cue, matching, used, numbers)) is not None
        ]
        if not found:
            continue
        (score, sentence), source = max(found, key=lambda item: (item[0][0], -item[1].number))
        used.add(sentence)
        picked.append((-score, index, _line(sentence, source)))
    picked.sort()
    return [line for _, _, line in picked]


def _line(sentence: str, source: _Source) -> str:
    return f"   - {sentence} — *{source.title}* [{source.number}]"


def _fallback(central: Sequence[_Source], rule: _Fallback, used: set[str]) -> list[str]:
    """One line for a part no cue filled: the first paper of ``central`` with a sentence
    not used elsewhere, its best by ``rule``; none when no paper has one."""
    for source in central:
        ranked: list[tuple[float, int, str]] = []
        for position, (sentence, lowered, words) in enumerate(
            zip(source.sentences, source.lowered, source.words, strict=True)
        ):
            if sentence in used:
                continue
            score = float(rule.cue.hits(words, lowered) if rule.cue else 0)
            score += 2.0 if rule.numbers and _DIGIT.search(sentence) else 0.0
            # The opening sentence usually states background: only when nothing else is.
            score -= 5.0 if position == 0 else 0.0
            ranked.append((score, position if rule.closing else -position, sentence))
        if ranked:
            sentence = max(ranked)[2]
            used.add(sentence)
            return [_line(sentence, source)]
    return []


def _central(sources: Sequence[_Source], phrases: Sequence[Keyphrase]) -> list[_Source]:
    """Papers by how many of the category's keyphrases they share, most first."""
    shared = [0] * len(sources)
    for phrase in phrases:
        for index in phrase.papers:
            shared[index] += 1
    return [sources[i] for i in sorted(range(len(sources)), key=lambda i: (-shared[i], i))]


def _source(number: int, paper: Paper) -> _Source:
    abstract = normalise_abstract(paper.abstract)
    sentences = split(abstract)
    lowered = [text.lower() for text in sentences]
    words = [tuple(WORD.findall(text)) for text in lowered]
    # A sentence that only says where the code or a page is is never quoted.
    kept = [i for i, w in enumerate(words) if not (may_link(w) and is_link_only(lowered[i]))]
    if len(kept) < len(sentences):
        sentences, lowered, words = (
            [sentences[i] for i in kept],
            [lowered[i] for i in kept],
            [words[i] for i in kept],
        )
    return _Source(
        number, paper, _title(paper), abstract, tuple(sentences), tuple(lowered), tuple(words)
    )


def offline_briefing(group: CategoryGroup, language: str, *, in_place: bool = False) -> str:
    """A five-part Markdown briefing of ``group`` built from its abstracts, no model;
    labelled as standing in for the model's answer when ``in_place``."""
    language = language_of(language)
    sources = [_source(number, paper) for number, paper in enumerate(group.papers, start=1)]
    used: set[str] = set()  # sentences quoted in any part: none is quoted twice
    # The greedy choice makes the first TOP_TERMS of the candidates the top terms.
    texts = [(s.title, *s.sentences) for s in sources]
    phrases = keyphrases(texts, CLUSTER_CANDIDATES, background())
    clusters = _clusters(sources, phrases)
    parts = [_themes(sources, clusters, language, used), _terms(sources, phrases, language)]
    central: list[_Source] | None = None
    vocabulary: set[str] = set().union(*chain.from_iterable(s.words for s in sources))
    for cue, numbers, rule in (
        (RESULT, True, _EVENT),
        (IMPACT, False, _USE),
        (AHEAD, False, _CLOSING),
    ):
        body = _matching(sources, clusters, cue, vocabulary, used, numbers)
        if not body:
            # No sentence gives the cue: the most central paper's best unused one.
            central = central or _central(sources, phrases)
            body = _fallback(central, rule, used) or _none(language)
        parts.append(body)
    lines = [(IN_PLACE_LABELS if in_place else LABELS)[language], ""]
    for number, body in enumerate(parts, start=1):
        lines.append(heading_line(number, language))
        lines.extend(body)
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
