"""Sentence splitting: the article's traps, Markdown, and offsets that slice the file exactly."""

from __future__ import annotations

import pytest

from index import Document, split_sentences


def doc(text: str, name: str = "a.txt") -> Document:
    return Document(source=name, text=text, digest="x")


def test_article_has_fifteen_sentences_with_exact_offsets(article_text: str) -> None:
    sentences = split_sentences(doc(article_text, "ceasefire-talks.txt"))
    assert len(sentences) == 15
    for s in sentences:
        assert article_text[s.start : s.end] == s.text
    assert [s.sentence_id for s in sentences[:2]] == ["ceasefire-talks.txt#1", "ceasefire-talks.txt#2"]


def test_article_traps_stay_whole(article_text: str) -> None:
    texts = [s.text for s in split_sentences(doc(article_text))]
    # The broken line "US President" belongs to the sentence on the next line.
    assert texts[1].startswith("US President\nDonald Trump announced plans")
    assert "He scheduled his call with Putin for 10 a.m. Eastern Time (1400 GMT)." in texts
    assert any("exchanging 1,000 prisoners of war" in t for t in texts)
    dashed = next(t for t in texts if "bloodbath" in t)
    assert dashed.startswith("Trump, using Truth Social") and dashed.endswith("related to trade.")
    assert "—which he described as a ‘bloodbath’—" in dashed


def test_paragraphs_follow_lines_and_sentences_lean_on_the_one_before(article_text: str) -> None:
    sentences = split_sentences(doc(article_text))
    assert sentences[1].paragraph == sentences[2].paragraph  # same line
    assert sentences[3].paragraph == sentences[2].paragraph + 1
    scheduled = sentences[6]
    assert scheduled.text.startswith("He scheduled") and "Trump" in scheduled.context
    assert sentences[4].context == ""


def test_abbreviations_numbers_and_quotes_do_not_break_sentences() -> None:
    text = 'Dr. Smith met Mr. Jones at 9 a.m. on Jan. 5. They swapped 2,500.5 tonnes, "a deal." Then they left!'
    texts = [s.text for s in split_sentences(doc(text))]
    assert texts[-1] == "Then they left!"
    assert texts[0].startswith("Dr. Smith met Mr. Jones at 9 a.m.")
    assert any("2,500.5 tonnes" in t for t in texts)


def test_markdown_headings_and_list_markers_are_not_sentences() -> None:
    text = (
        "# Talks update\n\nThe talks resumed. Both sides spoke.\n\n- Prisoners were swapped.\n* A second item\n\n"
        "## Next\n\n1. A numbered point.\n"
    )
    sentences = split_sentences(doc(text, "notes.md"))
    texts = [s.text for s in sentences]
    assert texts == [
        "The talks resumed.",
        "Both sides spoke.",
        "Prisoners were swapped.",
        "A second item",
        "A numbered point.",
    ]
    assert all(text[s.start : s.end] == s.text for s in sentences)
    assert sentences[0].heading == "Talks update" and sentences[-1].heading == "Next"


def test_runaway_line_is_cut_into_readable_pieces() -> None:
    text = "word " * 2000
    sentences = split_sentences(doc(text))
    assert len(sentences) > 1
    assert all(len(s.text) <= 1200 and text[s.start : s.end] == s.text for s in sentences)


def test_a_byte_order_mark_is_not_quoted() -> None:
    text = "\ufeffThe ferry left at noon. It arrived late.\n"
    sentences = split_sentences(Document("notes.txt", text, ""))
    assert [s.text for s in sentences] == ["The ferry left at noon.", "It arrived late."]
    assert all(text[s.start : s.end] == s.text for s in sentences)


def test_markdown_table_rows_are_sentences_read_with_their_header() -> None:
    """A row is cited as it stands, from its first cell to its last, and embedded after the
    header row that says what its cells are; the header and the |---| rule are not cited."""
    text = (
        "The crane cost $800,000.\n\n"
        "| Item | Cost |\n|------|-----:|\n| Pier | $2 million |\n| Dredging | 2 million euros |\n\n"
        "After the table.\n"
    )
    sentences = split_sentences(doc(text, "works.md"))
    assert [(s.text, s.context) for s in sentences] == [
        ("The crane cost $800,000.", ""),
        ("Pier | $2 million", "Item | Cost"),
        ("Dredging | 2 million euros", "Item | Cost"),
        ("After the table.", ""),
    ]
    assert all(text[s.start : s.end] == s.text for s in sentences)
    # In a plain text file the same lines are prose.
    assert any("|" in s.text for s in split_sentences(doc(text, "works.txt")))


