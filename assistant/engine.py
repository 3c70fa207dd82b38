"""Answering engines. The default one is extractive: it answers with the source sentences.

An engine gets a Request (the question, read once, and the retrieved candidates) and returns an
Answer. The extractive engine first reaches a Decision, a typed outcome (the sentences it cites,
or a refusal and why), then writes it out. The generative engine (assistant.generative) sits
behind the same interface, reads the same Decision, and falls back to this engine.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import groupby
from pathlib import PurePosixPath
from typing import Protocol

from index import StoredSentence

from .followup import asks_for_more
from .judge import Judge, Judged
from .language import (
    is_date_word,
    is_name_like,
    is_question,
    main_script,
    spells_out,
    stem,
    stems,
    subject_is_pronoun,
    tokens,
)
from .lexical import LexicalIndex
from .opening import Opening, gate, opening
from .question import Kind, Question
from .replies import (
    INSTRUCTED,
    NOT_SAID,
    NOTHING_MORE,
    QUOTED,
    in_other_letters,
    is_refusal,
    names_in_other_letters,
    not_mentioned,
)
from .retrieval import Candidate
from .semantic import WordSimilarity
from .shortanswer import name_runs, unasked_part, yes_or_no
from .tunables import MAX_CITATIONS, NEAR_NAME, OVERVIEW_DOCUMENTS, OVERVIEW_SENTENCES, RELATED_MIN, ROLE_WORDS
from .types import Answer


@dataclass(frozen=True)
class Request:
    question: Question
    candidates: Sequence[Candidate]
    lexical: LexicalIndex
    similarity: WordSimilarity
    history: Sequence[Mapping[str, object]] = ()  # the recent conversation, as given
    source: str | None = None  # the one document asked about, when one is chosen
    _judged: dict[str, list[Judged]] = field(default_factory=dict, compare=False, repr=False)

    def judged(self, judge: Judge) -> list[Judged]:
        """The candidates with the judge's probabilities, best first; computed once per request."""
        if "all" not in self._judged:
            unknown = len(strange_names(self))
            self._judged["all"] = judge.judge(self.question, self.candidates, self.lexical, unknown=unknown)
        return self._judged["all"]


class Refusal(enum.Enum):
    INSTRUCTION = "instruction"
    UNKNOWN_NAME = "unknown name"
    NOTHING_RETRIEVED = "nothing retrieved"
    NOT_ANSWERED = "no sentence answers it"
    WEAK_SUPPORT = "support too weak"  # the sentences found come near it but not close enough
    UNGIVEN_NUMBER = "a number it states is not given"  # "the 1985 film" against the 1965 one (premises.py)
    OTHER_SCRIPT = "other writing system"


@dataclass(frozen=True)
class Decision:
    cited: tuple[Candidate, ...]  # the answer's sentences; under a refusal, related ones
    refusal: Refusal | None = None
    probability: float = 0.0  # the judge's, that the best sentence answers the question
    message: str = NOT_SAID  # what a refusal says
    reason: str = ""  # the figures that decided, for Answer.notes
    overview: bool = False  # the documents' opening sentences, cited for where they stand

    @property
    def answered(self) -> bool:
        return self.refusal is None


class Engine(Protocol):
    """What the chain needs of an engine."""

    name: str
    streams: bool  # whether stream() yields previews before the answer

    def respond(self, request: Request) -> Answer: ...

    def stream(self, request: Request) -> Iterator[Answer]:
        """Previews while the answer is written, then the answer itself (always last)."""
        ...

    def ranked(self, request: Request) -> list[Candidate]:
        """The candidates, most likely answer first, by this engine's decider."""
        ...


class Decider(Protocol):
    """Chooses the sentences that answer, or refuses: the rules (assistant.rules) or the
    learned judge (LearnedJudge)."""

    name: str

    def decide(self, request: Request) -> Decision: ...

    def supports(self, request: Request, cited: Sequence[Candidate]) -> str | None: ...

    def ranked(self, request: Request) -> list[Candidate]: ...


