"""Fitting the judge: two logistic regressions over what assistant.judge computes, and a threshold.

The sentence model: rows are every retrieved candidate of every train-split question, run
through the real read path (the split indexed into a temporary Chroma store); the label is
whether the candidate is the sentence that holds the answer (never, for an unanswerable one).

The question model: per question, the figures of its most likely sentence (scored out of fold)
and how many of its names the documents never use; the label is whether that sentence holds the
answer. Train questions with a made-up name in place of a real one (swapped_names) teach it
what such a name means.

Threshold: the question model's probability at which the engine answers, chosen on the dev split
and the train questions scored out of fold, to maximise the mean of two rates (answerable
questions answered right, unanswerable ones refused) while refusing at most MAX_FALSE_REFUSALS
of the answerable ones. The test split is not read here.
"""

from __future__ import annotations

import datetime
import json
import random
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

from assistant import Assistant, Settings
from assistant.engine import ExtractiveEngine, LearnedJudge, strange_names
from assistant.judge import FEATURES, JUDGE_WEIGHTS, QUESTION_FEATURES, Judge, Linear, features, question_features
from assistant.language import is_name_like, tokens

from .scoring import fact_present
from .squad import PublicQuestion, write_split

# The product's bound on refusing answerable questions (the answer-decisions issue: at most 0.15
# of them). The threshold is the best balanced point on dev that stays within it.
MAX_FALSE_REFUSALS = 0.15
REGULARISATION = 1.0
SWAP_EVERY = 8  # one train question in 8 gets a made-up name (about 300, as many as the real unanswerable)
SEED = 13  # scikit-learn's default C; the fit has 9 weights and tens of thousands of rows


def swapped_names(
    questions: Sequence[PublicQuestion], vocabulary: Any, *, every: int = SWAP_EVERY
) -> list[PublicQuestion]:
    """Unanswerable questions made from answerable ones: one name the documents use, replaced
    by a made-up one ("When did Chopin leave Warsaw?" -> "When did Velorin leave Warsaw?").

    SQuAD's crowd workers asked only about what their paragraph names, so its questions teach
    nothing about a name the documents never mention; readers ask such questions all the time.
    """
    rng = random.Random(SEED)
    out = []
    for q in questions[::every]:
        if not q.answers:
            continue
        names = [t for i, t in enumerate(tokens(q.question)) if is_name_like(t, first=i == 0) and t.lower in vocabulary]
        if not names:
            continue
        token = rng.choice(names)
        made_up = "".join(rng.choice(_SYLLABLES) for _ in range(3)).capitalize()
        if made_up.lower() in vocabulary:
            continue
        text = q.question[: token.start] + made_up + q.question[token.end :]
        out.append(PublicQuestion(f"{q.id}-swap", text, (), q.source, -1, q.paragraph_start))
    return out


_SYLLABLES = "ka lo ve rin dor mi sa tu bel nor quen fa zi rup".split()


def split_rows(
    split: str, settings: Settings, *, limit: int | None = None, log: Callable[[str], None] = print
) -> list[dict[str, Any]]:
    """Per question: its candidates' feature rows, which one is gold, and each one's text.
    The train split also gets questions with a made-up name (swapped_names)."""
    judge = Judge(weights=None)
    out: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix=f"assistant-{split}-") as scratch:
        folder = Path(scratch) / "seeds"
        questions = write_split(split, folder, limit=limit)
        # Always MiniLM: the shipped judge is fitted on MiniLM's retrieval figures, whatever
        # ASSISTANT_EMBEDDER says in this shell.
        local = replace(
            settings,
            seeds_dir=folder,
            store_dir=Path(scratch) / "store",
            chroma_url=None,
            auto_index=True,
            embedder="minilm",
        )
        log(f"{split}: indexing {len(list(folder.iterdir()))} documents")
        assistant = Assistant(local, engine=ExtractiveEngine(LearnedJudge(judge)))
        spans = {s: assistant.document(s).sentences for s in assistant.sources()}
        swaps = swapped_names(questions, assistant.request("x").lexical.vocabulary) if split == "train" else []
        log(f"{split}: {len(questions)} questions and {len(swaps)} with a made-up name")
        began = time.monotonic()
        for n, q in enumerate([*questions, *swaps]):
            request = assistant.request(q.question)
            candidates = list(request.candidates)
            if not candidates:
                continue
            gold = _gold(q, spans)
            rows = features(
                request.question, candidates, request.lexical, judge.reader_scores(request.question, candidates)
            )
            out.append(
                {
                    "answerable": bool(q.answers),
                    "augmented": q.id.endswith("-swap"),
                    "unknown": len(strange_names(request)),
                    "answers": q.answers,
                    "rows": rows,
                    "labels": [c.sentence.sentence_id == gold for c in candidates],
                    "texts": [c.sentence.text for c in candidates],
                }
            )
            if n % 500 == 0:
                log(f"{split}: {n}/{len(questions)} questions, {time.monotonic() - began:.0f} s")
    return out


def _gold(q: PublicQuestion, spans: dict[str, Sequence[Any]]) -> str | None:
    if not q.answers:
        return None
    return next((s.sentence_id for s in spans.get(q.source, ()) if s.start <= q.offset < s.end), None)


def fit_linear(x: np.ndarray, y: np.ndarray, names: Sequence[str]) -> Linear:
    from sklearn.linear_model import LogisticRegression

    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale == 0] = 1.0
    model = LogisticRegression(C=REGULARISATION, max_iter=2000).fit((x - mean) / scale, y)
    return Linear(tuple(names), mean, scale, model.coef_[0], float(model.intercept_[0]))


