"""The learned half of the offline classifier: a multinomial naive Bayes over words.

Its counts are trained from hand-labelled papers by ``bench/build_learned.py`` and
shipped as ``core/data/learned.json``; they are loaded on the first classification,
never at start-up. At load, each category's own description, keywords and phrases are
added as examples (so a topic of an edited taxonomy that no labelled paper knows still
has words).

The reader's corrections (:mod:`core.store.corrections`) teach it too, as profiles: per
category, the uncommon words that several of the papers moved there share, each with
the share of those papers that have it. A later paper is pulled towards the category
by the sum of the shares of the words it has (:meth:`LearnedModel.pull`, weighed by
``classify.PULL``; measured by ``bench/bench_corrections.py``). Added to the counts
instead, as ordinary papers they barely moved anything, and weighed up they pulled
every paper that has their common words.

Features are the distinct words of the abstract, the title's words again with a ``t:``
prefix (a title word says more), and the arXiv classes with a ``c:`` prefix. Scoring a
paper sums one row of per-category weights per known feature (a C-level ``zip``).
"""

from __future__ import annotations

import json
import math
import string
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..models import Taxonomy
from .packed import PackedModel

LEARNED_FILE = Path(__file__).parent.parent / "data" / "learned.json"
FORMAT = 1
ALPHA = 0.3  # additive smoothing of word counts
PRIOR_POWER = 0.5  # flattened class prior: rare categories are not drowned by common ones
DESCRIPTION_WEIGHT = 3  # a category's description counts as this many labelled papers
SHARED_MIN = 2  # a word counts when at least this many corrected papers share it...
SHARED_SHARE = 0.2  # ...and at least this share of the papers moved to that category
COMMON_SHARE = 0.05  # words in more of the training papers than this are not learned
MIN_DOCS = 2  # a feature seen in fewer training papers is not shipped
FEATURES_KEPT = 2000  # the most informative features shipped (see ``select``)

_SPACED = string.punctuation + string.whitespace
# One C-level pass over bytes: about ten times faster than ``str.translate`` with a dict.
_FOLD = bytes.maketrans(
    (string.ascii_uppercase + _SPACED).encode(),
    (string.ascii_lowercase + " " * len(_SPACED)).encode(),
)
_STOPWORD_TEXT = """a about above across after against all also although among an and any
    are as at be
    been being between both but by can could did do does doing during each either et few
    for from further had has have having here how however i if in into is it its itself
    just may more most much must no nor not of off on once one only or other our ours out
    over own per same should so some such than that the their them then there these they
    this those through thus to too two under until up upon us use used uses using very via
    was we well were what when where whether which while who whom why will with within
    without would yet you your new propose proposed paper show shows work approach method
    methods based results result first existing across three different various"""
_STOPWORDS = frozenset(_STOPWORD_TEXT.split())


def _stem(word: str) -> str:
    """A crude plural fold: "models" and "model" are one feature."""
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def fold(text: str) -> str:
    """``text`` lowercased, punctuation turned into spaces, non-ASCII characters dropped."""
    return text.encode("ascii", "ignore").translate(_FOLD).decode("ascii")


def _words(folded: str) -> set[str]:
    return {
        _stem(word)
        for word in folded.split()
        if len(word) > 1 and word not in _STOPWORDS and not word.isdigit()
    }


def features_of(title: str, abstract: str, arxiv_classes: Iterable[str] = ()) -> set[str]:
    """The features the model reads from one paper (training and corrections)."""
    title_words = _words(fold(title))
    features = _words(fold(abstract)) | title_words
    features.update("t:" + word for word in title_words)
    features.update("c:" + c.lower() for c in arxiv_classes if c)
    return features


@dataclass(frozen=True, slots=True)
class Counts:
    """Training counts: papers per category and, per feature, papers per category."""

    classes: tuple[str, ...]
    docs: tuple[float, ...]
    features: dict[str, dict[int, float]]


def count(examples: Iterable[tuple[set[str], str]], classes: Sequence[str]) -> Counts:
    """Counts of ``examples`` (features, label) over ``classes``; unknown labels skipped."""
    index = {name: i for i, name in enumerate(classes)}
    docs = [0.0] * len(classes)
    features: dict[str, dict[int, float]] = {}
    for feats, label in examples:
        i = index.get(label)
        if i is None:
            continue
        docs[i] += 1
        for feature in feats:
            per = features.setdefault(feature, {})
            per[i] = per.get(i, 0.0) + 1
    return Counts(tuple(classes), tuple(docs), features)


