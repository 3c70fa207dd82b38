"""Words: tokens, stems, stopwords, names, and spelling fixed against the corpus vocabulary."""

from __future__ import annotations

import re
import threading
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache

from bm25s.stopwords import STOPWORDS_EN
from rapidfuzz import process
from rapidfuzz.distance import OSA

# Lucene's list (from bm25s) plus the words questions are made of: asking words, auxiliaries,
# pronouns and chat filler. Leaving them out lets "content words" mean the ones that carry topic.
FUNCTION_WORDS = frozenset(STOPWORDS_EN) | frozenset(
    """
    what whats which who whom whose whos when whens where wheres why how hows whether
    do does did done doing has have had having was were been being am is are be
    can could would should shall may might must will wo
    i me my we our us you your he him his she her hers they them their its it's itself
    this that these those there here also just only very really please tell me about any some
    than so too yet still ever much many long often far
    from up down over under again out off within without via per
    according article text story report say says said mention mentioned mentions
    thing things anything something someone anyone one ones else other kind sort besides
    take takes took taken taking place happen happens happened happening go goes went gone going on
    get gets got make makes made want wants wanted like already actually exactly
    s t d ll ve re m
    """.split()
)

# Numbers written in words, with their values: the one table that premises (reading a number's
# value), shortanswer (finding a count or a duration) and verify (a number a claim states) share.
UNITS = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
        "seventeen eighteen nineteen".split()
    )
}
TENS = {w: 10 * i for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split(), start=2)}
SCALES = {"hundred": 100, "thousand": 1_000, "million": 10**6, "billion": 10**9, "trillion": 10**12}
NUMBER_WORDS = (*UNITS, *TENS, *SCALES)
# Currencies written after a number ("5,000 francs"): English words, not any one text's; and
# the ISO codes of the most traded ones, before or after it ("USD 400,000").
CURRENCY_CODES = "USD EUR GBP JPY CNY CHF CAD AUD NZD INR RUB UAH SEK NOK DKK PLN BRL MXN ZAR HKD SGD KRW TRY".split()
CURRENCY_WORDS = (
    "dollars?|pounds?|euros?|yen|yuan|francs?|cents?|pence|rubles?|roubles?|rupees?|pesos?|marks?|lire|lira|guineas?|"
    "shillings?|crowns?|kron[aeo]r?|hryvnias?"
).split("|") + CURRENCY_CODES
# The names of days and months, which shortanswer reads as times and contrary compares.
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = tuple("January February March April May June July August September October November December".split())

# A sentence opening with one of these has its subject in the sentence before ("He scheduled ...").
_PERSON_PRONOUNS = frozenset({"he", "she", "they"})


def subject_is_pronoun(text: str) -> bool:
    """Whether the sentence's first word is a personal pronoun: then who does what is named in
    the sentence it leans on, not in it."""
    found = tokens(text)
    return bool(found) and found[0].lower in _PERSON_PRONOUNS


def spells_out(acronym: str, text: str) -> bool:
    """Whether text has a run of words whose initials are the acronym's letters ("POWs",
    "prisoners of war"). Three letters at least, and the run starts and ends on a word that
    is not a function word: two letters match too many chance pairs of words. Moves no figure on
    the article or the public splits; "How many POWs ...?" was refused as naming something unknown."""
    letters = acronym[:-1] if len(acronym) > 3 and acronym.endswith("s") else acronym
    if not (3 <= len(letters) <= 8 and letters.isalpha() and letters.isupper()):
        return False
    initials = letters.lower()
    found = [t.lower for t in tokens(text)]
    n = len(initials)
    for i in range(len(found) - n + 1):
        run = found[i : i + n]
        if run[0] in FUNCTION_WORDS or run[-1] in FUNCTION_WORDS:
            continue
        if all(word[0] == letter for word, letter in zip(run, initials, strict=True)):
            return True
    return False


_TOKEN = re.compile(r"[^\W_]+(?:[.,'’][^\W_]+)*", re.UNICODE)
_NUMBER = re.compile(r"^\d[\d,.]*$")


