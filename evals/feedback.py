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

from assistant.feedback import parse_lines, read_feedback_lines

from .cases import DEFAULT_CASES, DOCUMENT_SETS, EXTRA_SETS, CaseFileError


def draft_cases(entries: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """A draft per answer whose last rating is thumbs down (a later up or a retraction wins)."""
    last: dict[Any, dict[str, Any]] = {}
    for number, entry in enumerate(entries):
        last.pop(entry.get("answer_id") or number, None)  # re-inserted: ordered by the last rating
        last[entry.get("answer_id") or number] = entry
    drafts: list[dict[str, Any]] = []
    for entry in last.values():
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
                "answer_id": entry.get("answer_id"),
            }
        )
    return drafts


def write_drafts(feedback: Path, out: Path) -> tuple[int, int]:
    """Add the drafts from a feedback file to out; (new drafts, feedback lines skipped).

    Drafts already in out stay as they are (a person may be completing them): only answers
    not drafted before are appended.
    """
    written = (DEFAULT_CASES, *(p for p, _ in EXTRA_SETS.values()), *(p for p, _, _ in DOCUMENT_SETS.values()))
    if out.resolve() in {path.resolve() for path in written}:
        raise CaseFileError(f"{out} is part of the eval set: drafts go to their own file, for a person to check first")
    if out.resolve() == feedback.resolve():
        raise CaseFileError(f"{out} is the feedback file itself: drafts go to their own file")
    try:
        entries, bad = read_feedback_lines(feedback)
    except (OSError, UnicodeDecodeError) as error:
        raise CaseFileError(f"{feedback}: cannot be read ({error})") from None
    try:
        kept = out.read_text(encoding="utf-8") if out.exists() else ""
    except (OSError, UnicodeDecodeError) as error:
        raise CaseFileError(f"{out}: cannot be read ({error})") from None
    seen = {_key(draft) for draft in parse_lines(kept)[0]}  # a line a person is still editing is skipped
    new = [d for d in draft_cases(entries) if _key(d) not in seen]
    for number, draft in enumerate(new, len(seen) + 1):
        draft["id"] = f"feedback-{number:03d}"
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        with out.open("a", encoding="utf-8") as handle:
            if kept and not kept.endswith("\n"):
                handle.write("\n")
            handle.writelines(json.dumps(d, ensure_ascii=False) + "\n" for d in new)
    except OSError as error:
        raise CaseFileError(f"{out}: cannot be written ({error.strerror or error})") from None
    return len(new), bad


def _key(draft: dict[str, Any]) -> tuple[str, str]:
    return (str(draft.get("answer_id") or draft.get("time") or ""), str(draft.get("question") or ""))
