"""Scoring, as pure functions of cases and predictions. Nothing here reads the answering code.

Each metric, in one line (also printed in the report):
"""

from __future__ import annotations

import re
import statistics
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from .cases import Case

DEFINITIONS = {
    "answer_accuracy": "answerable cases answered with every gold fact present in the text (and, for a yes/no "
    "case that gives it, opening with its Yes or No)",
    "citation_precision": "cited sentences that are gold support, of all cited on answered answerable cases",
    "citation_recall": "answerable cases whose answer cites at least one gold sentence",
    "abstention_accuracy": "unanswerable cases that were refused",
    "strict_accuracy": "cases answered right with a gold sentence cited, or refused when unanswerable, of all",
    "overall": "cases answered right (every fact present) or refused when unanswerable, of all",
    "false_refusal_rate": "answerable cases that were refused",
    "recall_at_1": "answerable cases with a gold sentence ranked first by retrieval",
    "recall_at_3": "... within the first three",
    "recall_at_5": "... within the first five",
    "mrr": "mean of 1/rank of the first gold sentence in the retrieval ranking (0 if absent)",
    "opening_accuracy": "answers opening with a short answer that holds a gold phrasing or is its end, of "
    "answered answerable cases with a short answer",
    "openings": "answered answerable cases whose reply opens with a short answer (a name, a number, Yes...) "
    "the facts can judge (a Yes or No only where a fact says yes or no)",
    "latency_p50_ms": "median time of one warm answer",
    "latency_p95_ms": "95th percentile time of one warm answer",
}


@dataclass(frozen=True)
class Prediction:
    case_id: str
    answered: bool
    text: str
    cited: tuple[str, ...]  # sentence ids, in citation order
    ranking: tuple[str, ...]  # sentence ids, best first, from the retrieval stage
    seconds: float = 0.0
    opening: str = ""  # the short answer the reply opens with ("Sergei Lavrov"), "" for none


_DASHES = dict.fromkeys(map(ord, "‐‑‒–—―−"), "-")
_QUOTES = {ord("‘"): "'", ord("’"): "'", ord("‚"): "'", ord("“"): '"', ord("”"): '"', ord("„"): '"'}


def normalize(text: str) -> str:
    """Lower case, straight quotes, one kind of dash, single spaces; thousands separators kept."""
    text = unicodedata.normalize("NFKC", text).translate(_DASHES).translate(_QUOTES).lower()
    return re.sub(r"\s+", " ", text).strip()


def fact_present(text: str, phrasings: Sequence[str]) -> bool:
    haystack = normalize(text)
    for phrasing in phrasings:
        needle = normalize(phrasing)
        # Word boundaries: "no" must not be found inside "not" or "know".
        if re.search(rf"(?<![\w]){re.escape(needle)}(?![\w])", haystack):
            return True
    return False


_YES_NO = {"yes", "no", "not yet"}


def judges_opening(case: Case, prediction: Prediction) -> bool:
    """Whether the gold facts can judge the opening: a "Yes" or "No" only where a fact says yes
    or no (fresh-24's facts give "one hour and 40 minutes", not whether it was over an hour)."""
    opening = normalize(prediction.opening.rstrip("."))
    if opening not in _YES_NO:
        return bool(opening)
    return any(normalize(p) in _YES_NO for fact in case.facts for p in fact)


def opening_is_right(case: Case, prediction: Prediction) -> bool:
    """The short answer the reply opens with states a gold phrasing ("US Secretary of State Marco
    Rubio" for "Marco Rubio"), or is the end of one ("Ukrainian official" of "senior Ukrainian
    official"; not "US" of it, nor "one hour" of "one hour and 40 minutes"), whole words."""
    opening = normalize(prediction.opening.rstrip("."))
    if not opening:
        return False
    return any(
        fact_present(prediction.opening, fact)
        or any(re.search(rf"(?<![\w]){re.escape(opening)}$", normalize(p).rstrip(".")) for p in fact)
        for fact in case.facts
    )


