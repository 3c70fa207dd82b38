"""Hybrid retrieval: dense search in Chroma (through LangChain) fused with BM25."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import numpy as np

from index import SentenceEmbedder, StoredSentence
from index.embeddings import READ_BATCH_SIZE

from .followup import Query, is_elliptic, names_someone
from .language import stems
from .lexical import LexicalIndex
from .tunables import DENSE_WEIGHT, EARLIER_WEIGHT, EARLIER_WEIGHT_NAMED, LEXICAL_WEIGHT
from .types import Citation

if TYPE_CHECKING:
    from langchain_chroma import Chroma


@dataclass(frozen=True)
class Candidate:
    sentence: StoredSentence
    index: int  # position in the lexical index
    dense: float  # cosine similarity of the question to the sentence (with its context)
    lexical: float  # BM25, divided by the best BM25 score for this question
    score: float  # the fused score candidates are ranked by

    @classmethod
    def unretrieved(cls, sentence: StoredSentence, index: int) -> Candidate:
        """A sentence cited for where it stands, not found by the search: the one leaned on, a
        document's opening, the one after the last quoted. It has no scores of its own."""
        return cls(sentence, index, dense=0.0, lexical=0.0, score=0.0)

    def citation(self) -> Citation:
        s = self.sentence
        return Citation(source=s.source, sentence_id=s.sentence_id, start=s.start, end=s.end, text=s.text)


