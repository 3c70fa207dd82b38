"""Short answers and the sentence a sentence leans on, on text that is not the article."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.language import spells_out, subject_is_pronoun
from assistant.question import Kind
from assistant.shortanswer import leaves_open, name_runs, yes_or_no

from .conftest import make_settings
from .reading import find_short_answer

BAKERY = (
    "Maria Keller opened the Harbour Bakery in Bergen in 1998, after ten years as a ship's cook.\n"
    "She sold it to a workers' cooperative in 2015 for an undisclosed sum.\n"
    "On Tuesday, the cooperative announced a second shop near the fish market.\n"
    "The Norwegian Food Safety Authority has approved its kitchen.\n"
    "Jonas Lie chairs the cooperative's board.\n"
    "He told Anna Berg about the new shop in a letter.\n"
)


def test_days_and_months_are_not_names() -> None:
    sentence = "During Friday's meeting in Oslo, Anna Berg spoke about the May deal."
    assert [r.text for r in name_runs(sentence)] == ["Oslo", "Anna Berg"]
    assert find_short_answer(Kind.PERSON, "Who spoke at the meeting in Oslo?", sentence) == "Anna Berg"
    # ...unless the month stands next to another name.
    assert [r.text for r in name_runs("In March, Theresa May met June Carter in Kyiv.")] == [
        "Theresa May",
        "June Carter",
        "Kyiv",
    ]


def test_a_time_zone_figure_is_not_a_year() -> None:
    sentence = "He set the call for 10 a.m. Eastern Time (1400 GMT)."
    assert find_short_answer(Kind.TIME, "What year is the call?", sentence) is None
    assert find_short_answer(Kind.TIME, "What time is the call?", sentence) == "10 a.m."


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


def over(seeds: Path, store_dir: Path, name: str, text: str):  # type: ignore[no-untyped-def]
    """An assistant over one document: `name` holding `text`."""
    from assistant import Assistant

    (seeds / name).write_text(text, encoding="utf-8")
    return Assistant(make_settings(seeds, store_dir))


def earnings(seeds: Path, store_dir: Path):  # type: ignore[no-untyped-def]
    """An assistant over a new-user helper's earnings report (tests/data/earnings.txt)."""
    text = (Path(__file__).with_name("data") / "earnings.txt").read_text(encoding="utf-8")
    return over(seeds, store_dir, "earnings.txt", text)


def test_who_did_what_a_pronoun_did_is_read_from_the_sentence_before(bakery) -> None:  # type: ignore[no-untyped-def]
    result = bakery.answer("Who sold the bakery to a cooperative?")
    assert result.answered
    assert result.text.startswith("Maria Keller")
    # Both sentences are cited: the one that says what was done, and the one that says who "she" is.
    assert {c.sentence_id for c in result.citations} == {"bakery.txt#1", "bakery.txt#2"}


def test_a_name_found_only_in_the_sentence_before_is_cited_from_it(bakery) -> None:  # type: ignore[no-untyped-def]
    result = bakery.answer("When did Maria Keller sell the bakery to its workers?")
    assert result.answered
    assert "2015" in result.text
    assert [c.sentence_id for c in result.citations][:2] == ["bakery.txt#2", "bakery.txt#1"]


def test_a_pronoun_sentence_that_holds_the_answer_is_cited_alone(bakery) -> None:  # type: ignore[no-untyped-def]
    result = bakery.answer("When was the bakery sold to the workers' cooperative?")
    assert result.answered
    assert "2015" in result.text
    assert [c.sentence_id for c in result.citations] == ["bakery.txt#2"]


@pytest.mark.parametrize(
    ("question", "person"),
    [
        ("Who was told about the new shop?", "Anna Berg"),  # the one it was done to
        ("Who did the chair tell about the new shop?", "Anna Berg"),
        ("Who wrote to Anna Berg about the new shop?", "Jonas Lie"),  # the one who did it: "he"
        ("Who has he told about the new shop?", "Anna Berg"),  # "he" acts: not who he is
    ],
)
def test_who_asks_for_the_doer_or_for_the_one_it_was_done_to(bakery, question: str, person: str) -> None:  # type: ignore[no-untyped-def]
    result = bakery.answer(question)
    assert result.answered
    assert result.text.startswith(person)


def test_a_sentence_that_names_its_own_subject_is_cited_alone(bakery) -> None:  # type: ignore[no-untyped-def]
    result = bakery.answer("When did the cooperative announce a second shop?")
    assert result.answered
    assert [c.sentence_id for c in result.citations] == ["bakery.txt#3"]


@pytest.mark.parametrize(
    ("acronym", "text", "expected"),
    [
        ("POWs", "They swapped 200 prisoners of war on Sunday.", True),
        ("NATO", "The North Atlantic Treaty Organization met.", True),
        ("UN", "It has rained until now.", False),  # two letters: chance pairs of words
        ("WHO", "We have options.", False),  # a run may not start on a function word
        ("IMF", "The fund met in March.", False),
    ],
)
def test_an_acronym_is_read_off_the_words_it_stands_for(acronym: str, text: str, expected: bool) -> None:
    assert spells_out(acronym, text) is expected


@pytest.mark.parametrize(
    ("text", "sentence", "expected"),
    [
        ("On what date is the vote?", "The vote is at 10 a.m. on Monday.", "on Monday"),
        ("What date is the vote?", "The vote is at 10 a.m.", None),  # a clock time is no date
        ("What time is the vote?", "The vote is at 10 a.m. on Monday.", "10 a.m."),
    ],
)
def test_a_date_is_not_a_clock_time(text: str, sentence: str, expected: str | None) -> None:
    from assistant.question import question_kind

    assert question_kind(text) is Kind.TIME
    assert find_short_answer(Kind.TIME, text, sentence) == expected


def test_an_acronym_of_the_documents_words_is_not_an_unknown_name(bakery) -> None:  # type: ignore[no-untyped-def]
    result = bakery.answer("Has the NFSA approved the new kitchen?")
    assert result.answered
    assert [c.sentence_id for c in result.citations] == ["bakery.txt#4"]


@pytest.fixture(scope="module")
def solar(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """An assistant over the public data's article on solar energy (train split, evals/data,
    CC BY-SA 4.0)."""
    from assistant import Assistant
    from evals.squad import write_split

    train = tmp_path_factory.mktemp("train")
    write_split("train", train)
    seeds: Path = tmp_path_factory.mktemp("seeds")
    (seeds / "solar.txt").write_text((train / "Solar_energy.txt").read_text(encoding="utf-8"), encoding="utf-8")
    return Assistant(make_settings(seeds, tmp_path_factory.mktemp("store")))


GREENHOUSES = "In what century were the first modern greenhouses constructed?"


def test_a_question_the_rules_find_weakly_supported_is_answered_when_the_judge_is_sure(
    tmp_path: Path, seeds: Path, store_dir: Path
) -> None:
    """On the public data's article on the iPod (train split, evals/data, CC BY-SA 4.0)."""
    from evals.squad import write_split

    write_split("train", tmp_path / "train")
    ipod = over(seeds, store_dir, "ipod.txt", (tmp_path / "train" / "IPod.txt").read_text(encoding="utf-8"))
    question = "How long were 5th generation iPods marketed as being able to function before needing to be charged?"
    result = ipod.answer(question)
    assert result.answered
    # The sentence holding the answer is quoted. ("14 hours" no longer opens the reply: the
    # opening gate, fitted on the public data, gives it 0.44 against the 0.5 it needs.)
    assert [c.text for c in result.citations] == [
        "For example, the fifth generation 30 GB iPod is advertised as having up to 14 hours of music playback."
    ]
    # The rules alone find too few of the question's words in the sentence: the judge's
    # certainty (0.74 when written) answers it.
    assert any(note.startswith("judge") and "over the rules' weak support" in note for note in result.notes)


def test_a_century_is_found_for_in_what_century(solar) -> None:  # type: ignore[no-untyped-def]
    result = solar.answer(GREENHOUSES)
    assert result.answered
    assert result.text.startswith("16th century.")


def test_a_name_that_opens_a_sentence_is_a_name_when_the_documents_write_it_so() -> None:
    sentence = "Keller trained as a cook in Bergen."
    assert [r.text for r in name_runs(sentence)] == ["Bergen"]  # "Keller" could be any first word
    assert [r.text for r in name_runs(sentence, frozenset({"keller"}))] == ["Keller", "Bergen"]
    assert find_short_answer(Kind.PERSON, "Who trained in Bergen?", sentence, frozenset({"keller"})) == "Keller"


def test_who_did_it_is_answered_by_a_name_that_opens_its_sentence(seeds: Path, store_dir: Path) -> None:
    text = "Keller trained as a cook on a ship for ten years.\nThe town council later thanked Keller for the bakery.\n"
    result = over(seeds, store_dir, "keller.txt", text).answer("Who trained as a cook on a ship?")
    assert result.answered
    assert result.text.startswith("Keller.")
    assert [c.sentence_id for c in result.citations] == ["keller.txt#1"]


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Who is the Oslo city spokesperson?", "Kari Holm"),  # the body the question names goes
        ("Who speaks for Oslo?", "Kari Holm"),
        ("Who is Holm?", None),  # the run is the person asked about: no other name to give
    ],
)
def test_a_person_answer_leaves_out_what_the_question_gives(question: str, expected: str | None) -> None:
    sentence = "Oslo city spokesperson Kari Holm closed the port on Friday."
    assert find_short_answer(Kind.PERSON, question, sentence, frozenset({"oslo"})) == expected


@pytest.mark.parametrize(
    ("question", "sentence"),
    [
        ("Who designed the library?", "In 1887 Mayor Eva Holm opened the library that Ola Dahl had designed."),
        (
            "Who donated the books?",
            "Eva Holm, the mayor, praised the builders, and the bookseller Ola Dahl donated 4,200 books.",
        ),
    ],
)
def test_a_person_answer_is_the_name_nearest_the_question_words(question: str, sentence: str) -> None:
    # Not the first name of the sentence: on the public train split that was right for 148 of
    # 314 who-questions answered from the right sentence, the nearest for 181.
    assert find_short_answer(Kind.PERSON, question, sentence) == "Ola Dahl"
    # ...except where the sentence says who "he" of the next one is: that is its subject.
    assert find_short_answer(Kind.PERSON, question, sentence, subject=True) in {"Mayor Eva Holm", "Eva Holm"}