def test_unusual_table_rows() -> None:
    """A row is one sentence whatever its full stops; empty end cells, an empty header row and a
    byte-order mark before the table change nothing."""
    text = (
        "\ufeff| Item | Note |\n|---|---|\n| Hall | Built 2020. Opens in May. |\n| | $3m |\n\n"
        "|   |   |\n| Dock | $5 |\n"
    )
    sentences = split_sentences(doc(text, "t.md"))
    assert [(s.text, s.context) for s in sentences] == [
        ("Hall | Built 2020. Opens in May.", "Item | Note"),
        ("$3m", "Item | Note"),
        ("Dock | $5", ""),
    ]
    assert all(text[s.start : s.end] == s.text for s in sentences)


def test_lines_with_no_full_stop_anywhere_are_sentences_of_their_own() -> None:
    """Pasted notes with no full stops were one "sentence": every answer quoted the whole text,
    and "How much do tickets cost for children?" was answered with the adults' price."""
    notes = (
        "the river festival opens on june 4 in riverside park and runs for three days\n"
        "the mayor will give the opening speech\n"
        "tickets cost 20 dollars for adults and 5 dollars for children\n"
        "parking is free on the east side\n"
    )
    sentences = split_sentences(doc(notes))
    assert [s.text for s in sentences] == notes.splitlines()
    assert all(notes[s.start : s.end] == s.text for s in sentences)
    assert [s.text for s in split_sentences(doc(notes, "notes.md"))] == notes.splitlines()
    # Notes with a stray full stop, "!" or abbreviation in them are still one line each (a
    # reviewer found "9 a.m." putting three price lines back into one sentence).
    for listed in (
        "Adults 10 euros\nChildren 5 euros\nOpen daily from 9 a.m. to 5 p.m.\n",
        "Departs 9:00\nSee St. Olav pier\nTickets 20 NOK\n",
        "We won 3-1\nNext match Saturday!\nTickets on sale\n",
    ):
        assert [s.text for s in split_sentences(doc(listed))] == listed.splitlines()
    # Prose that has its full stops keeps its sentences across the lines it is wrapped on.
    wrapped = "The talks lasted one hour and 40 minutes and ended with a\ntentative agreement. Both sides\nspoke.\n"
    assert [s.text for s in split_sentences(doc(wrapped))] == [
        "The talks lasted one hour and 40 minutes and ended with a\ntentative agreement.",
        "Both sides\nspoke.",
    ]
    one = "The talks lasted one hour and 40 minutes and ended with a\ntentative agreement.\n"
    assert [s.text for s in split_sentences(doc(one))] == [one.strip()]
    # Wrapped before a name, each sentence ending at a line's end (a reviewer's find).
    capitals = "The lighthouse was designed by\nRobert Stevenson in 1821.\nIts lamp came from\nParis in 1902.\n"
    assert [s.text for s in split_sentences(doc(capitals))] == [
        "The lighthouse was designed by\nRobert Stevenson in 1821.",
        "Its lamp came from\nParis in 1902.",
    ]
    mixed = "To do this week\nCall the plumber on Monday.\nPay rent by the 5th\nDentist at 3 pm.\nbook tickets\n"
    assert [s.text for s in split_sentences(doc(mixed))] == mixed.splitlines()


