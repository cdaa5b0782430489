"""Terms of a taxonomy found in a text, for the offline classifier (:mod:`.classify`).

Terms are compared as lowercase words: any run of punctuation, spaces, hyphens or
underscores separates words. Every term of a taxonomy (plurals included) is folded
into one compiled regular expression shaped like a trie, so a text is scanned once,
left to right, by the regex engine; at each word the longest known term starting
there is taken, so overlapping terms do not double-count ("multimodal large language
model" is one Multimodal match, not also an LLM one).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import compress, count
from typing import Any

from .learned import fold

_LATEX_COMMAND = re.compile(r"\\[A-Za-z]+\*?")
# Runs of letters and digits are words: hyphens, braces and "$" separate them.
_WORD = re.compile(r"[^\W_]+")
_SEPARATORS = re.compile(r"[\W_]+")
_PLAIN = b"abcdefghijklmnopqrstuvwxyz0123456789 "
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


def variants(term: str) -> set[str]:
    """The term and its simple English plurals (on the last word)."""
    forms = {term, term + "s"}
    if term.endswith(("s", "x", "z", "ch", "sh")):
        forms.add(term + "es")
    if len(term) > 2 and term.endswith("y") and term[-2] not in "aeiou":
        forms.add(term[:-1] + "ies")
    return forms


def term_pattern(forms: Sequence[str], gap: str, word_char: str) -> re.Pattern[str]:
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


@dataclass(frozen=True, slots=True, eq=False)
class Term:
    """One term of a taxonomy, with what finding it is worth."""

    text: str
    weight: float  # classify.PHRASE or classify.KEYWORD
    owners: tuple[int, ...]
    # Worked out once: the weight in a title, the weights in an abstract by repeats - 1
    # (up to ``classify.ABSTRACT_REPEATS``), and the reasons shown.
    in_title: float = 0.0
    in_abstract: tuple[float, ...] = ()
    title_reason: str = ""
    abstract_reason: str = ""


@dataclass(frozen=True, slots=True)
class TermFinder:
    """The terms of one taxonomy as patterns: for texts folded by ``fold``, and any text."""

    ascii_pattern: re.Pattern[str]
    any_pattern: re.Pattern[str]
    forms: dict[str, Term]  # any form (plurals too), words joined by spaces -> its term
    # First word -> the lengths in words of the longer forms it starts (longest first),
    # and their second words.
    starts: dict[str, tuple[tuple[int, ...], frozenset[str]]]

    @classmethod
    def build(cls, forms: dict[str, Term]) -> TermFinder:
        """The finder of ``forms``."""
        ordered = sorted(forms)
        ascii_pattern = term_pattern(ordered, " ", "[a-z0-9]")
        lengths: dict[str, set[int]] = {}
        seconds: dict[str, set[str]] = {}
        for form in ordered:
            words = form.split(" ")
            lengths.setdefault(words[0], set())
            seconds.setdefault(words[0], set())
            if len(words) > 1:
                lengths[words[0]].add(len(words))
                seconds[words[0]].add(words[1])
        starts = {
            word: (tuple(sorted(n, reverse=True)), frozenset(seconds[word]))
            for word, n in lengths.items()
        }
        any_pattern = term_pattern(ordered, r"[\W_]", r"[^\W_]")
        return cls(ascii_pattern, any_pattern, forms, starts)

    def find_words(self, words: list[str]) -> dict[Term, int]:
        """:meth:`find` given the text's words: those of :func:`words_of`, or for a folded
        text made of ``[a-z0-9 ]`` only, its ``split``.

        The same longest-first, left-to-right matching, by dictionary lookups at the few
        words that start some term, instead of the regex engine stepping through every
        word (words are split once per paper: the learned model reads them too).
        """
        starts = self.starts
        forms = self.forms
        counts: dict[Term, int] = {}
        free = 0  # the first word not inside a term already found
        last = len(words) - 1
        for i in compress(count(), map(starts.__contains__, words)):
            if i < free:
                continue
            word = words[i]
            lengths, seconds = starts[word]
            size = 1
            entry = None
            if i < last and words[i + 1] in seconds:  # maybe a longer form: longest first
                for size in lengths:
                    entry = forms.get(" ".join(words[i : i + size]))
                    if entry is not None:
                        break
            if entry is None:
                size = 1
                entry = forms.get(word)
            if entry is not None:
                counts[entry] = counts.get(entry, 0) + 1
                free = i + size
        return counts

    def find(self, text: str, folded: str | None = None) -> dict[Term, int]:
        """How often each term occurs in ``text``, longest match first, no overlaps.

        ``folded``: the text already through :func:`learned.fold` (ASCII texts only).
        """
        if folded is None and "\\" in text:
            text = _LATEX_COMMAND.sub(" ", text)
        if folded is not None:
            found = self.ascii_pattern.findall(" " + folded)
        elif text.isascii():
            found = self.ascii_pattern.findall(" " + fold(text))
        else:
            found = self.any_pattern.findall(" " + _CJK_EDGE.sub(" ", text.lower()))
        forms = self.forms
        counts: dict[Term, int] = {}
        for form in found:
            entry = forms.get(form)
            if entry is None:  # words joined by something other than one space
                entry = forms[_SEPARATORS.sub(" ", form)]
            counts[entry] = counts.get(entry, 0) + 1
        return counts


def plain(folded: str) -> bool:
    """Whether a folded text is only ``[a-z0-9 ]`` (no control character is left)."""
    return not folded.encode("ascii").translate(None, _PLAIN)


def ascii_folded(text: str) -> str | None:
    """``text`` folded for the term finder when it is plain ASCII, else None."""
    if not text.isascii():
        return None
    return fold(_LATEX_COMMAND.sub(" ", text) if "\\" in text else text)