def test_a_word_the_documents_also_write_in_lower_case_is_no_name(seeds: Path, store_dir: Path) -> None:
    text = (
        'The mayor told reporters: "After the storm, the harbour stays shut."\n'
        "After the storm, the army retreated under orders.\n"
        "The port reopened after two days.\n"
    )
    result = over(seeds, store_dir, "storm.txt", text).answer("Who ordered the army to retreat?")
    assert not result.text.startswith("After")


def test_who_is_someone_is_not_answered_with_another_name(seeds: Path, store_dir: Path) -> None:
    text = "Holm indicated that Norway is exploring a series of new ideas.\nThe council later thanked Holm.\n"
    result = over(seeds, store_dir, "holm.txt", text).answer("Who is Holm?")
    assert result.answered
    assert not result.text.startswith("Norway")  # the sentence gives no title: no short answer
    assert result.text.startswith("From the article:")


HARBOUR = (
    "Holm told Jonas Lie that Norway is exploring new ideas for the harbour.\n"
    "Holm and Berg said the plans would be ready by spring.\n"
    "At a long meeting on roads, parking, ferries and the summer market, Harbour Master Eva Holm "
    "and Mayor Paul Berg spoke about the budget.\n"
)


@pytest.mark.parametrize(
    ("question", "title"),
    [
        ("Who is Holm?", "Harbour Master Eva Holm"),
        ("Who is Eva Holm?", "Harbour Master Eva Holm"),
        ("who was Berg?", "Mayor Paul Berg"),
    ],
)
def test_who_is_someone_is_answered_by_the_sentence_that_gives_their_title(
    seeds: Path, store_dir: Path, question: str, title: str
) -> None:
    """The sentences about Holm's plans come closer to "Who is Holm?" than the long one that says
    who she is, and name no one else in it; the long one answers, and the reply opens with her title."""
    result = over(seeds, store_dir, "harbour.txt", HARBOUR).answer(question)
    assert result.answered, result.text
    assert result.text.startswith(f"{title}.")
    assert [c.sentence_id for c in result.citations][:1] == ["harbour.txt#3"]


def test_a_who_question_with_more_than_a_name_is_not_asking_who_someone_is() -> None:
    from assistant.question import Kind, Question

    def asked(text: str, names: set[str], terms: tuple[str, ...]) -> Question:
        return Question(text, "", Kind.PERSON, frozenset(names), terms, (), False)

    assert asked("Who is Holm?", {"holm"}, ("holm",)).asks_identity
    assert not asked("Who was Holm's teacher?", {"holm"}, ("holm", "teacher")).asks_identity
    assert not asked("Who is he?", set(), ()).asks_identity
    assert not asked("Who met Holm?", {"holm"}, ("met", "holm")).asks_identity


def test_a_title_comes_before_the_name() -> None:
    from assistant.engine import titled_name
    from assistant.question import Kind, Question

    who = Question("Who is Holm?", "", Kind.PERSON, frozenset({"holm"}), ("holm",), (), False)
    assert titled_name(who, "Harbour Master Eva Holm spoke.") == ("Harbour Master Eva Holm", True)
    # "state" is a word of titles ("Secretary of State") but here the verb after the names.
    assert titled_name(who, "Anna Berg and Eva Holm state that the plan is sound.") == ("Eva Holm", True)
    assert titled_name(who, "Berg and Holm state that the plan is sound.") == (None, True)
    assert titled_name(who, "Berg spoke.") == (None, False)
    # The whole name asked about, and nobody else's title.
    full = Question("Who is Eva Holm?", "", Kind.PERSON, frozenset({"eva", "holm"}), ("eva", "holm"), (), False)
    assert titled_name(full, "Mayor Eva Berg spoke.")[0] is None
    assert titled_name(full, "Harbour Master Eva Holm spoke.")[0] == "Harbour Master Eva Holm"
    eva = Question("Who is Eva?", "", Kind.PERSON, frozenset({"eva"}), ("eva",), (), False)
    assert titled_name(eva, "Mayor Eva Berg spoke.")[0] is None  # her title, or Eva Berg's?


@pytest.mark.parametrize(
    "question", ["Were they expensive?", "Did anyone object to them?", "Were they heated?", "How much did they cost?"]
)
def test_a_follow_up_is_not_answered_yes_for_the_question_before_it(solar, question: str) -> None:  # type: ignore[no-untyped-def]
    """Read with the question before it, the follow-up comes close to the sentence saying when the
    greenhouses were built, which says nothing of cost, objections or heating. Neither that
    closeness nor the learned judge (trained on no yes/no question and no follow-up, and sure
    of it) answers it ("Yes.", "16.")."""
    result = solar.answer(
        question, [{"role": "user", "content": GREENHOUSES}, {"role": "assistant", "content": "The 16th."}]
    )
    assert not result.answered, result.text
    assert not any(note.startswith("judge") for note in result.notes)


def test_a_follow_up_whose_own_words_are_found_is_answered(solar) -> None:  # type: ignore[no-untyped-def]
    history = [{"role": "user", "content": GREENHOUSES}, {"role": "assistant", "content": "The 16th."}]
    result = solar.answer("Did they keep plants brought back from explorations?", history)
    assert result.answered, result.text
    assert result.text.startswith("Yes.")
    assert "exotic plants" in result.text


def test_a_word_and_a_longer_form_of_it_are_related() -> None:
    from assistant.lexical import match

    assert match("agre", {"tentat", "agreement"}) == 0.5  # "agree" / "agreement"
    assert match("invad", {"invas"}) == 0.5
    assert match("agre", {"agre"}) == 1.0
    assert match("talk", {"tall", "walk"}) == 0.0


def test_who_is_someone_is_not_answered_with_the_title_of_another(seeds: Path, store_dir: Path) -> None:
    text = (
        "Defence Minister Sergei Shoigu visited the harbour on a long tour of the coast.\n"
        "Lavrov spoke about the talks.\n"
    )
    result = over(seeds, store_dir, "ministers.txt", text).answer("Who is Sergei Lavrov?")
    assert "Defence Minister" not in result.text.split("\n")[0], result.text


@pytest.mark.parametrize("words", ["sixteen hours", "eighteen months", "two billion years"])
def test_every_number_word_counts_in_a_duration(words: str) -> None:
    """The short answers' number words were a list of their own, without thirteen, fourteen or
    sixteen to nineteen: "sixteen hours" was no duration while "fifteen hours" was."""
    sentence = f"The talks lasted {words}, the delegates said."
    assert find_short_answer(Kind.DURATION, "How long did the talks last?", sentence) == words


def test_a_number_does_not_run_on_past_its_comma(bakery) -> None:  # type: ignore[no-untyped-def]
    sentence = "Keller opened it in 1998, after ten years as a cook."
    assert find_short_answer(Kind.NUMBER, "How many years was Keller a cook?", sentence) == "ten years"
    assert bakery.answer("How many years was Keller a cook?").text.startswith("ten years.")


@pytest.mark.parametrize(
    ("question", "sentence", "expected"),
    [
        ("What share of the bread is sold before noon?", "About 40% of the bread is sold before noon.", "40%"),
        ("What share of sales went online?", "Online orders made up 12.5 percent of sales.", "12.5 percent"),
        # A sum keeps its currency and scale, and takes no noun after it.
        ("How much did the new ovens cost?", "The cooperative spent $1.2 million refitting ovens.", "$1.2 million"),
        ("How much did the harbour project cost?", "It cost US$3 billion fiberoptic cables included.", "US$3 billion"),
        ("How much did the harbour project cost?", "It cost $3bn in all.", "$3bn"),  # not three dollars
        ("How much did the bakery raise?", "It raised ₽500 million from its customers.", "₽500 million"),
        ("How many loaves are baked each day?", "The bakers make 1,000 loaves of rye each day.", "1,000 loaves of rye"),
        # A share the question already gives is not its answer.
        (
            "How many seats did the party with 40% of the vote win?",
            "It won 40% of the vote and 120 seats.",
            "120 seats",
        ),
    ],
)
def test_a_share_or_a_sum_is_answered_whole(question: str, sentence: str, expected: str) -> None:
    assert find_short_answer(Kind.NUMBER, question, sentence) == expected


def test_a_sentence_saying_it_is_not_known_does_not_borrow_a_number_from_the_one_before(bakery) -> None:  # type: ignore[no-untyped-def]
    """ "She sold it ... for an undisclosed sum" leans on the sentence before for who "she" is,
    not for a sum: "1998" and "ten years" there are no answer to "How much?"."""
    result = bakery.answer("How much did the cooperative pay?")
    assert not result.text.startswith(("ten", "1998"))
    # A sentence saying the sum is not known does not answer how much: the reply says the text
    # doesn't say, and shows it.
    assert not result.answered and result.text.startswith("The article doesn't say.")
    assert [c.sentence_id for c in result.citations][:1] == ["bakery.txt#2"] and "undisclosed" in result.text


def test_who_is_someone_does_not_open_with_whoever_a_sentence_cited_beside_names(bakery) -> None:  # type: ignore[no-untyped-def]
    # "He told Anna Berg about the new shop" is cited with the sentence naming "he" (Jonas Lie).
    result = bakery.answer("Who is Anna Berg?")
    assert not result.text.startswith("Jonas Lie"), result.text


TRAM = (
    "The city council of Aarhus voted 17 to 12 on Wednesday to approve a new tram line linking the university "
    "to the harbour.\n"
    "Opponents, led by councillor Lise Holm, argued that buses would be cheaper.\n"
    "Construction is scheduled to begin next spring, although the exact route through the old town has not "
    "been decided.\n"
)


@pytest.mark.parametrize(
    ("question", "opening"),
    [
        # Every word of it is in the sentence, though the sentence says much more.
        ("Who led the opponents?", "Lise Holm."),
        # Seasons, like weekdays and years, answer "when".
        ("When does construction start?", "next spring."),
        # No title the engine knows ("councillor" is not one of its role words), no other
        # person needed: the sentence naming her is quoted.
        ("Who is Lise Holm?", "From the article:"),
    ],
)
def test_tram_questions_are_answered(seeds: Path, store_dir: Path, question: str, opening: str) -> None:
    result = over(seeds, store_dir, "tram.txt", TRAM).answer(question)
    assert result.answered, result.text
    assert result.text.startswith(opening)