def fit_sentence(questions: list[dict[str, Any]]) -> Linear:
    real = [r for r in questions if not r.get("augmented")]
    x = np.vstack([r["rows"] for r in real])
    y = np.concatenate([np.asarray(r["labels"], dtype=int) for r in real])
    return fit_linear(x, y, FEATURES)


def chosen_rows(sentence: Linear, questions: list[dict[str, Any]]) -> tuple[np.ndarray, np.ndarray]:
    """Per question: the question-level row of its most likely sentence, and whether that
    sentence holds the answer (never, for an unanswerable question)."""
    rows, right = [], []
    for r in questions:
        p = sentence.probabilities(r["rows"])
        i = int(np.argmax(p))
        rows.append(question_features(r["rows"], p, i, r.get("unknown", 0)))
        right.append(r["answerable"] and any(fact_present(r["texts"][i], [a]) for a in r["answers"]))
    return np.vstack(rows), np.asarray(right, dtype=int)


def fit(train: list[dict[str, Any]]) -> tuple[Linear, Linear, np.ndarray, np.ndarray, np.ndarray]:
    """The sentence model on all of train; the question model on sentence probabilities made
    out of fold (two halves, each scored by a model fitted on the other), so that it learns how
    far to trust them on questions they were not fitted to. Also returns those out-of-fold
    rows (question rows, right, answerable) for calibration."""
    real = [r for r in train if not r.get("augmented")]
    halves = (train[0::2], train[1::2])
    x, y = [], []
    for held, other in ((halves[0], halves[1]), (halves[1], halves[0])):
        rows, right = chosen_rows(fit_sentence(other), held)
        x.append(rows)
        y.append(right)
    question = fit_linear(np.vstack(x), np.concatenate(y), QUESTION_FEATURES)
    # The sentence probabilities in these rows are out of fold; the question model (9 weights
    # over 3,000 rows) has seen them, which makes little difference at that ratio.
    oof_x, oof_y, oof_a = [], [], []
    for held, other in ((real[0::2], real[1::2]), (real[1::2], real[0::2])):
        rows, right = chosen_rows(fit_sentence(other), held)
        oof_x.append(rows)
        oof_y.append(right)
        oof_a.append(np.asarray([r["answerable"] for r in held], dtype=bool))
    return fit_sentence(train), question, np.vstack(oof_x), np.concatenate(oof_y), np.concatenate(oof_a)


def calibrate(
    weights: tuple[Linear, Linear],
    dev: list[dict[str, Any]],
    also: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None,
) -> tuple[float, dict[str, float]]:
    """The threshold on the question model's probability with the best balanced score on dev
    and, given `also`, on train questions scored out of fold: dev is one article and part of
    two others, and a threshold fitted to one article did not hold on the train articles."""
    sentence, question = weights
    rows, right = chosen_rows(sentence, dev)
    answerable = np.asarray([r["answerable"] for r in dev], dtype=bool)
    if also is not None:
        rows, right, answerable = (
            np.vstack([rows, also[0]]),
            np.concatenate([right, also[1]]),
            np.concatenate([answerable, also[2]]),
        )
    probability = question.probabilities(rows)

    def rates(t: float) -> dict[str, float]:
        answered = probability >= t
        return {
            "answered_right": float((answered & (right == 1))[answerable].mean()),
            "abstention": float((~answered)[~answerable].mean()) if (~answerable).any() else 0.0,
            "false_refusals": float((~answered)[answerable].mean()),
        }

    grid = sorted({round(float(p), 3) for p in probability} | {0.0})
    allowed = [t for t in grid if rates(t)["false_refusals"] <= MAX_FALSE_REFUSALS]
    threshold = max(allowed, key=lambda t: (rates(t)["answered_right"] + rates(t)["abstention"]) / 2)
    return threshold, {k: round(v, 4) for k, v in rates(threshold).items()}


def train_judge(settings: Settings, *, limit: int | None = None, log: Callable[[str], None] = print) -> Path:
    began = time.monotonic()
    train = split_rows("train", settings, limit=limit, log=log)
    dev = split_rows("dev", settings, limit=limit, log=log)
    sentence, question, *oof = fit(train)
    threshold, figures = calibrate((sentence, question), dev, (oof[0], oof[1], oof[2]))
    payload = {"sentence": sentence.to_json(), "question": question.to_json(), "threshold": threshold}
    evidence = {
        "data": "SQuAD 2.0 head (CC BY-SA 4.0), evals/data; fitted on the train split, threshold on dev "
        "plus train questions scored out of fold (dev_at_threshold is on both)",
        "train_questions": len(train),
        "train_rows": int(sum(len(r["labels"]) for r in train)),
        "train_positives": int(sum(sum(r["labels"]) for r in train)),
        "dev_questions": len(dev),
        "dev_at_threshold": figures,
    }
    save_fitted(JUDGE_WEIGHTS, payload, evidence, began)
    log(f"judge: threshold {threshold:.3f}, dev {figures}; weights in {JUDGE_WEIGHTS}")
    return JUDGE_WEIGHTS


def save_fitted(path: Path, payload: dict[str, Any], evidence: dict[str, Any], began: float) -> None:
    """Write fitted weights with their evidence, plus what every fit records: the
    regularisation, the date and how long it took."""
    evidence = {
        **evidence,
        "regularisation_C": REGULARISATION,
        "fitted": datetime.date.today().isoformat(),
        "seconds": round(time.monotonic() - began),
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({**payload, "evidence": evidence}, indent=1) + "\n", encoding="utf-8")
