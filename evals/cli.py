"""`assistant eval`: the gold-fact suite, ours against the baselines, as a table and report files."""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

from index import ENGINES, Settings

HELP = "Run the eval suite: ours against two baselines on gold facts from the article."
THRESHOLDS = Path(__file__).with_name("thresholds.json")


def configure(parser: argparse.ArgumentParser) -> None:
    from .cases import DEFAULT_CASES

    parser.add_argument("--json", action="store_true", help="print the report as JSON instead of the table")
    parser.add_argument("--check", action="store_true", help=f"exit 1 when a metric misses {THRESHOLDS.name}")
    parser.add_argument("--cases", type=Path, default=DEFAULT_CASES, help="cases file (JSONL)")
    parser.add_argument("--seeds", type=Path, help="documents folder to evaluate on (indexed into a temp store)")
    parser.add_argument("--no-baselines", action="store_true", help="score ours only")
    parser.add_argument(
        "--engine",
        choices=ENGINES,
        help="llm: also score the generative engine (ASSISTANT_LLM_* settings) as ours_llm, and --check it "
        "(default: ASSISTANT_ENGINE, else extractive)",
    )


def run(args: argparse.Namespace, settings: Settings) -> int:
    from assistant import Assistant
    from assistant.engine import ExtractiveEngine

    from .cases import CaseFileError, load_cases
    from .runner import check, run_suite, table, write_reports

    if args.engine:
        settings = replace(settings, engine=args.engine)
        settings.check_engine()
    try:
        cases = load_cases(args.cases)
    except CaseFileError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="assistant-eval-") as scratch:
        if args.seeds:
            settings = replace(settings, seeds_dir=args.seeds, store_dir=Path(scratch) / "store", chroma_url=None)
        generative = Assistant(settings) if settings.engine == "llm" else None
        assistant = generative.with_engine(ExtractiveEngine()) if generative else Assistant(settings)
        try:
            report = run_suite(
                assistant,
                cases,
                baselines=not args.no_baselines,
                progress=lambda m: print(m, file=sys.stderr, flush=True),
                generative=generative,
            )
        except CaseFileError as error:
            print(f"error: {error}", file=sys.stderr)
            return 2
    json_path, md_path = write_reports(report, settings.reports_dir)
    if args.json:
        print(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        print(table(report))
        print(f"\nreports: {json_path} {md_path}")
    if args.check:
        system = "ours_llm" if generative else "ours"
        problems = check(report, json.loads(THRESHOLDS.read_text(encoding="utf-8")), system)
        for problem in problems:
            print(f"check failed: {problem}", file=sys.stderr)
        return 1 if problems else 0
    return 0