@pytest.mark.parametrize(
    ("question", "sentence", "expected"),
    [
        (
            "In what century were the first greenhouses built?",
            "They were built in the 16th century in Italy.",
            "16th century",
        ),
        ("In which decade did sales peak?", "Sales peaked in the 1990s and fell in 2004.", "1990s"),
        ("When did the spring dry up?", "The spring dried up after a hot summer.", None),  # a spring of water
    ],
)
def test_centuries_decades_and_seasons_are_times(question: str, sentence: str, expected: str | None) -> None:
    assert find_short_answer(Kind.TIME, question, sentence) == expected


def test_a_name_the_documents_never_use_is_named_without_its_possessive(bakery) -> None:  # type: ignore[no-untyped-def]
    result = bakery.answer("What did Picasso's agent say about the bakery?")
    assert not result.answered
    assert result.text.startswith("The article doesn't mention Picasso.")


@pytest.mark.parametrize(
    ("question", "related"),
    [
        ("Did Jonas Lie buy the bakery?", "bakery.txt#5"),
        ("Did Jonas Lie sell the bakery?", "bakery.txt#5"),
        # The learned judge gives this 0.47: over its own threshold, not as sure as a rescue needs.
        ("Has the Food Safety Authority inspected the fish market?", "bakery.txt#4"),
    ],
)
def test_a_yes_no_question_the_text_never_states_is_not_answered_yes(bakery, question: str, related: str) -> None:  # type: ignore[no-untyped-def]
    """Jonas Lie chairs the cooperative's board; nothing says he bought or sold the bakery, nor
    that the authority inspected anything. The sentences read no negation, which had made the
    reply "Yes."."""
    from assistant.judge import reader_export

    reader_export().ensure()  # as `make setup` does: without the reader, the words alone do not refuse
    result = bakery.answer(question)
    assert not result.answered
    assert result.text.startswith("The article doesn't say.")
    assert related in {c.sentence_id for c in result.citations}  # shown as related


@pytest.mark.parametrize(
    "question",
    [
        "Did Maria Keller open the Harbour Bakery in Bergen?",
        "Does Jonas Lie chair the board?",
        "Was Maria Keller a ship's cook?",
    ],
)
def test_a_yes_no_question_the_text_states_is_answered_yes(bakery, question: str) -> None:  # type: ignore[no-untyped-def]
    result = bakery.answer(question)
    assert result.answered
    assert result.text.startswith("Yes.")


@pytest.mark.parametrize(
    ("question", "sentence", "expected"),
    [
        # The negation is what the question asks about: it bears the question out.
        ("Did the council reject the plan?", "The council rejected the plan on Monday.", "Yes"),
        ("Did the council approve the plan?", "The council rejected the plan on Monday.", "No"),
        ("Was the price undisclosed?", "The bakery was sold for an undisclosed price.", "Yes"),
        ("Has the council refused to vote?", "The council has refused to vote on it.", "Yes"),
        ("Has the council voted on it?", "The council has refused to vote on it.", "No"),
        # A word that only negates still denies: the question asks whether it happened.
        ("Didn't the council vote on it?", "The council didn't vote on it.", "No"),
    ],
)
def test_a_negation_the_question_asks_about_reads_yes(question: str, sentence: str, expected: str) -> None:
    assert yes_or_no(question, sentence) == expected


@pytest.mark.parametrize(
    ("question", "sentence", "expected"),
    [
        # A plan answers "Not yet" from the clause about the question, not from another one...
        (
            "Did the talks take place on Friday?",
            "During Friday's talks in Bodø, the union asked for a possible new route.",
            "Yes",
        ),
        # ...or from a clause of its own that shares a word with it ("although the swap is only
        # planned")...
        (
            "Has the prisoner swap happened?",
            "They agreed to swap 1,000 prisoners, although the swap is only planned.",
            "Not yet",
        ),
        # ...and "1,000" does not part a clause ("tentative ... 1" from "000 prisoners").
        ("Have the prisoners been freed yet?", "They agreed a tentative deal on 1,000 prisoners.", "Not yet"),
        # "Not only ... but also" adds: it denies nothing.
        ("Does the shop sell cakes?", "The shop sells not only bread but also cakes.", "Yes"),
        ("Will the mayor discuss parking?", "She will discuss not just the ferries but parking too.", "Yes"),
        ("Does the shop sell cakes?", "The shop does not sell cakes.", "No"),
        ("Does the shop sell cakes?", "The shop doesn't only sell bread but also cakes.", "Yes"),
        ("Does the club shop sell coffee?", "The club shop doesn\u2019t only sell bait but also sells coffee.", "Yes"),
        # With no "but also" or "but ... too" after it, "not just" denies.
        ("Can anyone join the club?", "Not just anyone can join the club.", "No"),
        ("Can anyone join the club?", "Not just anyone can join the club, but members may bring guests.", "No"),
    ],
)
def test_plans_and_additions_are_read_from_the_clause_about_the_question(
    question: str, sentence: str, expected: str
) -> None:
    assert yes_or_no(question, sentence) == expected


@pytest.mark.parametrize(
    ("question", "sentence", "expected"),
    [
        # English idioms that deny (a new-user helper's "Has Mendonça played for Portugal's senior
        # team?" had read "Yes" from "has yet to win a senior cap").
        ("Has he won a senior cap?", "He made his debut in 2021 but has yet to win a senior cap.", "No"),
        ("Did the mayor promise a new pool?", "The mayor stopped short of promising a new pool.", "No"),
        # Only before what was not done: "stopped short of the crowd" is a place (a reviewer's find).
        ("Did the lorry stop?", "The lorry stopped short of the crowd.", "Yes"),
        # Not every "yet" or "short": "yet" joining a contrast, a "short" film.
        ("Did the club sign a striker?", "The club signed a striker, yet fans were unhappy.", "Yes"),
        ("Did the festival show short films?", "The festival showed short films of rare quality.", "Yes"),
    ],
)
def test_idioms_that_deny_read_no(question: str, sentence: str, expected: str) -> None:
    assert yes_or_no(question, sentence) == expected


def test_too_early_to_say_leaves_the_question_open() -> None:
    # A new-user helper's "Will the regulator take further action?" had read "Yes".
    sentence = "The regulator said it was too early to say whether any further action would be taken."
    assert leaves_open("Will the regulator take further action?", sentence)
    assert not leaves_open("Will the regulator take further action?", "The regulator will take further action.")


def test_a_question_offering_a_choice_is_not_answered_yes(bakery) -> None:  # type: ignore[no-untyped-def]
    result = bakery.answer("Did Maria Keller sell the bakery to a cooperative or to a bank?")
    assert result.answered
    assert [c.sentence_id for c in result.citations][0] == "bakery.txt#2"
    assert not result.text.startswith(("Yes", "No"))


@pytest.mark.parametrize(
    ("question", "sentence", "expected"),
    [
        (
            "How many captured soldiers will be swapped?",
            "The talks lasted one hour and 40 minutes and ended with a deal to swap 1,000 prisoners of war.",
            "1,000 prisoners of war",
        ),
        ("How many doctors had seen him?", "By 3 December, five doctors had seen him.", "five doctors"),
        ("How many years did she run it?", "She opened it in 1998 and ran it for 18 years.", "18 years"),
        # A range is one answer.
        ("What share of the vote did she win?", "She won 30-40% of the vote.", "30-40%"),
        ("How much did it cost?", "It cost $3-4 billion.", "$3-4 billion"),
        ("How many staff did it have?", "Between 1990-2000 it had staff.", None),  # years, no count
        ("What did inflation reach?", "Inflation hit 1200% in 2023.", "1200%"),  # no year
        ("How many people died?", "The toll rose from 12 to 15 people overnight.", "15 people overnight"),  # no range
        ("How many hours did it take?", "The meeting ran 10-11 a.m. on Monday.", "10"),  # not "10-1"
        # The counted noun stops at a preposition or a pronoun, as written in lower case.
        ("How many soldiers were sent?", "Washington sent 200 US soldiers to Poland.", "200 US soldiers"),
        ("How many were there?", "There were 12 near misses.", "12 near misses"),
        ("How many times did they play?", "They played on seven occasions between 1840 and 1850.", "seven occasions"),
        ("How many years did he teach?", "He taught for the last 18 years of his life.", "18 years"),
        ("How many people live there?", "There are 71,672 people per square mile.", "71,672 people"),
        ("How many doctors were called?", "On December 3, five doctors were called in.", "five doctors"),
        ("How many prisoners could be freed?", "After 12 soldiers returned, officials said 300 may be freed.", "300"),
        # Only times to choose from: the count opens with one after all.
        ("How many were there?", "The talks lasted one hour.", "one hour"),
    ],
)
def test_a_count_does_not_open_with_a_length_of_time_or_a_day(
    question: str, sentence: str, expected: str | None
) -> None:
    assert find_short_answer(Kind.NUMBER, question, sentence) == expected


def test_nearness_is_counted_between_the_words_not_from_where_the_question_word_starts() -> None:
    # "Per Dahl plans to speak" and "speak with Ola Berg": the gap after the verb is the shorter,
    # though "Ola Berg" starts further from where "speak" starts.
    sentence = "Following his talk with Eva Holm, Per Dahl plans to speak with Ola Berg and the board."
    assert find_short_answer(Kind.PERSON, "Who will he speak to afterwards?", sentence) == "Ola Berg"


def test_a_figure_given_only_in_a_markdown_table_is_answered_from_its_row(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Tables were left out of the index, and "How much does the pier cost?" was answered with
    the crane's price from the prose above."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    harbour = over(
        seeds,
        tmp_path / "store",
        "harbour.md",
        "# Harbour works\n\nA new crane was bought for $800,000 from Acme Cranes.\n\n## Budget\n\n"
        "| Item | Cost |\n|------|-----:|\n| Pier | $2 million |\n| Dredging | 2 million euros |\n",
    )
    pier = harbour.answer("How much does the pier cost?")
    assert pier.answered and pier.short == "$2 million", pier.text[:120]
    assert [c.text for c in pier.citations] == ["Pier | $2 million"]
    crane = harbour.answer("How much was the crane?")
    assert crane.short == "$800,000"
    # A row leans on its header, not on the sentence above the table: that had answered "Acme Cranes."
    supplier = harbour.answer("Who supplied the pier?")
    assert "Acme" not in supplier.short, supplier.text[:120]


