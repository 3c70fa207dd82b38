"""Answering engines. The default one is extractive: it answers with the source sentences.

An engine gets the question and the retrieved candidates and returns an Answer. The generative
engine (assistant.generative) sits behind the same interface and falls back to this one.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from .followup import Query, is_elliptic
from .language import FUNCTION_WORDS, content_words, is_name_like, stem, stems, tokens, words
from .lexical import LexicalIndex, match
from .retrieval import Candidate
from .semantic import WordSimilarity
from .shortanswer import Kind, answer_closeness, find_short_answer, has_kind, name_runs, question_kind
from .types import Answer

# When the best sentence is this close in meaning, it answers whatever the wording.
DENSE_SURE = 0.62
# Below this nothing is an answer; between the two, the question's words must be found too.
DENSE_MIN = 0.38
COVERAGE_MIN = 0.45
# An unknown name this close to a name in the candidates ("American" ~ "US" 0.63, while
# "Macron" ~ "Putin" is 0.37 and "Merkel" ~ "Lavrov" 0.16) does not refuse by itself, but the
# answer must then be closer in meaning: halfway between DENSE_MIN and DENSE_SURE.
NEAR_NAME = 0.6
# Related sentences shown under a refusal must be at least this close.
RELATED_MIN = 0.3
# How much a sentence holding the kind of answer asked for (a time for "when") is preferred.
KIND_BONUS = 0.12
COVERAGE_BONUS = 0.15
# Names are the strongest constraint a question gives: prefer sentences that have them.
NAME_BONUS = 0.15
# ...and those whose answer of that kind sits next to the question's most telling words.
PROXIMITY_BONUS = 0.25
MAX_CITATIONS = 2

_INSTRUCTION = re.compile(
    r"\b(?:ignore|disregard|forget|override|bypass)\b.{0,40}\b(?:instructions?|article|context|rules|prompt|above|"
    r"previous|sources?|documents?)\b|\b(?:system prompt|jailbreak|you are now|pretend (?:to be|you are)|act as)\b",
    re.IGNORECASE,
)
_WHO_IS = re.compile(r"^\s*who\s+(?:is|was|are|were)\b", re.IGNORECASE)
_ABSENCE = frozenset("unannounced undisclosed unclear unknown refrained declined".split())

NOT_SAID = "The article doesn't say."


@dataclass(frozen=True)
class Request:
    question: str  # as asked, with misspellings of corpus words fixed
    query: Query
    candidates: Sequence[Candidate]
    lexical: LexicalIndex
    similarity: WordSimilarity
    history: Sequence[Mapping[str, object]] = ()  # the recent conversation, as given


class Engine(Protocol):
    name: str

    def respond(self, request: Request) -> Answer: ...


class ExtractiveEngine:
    """Answers with retrieved sentences, a short answer first when the question asks for one."""

    name = "extractive"

    def respond(self, request: Request) -> Answer:
        question, candidates = request.question, request.candidates
        if _INSTRUCTION.search(question):
            return refusal("I only answer questions from the article, and it doesn't say.", [], ["instruction"])
        unknown = unknown_names(question, request.lexical)
        near = [n for n in unknown if _near_a_known_name(n, request)]
        if len(near) < len(unknown):
            said = " or ".join(n for n in unknown if n not in near)
            return refusal(f"The article doesn't mention {said}.", related(candidates), ["unknown name"])
        if not candidates:
            return refusal(NOT_SAID, [], ["nothing retrieved"])

        asked = _read(request, near)
        kind, names, terms, lexical = asked.kind, asked.names, asked.terms, request.lexical

        def rank(c: Candidate) -> float:
            return (
                c.score
                + COVERAGE_BONUS * lexical.coverage(terms, c.index)
                + NAME_BONUS * _share(names, lexical.documents[c.index])
                + KIND_BONUS * has_kind(kind, question, c.sentence.text)
                + PROXIMITY_BONUS * answer_closeness(kind, question, c.sentence.text, lexical.weight)
            )

        ranked = sorted(candidates, key=lambda c: -rank(c))
        best = ranked[0]
        if not has_kind(kind, question, best.sentence.text):
            # "When will Trump speak with Putin?": the closest sentence says he will, another
            # says when. A sentence that holds the kind of answer asked for, and is itself
            # about the question, goes first.
            holder = next(
                (
                    c
                    for c in ranked[1:5]
                    if has_kind(kind, question, c.sentence.text)
                    and c.dense >= DENSE_MIN
                    and lexical.coverage(terms, c.index) >= COVERAGE_MIN / 2
                ),
                None,
            )
            if holder is not None:
                ranked = [holder] + [c for c in ranked if c is not holder]
                best = holder
        cited = [best] + _complements(names, best, ranked[1:], lexical)
        problem, support = _judge(request, asked, cited)
        if problem:
            return refusal(NOT_SAID, related(candidates), [problem])
        lead = next((found for c in cited if (found := _lead(kind, question, c))), None)
        return _compose(lead, cited, [support])


@dataclass(frozen=True)
class Asked:
    """What the question asks for, as the support test reads it."""

    kind: Kind
    names: set[str]  # stems of the names in it
    text: str  # the question, or the earlier one for "Who is he?"
    terms: list[str]
    near: list[str]  # names the documents never use but have close ones to ("American" ~ "US")


def _read(request: Request, near: list[str]) -> Asked:
    question = request.question
    kind = question_kind(question)
    if kind is Kind.OTHER and request.query.earlier and is_elliptic(question):
        kind = question_kind(request.query.earlier)  # "And with Zelensky?" asks what came before
    text = question if content_words(question) else request.query.earlier  # "Who is he?"
    return Asked(kind, question_names(question), text, stems(text), near)


def _judge(request: Request, asked: Asked, cited: Sequence[Candidate]) -> tuple[str | None, str]:
    """(why these sentences do not answer the question, or None; the figures that decided)."""
    lexical = request.lexical
    dense = max(c.dense for c in cited)
    coverage = lexical.coverage(asked.terms, cited[0].index, [c.index for c in cited[1:]])
    if DENSE_MIN <= dense < DENSE_SURE and coverage < COVERAGE_MIN:
        # Only here can paraphrase credit change the outcome; it costs a model call for
        # words not seen before, so it is not paid on every question.
        coverage = max(coverage, semantic_coverage(asked.text, cited, request))
    floor = (DENSE_MIN + DENSE_SURE) / 2 if asked.near else DENSE_MIN  # "the Pope" is not "the Vatican"
    if not (dense >= DENSE_SURE or (dense >= floor and coverage >= COVERAGE_MIN)):
        return f"weak support: dense {dense:.2f}, words {coverage:.2f}", ""
    kind = asked.kind
    if not any(has_kind(kind, request.question, c.sentence.text) for c in cited) and not _states_absence(cited[0]):
        return f"no {kind.value} in the best sentences", ""
    return None, f"support: dense {dense:.2f}, words {coverage:.2f}, kind {kind.value}"


def read_question(request: Request) -> Asked:
    """What the question asks for, read once for judging any number of answers to it."""
    unknown = unknown_names(request.question, request.lexical)
    return _read(request, [n for n in unknown if _near_a_known_name(n, request)])


def judge(request: Request, asked: Asked, cited: Sequence[Candidate]) -> str | None:
    """Why the cited sentences do not answer the question, or None: the test the extractive
    engine puts its own choice to (about the question in meaning or words, and holding the
    kind of answer asked for). The generative engine puts the model's choice to it too."""
    if not cited:
        return "no sentence cited"
    return _judge(request, asked, cited)[0]


