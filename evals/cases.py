"""Gold cases: reading and checking the JSONL file the suite runs on."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from assistant import InputError

DEFAULT_CASES = Path(__file__).with_name("cases.jsonl")
# Written blind from the article before the learned answer judge, and never edited since.
FRESH_CASES = Path(__file__).with_name("fresh.jsonl")
# Written blind (by someone who read only the article) before the e5 embedder and any later
# change to how answers are decided; scored as its own row and never edited.
HELDOUT_CASES = Path(__file__).with_name("heldout.jsonl")
# Written blind the same way, before the rules' ranking bonuses were set on the public splits and
# before sentences leaned on ("He scheduled ...") were cited; scored as its own row, never edited.
BLIND_CASES = Path(__file__).with_name("blind.jsonl")
# Written blind the same way (with who-is questions among them), before "Who is ...?" was answered
# from the sentence giving the title; scored as its own row, never edited.
BLIND2_CASES = Path(__file__).with_name("blind2.jsonl")
# Written blind the same way (18 yes/no questions, 15 near misses, follow-ups), before any change
# it was meant to measure; scored as its own row, never edited.
BLIND3_CASES = Path(__file__).with_name("blind3.jsonl")
# Written blind the same way (18 near misses, 10 yes/no questions), before the changes after
# ead4b7d; scored as its own row, never edited.
BLIND4_CASES = Path(__file__).with_name("blind4.jsonl")
# Written blind the same way (20 yes/no questions: confirmed, contradicted and never addressed;
# 15 near misses), before the changes after c945838; scored as its own row, never edited.
BLIND5_CASES = Path(__file__).with_name("blind5.jsonl")
# Written blind the same way (15 near misses, 12 paraphrases, 10 yes/no questions, follow-ups),
# before the changes after ad0ac71 (the first since blind5 to change how sentences are found).
BLIND6_CASES = Path(__file__).with_name("blind6.jsonl")
# Written blind the same way (18 near misses, 12 paraphrases, 10 yes/no questions, follow-ups),
# before the changes after c2b785b (near misses told from answers by data with answers withheld).
BLIND7_CASES = Path(__file__).with_name("blind7.jsonl")
BLIND8_CASES = Path(__file__).with_name("blind8.jsonl")
# Written blind the same way, mostly follow-ups (30 of 56: 8 whose pronoun is the last answer, 8
# whose pronoun is named in the last question), before follow-ups leaned on the last answer.
BLIND9_CASES = Path(__file__).with_name("blind9.jsonl")
# Written blind the same way (14 typed questions whose value often sits in another sentence than
# the one sharing the question's words, 16 near misses), before the changes after 7d6e34d.
BLIND10_CASES = Path(__file__).with_name("blind10.jsonl")
# Written blind the same way, with the same mix as blind10, before the changes after 42f58ef.
BLIND11_CASES = Path(__file__).with_name("blind11.jsonl")
# Written blind the same way, open-ended questions (8 asking for a summary, 10 "tell me about X",
# 10 of the same shapes about things the article never mentions, follow-ups, casual), at fcd990f,
# before overviews were answered. Read once when committed, to check the file.
BLIND12_CASES = Path(__file__).with_name("blind12.jsonl")
# Written blind by a helper on five documents of its own (a news story with a headline and byline,
# Markdown minutes, an obituary, a company update with two like-named products, a recipe), who saw
# no code or output, at 25f5388, before the changes after it: the only set not on the article.
DOCS13_CASES = Path(__file__).with_name("docs13.jsonl")
DOCS13_SEEDS = Path(__file__).with_name("docs13")
# Written blind the same way on five more documents (a newsletter, a court report, a museum leaflet,
# an annual report with a table, a family letter), at c2ef891, after docs13 had been read.
DOCS14_CASES = Path(__file__).with_name("docs14.jsonl")
DOCS14_SEEDS = Path(__file__).with_name("docs14")
# And five more (a cricket report, a product guide with lists, a planning decision notice, an
# interview transcript, a visitor guide), at 6110fe3, before the changes after it.
DOCS15_CASES = Path(__file__).with_name("docs15.jsonl")
DOCS15_SEEDS = Path(__file__).with_name("docs15")
# And five news stories (water-sharing talks, a court ruling, a takeover, a flood, a science
# finding), at e5a2fda, before the changes after it.
DOCS16_CASES = Path(__file__).with_name("docs16.jsonl")
DOCS16_SEEDS = Path(__file__).with_name("docs16")
# The sets scored beside the article's own cases, each as its own row: name -> (file, what it is).
EXTRA_SETS = {
    "fresh": (FRESH_CASES, "written before the engine change"),
    "heldout": (HELDOUT_CASES, "written blind before the e5 embedder"),
    "blind": (BLIND_CASES, "written blind before the rules were set on public data"),
    "blind2": (BLIND2_CASES, "written blind before who-is answers were sought by title"),
    "blind3": (BLIND3_CASES, "written blind, yes/no and follow-ups, before the changes after 8970b97"),
    "blind4": (BLIND4_CASES, "written blind, near misses and yes/no, before the changes after ead4b7d"),
    "blind5": (BLIND5_CASES, "written blind, yes/no and near misses, before the changes after c945838"),
    "blind6": (BLIND6_CASES, "written blind, near misses and paraphrases, before the changes after ad0ac71"),
    "blind7": (BLIND7_CASES, "written blind, near misses and paraphrases, before the changes after c2b785b"),
    "blind8": (BLIND8_CASES, "written blind, yes/no questions with the Yes or No to open with, at a99223b"),
    "blind9": (BLIND9_CASES, "written blind, follow-ups, before they leaned on the last answer, at c11bc3e"),
    "blind10": (BLIND10_CASES, "written blind, typed questions and near misses, at 7d6e34d"),
    "blind11": (BLIND11_CASES, "written blind, typed questions and near misses, at 42f58ef"),
    "blind12": (BLIND12_CASES, "written blind, open-ended questions and summaries, at fcd990f"),
}
# ...and those on documents of their own: name -> (file, documents folder, what it is).
DOCUMENT_SETS = {
    "docs13": (DOCS13_CASES, DOCS13_SEEDS, "written blind on five documents of the writer's own, at 25f5388"),
    "docs14": (DOCS14_CASES, DOCS14_SEEDS, "written blind on five more documents, at c2ef891"),
    "docs15": (DOCS15_CASES, DOCS15_SEEDS, "written blind on five more documents, at 6110fe3"),
    "docs16": (DOCS16_CASES, DOCS16_SEEDS, "written blind on five news stories, at e5a2fda"),
}


class CaseFileError(InputError):
    """A cases file that cannot be used; the message names the file and line. An InputError, so
    the command line says it in one line and exits 2, as for any bad input."""


@dataclass(frozen=True)
class Case:
    id: str
    category: str
    question: str
    answerable: bool
    facts: tuple[tuple[str, ...], ...] = ()  # every fact must appear; any phrasing of a fact will do
    support: tuple[str, ...] = ()  # gold sentence ids
    support_quotes: tuple[str, ...] = ()  # or: substrings of the gold sentences (for other corpora)
    history: tuple[dict[str, str], ...] = field(default=())
    # A yes/no question's answer, "Yes" or "No": the reply must open with it. Without it a "Yes"
    # quoting a sentence that says the opposite scored as right, its facts being in the quote.
    opens: str = ""


def load_cases(path: Path = DEFAULT_CASES) -> list[Case]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise CaseFileError(f"{path}: cannot be read ({error})") from None
    cases = []
    for number, line in enumerate(lines, 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            raw = json.loads(line)
            if not isinstance(raw.get("answerable", True), bool):
                raise ValueError("'answerable' must be true or false (a draft from feedback is not finished)")
            case = Case(
                id=str(raw.get("id") or f"line-{number}"),
                category=str(raw.get("category") or "other"),
                question=str(raw["question"]),
                answerable=bool(raw.get("answerable", True)),
                facts=tuple(tuple(str(p) for p in _as_list(f)) for f in raw.get("facts", [])),
                support=tuple(str(s) for s in raw.get("support", [])),
                support_quotes=tuple(str(s) for s in raw.get("support_quotes", [])),
                history=tuple({"role": str(m["role"]), "content": str(m["content"])} for m in raw.get("history", [])),
                opens=_opens(raw.get("opens")),
            )
        except (ValueError, KeyError, TypeError, AttributeError) as error:
            raise CaseFileError(f"{path}:{number}: not a valid case ({type(error).__name__}: {error})") from None
        if case.answerable and not (case.support or case.support_quotes):
            raise CaseFileError(f"{path}:{number}: an answerable case needs 'support' or 'support_quotes'")
        cases.append(case)
    if not cases:
        raise CaseFileError(f"{path}: no cases")
    return cases


def _opens(value: object) -> str:
    if value is None:
        return ""
    if value not in ("Yes", "No"):
        raise ValueError(f'\'opens\' must be "Yes" or "No", not {value!r}')
    return str(value)


def _as_list(value: object) -> list[object]:
    return list(value) if isinstance(value, (list, tuple)) else [value]
