"""The offline classifier: keyword and phrase scoring, deterministic and fast.

Scoring, per category:

* every distinct term found counts once per field: a phrase weighs ``PHRASE`` and a
  single word ``KEYWORD``, times ``TITLE`` in the title or ``ABSTRACT`` in the abstract;
  an abstract term seen again adds half its weight, up to ``ABSTRACT_REPEATS`` times;
* a combined phrase ``"language model + 3d"`` counts as a phrase when all its parts
  occur in the title (a title about language models *and* 3D is multimodal);
* the paper's arXiv classes add ``PRIMARY_HINT`` (primary class) or ``CROSS_HINT``;
* the best score wins; a tie goes to the category listed first in the taxonomy;
* a best score under ``MIN_SCORE`` (nothing, or one stray abstract word) means the
  taxonomy's fallback (``Other``).

How terms are found is :mod:`.terms`; the compiled form of a taxonomy is built once and
cached by ``taxonomy.version``.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise

from ..models import Taxonomy
from ..papers import Assignment, Paper
from .learned import Example, LearnedModel, fold, learned_model
from .packed import QUICK_ERROR
from .terms import Term, TermFinder, ascii_folded, normalise, plain, variants, words_of

TITLE = 5.0
ABSTRACT = 1.0
PHRASE = 2.0
KEYWORD = 1.0
ABSTRACT_KEYWORD = 0.5  # single words recur in abstracts of every topic: they count less
ABSTRACT_REPEATS = 4
PRIMARY_HINT = 1.5
CROSS_HINT = 0.5
MIN_SCORE = 2.0  # below this (one generic abstract word) the evidence is too thin
BROAD = 0.7  # a broad category's (tool's) rule score is scaled by this
STRONG_TITLE = 5.0  # a topic with this much title evidence outranks a broad category
OUTRANK_GAP = 4.0  # ...unless the broad one leads by more than this on all evidence
LEARNED = 0.35  # weight of the learned model's log-probabilities against rule scores
LEARNED_CAP = 40.0  # log-probability floor: one model cannot veto a category alone
PULL = 8.0  # weight of a paper's likeness to the papers the reader moved (learned.py)
MIN_FEATURES = 3  # with fewer known words and thin rules, the model only knows its prior
ALSO_MARGIN = 2.5  # a runner-up this close to the winner is shown as "also fits"
MAX_MATCHED = 8  # reasons kept per paper; enough to show why
_CACHE_SIZE = 8
HINT_CLASSES_KEPT = 1024
# Phrases found (so no shorter term inside them counts) but worth nothing: a
# "training-free" method is the opposite of a training technique.
NEUTRAL = ("training free", "inductive bias", "data driven", "training data")
# arXiv classes where AI papers live; a paper only in other classes, with no AI words,
# is not an AI paper (structural engineering, coding theory, auctions) and goes to Other.
_AI_CLASSES_TEXT = """cs.ai cs.lg cs.cl cs.cv cs.ro cs.ir cs.ne cs.ma cs.sd eess.as eess.iv
stat.ml cs.hc cs.mm cs.gr cs.cy cs.cr"""
AI_CLASSES = frozenset(_AI_CLASSES_TEXT.split())
_AI_WORDS_TEXT = """learning neural deep ai llm llms transformer transformers gpt classifier
trained training dataset datasets embedding embeddings intelligence reinforcement generative
diffusion agentic"""
AI_WORDS = frozenset(_AI_WORDS_TEXT.split())
AI_WORDS_NEEDED = 2


@dataclass(frozen=True, slots=True)
class _Combo:
    parts: tuple[str, ...]
    owners: tuple[int, ...]

    @property
    def text(self) -> str:
        return " + ".join(self.parts)


@dataclass(frozen=True, slots=True)
class _Compiled:
    finder: TermFinder | None  # None: the taxonomy has no terms
    combos: tuple[_Combo, ...]
    combo_terms: frozenset[Term]  # the terms that hold a part of some combination
    hints: tuple[tuple[int, str], ...]
    names: tuple[str, ...]
    fallback: str
    broad: frozenset[int]  # categories that are tools rather than topics
    topics: frozenset[int]  # neither broad nor the fallback
    factors: tuple[float, ...]  # per category, what its rule score is scaled by
    # arXiv class -> the categories its hints point to, filled as classes are met (a
    # day has a few dozen distinct classes among thousands of papers).
    hint_owners: dict[str, tuple[int, ...]] = field(default_factory=dict)
    # (primary class, classes) -> what they say, filled the same way.
    classes: dict[tuple[str, tuple[str, ...]], _Classes] = field(default_factory=dict)


_compiled: dict[str, _Compiled] = {}
# The reader classifies from a prefetch thread and from the event loop: lookups and the
# insert-then-evict below must not interleave (compiling itself runs unlocked).
_compiled_lock = threading.Lock()


def _compile(taxonomy: Taxonomy) -> _Compiled:
    with _compiled_lock:
        cached = _compiled.get(taxonomy.version)
    if cached is not None:
        return cached
    owners: dict[str, list[int]] = {}
    combos: dict[tuple[str, ...], list[int]] = {}
    # A single word listed among phrases ("vlm", "jailbreak") is as telling as a phrase.
    strong = {normalise(raw) for c in taxonomy.categories for raw in c.phrases}
    for index, category in enumerate(taxonomy.categories):
        for raw in (*category.keywords, *category.phrases):
            if "+" in raw:
                parts = tuple(p for p in (normalise(part) for part in raw.split("+")) if p)
                if len(parts) > 1:
                    combos.setdefault(parts, []).append(index)
                    for part in parts:
                        owners.setdefault(part, [])  # found, but scored only as a combo
                    continue
            term = normalise(raw)
            if term and index not in owners.setdefault(term, []):
                owners[term].append(index)
    for neutral in NEUTRAL:
        owners.setdefault(neutral, [])
    forms: dict[str, Term] = {}
    for text, indices in owners.items():
        weight = PHRASE if " " in text or text in strong else KEYWORD
        base = (ABSTRACT_KEYWORD if weight == KEYWORD else weight) * ABSTRACT
        in_abstract = tuple(base * (1 + 0.5 * k) for k in range(ABSTRACT_REPEATS + 1))
        entry = Term(
            text,
            weight,
            tuple(indices),
            weight * TITLE,
            in_abstract,
            f"title: {text}",
            f"abstract: {text}",
        )
        for form in variants(text):
            # An exact term beats a plural form of another term ("bias" vs "bia"+"s").
            if form not in forms or form == text:
                forms[form] = entry
    hints = tuple(
        (index, hint.lower())
        for index, category in enumerate(taxonomy.categories)
        for hint in category.arxiv_hints
    )
    broad = frozenset(i for i, c in enumerate(taxonomy.categories) if c.broad)
    combo_parts = {part for combo in combos for part in combo}
    compiled = _Compiled(
        TermFinder.build(forms) if forms else None,
        tuple(_Combo(parts, tuple(indices)) for parts, indices in combos.items()),
        frozenset(
            term
            for term in forms.values()
            if any(part == term.text or f" {part} " in f" {term.text} " for part in combo_parts)
        ),
        hints,
        tuple(c.name for c in taxonomy.categories),
        taxonomy.fallback,
        broad,
        frozenset(
            i
            for i, c in enumerate(taxonomy.categories)
            if i not in broad and c.name != taxonomy.fallback
        ),
        tuple(BROAD if i in broad else 1.0 for i in range(len(taxonomy.categories))),
    )
    with _compiled_lock:
        _compiled.pop(taxonomy.version, None)  # another thread may have compiled it too
        while len(_compiled) >= _CACHE_SIZE:
            _compiled.pop(next(iter(_compiled)))
        _compiled[taxonomy.version] = compiled
    return compiled


def _hint_matches(hint: str, arxiv_class: str) -> bool:
    return arxiv_class == hint or arxiv_class.startswith(hint + ".")


def _hint_owners(compiled: _Compiled, arxiv_class: str) -> tuple[int, ...]:
    """The categories whose arXiv hints match ``arxiv_class`` (lowercase), remembered."""
    owners = compiled.hint_owners.get(arxiv_class)
    if owners is None:
        owners = tuple(i for i, hint in compiled.hints if _hint_matches(hint, arxiv_class))
        if len(compiled.hint_owners) >= HINT_CLASSES_KEPT:
            compiled.hint_owners.clear()  # feeds with made-up categories: start again
        compiled.hint_owners[arxiv_class] = owners
    return owners


# One piece of evidence: its weight, the reason shown, the categories it counts for.
_Evidence = tuple[float, str, tuple[int, ...]]
# A paper's title and abstract through ``ascii_folded`` (None: not ASCII), and the words
# of their folded forms.
_Texts = tuple[str | None, str | None, list[str], list[str]]


@dataclass(frozen=True, slots=True)
class _Classes:
    """What a paper's arXiv classes say, remembered per set of classes."""

    evidence: tuple[_Evidence, ...]
    outside: str | None  # the class to cite when none of them is an AI class