def unknown_names(question: str, lexical: LexicalIndex) -> list[str]:
    """Capitalised words of the question that the documents never use, even misspelt; adjacent
    ones stay together ("Emmanuel Macron")."""
    found: list[list[str]] = []
    previous_end = -2
    for i, token in enumerate(tokens(question)):
        if not is_name_like(token, first=i == 0):
            continue
        vocabulary = lexical.vocabulary
        if any(w not in FUNCTION_WORDS and vocabulary.correct(w) not in vocabulary for w in words(token.text)):
            if found and question[previous_end : token.start].strip() == "":
                found[-1].append(token.text)
            else:
                found.append([token.text])
            previous_end = token.end
    return list(dict.fromkeys(" ".join(group) for group in found))


def semantic_coverage(question: str, cited: Sequence[Candidate], request: Request) -> float:
    """The idf-weighted share of the question's content words found in the cited sentences:
    the same stem counts 1, a related form 0.5, a word close in meaning 0.75 or 0.5."""
    lexical, similarity = request.lexical, request.similarity
    found = set().union(*(lexical.documents[c.index] for c in cited))
    sentence_words = [w for c in cited for w in lexical.words_of(c.index)]
    question_words = list(dict.fromkeys(content_words(question)))
    terms = [stem(w) for w in question_words]
    credits = [match(t, found) for t in terms]
    unmatched = [w for w, c in zip(question_words, credits, strict=True) if c < 1.0]
    semantic = dict(zip(unmatched, similarity.credits(unmatched, sentence_words), strict=True))
    total = covered = 0.0
    for word, term, credit in zip(question_words, terms, credits, strict=True):
        weight = lexical.weight(term)
        total += weight
        covered += weight * max(credit, semantic.get(word, 0.0))
    return covered / total if total else 0.0


