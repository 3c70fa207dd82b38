"""Answering engines. The default one is extractive: it answers with the source sentences.

An engine gets the question and the retrieved candidates and returns an Answer; a generative
engine can be put behind the same interface later.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Protocol, Sequence

from .followup import Query
from .language import FUNCTION_WORDS, content_words, is_name_like, stem, stems, tokens, words
from .lexical import LexicalIndex
from .retrieval import Candidate
from .shortanswer import Kind, find_short_answer, has_kind, name_runs, question_kind
from .types import Answer, Citation

# When the best sentence is this close in meaning, it answers whatever the wording.
DENSE_SURE = 0.62
# Below this nothing is an answer; between the two, the question's words must be found too.
DENSE_MIN = 0.38
COVERAGE_MIN = 0.45
# Related sentences shown under a refusal must be at least this close.
RELATED_MIN = 0.3
# How much a sentence holding the kind of answer asked for (a time for "when") is preferred.
KIND_BONUS = 0.12
COVERAGE_BONUS = 0.15
# Names are the strongest constraint a question gives: prefer sentences that have them.
NAME_BONUS = 0.15
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


class Engine(Protocol):
    name: str

    def respond(self, request: Request) -> Answer: ...


class ExtractiveEngine:
    """Answers with retrieved sentences, a short answer first when the question asks for one."""

    name = "extractive"

    def respond(self, request: Request) -> Answer:
        question, candidates = request.question, request.candidates
        if _INSTRUCTION.search(question):
            return _refusal("I only answer questions from the article, and it doesn't say.", [], ["instruction"])
        unknown = unknown_names(question, request.lexical)
        if unknown:
            said = " or ".join(unknown)
            return _refusal(f"The article doesn't mention {said}.", _related(candidates), ["unknown name"])
        if not candidates:
            return _refusal(NOT_SAID, [], ["nothing retrieved"])

        kind = question_kind(question)
        if kind is Kind.OTHER and request.query.earlier and len(content_words(question)) <= 2:
            kind = question_kind(request.query.earlier)  # "What about Zelensky?" asks what came before
        terms = stems(question) or stems(request.query.earlier)
        names = question_names(question)
        lexical = request.lexical
        ranked = sorted(
            candidates,
            key=lambda c: -(
                c.score
                + COVERAGE_BONUS * lexical.coverage(terms, c.index)
                + NAME_BONUS * _share(names, lexical.documents[c.index])
                + KIND_BONUS * has_kind(kind, question, c.sentence.text)
            ),
        )
        best = ranked[0]
        if not has_kind(kind, question, best.sentence.text):
            # "How long was the meeting in Istanbul?": the duration is in one sentence and
            # Istanbul in another. Lead with the one holding the answer if it is as close in meaning.
            holder = next((c for c in ranked[1:4] if has_kind(kind, question, c.sentence.text)), None)
            if holder is not None and holder.dense >= max(DENSE_MIN, best.dense - 0.05):
                ranked = [holder] + [c for c in ranked if c is not holder]
                best = holder
        cited = [best] + _complements(names, best, ranked[1:], lexical)
        dense = max(c.dense for c in cited)
        coverage = lexical.coverage(terms, best.index, [c.index for c in cited[1:]])
        if not (dense >= DENSE_SURE or (dense >= DENSE_MIN and coverage >= COVERAGE_MIN)):
            return _refusal(NOT_SAID, _related(candidates), [f"weak support: dense {dense:.2f}, words {coverage:.2f}"])
        if not any(has_kind(kind, question, c.sentence.text) for c in cited) and not _states_absence(best):
            return _refusal(NOT_SAID, _related(candidates), [f"no {kind.value} in the best sentences"])
        lead = next((found for c in cited if (found := _lead(kind, question, c))), None)
        return _compose(lead, cited)


def unknown_names(question: str, lexical: LexicalIndex) -> list[str]:
    """Capitalised words of the question that the documents never use, even misspelt."""
    unknown = []
    for i, token in enumerate(tokens(question)):
        if not is_name_like(token, first=i == 0):
            continue
        for word in words(token.text):
            if word not in FUNCTION_WORDS and lexical.vocabulary.correct(word) not in lexical.vocabulary:
                unknown.append(token.text)
                break
    return list(dict.fromkeys(unknown))


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


def _citation(candidate: Candidate) -> Citation:
    s = candidate.sentence
    return Citation(source=s.source, sentence_id=s.sentence_id, start=s.start, end=s.end, text=s.text)


def _quotes(cited: Sequence[Candidate]) -> str:
    return "\n\n".join(f"“{c.sentence.text}” [{n}]" for n, c in enumerate(cited, 1))


def _compose(lead: str | None, cited: Sequence[Candidate]) -> Answer:
    opening = f"{lead.rstrip('.')}." if lead else "From the article:"
    return Answer(
        text=f"{opening}\n\n{_quotes(cited)}",
        answered=True,
        citations=tuple(_citation(c) for c in cited),
    )


def _related(candidates: Sequence[Candidate]) -> list[Candidate]:
    return [c for c in candidates[:MAX_CITATIONS] if c.dense >= RELATED_MIN]


def _refusal(message: str, related: Sequence[Candidate], notes: Sequence[str]) -> Answer:
    text = message
    if related:
        text += "\n\nRelated sentences, which do not answer it:\n\n" + _quotes(related)
    return Answer(text=text, answered=False, citations=tuple(_citation(c) for c in related), notes=tuple(notes))
