"""Reading a question once: the kind of answer it asks for, what it names, and what it leans on.

Every later step (retrieval, the judge, the short answer, the generative engine's checks) reads
this record and never parses the question again.

The patterns here are English question grammar (wh-words, auxiliaries opening a yes/no
question), not words of any document; tests/test_question.py checks them on other text.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .followup import Query, asks_for_more, contextualize, is_elliptic
from .language import (
    FUNCTION_WORDS,
    Vocabulary,
    content_words,
    is_date_word,
    is_name_like,
    main_script,
    stem,
    stems,
    tokens,
    words,
)

# Asking about the documents as a whole ("What is this article about?", "tl;dr", "Summarise the
# report"): answered with their opening sentences (engine.overview), since no sentence is close
# in meaning or words to "summary". Read only when nothing is left of the question but these
# words and the language's small ones, so "Summarise what the CEO said" asks about the CEO.
# The three lists are English, not the article's: set on 120 requests written for this by a
# helper for any kind of document, half of them overviews and half about one subject in the same
# words ("what's the gist of the mayor's speech"): 119 read right, and none of the 5,600 questions
# of the eval sets and the public data (before blind12) is read as one. The one missed is "main
# takeaways from the meeting notes?": a meeting is a subject.
_OVERVIEW_ASK = re.compile(
    r"\b(?:summ?[ae]r(?:y|ies|i[sz]\w*)|tl\W?dr|gist|overview|recap|rundown|synopsis|outline|nutshell"
    r"|takeaways?|highlights|condense|breakdown"
    r"|sum\b.*\bup|break\b.*\bdown|walk\b.*\bthrough|take\b.*\baway"
    r"|(?:main|key|important|overall)\s+(?:points?|ideas?)|big picture|bottom line|short version)\b",
    re.IGNORECASE,
)
# Words that ask what something is about, or to explain it: the documents only when the question
# names them, or leans on nothing ("What is it about?" after a question asks about its answer).
_ABOUT = re.compile(r"\b(?:about|explain)\b", re.IGNORECASE)
# A word standing for someone or something a follow-up leans on ("What does the article say about
# him?" asks about the last answer, a reviewer's find); "this" may be the document.
_BACK = re.compile(r"\b(?:he|him|his|she|her|hers|they|them|their|it|its|that|those|these)\b", re.IGNORECASE)
# What names the documents ("this", "here" only when the question leans on no earlier one:
# "What is this?" after "Who runs the bakery?" asks about the answer).
_DOCUMENT = re.compile(
    r"\b(?:article|story|piece|text|doc|docs|document|documents|report|memo|paper|post|obit|obituary|notes"
    r"|manual|thing|file|files)\b"
)
_HERE = re.compile(r"\b(?:this|here)\b")
# "Could you summarise it?" is a request, not a yes/no question.
_ASKS_YOU = re.compile(r"^\W*(?:can|could|would|will)\s+(?:you|u)\b", re.IGNORECASE)
# The rest of such a request: how long, in what form, and politeness.
_REQUEST_WORDS = frozenset(
    """
    give quick quickly short shorter brief briefly concise few sentence sentences paragraph paragraphs
    bullet bullets point points version plain english words word overall general whole entire basically
    main key important most idea ideas picture bottom line look looking trying even lol pls plz thanks
    thank hi hello hey appreciate provide executive keep know need read sum down break walk through
    two three five like don dont time all r u ur saying
    """.split()
)

_REQUEST_STEMS = frozenset(stem(w) for w in _REQUEST_WORDS | {"i", "i'm"})  # "in plain English", "like I'm five"


class Kind(enum.Enum):
    NUMBER = "number"
    DURATION = "duration"
    TIME = "time"
    PERSON = "person"
    PLACE = "place"
    YESNO = "yes/no"
    OTHER = "other"


# "Which official", "what city": the nouns that make a which-question ask for a person or place.
# Without them and the longer forms (only who, where, when, how long, how many, what time or
# year), the article is unchanged and on the public dev split answers
# rise 0.005 but abstention falls 0.03 (2 of 68 unanswerable questions), so they stay.
_PERSON_NOUNS = "person|people|official|officials|leader|leaders|man|woman|men|women|politician|minister|president"
_PLACE_NOUNS = "city|cities|country|countries|place|places|region|location|venue|venues|state|town|area"
# A question asking how old someone or something is (a number; shortanswer reads it as an age).
AGE_QUESTION = re.compile(r"\bhow old\b(?!-)|\bwhat age\b(?!\s+(?:group|range|bracket|limit))", re.IGNORECASE)
_KIND_PATTERNS: list[tuple[Kind, re.Pattern[str]]] = [
    (Kind.DURATION, re.compile(r"\bhow long\b|\bfor how many (?:hours|minutes|days|weeks|months|years)\b")),
    (
        Kind.NUMBER,
        re.compile(
            r"\bhow (?:many|much)\b|\bwhat (?:number|amount|percentage|share)\b|\bthe number of\b"
            rf"|{AGE_QUESTION.pattern}"
        ),
    ),
    (Kind.TIME, re.compile(r"\bwhen\b|\b(?:what|which) (?:time|day|date|year|month|hour|weekday|decade|century)\b")),
    # "whos", "wheres": typed without the apostrophe, as chat often is.
    (Kind.PERSON, re.compile(rf"\bwho(?:m|se|s)?\b|\b(?:which|what) (?:{_PERSON_NOUNS})\b")),
    (Kind.PLACE, re.compile(rf"\bwheres?\b|\b(?:which|what) (?:{_PLACE_NOUNS})\b")),
]
_YESNO_START = re.compile(
    r"^\s*(?:(?:and|so|but|ok|okay|also)[,\s]+)?(?:is|are|was|were|do|does|did|has|have|had|will|would|can|could|"
    r"should|shall|isn't|aren't|wasn't|weren't|didn't|doesn't|hasn't|haven't|won't)\b",
    re.IGNORECASE,
)
# "Did they meet in Istanbul or in Ankara?" starts like a yes/no question but asks which: "Yes"
# answers nothing. All five such questions of the public train and dev splits ("Are supply side
# solar technologies generally active or passive?") were answered "Yes." ("or not" asks yes/no).
# Not "or not", "yes or no", "or so", "or more", "or anyone else": those still ask whether.
_CHOICE = re.compile(r"\w,?\s+or\s+(?!(?:not|no|so|more|less|fewer|else|any\w*|some\w*|other\w*)\b)\w", re.IGNORECASE)
# Requests to drop the documents or play a role: refused, and never sent to a model.
_INSTRUCTION = re.compile(
    r"\b(?:ignore|disregard|forget|override|bypass)\b.{0,40}\b(?:instructions?|article|context|rules|prompt|above|"
    r"previous|sources?|documents?)\b|\b(?:system prompt|jailbreak|you are now|pretend (?:to be|you are)|act as)\b",
    re.IGNORECASE,
)

# "Who" and then a verb of its own: not "who did/does <someone> ...", nor "who was <done>", nor
# "who will he speak to?" (the auxiliary's subject is the one who acts).
_DOER = re.compile(
    r"^\s*(?:(?:and|so|but|then)[,\s]+)?who\s+(?!(?:did|does|do|is|was|are|were|'s)\b)"
    r"(?!(?:has|have|had|will|would|could|can|might)\s+(?:been|he|she|they|it|we|you|i)\b)"
    r"(?:(?:has|have|had|will|would|could|can|might)\s+)?\w+",
    re.IGNORECASE,
)


# "Who is Peskov?", "Who was Chopin's teacher?": a who-question about someone it names. With an
# article after it ("Who is the Vice Minister?") it asks who holds a title, not who someone is.
_WHO_IS = re.compile(r"^\s*(?:who\s+(?:is|was|are|were)|who['’]?s)\b(?P<article>\s+(?:the|a|an)\b)?", re.IGNORECASE)


@dataclass(frozen=True)
class Question:
    text: str  # as asked, misspellings of document words fixed
    earlier: str  # the earlier question(s) it leans on, "" when it stands alone
    kind: Kind
    names: frozenset[str]  # stems of the capitalised words that are names, not sentence starts
    terms: tuple[str, ...]  # content stems: its own, or the earlier question's for "Who is he?"
    unknown_names: tuple[str, ...]  # names the documents never use ("Emmanuel Macron")
    instruction: bool  # asks to ignore the documents or to play a role
    script: str = ""  # the writing system most of its words are in ("LATIN"); "" without letters
    reply: str = ""  # the answer the last earlier question was given ("Sergei Lavrov."), if it leans on one

    @property
    def query(self) -> Query:
        return Query(self.text, self.earlier, self.reply)

    @property
    def asks_for_doer(self) -> bool:
        """ "Who sold the bakery?" asks for the one who did it; "Who did she tell?" and "Who was
        told?" ask for the one it was done to."""
        return self.kind is Kind.PERSON and bool(_DOER.match(self.text))

    @property
    def asks_who_is_named(self) -> bool:
        """ "Who is Peskov?", "Who was Chopin's teacher?": a who-is question naming someone. Its
        reply opens with the title a sentence gives them, and never with their bare name."""
        return self.kind is Kind.PERSON and bool(self.names) and bool(_WHO_IS.match(self.text))

    @property
    def asks_identity(self) -> bool:
        """ "Who is Peskov?" asks who a named person is: the answer is the title the documents
        give them ("Kremlin spokesperson Dmitry Peskov"). "Who was Chopin's teacher?" asks for
        someone else (it has words besides the name), "Who is the Vice Minister?" for the one
        holding a title."""
        found = _WHO_IS.match(self.text)
        return self.asks_who_is_named and set(self.terms) <= self.names and not (found and found.group("article"))

    @property
    def asks_title_holder(self) -> bool:
        """ "Who is the interior minister?": asks for the one holding a title, whom a sentence
        names right after it ("Interior Minister Rita Carvalho said ...")."""
        found = _WHO_IS.match(self.text)
        return self.kind is Kind.PERSON and bool(found and found.group("article")) and bool(self.terms)

    @property
    def asks_overview(self) -> bool:
        """Whether it asks what the documents say as a whole: words asking for a summary or
        what something is about, or naming the documents, and no others (no name, no subject)."""
        return self.overview_of == ()

    @property
    def document_words(self) -> tuple[str, ...]:
        """The words it names a kind of document with ("the obituary", "this report"), stemmed."""
        return tuple(dict.fromkeys(stem(w) for w in _DOCUMENT.findall(self.text.lower())))

    @property
    def says_summary(self) -> bool:
        """Whether it asks for a summary or names a document in words ("Summarise ...", "the
        tram story"), not only what something is about."""
        lowered = self.text.lower()
        return bool(_OVERVIEW_ASK.search(lowered) or _DOCUMENT.search(lowered))

    @property
    def overview_of(self) -> tuple[str, ...] | None:
        """What a request for an overview names besides asking for one: () when it asks about
        the documents as a whole, the stems of its other words when it asks for a summary or
        what something is about ("Summarise the recipe": a document's name, or a subject), and
        None when it asks for neither."""
        if not (self.kind is Kind.OTHER or _ASKS_YOU.match(self.text)):
            return None
        lowered = self.text.lower()
        asks = bool(_OVERVIEW_ASK.search(lowered))
        # Capitals asking for one are no name ("TL;DR?", blind12's, found after it was measured).
        named = question_names(_OVERVIEW_ASK.sub(" ", self.text)) - _REQUEST_STEMS
        rest = _HERE.sub(" ", _DOCUMENT.sub(" ", _ABOUT.sub(" ", _OVERVIEW_ASK.sub(" ", lowered))))
        other = [stem(w) for w in content_words(rest) if w not in _REQUEST_WORDS and not w.isdigit()]
        if named or other:
            subject = tuple(dict.fromkeys([*sorted(named), *other]))
            return subject if asks or _ABOUT.search(lowered) else None
        if asks:
            return ()  # "Summarise it", "tl;dr", whatever came before (a reviewer's find)
        if self.earlier and _BACK.search(lowered):
            return None
        if _DOCUMENT.search(lowered):
            return ()
        return () if not self.earlier and (_ABOUT.search(lowered) or _HERE.search(lowered)) else None

    @property
    def asks_more(self) -> bool:
        """Whether a follow-up asks for more of the same ("tell me more", "anything else?"): it
        leans on an earlier question and holds nothing but words asking for more."""
        return bool(self.earlier) and not self.names and asks_for_more(self.text)

    @property
    def reader_text(self) -> str:
        """What the reader model is asked: the question, after the one it leans on."""
        return f"{self.query.context} {self.text}" if self.earlier else self.text