def test_a_headline_over_its_story_is_its_heading() -> None:
    # A new-user helper's three reports each opened with a headline line, which syntok ran into
    # the first sentence: "How old was she?" then read "3." from "died on March 3". It is a
    # sentence of its own, and every sentence after it is read with it, as under a Markdown title.
    story = (
        "Margaret Okonjo-Reyes, Pioneering Glaciologist, Dies at 84\n"
        "Margaret Okonjo-Reyes died on March 3 at her home in Boulder. She was 84.\n"
    )
    sentences = split_sentences(doc(story))
    headline = "Margaret Okonjo-Reyes, Pioneering Glaciologist, Dies at 84"
    assert [s.text for s in sentences] == [
        headline,
        "Margaret Okonjo-Reyes died on March 3 at her home in Boulder.",
        "She was 84.",
    ]
    assert [s.heading for s in sentences] == ["", headline, headline]
    assert all(story[s.start : s.end] == s.text for s in sentences)
    # Prose wrapped after a run of names keeps a word in lower case: still one sentence.
    names = "Angela Merkel met Emmanuel Macron and Pedro Sanchez in Paris\nThursday to discuss trade. They agreed.\n"
    assert [s.text for s in split_sentences(doc(names))] == [
        "Angela Merkel met Emmanuel Macron and Pedro Sanchez in Paris\nThursday to discuss trade.",
        "They agreed.",
    ]


def test_what_is_not_a_headline_over_a_story() -> None:
    # A reviewer's finds: text in capitals throughout, a story opening with a quote, and a block of
    # capitalised lines long enough to have recursed too deep.
    shouting = "THE MEETING WAS HELD ON MONDAY AND\nTHE COUNCIL AGREED TO THE PLAN.\n"
    assert [s.text for s in split_sentences(doc(shouting))] == [shouting.strip()]
    quoted = 'Flood Hits Town Hard\n"We lost everything," said a resident of the town on Monday night.\n'
    title, said = split_sentences(doc(quoted))
    assert (title.text, said.text) == tuple(quoted.strip().splitlines()) and said.heading == title.text
    # Over a story wrapped at 70 characters, a headline is still one (a second review's find).
    wrapped = (
        "Margaret Okonjo-Reyes, Pioneering Glaciologist, Dies at 84\n"
        "Margaret Okonjo-Reyes, whose ice cores reshaped our understanding of\n"
        "the Greenland ice sheet, died on March 3. She was 84.\n"
    )
    first, second = split_sentences(doc(wrapped))[:2]
    assert first.text == second.heading == "Margaret Okonjo-Reyes, Pioneering Glaciologist, Dies at 84"
    assert second.text.startswith("Margaret Okonjo-Reyes, whose ice cores")
    roster = "Team Roster\n" + "\n".join(f"Player Aarin Holm{i}" for i in range(1500)) + "\n"
    players = split_sentences(doc(roster))
    assert len(players) == 1501 and players[1].heading == "Team Roster"


@pytest.mark.parametrize(
    ("text", "title"),
    [
        # A title-case line apart from the text under it: a blank line after it, or a byline.
        ("Edith Marlowe, 1941–2023\n\nEdith Marlowe, a potter, died in May. She was 82.\n", "Edith Marlowe, 1941–2023"),
        ("Baths to Close for Three Months\nBy Sam Okafor\n\nThey close in March.\n", "Baths to Close for Three Months"),
        ("\ufeff  Team Notes\n\nWe won on Saturday.\n", "Team Notes"),
        # None (a reviewer's finds among them): a sentence, a line in lower case (prose without
        # its full stop, a list's first item, a poem's first line), a greeting, a date alone, a
        # list item, the only line, notes one item a line, a title over nothing to read.
        ("The bridge will close on Monday.\n\nIt reopens in May.\n", ""),
        ("Opening hours are 9am to 5pm Monday to Friday\n\nThe cafe closes at 4pm on Saturdays.\n", ""),
        ("Adult ticket £6.50\n\nChild ticket £3\n", ""),
        ("I wandered lonely as a cloud\n\nThat floats on high.\n", ""),
        ("Dear Aunt Rosalind\n\nThank you for the card.\n", ""),
        ("Monday 3 March 2025\n\nWe met at noon.\n", ""),
        ("- Milk And Eggs\n\n- Bread\n", ""),
        ("Harbour Bridge Closes\n", ""),
        ("tickets cost 20 dollars for adults\nparking is free on the east side\n", ""),
        ("Title Line Here\n\n-----\n", ""),
    ],
)
def test_a_plain_texts_title_is_the_heading_of_its_sentences(text: str, title: str) -> None:
    sentences = split_sentences(doc(text))
    assert all(text[s.start : s.end] == s.text for s in sentences)
    if not title:
        assert {s.heading for s in sentences} == {""}
        return
    # It stays a sentence of its own, the first: a fact may be given only there.
    assert sentences[0].text == title and sentences[0].heading == ""
    assert {s.heading for s in sentences[1:]} == {title}