class ExtractiveEngine:
    """Answers with retrieved sentences, a short answer first when the question asks for one."""

    name = "extractive"
    streams = False

    def __init__(self, judge: Decider | None = None) -> None:
        if judge is None:
            from .rules import RuleJudge

            judge = RuleJudge()
        self.judge = judge

    def respond(self, request: Request) -> Answer:
        return compose(request.question, self.decide(request), request.lexical.names)

    def stream(self, request: Request) -> Iterator[Answer]:
        yield self.respond(request)  # nothing to preview: the answer is whole at once

    def ranked(self, request: Request) -> list[Candidate]:
        return self.judge.ranked(request)

    def decide(self, request: Request) -> Decision:
        if request.question.instruction:
            return Decision((), Refusal.INSTRUCTION, message=INSTRUCTED)
        foreign = other_script(request)
        if foreign:
            # Every later test reads the question's words against the documents' words; in
            # another alphabet none can match, and "the article doesn't mention Трамп" would be
            # false. The retrieved sentences are still shown (e5 finds them across languages).
            message = in_other_letters(foreign)
            return Decision(tuple(related(request.candidates)), Refusal.OTHER_SCRIPT, message=message)
        written = foreign_names(request)
        if written:
            # "Who is Трамп?": the documents may well speak of him, in their own letters; that
            # they never write "Трамп" says nothing (a new-user helper's find).
            scripts = list(dict.fromkeys(script for _, script in written))
            message = names_in_other_letters([n for n, _ in written], scripts)
            return Decision(tuple(related(request.candidates)), Refusal.OTHER_SCRIPT, message=message)
        subject = request.question.overview_of
        if subject is not None:
            # "What were the talks about?" asks about talks, even with "ceasefire-talks.txt":
            # without a word asking for a summary or naming a document, the subject must be a
            # document's whole name ("What is the recipe about?" with "recipe.txt").
            whole = not request.question.says_summary
            sentences = request.lexical.sentences
            chosen = request.source
            if subject == ():
                # "Summarise the obituary": the word for the kind of document may be in a name.
                kinds = [d for word in request.question.document_words for d in documents_named((word,), sentences)]
                if chosen is None or not kinds or chosen in kinds:
                    return overview(request, list(dict.fromkeys(kinds)))
            else:
                named = documents_named(subject, sentences, whole=whole)
                # A conversation scoped to one document asks about that one (a reviewer's find:
                # "Summarise the recipe" there had summarised the recipe, out of its scope).
                if named and (chosen is None or chosen in named):
                    return overview(request, named)
        if request.question.asks_more:
            said = more(request)
            if said is not None:
                return said
        return self.judge.decide(request)

    def supports(self, request: Request, cited: Sequence[Candidate]) -> str | None:
        """Why the cited sentences do not answer the question, or None when they do by this
        engine's own test. The generative engine puts the model's choice to it."""
        return self.judge.supports(request, cited)


class LearnedJudge:
    """Decisions by the judge trained on public data (assistant.judge)."""

    name = "learned"

    def __init__(self, judge: Judge | None = None) -> None:
        self.judge = judge or Judge()

    def ranked(self, request: Request) -> list[Candidate]:
        return [j.candidate for j in request.judged(self.judge)]

    def decide(self, request: Request) -> Decision:
        question, candidates = request.question, request.candidates
        if not candidates:
            return Decision((), Refusal.NOTHING_RETRIEVED)
        # A question in the documents states nothing: shown as related, never cited as the answer.
        every = request.judged(self.judge)
        judged = [j for j in every if not is_question(j.candidate.sentence.text)]
        if not judged:
            return Decision(tuple(related([j.candidate for j in every])), Refusal.NOT_ANSWERED, 0.0, NOT_SAID)
        best = judged[0]
        reason = f"judge {best.answerable:.2f} (threshold {self.judge.threshold:.2f})"
        if best.answerable < self.judge.threshold:
            shown = related([j.candidate for j in judged])
            strange = strange_names(request)
            if strange:
                message = not_mentioned(strange)
                return Decision(tuple(shown), Refusal.UNKNOWN_NAME, best.answerable, message, reason)
            return Decision(tuple(shown), Refusal.NOT_ANSWERED, best.answerable, NOT_SAID, reason)
        cited = [best.candidate] + _complements(question, best, judged[1:], request.lexical, self.judge.threshold)
        return Decision(tuple(cited), None, best.answerable, reason=reason)

    def supports(self, request: Request, cited: Sequence[Candidate]) -> str | None:
        if not cited:
            return "no sentence cited"
        ids = {c.sentence.record_id for c in cited}
        chosen = [j for j in request.judged(self.judge) if j.candidate.sentence.record_id in ids]
        best = max((j.answerable for j in chosen), default=0.0)
        if best < self.judge.threshold:
            return f"the judge gives them {best:.2f}, under its threshold {self.judge.threshold:.2f}"
        return None