@dataclass(frozen=True)
class Token:
    text: str  # as written
    start: int
    end: int

    @property
    def lower(self) -> str:
        return self.text.lower().replace("’", "'")

    @property
    def bare(self) -> str:
        """As written, without a possessive 's ("America's" -> "America"): the name itself."""
        return self.text[:-2] if self.lower.endswith("'s") else self.text


def tokens(text: str) -> tuple[Token, ...]:
    return _tokens(text)


@lru_cache(maxsize=8192)
def _tokens(text: str) -> tuple[Token, ...]:
    # Cached: the engine looks at the same few candidate sentences several times per question.
    return tuple(Token(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text))


def words(text: str) -> list[str]:
    """Lowercase word forms, possessive 's dropped ("Russia's" -> "russia")."""
    out: list[str] = []
    for token in tokens(text):
        word = token.lower
        if word.endswith("'s"):
            word = word[:-2]
        out.extend(part for part in word.split("'") if part)
    return out


def _stemmer():  # type: ignore[no-untyped-def]
    """This thread's Snowball stemmer: one keeps the word it is stemming as its own state, so a
    stemmer shared by the server's threads (an upload indexing while another reader asks) read
    one thread's word with another's cursor and failed with IndexError."""
    stemmer = getattr(_PER_THREAD, "stemmer", None)
    if stemmer is None:
        import snowballstemmer

        stemmer = _PER_THREAD.stemmer = snowballstemmer.stemmer("english")
    return stemmer


_PER_THREAD = threading.local()


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Snowball's stem, with a country and its people folded together ("Russian" ~ "Russia")."""
    if _NUMBER.match(word):
        return word.replace(",", "")
    stemmed = str(_stemmer().stemWord(word))
    if len(stemmed) >= 6:
        for ending in ("ian", "ia"):
            if stemmed.endswith(ending):
                return stemmed[: -len(ending)]
    return stemmed


@lru_cache(maxsize=8192)
def _content_words(text: str) -> tuple[str, ...]:
    return tuple(w for w in words(text) if w not in FUNCTION_WORDS)


def content_words(text: str) -> list[str]:
    return list(_content_words(text))


def stems(text: str) -> list[str]:
    return [stem(w) for w in content_words(text)]


def is_question(text: str) -> bool:
    """Whether a sentence of the documents is a question ("**Q: Does Aurora ship to Ireland?**"):
    it states nothing, so it never answers one."""
    return text.rstrip(" *_\"'”’)]").endswith("?")


def capitalised(text: str) -> list[str]:
    """The capitalised words of text: what a sentence leaned on lends the one leaning on it
    ("Trump" to "He scheduled his call with Putin ...")."""
    return [t.text for t in tokens(text) if t.text[:1].isupper()]


def name_stems(text: str) -> list[str]:
    """The capitalised words of text, lowercased and stemmed."""
    return [stem(w.lower()) for w in capitalised(text)]


def lent_stems(sentence: str, context: str) -> set[str]:
    """The sentence's content stems and the names of the sentence it leans on: the words it is
    found by."""
    return set(stems(sentence)) | set(name_stems(context))


def plain_stems(text: str) -> set[str]:
    """Stems of text's words other than its names and small words, the small ones dropped before
    stemming ("was" stems to "wa", which no list holds): "Will Riverside appeal the red card?" ->
    {"appeal", "red", "card"}."""
    return {
        stem(t.lower)
        for i, t in enumerate(tokens(text))
        if t.lower not in FUNCTION_WORDS and not is_name_like(t, first=i == 0)
    }