def test_a_yes_needs_the_question_s_names_and_quantities_in_its_sentence(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A "Yes" had been read from a sentence about someone else (the name asked about being in
    another cited sentence) and from a sentence giving another quantity."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    council = over(
        seeds,
        tmp_path / "store",
        "council.txt",
        "Anna Berg called for new bus lanes on Monday.\n"
        "Mayor Olsen scheduled a council vote on the lanes.\n"
        "The council met for two hours and agreed to study the plan.\n",
    )
    for question in (
        "Did Mayor Olsen call for new bus lanes?",
        "Did the council meet for three hours?",
        "Did the council meet for 5 hours?",
    ):
        result = council.answer(question)
        assert not result.text.startswith("Yes"), (question, result.text[:100])
    for question in ("Did Anna Berg call for new bus lanes?", "Did the council meet for two hours?"):
        result = council.answer(question)
        assert result.short == "Yes", (question, result.text[:100])


def test_a_yes_is_not_read_from_a_sentence_about_someone_else(assistant) -> None:  # type: ignore[no-untyped-def]
    """Found by a helper trying the CLI: each read "Yes" from the sentence about another person
    (Zelensky called for sanctions; Rubio expressed skepticism), the one asked about being
    named in a second cited sentence."""
    for question in ("Did Trump call for sanctions against Russia?", "Did Lavrov express skepticism?"):
        result = assistant.answer(question)
        assert not result.text.startswith("Yes"), (question, result.text[:100])
    assert assistant.answer("Did Zelensky call for sanctions against Russia?").short == "Yes"


BOARD = """The harbour board met on Tuesday to approve the new ferry timetable.
The board is chaired by Ingrid Dahl, a former ship's captain.
Its longest-serving member is Per Lund, who keeps the harbour's accounts.
Dahl joined the board in 2015, after twenty years at sea.
Lund joined it in 2003, when the harbour was still owned by the town.
"""


def test_a_pronoun_is_read_as_the_person_just_given_as_the_answer(tmp_path: Path) -> None:
    """ "When did she join it?" after "Who chairs the board?" - "Ingrid Dahl.": the questions
    alone never name her, and had found Lund's year."""
    from assistant import Assistant

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "harbour.txt").write_text(BOARD, encoding="utf-8")
    assistant = Assistant(make_settings(seeds, tmp_path / "store"))
    first = assistant.answer("Who chairs the harbour board?")
    assert first.short == "Ingrid Dahl"
    history = [
        {"role": "user", "content": "Who chairs the harbour board?"},
        {"role": "assistant", "content": first.text},
    ]
    result = assistant.answer("When did she join it?", history)
    assert result.short == "2015"
    assert [c.sentence_id for c in result.citations] == ["harbour.txt#4"]


FERRY = (
    "The harbour talks between the ferry company and the union were held in Bodø.\n"
    "They were the first talks between the two sides in over a year.\n"
    "During Friday's talks in Bodø, the union asked for a new timetable for the winter.\n"
    "The company agreed to run 14 crossings a day from December.\n"
)


def test_a_yes_no_question_is_answered_by_the_sentence_giving_its_day(tmp_path: Path) -> None:
    """ "Were the talks with the union held on a Monday?": the closest sentence names no day, and
    the one that gives the talks' day (Friday) answers No. The day is no unknown name either: the
    text never says Monday, but a day is a value to compare, and had raised the bar for support."""
    from assistant import Assistant

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "ferry.txt").write_text(FERRY, encoding="utf-8")
    assistant = Assistant(make_settings(seeds, tmp_path / "store"))
    result = assistant.answer("Were the talks with the union held on a Monday?")
    assert result.answered and result.short == "No", result.text
    assert [c.sentence_id for c in result.citations][:1] == ["ferry.txt#3"]


UNION = (
    "The union talks were held in Bodø, the harbour town in the north.\n"
    "The ferry company sent its chief executive, Ola Berg, to the talks.\n"
    "Union members also held talks with the mayor on Tuesday in Tromsø.\n"
)


def test_a_yes_no_question_is_not_answered_no_from_another_event(tmp_path: Path) -> None:
    """Talks on Tuesday in Tromsø say nothing of the day of the talks in Bodø (a reviewer's find)."""
    from assistant import Assistant

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "union.txt").write_text(UNION, encoding="utf-8")
    result = Assistant(make_settings(seeds, tmp_path / "store")).answer(
        "Were the union talks in Bodø held on a Monday?"
    )
    assert result.short != "No", result.text


DEAL = "The council met in the town hall.\nThe bridge deal was signed in May after long talks.\n"


def test_a_month_after_in_is_a_date_to_compare_not_an_unknown_name(tmp_path: Path) -> None:
    """ "Was the bridge deal signed in March?": the text never says March, but gives May in its
    place (after review: refused as a name the article never mentions)."""
    from assistant import Assistant

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "deal.txt").write_text(DEAL, encoding="utf-8")
    assistant = Assistant(make_settings(seeds, tmp_path / "store"))
    result = assistant.answer("Was the bridge deal signed in March?")
    assert result.short == "No", result.text
    # A month alone may be someone: "August" is a name the text never uses.
    assert assistant.answer("What did August say about the bridge?").text.startswith(
        "The article doesn't mention August"
    )


def test_a_headline_in_title_case_gives_no_made_up_name(seeds: Path, store_dir: Path) -> None:
    # Every word of a headline is capitalised: only those the text writes as names elsewhere
    # are names there. A sentence full of names is no headline: it ends with a full stop.
    text = (
        "Harbor City FC Edge Past Riverside in Extra Time\n\n"
        "Harbor City FC beat Riverside United 3-2 after extra time on Saturday.\n"
        "Harbor City manager Elena Petrova praised her team's patience.\n"
        "Angela Merkel met Emmanuel Macron in Paris on Monday.\n"
    )
    assistant = over(seeds, store_dir, "match.txt", text)
    assert "Edge Past" not in assistant.answer("Who is Harbor City's coach?").text.split("\n")[0]
    names = assistant.request("Who is Harbor City's coach?").lexical.names
    runs = [s.text for s in name_runs(text.split("\n")[0], names)]
    assert runs and not any("Edge" in run or "Extra" in run for run in runs)
    assert assistant.answer("Who did Angela Merkel meet in Paris?").text.startswith("Emmanuel Macron")


def test_how_old_asks_for_the_number_giving_an_age(seeds: Path, store_dir: Path) -> None:
    text = (
        "Harbor City equalised just before half-time through midfielder Aiko Tanaka.\n"
        "Tanaka, 23, has now scored nine goals this season.\n"
        "Manager Elena Petrova praised her team's patience.\n"
    )
    assistant = over(seeds, store_dir, "match.txt", text)
    assert assistant.answer("How old is Aiko Tanaka?").citations[0].text.startswith("Tanaka, 23")
    assert not assistant.answer("How old is Elena Petrova?").answered  # no age given


@pytest.mark.parametrize(
    ("question", "sentence", "expected"),
    [
        ("How much did the funeral cost?", "The funeral, attended by 3,000 people, cost 5,000 francs.", "5,000 francs"),
        ("How much did the kettles cost?", "About 48,000 kettles were sold online for around $59.", "$59"),
        ("How much will the librarians cost?", "The council agreed to hire two part-time librarians.", None),
        ("How many will be hired?", "The council agreed to hire two part-time librarians.", "two part-time librarians"),
        # Sums without a currency word, and questions that only sound like ones about money.
        ("How much will the new bridge cost?", "The bridge is expected to cost 40 million.", "40 million"),
        ("How much did the firm pay?", "The firm paid USD 400,000 in fines.", "400,000"),
        (
            "How much did the state pay?",
            "It cost 412 million dollars, of which the state paid 290 million and a charity the rest.",
            "290 million",
        ),
        ("How much time did they spend at the factory?", "They spent three hours at the factory.", "three hours"),
        ("How much did the price of bread rise?", "The price of bread rose 3% in May.", "3%"),
        ("How much of the budget went to schools?", "Schools got 40% of the budget.", "40%"),
        (
            "How much did the club pay?",
            "Mensah, 24, scored; the club paid 12 million euros for him.",
            "12 million euros",
        ),
        ("How much will the tram line cost?", "The new 40 km tram line will cost 2 billion euros.", "2 billion euros"),
        ("How much did the firm pay its CEO?", "The firm paid its CEO 3 bonuses last year.", None),
        ("How much in damages must the city pay?", "The city must pay 3 fans 40,000 euros in damages.", "40,000 euros"),
    ],
)
def test_a_question_asking_what_something_cost_is_answered_by_a_sum(
    question: str, sentence: str, expected: str | None
) -> None:
    assert find_short_answer(Kind.NUMBER, question, sentence) == expected


@pytest.mark.parametrize(
    ("question", "sentence", "expected"),
    [
        ("Will Riverside appeal the red card?", "He did not say whether the club would appeal the red card.", True),
        ("Will the plant reopen?", "It is unclear if the plant will reopen next year.", True),
        ("Did she resign?", "The minister wouldn't confirm whether she had resigned.", True),
        ("Will the plant reopen?", "The firm did not say whether it would cut jobs at the plant it closed.", False),
        ("Will Okafor appeal?", "Okafor did not say whether he would appeal.", True),  # the name, then "he"
        ("Will the club sack the coach?", "The club declined to say whether it would sack the coach.", True),
        ("Will the mayor stand again?", "Nobody knows if the mayor will stand again.", True),
        ("Will Okafor appeal?", "Okafor didn’t say whether he would appeal.", True),
        # Another question asks by its own word: "how" is left open by "not known how", not by "whether".
        ("How did the bacteria survive?", "It is not known how the bacteria survived for so long.", True),
        ("When will the bridge reopen?", "Officials did not say when the bridge would reopen.", True),
        ("Will the bridge reopen?", "Officials did not say when the bridge would reopen.", False),
        ("How did the plant close?", "The firm did not explain why the plant closed.", False),
        ("How many people died?", "Officials did not say how the people died.", False),
        # A sentence going on past what it leaves open may answer after all.
        (
            "Who will lead the team?",
            "The club did not say who would lead it long-term, but named Ana Ruiz as coach.",
            False,
        ),
        ("Did the club appeal?", "The club said it would appeal the decision.", False),
        # What follows is denied too: it adds no answer.
        (
            "Did the dam release water during the storm?",
            "It is not yet known whether the dam released water during the storm, and its operator has not commented.",
            True,
        ),
        (
            "Did the dam release water during the storm?",
            "It is not yet known whether the dam released water during the storm, but its operator said it did.",
            False,
        ),
        # "Does" is no word the clause must repeat (its stem "doe" had counted as one).
        ("Does the council back the plan?", "The mayor would not say whether the council backs it.", True),
        # What follows may answer, though it holds a "not" (a reviewer's find).
        (
            "Will the school reopen on Monday?",
            "Officials did not say whether the school would reopen on Monday, "
            "but parents were told it would not open before Wednesday.",
            False,
        ),
    ],
)
def test_a_sentence_saying_it_is_not_known_leaves_a_yes_no_question_open(
    question: str, sentence: str, expected: bool
) -> None:
    from assistant.shortanswer import leaves_open

    assert leaves_open(question, sentence) is expected


