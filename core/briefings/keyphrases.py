"""Keyphrases of a set of abstracts, with the papers that use each: no URLs, no stop words.

Phrases are runs of one or two content words inside a sentence, scored by how many papers
share them (and a little by how often they recur); a word already inside a chosen phrase
adds nothing. With the background shares of AI papers (``core/data/background.json``,
``bench/build_background.py``), a phrase no more common in these papers than in AI
papers at large ("language", "language models") is not one of theirs.
"""

from __future__ import annotations

import itertools
import json
import math
import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TypeVar

_V = TypeVar("_V")
BACKGROUND_FILE = Path(__file__).parent.parent / "data" / "background.json"
BACKGROUND_FLOOR = 0.01  # a phrase missing from the background is in fewer AI papers
LIFT = 1.5  # a phrase must be this many times more common here than in AI papers
LIFT_PAPERS = 5  # with fewer papers, shares say too little to compare
WORD = re.compile(r"[a-z][a-z0-9\-]*")
# URLs and host names are not keyphrases ("github com", "https github").
URL = re.compile(r"(?:https?://|www\.)\S+|\S+\.(?:com|org|io|net|ai|html?)\b\S*")
# What every match of URL holds: texts without any of these are not searched.
URL_HINTS = ("http", "www.", ".com", ".org", ".io", ".net", ".ai", ".htm")

_STOPWORD_TEXT = """a about above across after again against all almost along already also
    although always among an and another any anything are around as at available away
    based be because become becomes been before being below better between beyond both but
    by can cannot could currently do does doing done due during each earlier easily either
    else enough especially et etc even ever every fact far few for from full fully further
    furthermore generally get gets given go good great had has have having here high higher
    highly how however i if in into is it its itself just known large larger largely last
    later latter least less let lets like likely low lower made main mainly make makes
    making many may me might more moreover most mostly much must my near nearly need needs
    never new next no non nor not novel now of off often on once one only onto or other
    others otherwise our ours out over own per perhaps possible rather really recent
    recently remain remains respectively same see seen several shall should show showed
    shown shows significantly similar simple simply since so some such than that the their
    them themselves then there thereby therefore these they this those though three through
    throughout thus to together too toward towards two under unlike until up upon us use
    used useful uses using usually various very via was way ways we well were what whether
    when where which while who whole whom whose why will with within without would yet you
    your paper papers work works approach approaches method methods propose proposed
    proposes present presents presented introduce introduces introduced results result
    existing first second different significant key demonstrate demonstrates demonstrated
    extensive experiments experimental experiment achieve achieves achieved address
    addresses performance state art sota task tasks framework frameworks including
    leverage leverages leveraging effective effectively improve improves improved
    improvement enable enables enabled even still provide provides provided find finds
    found study studies studied analysis evaluate evaluated evaluation show able across
    problem problems challenge challenges challenging setting settings aim aims outperforms
    outperform outperforming compared compare comparison baseline baselines benchmark
    benchmarks available github https http www com org dataset datasets new novel
    recent however given specific specifically critical crucial important importance
    often limited limitations lack lacks whereas despite instead particular particularly
    comprehensive robust robustness efficient efficiently efficiency strong stronger
    author authors beat beats match matches matched general generally best worse across
    ability abilities able called case cases core factor factors form forms level levels
    part parts point points range set sets side type types times yield yields multiple
    single across overall prior previous current approximately substantially four five six
    diverse state-of-the-art research design space features feature quality"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())
# Too generic alone, but telling in a phrase ("language models", "training data").
GENERIC = frozenset(
    ("model", "models", "data", "learning", "system", "systems", "network", "networks")
)
# Phrases of one word must be at least this long (shorter ones are mostly noise).
_MIN_WORD = 4
# Alone, a word must name a topic: these generic verbs, adjectives and academic filler
# words do not ("rely", "complex", "findings"), though they may in a phrase ("complex
# reasoning"). Adverbs and past participles are left out by their endings.
_FILLER_TEXT = """accuracy accurate actual adapt adapted additional adoption advance advances
    advantage affect aligned allow allows alternative analyze applied apply assess
    assume assumes assumption attempt aware basic benefit benefits broad build building
    capability capable capture captures careful certain change changes choice claim
    claims clear closely common compact competitive complete complex component
    components concept conditions consider considered consistent consistently construct
    contain contains contribute contribution contributions conventional correct create
    creates crucially deal deep define defined degree demand depend depends derive
    describe described detail detailed determine develop developed difficult direct
    directly distinct effect effects effort emerging empirical employ enabling enhance
    enhanced enhances ensure ensures entire essential establish examine example
    examples exhibit exhibits expand explicit explore extend extending extensive fail
    fails finding findings fixed focus focuses follow following future gain gains
    generate generated give gives goal goals growing guide handle hard help helps hence
    identify impact implicit improving increase increasing increasingly indicate
    information inherent insight insights instance integrate integrates introduce
    involve issue issues keep known lead leads learn learned long manner means modern
    natural needed notable number numerous observe obtain offer offers open optimal
    outcome outcomes patterns perform performs plays possible potential powerful
    practical preserve preserving primary principle process produce produces promising
    property question questions raise rapid rapidly reach real realistic reason
    reconstruct reduce reduces reducing reflect regard relevant reliable relies rely
    relying remaining remarkable represent require requires resulting reveal reveals
    role rule scale select shows size small solution solutions solve standard step
    steps strategy strength strengths structure subsequent substantial success
    successful suffer suggest suitable support supports take taken target technique
    techniques term terms time tradeoff trained true typically underlying unique
    valuable value various vary varying view widely within works yields"""
_FILLER = frozenset(_FILLER_TEXT.split())
# Adverbs ("consistently") and participles ("learned"), by ending.
_NOT_ALONE = ("ally", "ently", "antly", "ingly", "ively", "ously", "ately", "edly", "ed")


@dataclass(frozen=True, slots=True)
class Keyphrase:
    """A phrase and the indexes of the papers that use it."""

    text: str
    papers: tuple[int, ...]


_TOKEN = re.compile(r"[a-z][a-z0-9\-]*|[^\sa-z]+")


def content_words(text: str) -> list[str | None]:
    """``text``'s lower-case words, stop words and URLs replaced by None (phrase breaks)."""
    return _words(URL.sub(" , ", text.lower()))


