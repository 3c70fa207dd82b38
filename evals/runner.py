"""Running the suite: our answers and the baselines on the same cases, then the report files."""

from __future__ import annotations

import json
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from assistant import Assistant, InputError

from .baselines import bm25_top1, langchain_top1
from .cases import Case, CaseFileError
from .scoring import DEFINITIONS, Prediction, by_category, is_correct, score

SYSTEMS = ("ours_llm", "ours", "ours_learned", "langchain_top1", "bm25_top1")


def resolve_quotes(assistant: Assistant, cases: Sequence[Case]) -> list[Case]:
    """Turn support given as quoted text into the ids of the sentences that contain it."""
    sentences = [s for source in assistant.sources() for s in assistant.document(source).sentences]
    resolved = []
    for case in cases:
        if not case.support_quotes:
            resolved.append(case)
            continue
        ids = []
        for quote in case.support_quotes:
            found = [s.sentence_id for s in sentences if quote in s.text]
            # A quoted table row keeps the outer pipes the row's sentence leaves out ("| 2022 |
            # 42,100 |" is the sentence "2022 | 42,100"): the quote holds that sentence whole.
            found = found or [s.sentence_id for s in sentences if _row(quote) and s.text == _row(quote)]
            if not found:
                raise CaseFileError(f"case {case.id}: no indexed sentence contains {quote!r}")
            ids.extend(found)
        resolved.append(Case(**{**case.__dict__, "support": tuple(dict.fromkeys(case.support + tuple(ids)))}))
    return resolved


def _row(quote: str) -> str:
    """A quoted Markdown table row as its sentence: between the outer pipes, "" if it is none."""
    stripped = quote.strip()
    if not (stripped.startswith("|") and stripped.endswith("|") and len(stripped) > 2):
        return ""
    return stripped[1:-1].strip()


def ours(
    assistant: Assistant, tally: Counter[str] | None = None, log: list[dict[str, Any]] | None = None
) -> Callable[[Case], Prediction]:
    """Our answers; tally counts which engine wrote each one and the sentences verification
    dropped, and log keeps, per case, what verification did and the model's reply."""

    def run(case: Case) -> Prediction:
        began = time.perf_counter()
        result = assistant.answer(case.question, case.history)
        seconds = time.perf_counter() - began
        if tally is not None:
            tally[f"answers by {result.engine}"] += 1
            tally["sentences dropped"] += sum(note.startswith("dropped") for note in result.notes)
            tally["fallbacks"] += any(note.startswith("fallback") for note in result.notes)
        if log is not None:
            kept = [n for n in result.notes if n.startswith(("dropped", "fallback", "cited", "model reply"))]
            log.append({"id": case.id, "engine": result.engine, "answered": result.answered, "notes": kept})
        ranking = tuple(c.sentence_id for c in assistant.search(case.question, case.history, k=5))
        cited = tuple(c.sentence_id for c in result.citations)
        return Prediction(case.id, result.answered, result.text, cited, ranking, seconds, result.short)

    return run


def run_suite(
    assistant: Assistant,
    cases: Sequence[Case],
    *,
    baselines: bool = True,
    progress: Callable[[str], None] | None = None,
    generative: Assistant | None = None,
    learned: Assistant | None = None,
) -> dict[str, Any]:
    """Score ours (and, given `generative`, ours with the generative engine as ours_llm) and
    the baselines on the same cases."""
    cases = resolve_quotes(assistant, cases)
    runners = {}
    tally: Counter[str] = Counter()
    log: list[dict[str, Any]] = []
    if generative is not None:
        runners["ours_llm"] = ours(generative, tally, log)
    runners["ours"] = ours(assistant)
    if learned is not None:
        runners["ours_learned"] = ours(learned)
    if baselines:
        runners["langchain_top1"] = langchain_top1(assistant)
        runners["bm25_top1"] = bm25_top1(assistant)
    report: dict[str, Any] = {"definitions": DEFINITIONS, "systems": {}, "categories": {}, "failures": []}
    if generative is not None:
        report["generative"] = tally  # a Counter: written to JSON as a plain object
        report["generative_log"] = log
        report["failures_llm"] = []
    for name, run in runners.items():
        if progress:
            progress(f"running {name} on {len(cases)} cases")
        run(cases[0])  # warm-up: latency is reported warm
        if name == "ours_llm":
            tally.clear()  # ...and not counted
            log.clear()
        predictions = [run(case) for case in cases]
        report["systems"][name] = score(cases, predictions)
        report["categories"][name] = by_category(cases, predictions)
        if name.startswith("ours"):
            pairs = zip(cases, predictions, strict=True)
            key = {"ours": "failures", "ours_llm": "failures_llm"}.get(name, f"failures_{name}")
            report[key] = [_failure(c, p) for c, p in pairs if not is_correct(c, p)]
    return report


def _failure(case: Case, prediction: Prediction) -> dict[str, Any]:
    return {
        "id": case.id,
        "category": case.category,
        "question": case.question,
        "history": list(case.history),
        "expected": [list(f) for f in case.facts] if case.answerable else "a refusal",
        "support": list(case.support),
        "answered": prediction.answered,
        "answer": prediction.text,
        "cited": list(prediction.cited),
    }


METRIC_ROWS = [
    "answer_accuracy",
    "citation_precision",
    "citation_recall",
    "abstention_accuracy",
    "false_refusal_rate",
    "strict_accuracy",
    "overall",
    "recall_at_1",
    "recall_at_3",
    "recall_at_5",
    "mrr",
    "openings",
    "opening_accuracy",
    "latency_p50_ms",
    "latency_p95_ms",
]


