"""The `assistant` command as a user runs it: a fresh process, real index in a temp folder."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import run_cli

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    store = tmp_path_factory.mktemp("cli-store")
    return {**os.environ, "ASSISTANT_STORE_DIR": str(store), "ASSISTANT_SEEDS_DIR": str(ROOT / "seeds")}


def test_index_then_ask_json(env: dict[str, str]) -> None:
    indexed = run_cli("index", env=env)
    assert indexed.returncode == 0, indexed.stderr
    assert indexed.stdout.strip().startswith("1 document, 15 sentences added, 0 removed, 0 unchanged")
    again = run_cli("index", env=env)
    assert "0 sentences added, 0 removed, 15 unchanged" in again.stdout

    asked = run_cli("ask", "How long did the talks in Turkiye last?", "--json", env=env)
    assert asked.returncode == 0, asked.stderr
    payload = json.loads(asked.stdout)
    assert set(payload) == {"text", "answered", "citations", "engine", "notes", "notice", "short"}
    assert payload["engine"] == "extractive" and payload["notice"] == ""
    assert payload["answered"] is True and "one hour and 40 minutes" in payload["text"]
    citation = payload["citations"][0]
    assert set(citation) == {"source", "sentence_id", "start", "end", "text"}
    text = (ROOT / "seeds" / citation["source"]).read_text(encoding="utf-8")
    assert text[citation["start"] : citation["end"]] == citation["text"]


def test_human_output_lists_sources(env: dict[str, str]) -> None:
    asked = run_cli("ask", "Who is the Kremlin spokesperson?", env=env)
    assert asked.returncode == 0
    assert "Dmitry Peskov" in asked.stdout
    assert "Sources:\n[1] ceasefire-talks.txt, characters 778-948:" in asked.stdout


@pytest.mark.parametrize("question", ["", "   ", "word " * 5000])
def test_bad_question_exits_2_with_one_line(env: dict[str, str], question: str) -> None:
    asked = run_cli("ask", question, env=env)
    assert asked.returncode == 2
    lines = asked.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ")
    assert "Traceback" not in asked.stderr


def test_unreachable_chroma_server_is_one_line(env: dict[str, str]) -> None:
    asked = run_cli("ask", "Who is Peskov?", env={**env, "ASSISTANT_CHROMA_URL": "http://127.0.0.1:9"})
    assert asked.returncode == 1
    assert asked.stderr.startswith("error: The Chroma server at http://127.0.0.1:9 is not reachable")
    assert len(asked.stderr.strip().splitlines()) == 1
    # Why, in the client's words rather than an exception's name, and what to do.
    assert "(ValueError)" not in asked.stderr and "unset ASSISTANT_CHROMA_URL" in asked.stderr


def test_mistakes_a_user_makes_are_one_line_with_code_2(env: dict[str, str], tmp_path: Path) -> None:
    """A document name that is not indexed (the message lists the ones that are), a seeds folder
    that is missing, a port that is not one or is taken: each one line, exit 2, no traceback."""
    import socket

    unknown = run_cli("ask", "--source", "nope.txt", "Who is Peskov?", env=env)
    missing = run_cli("index", env={**env, "ASSISTANT_SEEDS_DIR": str(tmp_path / "gone")})
    bad_port = run_cli("serve", "--port", "99999", env=env)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        busy = run_cli("serve", "--port", str(taken.getsockname()[1]), env=env)
    expected = {
        "nope.txt is not an indexed document: the documents are ceasefire-talks.txt.": unknown,
        f"the seeds folder {tmp_path / 'gone'} does not exist (ASSISTANT_SEEDS_DIR)": missing,
        "--port 99999 is not a port: use a number from 1 to 65535.": bad_port,
        "Cannot listen on 127.0.0.1:": busy,
    }
    for said, done in expected.items():
        assert done.returncode == 2, done.stderr
        lines = done.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith(f"error: {said}"), done.stderr[-500:]


@pytest.mark.parametrize(
    ("argv", "usage"),
    [
        (["ask", "Who is Peskov?", "--bogus"], "usage: assistant ask "),
        (["eval", "--bogus"], "usage: assistant eval "),
        (["--bogus", "ask", "Who is Peskov?"], "usage: assistant [-h] COMMAND"),
    ],
)
def test_an_unknown_option_shows_the_usage_of_the_command_it_was_given_to(
    argv: list[str], usage: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from assistant.cli import main

    with pytest.raises(SystemExit) as exited:
        main(argv)
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith(usage) and err.rstrip().endswith("error: unrecognized arguments: --bogus"), err


def test_top_level_help_describes_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    """The commands from other packages were listed as "(from evals.bench)" and the like."""
    from assistant.cli import main

    with pytest.raises(SystemExit):
        main(["--help"])
    shown = capsys.readouterr().out
    assert "(from " not in shown
    for said in ("Start the web chat", "Run the eval suite", "Benchmark latency", "Train the answer judge"):
        assert said in shown


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["eval", "--limit", "0", "--public", "dev"], "argument --limit: 0 is not above 0"),
        (["eval", "--limit", "-3", "--public", "dev"], "argument --limit: -3 is not above 0"),
        (["bench", "--runs", "zero"], "argument --runs: 'zero' is not a whole number"),
        (["eval", "--limit", "5"], "error: --limit needs --public SPLIT"),
    ],
)
def test_counts_that_cannot_work_are_refused_before_any_work(
    argv: list[str], said: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """`eval --limit 0` ended in a ZeroDivisionError traceback, --limit -3 in an IndexError, and
    --limit without --public was ignored while the whole suite ran."""
    from assistant.cli import main

    try:
        code = main(argv)
    except SystemExit as exited:
        code = exited.code
    assert code == 2
    err = capsys.readouterr().err
    assert said in err and "Traceback" not in err


def test_output_cut_short_by_the_reader_is_no_traceback(env: dict[str, str]) -> None:
    """`assistant ask ... | head -1`: the pipe closes before the answer is written. Buffered, as
    stdout to a pipe is unless PYTHONUNBUFFERED is set: then the write fails only at flush."""
    buffered = {k: v for k, v in env.items() if k != "PYTHONUNBUFFERED"}
    done = subprocess.run(
        f"{sys.executable} -m assistant.cli ask 'Who is Peskov?' | true",
        shell=True,
        capture_output=True,
        text=True,
        env=buffered,
        cwd=ROOT,
        timeout=300,
    )
    assert "Traceback" not in done.stderr and "BrokenPipe" not in done.stderr, done.stderr[-500:]


def test_ask_does_not_import_gradio(env: dict[str, str]) -> None:
    code = (
        "import sys, assistant.cli; assistant.cli.main(['ask', 'Who is Peskov?', '--json']); "
        "print('gradio' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=ROOT, timeout=300
    )
    assert result.stdout.strip().endswith("False"), result.stderr


def test_bench_reports_adding_a_text_while_answering(env: dict[str, str]) -> None:
    done = run_cli(
        "bench", "--skip", "latency", "verify", "cold", "index", "serve", "--upload-mb", "0.05", "--json", env=env
    )
    assert done.returncode == 0, done.stderr
    figures = json.loads(done.stdout)["upload"]
    assert figures["sentences"] > 300 and figures["ours_per_s"] > 0 and figures["raw_encode_per_s"] > 0
    assert figures["idle_p50_ms"] > 0 and figures["answers_during"] > 0


def test_serve_starts_and_answers_over_http(env: dict[str, str]) -> None:
    """`assistant serve` as a user starts it: the CLI path (host check, fewer malloc arenas,
    adapter, launch) up to an answer over HTTP."""
    from gradio_client import Client

    from evals.local import serving

    with serving(env, cwd=ROOT) as (_, url, line):
        assert f"Web chat running at {url}" in line, line
        result = Client(url, verbose=False).predict(
            "How many prisoners of war will be exchanged?", [], api_name="/chat"
        )
        assert "1,000" in result["text"]
