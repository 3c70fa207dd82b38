"""The learned answer decisions: which retrieved sentence answers the question, and whether any does.

Two models, both trained on the train split of the public SQuAD 2.0 head (`assistant train`,
evals/train_reader.py and evals/train_judge.py) and shipped in assistant/model/:

- the reader, a MiniLM cross-encoder that reads (question, sentence) together;
- the judge, a logistic regression over the reader's score and what retrieval measured
  (meaning, words, names, the kind of answer asked for). Its refusal threshold is calibrated on
  the dev split. judge.json records the data, the figures and the date it was fitted.

Every number that decides an answer is in judge.json, with the evidence for it.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from index.runtime import Once

from .lexical import LexicalIndex, match
from .question import Question
from .retrieval import Candidate
from .shortanswer import answer_closeness, has_kind

MODEL_DIR = Path(__file__).with_name("model")
READER_WEIGHTS = MODEL_DIR / "reader.safetensors"
JUDGE_WEIGHTS = MODEL_DIR / "judge.json"
# The reader runs with dynamic int8 weights (per channel, every MatMul). Measured on the dev split
# with the judge calibrated on float32 scores (2026-11-26): the same best sentence for 96.1 % of
# questions and the same answer-or-refuse decision for 95.9 %; overall 0.648 -> 0.654,
# abstention 0.471 -> 0.515, false refusals 0.220 -> 0.238; mean logit change 0.025 (max 0.67
# over 784 pairs). The judge is then refitted on the int8 scores. (The embedder stays float32:
# int8 changed its top-ranked sentence for 5-19 % of questions, index.runtime.)
READER_MAX_LENGTH = 128  # question and sentence, in word pieces, here and in training; SQuAD sentences fit

FEATURES = (
    "reader",  # the cross-encoder's logit for (question, sentence with the one it leans on)
    "reader_gap",  # how far below the best candidate's logit
    "dense",  # cosine of question and sentence (its best clause)
    "lexical",  # BM25 over the best BM25 score for this question
    "coverage",  # idf-weighted share of the question's words in the sentence
    "missing",  # idf of the rarest question word the sentence lacks, over the rarest asked
    "names",  # share of the question's names in the sentence (1 when it names none)
    "window_coverage",  # "coverage" over the sentence and the ones on either side of it
    "window_names",  # "names" over the sentence and the ones on either side of it
    "kind",  # holds the kind of answer asked for (a number for "how many"); 1 for other kinds
    "closeness",  # how near that answer sits to the question's rarest words
)


def reader_text(sentence: str, context: str) -> str:
    """The sentence as the reader sees it, in training and answering alike: after the sentence
    it leans on ("He scheduled...")."""
    return f"{context} {sentence}" if context else sentence


class Reader:
    """The cross-encoder, run in ONNX Runtime from an export of the shipped weights (index.runtime)."""

    def __init__(self) -> None:
        from index.embeddings import model_path, offline_environment
        from index.runtime import OnnxModel

        offline_environment()
        self.model = OnnxModel(reader_export().ensure(), Path(model_path()), max_length=READER_MAX_LENGTH)

    def scores(self, question: str, passages: Sequence[str]) -> list[float]:
        if not passages:
            return []
        return [float(v) for v in self.model.run([(question, p) for p in passages]).reshape(-1)]


def reader_export() -> Any:
    """The reader's ONNX export: made from the shipped float16 weights and the packaged model's
    word embeddings (frozen in training, so not shipped twice)."""
    from index.embeddings import model_path
    from index.runtime import Export

    base = Path(model_path())
    return Export("reader", (READER_WEIGHTS, base / "model.safetensors", base / "config.json"), _export_reader)


def torch_reader() -> Any:
    """The reader as a transformers model (what is exported, and the reference the ONNX file is
    tested against): the shipped weights plus the packaged model's word embeddings."""
    from safetensors.torch import load_file
    from transformers import AutoConfig, AutoModelForSequenceClassification

    from index.embeddings import model_path, offline_environment

    offline_environment()
    base = Path(model_path())
    config = AutoConfig.from_pretrained(str(base), num_labels=1)
    model = AutoModelForSequenceClassification.from_config(config)
    state = {k: v.float() for k, v in load_file(str(READER_WEIGHTS)).items()}
    packaged = load_file(str(base / "model.safetensors"))
    word_key = next(k for k in model.state_dict() if k.endswith("embeddings.word_embeddings.weight"))
    state[word_key] = next(v for k, v in packaged.items() if k.endswith("embeddings.word_embeddings.weight"))
    model.load_state_dict(state, strict=False)
    return model.eval()