# The cases a metric is a share of: with none of them (a small sample, a set of near misses only)
# it has no value, and the table says "n/a" rather than a 0.000 that reads as a failure.
_SHARE_OF = {"abstention_accuracy": "unanswerable", "opening_accuracy": "openings"} | {
    m: "answerable"
    for m in ("answer_accuracy", "citation_precision", "citation_recall", "false_refusal_rate", "recall_at_1")
    + ("recall_at_3", "recall_at_5", "mrr")
}


def table(report: dict[str, Any], before: dict[str, Any] | None = None) -> str:
    """The metrics of each system side by side; `before` adds a column of recorded figures
    (today's engine before a change, from evals/before.json)."""
    systems = [s for s in SYSTEMS if s in report["systems"]]
    columns = {s: report["systems"][s] for s in systems}
    categories = {s: report["categories"][s] for s in systems}
    if before:
        columns = {f"before {before['commit'][:7]}": before["systems"], **columns}
        categories = {f"before {before['commit'][:7]}": before.get("categories", {}), **categories}
    width = max(len(m) for m in METRIC_ROWS) + 2
    lines = ["metric".ljust(width) + "".join(s.rjust(16) for s in columns)]
    for metric in METRIC_ROWS:
        cells = [
            "n/a" if metric in _SHARE_OF and c.get(_SHARE_OF[metric], 1) == 0 else c.get(metric, float("nan"))
            for c in columns.values()
        ]
        fmt = (lambda v: f"{v:.1f}") if metric.endswith("_ms") else (lambda v: f"{v:.3f}")
        lines.append(metric.ljust(width) + "".join((v if isinstance(v, str) else fmt(v)).rjust(16) for v in cells))
    lines.append("")
    lines.append("by category (share handled correctly)".ljust(width))
    for category in sorted(report["categories"]["ours"]):
        cells = [c.get(category, float("nan")) for c in categories.values()]
        lines.append(f"  {category}".ljust(width) + "".join(f"{v:.3f}".rjust(16) for v in cells))
    counts = report["systems"]["ours"]
    lines.append("")
    failed = f"{len(report['failures'])} failed by ours"
    for key in ("failures_llm", "failures_ours_learned"):
        if key in report:
            failed += f", {len(report[key])} by {key.removeprefix('failures_').replace('llm', 'ours_llm')}"
    lines.append(
        f"{int(counts['cases'])} cases ({int(counts['answerable'])} answerable, "
        f"{int(counts['unanswerable'])} unanswerable); {failed}"
    )
    if "generative" in report:
        lines.append("ours_llm: " + ", ".join(f"{k} {v}" for k, v in sorted(report["generative"].items())))
    return "\n".join(lines)


def markdown(report: dict[str, Any]) -> str:
    lines = ["# Eval report", "", "```", table(report), "```", "", "## Metrics", ""]
    lines += [f"- **{name}**: {text}" for name, text in report["definitions"].items()]
    for key, system in (("failures", "ours"), ("failures_llm", "ours_llm"), ("failures_ours_learned", "ours_learned")):
        if key in report:
            lines += ["", f"## Failed cases of {system} ({len(report[key])})", ""]
            lines += _failure_lines(report[key])
    if report.get("generative_log"):
        lines += ["", "## What verification did with the model's replies (ours_llm)", ""]
        for entry in report["generative_log"]:
            lines.append(f"- **{entry['id']}**: shown by {entry['engine']}, answered {entry['answered']}")
            lines += [f"  - {note}" for note in entry["notes"]]
    return "\n".join(lines)


def _failure_lines(failures: list[dict[str, Any]]) -> list[str]:
    lines = []
    for f in failures:
        lines.append(f"### {f['id']} ({f['category']})")
        if f["history"]:
            lines.append("History: " + " / ".join(m["content"] for m in f["history"] if m["role"] == "user"))
        lines += [
            f"- Question: {f['question']}",
            f"- Expected: {f['expected']} (support {f['support']})",
            f"- Answered: {f['answered']}, cited {f['cited']}",
            "",
            "```",
            f["answer"],
            "```",
            "",
        ]
    return lines


def reports_folder(folder: Path) -> Path:
    """The reports folder, made if need be; InputError naming it when it cannot be written."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".probe-"):
            pass
    except OSError as error:
        raise InputError(
            f"The reports folder {folder} cannot be written ({error.strerror or error}): set ASSISTANT_REPORTS_DIR."
        ) from None
    return folder


def write_reports(report: dict[str, Any], folder: Path) -> tuple[Path, Path]:
    json_path, md_path = reports_folder(folder) / "eval.json", folder / "eval.md"
    try:
        json_path.write_text(json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8")
        md_path.write_text(markdown(report), encoding="utf-8")
    except OSError as error:
        raise InputError(f"The reports in {folder} cannot be written ({error.strerror or error}).") from None
    return json_path, md_path


def check(report: dict[str, Any], thresholds: dict[str, float], system: str = "ours") -> list[str]:
    """Each metric of the system below its minimum (or above, for *_rate and latency), as a message."""
    problems = []
    metrics = report["systems"][system]
    for name, bound in thresholds.items():
        value = metrics[name]
        upper = name.endswith("_rate") or name.endswith("_ms")
        if (value > bound) if upper else (value < bound):
            problems.append(f"{name} = {value:.3f} is {'above' if upper else 'below'} the threshold {bound}")
    return problems
