"""Short answers and the sentence a sentence leans on, on text that is not the article."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.language import subject_is_pronoun
from assistant.question import Kind
from assistant.shortanswer import find_short_answer, name_runs

from .conftest import make_settings

BAKERY = (
    "Maria Keller opened the Harbour Bakery in Bergen in 1998, after ten years as a ship's cook.\n"
    "She sold it to a workers' cooperative in 2015 for an undisclosed sum.\n"
    "On Tuesday, the cooperative announced a second shop near the fish market.\n"
)


def test_days_and_months_are_not_names() -> None:
    sentence = "During Friday's meeting in Oslo, Anna Berg spoke about the May deal."
    assert [r.text for r in name_runs(sentence)] == ["Oslo", "Anna Berg"]
    assert find_short_answer(Kind.PERSON, "Who spoke at the meeting in Oslo?", sentence) == "Anna Berg"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("He sold it.", True), ("They met twice.", True), ("Hector sold it.", False), ("The shop sold it.", False)],
)
def test_a_pronoun_subject_is_recognised(text: str, expected: bool) -> None:
    assert subject_is_pronoun(text) is expected


@pytest.fixture(scope="module")
def bakery(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    from assistant import Assistant

    seeds: Path = tmp_path_factory.mktemp("seeds")
    (seeds / "bakery.txt").write_text(BAKERY, encoding="utf-8")
    return Assistant(make_settings(seeds, tmp_path_factory.mktemp("store")))


def test_who_did_what_a_pronoun_did_is_read_from_the_sentence_before(bakery) -> None:  # type: ignore[no-untyped-def]
    result = bakery.answer("Who sold the bakery to a cooperative?")
    assert result.answered
    assert result.text.startswith("Maria Keller")
    # Both sentences are cited: the one that says what was done, and the one that says who "she" is.
    assert {c.sentence_id for c in result.citations} == {"bakery.txt#1", "bakery.txt#2"}


def test_a_name_found_only_in_the_sentence_before_is_cited_from_it(bakery) -> None:  # type: ignore[no-untyped-def]
    result = bakery.answer("When did Maria Keller sell the bakery?")
    assert result.answered
    assert "2015" in result.text
    assert [c.sentence_id for c in result.citations][:2] == ["bakery.txt#2", "bakery.txt#1"]


def test_a_sentence_that_names_its_own_subject_is_cited_alone(bakery) -> None:  # type: ignore[no-untyped-def]
    result = bakery.answer("When did the cooperative announce a second shop?")
    assert result.answered
    assert [c.sentence_id for c in result.citations] == ["bakery.txt#3"]