def _classes(paper: Paper, compiled: _Compiled) -> _Classes:
    key = (paper.primary_category, paper.categories)
    known = compiled.classes.get(key)
    if known is not None:
        return known
    evidence: list[_Evidence] = []
    if compiled.hints and (paper.primary_category or paper.categories):
        primary = paper.primary_category.lower()
        originals = {c.lower(): c for c in (*paper.categories, paper.primary_category) if c}
        for arxiv_class, original in originals.items():
            owners = _hint_owners(compiled, arxiv_class)
            if owners:
                weight = PRIMARY_HINT if arxiv_class == primary else CROSS_HINT
                evidence.append((weight, f"arXiv: {original}", owners))
    lowered = [c.lower() for c in (paper.primary_category, *paper.categories) if c]
    outside = None
    if lowered and not any(c in AI_CLASSES for c in lowered):
        outside = paper.primary_category or paper.categories[0]
    if len(compiled.classes) >= HINT_CLASSES_KEPT:
        compiled.classes.clear()
    compiled.classes[key] = known = _Classes(tuple(evidence), outside)
    return known


def _found(finder: TermFinder, text: str, folded: str | None, words: list[str]) -> dict[Term, int]:
    """The terms in ``text``, by word lookups; ``folded``: ASCII only, split in ``words``."""
    if folded is None:
        return finder.find_words(words_of(text))  # its own words: non-ASCII ones count
    if plain(folded):  # only [a-z0-9 ] is left
        return finder.find_words(words)
    return finder.find(text, folded)  # control characters: the regex's own word breaks


