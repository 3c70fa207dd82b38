"""Word-level similarity from the same embedding model, to credit paraphrased question words.

Single-word vectors of all-MiniLM-L6-v2 put synonyms at 0.5-0.6 cosine ("swapped"/"exchanging"
0.55, "punishment"/"sanctions" 0.54) and unrelated words at 0.2-0.35 ("rouble"/"trade" 0.23),
measured on this article's vocabulary. Vectors are cached per word, so a running assistant
soon embeds nothing new.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from index import SentenceEmbedder

STRONG = 0.5
WEAK = 0.42


class WordSimilarity:
    def __init__(self, embedder: SentenceEmbedder, *, cache_limit: int = 200_000) -> None:
        self.embedder = embedder
        self._vectors: dict[str, np.ndarray] = {}
        self._limit = cache_limit

    def prepare(self, words: Iterable[str]) -> None:
        missing = sorted({w for w in words if w not in self._vectors})
        if not missing:
            return
        if len(self._vectors) + len(missing) > self._limit:
            self._vectors.clear()
        vectors = np.asarray(self.embedder.embed_documents(missing), dtype=np.float32)
        self._vectors.update(zip(missing, vectors, strict=True))

    def best(self, word: str, others: Iterable[str]) -> float:
        """The highest cosine similarity between word and any of others."""
        others = list(others)
        self.prepare([word, *others])
        if not others:
            return 0.0
        matrix = np.stack([self._vectors[o] for o in others])
        return float((matrix @ self._vectors[word]).max())

    def credit(self, word: str, others: Iterable[str]) -> float:
        """How much a question word counts as found among others: 0.75, 0.5 or 0."""
        similarity = self.best(word, others)
        return 0.75 if similarity >= STRONG else 0.5 if similarity >= WEAK else 0.0
