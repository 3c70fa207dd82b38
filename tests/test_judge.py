"""The learned judge: its weights load offline from the package, and it reads text it was not fitted to."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import numpy as np

from assistant.judge import FEATURES, JUDGE_WEIGHTS, QUESTION_FEATURES, READER_WEIGHTS, JudgeWeights

from .conftest import ROOT, make_settings

LIBRARY = (
    "The city library opened in 1887 on Harbour Street.\n"
    "Margaret Ellison, its first librarian, bought 4,200 books from a bookseller in Lisbon.\n"
    "She ran it for thirty years.\n"
    "A fire in 1923 destroyed the east wing, which was rebuilt with money from the town council.\n"
)


def test_weights_ship_inside_the_package_within_the_size_budget() -> None:
    assert READER_WEIGHTS.parent.parent.name == "assistant"
    assert READER_WEIGHTS.stat().st_size + JUDGE_WEIGHTS.stat().st_size < 25 * 1024 * 1024
    weights = JudgeWeights.load()
    assert weights.sentence.features == FEATURES and weights.question.features == QUESTION_FEATURES
    assert 0.0 < weights.threshold < 1.0
    evidence = json.loads(JUDGE_WEIGHTS.read_text(encoding="utf-8"))["evidence"]
    assert "SQuAD 2.0" in evidence["data"] and evidence["dev_questions"] > 100


def test_the_reader_loads_offline_in_a_fresh_process() -> None:
    script = (
        "from assistant.judge import load_reader\n"
        "r = load_reader()\n"
        "s = r.scores('Who ran the library?', ['Margaret Ellison ran the library for thirty years.',"
        " 'The east wing burned down in 1923.'])\n"
        "print(s[0] > s[1])\n"
    )
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "HF_HOME": "/nonexistent"}
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, cwd=ROOT, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "True"


def test_answers_and_refusals_on_a_document_it_was_not_fitted_to(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from assistant import Assistant

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "library.txt").write_text(LIBRARY, encoding="utf-8")
    library = Assistant(make_settings(seeds, tmp_path / "store", judge="learned"))

    books = library.answer("How many books did the first librarian buy?")
    assert books.answered and "4,200" in books.text
    assert books.citations[0].text.startswith("Margaret Ellison")

    fire = library.search("When did the fire happen?", k=2)
    assert fire[0].text.startswith("A fire in 1923")

    mayor = library.answer("What did Mayor Dubois say at the reopening?")
    assert not mayor.answered and "Dubois" in mayor.text


def test_choosing_the_judge_from_the_environment() -> None:
    import pytest

    from assistant import Settings
    from index import ConfigError

    assert Settings.from_env({}).judge == "rules"
    assert Settings.from_env({"ASSISTANT_JUDGE": "Learned"}).judge == "learned"
    with pytest.raises(ConfigError, match="ASSISTANT_JUDGE must be one of rules, learned"):
        Settings.from_env({"ASSISTANT_JUDGE": "oracle"})


def test_the_cli_answers_with_the_learned_judge(article_seeds, tmp_path) -> None:  # type: ignore[no-untyped-def]
    env = {
        **os.environ,
        "ASSISTANT_SEEDS_DIR": str(article_seeds),
        "ASSISTANT_STORE_DIR": str(tmp_path / "store"),
        "ASSISTANT_JUDGE": "learned",
    }
    assistant = os.path.join(os.path.dirname(sys.executable), "assistant")
    done = subprocess.run(
        [assistant, "ask", "Who is the Kremlin spokesperson?", "--json"], capture_output=True, text=True, env=env
    )
    assert done.returncode == 0, done.stderr
    payload = json.loads(done.stdout)
    assert payload["answered"] and "Peskov" in payload["text"]
    assert any(note.startswith("judge ") for note in payload["notes"])


def test_the_int8_onnx_reader_ranks_as_the_transformers_reader_does() -> None:
    import torch
    from transformers import AutoTokenizer

    from assistant.judge import READER_MAX_LENGTH, load_reader, torch_reader
    from index.embeddings import model_path

    question = "Who ran the library for thirty years?"
    passages = [s.strip() + "." for s in LIBRARY.split(".") if s.strip()] + ["word " * 300]
    ours = load_reader().scores(question, passages)
    tokens = AutoTokenizer.from_pretrained(model_path())(
        [question] * len(passages),
        passages,
        padding=True,
        truncation="longest_first",  # as CrossEncoder truncated in training
        max_length=READER_MAX_LENGTH,
        return_tensors="pt",
    )
    with torch.inference_mode():
        reference = torch_reader()(**tokens).logits[:, 0].tolist()
    # int8 weights move logits a little (on dev pairs: mean 0.025, at most 0.67), not the order.
    assert max(abs(a - b) for a, b in zip(ours, reference, strict=True)) < 0.7
    assert (
        sorted(range(len(ours)), key=lambda i: -ours[i])[:3]
        == sorted(range(len(reference)), key=lambda i: -reference[i])[:3]
    )
    assert np.corrcoef(ours, reference)[0, 1] > 0.99


def test_a_question_longer_than_the_reader_reads_is_still_answered(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from assistant import Assistant

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "library.txt").write_text(LIBRARY, encoding="utf-8")
    library = Assistant(make_settings(seeds, tmp_path / "store", judge="learned"))
    long = "Please tell me, " + "with all the details you can find, " * 30 + "who ran the library?"
    result = library.answer(long)  # over 128 word pieces before any sentence is paired with it
    assert result.text


def test_the_rules_settle_a_close_call_with_the_judge(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Where two sentences rank within JUDGE_RANK_WEIGHT of each other, the one the reader
    (question and sentence read together) finds the answer in goes first. These questions, from
    the public dev split's earthquake article, were each answered from the wrong sentence
    before: "three minutes", "November 6, 2008", "Wednesday" and a bare quote about pandas."""
    from assistant import Assistant
    from assistant.judge import reader_export
    from evals.squad import write_split

    reader_export().ensure()  # as `make setup` does: without the reader, close calls stay as ranked
    write_split("dev", tmp_path / "split")
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    name = "2008_Sichuan_earthquake.txt"
    (seeds / name).write_text((tmp_path / "split" / name).read_text(encoding="utf-8"), encoding="utf-8")
    assistant = Assistant(make_settings(seeds, tmp_path / "store", judge="rules"))
    expected = {
        "How long did the main tremor last?": "2 minutes",
        "At what date did the most recent aftershock above 6 MS occur?": "August 5, 2008",
        "How many pandas live at the Reserve?": "280",
        "When did a rescue team depart?": "May 16",
    }
    for question, answer in expected.items():
        result = assistant.answer(question)
        assert result.answered and result.short.startswith(answer), (question, result.text[:80])