def _evidence(paper: Paper, compiled: _Compiled, texts: _Texts) -> tuple[list[_Evidence], int]:
    """Everything that speaks for some category, in a fixed order (title, abstract, arXiv).

    Also how many of the first pieces come from the title.
    """
    evidence: list[_Evidence] = []
    finder = compiled.finder
    title_f, abstract_f, title_words, abstract_words = texts
    if paper.title and finder is not None:
        found = _found(finder, paper.title, title_f, title_words)
        evidence = [(e.in_title, e.title_reason, e.owners) for e in found if e.owners]
        if not compiled.combo_terms.isdisjoint(found):
            # Combinations are read in titles only: abstracts mention too much.
            names = {entry.text for entry in found}
            joined = " " + " | ".join(entry.text for entry in found) + " "
            for combo in compiled.combos:
                if all(part in names or f" {part} " in joined for part in combo.parts):
                    evidence.append((PHRASE * TITLE, f"title: {combo.text}", combo.owners))
    in_title = len(evidence)
    if paper.abstract and finder is not None:
        found = _found(finder, paper.abstract, abstract_f, abstract_words)
        evidence += [
            (e.in_abstract[min(times - 1, ABSTRACT_REPEATS)], e.abstract_reason, e.owners)
            for e, times in found.items()
            if e.owners
        ]
    return evidence, in_title


def _not_ai(paper: Paper, outside: str | None) -> str | None:
    """The arXiv class to cite when ``paper`` is outside AI: no AI class, no AI words."""
    if outside is None:
        return None
    words = fold(paper.title + " " + paper.abstract).split()
    if sum(1 for word in words if word in AI_WORDS) >= AI_WORDS_NEEDED:
        return None
    return outside


def _assign(paper: Paper, compiled: _Compiled, model: LearnedModel | None) -> Assignment:
    classes = _classes(paper, compiled)
    # Only for the AI taxonomy the model knows: a user's own topics may be about anything.
    outside = _not_ai(paper, classes.outside) if model is not None else None
    if outside is not None:
        why = (f"arXiv: {outside} (no AI vocabulary)",)
        return Assignment(paper.arxiv_id, compiled.fallback, 0.0, why, "offline")
    title_f, abstract_f = ascii_folded(paper.title), ascii_folded(paper.abstract)
    folded_title = title_f if title_f is not None else fold(paper.title)
    folded_abstract = abstract_f if abstract_f is not None else fold(paper.abstract)
    # Each text is split into words once: for the rules and for the learned model.
    title_words, abstract_words = folded_title.split(), folded_abstract.split()
    texts = (title_f, abstract_f, title_words, abstract_words)
    evidence, in_title = _evidence(paper, compiled, texts)
    evidence += classes.evidence
    rules = [0.0] * len(compiled.names)
    for weight, _, owners in evidence:
        for index in owners:
            rules[index] += weight
    top_rule = max(rules, default=0.0)
    if model is None:
        if top_rule < MIN_SCORE:
            return Assignment(paper.arxiv_id, compiled.fallback, 0.0, (), "offline")
        final = [r * m for r, m in zip(rules, compiled.factors, strict=True)]
        _, best, runner, close = _decide(final, compiled, evidence, in_title)
    else:
        quick = None
        if model.quick is not None:
            quick = model.quick.scores(title_words, abstract_words, paper.categories)
        features = None
        if quick is None:
            features = model.features(folded_title, folded_abstract, paper.categories)
        known = len(features) if features is not None else quick[0] if quick else 0
        if known < MIN_FEATURES and top_rule < MIN_SCORE:
            return Assignment(paper.arxiv_id, compiled.fallback, 0.0, (), "offline")
        pulled = model.pull(folded_title, folded_abstract, paper.categories)
        if quick is not None:
            final = _combined(rules, compiled.factors, quick[1], pulled)
            ranked, best, runner, close = _decide(final, compiled, evidence, in_title)
            if not _settled(final, quick[1], ranked, best, runner):
                quick = None  # too close to call on quick sums: redo exactly
        if quick is None:
            if features is None:
                features = model.features(folded_title, folded_abstract, paper.categories)
            final = _combined(rules, compiled.factors, model.scores(features), pulled)
            _, best, runner, close = _decide(final, compiled, evidence, in_title)
    also = (compiled.names[runner],) if close else ()
    mine = [(weight, reason) for weight, reason, owners in evidence if best in owners]
    mine.sort(key=_first, reverse=True)  # stable: equal weights keep their order
    matched = tuple(reason for _, reason in mine[:MAX_MATCHED])
    score = round(rules[best], 3)
    return Assignment(paper.arxiv_id, compiled.names[best], score, matched, "offline", also)