def _export_reader(path: Path) -> None:
    import torch

    from index.runtime import export_torch, weights_beside

    model = torch_reader()

    class Logit(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.model = model

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            out = self.model(input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids)
            return out.logits[:, 0]

    # Exported in float32 beside the final file, then quantised into it: int8 weights score
    # 8 pairs in 30 ms instead of 54, and the judge's decisions held on dev (the note above READER_MAX_LENGTH).
    full = path.with_name("reader-float32.onnx")
    export_torch(Logit(), full, "logit")
    import logging

    from onnxruntime.quantization import QuantType, quantize_dynamic

    # Its advice to pre-process the graph first is for image models; it goes to the root logger,
    # which logging.warning would give a lasting stderr handler if it had none.
    quiet = logging.NullHandler()
    logging.getLogger().addHandler(quiet)
    try:
        # Weights int8, activations uint8 (U8S8). On x86 CPUs with AVX2 but no VNNI, ONNX
        # Runtime's U8S8 products can saturate; the judge was refitted and measured on a VNNI CPU.
        quantize_dynamic(str(full), str(path), weight_type=QuantType.QInt8, per_channel=True)
    finally:
        logging.getLogger().removeHandler(quiet)
    for made in path.parent.glob(f"{full.name}*"):
        made.unlink()
    # The int8 weights beside the graph too, so only the word-piece rows a question uses are
    # paged in: loading the reader and scoring 20 batches peaked at 190 MB instead of 213.
    weights_beside(path)


_reader = Once(Reader)


def load_reader() -> Reader:
    """Loaded once per process, on first use; two first questions in two threads wait for one."""
    return _reader.get()


def forget_reader() -> None:
    """The next load_reader() reads the weights again (after `assistant train`)."""
    _reader.forget()


@dataclass(frozen=True)
class Linear:
    """A fitted logistic regression: standardised features, weights, intercept."""

    features: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> Linear:
        return cls(
            features=tuple(raw["features"]),
            mean=np.asarray(raw["mean"], dtype=np.float64),
            scale=np.asarray(raw["scale"], dtype=np.float64),
            coef=np.asarray(raw["coef"], dtype=np.float64),
            intercept=float(raw["intercept"]),
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "features": list(self.features),
            "mean": self.mean.tolist(),
            "scale": self.scale.tolist(),
            "coef": self.coef.tolist(),
            "intercept": self.intercept,
        }

    def probabilities(self, rows: np.ndarray) -> np.ndarray:
        z = ((rows - self.mean) / self.scale) @ self.coef + self.intercept
        return np.asarray(1.0 / (1.0 + np.exp(-z)))


@dataclass(frozen=True)
class JudgeWeights:
    sentence: Linear  # does this sentence answer the question (ranks the candidates)
    question: Linear  # does the best one answer it (decides whether to answer at all)
    threshold: float  # answer when question's probability reaches this (calibrated on dev)
    evidence: dict[str, Any]

    @classmethod
    def load(cls, path: Path = JUDGE_WEIGHTS) -> JudgeWeights:
        raw = json.loads(path.read_text(encoding="utf-8"))
        sentence, question = Linear.from_json(raw["sentence"]), Linear.from_json(raw["question"])
        if sentence.features != FEATURES or question.features != QUESTION_FEATURES:
            raise ValueError(f"{path}: trained on other features than the code computes; run `assistant train`")
        return cls(sentence, question, float(raw["threshold"]), dict(raw.get("evidence", {})))


@lru_cache(maxsize=1)
def load_weights() -> JudgeWeights:
    return JudgeWeights.load()


QUESTION_FEATURES = (
    "best",  # log-odds that the chosen sentence answers
    "margin",  # ...minus those of the next most likely sentence
    "reader",
    "dense",
    "coverage",
    "missing",
    "names",
    "kind",  # the chosen sentence's own figures, as in FEATURES
    "unknown",  # names in the question that the documents never use, nor anything close to them
)
_COPIED = [FEATURES.index(name) for name in QUESTION_FEATURES[2:-1]]


def _log_odds(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, 1e-6, 1 - 1e-6)
    return np.asarray(np.log(p / (1 - p)))


def question_features(rows: np.ndarray, probabilities: np.ndarray, chosen: int, unknown: int) -> np.ndarray:
    """The question-level row when candidate `chosen` is the answer."""
    odds = _log_odds(probabilities)
    others = np.delete(odds, chosen)
    runner_up = float(others.max()) if others.size else float(odds[chosen]) - 10.0
    return np.concatenate([[odds[chosen], odds[chosen] - runner_up], rows[chosen, _COPIED], [unknown]])


def features(
    question: Question, candidates: Sequence[Candidate], lexical: LexicalIndex, reader: Sequence[float]
) -> np.ndarray:
    """One row of FEATURES per candidate."""
    rows = np.zeros((len(candidates), len(FEATURES)), dtype=np.float64)
    if not candidates:
        return rows
    best_reader = max(reader)
    terms = set(question.terms)
    weights = {t: lexical.weight(t) for t in terms}
    rarest = max(weights.values(), default=1.0) or 1.0

    def coverage(found: set[str]) -> float:
        return lexical.coverage_of(terms, found)

    def names(found: set[str]) -> float:
        return len(question.names & found) / len(question.names) if question.names else 1.0

    for i, c in enumerate(candidates):
        found, window = lexical.documents[c.index], lexical.window(c.index)
        missing = max((weights[t] for t in terms if match(t, found) == 0.0), default=0.0) / rarest
        text = c.sentence.text
        rows[i] = (
            reader[i],
            best_reader - reader[i],
            c.dense,
            c.lexical,
            coverage(found),
            missing,
            names(found),
            coverage(window),
            names(window),
            # Without the documents' names (shortanswer's `names`), as in training: a change to what
            # these two return needs `assistant train` and a measurement, not an assumption.
            float(has_kind(question.kind, question.text, text)),
            answer_closeness(question.kind, question.text, text, lexical.weight),
        )
    return rows


@dataclass(frozen=True)
class Judged:
    candidate: Candidate
    probability: float  # that this sentence answers the question
    answerable: float  # that the question is answered, with this sentence as the answer


class Judge:
    """Scores candidates with the reader and the learned weights."""

    def __init__(self, reader: Reader | None = None, weights: JudgeWeights | None = None) -> None:
        self._reader = reader
        self._weights = weights

    @property
    def weights(self) -> JudgeWeights:
        if self._weights is None:
            self._weights = load_weights()
        return self._weights

    @property
    def threshold(self) -> float:
        return self.weights.threshold

    def reader_scores(self, question: Question, candidates: Sequence[Candidate]) -> list[float]:
        reader = self._reader or load_reader()
        return reader.scores(
            question.reader_text, [reader_text(c.sentence.text, c.sentence.context) for c in candidates]
        )

    def judge(
        self, question: Question, candidates: Sequence[Candidate], lexical: LexicalIndex, *, unknown: int = 0
    ) -> list[Judged]:
        """The candidates with both probabilities, the most likely answer first. unknown: how
        many names of the question the documents never use (nor a close one)."""
        if not candidates:
            return []
        weights = self.weights
        rows = features(question, candidates, lexical, self.reader_scores(question, candidates))
        p = weights.sentence.probabilities(rows)
        q = weights.question.probabilities(np.vstack([question_features(rows, p, i, unknown) for i in range(len(p))]))
        judged = [Judged(c, float(a), float(b)) for c, a, b in zip(candidates, p, q, strict=True)]
        return sorted(judged, key=lambda j: -j.probability)


__all__ = ["FEATURES", "QUESTION_FEATURES", "Judge", "Judged", "JudgeWeights", "Linear", "Reader", "features"]
