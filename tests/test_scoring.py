"""The eval's scoring functions on hand-made predictions, each metric shown failing too."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from evals.cases import Case, CaseFileError, load_cases
from evals.runner import check
from evals.scoring import Prediction, by_category, fact_present, is_correct, normalize, opening_is_right, score

ANSWERABLE = Case("a1", "factual", "How many?", True, facts=(("1,000", "one thousand"),), support=("doc#11",))
TWO_FACTS = Case("a2", "factual", "Who and where?", True, facts=(("Trump",), ("Monday",)), support=("doc#2", "doc#7"))
REFUSE = Case("u1", "unanswerable", "Capital of France?", False)
CASES = [ANSWERABLE, TWO_FACTS, REFUSE]


def p(case_id: str, answered: bool, text: str, cited=(), ranking=(), seconds=0.0) -> Prediction:
    return Prediction(case_id, answered, text, tuple(cited), tuple(ranking), seconds)


def test_normalize_folds_quotes_dashes_case_and_space() -> None:
    assert normalize("The ‘Bloodbath’ —  “Talks”\n") == "the 'bloodbath' - \"talks\""


def test_fact_needs_whole_words() -> None:
    assert fact_present("They exchange 1,000 prisoners.", ["1000", "1,000"])
    assert not fact_present("No answer is known.", ["know"])
    assert not fact_present("It is not over.", ["no"])
    assert fact_present("NO, it has not.", ["no"])


def test_a_perfect_system_scores_one() -> None:
    predictions = [
        p("a1", True, "1,000 prisoners", ["doc#11"], ["doc#11", "doc#3"], 0.010),
        p("a2", True, "Trump, on Monday", ["doc#2"], ["doc#2", "doc#7"], 0.030),
        p("u1", False, "The article doesn't say.", [], ["doc#1"], 0.020),
    ]
    metrics = score(CASES, predictions)
    for name in (
        "answer_accuracy",
        "citation_precision",
        "citation_recall",
        "abstention_accuracy",
        "recall_at_1",
        "recall_at_5",
        "mrr",
    ):
        assert metrics[name] == 1.0, name
    assert metrics["false_refusal_rate"] == 0.0
    assert metrics["latency_p50_ms"] == pytest.approx(20.0)
    assert by_category(CASES, predictions) == {"factual": 1.0, "unanswerable": 1.0}


def test_each_metric_can_fail() -> None:
    predictions = [
        # refused an answerable case, though retrieval had it second
        p("a1", False, "The article doesn't say.", [], ["doc#5", "doc#11"]),
        # answered with one fact missing, citing one right and one wrong sentence; gold absent from ranking
        p("a2", True, "Trump will call.", ["doc#2", "doc#9"], ["doc#9", "doc#8", "doc#6", "doc#5", "doc#4", "doc#2"]),
        # answered what should be refused
        p("u1", True, "Canberra.", ["doc#1"], ["doc#1"]),
    ]
    metrics = score(CASES, predictions)
    assert metrics["answer_accuracy"] == 0.0
    assert metrics["citation_precision"] == 0.5
    assert metrics["citation_recall"] == 0.5
    assert metrics["abstention_accuracy"] == 0.0
    assert metrics["false_refusal_rate"] == 0.5
    assert metrics["recall_at_1"] == 0.0
    assert metrics["recall_at_3"] == 0.5 and metrics["recall_at_5"] == 0.5
    assert metrics["mrr"] == pytest.approx((1 / 2 + 1 / 6) / 2)  # gold sixth in a2's ranking


def test_check_reports_metrics_past_their_thresholds() -> None:
    report = {"systems": {"ours": {"answer_accuracy": 0.5, "false_refusal_rate": 0.2, "mrr": 0.95}}}
    problems = check(report, {"answer_accuracy": 0.9, "false_refusal_rate": 0.1, "mrr": 0.9})
    assert len(problems) == 2
    assert "answer_accuracy = 0.500 is below" in problems[0] and "above" in problems[1]


def test_case_file_errors_name_the_line(tmp_path: Path) -> None:
    path = tmp_path / "cases.jsonl"
    path.write_text(json.dumps({"question": "Q?", "answerable": True, "facts": [["x"]]}) + "\n", encoding="utf-8")
    with pytest.raises(CaseFileError, match=r"cases.jsonl:1: an answerable case needs"):
        load_cases(path)
    path.write_text("{not json\n", encoding="utf-8")
    with pytest.raises(CaseFileError, match=r":1: not a valid case"):
        load_cases(path)


def test_shipped_cases_cover_every_sentence_and_category() -> None:
    cases = load_cases()
    assert len(cases) >= 80
    supported = {int(s.rsplit("#", 1)[1]) for c in cases for s in c.support}
    assert supported == set(range(1, 16))
    assert {"factual", "paraphrase", "followup", "unanswerable", "typo"} <= {c.category for c in cases}
    assert sum(not c.answerable for c in cases) >= 15


# Each blind set must never change once committed: these hashes are of the commits that added
# them. Editing a question to suit the engine fails here.
WRITTEN = {
    # b0701cd, before the learned judge
    "fresh": "83006fe6bb9d2855c433c17ede4fc388ba1b706d7535a955f6ecd8e69f10a602",
    # 5eb04eb, before the e5 embedder
    "heldout": "76988aefabc604c91b46f70d9016a40af992dada0722b090f01a1d39efe62807",
    # 9ceb439, before person answers needed a name
    "blind": "2d3767e1d4763186d0eb2b6521e965a242fc3e2a721fa1a06b6d814f8838110a",
    # before "Who is ...?" was answered from the sentence giving the title
    "blind2": "cf83a167e895dee5f410f0c7d3f01c989f8501922913a766f6452a00fbff32c4",
    # d30f2d4, yes/no questions and follow-ups, before the changes after 8970b97
    "blind3": "808d148bcedaa525b1a17f69a841e7676bbe851ddc1078b2688f3177a78ca22a",
    # 00c5f5d, near misses and yes/no questions, before the changes after ead4b7d
    "blind4": "f1e06118f06979e38a1a595dda8fbcbbf2c3a2411a287bccf3519e24c745bb8f",
    # d0840d6, yes/no questions (7 of them never addressed) and near misses, before the changes after c945838
    "blind5": "524ffb8497c87adc2f22d976ffcbbfa4f2a9528956d31936b5378debc261ca94",
    # ad0ac71, near misses, paraphrases and yes/no questions, before the changes after it
    "blind6": "a0f7b5b0b08cc06cd3decbee1d537a696556691a013fb857d9279eb1b788c1df",
    # c2b785b, near misses, paraphrases and yes/no questions, before the changes after it
    "blind7": "51a2c020fe920e0f916e15d1f10a9078a5fead0a1e163e325cc236ed0d6d8a7d",
    # a99223b, yes/no questions with the Yes or No a reply must open with, before the changes after it
    "blind8": "caddfcc28df199ef8af3ad154714fa8cc72d0e9a0a4d4c8241d5921deee1578f",
    # c11bc3e, follow-ups (30 of 56), before they leaned on the last answer
    "blind9": "2c3c09c2e10f8a212d9c1ea746f395c66d7a1e17e0f295f32000b372ab390952",
    # 7d6e34d, typed questions (value often in another sentence) and near misses, before the changes after it
    "blind10": "0a1b64f94511ba1112da252e604e34da1e2d414fd2d765988d1c932f1d0b95b4",
    # 42f58ef, the same mix as blind10, before the changes after it
    "blind11": "dce42934112ba795bebaad6f2db6efb87c23fa5983892a6ed97029bd7a93a38d",
    # fcd990f, open-ended questions (summaries, "tell me about X"), before overviews were answered
    "blind12": "f879b37aad844fd203afe2fb665900edbf1d568e5105fc72096b7b5f2fcbeeb8",
}


@pytest.mark.parametrize("name", sorted(WRITTEN))
def test_blind_sets_are_unchanged_since_they_were_written(name: str) -> None:
    import hashlib

    from evals.cases import EXTRA_SETS

    path, _ = EXTRA_SETS[name]
    assert hashlib.sha256(path.read_bytes()).hexdigest() == WRITTEN[name]
    cases = load_cases(path)
    assert set(EXTRA_SETS) == set(WRITTEN)
    if name == "blind12":
        # Asked for 44 open-ended questions: 8 summaries, 10 "tell me about X", 10 of those shapes
        # about what the article never mentions, 8 follow-ups and 8 casual ones.
        assert len(cases) == 44
        counts = {c: sum(case.category == c for case in cases) for c in ("summary", "topic", "open-near-miss")}
        assert counts == {"summary": 8, "topic": 10, "open-near-miss": 10}
        assert all(not c.answerable for c in cases if c.category == "open-near-miss")
        assert {"followup", "casual"} <= {c.category for c in cases}
        return
    # blind9 was asked for 56, mostly follow-ups (6 of them unanswerable), with no questions
    # needing the sentence before ("context") besides them.
    follow_ups = name == "blind9"
    assert len(cases) >= (56 if follow_ups else 60)
    # Near misses and false premises; blind10 was asked for 16 and 2 (its typed questions beside them).
    assert sum(not c.answerable for c in cases) >= (18 if follow_ups or name == "blind10" else 20)
    # At least 20 near misses, as issue 12 asked of the fresh set; blind2 to blind6 were asked for
    # fewer, with their who-is, yes/no or paraphrase questions beside them.
    asked = {
        "blind2": 15,
        "blind3": 15,
        "blind4": 18,
        "blind5": 15,
        "blind6": 15,
        "blind7": 18,
        "blind8": 12,
        "blind9": 10,
        "blind10": 16,
        "blind11": 16,
    }.get(name, 20)
    assert sum(c.category == "near-miss" for c in cases) >= asked
    categories = {c.category for c in cases}
    # blind10 and blind11 were asked for typed questions (a day, a number, a name) in place of "context" ones.
    leaning = {"typed"} if name in ("blind10", "blind11") else {"context"} if not follow_ups else set()
    assert {"paraphrase", "followup", "near-miss"} | leaning <= categories
    if follow_ups:
        assert sum(c.category == "followup" for c in cases) >= 30
    # blind5's to blind11's false premises are their yes/no questions the article never addresses.
    yes_no = ("blind5", "blind6", "blind7", "blind8", "blind9", "blind10", "blind11")
    premises = ("false-premise", "yesno") if name in yes_no else ("false-premise",)
    assert any(c.category in premises and not c.answerable for c in cases)


# Sets on documents of their own: the cases file and the documents, as written, by sha256.
WRITTEN_ELSEWHERE = {
    # 25f5388, five documents of the writer's own and 70 questions on them
    "docs13": (
        "16e8cb4cd22137956f1f6e93af0c167092ce74d8213e45c153b185cf7ce3b495",
        {
            "allotment_minutes.md",
            "aurora_update.md",
            "edith_marlowe.txt",
            "millbrook_baths.txt",
            "soda_bread.txt",
        },
        "7bf5c62e7cb98bd75da4e0733ebd1b864d2c3d90fc121f598e64937f2276609c",
    ),
    # c2ef891, five more documents and 70 questions, 4 answered from a table row or list item
    "docs14": (
        "7a84920748a988d3f00f8f378095baa90336784e3a19ae843af1c462ab33a590",
        {
            "bakery_court_report.txt",
            "harbourside_museum_leaflet.txt",
            "larkfield_newsletter.md",
            "letter_to_aunt_rosalind.txt",
            "millbrook_annual_report_2023.md",
        },
        "91bb130c441dbbd64380d970bd951e1a1d81666020fbc7f3bb159f510f9c33a8",
    ),
    # 6110fe3, five more documents and 70 questions, 4 answered from a list item
    "docs15": (
        "a5418051b4811b0718681e0bf459d6f9306b1ca0e0636657188058557403b0ef",
        {
            "inchmorra_visitor_guide.md",
            "lumo_bike_light_guide.md",
            "match_report.txt",
            "mend_shed_interview.txt",
            "saltmere_decision_notice.txt",
        },
        "f2bf849e133cf8af07524610151671bd17d44730bf61b83ef16f35db1b10f65b",
    ),
    # e5a2fda, five news stories and 70 questions, 4 answered from a list item
    "docs16": (
        "1fa4e9f9c7cd2560204e48efa0f64e24ca53bf6c787c56aadfdfbefab0d80527",
        {
            "kelsford_flood.md",
            "linden_house_ruling.md",
            "norwood_calverton_takeover.txt",
            "seagrass_carbon_study.txt",
            "selvan_river_talks.txt",
        },
        "a6770d7169b71fb969c1ae95dd47b6e41fc9bc6a40e9634695f077801f17af82",
    ),
}


@pytest.mark.parametrize("name", sorted(WRITTEN_ELSEWHERE))
def test_sets_on_other_documents_are_unchanged_and_quote_them(name: str) -> None:
    import hashlib

    from evals.cases import DOCUMENT_SETS

    assert set(DOCUMENT_SETS) == set(WRITTEN_ELSEWHERE)
    path, folder, _ = DOCUMENT_SETS[name]
    cases_hash, files, documents_hash = WRITTEN_ELSEWHERE[name]
    assert hashlib.sha256(path.read_bytes()).hexdigest() == cases_hash
    assert {p.name for p in folder.iterdir()} == files
    texts = [p.read_bytes() for p in sorted(folder.iterdir())]
    assert hashlib.sha256(b"".join(texts)).hexdigest() == documents_hash
    cases = load_cases(path)
    # Asked for: 10 facts, 10 paraphrases, 6 leaning on the sentence before, 12 yes/no (5 Yes, 7
    # No), 20 near misses, 8 follow-ups (2 unanswerable), 4 answered in a title and the body.
    # docs14 was asked for 4 from a table row or list item in place of the titles, docs15 and
    # docs16 for 4 from a list item; docs16 for 6 Yes and 6 No, and follow-ups all answerable.
    last = {"docs14": "table", "docs15": "list", "docs16": "list"}.get(name, "title")
    asked = {"fact": 10, "paraphrase": 10, "context": 6, "yesno": 12, "near-miss": 20, "followup": 8, last: 4}
    assert {c: sum(case.category == c for case in cases) for c in asked} == asked
    yes, no, unanswered_followups = (6, 6, 0) if name == "docs16" else (5, 7, 2)
    assert sum(c.opens == "No" for c in cases) == no and sum(c.opens == "Yes" for c in cases) == yes
    assert all(not c.answerable for c in cases if c.category == "near-miss")
    assert sum(not c.answerable for c in cases if c.category == "followup") == unanswered_followups
    # Every gold quote is in one of the documents, byte for byte.
    joined = "\n".join(t.decode("utf-8") for t in texts)
    assert all(quote in joined for c in cases for quote in c.support_quotes)


def test_strict_accuracy_needs_a_gold_citation_and_overall_does_not() -> None:
    cases = [
        Case("a", "x", "Q?", True, facts=(("yes",),), support=("doc#1",)),
        Case("b", "x", "Q?", False),
    ]
    predictions = [Prediction("a", True, "yes", ("doc#2",), ()), Prediction("b", False, "no idea", (), ())]
    figures = score(cases, predictions)
    assert figures["overall"] == 1.0
    assert figures["strict_accuracy"] == 0.5


def test_public_splits_are_disjoint_and_hold_unanswerable_questions(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from evals.squad import SPLITS, write_split

    seen: dict[str, set[str]] = {}
    texts: dict[str, set[str]] = {}
    for split in SPLITS:
        folder = tmp_path / split
        questions = write_split(split, folder)
        seen[split] = {q.id for q in questions}
        texts[split] = {p for f in folder.iterdir() for p in f.read_text(encoding="utf-8").split("\n\n")}
        assert sum(not q.answers for q in questions) >= 30, split
        for q in questions[:200]:
            if q.answers:  # the offset points at the answer in the written file
                text = (folder / q.source).read_text(encoding="utf-8")
                assert text[q.offset : q.offset + len(q.answers[0])] == q.answers[0]
    assert not (seen["train"] & seen["dev"]) and not (seen["train"] & seen["test"]) and not (seen["dev"] & seen["test"])
    assert not (texts["train"] & texts["test"]) and not (texts["dev"] & texts["test"])


def test_a_withheld_answer_leaves_its_sentence_without_it(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import json

    from evals.squad import withhold, write_split

    text = "The bridge opened in 1932, after a storm. It was built by the Navy."
    at = text.index("1932")
    assert withhold(text, at, at + 4) == "The bridge opened, after a storm. It was built by the Navy."
    at = text.index("the Navy")
    assert withhold(text, at, at + 8) == "The bridge opened in 1932, after a storm. It was built."
    for before, after in (
        ("In 1932, it opened.", "It opened."),
        ("It rained. In 1932 it opened.", "It rained. It opened."),
    ):
        at = before.index("1932")
        assert withhold(before, at, at + 4) == after

    # Two paragraphs: the first question of each whose answer can go loses it from the text; a
    # question whose answer is said again elsewhere in its document is not asked.
    def qa(q: str, answer: str, context: str) -> dict[str, object]:
        start = context.index(answer)
        return {"id": q, "question": q, "is_impossible": False, "answers": [{"text": answer, "answer_start": start}]}

    first = "Mara Lind founded the mill in 1871. The mill burned in 1902."
    second = "The mill was rebuilt by Mara Lind in brick."
    data = {
        "data": [
            {
                "title": "Mill",
                "paragraphs": [
                    {"context": first, "qas": [qa("When was it founded?", "1871", first), qa("When?", "1902", first)]},
                    {"context": second, "qas": [qa("Who rebuilt it?", "Mara Lind", second)]},
                ],
            }
        ]
    }
    path = tmp_path / "data.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    asked = {
        split: write_split(split, tmp_path / split, data=path, withheld=True) for split in ("train", "dev", "test")
    }
    questions = [q for split in asked.values() for q in split]
    assert [q.question for q in questions] == ["When was it founded?"]
    assert not questions[0].answers
    written = next(p for split in asked for p in (tmp_path / split).glob("*.txt") if asked[split])
    assert written.read_text(encoding="utf-8") == (
        "Mara Lind founded the mill. The mill burned in 1902.\n\nThe mill was rebuilt in brick.\n"
    )


def test_withheld_without_a_public_split_is_a_one_line_error() -> None:
    import subprocess
    import sys

    from .conftest import ROOT

    done = subprocess.run(
        [sys.executable, "-m", "assistant.cli", "eval", "--withheld"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        "error: --withheld needs --public SPLIT (it is made from a split of the public data)"
    ]


def test_an_opening_is_right_when_it_states_or_is_part_of_a_gold_phrasing() -> None:
    case = Case("a", "x", "Who?", True, facts=(("senior Ukrainian official",), ("Rubio",)), support=("doc#1",))
    other = Case("b", "x", "Who?", True, facts=(("Rubio",),), support=("doc#1",))
    predictions = [
        Prediction("a", True, "Ukrainian official.\n\n“...”", ("doc#1",), (), opening="Ukrainian official"),
        Prediction("b", True, "Lavrov.\n\n“... Rubio ...”", ("doc#1",), (), opening="Lavrov"),
    ]
    metrics = score([case, other], predictions)
    assert metrics["openings"] == 1.0
    assert metrics["opening_accuracy"] == 0.5  # "Lavrov" is not Rubio, though the quote names him
    assert opening_is_right(other, Prediction("b", True, "", (), (), opening="US Secretary of State Marco Rubio"))
    assert not opening_is_right(case, Prediction("a", True, "", (), (), opening="official Peskov"))


def test_a_yes_or_no_opening_is_judged_only_where_the_facts_say_yes_or_no() -> None:
    says = Case("a", "x", "Did it?", True, facts=(("no", "refrained"),), support=("doc#1",))
    silent = Case("b", "x", "Was it over an hour?", True, facts=(("one hour and 40 minutes",),), support=("doc#1",))
    predictions = [
        Prediction("a", True, "Yes.\n\n“...”", ("doc#1",), (), opening="Yes"),
        Prediction("b", True, "Yes.\n\n“... one hour and 40 minutes ...”", ("doc#1",), (), opening="Yes"),
    ]
    metrics = score([says, silent], predictions)
    assert metrics["openings"] == 0.5 and metrics["opening_accuracy"] == 0.0


def test_a_share_of_no_cases_is_shown_as_not_applicable() -> None:
    """A sample of five answerable questions showed abstention 0.000, which reads as failing."""
    from evals.runner import table

    ours = {"answer_accuracy": 0.8, "abstention_accuracy": 0.0, "cases": 5.0, "answerable": 5.0, "unanswerable": 0.0}
    report = {"systems": {"ours": ours}, "categories": {"ours": {}}, "failures": []}
    rows = {line.split()[0]: line.split()[1:] for line in table(report).splitlines() if line.strip()}
    assert rows["abstention_accuracy"] == ["n/a"] and rows["answer_accuracy"] == ["0.800"]


def test_a_yes_no_case_that_says_how_to_open_is_wrong_when_the_reply_opens_otherwise() -> None:
    """ "Does Rubio trust Russia?" answered "Yes." over the skepticism sentence scored as right:
    its fact ("skepticism") was in the quote. A case may now say the reply must open "No"."""

    case = Case("a", "yesno", "Does Rubio trust Russia?", True, (("skepticism",),), ("doc#15",), opens="No")
    quote = "“Rubio ... expressed skepticism regarding the sincerity of Russian commitments.” [1]"
    wrong = Prediction("a", True, f"Yes.\n\n{quote}", ("doc#15",), (), opening="Yes")
    right = Prediction("a", True, f"No.\n\n{quote}", ("doc#15",), (), opening="No")
    later = Prediction("a", True, f"Not yet.\n\n{quote}", ("doc#15",), (), opening="Not yet")
    assert [is_correct(case, p) for p in (wrong, right, later)] == [False, True, True]
    assert not is_correct(Case("b", "yesno", "Q?", True, (("x",),), ("d#1",), opens="Yes"), later)
    assert is_correct(Case("c", "other", "Q?", True, (("skepticism",),), ("doc#15",)), wrong)  # no opens: as before
    # A generated answer has no short answer of its own: its first words are read.
    written = Prediction("a", True, f"No, he expressed skepticism [1].\n\n{quote}", ("doc#15",), ())
    assert is_correct(case, written) and not is_correct(case, wrong)


def test_opens_is_yes_or_no(tmp_path: Path) -> None:
    path = tmp_path / "cases.jsonl"
    path.write_text('{"question": "Q?", "facts": [["x"]], "support": ["d#1"], "opens": "Maybe"}\n', encoding="utf-8")
    with pytest.raises(CaseFileError, match="'opens' must be"):
        load_cases(path)