def _complements(
    question: Question, best: Judged, rest: Sequence[Judged], lexical: LexicalIndex, threshold: float
) -> list[Candidate]:
    """A further sentence for names of the question the best one does not hold, when the judge
    also finds that it answers."""
    missing = set(question.names) - lexical.documents[best.candidate.index]
    for judged in rest[: MAX_CITATIONS + 2]:
        if not missing:
            break
        if judged.answerable >= threshold and missing & lexical.documents[judged.candidate.index]:
            return [judged.candidate]
    return []


def other_script(request: Request) -> str | None:
    """The question's writing system ("Cyrillic"), when the documents use none of it; None
    otherwise, and when nothing indexed gives a language to compare with."""
    script, known = request.question.script, request.lexical.scripts
    if not (script and known and script not in known):
        return None
    return _script_name(script)


# Unicode's names for scripts are upper case; "Cjk" would read as a typo.
_SCRIPT_NAMES = {"CJK": "Chinese or Japanese", "HIRAGANA": "Japanese", "KATAKANA": "Japanese", "HANGUL": "Korean"}


def foreign_names(request: Request) -> list[tuple[str, str]]:
    """The question's unknown names written in letters the documents never use, each with the
    name of its writing system."""
    known = request.lexical.scripts
    found = [(n, main_script(n)) for n in request.question.unknown_names]
    return [(n, _script_name(s)) for n, s in found if s and known and s not in known]


def _script_name(script: str) -> str:
    return _SCRIPT_NAMES.get(script, script.capitalize())


def strange_names(request: Request) -> list[str]:
    """Names of the question that the documents never use, nor anything close to them."""
    return [n for n in request.question.unknown_names if not _near_a_known_name(n, request)]


def _near_a_known_name(name: str, request: Request) -> bool:
    """An unknown capitalised word close to a name the documents use ("American" ~ "US"), or
    the initials of words they use ("POWs": "prisoners of war")."""
    found = request.candidates[: MAX_CITATIONS + 3]
    if any(spells_out(name, c.sentence.text) for c in found):
        return True
    known = {w.lower() for c in found for w in _capitalised(c.sentence.text)}
    return bool(known) and request.similarity.best(name.lower(), known) >= NEAR_NAME


def _capitalised(text: str) -> list[str]:
    # Without a possessive: "america's" is further from "us" (0.54) than "america" is (0.64).
    return [
        t.bare for i, t in enumerate(tokens(text)) if is_name_like(t, first=i == 0) or (i == 0 and t.text[:1].isupper())
    ]


def lead(
    question: Question,
    best: Candidate,
    names: frozenset[str] = frozenset(),
    *,
    subject: bool = False,
    first: bool = True,
) -> Opening | None:
    """The short answer that may open the reply: a number, a time, a person, Yes or No... With
    subject, the sentence says who "she" of the one cited before it is: its first name. first:
    whether best is the first sentence cited."""
    text = best.sentence.text
    if question.asks_who_is_named:
        title, named_here = titled_name(question, text, names)
        if title is not None or named_here or question.asks_identity:
            # "Who is Lavrov?" against "Lavrov indicated that Russia ...": not "Russia"; nor,
            # against a sentence cited beside it, whoever that one names. The title answers only
            # a question asking who they are: "Who was the manager before Hartigan?" asks for
            # another, and had opened "Elaine Hartigan." (a new-user helper's find).
            return Opening(title, ()) if title and question.asks_identity and _says_who(title, question) else None
    if question.kind is Kind.OTHER:
        return None
    if pronoun_is_asked_for(question, text):
        return None  # the one asked about is "he": named in the sentence before, if that is cited
    if question.kind is Kind.YESNO:
        said = yes_or_no(question.text, text)
        return Opening(said, ()) if said else None
    return opening(question, text, names, first=first, subject=subject, context=best.sentence.context)


def short_answer(question: Question, decision: Decision, names: frozenset[str] = frozenset()) -> Opening | None:
    """The short answer found in the cited sentences, before the opening gate (assistant.opening)."""
    found: Opening | None = None
    pronoun = False
    for n, c in enumerate(decision.cited):
        found = lead(question, c, names, subject=pronoun, first=n == 0)
        if found:
            break
        pronoun = pronoun or pronoun_is_asked_for(question, c.sentence.text)
    return found