def select(counts: Counts, keep: int) -> Counts:
    """The ``keep`` features that tell categories apart best (mutual information).

    Fewer features make a paper cheaper to score; words spread evenly over every
    category (``learning``, ``model``) carry no information and go first.
    """
    total = sum(counts.docs)
    if total <= 0:
        return counts
    priors = [d / total for d in counts.docs]

    def information(per: dict[int, float]) -> float:
        seen = sum(per.values())
        p_word = seen / total
        score = 0.0
        for i, prior in enumerate(priors):
            if prior <= 0:
                continue
            with_word = per.get(i, 0.0) / total
            without = prior - with_word
            if with_word > 0:
                score += with_word * math.log(with_word / (p_word * prior))
            if without > 0 and p_word < 1:
                score += without * math.log(without / ((1 - p_word) * prior))
        return score

    ranked = sorted(counts.features, key=lambda f: (-information(counts.features[f]), f))
    kept = {feature: counts.features[feature] for feature in ranked[:keep]}
    return Counts(counts.classes, counts.docs, kept)


def counts_to_json(counts: Counts, min_docs: int = MIN_DOCS) -> str:
    """The shipped form: features seen in at least ``min_docs`` papers, sorted."""
    kept = {
        feature: [x for i, n in sorted(per.items()) for x in (i, n)]
        for feature, per in sorted(counts.features.items())
        if sum(per.values()) >= min_docs
    }
    data = {"format": FORMAT, "classes": counts.classes, "docs": counts.docs, "features": kept}
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"


def counts_from_json(text: str) -> Counts:
    """Parse the shipped form; raises ValueError (or KeyError/TypeError) when malformed."""
    data = json.loads(text)
    if data.get("format") != FORMAT:
        raise ValueError("unknown format")
    classes = tuple(str(name) for name in data["classes"])
    docs = tuple(float(n) for n in data["docs"])
    features: dict[str, dict[int, float]] = {}
    for feature, flat in data["features"].items():
        features[str(feature)] = {int(flat[j]): float(flat[j + 1]) for j in range(0, len(flat), 2)}
    return Counts(classes, docs, features)


@dataclass(frozen=True, slots=True)
class Example:
    """A labelled paper added at load time (a correction)."""

    title: str
    abstract: str
    arxiv_classes: tuple[str, ...]
    category: str


def _shared_features(
    examples: Sequence[Example], position: dict[str, int]
) -> dict[int, tuple[dict[str, int], int]]:
    """Per category, the features several of its corrections share, with how many do.

    A word one moved paper happens to use says nothing about what the reader wants;
    a word that recurs across the papers moved to a category does.
    """
    grouped: dict[int, list[set[str]]] = {}
    for example in examples:
        i = position.get(example.category, -1)
        if i >= 0:
            feats = features_of(example.title, example.abstract, example.arxiv_classes)
            grouped.setdefault(i, []).append(feats)
    shared: dict[int, tuple[dict[str, int], int]] = {}
    for i, sets in grouped.items():
        times: dict[str, int] = {}
        for feats in sets:
            for feature in feats:
                times[feature] = times.get(feature, 0) + 1
        least = max(SHARED_MIN, math.ceil(SHARED_SHARE * len(sets)))
        shared[i] = ({f: n for f, n in times.items() if n >= least}, len(sets))
    return shared