def test_a_yes_no_question_left_open_by_the_text_is_not_answered_yes(seeds: Path, store_dir: Path) -> None:
    text = (
        "Riverside finished the game with ten players after captain Sam Okafor was sent off.\n"
        "Riverside coach Martin Kowalski said the referee's decisions had been difficult to accept.\n"
        "He did not say whether the club would appeal the red card.\n"
    )
    result = over(seeds, store_dir, "match.txt", text).answer("Will Riverside appeal the red card?")
    assert not result.answered
    assert "did not say whether" in result.citations[0].text  # shown as the sentence that leaves it open


@pytest.mark.parametrize(
    ("question", "sentence", "expected"),
    [
        ("When will the ward close?", "He said the ward would close in June and its beds would move.", "June"),
        ("What month will the ward close?", "The ward will close in June.", "June"),
        # Only when nothing fuller is given, and never a month that is a name or a modal verb.
        ("When did the ward open?", "The ward, planned in June, opened on 3 May 1998.", "3 May 1998"),
        ("When did the ward open?", "The ward opened after June Carter asked for it.", None),
        ("When will the ward close?", "Staff may be moved in may.", None),
    ],
)
def test_a_month_alone_after_a_date_word_is_a_time(question: str, sentence: str, expected: str | None) -> None:
    assert find_short_answer(Kind.TIME, question, sentence) == expected


def test_a_sentence_holding_the_answer_asked_for_is_sought_in_the_same_document(seeds: Path, store_dir: Path) -> None:
    # Three reports a new-user helper wrote: the court's sentence on legal costs gives no sum, and
    # the hospital report's sum is another matter.
    data = Path(__file__).with_name("data")
    for name in ("hospital.txt", "science.txt"):
        (seeds / name).write_text((data / name).read_text(encoding="utf-8"), encoding="utf-8")
    court = (data / "court.txt").read_text(encoding="utf-8")
    result = over(seeds, store_dir, "court.txt", court).answer("How much will the city pay in legal costs?")
    assert "412" not in result.text.split("\n")[0]
    assert not result.answered or result.citations[0].source == "court.txt"


@pytest.mark.parametrize(
    ("question", "sentence", "expected"),
    [
        ("How old is Tanaka?", "Tanaka, 23, has now scored nine goals this season.", "23"),
        ("How old is he?", "He is 64 years old.", "64 years old"),
        ("At what age did she retire?", "She retired aged 61 after nine seasons.", "61"),
        ("How old was he?", "In October 1810, six months after his birth, the family moved.", "six months"),
        # A count of something else is no age, nor a time ago, nor a year (of birth or otherwise).
        ("How old is Okafor?", "Okafor joined the club two years ago and has scored nine goals.", None),
        ("How old is the bridge?", "The bridge was built in 1887.", None),
    ],
)
def test_how_old_is_answered_by_an_age(question: str, sentence: str, expected: str | None) -> None:
    assert find_short_answer(Kind.NUMBER, question, sentence) == expected


@pytest.mark.parametrize(
    ("question", "sentence", "expected"),
    [
        (
            "Who is the interior minister?",
            "Interior Minister Rita Carvalho said the damage would be assessed.",
            "Rita Carvalho",
        ),
        (
            "Who is the civil protection commander?",
            "Civil protection commander André Fernandes said so.",
            "André Fernandes",
        ),
        ("Who is the secretary of state?", "It was Secretary of State Ana Ruiz who spoke first.", "Ana Ruiz"),
        (
            "Who was the chief executive?",
            "The board thanked the chief executive, Dana Whitfield, for her work.",
            "Dana Whitfield",
        ),
        # No name beside the title, or only part of the title: nobody is named as holding it.
        ("Who is the prime minister?", "The prime minister visited the area on Monday.", None),
        ("Who is the interior minister?", "The minister Rita Carvalho visited the town.", None),
        ("Who is the prime minister?", "The prime minister Monday visited the area.", None),
        # Not a who-is question about a title.
        ("Who is Rita Carvalho?", "Interior Minister Rita Carvalho said so.", None),
        # Another title, a longer one, or a name owning something (a reviewer's finds).
        ("Who is the mayor?", "Deputy Mayor Tom Berg cut the ribbon.", None),
        ("Who is the president?", "Former President Barack Obama spoke.", None),
        ("Who is the chief executive?", "Chief Executive Officer Dana Whitfield spoke.", None),
        # A name owning something still holds the title (a second review's find).
        ("Who is the president?", "President Trump's adviser Steve Witkoff flew to Moscow.", "Trump"),
        ("Who is the interior minister?", "Interior Minister Rita Carvalho's office said so.", "Rita Carvalho"),
        ("Who is the secretary of state?", "US Secretary of State Marco Rubio spoke.", "Marco Rubio"),
        # Not someone the question names: "before Hartigan" asks for another (a new-user helper's).
        ("Who was the manager before Hartigan?", "Rovers manager Elaine Hartigan said so.", None),
    ],
)
def test_the_name_beside_a_title_says_who_holds_it(question: str, sentence: str, expected: str | None) -> None:
    from assistant.engine import title_holder
    from assistant.question import read_question

    assert title_holder(read_question(question, [], None, max_turns=6), sentence) == expected


def test_a_form_of_address_is_no_title(seeds: Path, store_dir: Path) -> None:
    text = (
        "Brightwell has recalled 46,000 kettles.\n\n"
        "Brightwell's head of product safety, Dr Fiona Lachlan, said the fault had been traced to a connector.\n\n"
        "Mayor Ana Ruiz opened the new returns centre.\n"
    )
    assistant = over(seeds, store_dir, "recall.txt", text)
    # A new-user helper's: the reply had opened "Dr Fiona Lachlan.", which says nothing of who she is.
    result = assistant.answer("Who is Fiona Lachlan?")
    assert result.answered and not result.text.startswith("Dr Fiona Lachlan")
    assert "head of product safety" in result.text
    assert assistant.answer("Who is Ana Ruiz?").text.startswith("Mayor Ana Ruiz")


def test_a_question_about_someone_else_does_not_open_with_the_named_ones_title(seeds: Path, store_dir: Path) -> None:
    text = (
        "Harbourside Rovers signed a winger on Tuesday.\n\n"
        "Rovers manager Elaine Hartigan said the deal had taken almost three months to complete.\n\n"
        "She praised the chairman.\n"
    )
    assistant = over(seeds, store_dir, "club.txt", text)
    # A new-user helper's: the reply had opened "Elaine Hartigan.", the one the question names.
    assert not assistant.answer("Who was the manager before Hartigan?").text.startswith("Elaine Hartigan")
    # Asked who she is, the fuller name the sentence gives still opens the reply.
    assert assistant.answer("Who is Hartigan?").text.startswith("Elaine Hartigan")


def test_who_holds_a_title_is_answered_from_the_sentence_naming_them_beside_it(seeds: Path, store_dir: Path) -> None:
    # From a new-user helper's flood report: the sentence naming the minister is far in meaning
    # from the question (it is about assessing damage), and the one closest only mentions
    # "the prime minister"; "Who is the interior minister?" had been refused.
    text = (
        "Flash floods killed at least nine people in the north of the country on Sunday night.\n"
        "The prime minister visited the area on Monday and promised emergency aid to the affected towns.\n"
        "He did not say how much money the government would provide.\n"
        "Interior Minister Rita Carvalho said the damage would be assessed over the coming week.\n"
        "Rescuers were searching a 12-kilometer stretch of the river for the missing.\n"
    )
    assistant = over(seeds, store_dir, "floods.txt", text)
    result = assistant.answer("Who is the interior minister?")
    assert result.answered and result.text.startswith("Rita Carvalho.")
    assert result.citations[0].text.startswith("Interior Minister Rita Carvalho")
    # The prime minister is not named anywhere: still the text doesn't say.
    assert not assistant.answer("Who is the prime minister?").answered


@pytest.mark.parametrize(
    ("question", "sentence", "expected"),
    [
        # The thing asked for, said to be withheld.
        ("What is the name of the customer?", "She declined to name the customer or disclose the value.", True),
        ("What was her brother's name?", "A brother, whose name the family did not give, died in 2003.", True),
        ("What is the exact date of the service?", "A service will be held in May; the date has not been set.", True),
        ("How much did the deal cost?", "The terms of the deal were not disclosed.", True),
        ("Who was the driver?", "Police did not name the driver.", True),
        ("Who said the bridge was unsafe?", "An unnamed engineer said the bridge was unsafe.", True),
        ("How much did she sell it for?", "She sold it to a cooperative in 2015 for an undisclosed sum.", True),
        ("Who sold it to the cooperative?", "She sold it to a cooperative in 2015 for an undisclosed sum.", False),
        # Asked for only by the kind of question, and given all the same, or of someone else.
        ("When is the service?", "A service will be held in May; the date has not been set.", False),
        (
            "Who placed the order?",
            "The order came from a ferry operator, but she declined to name the customer.",
            False,
        ),
        ("How old was the driver?", "Police did not name the driver, a man of 42.", False),
        # A yes/no question is answered by it, not left open.
        ("Did they name the customer?", "She declined to name the customer.", False),
        # A reviewer's finds: the question asks about the withholding, the value is given, or
        # someone else is unnamed.
        ("Who declined to name the customer?", "Finance chief Ana Ruiz declined to name the customer.", False),
        (
            "What was the price of the plant?",
            "They paid $40 million for the plant, a price not disclosed before.",
            False,
        ),
        (
            "What is the name of the buyer of the shares?",
            "Ana Ruiz bought her first shares from an unnamed seller.",
            False,
        ),
        ("How much did the shares cost?", "Shares declined, giving back the week's gains.", False),
        # A second review's finds: a figure asked for by a "what" question, someone else unnamed.
        ("What was the value of the contract?", "She declined to disclose the value of the contract.", True),
        ("What was the price?", "The company did not disclose the price.", True),
        ("What is the name of the buyer of the plant?", "The company sold its plant to an unnamed investor.", True),
        ("Where will the service be held?", "A service will be held in Boulder; the date has not been set.", False),
    ],
)
def test_a_sentence_saying_the_thing_asked_for_is_withheld(question: str, sentence: str, expected: bool) -> None:
    from assistant.question import read_question
    from assistant.shortanswer import withholds

    assert withholds(read_question(question, [], None, max_turns=6), sentence) is expected


