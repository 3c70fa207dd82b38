"""The hand-set numbers and word lists that decide answers, in one place, each with its evidence.

"Article" below is the article's 91 eval cases, "train" and "dev" the public data's splits
(evals/squad.py); figures are the eval's overall share handled right unless said otherwise,
measured on 2026-11-26 by running the eval with the value changed. The public test split and
the blind question sets were never used to set any of them. The learned judge's own threshold
and weights are fitted by `assistant train --judge-only` and ship in assistant/model/judge.json.
Not here, and set by hand beside the code that applies them: the regular expressions that read
dates, durations and question shapes (shortanswer.py, question.py, followup.py) and the numbers a
question states (premises.py), the spelling fixer's edit distances (language.Vocabulary), the
related-form rule of lexical.match, the half credit a word WEAK-close in meaning earns
(semantic.py), and how many sentences retrieval weighs (retrieval.py: the 20 nearest in meaning,
8 candidates kept, clauses read for the best 5).
"""

from __future__ import annotations

# -- Retrieval (retrieval.py) ---------------------------------------------------------------
# Cosine similarities of this model sit in a narrow band (0.3-0.7) while BM25, divided by the
# best score, spans 0-1: so words weigh less, or one rare shared word outranks the meaning.
DENSE_WEIGHT = 1.0
# On the public data (train / dev / article): 0.15 gives 0.668 / 0.693 / 0.978, 0.3 gives
# 0.669 / 0.695 / 0.967, 0.5 gives 0.666 / 0.692 / 0.956: 0.3 is best on both public splits.
LEXICAL_WEIGHT = 0.3
# How much the earlier question of a follow-up counts, by words; far less when the follow-up
# names its own subject. Hand-set on the article's follow-ups: the public data has none.
EARLIER_WEIGHT = 0.5
EARLIER_WEIGHT_NAMED = 0.2