def _near_a_known_name(name: str, request: Request) -> bool:
    """An unknown capitalised word close to a name the documents use ("American" ~ "US")."""
    known = {w.lower() for c in request.candidates[: MAX_CITATIONS + 3] for w in _capitalised(c.sentence.text)}
    return bool(known) and request.similarity.best(name.lower(), known) >= NEAR_NAME


def _capitalised(text: str) -> list[str]:
    return [
        t.text for i, t in enumerate(tokens(text)) if is_name_like(t, first=i == 0) or (i == 0 and t.text[:1].isupper())
    ]


def question_names(question: str) -> set[str]:
    return {stem(t.lower) for i, t in enumerate(tokens(question)) if is_name_like(t, first=i == 0)}


def _share(names: set[str], found: set[str]) -> float:
    return len(names & found) / len(names) if names else 0.0


def _states_absence(candidate: Candidate) -> bool:
    """The sentence says the thing asked about is not known ("timelines remain unannounced")."""
    return bool({w for w in words(candidate.sentence.text)} & _ABSENCE)


def _complements(names: set[str], best: Candidate, rest: Sequence[Candidate], lexical: LexicalIndex) -> list[Candidate]:
    """Further sentences for names of the question the best one does not cover."""
    covered = set(lexical.documents[best.index])
    extra: list[Candidate] = []
    for candidate in rest:
        missing = names - covered
        if not missing or len(extra) + 1 >= MAX_CITATIONS:
            break
        if candidate.dense >= DENSE_MIN and missing & lexical.documents[candidate.index]:
            extra.append(candidate)
            covered |= lexical.documents[candidate.index]
    return extra


def _lead(kind: Kind, question: str, best: Candidate) -> str | None:
    text = best.sentence.text
    names = question_names(question)
    if kind is Kind.PERSON and _WHO_IS.match(question) and names:
        # "Who is Peskov?" is answered by the title that goes with the name.
        for run in name_runs(text):
            run_words = [stem(t.lower) for t in tokens(run.text)]
            if names & set(run_words) and len(run_words) > len(names & set(run_words)):
                return " ".join(run.text.split())
    if kind is Kind.OTHER:
        return None
    return find_short_answer(kind, question, text)


def _quotes(cited: Sequence[Candidate]) -> str:
    return "\n\n".join(f"“{c.sentence.text}” [{n}]" for n, c in enumerate(cited, 1))


def _compose(lead: str | None, cited: Sequence[Candidate], notes: Sequence[str] = ()) -> Answer:
    opening = f"{lead.rstrip('.')}." if lead else "From the article:"
    return Answer(
        text=f"{opening}\n\n{_quotes(cited)}",
        answered=True,
        citations=tuple(c.citation() for c in cited),
        notes=tuple(notes),
    )


def related(candidates: Sequence[Candidate]) -> list[Candidate]:
    return [c for c in candidates[:MAX_CITATIONS] if c.dense >= RELATED_MIN]


def refusal(message: str, shown: Sequence[Candidate], notes: Sequence[str]) -> Answer:
    text = message
    if shown:
        text += "\n\nRelated sentences, which do not answer it:\n\n" + _quotes(shown)
    return Answer(text=text, answered=False, citations=tuple(c.citation() for c in shown), notes=tuple(notes))