def titled_name(question: Question, sentence: str, names: frozenset[str] = frozenset()) -> tuple[str | None, bool]:
    """For "Who is Peskov?": the run of the sentence that names the one asked about with more
    than the question gives before the name, a title or a fuller name ("Kremlin spokesperson
    Dmitry Peskov"), or None; and whether the sentence names them."""
    named_here = False
    for run in name_runs(sentence, names):
        words = tokens(run.text)
        given = question.names & {stem(t.lower) for t in words}
        # The run is the one asked about: not "Who is the Kremlin spokesman?", which names
        # only the body that opens "Kremlin spokesperson Dmitry Peskov".
        if not given or unasked_part(question.text, run, sentence) is not None:
            continue
        named_here = True
        last = max(i for i, t in enumerate(words) if stem(t.lower) in given)
        # All of the names asked about, and nothing capitalised after them: "Defence Minister
        # Sergei Shoigu" gives no title to "Sergei Lavrov", nor "Mayor Eva Berg" to "Eva Holm".
        # What follows the name is no title either ("Holm state" of "Berg and Holm state that").
        if given != question.names or any(t.text[:1].isupper() for t in words[last + 1 :]):
            continue
        if last + 1 > len(given):
            return " ".join(run.text[: words[last].end].split()), True
    return None, named_here


# Words before a name that say nothing of who someone is: "Dr Fiona Lachlan" is no answer to "Who
# is Fiona Lachlan?" (a new-user helper's find), though the sentence naming her so may say it
# ("Brightwell's head of product safety, Dr Fiona Lachlan, said ..."). English forms of address.
HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr", "sir", "dame", "madam", "mister"})


def _says_who(title: str, question: Question) -> bool:
    """Whether a title from titled_name says more than a form of address before the name."""
    return any(t.lower.rstrip(".") not in HONORIFICS and stem(t.lower) not in question.names for t in tokens(title))


# Words that make a title another one: "Deputy Mayor", "former president" (English, not any one
# text's words).
TITLE_MODIFIERS = frozenset({"deputy", "vice", "former", "acting", "assistant", "ex", "late", "associate"})
_TITLE_STEMS = frozenset(stem(w) for w in ("officer", "director", "executive", "chair", "chairman", "chairwoman"))
# What may stand inside a title between its words ("Secretary of State") or between it and the
# name ("the chief executive, Dana Whitfield").
_IN_TITLE = frozenset({"of", "for", "and", "the"})


def title_holder(question: Question, sentence: str) -> str | None:
    """For "Who is the interior minister?": the name the sentence gives right after every word
    of the title asked about ("Interior Minister Rita Carvalho said the damage would be
    assessed", "Civil protection commander André Fernandes", "the chief executive, Dana
    Whitfield"), or None. A title standing next to a name says who holds it, however far the
    rest of the sentence is in meaning from the question's two words (the embedding of "Interior
    Minister Rita Carvalho said the damage would be assessed" is 0.14 from the question)."""
    if not question.asks_title_holder:
        return None
    asked = set(question.terms)
    toks = tokens(sentence)
    for j, token in enumerate(toks):
        if j == 0 or not is_name_like(token, first=False) or stem(token.lower) in asked or is_date_word(toks, j):
            continue
        gap = sentence[toks[j - 1].end : token.start]
        if gap.strip() not in ("", ","):
            continue
        seen: set[str] = set()
        k = j - 1
        while k >= 0 and seen != asked:
            word = stem(toks[k].lower)
            if word in asked:
                seen.add(word)
            elif toks[k].lower not in _IN_TITLE or not seen:
                break
            k -= 1
        if seen != asked:
            continue
        # A word before the title makes it another one ("Deputy Mayor Tom Berg" holds no "mayor",
        # "Former President Barack Obama" is no "president"); a title word after it is part of a
        # longer title ("Chief Executive Officer Dana Whitfield" for "chief executive"). Both a
        # reviewer's finds.
        if k >= 0 and toks[k].lower in TITLE_MODIFIERS:  # not a country's name: "US Secretary of State"
            continue
        if token.lower in ROLE_WORDS or stem(token.lower) in _TITLE_STEMS:
            continue
        end = j
        while (
            end + 1 < len(toks)
            and is_name_like(toks[end + 1], first=False)
            and sentence[toks[end].end : toks[end + 1].start] == " "
        ):
            end += 1
        name = sentence[token.start : toks[end].end]
        # Possessed: "Interior Minister Rita Carvalho's office said" still names her (a second
        # review's find); what she owns is no part of the name.
        return re.sub(r"['’]s$", "", name)
    return None


