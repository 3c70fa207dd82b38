"""The embedding model run through `transformers` directly: tokenize, mean-pool, normalise.

Why not sentence-transformers' own class: importing sentence_transformers also imports
scikit-learn, pandas and more that we never use: 225 MB and about 4 s measured here, against
a 700 MB budget for the serving process. The model folder says what to reproduce
(modules.json: Transformer -> mean Pooling -> Normalize, max_seq_length 256) and a test checks
the vectors against sentence-transformers'.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np


class UnsupportedModelError(RuntimeError):
    pass


class MeanPoolingEncoder:
    """encode() and get_sentence_embedding_dimension(), as sentence-transformers names them."""

    def __init__(self, path: str | Path) -> None:
        import torch
        from transformers import AutoModel, AutoTokenizer

        folder = Path(path)
        modules = [m["type"].rsplit(".", 1)[-1] for m in json.loads((folder / "modules.json").read_text())]
        pooling = json.loads((folder / "1_Pooling" / "config.json").read_text())
        if modules != ["Transformer", "Pooling", "Normalize"] or not pooling.get("pooling_mode_mean_tokens"):
            raise UnsupportedModelError(f"{folder}: expected Transformer, mean Pooling, Normalize; got {modules}")
        config = json.loads((folder / "sentence_bert_config.json").read_text())
        self.max_length = int(config.get("max_seq_length", 256))
        self.tokenizer = AutoTokenizer.from_pretrained(str(folder))
        self.model = AutoModel.from_pretrained(str(folder)).eval()
        self.dimension = int(pooling["word_embedding_dimension"])
        self._torch = torch

    def get_sentence_embedding_dimension(self) -> int:
        return self.dimension

    def encode(self, texts: Sequence[str], batch_size: int = 32, **_: Any) -> np.ndarray:
        """Unit-length vectors, one row per text. Longest texts are batched together (less padding)."""
        torch = self._torch
        order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        with torch.inference_mode():
            for begin in range(0, len(order), batch_size):
                rows = order[begin : begin + batch_size]
                batch = self.tokenizer(
                    [texts[i] for i in rows],
                    padding=True,
                    truncation=True,
                    max_length=self.max_length,
                    return_tensors="pt",
                )
                hidden = self.model(**batch).last_hidden_state
                mask = batch["attention_mask"].unsqueeze(-1).to(hidden.dtype)
                pooled = (hidden * mask).sum(dim=1) / mask.sum(dim=1).clamp(min=1e-9)
                pooled = torch.nn.functional.normalize(pooled, p=2, dim=1)
                out[rows] = pooled.numpy()
        return out
