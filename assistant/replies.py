"""The fixed words of the assistant's replies. The engines write them; reading a conversation
(followup.last_answer) must tell them from an answer, so they are kept in one place."""

from __future__ import annotations

from collections.abc import Sequence

NOT_SAID = "The article doesn't say."
QUOTED = "From the article:"  # opens a reply that answers with its quotes alone
NOTHING_MORE = "The article doesn't say more about it."  # "Tell me more" when every sentence near it was quoted
INSTRUCTED = "I only answer questions from the article, and it doesn't say."
# How every refusal opens (NOT_SAID, not_mentioned, number_not_given, INSTRUCTED), and what the
# refusals of another alphabet say (in_other_letters, names_in_other_letters).
REFUSAL_OPENINGS = ("The article doesn't", "I only answer", "Your question is written in")
OTHER_LETTERS = "letters and the documents are not"


def in_other_letters(script: str) -> str:
    return f"Your question is written in {script} {OTHER_LETTERS}: please ask in the documents' language."


def names_in_other_letters(names: Sequence[str], scripts: Sequence[str]) -> str:
    one = len(names) == 1
    written = f"{' and '.join(names)} {'is' if one else 'are'} written in {' and '.join(scripts)} {OTHER_LETTERS}"
    return f"{written}: please write {'it' if one else 'them'} as they do."


def is_refusal(text: str) -> bool:
    """Whether a reply's first line is one of the refusals above."""
    return text.startswith(REFUSAL_OPENINGS) or OTHER_LETTERS in text


# The openings that answer a yes/no question: they name nothing a later question could lean on.
YES_NO = ("Yes", "No", "Not yet")


def not_mentioned(names: Sequence[str]) -> str:
    return f"The article doesn't mention {' or '.join(names)}."


def number_not_given(numbers: Sequence[str]) -> str:
    return f"The article doesn't say: nothing it says about this mentions {' or '.join(numbers)}."