# -- Whether the rules answer (rules.py) ----------------------------------------------------
# Calibrating the next three on public data did not hold up (80 settings of DENSE_SURE
# 0.55-0.8, DENSE_MIN 0.3-0.55, COVERAGE_MIN 0.35-0.75): the best on train by the learned
# judge's objective (mean of answered-right and abstention, false refusals at most 0.15) was
# DENSE_MIN 0.55, abstention 0.14 -> 0.39; on dev the same setting refused 0.25 of the
# answerable questions and gained 0.014 on that objective, and dev's own best differed again.
# Raising a threshold trades false refusals for abstention about one for one, so the hand-set
# values stay.
# When the best sentence is this close in meaning, it answers whatever the wording (not for a
# follow-up, whose closeness is mostly the earlier question's).
DENSE_SURE = 0.62
# Below this nothing is an answer; between the two, the question's words must be found too.
DENSE_MIN = 0.38
COVERAGE_MIN = 0.45
# ...unless nearly all of the question's words are found (idf-weighted, in form), when this
# much closeness will do. On train / dev / article: without it 0.6697 / 0.6949 / 0.967; any
# DENSE_LOW of 0.25-0.34 with COVERAGE_FULL 0.9 or 1.0 gives 0.6700 / 0.6978 / 0.967, with 0.8
# 0.6703 / 0.6978 / 0.956 (an unanswerable article case answered). The middle of the flat range.
# It needs two words or more: one word found ("How long did they last?" with no "they" to
# read) is too little, at a cost of one dev question (0.6978 -> 0.6964). Or only names, found
# ("Tell me about Lindqvist", rules._enough_words): the article, fresh, train and dev unchanged.
DENSE_LOW = 0.3
COVERAGE_FULL = 0.9
# Ranking bonuses, set by hand on the article. On the public data the overall figure is flat
# within 0.005 on train over COVERAGE_BONUS 0.1-0.25 x PROXIMITY_BONUS 0.15-0.35, and setting
# either to 0 costs dev 0.004 and 0.003, so both stay. Two more were dropped on that evidence:
# a bonus for sentences holding the question's names (without it: article 0.956 -> 0.967,
# train 0.642 -> 0.661, dev 0.677 -> 0.686) and one for holding the kind of answer asked for
# (no change on the article or dev, train -0.002).
# For sentences holding the question's words...
COVERAGE_BONUS = 0.15
# ...and sentences whose answer of the kind asked for sits next to the question's most telling words.
PROXIMITY_BONUS = 0.25
# A question the rules refuse only for weak support is answered after all when the learned judge
# (assistant.judge) is this sure that its best sentence answers it. Chosen on train (overall
# 0.663 without, 0.668 at 0.5 and 0.6, 0.667, 0.666, 0.664 at 0.7-0.9; 0.6 keeps abstention
# where it was, 0.5 loses 0.005) and confirmed on dev (0.688 -> 0.692, abstention unchanged);
# the article's cases are unchanged.
RESCUE_MIN = 0.6
# How much the learned judge's probability that a sentence answers (0-1) adds to its rank. The
# reader reads question and sentence together, where retrieval compares them apart, and tells
# paraphrases better ("right sentence first" on fresh: 0.79 against the rules' 0.64). It is asked
# only when the best two sentences rank within this much of each other: otherwise nothing can pass
# the best (a probability is below 1). When asked, every candidate gets its share and the list is
# sorted again. Asked for 27 % of the questions of the eval's own sets (the article, fresh and the
# blind sets) and 45 % of dev's.
# Measured 2026-11-27, dev overall (train, in-sample for the judge, in brackets): 0 0.702 (0.680);
# 0.1 0.7095; 0.15 0.711; 0.25 0.711 (0.706); 0.35 0.712; 0.5 0.711 (0.714); 1 0.717 (0.719).
# The article and fresh are unchanged up to 0.5; at 1 the article loses a citation and the
# reader runs for nearly every question (bench warm p50 44 ms against 11). 0.25: inside dev's
# plateau (0.15-0.5), at a lower cost than its top: bench warm p50 11.0 -> 11.7 ms on the
# article; on the public test split's longer documents 10 -> 46 ms, about half being close calls.
JUDGE_RANK_WEIGHT = 0.25
# How far down the ranking a sentence holding what the best one lacks (the kind of answer asked
# for, a title) may come from: the next LOOK_FURTHER - 1 after the best. On train / dev: 2 gives 0.665 /
# 0.689, 3 gives 0.666 / 0.693, 5 gives 0.669 / 0.695, 8 gives 0.670 / 0.695 (the article
# 0.967 for all); dev does not confirm 8.
LOOK_FURTHER = 5
# Words saying the thing asked about is not known ("timelines remain unannounced"). Such a
# sentence lends no number or date from the one before it ("She sold it for an undisclosed sum":
# "ten years" before it answers no "How much?"). It no longer answers a question asking for that
# thing either: "On what date will the exchange take place?" is refused, showing the sentence.
# Measured when that went: the article unchanged, fresh 0.592 -> 0.618 (two such questions),
# train unchanged, dev 0.7109 -> 0.7095 (one question answered by accident: "Where does Link
# depart from?" passed through "heading to parts unknown"). The list is the article's own
# wording and stays only for the lending above (removing it fails tests/test_context.py's bakery case).
ABSENCE_WORDS = frozenset("unannounced undisclosed unclear unknown refrained declined".split())

# -- Crediting paraphrased words (semantic.py) ----------------------------------------------
# A question word counts 0.75 as found when its single-word cosine to a sentence word is at
# least STRONG, 0.5 at least WEAK. First set on the article's vocabulary (synonyms 0.5-0.6,
# unrelated words 0.2-0.35). On the public data (STRONG/WEAK: train / dev): 0.45/0.38 0.667 /
# 0.695, 0.5/0.42 0.669 / 0.695, 0.55/0.45 0.669 / 0.693, 0.6/0.5 0.670 / 0.689 (the article
# 0.967 -> 0.945), no half credit (0.5/0.5) 0.670 / 0.691; no credit at all 0.672 / 0.679 (the
# article 0.934). Dev prefers the values set, so they stay.
STRONG = 0.5
WEAK = 0.42
STRONG_CREDIT = 0.75  # what a word at least STRONG from one of the sentence's counts as found

