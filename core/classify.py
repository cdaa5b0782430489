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

Text is normalised to lowercase words, then scanned once: at each word the longest
known term starting there is taken, so overlapping terms do not double-count
("multimodal large language model" is one Multimodal match, not also an LLM one).
The lookup tables are built once per taxonomy and cached by ``taxonomy.version``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import compress, count

from core.models import Assignment, Paper, Taxonomy

TITLE = 3.0
ABSTRACT = 1.0
PHRASE = 2.0
KEYWORD = 1.0
ABSTRACT_REPEATS = 4
PRIMARY_HINT = 1.5
CROSS_HINT = 0.5
MIN_SCORE = 2.0  # below this (one generic abstract word) the evidence is too thin
MAX_MATCHED = 8  # reasons kept per paper; enough to show why
_CACHE_SIZE = 8

_LATEX_COMMAND = re.compile(r"\\[A-Za-z]+\*?")
# Runs of letters and digits are words: hyphens, braces and "$" separate them.
_WORD = re.compile(r"[^\W_]+")
# Scripts written without spaces touch Latin words ("LLM을"); split them apart.
_CJK_EDGE = re.compile(
    r"(?<=[a-z0-9])(?=[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af])"
    r"|(?<=[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af])(?=[a-z0-9])"
)


def words_of(text: str) -> list[str]:
    """Lowercase words of ``text``; LaTeX commands and punctuation dropped."""
    if "\\" in text:
        text = _LATEX_COMMAND.sub(" ", text)
    text = text.lower()
    if not text.isascii():
        text = _CJK_EDGE.sub(" ", text)
    return _WORD.findall(text)


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


@dataclass(frozen=True, slots=True)
class _Term:
    text: str
    phrase: bool
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
    terms: dict[str, _Term]  # any form (plurals too) -> its term
    longest: dict[str, int]  # first word -> most words a term starting with it has
    combos: tuple[_Combo, ...]
    hints: tuple[tuple[int, str], ...]
    names: tuple[str, ...]
    fallback: str


_compiled: dict[str, _Compiled] = {}


def _compile(taxonomy: Taxonomy) -> _Compiled:
    cached = _compiled.get(taxonomy.version)
    if cached is not None:
        return cached
    owners: dict[str, list[int]] = {}
    combos: dict[tuple[str, ...], list[int]] = {}
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
    terms: dict[str, _Term] = {}
    longest: dict[str, int] = {}
    for text, indices in owners.items():
        entry = _Term(text, " " in text, tuple(indices))
        for form in _variants(text):
            # An exact term beats a plural form of another term ("bias" vs "bia"+"s").
            if form not in terms or form == text:
                terms[form] = entry
            words = form.split(" ")
            longest[words[0]] = max(longest.get(words[0], 0), len(words))
    hints = tuple(
        (index, hint.lower())
        for index, category in enumerate(taxonomy.categories)
        for hint in category.arxiv_hints
    )
    compiled = _Compiled(
        terms,
        longest,
        tuple(_Combo(parts, tuple(indices)) for parts, indices in combos.items()),
        hints,
        tuple(c.name for c in taxonomy.categories),
        taxonomy.fallback,
    )
    if len(_compiled) >= _CACHE_SIZE:
        _compiled.pop(next(iter(_compiled)))
    _compiled[taxonomy.version] = compiled
    return compiled


def _find_terms(text: str, compiled: _Compiled) -> dict[str, int]:
    """How often each term occurs in ``text``, longest match first, no overlaps."""
    words = words_of(text)
    terms, longest = compiled.terms, compiled.longest
    counts: dict[str, int] = {}
    n = len(words)
    end = 0  # words before ``end`` belong to a match already counted
    # Only words that can start a term are looked at: most words of an abstract are not.
    for i in compress(count(), map(longest.__contains__, words)):
        if i < end:
            continue
        for size in range(min(longest[words[i]], n - i), 0, -1):
            entry = terms.get(words[i] if size == 1 else " ".join(words[i : i + size]))
            if entry is not None:
                counts[entry.text] = counts.get(entry.text, 0) + 1
                end = i + size
                break
    return counts


def _contains(found: dict[str, int], joined: str, part: str) -> bool:
    """Whether ``part`` occurred, alone or inside a longer term (``joined``: all terms)."""
    return part in found or f" {part} " in joined


def _hint_matches(hint: str, arxiv_class: str) -> bool:
    return arxiv_class == hint or arxiv_class.startswith(hint + ".")


def _score(
    paper: Paper, compiled: _Compiled
) -> tuple[dict[int, float], dict[int, list[tuple[float, str]]]]:
    scores: dict[int, float] = {}
    reasons: dict[int, list[tuple[float, str]]] = {}

    def add(indices: tuple[int, ...], weight: float, reason: str) -> None:
        for index in indices:
            scores[index] = scores.get(index, 0.0) + weight
            reasons.setdefault(index, []).append((weight, reason))

    for field, text, field_weight in (
        ("title", paper.title, TITLE),
        ("abstract", paper.abstract, ABSTRACT),
    ):
        found = _find_terms(text, compiled) if text else {}
        for term, times in found.items():
            entry = compiled.terms[term]
            if not entry.owners:
                continue
            weight = (PHRASE if entry.phrase else KEYWORD) * field_weight
            if field == "abstract":
                weight *= 1 + 0.5 * min(times - 1, ABSTRACT_REPEATS)
            add(entry.owners, weight, f"{field}: {term}")
        if field != "title" or not found:
            continue  # combinations are read in titles only: abstracts mention too much
        joined = " " + " | ".join(found) + " "
        for combo in compiled.combos:
            if all(_contains(found, joined, part) for part in combo.parts):
                add(combo.owners, PHRASE * field_weight, f"{field}: {combo.text}")

    primary = paper.primary_category.lower()
    originals = {c.lower(): c for c in (*paper.categories, paper.primary_category) if c}
    for arxiv_class, original in originals.items():
        weight = PRIMARY_HINT if arxiv_class == primary else CROSS_HINT
        owners = tuple(i for i, hint in compiled.hints if _hint_matches(hint, arxiv_class))
        if owners:
            add(owners, weight, f"arXiv: {original}")
    return scores, reasons


def classify_one(paper: Paper, taxonomy: Taxonomy) -> Assignment:
    """Classify one paper; see the module docstring for the scoring."""
    compiled = _compile(taxonomy)
    scores, reasons = _score(paper, compiled)
    # Highest score; equal scores go to the earlier category (smaller index).
    best = min(scores, key=lambda index: (-scores[index], index), default=None)
    if best is None or scores[best] < MIN_SCORE:
        return Assignment(paper.arxiv_id, compiled.fallback, 0.0, (), "offline")
    ranked = sorted(reasons[best], key=lambda item: -item[0])
    matched = tuple(reason for _, reason in ranked[:MAX_MATCHED])
    return Assignment(
        paper.arxiv_id, compiled.names[best], round(scores[best], 3), matched, "offline"
    )


def classify(papers: Sequence[Paper], taxonomy: Taxonomy) -> list[Assignment]:
    """Assign each paper to one category of ``taxonomy``, offline and deterministically."""
    return [classify_one(paper, taxonomy) for paper in papers]
