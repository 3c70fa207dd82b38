"""Follow-up questions: deciding whether a question leans on the conversation, and on what."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from .language import content_words, is_date_word, is_name_like, tokens
from .replies import YES_NO, is_refusal

_LEANING = re.compile(
    r"\b(?:he|him|his|she|her|hers|they|them|their|theirs|it|its|this|that|these|those|there|then|"
    r"the same|the other|the two|both|each|either)\b"
    r"|^\s*(?:and|but|so|also|what about|how about|what else|anything else|why|why not|really)\b",
    re.IGNORECASE,
)


# Asking for more of what the last reply said ("tell me more", "what else?", "more details
# please"): answered with sentences on the same subject not quoted yet (engine.more). Words of
# English requests, not the article's, read only when nothing else is in the question: "What
# else will Trump discuss?" asks about Trump. Not when it says there is to be no more ("no more",
# "nothing else, thanks"; a reviewer's find).
_MORE = re.compile(r"\b(?:more|else|further|continue|go on|keep going|elaborate|expand|details?)\b", re.IGNORECASE)
_MORE_WORDS = frozenset(
    "more else further continue go keep going elaborate expand detail details info information other "
    "give anything something please pls thanks ok okay".split()
)
_ENOUGH = re.compile(r"\b(?:no|not|nothing|none|enough|stop|never)\b|n't\b", re.IGNORECASE)


def asks_for_more(question: str) -> bool:
    """ "tell me more", "anything else?", "more details please": only words asking for more."""
    if not _MORE.search(question) or _ENOUGH.search(question):
        return False
    return all(w in _MORE_WORDS for w in content_words(question))


@dataclass(frozen=True)
class Query:
    question: str  # as asked
    earlier: str = ""  # the earlier question(s) it leans on, "" for a standalone question
    reply: str = ""  # what the last of them was answered ("Sergei Lavrov."), "" for none

    @property
    def context(self) -> str:
        """What the question leans on: the earlier question(s) and the answer given."""
        return f"{self.earlier} {self.reply}" if self.earlier and self.reply else self.earlier

    @property
    def text(self) -> str:
        """What is embedded. A follow-up that names its own subject ("What about Rubio, what did
        he say?") is embedded alone: the earlier question would pull it back to the old topic.
        The earlier question still counts by its words (see retrieval)."""
        if not self.earlier or (names_someone(self.question) and not is_elliptic(self.question)):
            return self.question
        return f"{self.question} {self.context}"


def user_turns(history: Sequence[Mapping[str, object]], *, limit: int) -> list[str]:
    """The last `limit` user messages that have text, oldest first; other entries are ignored."""
    turns: list[str] = []
    if limit <= 0:
        return turns
    for message in reversed(history):
        if not isinstance(message, Mapping) or message.get("role") != "user":
            continue
        content = message.get("content")
        if isinstance(content, str) and content.strip():
            turns.append(content.strip())
            if len(turns) >= limit:
                break
    return list(reversed(turns))


_ELLIPTIC = re.compile(
    r"^\s*(?:and|but|so|also|what about|how about)\b(?!.*\b(?:what|who|whom|when|where|why|how|which)\b)[^?]*\??\s*$",
    re.IGNORECASE,
)


def is_elliptic(question: str) -> bool:
    """ "And with Zelensky?": the rest of the question is the earlier one's."""
    return bool(_ELLIPTIC.match(question))


def names_someone(question: str) -> bool:
    """Whether the question names anyone or anything of its own: a day ("on Tuesday"), or a
    month after a preposition ("in March"), is a date, not a subject (after review: "Did she
    join it in March?" had been read as standing alone)."""
    found = tokens(question)
    return any(is_name_like(t, first=i == 0) and not is_date_word(found, i) for i, t in enumerate(found))


def leans_on_history(question: str) -> bool:
    """True for "How long did they last?", "And Zelensky?", "What about the prisoners?"."""
    if _LEANING.search(question) or asks_for_more(question):
        return True
    return len(content_words(question)) <= 1 and not names_someone(question)


def last_answer(history: Sequence[Mapping[str, object]]) -> str:
    """What the last reply answered, when it opened with an answer of its own ("Sergei Lavrov."):
    its first line, without citation markers. "" after a refusal, a reply that answers with
    its quotes alone, a bare Yes or No (none names anything), or when the last user turn had no
    reply.

    "Who is Russia's foreign minister?" - "Sergei Lavrov." - "Who did he speak with?": "he" is
    the answer, which the questions alone never name."""
    for message in reversed(history):
        if not isinstance(message, Mapping) or message.get("role") == "system":
            continue
        content = message.get("content")
        if message.get("role") != "assistant" or not isinstance(content, str):
            return ""
        lines = content.strip().splitlines()
        first = _MARKERS.sub("", lines[0] if lines else "").strip()
        bare = first.rstrip(".!").strip()
        if not bare or first.endswith(":") or is_refusal(first) or bare in YES_NO or "\u201c" in first:
            return ""
        return first
    return ""


_MARKERS = re.compile(r"\s*\[\d+\]")


def contextualize(
    question: str,
    history: Sequence[Mapping[str, object]],
    *,
    max_turns: int,
    refers: Callable[[Sequence[str]], bool] = lambda earlier: True,
) -> Query:
    """The question plus the earlier question(s) it leans on: the last one, and the one before
    that when the last itself leaned on its predecessor; and the answer the last one was given,
    when `refers` (given those questions, oldest first) says a pronoun may stand for it."""
    if not leans_on_history(question):
        return Query(question)
    earlier = user_turns(history, limit=max_turns)
    chain: list[str] = []
    for turn in reversed(earlier):
        chain.insert(0, turn)
        if not leans_on_history(turn) or len(chain) >= 2:
            break
    # A follow-up naming its own subject ("What about Rubio, what did he say?") leans on no answer.
    reply = last_answer(history) if chain and refers(chain) and not names_someone(question) else ""
    return Query(question, " ".join(chain), reply)
