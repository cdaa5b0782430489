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

Terms are compared as lowercase words: any run of punctuation, spaces, hyphens or
underscores separates words. Every term of a taxonomy (plurals included) is folded
into one compiled regular expression shaped like a trie, so a text is scanned once,
left to right, by the regex engine; at each word the longest known term starting
there is taken, so overlapping terms do not double-count ("multimodal large language
model" is one Multimodal match, not also an LLM one). The compiled form is built once
per taxonomy and cached by ``taxonomy.version``.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ..models import Taxonomy
from ..papers import Assignment, Paper
from .learned import Example, LearnedModel, fold, learned_model

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
LEARNED = 0.25  # weight of the learned model's log-probabilities against rule scores
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

_LATEX_COMMAND = re.compile(r"\\[A-Za-z]+\*?")
# Runs of letters and digits are words: hyphens, braces and "$" separate them.
_WORD = re.compile(r"[^\W_]+")
_SEPARATORS = re.compile(r"[\W_]+")
_CJK = r"\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af"
# Scripts written without spaces touch Latin words ("LLM을"); split them apart.
_CJK_EDGE = re.compile(rf"(?<=[a-z0-9])(?=[{_CJK}])|(?<=[{_CJK}])(?=[a-z0-9])")
# ASCII text (nearly every abstract) is lowercased and its punctuation turned into
# spaces by one fast ``learned.fold``; then every word starts after a space, which the
# regex engine finds by a literal search instead of testing each character's class.


def _prepare(text: str) -> str:
    """``text`` lowercased, LaTeX commands dropped, CJK split from Latin words."""
    if "\\" in text:
        text = _LATEX_COMMAND.sub(" ", text)
    text = text.lower()
    if not text.isascii():
        text = _CJK_EDGE.sub(" ", text)
    return text


def words_of(text: str) -> list[str]:
    """Lowercase words of ``text``; LaTeX commands and punctuation dropped."""
    return _WORD.findall(_prepare(text))


def normalise(text: str) -> str:
    """``text`` as lowercase words separated by single spaces (how terms are compared)."""
    return " ".join(words_of(text))


def _variants(term: str) -> set[str]:
    """The term and its simple English plurals (on the last word)."""
    forms = {term, term + "s"}
    if term.endswith(("s", "x", "z", "ch", "sh")):
        forms.add(term + "es")
    if len(term) > 2 and term.endswith("y") and term[-2] not in "aeiou":
        forms.add(term[:-1] + "ies")
    return forms


def _term_pattern(forms: Sequence[str], gap: str, word_char: str) -> re.Pattern[str]:
    """One regex finding any of ``forms`` (words joined by spaces), longest first.

    The forms are laid out as a character trie, so the engine follows one branch per
    character instead of trying every term in turn; ``(?:longer|)`` tries the longer
    continuation first and falls back to the shorter term. The pattern starts with one
    separator (texts get a space in front) so terms only start at word starts, and
    ends with a lookahead so "image" is not found inside "imagery". ``gap`` matches
    one character between words, ``word_char`` one character of a word.
    """
    separator = gap + "+"
    trie: dict[str, Any] = {}
    for form in forms:
        node = trie
        for char in form:
            node = node.setdefault(char, {})
        node[""] = {}  # a term ends here

    def build(node: dict[str, Any]) -> str:
        branches = [
            (separator if char == " " else re.escape(char)) + build(child)
            for char, child in sorted(node.items())
            if char
        ]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        # "(?:x|)" rather than "(?:x)?": a branch is cheaper than a repeat in ``re``.
        return f"(?:{body}|)" if "" in node else body

    return re.compile(rf"{gap}({build(trie)})(?!{word_char})")


@dataclass(frozen=True, slots=True)
class _Term:
    text: str
    weight: float  # PHRASE or KEYWORD
    owners: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class _Combo:
    parts: tuple[str, ...]
    owners: tuple[int, ...]

    @property
    def text(self) -> str:
        return " + ".join(self.parts)


@dataclass(frozen=True, slots=True)
class _Compiled:
    # Term finders (None: the taxonomy has no terms): for texts folded by ``fold``,
    # and for any other text.
    ascii_pattern: re.Pattern[str] | None
    any_pattern: re.Pattern[str] | None
    forms: dict[str, _Term]  # any form (plurals too), words joined by spaces -> its term
    combos: tuple[_Combo, ...]
    hints: tuple[tuple[int, str], ...]
    names: tuple[str, ...]
    fallback: str
    broad: frozenset[int]  # categories that are tools rather than topics
    # arXiv class -> the categories its hints point to, filled as classes are met (a
    # day has a few dozen distinct classes among thousands of papers).
    hint_owners: dict[str, tuple[int, ...]] = field(default_factory=dict)


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
    forms: dict[str, _Term] = {}
    for text, indices in owners.items():
        weight = PHRASE if " " in text or text in strong else KEYWORD
        entry = _Term(text, weight, tuple(indices))
        for form in _variants(text):
            # An exact term beats a plural form of another term ("bias" vs "bia"+"s").
            if form not in forms or form == text:
                forms[form] = entry
    ascii_pattern = any_pattern = None
    if forms:
        ascii_pattern = _term_pattern(sorted(forms), " ", "[a-z0-9]")
        any_pattern = _term_pattern(sorted(forms), r"[\W_]", r"[^\W_]")
    hints = tuple(
        (index, hint.lower())
        for index, category in enumerate(taxonomy.categories)
        for hint in category.arxiv_hints
    )
    compiled = _Compiled(
        ascii_pattern,
        any_pattern,
        forms,
        tuple(_Combo(parts, tuple(indices)) for parts, indices in combos.items()),
        hints,
        tuple(c.name for c in taxonomy.categories),
        taxonomy.fallback,
        frozenset(i for i, c in enumerate(taxonomy.categories) if c.broad),
    )
    with _compiled_lock:
        _compiled.pop(taxonomy.version, None)  # another thread may have compiled it too
        while len(_compiled) >= _CACHE_SIZE:
            _compiled.pop(next(iter(_compiled)))
        _compiled[taxonomy.version] = compiled
    return compiled


def _find_terms(text: str, compiled: _Compiled, folded: str | None = None) -> dict[str, int]:
    """How often each term occurs in ``text``, longest match first, no overlaps.

    ``folded``: the text already through :func:`learned.fold` (ASCII texts only).
    """
    if compiled.ascii_pattern is None or compiled.any_pattern is None:
        return {}
    if folded is None and "\\" in text:
        text = _LATEX_COMMAND.sub(" ", text)
    if folded is not None:
        found = compiled.ascii_pattern.findall(" " + folded)
    elif text.isascii():
        found = compiled.ascii_pattern.findall(" " + fold(text))
    else:
        found = compiled.any_pattern.findall(" " + _CJK_EDGE.sub(" ", text.lower()))
    forms = compiled.forms
    counts: dict[str, int] = {}
    for form in found:
        entry = forms.get(form)
        if entry is None:  # words joined by something other than one space
            entry = forms[_SEPARATORS.sub(" ", form)]
        counts[entry.text] = counts.get(entry.text, 0) + 1
    return counts


def _contains(found: dict[str, int], joined: str, part: str) -> bool:
    """Whether ``part`` occurred, alone or inside a longer term (``joined``: all terms)."""
    return part in found or f" {part} " in joined


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


def _ascii_folded(text: str) -> str | None:
    """``text`` folded for the term finder when it is plain ASCII, else None."""
    if not text.isascii():
        return None
    return fold(_LATEX_COMMAND.sub(" ", text) if "\\" in text else text)


def _evidence(
    paper: Paper, compiled: _Compiled, title_f: str | None, abstract_f: str | None
) -> list[_Evidence]:
    """Everything that speaks for some category, in a fixed order (title, abstract, arXiv)."""
    evidence: list[_Evidence] = []
    forms = compiled.forms
    if paper.title:
        found = _find_terms(paper.title, compiled, title_f)
        for term in found:
            entry = forms[term]
            if entry.owners:
                evidence.append((entry.weight * TITLE, f"title: {term}", entry.owners))
        if found and compiled.combos:
            # Combinations are read in titles only: abstracts mention too much.
            joined = " " + " | ".join(found) + " "
            for combo in compiled.combos:
                if all(_contains(found, joined, part) for part in combo.parts):
                    evidence.append((PHRASE * TITLE, f"title: {combo.text}", combo.owners))
    if paper.abstract:
        for term, times in _find_terms(paper.abstract, compiled, abstract_f).items():
            entry = forms[term]
            if entry.owners:
                repeats = 1 + 0.5 * min(times - 1, ABSTRACT_REPEATS)
                single = entry.weight == KEYWORD
                weight = (ABSTRACT_KEYWORD if single else entry.weight) * ABSTRACT * repeats
                evidence.append((weight, f"abstract: {term}", entry.owners))
    if compiled.hints and (paper.primary_category or paper.categories):
        primary = paper.primary_category.lower()
        originals = {c.lower(): c for c in (*paper.categories, paper.primary_category) if c}
        for arxiv_class, original in originals.items():
            owners = _hint_owners(compiled, arxiv_class)
            if owners:
                weight = PRIMARY_HINT if arxiv_class == primary else CROSS_HINT
                evidence.append((weight, f"arXiv: {original}", owners))
    return evidence


def _scores(
    paper: Paper, compiled: _Compiled, title_f: str | None, abstract_f: str | None
) -> tuple[dict[int, float], list[_Evidence]]:
    evidence = _evidence(paper, compiled, title_f, abstract_f)
    scores: dict[int, float] = {}
    for weight, _, owners in evidence:
        for index in owners:
            scores[index] = scores.get(index, 0.0) + weight
    return scores, evidence


def _not_ai(paper: Paper) -> str | None:
    """The arXiv class to cite when ``paper`` is outside AI: no AI class, no AI words."""
    classes = [c.lower() for c in (paper.primary_category, *paper.categories) if c]
    if not classes or any(c in AI_CLASSES for c in classes):
        return None
    words = fold(paper.title + " " + paper.abstract).split()
    if sum(1 for word in words if word in AI_WORDS) >= AI_WORDS_NEEDED:
        return None
    return paper.primary_category or paper.categories[0]


def _assign(paper: Paper, compiled: _Compiled, model: LearnedModel | None) -> Assignment:
    # Only for the AI taxonomy the model knows: a user's own topics may be about anything.
    outside = _not_ai(paper) if model is not None else None
    if outside is not None:
        why = (f"arXiv: {outside} (no AI vocabulary)",)
        return Assignment(paper.arxiv_id, compiled.fallback, 0.0, why, "offline")
    title_f, abstract_f = _ascii_folded(paper.title), _ascii_folded(paper.abstract)
    rules, evidence = _scores(paper, compiled, title_f, abstract_f)
    title: dict[int, float] = {}
    for weight, reason, owners in evidence:
        if reason.startswith("title:"):
            for index in owners:
                title[index] = title.get(index, 0.0) + weight
    count = len(compiled.names)
    final = [rules.get(i, 0.0) * (BROAD if i in compiled.broad else 1.0) for i in range(count)]
    if model is not None:
        folded_title = title_f if title_f is not None else fold(paper.title)
        folded_abstract = abstract_f if abstract_f is not None else fold(paper.abstract)
        features = model.features(folded_title, folded_abstract, paper.categories)
        if len(features) < MIN_FEATURES and max(rules.values(), default=0.0) < MIN_SCORE:
            return Assignment(paper.arxiv_id, compiled.fallback, 0.0, (), "offline")
        learned = model.scores(features)
        final = [f + LEARNED * max(lp, -LEARNED_CAP) for f, lp in zip(final, learned, strict=True)]
        for index, likeness in model.pull(folded_title, folded_abstract, paper.categories).items():
            final[index] += PULL * likeness  # like the papers the reader moved there
    elif max(rules.values(), default=0.0) < MIN_SCORE:
        return Assignment(paper.arxiv_id, compiled.fallback, 0.0, (), "offline")
    # Highest score; equal scores go to the earlier category (smaller index).
    ranked = sorted(range(count), key=lambda i: (-final[i], i))
    best = ranked[0]
    if best in compiled.broad:
        # The topic outranks the tool: a topic named in the title wins over LLM/training.
        topics = [
            i
            for i in ranked
            if i not in compiled.broad
            and compiled.names[i] != compiled.fallback
            and title.get(i, 0.0) >= STRONG_TITLE
        ]
        if topics:
            best = topics[0]
    runner = next(i for i in ranked if i != best) if count > 1 else best
    close = runner != best and final[runner] >= final[best] - ALSO_MARGIN
    also = (compiled.names[runner],) if close else ()
    mine = [(weight, reason) for weight, reason, owners in evidence if best in owners]
    mine.sort(key=lambda item: -item[0])  # stable: equal weights keep their order
    matched = tuple(reason for _, reason in mine[:MAX_MATCHED])
    score = round(rules.get(best, 0.0), 3)
    return Assignment(paper.arxiv_id, compiled.names[best], score, matched, "offline", also)


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
