"""The generative engine over real HTTP: LangChain's ChatOpenAI against a scripted
OpenAI-compatible stub server on loopback, through the Python API, the CLI and the eval command."""

from __future__ import annotations

import json
from dataclasses import replace

from assistant import Assistant

from .openai_stub import stub_server
from .test_answers import check_integrity, cited_numbers

TALKS = "How long did the talks in Turkiye last?"
KEY = "sk-test-not-a-real-key"


def llm_assistant(assistant: Assistant, url: str, **changes: object) -> Assistant:
    settings = replace(
        assistant.settings,
        engine="llm",
        llm_base_url=url,
        llm_model="stub-model",
        llm_api_key=KEY,
        auto_index=False,
        **changes,  # type: ignore[arg-type]
    )
    return Assistant(settings)


def test_a_streamed_reply_is_verified_and_cited(assistant) -> None:  # type: ignore[no-untyped-def]
    reply = (
        "The talks in Turkiye lasted one hour and 40 minutes [1]. "
        "Russia agreed to withdraw from Crimea [1]. "
        "Both sides tentatively agreed to exchange 1,000 prisoners of war. [1]"
    )
    with stub_server([reply]) as stub:
        updates = list(llm_assistant(assistant, stub.url).answer_stream(TALKS))
    result = updates[-1]
    assert result.engine == "llm" and result.answered
    assert result.text == (
        "The talks in Turkiye lasted one hour and 40 minutes [1]. "
        "Both sides tentatively agreed to exchange 1,000 prisoners of war [1]."
    )
    assert cited_numbers(result) == [11] and "1 sentence of the generated answer was removed" in result.notice
    assert any("Crimea" in note for note in result.notes)
    assert len(updates) >= 2 and updates[0].text.startswith("The talks in Turkiye lasted")
    check_integrity(result)
    request = stub.requests[0]
    assert request["model"] == "stub-model" and request["stream"] is True and request["temperature"] == 0
    assert request["messages"][0]["role"] == "system"
    assert "[1] The recent talks in Turkiye lasted one hour and 40 minutes" in request["messages"][-1]["content"]
    headers = {k.lower(): v for k, v in stub.headers[0].items()}
    assert headers["authorization"] == f"Bearer {KEY}"


def test_a_server_error_falls_back_and_never_shows_the_key(assistant) -> None:  # type: ignore[no-untyped-def]
    with stub_server([{"status": 500}]) as stub:
        result = llm_assistant(assistant, stub.url).answer(TALKS)
    assert result.engine == "extractive" and "one hour and 40 minutes" in result.text
    assert result.notice.startswith(f"The model server at {stub.url} failed") and "\n" not in result.notice
    assert KEY not in json.dumps(result.to_dict())


def test_an_unreachable_server_falls_back(assistant) -> None:  # type: ignore[no-untyped-def]
    from evals.local import free_port

    result = llm_assistant(assistant, f"http://127.0.0.1:{free_port()}/v1").answer(TALKS)
    assert result.engine == "extractive" and result.answered
    assert "failed" in result.notice and "quotes the article directly" in result.notice


def test_a_slow_server_falls_back_at_the_timeout(assistant) -> None:  # type: ignore[no-untyped-def]
    with stub_server([{"delay": 4, "text": "The talks lasted one hour and 40 minutes [1]."}]) as stub:
        result = llm_assistant(assistant, stub.url, llm_timeout=1.0).answer(TALKS)
    assert result.engine == "extractive" and "did not answer within 1 s" in result.notice


def test_ask_command_uses_the_configured_model(article_seeds, tmp_path, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    from assistant.cli import main

    with stub_server() as stub:  # quotes the first sentence it is given, cited [1]
        for name, value in {
            "SEEDS_DIR": str(article_seeds),
            "STORE_DIR": str(tmp_path / "store"),
            "ENGINE": "llm",
            "LLM_BASE_URL": stub.url,
            "LLM_MODEL": "stub-model",
        }.items():
            monkeypatch.setenv(f"ASSISTANT_{name}", value)
        assert main(["ask", "--json", TALKS]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["engine"] == "llm" and out["answered"] and out["text"].endswith("[1].")
    assert "one hour and 40 minutes" in out["citations"][0]["text"]


def test_eval_runs_the_suite_with_the_generative_engine(article_seeds, tmp_path, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    from assistant.cli import main

    cases = tmp_path / "cases.jsonl"
    cases.write_text(
        "\n".join(
            json.dumps(c)
            for c in [
                {
                    "id": "t1",
                    "category": "factual",
                    "question": TALKS,
                    "facts": [["one hour and 40 minutes"]],
                    "support_quotes": ["one hour and 40 minutes"],
                },
                {
                    "id": "t2",
                    "category": "unanswerable",
                    "question": "How many civilians died in Sumy?",
                    "answerable": False,
                },
            ]
        ),
        encoding="utf-8",
    )
    # Case 1: a good reply; case 2: "I don't know." (the warm-up call takes the stub's default).
    with stub_server(
        [
            "The talks in Turkiye lasted one hour and 40 minutes [1].",
            "The talks lasted one hour and 40 minutes [1].",
            "I don't know.",
        ]
    ) as stub:
        for name, value in {
            "SEEDS_DIR": str(article_seeds),
            "STORE_DIR": str(tmp_path / "store"),
            "REPORTS_DIR": str(tmp_path / "reports"),
            "LLM_BASE_URL": stub.url,
            "LLM_MODEL": "stub-model",
        }.items():
            monkeypatch.setenv(f"ASSISTANT_{name}", value)
        code = main(["eval", "--engine", "llm", "--cases", str(cases), "--no-baselines", "--json"])
    report = json.loads(capsys.readouterr().out)
    assert code == 0
    assert set(report["systems"]) == {"ours", "ours_llm"}
    assert report["systems"]["ours_llm"]["answer_accuracy"] == 1.0
    assert report["generative"]["answers by llm"] == 2
    assert [e["id"] for e in report["generative_log"]] == ["t1", "t2"]
    assert report["generative_log"][1]["answered"] is False
    markdown = (tmp_path / "reports" / "eval.md").read_text(encoding="utf-8")
    assert markdown.count("Failed cases of") == 2 and "What verification did with the model's replies" in markdown


def test_eval_engine_llm_without_a_server_is_one_line(monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    from assistant.cli import main

    monkeypatch.delenv("ASSISTANT_LLM_BASE_URL", raising=False)
    assert main(["eval", "--engine", "llm"]) == 2  # a setting to mend, as bad input is
    assert capsys.readouterr().err.strip().startswith("error: ASSISTANT_ENGINE=llm needs ASSISTANT_LLM_BASE_URL")
