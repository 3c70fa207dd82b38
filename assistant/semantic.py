"""Word-level similarity from the same embedding model, to credit paraphrased question words.

Single-word vectors of all-MiniLM-L6-v2 put synonyms at 0.5-0.6 cosine ("swapped"/"exchanging"
0.55, "punishment"/"sanctions" 0.54) and unrelated words at 0.2-0.35 ("rouble"/"trade" 0.23),
measured on this article's vocabulary. Vectors are cached per word, so a running assistant
soon embeds nothing new.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np

from index import SentenceEmbedder
from index.embeddings import READ_BATCH_SIZE

from .tunables import STRONG, STRONG_CREDIT, WEAK


class WordSimilarity:
    def __init__(self, embedder: SentenceEmbedder, *, cache_limit: int = 200_000) -> None:
        self.embedder = embedder
        self._vectors: dict[str, np.ndarray] = {}
        self._matrices: dict[tuple[str, ...], np.ndarray] = {}
        self._limit = cache_limit

    def prepare(self, words: Iterable[str]) -> None:
        missing = sorted({w for w in words if w not in self._vectors})
        if not missing:
            return
        if len(self._vectors) + len(missing) > self._limit:
            self._vectors.clear()
            self._matrices.clear()
        vectors = np.asarray(self.embedder.embed_documents(missing, batch_size=READ_BATCH_SIZE), dtype=np.float32)
        self._vectors.update(zip(missing, vectors, strict=True))

    def best(self, word: str, others: Iterable[str]) -> float:
        """The highest cosine similarity between word and any of others."""
        return self.best_each([word], others)[0]

    def best_each(self, words: Sequence[str], others: Iterable[str]) -> list[float]:
        """For each of words, its highest cosine similarity to any of others (one matrix product)."""
        others = tuple(dict.fromkeys(others))
        if not words or not others:
            return [0.0] * len(words)
        self.prepare([*words, *others])
        matrix = self._matrix(others)
        query = np.stack([self._vectors[w] for w in words])
        return [float(v) for v in (query @ matrix.T).max(axis=1)]

    def credits(self, words: Sequence[str], others: Iterable[str]) -> list[float]:
        """How much each question word counts as found among others: 0.75, 0.5 or 0."""
        return [STRONG_CREDIT if s >= STRONG else 0.5 if s >= WEAK else 0.0 for s in self.best_each(words, others)]

    def _matrix(self, others: tuple[str, ...]) -> np.ndarray:
        matrix = self._matrices.get(others)
        if matrix is None:
            matrix = np.stack([self._vectors[o] for o in others])
            if len(self._matrices) > 4096:
                self._matrices.clear()
            self._matrices[others] = matrix
        return matrix
