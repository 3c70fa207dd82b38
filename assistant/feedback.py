"""Readers' thumbs up or down on answers: one JSON line each, appended to a file under a lock.

The file is only ever opened for appending, so an entry already written is never lost; the lock
(filelock, one `.lock` file beside it) keeps two servers or two threads from interleaving lines.
"""

from __future__ import annotations

import json
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

FEEDBACK_FILE = "feedback.jsonl"


class FeedbackLog:
    def __init__(self, path: Path) -> None:
        self.path = path

    def append(self, entry: Mapping[str, Any]) -> None:
        """Write one entry (stamped with the time, UTC) as one line."""
        from filelock import FileLock

        line = json.dumps({"time": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), **entry}, ensure_ascii=False)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with FileLock(str(self.path) + ".lock", timeout=30), self.path.open("a", encoding="utf-8") as out:
            out.write(line + "\n")


def read_feedback_lines(path: Path) -> tuple[list[dict[str, Any]], int]:
    """(entries, how many non-blank lines were not a JSON object)."""
    return parse_lines(path.read_text(encoding="utf-8"))


def parse_lines(text: str) -> tuple[list[dict[str, Any]], int]:
    """The JSON objects of a JSON-lines text, and how many non-blank lines were not one."""
    entries: list[dict[str, Any]] = []
    bad = 0
    for line in text.splitlines():
        if not line.strip():
            continue
        try:
            entry = json.loads(line)
        except ValueError:
            bad += 1
            continue
        if isinstance(entry, dict):
            entries.append(entry)
        else:
            bad += 1
    return entries, bad