def is_date_word(found: Sequence[Token], i: int) -> bool:
    """Whether found[i] is a day or a date: a weekday ("on Tuesday"), or a month after a word that
    leads to a date ("in March", "since May") or next to a number ("3 March", "March 3, 2024"). A
    month alone may be a name ("June Carter", "What did August say?")."""
    bare = found[i].bare
    if bare in WEEKDAYS:
        return True
    if bare not in MONTHS:
        return False
    before = found[i - 1].lower if i > 0 else ""
    after = found[i + 1].text if i + 1 < len(found) else ""
    if before == "between":
        # "between March and May" (dates), not "talks between May and Juncker" (names).
        other = found[i + 2].bare if i + 2 < len(found) else ""
        return after.lower() in ("and", "to") and (other in MONTHS or other[:1].isdigit())
    return before in DATE_LEADS or before[:1].isdigit() or after[:1].isdigit()


# Words that lead to a date: "in March", "since May", "early June", "mid May" (contrary reads months by them too).
DATE_LEADS = frozenset("in on by since until till before after during from of last next this early mid late".split())


def is_name_like(token: Token, *, first: bool) -> bool:
    """A capitalised word that is not just capitalised for starting the sentence."""
    text = token.text
    if not text[:1].isupper() or token.lower in FUNCTION_WORDS:
        return False
    return not first or text.isupper() and len(text) > 1


def title_case(found: Sequence[Token]) -> bool:
    """Whether more than half of a line's words after the first are capitalised: a headline
    ("Harbor City FC Edge Past Riverside in Extra Time"), or a sentence full of names ("Angela
    Merkel met Emmanuel Macron in Paris")."""
    inner = found[1:]
    return sum(is_name_like(t, first=False) for t in inner) * 2 > len(inner)


def headline(text: str, found: Sequence[Token]) -> bool:
    """Whether text, whose tokens are found, is a title-case line with no full stop at its end
    ("Can Harbor City Edge Past Riverside Again?" is one): there capitals say nothing about
    which words are names. A sentence full of names ends with a full stop."""
    return not re.search(r"\.[\"'”’)\]]*\s*$", text) and title_case(found)


@lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    """The whole words of the packaged MiniLM's tokenizer (BERT's uncased WordPiece vocabulary,
    learned from English Wikipedia and books): about 22,000 words that are no misspelling,
    however close they come to a word of the documents."""
    from index.embeddings import model_path

    with open(f"{model_path()}/vocab.txt", encoding="utf-8") as handle:
        return frozenset(w for w in (line.strip() for line in handle) if w.isalpha() and w.islower())


