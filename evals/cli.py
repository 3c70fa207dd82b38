"""`assistant eval`: the gold-fact suite, ours against the baselines, as a table and report files."""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from index import ENGINES, InputError, Settings

from . import count

HELP = "Run the eval suite: ours against two baselines on gold facts from the article."
THRESHOLDS = Path(__file__).with_name("thresholds.json")
BEFORE = Path(__file__).with_name("before.json")
DEFAULT_FEEDBACK = Path("(reports folder)/feedback.jsonl")  # resolved against the settings when run


def configure(parser: argparse.ArgumentParser) -> None:
    from .cases import DEFAULT_CASES

    parser.add_argument("--json", action="store_true", help="print the report as JSON instead of the table")
    parser.add_argument("--check", action="store_true", help=f"exit 1 when a metric misses {THRESHOLDS.name}")
    parser.add_argument("--cases", type=Path, default=DEFAULT_CASES, help="cases file (JSONL)")
    parser.add_argument("--seeds", type=Path, help="documents folder to evaluate on (indexed into a temp store)")
    parser.add_argument("--no-baselines", action="store_true", help="score ours only (no baselines, no ours_learned)")
    parser.add_argument(
        "--public",
        choices=("train", "dev", "test"),
        help="score a split of the public SQuAD 2.0 data (evals/data) instead of the article's cases",
    )
    parser.add_argument("--limit", type=count, help="with --public: at most this many questions, spread evenly")
    parser.add_argument(
        "--withheld",
        action="store_true",
        help="with --public: near misses instead, the split's documents with one answer per paragraph taken "
        "out of the text and its question asked (a right reply says the documents don't say)",
    )
    parser.add_argument(
        "--no-learned",
        action="store_true",
        help="leave out ours_learned (the extractive engine with the learned judge)",
    )
    parser.add_argument(
        "--from-feedback",
        type=Path,
        nargs="?",
        const=DEFAULT_FEEDBACK,
        metavar="FILE",
        help="turn thumbs-down answers in FILE (default: the reports folder's feedback.jsonl) into draft "
        "cases for a person to complete, written to --out; runs no eval and never edits the eval set",
    )
    parser.add_argument("--out", type=Path, help="with --from-feedback: the drafts file (default: reports folder)")
    parser.add_argument(
        "--engine",
        choices=ENGINES,
        help="llm: also score the generative engine (ASSISTANT_LLM_* settings) as ours_llm, and --check it "
        "(default: ASSISTANT_ENGINE, else extractive)",
    )


