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
from dataclasses import dataclass, replace
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


def write_split(
    split: str, folder: Path, *, data: Path = DATA, limit: int | None = None, withheld: bool = False
) -> list[PublicQuestion]:
    """Write the split's documents into folder and return its questions (at most `limit`,
    spread evenly over the split when given). withheld: near misses made from the split instead.
    In each paragraph the first answerable question whose answer can go (at most
    WITHHELD_WORDS words, found nowhere else in its document once withheld) loses its answer
    from the text (withhold); those questions are returned, now unanswerable, and no others."""
    if split not in SPLITS:
        raise ValueError(f"unknown split {split!r}: one of {', '.join(SPLITS)}")
    articles = json.loads(data.read_text(encoding="utf-8"))["data"]
    mixed = {a["title"] for a in articles if any(q["is_impossible"] for p in a["paragraphs"] for q in p["qas"])}
    whole = _article_split([a["title"] for a in articles if a["title"] not in mixed])
    folder.mkdir(parents=True, exist_ok=True)
    questions: list[PublicQuestion] = []
    gone: dict[str, tuple[str, ...]] = {}  # withheld: each question's answers, no longer in the text
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
        asked: list[PublicQuestion] = []
        for paragraph in paragraphs:
            context = paragraph["context"].strip()
            shift = paragraph["context"].index(context[:20]) if context else 0
            held: PublicQuestion | None = None
            for qa in paragraph["qas"]:
                answers = () if qa["is_impossible"] else tuple(dict.fromkeys(a["text"] for a in qa["answers"]))
                offset = -1 if not answers else position + qa["answers"][0]["answer_start"] - shift
                decoys = qa.get("plausible_answers") or []
                plausible = position + decoys[0]["answer_start"] - shift if decoys and not answers else -1
                question = PublicQuestion(qa["id"], qa["question"].strip(), answers, name, offset, position, plausible)
                if not withheld:
                    asked.append(question)
                elif held is None and answers and len(answers[0].split()) <= WITHHELD_WORDS:
                    at = offset - position
                    if context[at : at + len(answers[0])] == answers[0]:
                        context = withhold(context, at, at + len(answers[0]))
                        held = replace(question, answers=(), offset=-1)
                        gone[held.id] = answers
            if held is not None:
                asked.append(held)
            text.append(context)
            position += len(context) + 2
        document = "\n\n".join(text) + "\n"
        (folder / name).write_text(document, encoding="utf-8")
        # A withheld answer said again elsewhere in the document is not withheld.
        lowered = document.lower()
        questions += [q for q in asked if not any(a.lower() in lowered for a in gone.get(q.id, ()))]
    if limit is not None and len(questions) > limit:
        step = len(questions) / limit
        questions = [questions[int(i * step)] for i in range(limit)]
    return questions


# Longer answers are clauses, whose removal leaves no sentence worth reading.
WITHHELD_WORDS = 6
# Words that go with a withheld answer ("born in 1981" -> "born"): English prepositions and
# articles, not drawn from any document here.
_LEADS = frozenset(
    "a about after an around as at before between by during for from in into near of on over since some than "
    "the to under until with".split()
)


def withhold(text: str, start: int, end: int) -> str:
    """text without the answer at [start, end) and the preposition or article leading to it,
    spaces mended: the sentence still speaks of what the question asks, but no longer gives it
    ("The talks lasted one hour." -> "The talks lasted."). This is what a near miss looks like."""
    left = text[:start]
    lead = re.search(r"(?:^|\s)(\w+)\s*$", left)
    capital = False
    if lead and lead.group(1).lower() in _LEADS:
        capital = lead.group(1)[0].isupper()  # "In 1932, it opened." -> "It opened."
        left = left[: lead.start(1)]
    right = text[end:].lstrip()
    if capital or not left.strip():
        right = re.sub(r"^[,;:]\s*", "", right)
        right = right[:1].upper() + right[1:]
    joined = left.rstrip() + ("" if re.match(r"[,.;:!?)]", right) or not left.strip() else " ") + right
    return re.sub(r" {2,}", " ", joined)


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