class Vocabulary:
    """The corpus's words, to fix misspellings and to tell which names it never mentions."""

    def __init__(
        self,
        corpus_words: Iterable[str],
        lexicon: frozenset[str] = frozenset(),
        texts: Iterable[str] = (),
        names: frozenset[str] = frozenset(),
    ) -> None:
        # Words of the language, left as they are when written in lower case: fixing them to
        # the nearest document word changed 328 public questions, mostly for the worse
        # ("shut" -> "shot", "movie" -> "move", "hero" -> "her"). A capitalised one may still
        # be a misspelt name ("Turkey" -> "Turkiye").
        self.lexicon = lexicon
        self.words = sorted(set(corpus_words))
        self._known = set(self.words)
        self._stems = {stem(w) for w in self.words}
        self._by_initial: dict[str, list[str]] = {}
        for w in self.words:
            self._by_initial.setdefault(w[0], []).append(w)
        self._texts = list(texts)  # read for acronyms only when a question holds one
        # The words the documents write only as names (lexical._written_as_names).
        self.names = names

    @cached_property
    def acronyms(self) -> dict[str, str]:
        """Acronym -> the words the documents spell it out with (0.37 s for 10,000 sentences,
        measured: worked out on the first question that needs it, not at start-up)."""
        return _acronyms(self._texts)

    def __contains__(self, word: str) -> bool:
        return word in self._known or stem(word) in self._stems

    def correct(self, word: str) -> str:
        """The corpus word this one is a likely misspelling of, or the word itself.

        One edit, or two when the first four letters agree ("Turkey" -> "turkiye",
        "Zelenksy" -> "zelensky"); the first letter always agrees. Looser matching turned
        names the corpus never mentions into ones it does ("Macron" -> "marco").
        """
        if word in self or len(word) < 4 or any(ch.isdigit() for ch in word):
            return word  # "1600s" is no misspelling of "1700s"
        near = process.extract(word, self._by_initial.get(word[0], ()), scorer=OSA.distance, score_cutoff=2, limit=8)
        for candidate, distance, _ in sorted(near, key=lambda m: m[1]):
            if distance <= 1 or (len(word) >= 6 and candidate[:4] == word[:4]):
                return str(candidate)
        return word

    def fix_text(self, text: str) -> str:
        """text with each misspelt word replaced by its corpus spelling, and each acronym the
        documents never use by the words they spell it out with ("CFO" -> "Chief Financial
        Officer"; "CEO" or "ceo" -> "chief executive" where they shorten the title so), the rest
        untouched."""
        pieces = []
        last = 0
        shouting = text.upper() == text
        found = tokens(text)
        for i, token in enumerate(found):
            acronym = (
                not shouting and len(token.text) >= ACRONYM_MIN and token.text.isupper() and token.lower not in self
            )
            # "ceo" is typed in lower case as often as not, and is in the lexicon, as "nato" and
            # "bbc" are: only the chief titles' acronyms are read so in lower case ("coo" is a word).
            chief = token.text in _LOWER_CHIEF_ACRONYMS and token.lower not in self
            spelt_out = self.acronyms.get(token.text.upper()) if acronym or chief else None
            if spelt_out is not None:
                pieces.append(text[last : token.start])
                pieces.append(spelt_out)
                last = token.end
                continue
            # A word of the language as written: in lower case, or capitalised only for opening
            # the question ("Movie ..."), or in a question written all in capitals.
            as_word = token.text.islower() or shouting or (i == 0 and token.text[1:].islower())
            if as_word and token.lower in self.lexicon or is_date_word(found, i):
                # A day or a date is a value, never a misspelt name: "in March" had become "in
                # Marco" (one letter from a name in the article), and "Did the talks happen in
                # March?" read "Yes" from the sentence naming Marco Rubio.
                continue
            corrected = self.correct(token.lower)
            if corrected != token.lower and token.lower not in FUNCTION_WORDS:
                pieces.append(text[last : token.start])
                pieces.append(corrected.capitalize() if token.text[:1].isupper() else corrected)
                last = token.end
        pieces.append(text[last:])
        return self._cased("".join(pieces))

    def _cased(self, text: str) -> str:
        """text with each word the documents only ever write as a name capitalised, when text is
        typed all in lower case ("whos lavrov", "zelensky what did he say"): such a question
        loses the names that tell who it asks about ("who is lavrov" had read as "Who is ...?"
        of nobody, and was answered "Russia."). Not a word of the language ("bakery" of "Harbour
        Bakery", "trump"): the documents write it capitalised as part of a name, and the question
        may mean the word (a test's "Who sold the bakery to a cooperative?" had lost its answer).
        A question with any capital is taken as written."""
        if not self.names or text.lower() != text:
            return text
        pieces, last = [], 0
        for token in tokens(text):
            if token.lower in self.names and token.lower not in self.lexicon:
                pieces.append(text[last : token.start] + token.text[:1].upper() + token.text[1:])
                last = token.end
        return "".join(pieces) + text[last:] if pieces else text


# An acronym is read only if it has this many letters: two-letter ones spell out too much by
# chance ("US" from "Upper Silesia"), and none of the new users' ("CFO", "CEO") is shorter.
ACRONYM_MIN = 3
ACRONYM_MAX = 8  # longer runs are names, not things people abbreviate


