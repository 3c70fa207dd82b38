"""The opening gate: a reply opens with its short answer only when that is likely right."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.language import Vocabulary
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


def test_what_the_gate_never_learned_opens_as_the_rules_chose(town) -> None:  # type: ignore[no-untyped-def]
    # A follow-up: the public data the gate was fitted on holds none, so it does not judge it.
    history = [{"role": "user", "content": "Who was the first librarian?"}, {"role": "assistant", "content": "Ellison"}]
    assert town.answer("How many books did she buy?", history).short == "4,200 books"
    # Nor a Yes or No: no yes/no question is in the public data.
    assert town.answer("Did Ellison buy books in Lisbon?").short == "Yes"


def test_an_answer_from_a_later_quoted_sentence_or_one_without_the_questions_words_is_not_judged() -> None:
    from assistant.language import words
    from assistant.opening import opening
    from assistant.question import read_question

    question = read_question("How many books did Ellison buy?", [], Vocabulary(words(LIBRARY)), max_turns=6)
    sentence = "Margaret Ellison, its first librarian, bought 4,200 books from a bookseller in Lisbon."
    judged = opening(question, sentence, frozenset(), first=True)
    assert judged is not None and judged.text == "4,200 books" and judged.figures
    later = opening(question, sentence, frozenset(), first=False)
    assert later is not None and later.text == "4,200 books" and later.figures == ()
    unrelated = opening(question, "The council paid 300 pounds.", frozenset(), first=True)
    assert unrelated is not None and unrelated.text == "300 pounds" and unrelated.figures == ()


def test_without_a_fitted_gate_every_opening_stays(town, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from assistant import opening

    monkeypatch.setattr(opening, "OPENING_WEIGHTS", Path("/nonexistent/opening.json"))
    opening.gate.cache_clear()
    try:
        assert town.answer("Who invited the bishop?").short == "Kari Lund"
    finally:
        opening.gate.cache_clear()