def test_a_question_whose_answer_the_text_withholds_is_refused(seeds: Path, store_dir: Path) -> None:
    text = (
        "Halvorsen Marine Systems reported record orders in the third quarter.\n"
        "Chief Executive Ingrid Solbakken said the largest single order came from a Danish ferry operator, "
        "but she declined to name the customer or disclose the value of the contract.\n"
        "Revenue rose 12 percent to 4.1 billion kroner.\n"
    )
    assistant = over(seeds, store_dir, "orders.txt", text)
    result = assistant.answer("What is the name of the customer that placed the largest order?")
    assert not result.answered and "declined to name" in result.citations[0].text
    assert not assistant.answer("How much was the contract worth?").answered


def test_a_question_asking_for_the_name_of_something_needs_a_name_in_the_answer(seeds: Path, store_dir: Path) -> None:
    text = (
        "Tervo Cycles builds its frames in Finland.\n"
        "The wheels are made by a small workshop in Estonia.\n"
        "The saddles come from Brooks England.\n"
    )
    assistant = over(seeds, store_dir, "bikes.txt", text)
    # The sentence is about the workshop but never names it.
    result = assistant.answer("What is the name of the workshop in Estonia that makes the wheels?")
    assert not result.answered
    assert "workshop in Estonia" in result.citations[0].text  # shown as related
    # A sentence giving a name the question does not answers it.
    result = assistant.answer("What's the name of the firm that makes the saddles?")
    assert result.answered and "Brooks England" in result.text


def test_a_name_or_date_asked_for_with_words_before_it_is_asked_for_all_the_same(seeds: Path, store_dir: Path) -> None:
    # fresh's "What's the actual calendar date of Trump's Monday calls?" had quoted the sentence
    # giving the hour: "the full name of", "the exact date of" ask for a name or a date too.
    text = (
        "The saddles come from a small family firm.\n\n"
        "The new bakery opened after a long delay.\n\n"
        "The museum reopened on 3 May 2021.\n"
    )
    assistant = over(seeds, store_dir, "shop.txt", text)
    assert not assistant.answer("What is the full name of the firm that makes the saddles?").answered
    assert not assistant.answer("What was the exact date of the new bakery's opening?").answered
    result = assistant.answer("What was the exact date of the museum's reopening?")
    assert result.answered and "3 May 2021" in result.text


def test_a_name_given_in_lower_case_or_quotes_is_a_name(seeds: Path, store_dir: Path) -> None:
    # A reviewer's examples: a name that is no run of capitals still answers "the name of".
    text = (
        "Plants make their food by a process called photosynthesis.\n\n"
        "The fungus spreads through the roots; its name is ophiostoma.\n\n"
        'Our boat is called "the little auk" and sails daily.\n'
    )
    assistant = over(seeds, store_dir, "names.txt", text)
    assert assistant.answer("What is the name of the process plants use to make food?").answered
    assert assistant.answer("What is the name of the fungus?").answered
    assert assistant.answer("What is the name of the boat?").answered


def test_a_question_the_documents_ask_is_answered_by_the_paragraph_after_it(seeds: Path, store_dir: Path) -> None:
    text = (
        "INTERVIEWER: When did you open the shop?\n\n"
        "ANNA BERG: We opened in the spring of 2019, after two years of saving.\n\n"
        "INTERVIEWER: And what does it sell?\n\n"
        "ANNA BERG: Mostly second-hand bicycles and spare parts.\n\n"
        "INTERVIEWER: Could the Harbour Trust have helped with the rent?\n\n"
        "ANNA BERG: The rent is paid by my brother, who owns the building.\n"
    )
    assistant = over(seeds, store_dir, "interview.txt", text)
    # The answer repeats none of the question's words: the interviewer's question did.
    result = assistant.answer("What does the shop sell?")
    assert result.answered and result.citations[0].text.startswith("ANNA BERG: Mostly second-hand bicycles")
    # What the question names is not what the document says.
    assert not assistant.answer("Does the Harbour Trust pay the rent?").answered
    result = assistant.answer("Who pays the rent for the shop?")
    assert "Harbour Trust" not in result.text


def test_an_interviewers_turn_ending_with_a_question_is_answered_by_the_reply(seeds: Path, store_dir: Path) -> None:
    text = (
        "INTERVIEWER: Marta, thanks for coming in. How did the repair cafe start?\n\n"
        "MARTA SILVA: A neighbour's toaster broke in 2019 and nobody could fix it, so we set up a table "
        "in the church hall.\n"
    )
    assistant = over(seeds, store_dir, "talk.txt", text)
    result = assistant.answer("How did the repair cafe begin?")
    assert result.answered and "toaster broke" in result.citations[0].text


def test_the_documents_own_yes_no_question_is_answered_by_its_reply(seeds: Path, store_dir: Path) -> None:
    text = (
        "# Questions\n\n**Q: Does the Lumo Mini also get the longer warranty?**\n\n"
        "A: No. The Lumo Mini keeps its one-year warranty.\n\n"
        "**Q: Will my old Lumo get the night mode?**\n\n"
        "A: Yes. Any Lumo made after May 2020 will receive it automatically.\n"
    )
    assistant = over(seeds, store_dir, "faq.md", text)
    # Asked as the FAQ asks it: its reply, with the reason after it.
    result = assistant.answer("Does the Lumo Mini also get the longer warranty?")
    assert result.answered and result.text.startswith("No.")
    assert [c.text for c in result.citations] == ["A: No.", "The Lumo Mini keeps its one-year warranty."]
    result = assistant.answer("Will my old Lumo get the night mode?")
    assert result.answered and result.text.startswith("Yes.")
    # Not another question: the reply answered the FAQ's, not one with a year it never gives,
    # nor one with a warranty of another length.
    assert not assistant.answer("Will my 2019 Lumo get the night mode?").text.startswith("Yes")
    result = assistant.answer("Does the Lumo Mini get a one-year warranty?")
    assert "A: No." not in [c.text for c in result.citations] and not result.text.startswith("No")
    # Nor one with the opposite word, one without the FAQ's condition, or one negated (a
    # reviewer's finds): the reply answers none of them.
    text = (
        "# Questions\n\n**Q: Is the showroom open on Sundays?**\n\nA: Yes.\n\n"
        "**Q: Can I return the kettle if it is not faulty?**\n\nA: No.\n"
    )
    (seeds / "faq.md").unlink()
    assistant = over(seeds, store_dir, "more.md", text)
    assert assistant.answer("Is the showroom open on Sundays?").text.startswith("Yes.")
    for question in (
        "Is the showroom closed on Sundays?",
        "Can I return the kettle?",
        "Is the showroom not open on Sundays?",
    ):
        result = assistant.answer(question)
        assert not any(c.text in ("A: Yes.", "A: No.") for c in result.citations if result.answered), question


@pytest.mark.parametrize(
    ("sentence", "word"),
    [
        ("A: No.", "No"),
        ("MARTA SILVA: Yes.", "Yes"),
        ("**A: Not yet.**", "Not yet"),
        ("No one was hurt.", None),  # a determiner, no reply
        ("Yesterday the shed opened.", None),
        ("Note: the shed is closed.", None),
        # A reply that goes on is read as any other sentence (a reviewer's finds).
        ("MARTA SILVA: No, and we now open on Sundays as well.", None),
        ("No-one at the council opposed the plan.", None),
        ("Yes-votes fell short.", None),
    ],
)
def test_a_bare_reply_is_read_as_it_says(sentence: str, word: str | None) -> None:
    from assistant.shortanswer import reply_word

    assert reply_word(sentence) == word


def test_an_answer_found_by_the_documents_question_must_name_someone(seeds: Path, store_dir: Path) -> None:
    text = (
        "# FAQ\n\n**Q: Who makes the batteries?**\n\nA: We source them from a supplier in Wales.\n\n"
        "**Q: Who designs the lights?**\n\nA: Our designer, Maria Lund, draws every model.\n"
    )
    assistant = over(seeds, store_dir, "faq.md", text)
    # "Wales" is where, not who (a reviewer's find: it had answered "Wales.").
    result = assistant.answer("Who makes the batteries?")
    assert not result.answered and "supplier in Wales" in result.text  # shown as related
    result = assistant.answer("Who designs the lights?")
    assert result.answered and result.text.startswith("Maria Lund")


def test_a_fraction_is_one_share_and_a_value_the_earlier_question_gave_is_no_answer() -> None:
    from assistant.shortanswer import opening_spans

    sentence = (
        "The propulsion division, which accounts for about two-thirds of group sales, grew revenue by 19 percent."
    )
    spans, _ = opening_spans(Kind.NUMBER, "How much did it grow?", sentence)
    assert [s.text for s in spans] == ["two-thirds", "19 percent"]  # not "two"
    # A new-user helper's follow-up: the share was the earlier question's own.
    earlier = "Which division accounts for two-thirds of group sales?"
    _, chosen = opening_spans(Kind.NUMBER, "How much did it grow?", sentence, earlier=earlier)
    assert chosen is not None and chosen.text == "19 percent"
    # A word of the earlier question holding the number's letters is not the number.
    _, chosen = opening_spans(Kind.NUMBER, "How many ships sank?", "One ship sank.", earlier="Did someone see it?")
    assert chosen is not None and chosen.text.startswith("One")
    # A name the earlier question gave may be the answer (a reviewer's find).
    sentence = "Ana Ruiz has run the bakery since 2015, when she bought it from Tom Berg."
    spans, _ = opening_spans(Kind.PERSON, "Who runs it now?", sentence, earlier="When did Ana Ruiz buy the bakery?")
    assert "Ana Ruiz" in [s.text for s in spans]


