"""Checking a generated answer against the sentences it cites, before any of it is shown.

A reply is cut into claims (its sentences, each with the [n] markers it carries). A claim is
kept only when all of these hold, each something a reader can check by eye:
  1. it cites at least one of the numbered sentences the model was given, and only those
     (a sentence the model left uncited is given the one sentence that passes 2-4 on words
     alone, if there is one: a near-copy of a source the model forgot to number);
  2. every number in it, in digits or words, appears in a cited sentence;
  3. every name in it appears in a cited sentence (or in the sentence a cited one leans on,
     for "He scheduled ..." after "Trump announced ...");
  4. its words are found in the cited sentences: the idf-weighted share of its content words
     that are there (same stem 1, a related form 0.5, a word close in meaning 0.75/0.5) is at
     least WORDS_SURE, or at least WORDS_MIN with the claim as a whole close in meaning
     (cosine of the two sentence embeddings, same model as retrieval) to a cited sentence.
No entailment (NLI) model is packaged for offline use here, so negation and word order are not
checked: "Russia agreed" and "Russia did not agree" look alike to these tests.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from index import SentenceEmbedder, StoredSentence, sentence_spans
from index.embeddings import READ_BATCH_SIZE

from .language import (
    FUNCTION_WORDS,
    NUMBER_WORDS,
    SCALES,
    Token,
    content_words,
    is_name_like,
    is_question,
    stem,
    tokens,
)
from .lexical import LexicalIndex, match
from .semantic import WordSimilarity
from .tunables import MEANING_MIN, WORDS_MIN, WORDS_SURE

# [2], [1, 3], [1][3], [2-3], [S2], [sentence 2]
_NUMBER_REF = r"(?:s(?:entence)?\s*)?\d{1,3}"
MARKER = re.compile(rf"\[\s*({_NUMBER_REF}(?:\s*(?:,|;|-|–|and)\s*{_NUMBER_REF})*)\s*\]", re.IGNORECASE)
_LEADING_MARKERS = re.compile(rf"^(?:\s*{MARKER.pattern})+", re.IGNORECASE)
_DIGITS = re.compile(r"^\d[\d,.]*$")
# Number words a claim must not state unless a cited sentence does ("one" is too often no number).
STATED_NUMBER_WORDS = (
    (frozenset(NUMBER_WORDS) - {"zero", "one"})
    | {f"{w}s" for w in SCALES}
    | {
        "dozen",
        "dozens",
        "half",
        "twice",
    }
)

# Words that open a sentence in capitals without being names. A capitalised first word the
# documents never write in lower case is otherwise taken for a name and must be in the source:
# a false alarm costs only the fallback, a missed name would show a misattribution.
_OPENERS = frozenset(
    """after before following during despite although though however meanwhile moreover furthermore
    additionally yes no both while since because once until unless whereas instead overall currently
    earlier later today yesterday tomorrow recently first second third finally then thus therefore
    nonetheless nevertheless separately elsewhere next last""".split()
)

# The ways a model says the sentences do not hold the answer.
_NOT_KNOWN = re.compile(
    r"\bi\s+(?:do\s*(?:not|n['’]t)|cannot|can['’]?t|am\s+unable\s+to)\s+(?:know|say|answer|tell|find|determine)"
    r"|\b(?:article|sources?|sentences?|text|documents?|context|information\s+provided|provided\s+\w+)\s+"
    r"(?:does|do|did)\s*(?:not|n['’]t)\s+(?:say|contain|mention|state|provide|include|specify|give|answer)"
    r"|\bno\s+(?:information|mention)\b|\bnot\s+enough\s+information\b|\bnot\s+(?:mentioned|stated|specified)\s+in\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Claim:
    text: str  # the sentence with its markers taken out
    markers: tuple[int, ...]  # the sentence numbers it cites, as the model wrote them
    end: int  # where it ends in the reply

    @property
    def says_unknown(self) -> bool:
        return bool(_NOT_KNOWN.search(self.text))

    @property
    def has_content(self) -> bool:
        return bool(content_words(self.text))


@dataclass(frozen=True)
class Support:
    ok: bool
    reason: str  # what failed, or the figures that passed
    words: float = 0.0  # the share of its words found (0 when a number or name failed first)


def claims(reply: str) -> list[Claim]:
    """The reply's sentences with their markers. Markers opening a sentence ("... lasted an
    hour. [1] Trump ...") belong to the sentence before, when that one has none of its own."""
    found: list[Claim] = []
    for start, end in sentence_spans(reply):
        text = reply[start:end]
        leading = _LEADING_MARKERS.match(text)
        if leading and found and not found[-1].markers:
            previous = found.pop()
            found.append(Claim(previous.text, _numbers(leading.group()), start + leading.end()))
            text = text[leading.end() :]
        if not text.strip() and found:
            continue
        found.append(Claim(_tidy(MARKER.sub(" ", text)), _numbers(text), end))
    return [c for c in found if c.text or c.markers]


