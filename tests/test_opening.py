"""The opening gate: a reply opens with its short answer only when that is likely right."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.opening import FEATURES, OPENING_WEIGHTS, OpeningGate

from .conftest import make_settings

LIBRARY = (
    "The city library opened in 1887 on Harbour Street.\n"
    "Margaret Ellison, its first librarian, bought 4,200 books from a bookseller in Lisbon.\n"
    "She ran it for thirty years.\n"
)
# Many names, none of them the one asked for: "Who invited the bishop?" (the board did).
CEREMONY = (
    "At the ceremony in Bergen, Mayor Eva Holm, councillor Per Dahl, the architect Ola Berg and the builder "
    "Kari Lund stood beside the bishop, who had been invited by the board.\n"
)


def test_the_gate_ships_fitted_on_the_features_the_code_computes() -> None:
    gate = OpeningGate.load()
    assert gate.weights.features == FEATURES
    evidence = json.loads(OPENING_WEIGHTS.read_text(encoding="utf-8"))["evidence"]
    # Fitted on train; on dev, which it never saw, the openings it keeps are right more often.
    assert "SQuAD 2.0" in evidence["data"] and evidence["dev"]["openings"] > 100
    assert evidence["dev"]["right_after"] > evidence["dev"]["right_before"]


@pytest.fixture(scope="module")
def town(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    from assistant import Assistant

    seeds: Path = tmp_path_factory.mktemp("seeds")
    (seeds / "library.txt").write_text(LIBRARY, encoding="utf-8")
    (seeds / "ceremony.txt").write_text(CEREMONY, encoding="utf-8")
    return Assistant(make_settings(seeds, tmp_path_factory.mktemp("store")))


def test_a_clear_short_answer_opens_the_reply(town) -> None:  # type: ignore[no-untyped-def]
    result = town.answer("How many books did Ellison buy?")
    assert result.text.startswith("4,200 books.") and result.short == "4,200 books"


def test_a_name_picked_from_many_far_from_the_question_does_not(town) -> None:  # type: ignore[no-untyped-def]
    result = town.answer("Who invited the bishop?")
    assert result.answered and [c.sentence_id for c in result.citations] == ["ceremony.txt#1"]
    # The rules would open with "Kari Lund.", the name nearest "bishop": the quote says who.
    assert result.text.startswith("From the article:") and result.short == ""
