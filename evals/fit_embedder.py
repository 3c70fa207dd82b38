"""Fit the map from e5's cosines onto the engine's units (MiniLM's cosines): index.embeddings.E5_SCALE.

    python -m evals.fit_embedder

Both models embed the public data's train split (its questions and its sentences, each after the
sentence it leans on, as indexed). For every question the 20 sentences e5 ranks highest are the
pairs the engine would go on to judge; a, b make a * e5_cosine + b have the mean and spread of
MiniLM's cosines over those same pairs. Only the train split is read.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import numpy as np

from index.documents import document_from_bytes
from index.embeddings import load_model
from index.indexer import embedding_text
from index.sentences import split_sentences

from .squad import write_split

TOP = 20


def fit(split: str = "train") -> tuple[float, float]:
    with tempfile.TemporaryDirectory(prefix="fit-embedder-") as scratch:
        folder = Path(scratch)
        questions = [q.question for q in write_split(split, folder)]
        texts = [
            embedding_text(s)
            for path in sorted(folder.iterdir())
            for s in split_sentences(document_from_bytes(path.name, path.read_bytes()))
        ]
    cosines = {}
    for name in ("e5", "minilm"):
        model = load_model(name)
        sentences = model.encode(texts)
        asked = model.encode_queries(questions)
        cosines[name] = asked @ sentences.T
    top = np.argsort(-cosines["e5"], axis=1)[:, :TOP]
    x = np.take_along_axis(cosines["e5"], top, axis=1).ravel()
    y = np.take_along_axis(cosines["minilm"], top, axis=1).ravel()
    a = float(y.std() / x.std())
    return a, float(y.mean() - a * x.mean())


def main() -> None:
    a, b = fit()
    print(f"E5_SCALE = ({a:.3f}, {b:.3f})")


if __name__ == "__main__":
    main()