@pytest.mark.parametrize(
    ("text", "leans"),
    [
        # The subject is "she" after an opening phrase: who she is, is in the sentence before.
        ("Anna Berg died in May. In 1958 she married Olav Berg, an engineer.", True),
        ("Anna Berg died in May. At the age of 21 she settled in Paris.", True),
        # A name before the pronoun is the subject, or says who it is.
        ("Anna Berg died in May. In 1958 Olav said she would stay.", False),
        ("Anna Berg died in May. The couple moved to Kent in 1970.", False),
        # A reviewer's: the name or the noun opening the sentence is its subject.
        ("Anna Berg died in May. Olav said she would stay.", False),
        ("Anna Berg died in May. The bank said they would not lend her money.", False),
        # A phrase set off by a comma names no one.
        ("Anna Berg died in May. Sadly, she left no will.", True),
    ],
)
def test_a_sentence_whose_subject_is_a_pronoun_leans_on_the_one_before(text: str, leans: bool) -> None:
    first, second = split_sentences(Document("obituary.txt", text, ""))
    assert second.context == (first.text if leans else "")


def test_a_paragraph_after_a_question_is_read_with_it() -> None:
    # An FAQ in Markdown: each answer paragraph has its question in its heading, under the
    # section's own; a new section ends what the last question asked, and so does the next
    # paragraph (only the one right after a question answers it).
    text = (
        "# Aurora update\n\n## Questions\n\n**Q: Can I buy the sensor separately?**\n\n"
        "A: Not yet. We plan to sell it for £25.\n\nPrices may change.\n\n"
        "**Q: Who makes it?**\n\n## Contact\n\nCall 0800 555 0142.\n"
    )
    sentences = {s.text: s for s in split_sentences(doc(text, "faq.md"))}
    asked = "Questions\nQ: Can I buy the sensor separately?"
    assert sentences["A: Not yet."].heading == asked
    assert sentences["We plan to sell it for £25."].heading == asked
    assert sentences["Prices may change."].heading == "Questions"
    assert sentences["Call 0800 555 0142."].heading == "Contact"
    # An interview in plain text; the question stays a sentence, with no heading of its own.
    text = "INTERVIEWER: What does the shop sell?\n\nANNA BERG: Mostly bicycles. Some parts too.\n"
    first, *answer = split_sentences(doc(text))
    assert first.text == "INTERVIEWER: What does the shop sell?" and first.heading == ""
    assert [s.heading for s in answer] == ["INTERVIEWER: What does the shop sell?"] * 2
    # Nor is it any sentence's context: what a question names is not what the document says.
    assert all(s.context == "" for s in answer)
    # A question that ends a paragraph of prose is no heading: the next paragraph seldom
    # answers it (a reviewer's find); nor one with code between it and the next paragraph.
    text = "The meeting ran long. Who will pay for the roof?\n\nThe library needs new windows.\n"
    assert {s.heading for s in split_sentences(doc(text))} == {""}
    text = "Any questions?\n\n```\nrun()\n```\n\nThe library needs new windows.\n"
    assert {s.heading for s in split_sentences(doc(text, "a.md"))} == {""}
    # A speaker's turn (a label in capitals) ending with a question passes that question on;
    # a paragraph opened by a word with a colon ("Tips:") is no turn.
    # A notice is no turn: the paragraph after it is no reply (a reviewer's find).
    text = (
        "INTERVIEWER: Thanks for coming in. How did the cafe start?\n\nMARTA SILVA: A toaster broke.\n\n"
        "Tips: Mix well. Why?\n\nBecause it helps.\n\n"
        "NOTE: The roof leaks. Who will pay for it?\n\nThe windows were replaced in 2021.\n"
    )
    headings = {s.text: s.heading for s in split_sentences(doc(text))}
    assert headings["MARTA SILVA: A toaster broke."] == "How did the cafe start?"
    assert headings["Because it helps."] == ""
    assert headings["The windows were replaced in 2021."] == ""
