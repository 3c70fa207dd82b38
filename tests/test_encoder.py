"""The read path's ONNX encoder must give the vectors sentence-transformers gives for the same model."""

from __future__ import annotations

import numpy as np

from index.embeddings import load_model, model_path

from .conftest import ARTICLE


def test_onnx_vectors_match_sentence_transformers() -> None:
    from sentence_transformers import SentenceTransformer

    texts = ARTICLE.read_text(encoding="utf-8").split("\n") + ["word", "How long did they last?", "talks " * 400]
    ours = load_model().encode(texts, batch_size=4)
    reference = SentenceTransformer(model_path(), device="cpu").encode(texts, batch_size=4, normalize_embeddings=True)
    assert ours.shape == (len(texts), 384)
    cosine = (ours * reference).sum(axis=1)
    assert cosine.min() >= 0.99  # the bar, per sentence
    assert np.abs(ours - reference).max() < 1e-4  # and in fact float32 agrees far closer
    assert np.allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-5)