# What may come before the question word a question opens with.
_OPENS = re.compile(r"^\s*(?:(?:and|so|but|then|ok|okay)[,\s]+)?$")


def question_kind(text: str) -> Kind:
    lowered = text.lower()
    found = {kind: m for kind, pattern in _KIND_PATTERNS if (m := pattern.search(lowered))}
    for kind in found:
        if kind is Kind.TIME and found[kind].group(0) == "when":
            # "when" after the question word the question opens with starts a clause of its own
            # ("Who took over as chair when she stepped down?", "Where was he living when he was
            # 21?"): that word says what is asked. All seven such questions of the public train
            # split ask for its kind. Not a "who" further in, which opens a clause itself ("The
            # engineer who designed it, when was he born?"; a reviewer's find).
            at = found[kind].start()
            opening = [k for k, m in found.items() if m.start() < at and _OPENS.match(lowered[: m.start()])]
            return opening[0] if opening else kind
        return kind
    if _YESNO_START.match(text) and not _CHOICE.search(text):
        return Kind.YESNO
    return Kind.OTHER


def question_names(text: str) -> frozenset[str]:
    return frozenset(stem(t.lower) for i, t in enumerate(tokens(text)) if is_name_like(t, first=i == 0))


def read_question(
    text: str, history: Sequence[Mapping[str, object]], vocabulary: Vocabulary | None, *, max_turns: int
) -> Question:
    """The question's record. With a vocabulary, misspelt document words are fixed first and
    names the documents never use are found."""
    fix = vocabulary.fix_text if vocabulary is not None else (lambda t: t)
    query = contextualize(fix(text), history, max_turns=max_turns, refers=_answer_is_referent)
    own, earlier = query.question, fix(query.earlier) if query.earlier else ""
    return Question(
        text=own,
        earlier=earlier,
        kind=asked_kind(own, earlier),
        names=question_names(own),
        terms=tuple(stems(own if content_words(own) else earlier)),
        unknown_names=tuple(unknown_names(own, vocabulary)) if vocabulary is not None else (),
        instruction=bool(_INSTRUCTION.search(own)),
        script=main_script(own),
        reply=query.reply,
    )