def run(args: argparse.Namespace, settings: Settings) -> int:
    from assistant import Assistant
    from assistant.chain import extractive_engine

    from .cases import DEFAULT_CASES, DOCUMENT_SETS, EXTRA_SETS, Case, load_cases
    from .runner import check, reports_folder, run_suite, table, write_reports
    from .squad import as_cases, write_split

    if args.from_feedback is not None:
        return _from_feedback(args, settings)
    if args.withheld and not args.public:
        raise InputError("--withheld needs --public SPLIT (it is made from a split of the public data)")
    if args.limit and not args.public:
        raise InputError("--limit needs --public SPLIT (the other sets always run whole)")
    if args.engine:
        settings = replace(settings, engine=args.engine)
        settings.check_engine()
    progress = lambda m: print(m, file=sys.stderr, flush=True)  # noqa: E731
    before = json.loads(BEFORE.read_text(encoding="utf-8")) if BEFORE.exists() else {}
    cases = [] if args.public else load_cases(args.cases)
    extra = not args.public and args.cases == DEFAULT_CASES
    extras = {name: load_cases(path) for name, (path, _) in EXTRA_SETS.items()} if extra else {}
    elsewhere = {name: (load_cases(path), folder) for name, (path, folder, _) in DOCUMENT_SETS.items()} if extra else {}
    reports_folder(settings.reports_dir)  # before the run, not after it: a folder it cannot write is one line
    with tempfile.TemporaryDirectory(prefix="assistant-eval-") as scratch:
        public = []
        if args.public:
            folder = Path(scratch) / "seeds"
            public = write_split(args.public, folder, limit=args.limit, withheld=args.withheld)
            settings = replace(settings, seeds_dir=folder, store_dir=Path(scratch) / "store", chroma_url=None)
            progress(f"indexing the {args.public} split of the public data")
        elif args.seeds:
            settings = replace(settings, seeds_dir=args.seeds, store_dir=Path(scratch) / "store", chroma_url=None)

        def engines(local: Settings) -> tuple[Assistant, Assistant | None, Assistant | None]:
            """The extractive assistant scored as ours, the generative one (ours_llm) if configured,
            and the learned judge's (ours_learned) beside the rules: "ours" is the configured judge."""
            generative = Assistant(local) if local.engine == "llm" else None
            assistant = generative.with_engine(extractive_engine(local)) if generative else Assistant(local)
            learned = None
            if not (args.no_learned or args.no_baselines) and local.judge == "rules":
                learned = assistant.with_engine(extractive_engine(replace(local, judge="learned")))
            return assistant, generative, learned

        here = engines(settings)
        assistant, generative, _ = here
        if public:
            cases = as_cases(assistant, public)

        def suite(
            scored: Sequence[Case], ours: Assistant, generative: Assistant | None, learned: Assistant | None
        ) -> dict[str, Any]:
            return run_suite(
                ours, scored, baselines=not args.no_baselines, progress=progress, generative=generative, learned=learned
            )

        report = suite(cases, *here)
        for name, extra_cases in extras.items():
            report[name] = suite(extra_cases, *here)
        for name, (own_cases, folder) in elsewhere.items():
            # Each on its own documents, indexed into a store of its own, with the same engines.
            # Indexed whatever ASSISTANT_AUTO_INDEX says: its store is new and empty (a reviewer's find).
            local = replace(
                settings, seeds_dir=folder, store_dir=Path(scratch) / name, chroma_url=None, auto_index=True
            )
            report[name] = suite(own_cases, *engines(local))
    json_path, md_path = write_reports(report, settings.reports_dir)
    if args.json:
        print(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        title = f"public data, {args.public} split" if args.public else str(args.cases.name)
        key = f"public_{args.public}" + ("_withheld" if args.withheld else "")
        title += ", answers withheld" if args.withheld else ""
        # A sample's figures are not comparable with those recorded for the whole split.
        recorded = before.get(key) if args.public and not args.limit else None
        print(f"{title}\n" + table(report, recorded))
        for name in extras:
            path, what = EXTRA_SETS[name]
            print(f"\n{name} questions ({path.name}, {what})")
            print(table(report[name], before.get(name)))
        for name in elsewhere:
            path, folder, what = DOCUMENT_SETS[name]
            print(f"\n{name} questions ({path.name} on the documents in {folder.name}/, {what})")
            print(table(report[name], before.get(name)))
        print(f"\nreports: {json_path} {md_path}")
    if args.check:
        system = "ours_llm" if generative else "ours"
        problems = check(report, json.loads(THRESHOLDS.read_text(encoding="utf-8")), system)
        for problem in problems:
            print(f"check failed: {problem}", file=sys.stderr)
        return 1 if problems else 0
    return 0


def _from_feedback(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.feedback import FEEDBACK_FILE

    from .feedback import write_drafts

    feedback = settings.reports_dir / FEEDBACK_FILE if args.from_feedback == DEFAULT_FEEDBACK else args.from_feedback
    out = args.out or settings.reports_dir / "feedback-cases.jsonl"
    written, bad = write_drafts(feedback, out)
    skipped = f", {bad} line{'s' if bad != 1 else ''} skipped (not JSON)" if bad else ""
    drafts = f"{written} draft case{'' if written == 1 else 's'}"
    print(f"{drafts} from thumbs-down answers in {feedback}{skipped}, added to {out}")
    if written:
        print("Fill in answerable, facts and support in each, then run `assistant eval --cases` on the file.")
    return 0