def _acronyms(texts: Iterable[str]) -> dict[str, str]:
    """Acronym -> the run of capitalised words the documents spell it out with ("CFO" ->
    "Chief Financial Officer"), when only one run gives those letters, or a chief title written
    in lower case ("CEO" -> "chief executive"). A run is read whole
    ("Norwegian Food Safety Authority"), or as a title before a first and last name ("Chief
    Financial Officer" of "Chief Financial Officer Marcus Lindqvist"); not as every piece of a
    longer name ("United States Army" of "United States Army Corps" had spelt out "USA", a
    reviewer's find). First names cannot be told from words ("marcus" is in the lexicon)."""
    found: dict[str, set[str]] = {}

    def spell(run: list[Token], text: str) -> None:
        # The whole run, and any title ending before a name's two words ("Halvorsen Chief
        # Financial Officer Marcus Lindqvist" holds "Chief Financial Officer").
        pieces = [(0, len(run))] + [(begin, len(run) - 2) for begin in range(max(0, len(run) - 2))]
        for begin, end in pieces:
            if ACRONYM_MIN <= end - begin <= ACRONYM_MAX:
                letters = "".join(t.text[0] for t in run[begin:end]).upper()
                found.setdefault(letters, set()).add(text[run[begin].start : run[end - 1].end])

    for text in texts:
        run: list[Token] = []
        for token in tokens(text):
            if _spelt_out_word(token) and (not run or text[run[-1].end : token.start] == " "):
                run.append(token)
                continue
            spell(run, text)
            run = [token] if _spelt_out_word(token) else []
        spell(run, text)
    spelt = {letters: next(iter(phrases)) for letters, phrases in found.items() if len(phrases) == 1}
    # "Chief Executive Officer" is shortened the other way too, to "chief executive" (docs13's
    # "Who is the CEO of Halden Home?" against "Our chief executive, Priya Raman, ..."): read only
    # for the titles of _CHIEF_TITLES, where no capitalised run gives those letters.
    chiefs: dict[str, set[str]] = {}
    for text in texts:
        for title in _CHIEF.finditer(text):
            letters = f"C{title.group('what')[0].upper()}O"
            chiefs.setdefault(letters, set()).add(title.group(0))
    for letters, titles in chiefs.items():
        if letters not in found and len({t.lower().removesuffix(" officer") for t in titles}) == 1:
            spelt[letters] = min(titles, key=lambda t: (len(t), t))  # the same in every process
    return spelt


# The officers a company's "chief ... officer" titles name (English business usage, a closed
# set): not any word after "chief", which is as often a verb ("the union chief explained"), a
# name ("Police Chief Edward Nash") or another post ("chief economist" is no CEO; reviewer's finds).
_CHIEF_TITLES = ("executive", "financial", "operating", "technology", "information", "marketing")
_CHIEF = re.compile(rf"\b[Cc]hief\s+(?P<what>(?i:{'|'.join(_CHIEF_TITLES)}))\b(?:\s+[Oo]fficer\b)?")
_LOWER_CHIEF_ACRONYMS = frozenset(f"c{t[0]}o" for t in _CHIEF_TITLES) - {"coo"}  # "Why do pigeons coo?"


def _spelt_out_word(token: Token) -> bool:
    """A word an acronym may stand for: capitalised, letters only, not itself an acronym, and
    not a small word ("The" opening a sentence)."""
    text = token.text
    return text[:1].isupper() and text.isalpha() and not text.isupper() and token.lower not in FUNCTION_WORDS


def letter_scripts(text: str) -> Counter[str]:
    """How many letters of text each writing system has, by the first word of the letter's
    Unicode name ("LATIN", "CYRILLIC", "GREEK", "CJK", "ARABIC"), after NFKC normalisation (so
    full-width or mathematical bold letters count as the letters they show)."""
    found: Counter[str] = Counter()
    for ch in unicodedata.normalize("NFKC", text):
        if ch.isalpha():
            name = unicodedata.name(ch, "")
            if name:
                found[name.split()[0]] += 1
    return found


def main_script(text: str) -> str:
    """The writing system most of text's words are in ("CYRILLIC"), names left out (unless it
    is all names): "Who is Зеленский?" is an English question with a foreign name. "" when it
    has no letters."""
    found = tokens(text)
    plain = [t for i, t in enumerate(found) if not is_name_like(t, first=i == 0)] or list(found)
    per_word: Counter[str] = Counter()
    for token in plain:
        letters = letter_scripts(token.text)
        if letters:
            per_word[letters.most_common(1)[0][0]] += 1
    return per_word.most_common(1)[0][0] if per_word else ""
