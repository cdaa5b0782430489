"""Abstracts cut into plain-text sentences, and the sentences that only point at links."""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..text import clean_block
from .keyphrases import STOPWORDS, URL, URL_HINTS, WORD
from .plain import plain_text

# Words after which a full stop does not end a sentence.
_ABBREVIATION_TEXT = (
    "e.g i.e al etc vs cf fig figs eq eqs sec no approx resp dr mr ms prof st ref refs "
    "viz incl esp ca"
)
_ABBREVIATIONS = frozenset(_ABBREVIATION_TEXT.split())
_END = re.compile(r"[.!?]+[\"')\]]*\s+")
_STARTS_SENTENCE = re.compile(r"[A-Z0-9\"'(\[$\\]")
# Characters clean_block would change (controls, format characters, entities).
_DIRTY = re.compile(
    "[\x00-\x1f\x7f-\x9f\xad\u061c\u180e\u200b-\u200f\u202a-\u202e"
    "\u2060-\u206f\ufeff\ufff9-\ufffb&]"
)

# Words of a sentence about where code, data or a page is, or of a link
# ("https://x.io" is "https", "x", "io"): a sentence without any is not one.
_HINT_TEXT = """http https www github gitlab hugging huggingface available availability
    unavailable publicly release released releases releasing open open-source
    open-sourced opensource page pages homepage website repository repositories url
    webpage com io org net html"""
_HINT_WORDS = frozenset(_HINT_TEXT.split())
# Its other words: with stop words, all that such a sentence says.
_LINK_TEXT = """code codes coding source sources data dataset datasets model models weights
    checkpoint
    checkpoints implementation implementations project projects page pages website homepage
    demo demos repository repositories repo resources resource script scripts toolkit
    library tool tools package benchmark supplementary material materials artifact
    artifacts available availability publicly public release released releases releasing
    open open-source open-sourced opensource sourced make made link links url github
    gitlab huggingface hugging face accessible access found hosted provided upon
    acceptance publication request online freely obtained here full anonymous
    anonymously reproducibility reproduce reproducing facilitate visit details
    additional at our all support supporting future share shared sharing files foster
    community purposes"""
_LINK_WORDS = frozenset(_LINK_TEXT.split())
# What is released or linked to: a sentence without a link must name one of these.
_ARTIFACT_TEXT = """code codes data dataset datasets model models weights checkpoint checkpoints
    implementation implementations benchmark repository repo page website homepage demo
    resources scripts artifacts materials toolkit library"""
_ARTIFACTS = frozenset(_ARTIFACT_TEXT.split())
# A sentence with more words than these of its own says more than where a link is.
_LINK_ONLY_WORDS = 2


def _is_clean(text: str) -> bool:
    # Most titles and abstracts are already clean ASCII; clean_line walks every character.
    return "  " not in text and _DIRTY.search(text) is None


def normalise_abstract(text: str) -> str:
    """The abstract as sentences are cut from it: :func:`core.text.clean_block`, then
    LaTeX made plain (:func:`.plain.plain_text`)."""
    return plain_text(text.strip() if _is_clean(text) else clean_block(text))


def normalise_title(text: str) -> str:
    """A title as the writer names it: one clean line, LaTeX made plain."""
    return plain_text(text.strip() if _is_clean(text) else clean_block(text))


def split_sentences(text: str) -> list[str]:
    """Sentences of ``text``, not broken at "e.g.", "et al." or decimals; each a substring
    of :func:`normalise_abstract`."""
    return split(normalise_abstract(text))


def split(text: str) -> list[str]:
    """Sentences of an already normalised ``text``."""
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


def may_link(words: Iterable[str]) -> bool:
    """False when a sentence of these lower-case ``words`` cannot be :func:`is_link_only`
    (a quick test: a set lookup per word)."""
    return not _HINT_WORDS.isdisjoint(words)


def is_link_only(lowered: str) -> bool:
    """True when a sentence (lower case) only says where code, data or a page is, or is
    a bare link: "Code is available at https://github.com/...", "Project page: ..."."""
    linked = any(map(lowered.__contains__, URL_HINTS)) and URL.search(lowered) is not None
    words = WORD.findall(URL.sub(" ", lowered) if linked else lowered)
    # Without a link, it must say something is available ("the available baselines" is
    # not enough: code, data, a page...).
    if not linked and (not may_link(words) or _ARTIFACTS.isdisjoint(words)):
        return False
    own = [w for w in words if w not in STOPWORDS and w not in _LINK_WORDS and len(w) > 2]
    return len(own) <= _LINK_ONLY_WORDS