def _combined(
    rules: list[float], factors: tuple[float, ...], learned: list[float], pulled: dict[int, float]
) -> list[float]:
    """Rule scores (scaled) with the learned model's, capped, and the corrections' pull."""
    cap = -LEARNED_CAP
    final = [
        r * m + LEARNED * (cap if lp < cap else lp)
        for r, m, lp in zip(rules, factors, learned, strict=True)
    ]
    for index, likeness in pulled.items():
        final[index] += PULL * likeness  # like the papers the reader moved there
    return final


def _decide(
    final: list[float], compiled: _Compiled, evidence: list[_Evidence], in_title: int
) -> tuple[list[int], int, int, bool]:
    """The ranking, the winner, the runner-up and whether the runner-up is close enough."""
    count = len(final)
    # Highest score; equal scores go to the earlier category (a stable sort).
    ranked = sorted(range(count), key=final.__getitem__, reverse=True)
    best = ranked[0]
    if best in compiled.broad:
        # The topic outranks the tool: a topic named in the title wins over LLM/training.
        title = [0.0] * count
        for weight, _, owners in evidence[:in_title]:
            for index in owners:
                title[index] += weight
        topics = [
            i
            for i in ranked
            if i in compiled.topics
            and title[i] >= STRONG_TITLE
            and final[i] >= final[best] - OUTRANK_GAP
        ]
        if topics:
            best = topics[0]
    runner = next(i for i in ranked if i != best) if count > 1 else best
    return ranked, best, runner, runner != best and final[runner] >= final[best] - ALSO_MARGIN


def _settled(
    final: list[float], learned: list[float], ranked: list[int], best: int, runner: int
) -> bool:
    """Whether exact learned scores would rank the top of ``ranked`` as quick ones did.

    Quick scores are within QUICK_ERROR of exact ones (``max`` keeps the bound), and a
    surely capped one is exact. Neighbours further apart than twice that, or both exact,
    keep their order; checked down to the runner-up and the winner and on to a clear
    gap. The same goes for the runner-up against the "also fits" margin.
    """
    floor = -LEARNED_CAP - QUICK_ERROR
    last = max(ranked.index(best), 1)
    for place, (high, low) in enumerate(pairwise(ranked)):
        if final[high] - final[low] > 2 * QUICK_ERROR:
            if place >= last:
                break
        elif not (learned[high] < floor and learned[low] < floor):
            return False  # too close to call (or not a number)
    if runner == best or (learned[runner] < floor and learned[best] < floor):
        return True
    return abs(final[runner] - final[best] + ALSO_MARGIN) > 2 * QUICK_ERROR


def _first(item: tuple[float, str]) -> float:
    return item[0]


def classify_one(paper: Paper, taxonomy: Taxonomy, examples: Sequence[Example] = ()) -> Assignment:
    """Classify one paper; see the module docstring for the scoring."""
    return _assign(paper, _compile(taxonomy), learned_model(taxonomy, examples))


def classify(
    papers: Sequence[Paper], taxonomy: Taxonomy, examples: Sequence[Example] = ()
) -> list[Assignment]:
    """Assign each paper to one category of ``taxonomy``, offline and deterministically.

    ``examples`` (the reader's corrections) are added to the learned model's counts.
    """
    compiled = _compile(taxonomy)
    model = learned_model(taxonomy, examples)
    return [_assign(paper, compiled, model) for paper in papers]
