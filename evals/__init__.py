"""The eval suite, the benchmarks and training: `assistant eval`, `assistant bench`, `assistant train`."""

from __future__ import annotations

import argparse


def count(text: str) -> int:
    """An argparse type for how many of something: a whole number above 0, or a usage error
    (`--limit 0` divided by zero, and `--limit -3` ran no case and failed on the first)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text} is not above 0")
    return value


def size(text: str) -> float:
    """An argparse type for a size: a number above 0."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not value > 0:
        raise argparse.ArgumentTypeError(f"{text} is not above 0")
    return value