@pytest.mark.parametrize(
    ("question", "sentence", "expected"),
    [
        # A share in words (a new-user helper's, refused with the sentence cited).
        ("How much did his takings fall?", "He said his takings fell by a third the last time.", "a third"),
        ("How many of the staff left?", "A quarter of the staff left in May.", "A quarter"),
        ("How much was the budget cut?", "The budget was cut by half.", "half"),
        # "a third" before a noun is an ordinal, not a share.
        ("How many rounds were held?", "A third round of talks opened on Monday.", None),
    ],
)
def test_a_share_in_words_is_a_number(question: str, sentence: str, expected: str | None) -> None:
    assert find_short_answer(Kind.NUMBER, question, sentence) == expected


@pytest.mark.parametrize(
    ("kind", "question", "sentence", "expected"),
    [
        # Counts past ten in words (a new-user helper's "by how many votes?" had read "three o."
        # from "three o'clock", and found no "fourteen votes").
        (
            Kind.NUMBER,
            "By how many votes did she win?",
            "She won by a margin of just fourteen votes, after a recount that ended at three o'clock.",
            "fourteen votes",
        ),
        (
            Kind.NUMBER,
            "How many goals has he scored?",
            "He has scored twenty-three goals this season.",
            "twenty-three goals",
        ),
        (Kind.NUMBER, "How old is Whitlock?", "Whitlock, who is thirty, started only three games.", "thirty"),
        (Kind.NUMBER, "How many staff does it employ?", "It employs eleven hundred staff.", "eleven hundred staff"),
        # "three o'clock" is a time of day, not a count.
        (Kind.NUMBER, "How many were there?", "The count ended at three o'clock.", None),
        # A reviewer's finds: a count before a hyphenated word keeps its noun, the whole in "one of
        # the fifty" is no count of those asked about, an ordinal is no count, "one hundred and
        # twenty" is one number.
        (
            Kind.NUMBER,
            "How many pitches will the sports centre have?",
            "The new sports centre will have three five-a-side pitches.",
            "three five-a-side pitches",
        ),
        (
            Kind.NUMBER,
            "How many councillors opposed the plan?",
            "Just one of the fifty councillors opposed the plan.",
            "one",
        ),
        (Kind.NUMBER, "How many times have Rovers won the cup?", "Rovers won the cup for the twenty-first time.", None),
        (
            Kind.NUMBER,
            "How many staff work there?",
            "One hundred and twenty staff were hired.",
            "One hundred and twenty staff",
        ),
        (Kind.TIME, "When did the count end?", "Three o'clock came and went.", "Three o'clock"),
        (Kind.TIME, "What time did the count end?", "The count ended shortly after three o'clock.", "three o'clock"),
    ],
)
def test_numbers_in_words_past_ten_and_clock_times_in_words(
    kind: Kind, question: str, sentence: str, expected: str | None
) -> None:
    assert find_short_answer(kind, question, sentence) == expected


@pytest.mark.parametrize(
    ("question", "sentence", "expected"),
    [
        # "until" a time says how long, when no length of time is given (a new-user helper's find).
        (
            "How long will the railway line stay shut?",
            "Rail service will remain closed at least until Thursday.",
            "at least until Thursday",
        ),
        ("How long will the line stay shut?", "It will stay shut for two weeks, until Thursday.", "two weeks"),
        # "How long is the X?" may ask a length.
        (
            "How long is the stretch being searched?",
            "They were searching a 12-kilometer stretch of river.",
            "12-kilometer",
        ),
        ("How long was the core?", "She recovered a core more than 2,000 meters long.", "2,000 meters"),
        ("How long did the talks last?", "The talks, held 5 km from the border, ended.", None),
        ("How long was the flight?", "The 3,000-mile flight to Lima took six hours.", "six hours"),  # a reviewer's find
        # A length of time before its noun ("a five-year contract"; a new-user helper's "how long
        # is his contract?" had opened "twelve months", the option to extend it), not an age.
        (
            "How long is his contract?",
            "The 23-year-old has agreed a five-year contract, with an option to extend it by a further twelve months.",
            "five-year",
        ),
        ("How long did the project run?", "The 40-year-old led the project.", None),
        # A length of time before a noun answers only about that noun (a reviewer's finds).
        (
            "How long will the roadworks take?",
            "The roadworks, part of a ten-year transport plan, will take six months.",
            "six months",
        ),
        ("How long has she been mayor?", "She is a 30-year veteran of local politics.", None),
        (
            "How long will the line stay closed?",
            "The line, used by 16- and 17-year-olds, will remain closed until Thursday.",
            "until Thursday",
        ),
        ("How long did the campaign run?", "The campaign passed the 1,000-day mark.", None),
        # "within" is no "in" (a new-user helper's "How long do refunds take?" had been refused).
        ("How long do refunds take?", "Refunds are normally paid within fourteen days.", "fourteen days"),
        ("How long did the talks go on?", "They held the first talks in over a year.", None),
    ],
)
def test_how_long_is_answered_by_until_and_by_a_length(question: str, sentence: str, expected: str | None) -> None:
    assert find_short_answer(Kind.DURATION, question, sentence) == expected


def test_a_request_for_an_overview_quotes_how_each_document_opens(seeds: Path, store_dir: Path) -> None:
    # Nothing retrieved for "What is this about?" is about anything in particular: the reply
    # quotes the opening of one document, or the first sentence of each of several.
    from assistant import Assistant

    one = over(seeds, store_dir, "bakery.txt", BAKERY)
    result = one.answer("What is this article about?")
    opening = [s.text for s in one.document("bakery.txt").sentences[:3]]
    assert result.answered and result.text.startswith("From the article:")
    assert [c.text for c in result.citations] == opening
    (seeds / "library.txt").write_text("The city library opened in 1887. It holds 4,200 books.\n", encoding="utf-8")
    two = Assistant(make_settings(seeds, store_dir))
    result = two.answer("tl;dr pls")
    assert [(c.source, c.text) for c in result.citations] == [
        ("bakery.txt", opening[0]),
        ("library.txt", "The city library opened in 1887."),
    ]
    # The document chosen (the web chat chooses one when it is added) is the one summarised.
    chosen = two.answer("What is this about?", source="library.txt")
    assert [c.source for c in chosen.citations] == ["library.txt", "library.txt"]
    # One subject named in the same words is a question about it, answered from its sentences.
    about = two.answer("Summarize what the library holds")
    assert [c.source for c in about.citations][:1] == ["library.txt"]


# A pasted web page: its title, byline and buttons come before the story (a reviewer's find).
WEB_PAGE = (
    "City council approves new tram line\nBy Jane Doe | 3 min read\nShare this article\n\n"
    "The city council approved a new tram line on Tuesday. It will run from the harbour to the airport. "
    "Construction starts in May, the mayor said.\n"
)
OBITUARY = (
    "Anna Berg, a former harbour pilot, died at her home in Bergen on 2 May, aged 91.\n"
    "She was born in Tromso in 1933. In 1958 she married Olav Berg, a ship's engineer.\n"
)
RECIPE = "Heat the oven to 180 degrees. Mix the butter and sugar until pale. Add three eggs, one at a time.\n"


def test_an_overview_of_a_web_page_quotes_its_story_not_its_byline(seeds: Path, store_dir: Path) -> None:
    result = over(seeds, store_dir, "tram.txt", WEB_PAGE).answer("What is this article about?")
    assert [c.text for c in result.citations] == [
        "The city council approved a new tram line on Tuesday.",
        "It will run from the harbour to the airport.",
        "Construction starts in May, the mayor said.",
    ]


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Summarise the recipe", "lemon-cake-recipe.txt"),
        ("tl;dr of the lemon cake", "lemon-cake-recipe.txt"),
        ("What is the tram story about?", "tram.txt"),
        ("What's the tram about?", "tram.txt"),  # the document's whole name
        ("Give me an overview of the bakery", "bakery.txt"),
        ("Summarise the documents", None),  # all of them
        # A new-user helper's: the word for a kind of document, in its name, had quoted the
        # first sentence of each of the other three.
        ("summarise the obituary", "obituary-anna-berg.txt"),
        ("what is the obituary about?", "obituary-anna-berg.txt"),
    ],
)
def test_a_request_for_an_overview_naming_a_document_quotes_that_one(
    seeds: Path, store_dir: Path, question: str, expected: str | None
) -> None:
    # "Summarise the recipe" had been refused: a word besides the request made it a question.
    (seeds / "lemon-cake-recipe.txt").write_text(RECIPE, encoding="utf-8")
    (seeds / "tram.txt").write_text(WEB_PAGE, encoding="utf-8")
    (seeds / "obituary-anna-berg.txt").write_text(OBITUARY, encoding="utf-8")
    result = over(seeds, store_dir, "bakery.txt", BAKERY).answer(question)
    assert result.answered and result.text.startswith("From the article:")
    sources = [c.source for c in result.citations]
    if expected is None:
        assert sources == sorted(p.name for p in seeds.iterdir())  # every one, the fourth too
    else:
        assert sources == [expected] * 3


def test_tell_me_more_goes_on_past_a_photo_credit(seeds: Path, store_dir: Path) -> None:
    # A new-user helper's: "tell me more" after the story's opening quoted "(Photo: Daniel Hughes)".
    text = WEB_PAGE + "(Photo: Daniel Hughes)\nTickets will cost the same as on the buses.\n"
    assistant = over(seeds, store_dir, "tram.txt", text)
    first = assistant.answer("What is this article about?")
    history = [{"role": "user", "content": "What is this article about?"}, {"role": "assistant", "content": first.text}]
    more = assistant.answer("tell me more", history=history)
    assert [c.text for c in more.citations] == ["Tickets will cost the same as on the buses."]


PRICES = "Sourdough | £4.20\nCroissant | £1.80\nRye loaf | £3.90\nBaguette | £2.10\nPrices include VAT.\n"
WIKI = (
    "Ada Lovelace was an English mathematician known for her work on the Analytical Engine.[1]\n"
    "She was the first to recognise that the machine had uses beyond calculation. "
    "She published the first algorithm. She died in 1852.\n"
)