# -- What the reply shows (engine.py) -------------------------------------------------------
# Sentences an answer cites: the best, and one more for another of the question's names or the
# sentence it leans on. Hand-set.
MAX_CITATIONS = 2
# What a request for an overview ("What is this article about?") cites: a document's first three
# sentences (with several documents, see OVERVIEW_DOCUMENTS). The lead is the usual summary of
# a news story; its first three sentences are the standard baseline for summarising news
# (Lead-3: ROUGE-1 40.3 on CNN/Daily Mail, above the abstractive models of See et al. 2017).
OVERVIEW_SENTENCES = 3
# With several documents, the first sentence of each, up to this many. Hand-set: a reply of ten
# quotes still fits a screen of the web chat; with three, a new user's fourth document (their
# obituary, alphabetically last) was left out of "What are these documents about?".
OVERVIEW_DOCUMENTS = 10
# Shown under a refusal only when at least this close in meaning: a display choice (it does
# not change whether the engine answers). all-MiniLM-L6-v2 puts unrelated sentences below it.
RELATED_MIN = 0.3
# An unknown name this close to a name in the candidates ("American" ~ "US") is taken as a
# paraphrase, not as something the documents never mention. Hand-set from single-word cosines
# of the embedding model (country and demonym pairs 0.6-0.7, unrelated names below 0.4), and
# measured since (overall on train / dev / article): 0.5 gives 0.6731 / 0.6949 / 0.967, 0.6
# 0.6735 / 0.6964 / 0.967, 0.7 0.6724 / 0.6949 / 0.956, 0.8 0.6724 / 0.6978 / 0.945, and no
# paraphrase at all 0.6710 / 0.6978 / 0.945. Only dev leans higher, by two questions, while
# train and the article lose (one and two answerable article questions refused at 0.7 and 0.8):
# it stays. Its known cost: a nearby place passes too ("Oslo" for "Bergen"), and a yes/no
# question about it is then answered as if the documents named it.
NEAR_NAME = 0.6

# -- The short answer that opens a reply (shortanswer.py) -----------------------------------
# An answer this many characters from a question word counts half as close (answer_closeness).
# On train / dev: 10 gives 0.666 / 0.693, 20 gives 0.669 / 0.695, 40 gives 0.670 / 0.695; dev
# does not confirm train's 0.001 for 40, so it stays.
PROXIMITY_CHARS = 20
# The reply opens with its short answer when the opening gate (opening.py, fitted on the public
# train split) gives it at least this chance of being right: a wrong opening and none are taken
# to cost the same, so the even point needs no fitting. Dev and test figures: opening.json, README.
OPENING_KEEP = 0.5
# A negation turns a yes/no reading to "No" only this close (in tokens) to the question's words.
# Hand-set on the article; no public data holds yes/no questions to measure it on.
NEGATION_WINDOW = 5
# Lower-case words that belong to a name they stand next to ("Kremlin spokesperson Dmitry Peskov").
# No figure changed without them (article 0 / dev 0) before who-is questions were answered from
# the sentence giving the title; they now also decide whether a sentence gives one.
ROLE_WORDS = frozenset(
    "spokesperson spokesman spokeswoman president minister secretary official officials leader leaders chancellor "
    "ambassador envoy negotiator negotiators adviser advisor general prime foreign state region city".split()
)
# Words before a place. Not "to" or "from": "attributed to Russian drones" names no place.
# Only "in" and "at" instead costs article 0.044 / dev 0.001.
PLACE_LEAD = frozenset({"in", "at", "near", "including", "inside", "outside", "across"})
# Words that turn a yes/no reading to "No" or "Not yet". Hand-listed while the engine was
# tuned on the article ("refrained", "unannounced", "tentative", "underway" come from it); no
# public data holds yes/no questions to learn them from. Only the short "Yes"/"No"/"Not yet"
# that opens a reply depends on them, not which sentences are cited or whether to answer:
# keeping only "not no never none neither nor without n't", or dropping the plan words, moves no
# figure (0 / 0), but "Has the Kremlin commented?" would open "Yes" (tests/test_answers.py).
NEGATIONS = frozenset(
    "not no never none neither nor without refrained refuse refused refuses declined denied denies rejected rejecting "
    "rejects unannounced undisclosed unclear unknown failed skepticism n't".split()
)
PLAN_CUES = frozenset(
    "plan plans planned planning scheduled schedule will would tentative potential future aim aims intention intends "
    "intend preparations underway upcoming unannounced expected proposed possible could".split()
)

# -- Checking a generated answer (verify.py) ------------------------------------------------
# A claim's words must be found in what it cites: an idf-weighted share of at least WORDS_SURE,
# or WORDS_MIN with the claim as a whole at least MEANING_MIN close to a cited sentence. Hand-set
# on the article with a stand-in model; no generative model runs here to measure them on data.
WORDS_SURE = 0.7
WORDS_MIN = 0.45
MEANING_MIN = 0.55