def test_a_failing_judge_costs_no_answer(assistant, caplog) -> None:  # type: ignore[no-untyped-def]
    """The rules ask the reader on close calls and weak support; if it fails (a broken export,
    say), every question still gets an answer or a refusal, the failure is logged once, and the
    reader is not asked again."""
    from assistant.engine import ExtractiveEngine
    from assistant.judge import Judge, reader_export
    from assistant.rules import RuleJudge

    reader_export().ensure()  # as `make setup` does: without it the rules never ask the reader

    class Broken:
        calls = 0

        def scores(self, question: str, passages: list[str]) -> list[float]:
            Broken.calls += 1
            raise RuntimeError("the reader's graph cannot be read")

    broken = assistant.with_engine(ExtractiveEngine(RuleJudge(Judge(reader=Broken()))))  # type: ignore[arg-type]
    questions = [
        "How long did the talks in Turkiye last?",
        "Who is Peskov?",
        "What did Zelensky call for after the attack in Sumy?",
        "Where might future talks be held?",
        "How did the markets react to the talks?",
    ]
    for question in questions:
        result = broken.answer(question)
        assert result.text  # an answer or a refusal, never an exception
    assert Broken.calls == 1  # asked once (three of these reach it), then left alone
    assert "one hour and 40 minutes" in broken.answer(questions[0]).text
    assert sum("judge failed" in r.getMessage() for r in caplog.records) == 1