def pronoun_is_asked_for(question: Question, sentence: str) -> bool:
    """Whether the answer to a who-question is the pronoun the sentence opens with ("Who sold
    the bakery?" against "She sold it ..."): the question asks who did it, and names nobody
    the sentence does not name itself."""
    return question.asks_for_doer and subject_is_pronoun(sentence) and question.names <= set(stems(sentence))


def _quotes(cited: Sequence[Candidate]) -> str:
    """The sentences as quoted in the answer. Citations keep the exact text and offsets."""
    return "\n\n".join(f"“{_as_quoted(c.sentence.text)}” [{n}]" for n, c in enumerate(cited, 1))


def _as_quoted(text: str) -> str:
    """A sentence (or a reply) as an answer writes it: a line break of the file, or any run of
    spaces, shows as one space. more() finds what was quoted in a reply by this."""
    return " ".join(text.split())


def compose(question: Question, decision: Decision, names: frozenset[str] = frozenset()) -> Answer:
    notes = (decision.reason,) if decision.reason else ()
    if not decision.answered:
        assert decision.refusal is not None
        # Not judged at all, the sentences found for a question in another alphabet may answer it.
        heading = MAY_ANSWER if decision.refusal is Refusal.OTHER_SCRIPT else RELATED
        return refusal(decision.message, decision.cited, [decision.refusal.value, *notes], heading)
    found = short_answer(question, decision, names) if not question.asks_more else None
    judge = gate()
    if found is not None and found.figures and judge is not None and not judge.keeps(found):
        found = None  # more likely wrong than right: the quote answers on its own
    short = found.text if found else ""
    opening = f"{short.rstrip('.')}." if short else QUOTED
    return Answer(
        text=f"{opening}\n\n{_quotes(decision.cited)}",
        answered=True,
        citations=tuple(c.citation() for c in decision.cited),
        notes=notes,
        short=short,
    )


def overview(request: Request, documents: Sequence[str] | None = None) -> Decision:
    """What the documents are about, for a question asking that: their opening sentences
    (OVERVIEW_SENTENCES of one document, or the first of each, up to OVERVIEW_DOCUMENTS), in order. Nothing
    retrieved for "What is this article about?" is about anything in particular. documents: the
    ones the question names ("Summarise the recipe"); else the one chosen, or all."""
    if request.source is not None:
        documents = [request.source]
    wanted = set(documents) if documents else None
    firsts: dict[str, list[Candidate]] = {}
    for source, indexed in groupby(enumerate(request.lexical.sentences), key=lambda item: item[1].source):
        if wanted is not None and source not in wanted:
            continue  # the document chosen (a reviewer's find: the web chat chooses one added)
        document = list(indexed)
        # A pasted web page opens with its title, byline and buttons ("By Jane Doe | 3 min
        # read", "Share this article", a reviewer's find): lines a sentence's full stop never
        # ends. The story opens at the first sentence that has one, if any does.
        # Only in a document of prose: a price list's rows or a recipe's lines are what it says
        # (a reviewer's find: "Summarise the prices" quoted only the footer under the table).
        prose = [(i, s) for i, s in document if _ENDS_SENTENCE.search(s.text)]
        if not (_mostly_prose([s for _, s in document]) and len(prose) >= min(len(document), OVERVIEW_SENTENCES)):
            prose = document
        opening = prose[:OVERVIEW_SENTENCES]
        firsts[source] = [Candidate.unretrieved(s, i) for i, s in opening]
    if not firsts:
        return Decision((), Refusal.NOTHING_RETRIEVED)
    if len(firsts) == 1:
        cited = next(iter(firsts.values()))
    else:
        cited = [opening[0] for opening in list(firsts.values())[:OVERVIEW_DOCUMENTS]]
    reason = f"overview: the opening sentences of {len(firsts)} document(s)"
    return Decision(tuple(cited), None, reason=reason, overview=True)


# How a sentence of prose ends: a full stop, question or exclamation mark, perhaps inside quotes
# or brackets, perhaps before a pasted footnote mark ("Engine.[1]", a reviewer's find). Titles,
# bylines and buttons end without one.
_ENDS_SENTENCE = re.compile(r"[.!?…][\"'”’)\]]*(?:\[\w{1,4}\])*\s*$")