class Verdicts(dict[str, _V]):
    """Word -> ``verdict(word)``, worked out once per word (at most _MAX_TOKENS kept)."""

    def __init__(self, verdict: Callable[[str], _V]) -> None:
        super().__init__()
        self.verdict = verdict

    def __missing__(self, word: str) -> _V:
        if len(self) > _MAX_TOKENS:
            self.clear()
        found = self[word] = self.verdict(word)
        return found


def _content(token: str) -> str | None:
    return (
        token.rstrip("-")
        if token[0].isalpha() and token not in STOPWORDS and len(token) > 2
        else None
    )


def _single(word: str) -> str | None:
    if word in GENERIC or word in _FILLER or len(word) < _MIN_WORD:
        return None
    return None if word.endswith(_NOT_ALONE) else word


# Abstracts share most of their words: each token's verdicts are kept (bounded), and
# a sentence is read by lookups that run in C.
_MAX_TOKENS = 100_000
_CONTENT = Verdicts(_content)
_SINGLE = Verdicts(_single)


def _words(lowered: str) -> list[str | None]:
    return list(map(_CONTENT.__getitem__, _TOKEN.findall(lowered)))


@cache
def background() -> Mapping[str, float]:
    """Phrase -> the share of AI papers using it (empty when the file cannot be read)."""
    try:
        data = json.loads(BACKGROUND_FILE.read_text(encoding="utf-8"))
        papers = float(data["papers"])
        return {str(term): int(n) / papers for term, n in data["phrases"].items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError, ZeroDivisionError):
        return {}  # themes are then chosen by counts alone


def paper_terms(sentences: Sequence[str]) -> list[str]:
    """A paper's candidate phrases, once per use: single telling words and word pairs."""
    terms: list[str] = []
    for sentence in sentences:
        lowered = sentence.lower()
        if any(map(lowered.__contains__, URL_HINTS)) and URL.search(lowered):
            continue  # "Code is available at https://..." says nothing of the topic
        words = _words(lowered)
        terms += filter(None, map(_SINGLE.__getitem__, filter(None, words)))
        terms += [f"{a} {b}" for a, b in itertools.pairwise(words) if a and b and a != b]
    return terms


def keyphrases(
    texts: Sequence[Sequence[str]], top: int, shares: Mapping[str, float] | None = None
) -> list[Keyphrase]:
    """The ``top`` phrases shared by the most of ``texts`` (each a paper's sentences);
    with ``shares`` (phrase -> share of AI papers using it), only phrases more common
    here than there."""
    doc_count: Counter[str] = Counter()
    term_freq: Counter[str] = Counter()
    per_paper: list[set[str]] = []
    for sentences in texts:
        terms = paper_terms(sentences)
        term_freq.update(terms)
        seen = set(terms)
        doc_count.update(seen)
        per_paper.append(seen)
    least = 2 if len(texts) > 1 else 1
    needed = LIFT * len(texts)  # papers here, per unit of background share
    if not shares or len(texts) < LIFT_PAPERS:
        needed = 0.0
        shares = {}
    scored = sorted(
        (
            (count * (1.0 + math.log(term_freq[t])) * (1.8 if " " in t else 1.0), t)
            for t, count in doc_count.items()
            if count >= least and count >= needed * max(shares.get(t, 0.0), BACKGROUND_FLOOR)
        ),
        key=lambda item: (-item[0], item[1]),
    )
    chosen: list[str] = []
    for _, term in scored:
        if len(chosen) >= top:
            break
        stems = tuple(_stem(w) for w in term.split())
        taken = [tuple(_stem(w) for w in c.split()) for c in chosen]
        # A word already inside a chosen phrase (or its plural) adds nothing, nor does a
        # phrase around a chosen word.
        if any(stems == t or set(stems) <= set(t) or set(t) <= set(stems) for t in taken):
            continue
        chosen.append(term)
    return [Keyphrase(t, tuple(i for i, seen in enumerate(per_paper) if t in seen)) for t in chosen]


def _stem(word: str) -> str:
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def compact(numbers: Sequence[int]) -> str:
    """``[1, 2, 3, 7]`` as a citation: ``[1-3, 7]``."""
    ordered = sorted(set(numbers))
    runs: list[str] = []
    start = previous = ordered[0] if ordered else 0
    for number in ordered[1:]:
        if number == previous + 1:
            previous = number
            continue
        runs.append(f"{start}-{previous}" if previous - start >= 2 else _pair(start, previous))
        start = previous = number
    if ordered:
        runs.append(f"{start}-{previous}" if previous - start >= 2 else _pair(start, previous))
    return "[" + ", ".join(runs) + "]"


def _pair(start: int, end: int) -> str:
    return str(start) if start == end else f"{start}, {end}"
