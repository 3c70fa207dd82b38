"""A yes/no question whose value the answering sentence states otherwise is answered "No"
(assistant.contrary, read by shortanswer.yes_or_no), checked on text that is not the article."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.contrary import contrary
from assistant.shortanswer import yes_or_no

from .conftest import make_settings

FERRY = "The ferry to Bergen left on Monday at 9 a.m. and the crossing lasted two hours and 15 minutes."


@pytest.mark.parametrize(
    ("question", "sentence", "other"),
    [
        ("Did the ferry leave on Tuesday?", FERRY, "Monday"),
        ("Did the ferry leave at 10 a.m.?", FERRY, "9 a.m."),
        ("Did the crossing last three hours?", FERRY, "two hours and 15 minutes"),
        ("Were 300 passengers on board?", "The ferry carried 240 passengers and 12 cars.", "240 passengers"),
        ("Were Danish boats blamed for the damage?", "The damage was blamed on Swedish boats.", "Swedish boats"),
        ("Was the harbour opened in March?", "The new harbour was opened in June 2019.", "June"),
        # Days said in the plural are days too ("on Sundays"), and "every Saturday" is one day.
        ("Is story time held on Sundays?", "Story time is held every Saturday at 11 a.m.", "Saturday"),
        # A year of the same deed (a new-user helper's find: it had been refused).
        ("Did she retire in 2010?", "She retired in 2005 but continued to publish papers until 2019.", "2005"),
        ("Did she retire in 2010?", "She retired in late 2005.", "2005"),
        (
            "Was the red warning issued after the heaviest rain started?",
            "About three hours before the heaviest rain began, the weather service issued a red warning.",
            "before",
        ),
        # "before" said of the same thing the question puts "after" (a new-user helper's find).
        (
            "Was the red warning issued after the heaviest rain started?",
            "The red warning was issued at 3 p.m., about three hours before the heaviest rain began.",
            "before",
        ),
    ],
)
def test_another_value_in_the_questions_place_is_a_no(question: str, sentence: str, other: str) -> None:
    assert contrary(question, sentence) == other
    assert yes_or_no(question, sentence) == "No"


@pytest.mark.parametrize(
    ("question", "sentence"),
    [
        ("Did the ferry leave on Monday?", FERRY),  # the same value
        ("Did the crossing last two hours and 15 minutes?", FERRY),
        ("Did the crossing last more than two hours?", FERRY),  # a comparison states no value
        ("Did the crossing take under three hours?", FERRY),
        ("Were 240 passengers on board?", "The ferry carried 240 passengers and 12 cars."),
        ("Were 300 cars on board?", "The ferry carried 240 passengers."),  # nothing said of cars
        # The one who acts: that Berg called does not say Holm did not (the word differs: "called").
        ("Did Holm call for a new ferry?", "Mayor Berg called for a new ferry."),
        ("May I ask whether the ferry left?", "The ferry left in June."),  # "May" opening a question is no month
        # Found by a reviewer reading "No" where the answer is "Yes" or unknown:
        ("Was the match at 3 p.m.?", "The match started at 3:00 p.m."),  # the same time, written otherwise
        ("Did the crossing take 2 hours?", "The crossing takes 2 hours, 5 days a week."),  # two lengths, not one
        ("Did the match last 90 minutes?", "The match lasted an hour and a half."),  # a length not read whole
        ("Did the crossing take half an hour?", "The crossing took 30 minutes."),
        ("Is the bakery open on Wednesday?", "The bakery is open from Monday to Saturday."),  # a range of days
        ("Is the bakery open on Saturday?", "The bakery is open every day except Sunday."),
        ("Did the bakery sell 200 loaves?", "The bakery sold 200 of its 500 loaves."),  # its number is there
        ("Did the ferry carry 300 passengers?", "The ferry, with room for 500 passengers, carried 300."),
        ("Did 11 players start?", "Only 10 players finished, though 11 started."),
        ("Did the bakery hire 5 bakers?", "The bakery, which had 3 bakers, hired 5 more bakers."),
        ("Did April Jones bake the cake?", "The cake was baked by June Smith in March."),  # names, not months
        ("Did the bakery sell above 200 loaves?", "The bakery sold 350 loaves."),  # comparisons
        ("Did the crossing take two hours or longer?", "The crossing took two hours and 15 minutes."),
        ("Does the first ferry leave before 10 a.m.?", "The first ferry leaves at 8:15 a.m."),  # a QA pass's find
        ("Does the ferry leave after 8 a.m.?", "The first ferry leaves at 8:15 a.m."),
        ("Did she retire after the war?", "She retired before her husband died."),  # before something else
        ("Did she retire in 2010?", "He died in 2011."),  # the year of something else
        ("Did she retire in 2005?", "She retired in 2005 but published until 2019."),  # her year is there
        ("Was the bridge built in 1900?", "The bridge was built between 1898 and 1902."),
        # A reviewer's finds: no year in the question's place, or the year of another deed.
        ("Did she live in Paris in 2010?", "She has lived in Paris since 2005."),
        ("Did she work at the bank in 2010?", "She worked at the bank from 1985 to 2015."),
        ("Did the steel factory operate in 2010?", "The steel factory she founded opened in 1998."),
        # "before" said of another deed than the question's.
        (
            "Did the shops reopen after the storm?",
            "Shops that had closed before the storm of 1987 reopened within a week.",
        ),
        ("Was the ship named after the queen?", "The ship was launched a week before the queen visited."),
        ("Was the warning issued before the rain?", "The warning was issued before the rain, not after it."),
    ],
)
def test_no_other_value_is_no_contradiction(question: str, sentence: str) -> None:
    assert contrary(question, sentence) is None


@pytest.mark.parametrize(
    ("question", "sentence", "reading"),
    [
        # A question proposing a denial is answered against it.
        ("Did the talks end without any agreement?", "The talks ended with an agreement on fishing quotas.", "No"),
        ("Did the talks end without any agreement?", "The talks ended without an agreement.", "Yes"),
        ("Did the talks end with an agreement?", "The talks ended without an agreement.", "No"),
        # A question word in another form ("Norway" in "Norwegian"), in another clause than the name.
        ("Does Holm trust Norway?", "Holm, in an interview, expressed no faith in Norwegian promises.", "No"),
        ("Does Holm trust Norway?", "Holm, in an interview, praised Norwegian promises.", "Yes"),
        # A negator that denies nothing the sentence speaks of proposes no denial (a reviewer's finds).
        (
            "Were passengers hurt when the ferry hit the pier without warning?",
            "Two passengers were hurt when the ferry hit the pier.",
            "Yes",
        ),
        ("Did the ferry leave from Pier No 3?", "The ferry left from pier number 3.", "Yes"),
        ("Did the club finish the season with no defeats?", "The club finished the season unbeaten.", "Yes"),
        ("Did the bakery win the No Waste award?", "The bakery won the city's zero-waste award in 2021.", "Yes"),
        # A clause sharing fewer of the question's words still denies them, when its "not" denies
        # nothing else and no other doer stands before it (a new-user helper's and reviewers' finds).
        ("Did she win the Crafoord Prize?", "She was nominated for the Crafoord Prize twice but did not win it.", "No"),
        ("Was the plan approved by the council?", "The plan went to the council, but has not yet been approved.", "No"),
        # The "not" denies something else than what is asked.
        ("Did they sign the deal?", "They signed the deal, but did not sign the annex.", "Yes"),
        ("Did she win the prize?", "She won the prize in 1997, though she did not attend.", "Yes"),
        # Someone else did not (a reviewer's finds).
        (
            "Did she sign the Kessel contract?",
            "She signed the Kessel contract, although her partner did not sign it.",
            "Yes",
        ),
        ("Did Smith win the award?", "Smith won the award, an honour Jones did not win.", "Yes"),
        # An adverb is no other doer (a second review's find).
        ("Did she win the prize?", "She was shortlisted for the prize twice but ultimately did not win it.", "No"),
        # "no" denies what the question asks in other words (a reviewer's finds: reading it as said
        # of another thing had turned these into "Yes").
        ("Were any passengers hurt?", "The passengers walked away with no injuries.", "No"),
        ("Did the talks produce an agreement?", "The talks ended with no agreement.", "No"),
        ("Will members pay extra for the extension?", "Memberships are extended at no extra cost.", "No"),
        # A determiner opening the sentence is no other name in the question's place.
        ("Do both Aurora models get the holiday mode?", "Both models get an update adding a holiday mode.", "Yes"),
        ("Do the Aurora models get the holiday mode?", "Halden models get a free holiday mode.", "No"),
    ],
)
def test_a_denial_is_read_from_the_question_and_the_sentence(question: str, sentence: str, reading: str) -> None:
    assert yes_or_no(question, sentence) == reading


def test_a_yes_needs_the_day_it_names(seeds: Path, store_dir: Path) -> None:
    """ "Is the call with Putin on Tuesday?" read "Yes" from the sentence giving the call's hour."""
    from assistant import Assistant

    text = "The ferry crossing takes two hours. The kiosk on the pier is closed on Sunday.\n"
    (seeds / "ferry.txt").write_text(text, encoding="utf-8")
    result = Assistant(make_settings(seeds, store_dir)).answer("Does the ferry crossing take two hours on Sunday?")
    assert not result.text.startswith("Yes"), result.text
    assert any("'Yes' unstated: Sunday not given" in note for note in result.notes), result.notes


@pytest.mark.parametrize(
    ("question", "sentence", "reading"),
    [
        ("Does the crossing take more than an hour?", "The crossing takes 45 minutes.", "No"),
        ("Did the talks last more than an hour?", "The talks lasted one hour and 40 minutes.", "Yes"),
        ("Does the first ferry leave before 10 a.m.?", "The first ferry leaves at 8:15 a.m.", "Yes"),
        ("Does the first ferry leave after 9 a.m.?", "The first ferry leaves at 8:15 a.m.", "No"),
        ("Did more than 500 people attend the fair?", "About 300 people attended the fair.", "No"),
        ("Did the crossing take two hours or longer?", "The crossing took two hours and 15 minutes.", "Yes"),
        # The sentence's own comparison, in the same words, is a "Yes".
        ("Were they the first talks in over a year?", "They were the first talks in over a year.", "Yes"),
    ],
)
def test_a_comparison_is_answered_from_the_one_value_the_sentence_gives(
    question: str, sentence: str, reading: str
) -> None:
    """Comparisons read "Yes" whatever the values ("less than £1" against £1.80; a QA pass)."""
    assert yes_or_no(question, sentence) == reading
