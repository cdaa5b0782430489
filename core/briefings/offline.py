"""The offline writer: a five-part briefing built only from abstract sentences.

Deterministic and network-free. Every sentence is copied verbatim from an abstract
(as normalised by :func:`core.text.clean_block`) and attributed to its paper.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import chain

from ..models import CategoryGroup
from ..papers import Paper
from ..text import clean_block, clean_line
from .keyphrases import Keyphrase, Verdicts, compact, keyphrases
from .parts import heading_line, language_of

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
_NOTHING = {"ko": "(해당하는 문장 없음)", "en": "(no matching sentence)"}
_OTHER = {"ko": "그 밖의 논문", "en": "Other papers"}
_TERMS = {"ko": "공통 키워드", "en": "Shared terms"}
_COUNT = {"ko": "{n}편", "en": "{n} papers"}

# Words after which a full stop does not end a sentence.
_ABBREVIATION_TEXT = (
    "e.g i.e al etc vs cf fig figs eq eqs sec no approx resp dr mr ms prof st ref refs "
    "viz incl esp ca"
)
_ABBREVIATIONS = frozenset(_ABBREVIATION_TEXT.split())
_END = re.compile(r"[.!?]+[\"')\]]*\s+")
_STARTS_SENTENCE = re.compile(r"[A-Z0-9\"'(\[$\\]")
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9\-]*[A-Za-z0-9]")


@dataclass(frozen=True, slots=True)
class _Cue:
    """Words (matched as prefixes of a sentence's words) and phrases that signal a part."""

    prefixes: tuple[str, ...]
    phrases: tuple[str, ...] = ()

    def matching(self, vocabulary: Iterable[str]) -> frozenset[str]:
        """The words of ``vocabulary`` that start with one of the prefixes."""
        # Words repeat across abstracts and briefings: each word's verdict is remembered
        # instead of testing every prefix again (a big alternation regex was 10x slower).
        verdicts = _VERDICTS.get(self.prefixes)
        if verdicts is None:
            verdicts = _VERDICTS.setdefault(self.prefixes, Verdicts(self._starts))
        return frozenset(filter(verdicts.__getitem__, vocabulary))

    def _starts(self, word: str) -> bool:
        return word.startswith(self.prefixes)

    def hits(
        self, words: Sequence[str], lowered: str, matching: frozenset[str] = frozenset()
    ) -> int:
        """How often a sentence (its ``words`` and its ``lowered`` text) gives the cue;
        ``matching``: :meth:`matching` of a vocabulary holding ``words``."""
        found = sum(map(matching.__contains__, words))
        return found + sum(map(lowered.__contains__, self.phrases))


# Per prefix set: word -> whether it starts with one of the prefixes.
_VERDICTS: dict[tuple[str, ...], Verdicts[bool]] = {}


_KEY = _Cue(
    (),
    (
        "we propose",
        "we introduce",
        "we present",
        "we develop",
        "we study",
        "we investigate",
        "this paper",
        "this work",
    ),
)
_RESULT = _Cue(
    ("outperform", "achiev", "sota", "surpass", "beat", "speedup", "reduc", "faster"),
    (
        "%",
        "state-of-the-art",
        "state of the art",
        "improves by",
        "improvement of",
        "experiments show",
        "experiments demonstrate",
        "results show",
        "results demonstrate",
    ),
)
_IMPACT = _Cue(
    (
        "enabl",
        "application",
        "applicab",
        "clinic",
        "medical",
        "healthcare",
        "robot",
        "industr",
        "deploy",
        "practical",
        "autonomous",
        "safety",
        "education",
        "downstream",
        "implication",
        "practitioner",
        "accessib",
        "scalab",
        "cost",
        "financ",
        "legal",
        "scientific",
        "societ",
        "user",
        "privacy",
        "energy",
    ),
    (
        "real-world",
        "real world",
        "scientific discovery",
        "in practice",
        "can be used",
        "can be applied",
        "broadly applicable",
        "wide range of",
    ),
)
_AHEAD = _Cue(
    (
        "future",
        "open-source",
        "releas",
        "github",
        "roadmap",
        "promising",
        "suggest",
        "highlight",
        "underscore",
        "insight",
        "limitation",
        "direction",
    ),
    (
        "further research",
        "opens",
        "calls for",
        "our findings",
        "these findings",
        "our results",
        "this work",
        "we hope",
        "open source",
        "we will",
        "publicly available",
        "code is available",
        "will be available",
        "will be made available",
        "paves the way",
        "pave the way",
        "next generation",
    ),
)
_LOWER_WORD = re.compile(r"[a-z][a-z0-9\-]*")
_DIGIT = re.compile(r"\d")
# Characters clean_block would change (controls, format characters, entities).
_DIRTY = re.compile(
    "[\x00-\x1f\x7f-\x9f\xad\u061c\u180e\u200b-\u200f\u202a-\u202e"
    "\u2060-\u206f\ufeff\ufff9-\ufffb&]"
)

_STOPWORD_TEXT = """a about above across after again against all also although among an and any
    are as at
    based be because been before being between both but by can could do does doing during each
    either et few for from further had has have having here how however if in into is it its
    itself just may more most much must new no nor not novel of on once only or other our ours
    out over own per rather same several should show shows shown so some such than that the their
    them then there these they this those through thus to too under until up upon use used uses
    using very via was we were what when where whether which while who whom why will with within
    without would yet you your paper papers work approach approaches method methods propose
    proposed proposes present presents introduce introduces results result existing well
    across first one two three different various significantly significant key large
    demonstrate demonstrates extensive experiments experimental achieve achieves address
    performance state art sota task tasks framework including however furthermore moreover
    leverage leverages leveraging effective effectively improve improves improved enables
    even many often still remains remain makes make made provide provides given further"""
_STOPWORDS = frozenset(_STOPWORD_TEXT.split())
# Too generic alone, but telling in a phrase ("language models", "training data").
_GENERIC = frozenset(("model", "models", "data", "learning", "system", "systems", "large"))


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


def _is_clean(text: str) -> bool:
    # Most titles and abstracts are already clean ASCII; clean_line walks every character.
    return "  " not in text and _DIRTY.search(text) is None


def normalise_abstract(text: str) -> str:
    """The abstract as sentences are cut from it: :func:`core.text.clean_block`."""
    return text.strip() if _is_clean(text) else clean_block(text)


def split_sentences(text: str) -> list[str]:
    """Sentences of ``text``, not broken at "e.g.", "et al." or decimals; each a substring."""
    return _split(normalise_abstract(text))


def _split(text: str) -> list[str]:
    sentences: list[str] = []
    start = 0
    for match in _END.finditer(text):
        end = match.end()
        if end < len(text) and not _STARTS_SENTENCE.match(text, end):
            continue
        before = text[start : match.start()].rsplit(" ", 1)[-1].lower()
        if before.rstrip(".") in _ABBREVIATIONS or re.fullmatch(r"[a-z]", before):
            continue
        sentence = text[start:end].strip()
        if sentence:
            sentences.append(sentence)
        start = end
    tail = text[start:].strip()
    if tail:
        sentences.append(tail)
    return sentences


def _title(paper: Paper) -> str:
    # Asterisks and underscores would break the italic attribution.
    title = paper.title.strip() if _is_clean(paper.title) else clean_line(paper.title)
    return title.replace("*", "\\*").replace("_", "\\_") or paper.arxiv_id


def _key_sentence(source: _Source) -> str:
    for sentence, lowered in zip(source.sentences, source.lowered, strict=True):
        if _KEY.hits((), lowered):  # its phrases only
            return sentence
    return source.sentences[0] if source.sentences else ""


def _none(language: str) -> list[str]:
    return [f"   - {_NOTHING[language]}"]


def _themes(sources: Sequence[_Source], clusters: Sequence[_Cluster], language: str) -> list[str]:
    if not clusters:
        lines = []
        for source in sources:
            sentence = _key_sentence(source)
            said = f": {sentence}" if sentence else ""
            lines.append(f"   - *{source.title}*{said} [{source.number}]")
        return lines or _none(language)
    lines = []
    for cluster in clusters:
        best = cluster.members[0]
        sentence = _key_sentence(best)
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
    source: _Source, cue: _Cue, matching: frozenset[str], used: set[str], numbers: bool
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
    cue: _Cue,
    language: str,
    used: set[str],
    numbers: bool = False,
) -> list[str]:
    """Each paper's best sentence for ``cue`` (strongest first), or each group's best."""
    groups = [c.members for c in clusters] if clusters else [(s,) for s in sources]
    # The cue's words are found once among all the words, not once per sentence.
    matching = cue.matching(set().union(*chain.from_iterable(s.words for s in sources)))
    picked: list[tuple[float, int, str]] = []
    for index, members in enumerate(groups):
        found = [
            (b, m) for m in members if (b := _best(m, cue, matching, used, numbers)) is not None
        ]
        if not found:
            continue
        (score, sentence), source = max(found, key=lambda item: (item[0][0], -item[1].number))
        used.add(sentence)
        line = f"   - {sentence} — *{source.title}* [{source.number}]"
        picked.append((-score, index, line))
    picked.sort()
    return [line for _, _, line in picked] or _none(language)