class HybridRetriever:
    def __init__(
        self,
        vectorstore: Chroma,
        embedder: SentenceEmbedder,
        lexical: LexicalIndex,
        *,
        dense_k: int = 20,
    ) -> None:
        self.vectorstore = vectorstore
        self.embedder = embedder
        self.lexical = lexical
        self.dense_k = dense_k
        self.position = {s.record_id: i for i, s in enumerate(lexical.sentences)}
        self._clauses: dict[str, np.ndarray] = {}

    def dense(self, text: str, source: str | None = None) -> dict[int, float]:
        """Cosine similarity of the best-matching live sentences (of one document, when a
        source is given), by lexical-index position."""
        vector = self.embedder.embed_query(text)
        k = min(self.dense_k, len(self.lexical)) or 1
        # Ask for a few more than k: sentences of a replaced document version may linger
        # until the next refresh, and they are not live.
        # Despite its name this returns Chroma's distances (langchain-chroma 1.1); in cosine
        # space the distance is 1 - cosine similarity.
        found = self.vectorstore.similarity_search_by_vector_with_relevance_scores(
            vector, k=k + 5, filter={"source": source} if source else None
        )
        out: dict[int, float] = {}
        for document, distance in found:
            position = self.position.get(str(document.id))
            if position is not None and len(out) < k:
                out[position] = self.embedder.calibrated(1.0 - float(distance))
        return out

    def lexical_scores(self, query: Query, source: str | None = None) -> np.ndarray:
        scores = self.lexical.scores(stems(query.question))
        if query.earlier:
            # A follow-up that names its own subject leans on the earlier question far less.
            named = names_someone(query.question) and not is_elliptic(query.question)
            weight = EARLIER_WEIGHT_NAMED if named else EARLIER_WEIGHT
            scores = scores + weight * self.lexical.scores(stems(query.earlier))
        return scores * self.lexical.mask(source) if source else scores

    def exact(self, text: str, dense: dict[int, float], lexical: np.ndarray, *, limit: int = 8) -> dict[int, float]:
        """dense, plus the true cosine similarity of the best lexical matches it lacks.

        Chroma's HNSW search is approximate: among thousands of near-identical sentences it can
        miss the one sentence that answers (measured: 1 run in 3 over a 1 MB synthetic upload).
        A sentence BM25 found is then scored by its stored vector, not ranked as if unrelated.
        """
        missing = [i for i in _lexical_best(lexical, limit) if lexical[i] > 0 and i not in dense]
        if not missing:
            return dense
        ids = [self.lexical.sentences[i].record_id for i in missing]
        got = self.vectorstore.get(ids=ids, include=["embeddings"])
        vectors = {str(i): v for i, v in zip(got["ids"], got["embeddings"], strict=True)}
        query = np.asarray(self.embedder.embed_query(text), dtype=np.float32)
        out = dict(dense)
        for i, record in zip(missing, ids, strict=True):
            if record in vectors:
                out[i] = self.embedder.calibrated(float(np.asarray(vectors[record], dtype=np.float32) @ query))
        return out

    def fuse(self, dense: dict[int, float], lexical: np.ndarray, *, limit: int = 8) -> list[Candidate]:
        top = float(lexical.max()) if lexical.size else 0.0
        floor = min(dense.values(), default=0.0)
        pool = set(dense) | {i for i in _lexical_best(lexical, limit) if lexical[i] > 0}
        candidates = []
        for i in pool:
            d = dense.get(i, floor)
            lex = float(lexical[i]) / top if top > 0 else 0.0
            candidates.append(Candidate(self.lexical.sentences[i], i, d, lex, DENSE_WEIGHT * d + LEXICAL_WEIGHT * lex))
        candidates.sort(key=lambda c: (-c.score, c.sentence.source, c.sentence.position))
        return candidates[:limit]

    def retrieve(self, query: Query, *, limit: int = 8, source: str | None = None) -> list[Candidate]:
        dense, lexical = self.dense(query.text, source), self.lexical_scores(query, source)
        dense = self.exact(query.text, dense, lexical, limit=limit)
        return self.with_clauses(query, self.fuse(dense, lexical, limit=limit))

    def with_clauses(self, query: Query, candidates: list[Candidate], *, top: int = 5) -> list[Candidate]:
        """Let the best clause of a long sentence stand for it.

        A news sentence often packs several facts; the model then rates it far from a question
        about one of them ("Where were Friday's discussions?" scores 0.17 against the Istanbul
        sentence). Clause vectors are computed once per sentence and kept, for the top few only.
        """
        vector = np.asarray(self.embedder.embed_query(query.text), dtype=np.float32)
        missing = [c for c in candidates[:top] if c.sentence.record_id not in self._clauses]
        if missing:
            # A sentence embedded with the one it leans on is also scored bare, so the context
            # can only help ("At what time GMT is the call?" against "He scheduled his call ...").
            pieces = [clauses(c.sentence.text) + ([c.sentence.text] if c.sentence.context else []) for c in missing]
            flat = [p for group in pieces for p in group]
            vectors = (
                np.asarray(self.embedder.embed_documents(flat, batch_size=READ_BATCH_SIZE), dtype=np.float32)
                if flat
                else np.zeros((0, 1))
            )
            at = 0
            for candidate, group in zip(missing, pieces, strict=True):
                self._clauses[candidate.sentence.record_id] = vectors[at : at + len(group)]
                at += len(group)
        updated = []
        for c in candidates:
            block = self._clauses.get(c.sentence.record_id)
            best = c.dense
            if block is not None and len(block):
                best = self.embedder.calibrated(float((block @ vector).max()))
            dense = max(c.dense, best)
            updated.append(replace(c, dense=dense, score=c.score + DENSE_WEIGHT * (dense - c.dense)))
        updated.sort(key=lambda c: (-c.score, c.sentence.source, c.sentence.position))
        return updated


def _lexical_best(lexical: np.ndarray, limit: int) -> list[int]:
    # argpartition, not argsort: at 100k sentences a full sort per question costs milliseconds.
    best = np.argpartition(-lexical, limit)[:limit] if lexical.size > limit else np.arange(lexical.size)
    return [int(i) for i in best]


_CLAUSE_BREAK = re.compile(r"[,;:—–]\s*|\s(?=(?:although|though|but|while|whereas|which|including)\s)")


def clauses(text: str) -> list[str]:
    """The parts of a sentence worth scoring on their own: two or more clauses of 4+ words."""
    parts = [p.strip() for p in _CLAUSE_BREAK.split(text)]
    parts = [p for p in parts if len(p.split()) >= 4]
    return parts if len(parts) >= 2 else []
