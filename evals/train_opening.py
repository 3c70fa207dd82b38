"""Fitting the opening gate (assistant.opening): is the short answer a reply would open with right?

Data: the public train split. Every answerable question the rules answer (the default engine,
MiniLM retrieval) and whose reply would open with a short answer the gate judges gives one row:
the figures assistant.opening computes, and whether that answer states, or is part of, a gold
answer (evals.scoring.opening_is_right). A logistic regression is fitted on them; the dev split
is only scored, and its figures are written beside the weights. Takes under 2 minutes.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

from assistant import Assistant
from assistant.engine import ExtractiveEngine, short_answer
from assistant.opening import FEATURES, OPENING_WEIGHTS, OpeningGate
from assistant.rules import RuleJudge
from assistant.tunables import OPENING_KEEP
from index import Settings

from .scoring import Prediction, opening_is_right
from .squad import as_cases, write_split
from .train_judge import fit_linear, save_fitted


def opening_rows(
    split: str, settings: Settings, *, limit: int | None = None, log: Callable[[str], None] = print
) -> tuple[np.ndarray, np.ndarray]:
    """The figures of each judged opening on the split, and whether each is right."""
    rows: list[tuple[float, ...]] = []
    labels: list[int] = []
    with tempfile.TemporaryDirectory(prefix=f"assistant-opening-{split}-") as scratch:
        folder = Path(scratch) / "seeds"
        questions = write_split(split, folder, limit=limit)
        local = replace(settings, seeds_dir=folder, store_dir=Path(scratch) / "store", chroma_url=None, auto_index=True)
        local = replace(local, embedder="minilm", judge="rules", engine="extractive")
        engine = ExtractiveEngine(RuleJudge())
        assistant = Assistant(local, engine=engine)
        log(f"{split}: {len(questions)} questions")
        for case in as_cases(assistant, questions):
            if not case.answerable:
                continue
            request = assistant.request(case.question)
            decision = engine.decide(request)
            if not decision.answered:
                continue
            found = short_answer(request.question, decision, request.lexical.names)
            if found is None or not found.figures:
                continue
            prediction = Prediction(case.id, True, "", (), (), opening=found.text)
            rows.append(found.figures)
            labels.append(int(opening_is_right(case, prediction)))
    return np.asarray(rows, dtype=np.float64).reshape(-1, len(FEATURES)), np.asarray(labels)


def _figures(gate: OpeningGate, x: np.ndarray, y: np.ndarray) -> dict[str, Any]:
    p = gate.weights.probabilities(x)
    kept = p >= OPENING_KEEP
    positives, negatives = p[y == 1], p[y == 0]
    auc = float((positives[:, None] > negatives[None, :]).mean()) if len(positives) and len(negatives) else 0.0
    return {
        "openings": len(y),
        "right_before": round(float(y.mean()), 4) if len(y) else 0.0,
        "kept": round(float(kept.mean()), 4) if len(y) else 0.0,
        "right_after": round(float(y[kept].mean()), 4) if kept.any() else 0.0,
        "auc": round(auc, 4),
    }


def train_opening(settings: Settings, *, limit: int | None = None, log: Callable[[str], None] = print) -> Path:
    began = time.monotonic()
    x, y = opening_rows("train", settings, limit=limit, log=log)
    gate = OpeningGate(fit_linear(x, y, FEATURES))
    dev_x, dev_y = opening_rows("dev", settings, limit=limit, log=log)
    evidence = {
        "data": "SQuAD 2.0 head (CC BY-SA 4.0), evals/data; fitted on the train split, dev only scored",
        "keep": OPENING_KEEP,
        "train": _figures(gate, x, y),
        "dev": _figures(gate, dev_x, dev_y),
    }
    save_fitted(OPENING_WEIGHTS, {"weights": gate.weights.to_json()}, evidence, began)
    log(f"opening gate: dev {evidence['dev']}; weights in {OPENING_WEIGHTS}")
    return OPENING_WEIGHTS