def _numbers(text: str) -> tuple[int, ...]:
    numbers: list[int] = []
    for group in MARKER.findall(text):
        for part in re.split(r"\s*(?:,|;|and)\s*", group):
            bounds = [int(n) for n in re.findall(r"\d+", part)]
            if len(bounds) == 2 and bounds[0] <= bounds[1] <= bounds[0] + 10:  # [2-4]
                numbers.extend(range(bounds[0], bounds[1] + 1))
            else:
                numbers.extend(bounds)
    return tuple(dict.fromkeys(numbers))


def _tidy(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    return re.sub(r"\s+([.,;:!?])", r"\1", text)


class Verifier:
    """Whether a claim is supported by the sentences it cites (see the module docstring)."""

    def __init__(self, lexical: LexicalIndex, similarity: WordSimilarity, embedder: SentenceEmbedder) -> None:
        self.lexical = lexical
        self.similarity = similarity
        self.embedder = embedder

    def check(self, claim: Claim, cited: Sequence[StoredSentence], *, meaning: bool = True) -> Support:
        """Whether the sentences support the claim; meaning=False skips the embedding test, so
        only a claim made mostly of the sentences' own words passes."""
        if not cited:
            return Support(False, "cites no sentence")
        # A question in the documents states nothing ("**Q: Does Aurora ship to Ireland?**"): its
        # words support no claim, as the extractive engine never cites one as the answer.
        cited = [s for s in cited if not is_question(s.text)]
        if not cited:
            return Support(False, "cites only a question, which states nothing")
        texts = [s.text for s in cited]
        support_text = " ".join(texts + [s.context for s in cited if s.context])
        found = {stem(w) for w in content_words(support_text)}
        numbers = {stem(t.text) for t in tokens(support_text) if _DIGITS.match(t.text)}
        claim_tokens = tokens(claim.text)
        support_words = {t.lower for t in tokens(support_text)}
        for token in claim_tokens:
            missing = _DIGITS.match(token.text) and stem(token.text) not in numbers
            if missing or (token.lower in STATED_NUMBER_WORDS and token.lower not in support_words):
                return Support(False, f"the number {token.text} is not in the cited sentence")
        for token in self._names(claim_tokens):
            if stem(token.lower) not in found and match(stem(token.lower), found) < 1.0:
                return Support(False, f"the name {token.text} is not in the cited sentence")
        words = list(dict.fromkeys(content_words(claim.text)))
        if not words:
            return Support(True, "no content words", 1.0)
        share = self._word_share(words, found, support_text)
        if share >= WORDS_SURE:
            return Support(True, f"words {share:.2f}", share)
        if not meaning:
            return Support(False, f"too little of it is in the sentence (words {share:.2f})", share)
        closeness = self._meaning(claim.text, texts)
        if share >= WORDS_MIN and closeness >= MEANING_MIN:
            return Support(True, f"words {share:.2f}, meaning {closeness:.2f}", share)
        why = f"too little of it is in the cited sentence (words {share:.2f}, meaning {closeness:.2f})"
        return Support(False, why, share)

    def _names(self, claim_tokens: Sequence[Token]) -> list[Token]:
        names = []
        lowercase = self.lexical.lowercase
        for i, token in enumerate(claim_tokens):
            if is_name_like(token, first=i == 0):
                names.append(token)
            elif i == 0:
                # A capitalised first word is a name unless the documents use it in lower case
                # ("Negotiations lasted" is not, "Macron said" is).
                text = token.text
                lower = text.lower()
                if text[:1].isupper() and lower not in FUNCTION_WORDS | _OPENERS and lower not in lowercase:
                    names.append(token)
        return names

    def _word_share(self, words: Sequence[str], found: set[str], support_text: str) -> float:
        terms = [stem(w) for w in words]
        credits = [match(t, found) for t in terms]
        unmatched = [w for w, c in zip(words, credits, strict=True) if c < 1.0]
        semantic = dict(zip(unmatched, self.similarity.credits(unmatched, content_words(support_text)), strict=True))
        total = covered = 0.0
        for word, term, credit in zip(words, terms, credits, strict=True):
            weight = self.lexical.weight(term)
            total += weight
            covered += weight * max(credit, semantic.get(word, 0.0))
        return covered / total if total else 0.0

    def _meaning(self, claim: str, texts: Sequence[str]) -> float:
        vectors = np.asarray(self.embedder.embed_documents([claim, *texts], batch_size=READ_BATCH_SIZE))
        return float((vectors[1:] @ vectors[0]).max())
