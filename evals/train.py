"""`assistant train`: the reader, the judge and the opening gate, from the public data in the repository.

Takes about 35 minutes on 2 cores: 27 for the reader (two epochs), about 5 for the judge and
under 2 for the opening gate (96 s on 2026-11-27); CI never runs it. The weights go to
assistant/model/ (reader.safetensors, judge.json, opening.json), which ship with the package.
"""

from __future__ import annotations

import argparse
import sys

from index import Settings

from . import count

HELP = "Train the answer judge (and its cross-encoder reader) and the opening gate on the public data's train split."


def configure(parser: argparse.ArgumentParser) -> None:
    only = parser.add_mutually_exclusive_group()
    only.add_argument("--judge-only", action="store_true", help="keep the shipped reader, refit the judge only")
    only.add_argument(
        "--opening-only", action="store_true", help="refit only the gate on the short answer a reply opens with"
    )
    parser.add_argument("--limit", type=count, help="at most this many questions per split (a quick trial run)")


def run(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.judge import MODEL_DIR, forget_reader, load_weights
    from assistant.opening import gate

    from .train_judge import train_judge
    from .train_opening import train_opening
    from .train_reader import train

    log = lambda message: print(message, file=sys.stderr, flush=True)  # noqa: E731
    if not args.opening_only:
        if not args.judge_only:
            train(MODEL_DIR, limit=args.limit * 6 if args.limit else None, log=log)
            forget_reader()
        train_judge(settings, limit=args.limit, log=log)
        load_weights.cache_clear()
    # After the judge: the rules' decisions it is fitted on use the judge's rescue.
    train_opening(settings, limit=args.limit, log=log)
    gate.cache_clear()
    return 0