def asked_kind(text: str, earlier: str = "") -> Kind:
    """What kind of answer a question asks for. An elliptic one ("And with Zelensky?") asks what
    the earlier question asked, unless its own words say ("And when?")."""
    kind = question_kind(text)
    if kind is Kind.OTHER and earlier and is_elliptic(text):
        return question_kind(earlier)
    return kind


def _answer_is_referent(chain: Sequence[str]) -> bool:
    """Whether a later pronoun may stand for the answer to the last of these questions: a person,
    a place or a thing ("Sergei Lavrov."), not a time or a number ("Who will he speak to
    afterwards?" after "When is Trump's call with Putin?" - "10 a.m." is Trump's)."""
    if is_elliptic(chain[-1]) and (len(chain) < 2 or is_elliptic(chain[-2])):
        # An elliptic question asks what the one before it asked: unknown when that one is
        # elliptic too (the chain holds two), and then no answer is leaned on.
        return False
    kind = asked_kind(chain[-1], chain[-2] if len(chain) > 1 else "")
    return kind in (Kind.PERSON, Kind.PLACE, Kind.OTHER)


# A day or a date is a value, not a name (language.is_date_word): "Were the talks held on a
# Monday?" against a text giving Friday is answered No (assistant.contrary), not refused for a
# name the text never uses. A month alone may be a name: "What did August say?", "June Carter".
def unknown_names(text: str, vocabulary: Vocabulary) -> list[str]:
    """Capitalised words of the question that the documents never use, even misspelt; adjacent
    ones stay together ("Emmanuel Macron")."""
    found: list[list[str]] = []
    previous_end = -2
    found_tokens = tokens(text)
    for i, token in enumerate(found_tokens):
        if not is_name_like(token, first=i == 0) or is_date_word(found_tokens, i):
            continue
        if any(w not in FUNCTION_WORDS and vocabulary.correct(w) not in vocabulary for w in words(token.text)):
            if found and text[previous_end : token.start].strip() == "":
                found[-1].append(token.bare)
            else:
                found.append([token.bare])
            previous_end = token.end
    return list(dict.fromkeys(" ".join(group) for group in found))
