"""The lexical side of retrieval: BM25 over stemmed words, and the corpus vocabulary."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence

import numpy as np

from index import StoredSentence

from .language import (
    Vocabulary,
    capitalised,
    content_words,
    english_words,
    is_name_like,
    lent_stems,
    letter_scripts,
    name_stems,
    stems,
    title_case,
    tokens,
    words,
)


def _written_as_names(
    sentences: Sequence[StoredSentence], lexicon: frozenset[str]
) -> tuple[frozenset[str], frozenset[str]]:
    """(names, lowercase). lowercase: the words the documents write in lower case somewhere,
    ordinary words. names, lowercased: the words they write capitalised inside a sentence and
    never in lower case, names by the documents' own evidence ("Lavrov" from "... said
    Lavrov"), not "After" that opens a quotation; and the words they write capitalised only to
    open two sentences or more and never in lower case, when not words of the language ("Mensah said ...",
    a reviewer's find: "Who is Mensah?" found no person there, and "who is mensah" typed in lower
    case got no capital back). Title-case lines say nothing and are skipped."""
    capitalised_inside: set[str] = set()
    opening: Counter[str] = Counter()
    lowercase: set[str] = set()
    for sentence in sentences:
        found = tokens(sentence.text)
        lowercase.update(t.text for t in found if t.text.islower())
        # Title-case lines say too little: a headline, or a sentence of names alone.
        if not title_case(found):
            capitalised_inside.update(t.lower for t in found[1:] if is_name_like(t, first=False))
            opening.update(t.lower for t in found[:1] if t.text[:1].isupper() and t.text[1:].islower())
    # Twice at least: a name the document is about recurs, where "Tragically, the night watchman
    # was found dead" made "Tragically" the answer to "Who was found dead?" (a reviewer's find;
    # the lexicon lacks most adverbs in -ly and some verbs a recipe opens with).
    openers = {word for word, count in opening.items() if count >= 2} - lexicon
    return frozenset((capitalised_inside | openers) - lowercase), frozenset(lowercase)


# How far back from a sentence its paragraph's question is looked for: a paragraph of answer,
# as FAQs and interviews run, is a few sentences; a longer one is cut off there, at no cost in
# correctness (the question then only helps it be found).
_ANSWER_SENTENCES = 20


class LexicalIndex:
    """BM25 (bm25s) over each sentence's content stems, plus the names in the sentence it leans on.

    "He scheduled his call with Putin" is indexed with "Trump" from the sentence before it, so
    a question that names Trump still finds it by words.
    """

    def __init__(self, sentences: Sequence[StoredSentence]) -> None:
        import bm25s

        self.sentences = list(sentences)
        self.documents = [lent_stems(s.text, s.context) for s in self.sentences]
        self._words = [content_words(s.text) + [w.lower() for w in capitalised(s.context)] for s in self.sentences]
        corpus = [stems(s.text) + name_stems(s.context) for s in self.sentences]
        self.bm25 = bm25s.BM25()
        self.bm25.index(corpus, show_progress=False)
        frequency: Counter[str] = Counter()
        for document in self.documents:
            frequency.update(document)
        n = max(len(self.sentences), 1)
        self.idf = {term: math.log(1 + (n - df + 0.5) / (df + 0.5)) for term, df in frequency.items()}
        # A question word the corpus never uses counts like a typical word, not like the rarest:
        # paraphrases ("go on" for "lasted") would otherwise sink every match.
        known = sorted(self.idf.values())
        self.unknown_idf = known[len(known) // 2] if known else 1.0
        lexicon = english_words()
        self.names, self.lowercase = _written_as_names(self.sentences, lexicon)
        # Headings count as the documents' words: "Linden Road Allotment Society", named only in
        # a Markdown file's title, had been "not mentioned" (a blind helper's documents).
        headings = list(dict.fromkeys(s.heading for s in self.sentences if s.heading))
        self.vocabulary = Vocabulary(
            [*(w for s in self.sentences for w in words(s.text)), *(w for h in headings for w in words(h))],
            lexicon,
            [*(s.text for s in self.sentences), *headings],
            self.names,
        )
        # The writing systems the documents use ("LATIN"), to tell a question in another one.
        self.scripts = frozenset(script for word in self.idf for script in letter_scripts(word))
        # Sentences come sorted by (source, position): a sentence's neighbours are next to it.
        self._window = [
            set().union(
                *(
                    self.documents[j]
                    for j in (i - 1, i, i + 1)
                    if 0 <= j < len(self.sentences) and self.sentences[j].source == s.source
                )
            )
            for i, s in enumerate(self.sentences)
        ]

        self.sources = frozenset(s.source for s in self.sentences)
        self._masks: dict[str, np.ndarray] = {}

    def __len__(self) -> int:
        return len(self.sentences)

    def mask(self, source: str) -> np.ndarray:
        """1.0 for the sentences of one document, 0.0 elsewhere (a conversation scoped to it)."""
        if source not in self._masks:  # a race here only computes the same array twice
            self._masks[source] = np.asarray([s.source == source for s in self.sentences], dtype=np.float32)
        return self._masks[source]

    def scores(self, query_stems: Sequence[str]) -> np.ndarray:
        if not query_stems or not self.sentences:
            return np.zeros(len(self.sentences), dtype=np.float32)
        return np.asarray(self.bm25.get_scores(list(query_stems)), dtype=np.float32)

    def weight(self, term: str) -> float:
        return self.idf.get(term, self.unknown_idf)

    def words_of(self, index: int) -> list[str]:
        """The content words of sentence `index` and the names of the sentence it leans on."""
        return self._words[index]

    def before(self, index: int) -> StoredSentence | None:
        """The sentence just before sentence `index` in its document, or None at its start."""
        if index <= 0:
            return None
        sentence, previous = self.sentences[index], self.sentences[index - 1]
        if (previous.source, previous.position) != (sentence.source, sentence.position - 1):
            return None
        return previous

    def asked_under(self, index: int) -> int | None:
        """The question the paragraph of sentence `index` answers (its heading's last line, a
        sentence of the document before it: index.sentences), or None."""
        sentence = self.sentences[index]
        asked = sentence.heading.rsplit("\n", 1)[-1]
        if not asked.endswith("?"):
            return None
        for earlier in range(index - 1, max(index - _ANSWER_SENTENCES, 0) - 1, -1):
            if self.sentences[earlier].source != sentence.source:
                return None
            if self.sentences[earlier].text.strip(" *_") == asked:
                return earlier
        return None

    def window(self, index: int) -> set[str]:
        """The stems of sentence `index` and of the sentences on either side of it."""
        return self._window[index]

    def is_title(self, index: int) -> bool:
        """Whether sentence `index` is its document's title: the heading the next one is read with
        (index.sentences: a plain text's title line is both)."""
        sentence = self.sentences[index]
        after = self.sentences[index + 1] if index + 1 < len(self.sentences) else None
        return (
            not sentence.heading
            and after is not None
            and after.source == sentence.source
            and after.heading == sentence.text
        )

    def coverage(self, query_stems: Sequence[str], index: int, also: Sequence[int] = ()) -> float:
        """The idf-weighted share of the query's words found in sentence `index` (and `also`)."""
        found = set(self.documents[index])
        for other in also:
            found |= self.documents[other]
        return self.coverage_of(query_stems, found)

    def coverage_of(self, query_stems: Iterable[str], found: set[str]) -> float:
        """The idf-weighted share of the query's words found among `found` (stems)."""
        terms = set(query_stems)
        total = sum(self.weight(t) for t in terms)
        return sum(self.weight(t) * match(t, found) for t in terms) / total if total else 0.0


def match(term: str, found: set[str]) -> float:
    """1 for the same stem; 0.5 for a related form the stemmer keeps apart ("invad"/"invas",
    "agre"/"agreement": the model's single-word vectors put "agree" and "agreement" at 0.30)."""
    if term in found:
        return 1.0
    if len(term) >= 5 and any(len(f) >= 5 and f[:4] == term[:4] for f in found):
        return 0.5
    if len(term) == 4 and any(len(f) > 4 and f.startswith(term) for f in found):
        # A four-letter stem, too short for the rule above: train +0.0003, dev and the article
        # unchanged. It also credits "plan" in "planet", at half.
        return 0.5
    return 0.0