class LearnedModel:
    """Naive Bayes log-scores per category of one taxonomy (in its order)."""

    def __init__(self, counts: Counts, taxonomy: Taxonomy, extra: Sequence[Example] = ()) -> None:
        names = [c.name for c in taxonomy.categories]
        position = {name: i for i, name in enumerate(names)}
        remap = {i: position[name] for i, name in enumerate(counts.classes) if name in position}
        docs = [0.0] * len(names)
        table: dict[str, dict[int, float]] = {}

        def add(feats: Iterable[str], i: int, weight: float) -> None:
            docs[i] += weight
            for feature in feats:
                per = table.setdefault(feature, {})
                per[i] = per.get(i, 0.0) + weight

        for old, new in remap.items():
            docs[new] += counts.docs[old]
        for feature, per in counts.features.items():
            mine = {remap[i]: n for i, n in per.items() if i in remap}
            if mine:
                table[feature] = mine
        for i, category in enumerate(taxonomy.categories):
            if category.name == taxonomy.fallback:
                continue  # "everything else" has no words of its own
            text = " ".join((category.description, *category.keywords, *category.phrases))
            feats = features_of(text, text)
            if docs[i] > 0:  # a trained category: only its words the training kept
                feats = {f for f in feats if f in table}
            add(feats, i, DESCRIPTION_WEIGHT)
        totals = [0.0] * len(names)
        for per in table.values():
            for i, n in per.items():
                totals[i] += n
        vocabulary = max(1, len(table))
        all_docs = sum(docs) or 1.0
        # The reader's corrections: per category, the uncommon words its moved papers
        # share, each with the share of those papers that have it (see ``pull``).
        self._profiles: dict[str, list[tuple[int, float]]] = {}
        for i, (shared, size) in _shared_features(extra, position).items():
            for feature, times in shared.items():
                if sum(table.get(feature, {}).values()) > COMMON_SHARE * all_docs:
                    continue  # a common word ("model", "data") names no kind of paper
                self._profiles.setdefault(feature, []).append((i, times / size))
        self.names = tuple(names)
        self._zeros = [0.0] * len(names)
        self.prior = [PRIOR_POWER * math.log((d + 1) / (all_docs + len(names))) for d in docs]
        self.unseen = [math.log(ALPHA / (t + ALPHA * vocabulary)) for t in totals]
        # Per feature, log(1 + n/alpha) for every category (0 where unseen): a paper's
        # sums are then one C-level ``zip`` over its features' rows.
        self.weights: dict[str, tuple[float, ...]] = {}
        for feature, per in table.items():
            row = [0.0] * len(names)
            for i, n in per.items():
                row[i] = math.log1p(n / ALPHA)
            self.weights[feature] = tuple(row)
        # Plural forms share their singular's row, so reading a paper needs no stemming:
        # its words are intersected with these sets, in C.
        for feature in list(self.weights):
            if not feature.startswith("c:") and _stem(feature + "s") == feature:
                self.weights.setdefault(feature + "s", self.weights[feature])
        self._words = frozenset(f for f in self.weights if ":" not in f)
        self._title_words = frozenset(f[2:] for f in self.weights if f.startswith("t:"))
        # The same rows packed for quick scoring (None: weights it cannot keep exact).
        self.quick = PackedModel.of(self.weights, self.prior, self.unseen)

    def features(self, title: str, abstract: str, arxiv_classes: Iterable[str]) -> list[str]:
        """The known features of a paper whose title and abstract went through :func:`fold`."""
        title_words = title.split()
        features = list(self._words.intersection(abstract.split() + title_words))
        features += ["t:" + w for w in self._title_words.intersection(title_words)]
        for arxiv_class in arxiv_classes:
            feature = "c:" + arxiv_class.lower()
            if feature in self.weights:
                features.append(feature)
        return features

    def pull(self, title: str, abstract: str, arxiv_classes: Iterable[str]) -> dict[int, float]:
        """Per category, how much this (folded) paper looks like the papers moved there.

        The sum, over the paper's features, of the share of the category's corrected
        papers that have the feature; only the uncommon features they share count.
        """
        if not self._profiles:
            return {}
        title_words = set(title.split())
        words = {_stem(w) for w in title_words.union(abstract.split())}
        feats = words | {"t:" + _stem(w) for w in title_words}
        feats.update("c:" + c.lower() for c in arxiv_classes if c)
        pulled: dict[int, float] = {}
        for feature in feats.intersection(self._profiles):
            for i, share in self._profiles[feature]:
                pulled[i] = pulled.get(i, 0.0) + share
        return pulled

    def scores(self, features: Iterable[str]) -> list[float]:
        """Log-probabilities per category of known ``features``, up to a constant (best: 0)."""
        weights = self.weights
        rows = [weights[f] for f in features]
        known = len(rows)
        # All rows have one weight per category: ``strict`` would only cost time.
        sums = list(map(sum, zip(*rows, strict=False))) if rows else self._zeros
        result = [p + known * u + s for p, u, s in zip(self.prior, self.unseen, sums, strict=True)]
        top = max(result)
        return [r - top for r in result]


_shipped: Counts | None = None
_shipped_lock = threading.Lock()


def shipped_counts(path: Path = LEARNED_FILE) -> Counts | None:
    """The shipped training counts (read once), or None when the file is missing or bad."""
    global _shipped
    with _shipped_lock:
        if _shipped is None and path == LEARNED_FILE:
            try:
                _shipped = counts_from_json(path.read_text(encoding="utf-8"))
            except (OSError, ValueError, KeyError, TypeError, IndexError):
                return None
        if path == LEARNED_FILE:
            return _shipped
    try:
        return counts_from_json(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, KeyError, TypeError, IndexError):
        return None


_models: dict[tuple[str, tuple[Example, ...]], LearnedModel | None] = {}
_models_lock = threading.Lock()
_MODELS_KEPT = 4


def _knows(counts: Counts, taxonomy: Taxonomy) -> bool:
    """Whether most of ``taxonomy``'s topics were trained (the default one, maybe edited)."""
    topics = [c.name for c in taxonomy.categories if c.name != taxonomy.fallback]
    known = sum(name in counts.classes for name in topics)
    return bool(topics) and known * 2 >= len(topics)


def learned_model(taxonomy: Taxonomy, examples: Sequence[Example] = ()) -> LearnedModel | None:
    """The model for ``taxonomy`` with ``examples`` added.

    None when the counts are missing or know too few of the taxonomy's topics (a user's
    own taxonomy): then the rules decide alone.
    """
    key = (taxonomy.version, tuple(examples))
    with _models_lock:
        if key in _models:
            return _models[key]
    counts = shipped_counts()
    model = None
    if counts is not None and _knows(counts, taxonomy):
        model = LearnedModel(counts, taxonomy, key[1])
    with _models_lock:
        while len(_models) >= _MODELS_KEPT:
            _models.pop(next(iter(_models)))
        _models[key] = model
    return model
