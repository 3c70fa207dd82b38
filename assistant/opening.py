"""Whether a reply opens with its short answer ("1,000 prisoners of war.") or with "From the article:".

The short answer is read off the cited sentence by hand-written rules (assistant.shortanswer): the
span of the kind asked for nearest the question's words. On the public data those openings were
right for only 55 % of the questions answered with the right sentence, and a wrong name above
the right quote misleads more than no name. So a logistic regression, fitted on the public
train split (`assistant train`, evals/train_opening.py), gives the chance that an opening is
right from what the rules saw; the reply opens with it when that is at least even
(tunables.OPENING_KEEP).

Yes/no openings, the titles of "Who is ...?" and who "she" of a cited sentence is are not
judged here: the public data holds next to none of them to learn from.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from .judge import MODEL_DIR, Linear
from .language import content_words, lent_stems, stems
from .question import Kind, Question
from .shortanswer import Span, anchor_positions, distance, opening_spans
from .tunables import OPENING_KEEP, PROXIMITY_CHARS

OPENING_WEIGHTS = MODEL_DIR / "opening.json"
JUDGED = (Kind.NUMBER, Kind.PERSON, Kind.PLACE, Kind.TIME, Kind.DURATION)

# Only what the question's and the sentence's words show: the sentence's closeness in meaning
# (dev AUC 0.740 with it, 0.726 without) is left out, because its scale is the embedder's and
# the gate is fitted under one (MiniLM) but runs under either.
FEATURES = (
    *(f"kind_{k.value}" for k in JUDGED),
    "spans",  # log(1 + answers of the kind in the sentence): the more, the likelier a wrong pick
    "near",  # how close the chosen one sits to the question's words: 1 / (1 + characters / PROXIMITY_CHARS)
    "margin",  # ...minus how close the next one sits (all of "near" when it is alone)
    "words",  # its length in words, up to 6, over 6
    "coverage",  # the share of the question's content words found in the sentence
)


@dataclass(frozen=True)
class Opening:
    """A short answer the reply may open with, and what decided it."""

    text: str
    figures: tuple[float, ...]  # in the order of FEATURES


def opening(
    question: Question,
    sentence: str,
    names: frozenset[str],
    *,
    first: bool,
    subject: bool = False,
    context: str = "",
) -> Opening | None:
    """The short answer of the question's kind in sentence (shortanswer's choice), with its
    figures where the gate has learned to judge it, else with none (kept as chosen). context:
    the sentence it leans on, whose names it is found by ("In 1964 she married David Hartley"
    is about Margaret when the sentence before names her)."""
    spans, chosen = opening_spans(
        question.kind, question.text, sentence, names, subject=subject, earlier=question.earlier
    )
    if chosen is None:
        return None
    text = " ".join(chosen.text.split())
    anchors = anchor_positions(question.text, sentence)
    # The public train split it is fitted on holds next to none of these (of 1,121 openings, 11
    # from a sentence after the first cited, 1 from a sentence without any of the question's
    # words, 1 naming who "she" is, and no follow-up), so they are not judged: a figure of 0
    # there would read as far worse than anything it has seen.
    if subject or not first or not anchors or question.earlier:
        return Opening(text, ())
    return Opening(text, _figures(question, sentence, context, spans, chosen, anchors))


def _figures(
    question: Question, sentence: str, context: str, spans: list[Span], chosen: Span, anchors: list[tuple[int, int]]
) -> tuple[float, ...]:

    def closeness(span: Span) -> float:
        return 1 / (1 + distance(span, anchors) / PROXIMITY_CHARS)

    near = closeness(chosen)
    others = [closeness(s) for s in spans if s is not chosen]
    asked = set(stems(" ".join(content_words(question.text))))
    # Over what the sentence is found by, the names of the one it leans on too, as in retrieval:
    # "Who did Margaret marry?" against "In 1964 she married David Hartley" found half the
    # question's words, and the gate dropped "David Hartley" (0.43) that a follow-up's "he" then
    # lacked (a new-user helper's obituary).
    coverage = len(asked & lent_stems(sentence, context)) / len(asked) if asked else 0.0
    return (
        *(float(question.kind is k) for k in JUDGED),
        math.log1p(len(spans)),
        near,
        near - max(others, default=0.0),
        min(len(chosen.text.split()), 6) / 6,
        coverage,
    )


class OpeningGate:
    """The fitted regression (assistant/model/opening.json)."""

    def __init__(self, weights: Linear) -> None:
        if weights.features != FEATURES:
            raise ValueError(f"{OPENING_WEIGHTS}: fitted on other features than the code computes; `assistant train`")
        self.weights = weights

    @classmethod
    def load(cls, path: Path = OPENING_WEIGHTS) -> OpeningGate:
        return cls(Linear.from_json(json.loads(path.read_text(encoding="utf-8"))["weights"]))

    def probability(self, found: Opening) -> float:
        return float(self.weights.probabilities(np.asarray([found.figures], dtype=np.float64))[0])

    def keeps(self, found: Opening) -> bool:
        return self.probability(found) >= OPENING_KEEP


@lru_cache(maxsize=1)
def gate() -> OpeningGate | None:
    """The shipped gate, or None before `assistant train` has fitted one (every opening is kept)."""
    if not OPENING_WEIGHTS.exists():
        return None
    return OpeningGate.load()
