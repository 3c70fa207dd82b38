"""`assistant eval --from-feedback`: readers' thumbs-down answers as draft cases for a person to finish.

A draft has the question and conversation of the case, what the assistant answered and cited,
and the reader's comment; whether it is answerable, its facts and its support are left empty,
because only a person who reads the source can say them. load_cases refuses a draft until then.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from assistant.feedback import read_feedback_lines

from .cases import DEFAULT_CASES, FRESH_CASES, CaseFileError


def draft_cases(entries: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    drafts: list[dict[str, Any]] = []
    for entry in entries:
        if entry.get("rating") != "down" or not str(entry.get("question") or "").strip():
            continue
        answer = entry.get("answer") or {}
        drafts.append(
            {
                "id": f"feedback-{len(drafts) + 1:03d}",
                "category": "feedback",
                "question": str(entry["question"]),
                "history": list(entry.get("history") or []),
                "answerable": None,  # for a person to decide: true or false
                "facts": [],
                "support": [],
                "comment": str(entry.get("comment") or ""),
                "was_answered": answer.get("answered"),
                "was_text": answer.get("text", ""),
                "was_cited": [c.get("sentence_id") for c in answer.get("citations") or [] if isinstance(c, dict)],
                "time": entry.get("time"),
            }
        )
    return drafts


def write_drafts(feedback: Path, out: Path) -> tuple[int, int]:
    """Write the drafts from a feedback file to out; (drafts written, lines skipped)."""
    protected = {DEFAULT_CASES.resolve(), FRESH_CASES.resolve()}
    if out.resolve() in protected:
        raise CaseFileError(f"{out} is part of the eval set: drafts go to their own file, for a person to check first")
    try:
        entries, bad = read_feedback_lines(feedback)
    except (OSError, UnicodeDecodeError) as error:
        raise CaseFileError(f"{feedback}: cannot be read ({error})") from None
    drafts = draft_cases(entries)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in drafts), encoding="utf-8")
    return len(drafts), bad