def opens_as_asked(case: Case, prediction: Prediction) -> bool:
    """For a case that says how a yes/no reply must open: whether it does. "Not yet" is a "No"
    (of something planned, not done)."""
    if not case.opens:
        return True
    # The generative engine's answers carry no short answer: their first words are read instead.
    first = re.match(r"\s*(not yet|yes|no)\b", prediction.text, re.IGNORECASE)
    said = (prediction.opening or (first.group(1) if first else "")).strip().rstrip(".").lower()
    return said == case.opens.lower() or (case.opens == "No" and said == "not yet")


def is_correct(case: Case, prediction: Prediction) -> bool:
    if not case.answerable:
        return not prediction.answered
    return (
        prediction.answered
        and opens_as_asked(case, prediction)
        and all(fact_present(prediction.text, fact) for fact in case.facts)
    )


def rank_of_first_gold(case: Case, ranking: Sequence[str]) -> int | None:
    for position, sentence_id in enumerate(ranking, 1):
        if sentence_id in case.support:
            return position
    return None


def percentile(values: Sequence[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


def score(cases: Sequence[Case], predictions: Sequence[Prediction]) -> dict[str, float]:
    """The metrics for one system; cases and predictions are matched by id."""
    by_id = {p.case_id: p for p in predictions}
    answerable = [c for c in cases if c.answerable]
    unanswerable = [c for c in cases if not c.answerable]
    cited_total = cited_gold = recall_hits = correct = refused = strict = openings = openings_right = 0
    ranks: list[int | None] = []
    for case in answerable:
        p = by_id[case.id]
        correct += is_correct(case, p)
        if p.answered and judges_opening(case, p):
            openings += 1
            openings_right += opening_is_right(case, p)
        strict += is_correct(case, p) and any(s in case.support for s in p.cited)
        if not p.answered:
            refused += 1
        else:
            cited_total += len(p.cited)
            cited_gold += sum(1 for s in p.cited if s in case.support)
            recall_hits += any(s in case.support for s in p.cited)
        ranks.append(rank_of_first_gold(case, p.ranking))
    abstained = sum(1 for c in unanswerable if not by_id[c.id].answered)
    seconds = [p.seconds for p in predictions]

    def share(n: int, d: int) -> float:
        return n / d if d else 0.0

    return {
        "answer_accuracy": share(correct, len(answerable)),
        "citation_precision": share(cited_gold, cited_total),
        "citation_recall": share(recall_hits, len(answerable)),
        "abstention_accuracy": share(abstained, len(unanswerable)),
        "strict_accuracy": share(strict + abstained, len(cases)),
        "overall": share(correct + abstained, len(cases)),
        "false_refusal_rate": share(refused, len(answerable)),
        "recall_at_1": share(sum(1 for r in ranks if r is not None and r <= 1), len(ranks)),
        "recall_at_3": share(sum(1 for r in ranks if r is not None and r <= 3), len(ranks)),
        "recall_at_5": share(sum(1 for r in ranks if r is not None and r <= 5), len(ranks)),
        "mrr": statistics.fmean([1 / r if r else 0.0 for r in ranks]) if ranks else 0.0,
        "opening_accuracy": share(openings_right, openings),
        "openings": share(openings, len(answerable) - refused),
        "latency_p50_ms": 1000 * percentile(seconds, 0.5),
        "latency_p95_ms": 1000 * percentile(seconds, 0.95),
        "cases": float(len(cases)),
        "answerable": float(len(answerable)),
        "unanswerable": float(len(unanswerable)),
    }


def by_category(cases: Sequence[Case], predictions: Sequence[Prediction]) -> dict[str, float]:
    """Share of cases handled correctly in each category (refused, for unanswerable ones)."""
    by_id = {p.case_id: p for p in predictions}
    out: dict[str, float] = {}
    for category in sorted({c.category for c in cases}):
        members = [c for c in cases if c.category == category]
        out[category] = sum(is_correct(c, by_id[c.id]) for c in members) / len(members)
    return out
