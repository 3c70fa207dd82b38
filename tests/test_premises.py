"""Numbers a question states must be borne out by the sentences that answer it (assistant.premises)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from assistant.premises import number_values, stated_alternatives

from .conftest import make_settings

HARBOUR = (
    "Maria Keller opened the Harbour Bakery in Bergen in 1998, after ten years as a ship's cook.\n"
    "In 2015 she sold it to a workers' cooperative for a thousand kroner.\n"
    "The cooperative then opened a second shop in Oslo.\n"
    "The bakery won the national bread prize.\n"
)


@pytest.mark.parametrize(
    ("text", "stated"),
    [
        ("Who opened it in 1998?", ["1998"]),
        ("Were 1,000 or 1,000 loaves sold?", ["1,000"]),  # each once, as written
        ("Did it cost $929.3 million, 53% of the budget?", ["929.3", "53"]),
        ("Who opened it in １９９８?", ["１９９８"]),
        # Forms sentences write otherwise, and single digits (they count the answers asked for).
        ("What 2 critics, at 10:00 or 14:00, in the 3rd year of the 1990s, the '22 deal, 1837–47 or 2013-14?", []),
        ("MI6, G20, COVID-19, 7.2/10, 2/21/2016, the 00's and the 00’s?", []),
    ],
)
def test_the_numbers_a_question_states(text: str, stated: list[str]) -> None:
    assert list(dict.fromkeys(n for group in stated_alternatives(text) for n in group)) == stated


@pytest.mark.parametrize(
    ("text", "groups"),
    [
        ("Did she sell it in 2015 or 2016?", [["2015", "2016"]]),
        ("In 2015, or in 2016?", [["2015", "2016"]]),
        ("Were 12 loaves sold in 1998, 2005 or 2010?", [["12"], ["1998", "2005", "2010"]]),
        ("Did prices rise by 25% or 50%, to 1,000 kroner or 2,000 kroner?", [["25", "50"], ["1,000", "2,000"]]),
        ("Was the 2015 sale made in 2014 or 2015?", [["2015"], ["2014", "2015"]]),  # each group kept whole
        ("Between 1990 and 2000?", [["1990"], ["2000"]]),  # both are given
        ("In 1998, 12 loaves?", [["1998"], ["12"]]),  # a comma alone offers no choice
    ],
)
def test_numbers_joined_by_or_are_alternatives(text: str, groups: list[list[str]]) -> None:
    assert stated_alternatives(text) == groups


def test_a_sentence_gives_numbers_in_digits_or_in_words() -> None:
    values = number_values("A thousand bakers, one hundred and five ovens, twenty-five carts, 1.5 million loaves")
    assert {Decimal(1000), Decimal(105), Decimal(25), Decimal(1_500_000)} <= values
    assert Decimal(1000) in number_values("1,000 prisoners") and Decimal(20) in number_values("twenty per cent")
    # Words next to each other are one number only where English makes them one.
    assert number_values("a thirty-day ceasefire") == {Decimal(30)}  # not 31
    assert number_values("one, two, three") == {Decimal(1), Decimal(2), Decimal(3)}  # not 6
    assert Decimal(117) not in number_values("nineteen ninety-eight")


@pytest.fixture(scope="module")
def harbour(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    from assistant import Assistant

    seeds: Path = tmp_path_factory.mktemp("seeds")
    (seeds / "harbour.txt").write_text(HARBOUR, encoding="utf-8")
    return Assistant(make_settings(seeds, tmp_path_factory.mktemp("store")))


@pytest.mark.parametrize(
    "question",
    [
        "Who opened the Harbour Bakery in 1998?",
        "Who was a ship's cook for 10 years?",  # "ten years"
        "When was the bakery sold for 1,000 kroner?",  # "a thousand kroner"
        "Did she sell it in 2014 or 2015?",  # either one will do
        "Did Maria Keller open the bakery in 1996, 1997 or 1998?",
        "Was the 2015 sale made in 2014 or 2015?",
    ],
)
def test_a_question_whose_numbers_the_sentence_gives_is_answered(harbour, question: str) -> None:  # type: ignore[no-untyped-def]
    assert harbour.answer(question).answered


def test_a_question_with_a_number_the_article_never_gives_is_refused_saying_which(harbour) -> None:  # type: ignore[no-untyped-def]
    result = harbour.answer("Who opened the Harbour Bakery in 2003?")  # it was opened in 1998
    assert not result.answered
    assert result.text.startswith("The article doesn't say: nothing it says about this mentions 2003.")


def test_the_refusal_does_not_name_a_number_a_sentence_shown_under_it_gives(harbour) -> None:  # type: ignore[no-untyped-def]
    result = harbour.answer("Who won the national bread prize in 1998?")  # 1998 is when it opened
    assert not result.answered
    assert result.text.startswith("The article doesn't say.\n") and "1998" in result.text.split("\n", 1)[1]


def test_the_sentence_before_may_give_the_number(harbour) -> None:  # type: ignore[no-untyped-def]
    # "The cooperative then opened ..." follows "In 2015 she sold it ...", which gives the year.
    result = harbour.answer("Where did the cooperative open a second shop after 2015?")
    assert result.answered and [c.sentence_id for c in result.citations][0] == "harbour.txt#3"