def _mostly_prose(sentences: Sequence[StoredSentence]) -> bool:
    """Whether at least half a document's lines end as sentences do: a story with a byline and
    a photo credit, not a price list or a recipe's ingredients."""
    return 2 * sum(1 for s in sentences if _ENDS_SENTENCE.search(s.text)) >= len(sentences)


def documents_named(subject: Sequence[str], sentences: Sequence[StoredSentence], *, whole: bool = False) -> list[str]:
    """The documents whose file name or first heading holds every word of subject ("recipe"
    names "recipe.txt" and "notes/recipes.md"), in order; with whole, is every word of it."""
    wanted = set(subject)
    named = []
    for source, in_document in groupby(sentences, key=lambda s: s.source):
        path = PurePosixPath(source)
        name = set(stems(" ".join(re.findall(r"[^\W\d_]+", str(path.with_suffix(""))))))
        for title in (name, set(stems(next(in_document).heading))):
            if title and (wanted == title if whole else wanted <= title):
                named.append(source)
                break
    return named


def more(request: Request) -> Decision | None:
    """For "tell me more": sentences the conversation's answers have not quoted yet. The best
    retrieved one that shares a word with the question more was asked about, or its answer (and
    is close enough in meaning to be shown as related under a refusal, RELATED_MIN), and the
    nearest to the last sentence quoted in its document, after it if any (a story goes on where
    it was left). None when the last reply quoted no answer: after a refusal, the sentences shown
    as related answered nothing to go on from (a reviewer's find)."""
    lexical = request.lexical
    answers: list[str] = []  # the replies that answered, as written
    asked = ""  # the last question that asked about something, not for more, and its reply's first line
    answered_last = False
    for turn, message in enumerate(request.history):
        content = _as_quoted(str(message.get("content", "")))
        answered_last = message.get("role") == "assistant" and not is_refusal(content)
        if answered_last:
            answers.append(content)
        elif message.get("role") == "user" and not asks_for_more(content):
            replied = request.history[turn + 1] if turn + 1 < len(request.history) else {}
            first_line = str(replied.get("content", "")).split("\n")[0]
            asked = f"{content} {first_line}"
    if not answered_last:
        return None  # the last reply was a refusal, or there was none
    texts = [_as_quoted(s.text) for s in lexical.sentences]
    quoted = {i for i, text in enumerate(texts) if any(text in a for a in answers)}
    latest = [i for i, text in enumerate(texts) if text in answers[-1]]
    if not latest:
        return None
    picked: list[Candidate] = []
    topic = list(stems(asked))
    other = next(
        (
            c
            for c in request.candidates
            if c.index not in quoted and c.dense >= RELATED_MIN and lexical.coverage(topic, c.index) > 0
        ),
        None,
    )
    if other is not None:
        picked.append(other)
    source = lexical.sentences[latest[-1]].source
    unquoted = [i for i, s in enumerate(lexical.sentences) if s.source == source and i not in quoted]
    # A photo credit in a story goes on with nothing (a new-user helper's find), but a table's
    # rows and a recipe's lines do: lines no full stop ends are passed over in prose only.
    if _mostly_prose([s for s in lexical.sentences if s.source == source]):
        unquoted = [i for i in unquoted if _ENDS_SENTENCE.search(lexical.sentences[i].text)] or unquoted
    after = [i for i in unquoted if i > latest[-1]]
    nearest = min(after) if after else max(unquoted, default=None)
    if nearest is not None and all(c.index != nearest for c in picked):
        picked.append(Candidate.unretrieved(lexical.sentences[nearest], nearest))
    if not picked:
        return Decision((), Refusal.NOT_ANSWERED, message=NOTHING_MORE, reason="every sentence on it was quoted")
    cited = tuple(sorted(picked[:MAX_CITATIONS], key=lambda c: c.index))
    return Decision(cited, None, reason=f"more: {len(cited)} sentence(s) not quoted yet")


def related(candidates: Sequence[Candidate]) -> list[Candidate]:
    return [c for c in candidates[:MAX_CITATIONS] if c.dense >= RELATED_MIN]


RELATED = "Related sentences, which do not answer it:"
MAY_ANSWER = "Sentences that may answer it, in the documents' language:"


def refusal(message: str, shown: Sequence[Candidate], notes: Sequence[str], heading: str = RELATED) -> Answer:
    text = message
    if shown:
        text += f"\n\n{heading}\n\n" + _quotes(shown)
    return Answer(text=text, answered=False, citations=tuple(c.citation() for c in shown), notes=tuple(notes))
