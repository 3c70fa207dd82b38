"""A deterministic synthetic corpus of news-like sentences, for scale and throughput tests."""

from __future__ import annotations

import random
from pathlib import Path

PEOPLE = [
    "Anna Kovalenko",
    "Pieter de Vries",
    "Maria Lopez",
    "Tomasz Nowak",
    "Amina Diallo",
    "Kenji Sato",
    "Olga Petrenko",
    "James Carter",
    "Lucia Romano",
    "Farid Haddad",
    "Sofia Lindqvist",
    "David Cohen",
]
ROLES = ["foreign minister", "spokesperson", "envoy", "senior official", "defence minister", "mediator"]
PLACES = ["Geneva", "Vienna", "Doha", "Oslo", "Helsinki", "Riyadh", "Ankara", "Warsaw", "Brussels", "Nairobi"]
TOPICS = [
    "a prisoner exchange",
    "a humanitarian corridor",
    "grain shipments",
    "energy infrastructure",
    "a monitoring mission",
    "sanctions relief",
    "the return of displaced families",
    "a maritime truce",
]
VERBS = ["said", "confirmed", "denied", "suggested", "warned", "announced", "insisted", "reported"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
TEMPLATES = [
    "{person}, the {role}, {verb} that talks on {topic} would resume in {place} on {day}.",
    "During the meeting in {place}, delegates discussed {topic} for {hours} hours and {minutes} minutes.",
    "{person} {verb} that {count} observers would be sent to {place} to oversee {topic}.",
    "Officials in {place} {verb} that no agreement on {topic} had been reached by {day}.",
    "The {role} {person} met counterparts in {place}, where {topic} dominated the agenda.",
    "A statement released on {day} said {topic} remained the main obstacle, according to {person}.",
    "Negotiators {verb} a draft on {topic}, although the timeline stayed unclear after talks in {place}.",
    "{person} called the proposal on {topic} constructive but {verb} that {count} details were unresolved.",
]


def sentence(rng: random.Random) -> str:
    return rng.choice(TEMPLATES).format(
        person=rng.choice(PEOPLE),
        role=rng.choice(ROLES),
        place=rng.choice(PLACES),
        topic=rng.choice(TOPICS),
        verb=rng.choice(VERBS),
        day=rng.choice(DAYS),
        hours=rng.randint(1, 9),
        minutes=rng.randint(1, 59),
        count=f"{rng.randint(2, 4000):,}",
    )


def write_corpus(folder: Path, sentences: int, *, per_document: int = 50, seed: int = 7) -> list[Path]:
    """`sentences` sentences in documents of `per_document`, in paragraphs of three, same every run."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for number in range((sentences + per_document - 1) // per_document):
        count = min(per_document, sentences - number * per_document)
        lines = [sentence(rng) for _ in range(count)]
        paragraphs = [" ".join(lines[i : i + 3]) for i in range(0, len(lines), 3)]
        path = folder / f"batch-{number // 100:03d}" / f"report-{number:05d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"Report {number}\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


def text_of_size(size: int, *, seed: int = 11) -> str:
    """One document of at least `size` bytes (UTF-8): a title, then paragraphs of three sentences."""
    rng = random.Random(seed)
    parts = ["Field reports\n"]
    total = len(parts[0])
    while total < size:
        paragraph = " ".join(sentence(rng) for _ in range(3))
        parts.append(paragraph)
        total += len(paragraph.encode("utf-8")) + 2
    return "\n\n".join(parts) + "\n"