def offline_briefing(group: CategoryGroup, language: str) -> str:
    """A five-part Markdown briefing of ``group`` built from its abstracts, no model."""
    language = language_of(language)
    sources = [
        _Source(
            number,
            paper,
            _title(paper),
            abstract,
            sentences,
            lowered,
            tuple(tuple(_LOWER_WORD.findall(text)) for text in lowered),
        )
        for number, paper in enumerate(group.papers, start=1)
        for abstract in (normalise_abstract(paper.abstract),)
        for sentences in (tuple(_split(abstract)),)
        for lowered in (tuple(text.lower() for text in sentences),)
    ]
    used: set[str] = set()
    # The greedy choice makes the first TOP_TERMS of the candidates the top terms.
    phrases = keyphrases([(s.title, *s.sentences) for s in sources], CLUSTER_CANDIDATES)
    clusters = _clusters(sources, phrases)
    parts = [
        _themes(sources, clusters, language),
        _terms(sources, phrases, language),
        _matching(sources, clusters, _RESULT, language, used, numbers=True),
        _matching(sources, clusters, _IMPACT, language, used),
        _matching(sources, clusters, _AHEAD, language, used),
    ]
    lines = [LABELS[language], ""]
    for number, body in enumerate(parts, start=1):
        lines.append(heading_line(number, language))
        lines.extend(body)
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
