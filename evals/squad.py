"""Public QA data (SQuAD 2.0, the head of its training set) as documents and cases, split three ways.

train: fits the answer judge. dev: calibrates its refusal threshold and any other choice.
test: used for no choice at all, only reported.

Articles go to one split each, by the order of their titles' SHA-1 (five train, one dev, two
test): a rule fixed before any result was seen. Only two articles hold unanswerable questions;
those two are split by paragraph (paragraph i: i % 5 in 0-2 train, 3 dev, 4 test), so every split
has some. Each split is written as one text file per article, paragraphs separated by a blank
line, and every question is asked of the whole split, not of its own paragraph.

Data: SQuAD 2.0 (Rajpurkar, Jia and Liang, 2018), CC BY-SA 4.0; see data/README.md.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from assistant import Assistant

from .cases import Case

DATA = Path(__file__).with_name("data") / "squad2-train-head.json"
SPLITS = ("train", "dev", "test")
_BY_PARAGRAPH = ("train", "train", "train", "dev", "test")


@dataclass(frozen=True)
class PublicQuestion:
    id: str
    question: str
    answers: tuple[str, ...]  # empty: unanswerable
    source: str  # file name in the split's folder
    offset: int  # where the first answer starts in that file (-1: unanswerable)
    paragraph_start: int = 0  # where the paragraph it was asked of starts in that file
    plausible: int = -1  # unanswerable: where the answer a crowd worker found plausible starts


def _article_split(titles: Sequence[str]) -> dict[str, str]:
    ordered = sorted(titles, key=lambda t: hashlib.sha1(t.encode("utf-8")).hexdigest())
    return {t: ("train" if i < 5 else "dev" if i == 5 else "test") for i, t in enumerate(ordered)}


def _file_name(title: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "_", title).strip("_") + ".txt"


def write_split(split: str, folder: Path, *, data: Path = DATA, limit: int | None = None) -> list[PublicQuestion]:
    """Write the split's documents into folder and return its questions (at most `limit`,
    spread evenly over the split when given)."""
    if split not in SPLITS:
        raise ValueError(f"unknown split {split!r}: one of {', '.join(SPLITS)}")
    articles = json.loads(data.read_text(encoding="utf-8"))["data"]
    mixed = {a["title"] for a in articles if any(q["is_impossible"] for p in a["paragraphs"] for q in p["qas"])}
    whole = _article_split([a["title"] for a in articles if a["title"] not in mixed])
    folder.mkdir(parents=True, exist_ok=True)
    questions: list[PublicQuestion] = []
    for article in articles:
        title = article["title"]
        paragraphs = [
            p
            for i, p in enumerate(article["paragraphs"])
            if (_BY_PARAGRAPH[i % 5] if title in mixed else whole[title]) == split
        ]
        if not paragraphs:
            continue
        name = _file_name(title)
        text, position = [], 0
        for paragraph in paragraphs:
            context = paragraph["context"].strip()
            shift = paragraph["context"].index(context[:20]) if context else 0
            for qa in paragraph["qas"]:
                answers = () if qa["is_impossible"] else tuple(dict.fromkeys(a["text"] for a in qa["answers"]))
                offset = -1 if not answers else position + qa["answers"][0]["answer_start"] - shift
                decoys = qa.get("plausible_answers") or []
                plausible = position + decoys[0]["answer_start"] - shift if decoys and not answers else -1
                questions.append(
                    PublicQuestion(qa["id"], qa["question"].strip(), answers, name, offset, position, plausible)
                )
            text.append(context)
            position += len(context) + 2
        (folder / name).write_text("\n\n".join(text) + "\n", encoding="utf-8")
    if limit is not None and len(questions) > limit:
        step = len(questions) / limit
        questions = [questions[int(i * step)] for i in range(limit)]
    return questions


def as_cases(assistant: Assistant, questions: Sequence[PublicQuestion]) -> list[Case]:
    """Cases whose gold support is the indexed sentence that holds the answer's first character."""
    spans = {source: assistant.document(source).sentences for source in assistant.sources()}
    cases = []
    for q in questions:
        support: tuple[str, ...] = ()
        if q.answers:
            support = tuple(s.sentence_id for s in spans.get(q.source, ()) if s.start <= q.offset < s.end)
        cases.append(
            Case(
                id=q.id,
                category="answerable" if q.answers else "unanswerable",
                question=q.question,
                answerable=bool(q.answers),
                facts=(q.answers,) if q.answers else (),
                support=support,
            )
        )
    return cases