def test_overviews_and_more_keep_a_tables_rows_and_a_footnoted_lead(seeds: Path, store_dir: Path) -> None:
    # A reviewer's: the rule that skips bylines had skipped a price list's rows and a pasted
    # encyclopedia's lead sentence ("Engine.[1]").
    (seeds / "prices.txt").write_text(PRICES, encoding="utf-8")
    assistant = over(seeds, store_dir, "ada.txt", WIKI)
    ada = assistant.answer("Summarise the ada article")
    assert ada.citations[0].text.startswith("Ada Lovelace was an English mathematician")
    prices = assistant.answer("Summarise the prices")
    assert [c.text for c in prices.citations] == ["Sourdough | £4.20", "Croissant | £1.80", "Rye loaf | £3.90"]
    first = assistant.answer("How much does a croissant cost?")
    assert first.citations[0].text == "Croissant | £1.80"
    history = [
        {"role": "user", "content": "How much does a croissant cost?"},
        {"role": "assistant", "content": first.text},
    ]
    more = assistant.answer("tell me more", history=history)
    assert "Rye loaf | £3.90" in [c.text for c in more.citations]
    # A conversation scoped to one document does not summarise another it names.
    scoped = assistant.answer("Summarise the prices", source="ada.txt")
    assert all(c.source == "ada.txt" for c in scoped.citations)


def test_what_a_named_document_is_about_is_not_asked_by_a_word_of_its_name(seeds: Path, store_dir: Path) -> None:
    # "What were the talks about?" asks about talks, whatever the file is called; with a word
    # asking for a summary, a part of the name is enough.
    (seeds / "lemon-cake-recipe.txt").write_text(RECIPE, encoding="utf-8")
    assistant = over(seeds, store_dir, "bakery.txt", BAKERY)
    assert "overview" not in " ".join(assistant.answer("What is the cake about?").notes)
    assert "overview" in " ".join(assistant.answer("Summarise the cake").notes)


@pytest.mark.parametrize(
    ("question", "answered"),
    [
        # Only a name, found: every word of the question is there, and the name is its subject
        # (a new-user helper's earnings report; both were refused for weak support).
        ("Tell me about Lindqvist", True),
        ("What happened to Lindqvist?", True),
        # One other word found is still too little, and a name never used is not a subject.
        ("How long did it last?", False),
        ("Tell me about Ericsson", False),
    ],
)
def test_a_question_naming_only_its_subject_is_answered_by_the_sentence_naming_it(
    seeds: Path, store_dir: Path, question: str, answered: bool
) -> None:
    result = earnings(seeds, store_dir).answer(question)
    assert result.answered is answered
    if answered:
        assert "Lindqvist" in result.citations[0].text


@pytest.mark.parametrize("question", ["who is lindqvist", "whos lindqvist"])
def test_who_is_typed_in_lower_case_is_answered_with_the_title(seeds: Path, store_dir: Path, question: str) -> None:
    # "who is lavrov" had been answered "Russia.": in lower case the name was not read as one.
    result = earnings(seeds, store_dir).answer(question)
    assert result.text.startswith("Chief Financial Officer Marcus Lindqvist.")


FIRM = (
    "Osei Logistics reported record profits on Monday.\n"
    "Mensah founded the firm in 2001 with two trucks and is still its chief executive.\n"
    "Mensah said the company would hire 40 drivers next year.\n"
)


def test_a_word_opening_one_sentence_is_no_name(seeds: Path, store_dir: Path) -> None:
    # A reviewer's: "Tragically" (not in the lexicon) had been read as a name, and the answer.
    text = "Tragically, the night watchman was found dead in the office.\nThe police are investigating.\n"
    result = over(seeds, store_dir, "news.txt", text).answer("Who was found dead?")
    assert not result.text.startswith("Tragically")


@pytest.mark.parametrize("question", ["Who is Mensah?", "who is mensah"])
def test_a_name_that_only_opens_sentences_is_a_name(seeds: Path, store_dir: Path, question: str) -> None:
    # A reviewer's find: "Mensah" never stood inside a sentence, so nothing said it was a name:
    # "Who is Mensah?" found no person in the sentence about him, in either case.
    result = over(seeds, store_dir, "firm.txt", FIRM).answer(question)
    assert result.answered
    assert result.citations[0].text.startswith("Mensah founded the firm")


def test_tell_me_more_goes_on_with_sentences_not_quoted_yet(bakery) -> None:  # type: ignore[no-untyped-def]
    # Asked again, the earlier question's best sentence would be quoted again: each "more" quotes
    # sentences the conversation has not, starting with the one after the last quoted, until
    # there are none about it.
    history: list[dict[str, str]] = []
    quoted: list[str] = []
    replies = []
    for question in ["Who chairs the cooperative's board?", "tell me more", "what else?", "go on", "anything else?"]:
        result = bakery.answer(question, history)
        replies.append(result)
        ids = [c.sentence_id for c in result.citations]
        assert not set(ids) & set(quoted), question
        quoted += ids
        history += [{"role": "user", "content": question}, {"role": "assistant", "content": result.text}]
    assert replies[0].text.startswith("Jonas Lie.")
    assert [c.sentence_id for c in replies[1].citations][:1] == ["bakery.txt#6"]  # the one after
    # Four times more in a story of six sentences: each finds some (the later ones go back towards its start).
    assert all(r.answered and r.text.startswith("From the article:") for r in replies[1:])
    everything = " ".join(f"“{line}”" for line in BAKERY.splitlines())  # a reply that quoted it all
    said = [{"role": "user", "content": "Who chairs the board?"}, {"role": "assistant", "content": everything}]
    exhausted = bakery.answer("more please", said)
    assert not exhausted.answered and exhausted.text.startswith("The article doesn't say more about it.")


def test_tell_me_more_after_a_refusal_does_not_go_on_from_the_related_sentences(bakery) -> None:  # type: ignore[no-untyped-def]
    refused = bakery.answer("Who is the cooperative's chief financial officer?")
    assert not refused.answered and "“" in refused.text  # related sentences are shown under it
    history = [
        {"role": "user", "content": "Who is the cooperative's chief financial officer?"},
        {"role": "assistant", "content": refused.text},
    ]
    result = bakery.answer("tell me more", history)
    assert not result.answered


# A life of two people, the second named only as the answer to a question about the first.
SPOUSES = (
    "Ruth Okoye, 1940–2022\n\n"
    "Ruth Okoye, a retired nurse, died in Leeds on 3 March 2022, aged 81.\n"
    "Ruth grew up in Hull with her sister, Grace.\n"
    "In 1963 she married Samuel Reid, a printer she had met at a dance in Whitby.\n"
    "The couple ran a bookshop in York for thirty years.\n"
    "Samuel died in 2004.\n"
    "Her sister, Grace, died in 2015.\n"
)
MARRIED = [
    {"role": "user", "content": "Who did Ruth marry?"},
    {
        "role": "assistant",
        "content": "Samuel Reid.\n\n“In 1963 she married Samuel Reid, a printer she had met at a dance in Whitby.” [1]",
    },
]


def test_whom_she_married_opens_the_reply_when_the_sentence_before_names_her(seeds: Path, store_dir: Path) -> None:
    # The gate judging the opening counts the question's words found as retrieval does, with the
    # name the sentence leans on: half of "Ruth marry" had been found, and "Samuel Reid" dropped.
    result = over(seeds, store_dir, "okoye.txt", SPOUSES).answer("Who did Ruth marry?")
    assert result.short == "Samuel Reid"
    assert result.citations[0].text.startswith("In 1963 she married Samuel Reid")


def test_he_after_the_answer_naming_her_husband_is_the_husband(seeds: Path, store_dir: Path) -> None:
    # "he" stands for the answer, Samuel Reid: not the sister, whose death shares the question's words.
    result = over(seeds, store_dir, "okoye.txt", SPOUSES).answer("When did he die?", MARRIED)
    assert result.short == "2004"
    assert [c.text for c in result.citations] == ["Samuel died in 2004."]


def test_a_title_answers_only_what_no_sentence_under_it_says_more_fully(seeds: Path, store_dir: Path) -> None:
    # "Ruth Okoye, 1940–2022" had been cited for when she died, over the sentence saying so.
    assistant = over(seeds, store_dir, "okoye.txt", SPOUSES)
    died = assistant.answer("When did Ruth Okoye die?")
    assert died.short == "3 March 2022"
    assert died.citations[0].text.startswith("Ruth Okoye, a retired nurse, died in Leeds")
    # The year she was born is only in the title (a reviewer's find: with the title no sentence,
    # this had read a year from the text below).
    born = assistant.answer("When was Ruth Okoye born?")
    assert born.answered and born.citations[0].text == "Ruth Okoye, 1940–2022"


def test_a_name_only_its_heading_gives_is_mentioned(seeds: Path, store_dir: Path) -> None:
    # "Linden Road Allotment Society", named only in the minutes' title, had been "not mentioned".
    minutes = (
        "# Linden Road Allotment Society: Committee Meeting Minutes\n\n"
        "**Present:** Margaret Osei (Chair), Rajiv Menon (Treasurer)\n\n"
        "The committee agreed to raise the rent for a full plot to £48.\n\n"
        "Next meeting: 14 November 2023, 7pm, at the pavilion.\n"
    )
    result = over(seeds, store_dir, "minutes.md", minutes).answer(
        "When is the next meeting of the Linden Road Allotment Society?"
    )
    assert result.answered
    assert result.citations[0].text == "Next meeting: 14 November 2023, 7pm, at the pavilion."


FAQ = (
    "# Aurora FAQ\n\n**Q: Does Aurora ship to Ireland?**\n\nA: Not yet. We ship to the UK and France only.\n\n"
    "**Q: How do I contact support?**\n\nA: Call 0800 555 0142 between 8am and 6pm.\n"
)


@pytest.mark.parametrize("judge", ["rules", "learned"])
def test_a_question_in_the_documents_is_never_quoted_as_its_answer(seeds: Path, store_dir: Path, judge: str) -> None:
    # A reviewer's: the FAQ's own question was the closest sentence, and read as its own "Yes".
    from assistant import Assistant

    (seeds / "faq.md").write_text(FAQ, encoding="utf-8")
    result = Assistant(make_settings(seeds, store_dir, judge=judge)).answer("Does Aurora ship to Ireland?")
    assert not (result.answered and any(c.text.endswith("?**") for c in result.citations))
    assert not result.text.startswith("Yes")
