"""Client/server mode: a real `chroma run` server on a free loopback port."""

from __future__ import annotations

import shutil
import time
from dataclasses import replace
from pathlib import Path

import pytest

from assistant import Assistant, StoreUnreachableError
from evals.local import ChromaServer, free_port

from .conftest import make_settings

QUESTIONS = [
    "How long did the talks in Turkiye last?",
    "Who is the Kremlin spokesperson?",
    "What did Macron say?",
    "When will Trump speak with Putin?",
]


@pytest.fixture
def server(tmp_path: Path):  # type: ignore[no-untyped-def]
    chroma = ChromaServer(tmp_path / "chroma-data")
    chroma.start()
    yield chroma
    chroma.stop()


def test_server_mode_gives_the_same_answers(assistant: Assistant, server: ChromaServer, article_seeds: Path) -> None:
    remote = Assistant(replace(assistant.settings, chroma_url=server.url))
    assert remote.last_report is not None and remote.last_report.added == 15
    for question in QUESTIONS:
        here, there = assistant.answer(question), remote.answer(question)
        assert (there.text, there.answered, there.citations) == (here.text, here.answered, here.citations)


def test_unreachable_server_is_a_clear_error_and_recovers(server: ChromaServer, tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    shutil.copyfile(Path(__file__).parent.parent / "seeds" / "ceasefire-talks.txt", seeds / "a.txt")
    remote = Assistant(make_settings(seeds, tmp_path / "unused", chroma_url=server.url))
    assert remote.answer("Who is Peskov?").answered

    server.stop()
    time.sleep(2.1)  # past the stale-index check interval, so the store is asked
    with pytest.raises(StoreUnreachableError, match=f"The Chroma server at {server.url}"):
        remote.answer("Who is Peskov?")

    server.start()
    assert remote.answer("Who is Peskov?").answered


def test_no_server_at_start_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(StoreUnreachableError, match="is not reachable"):
        Assistant(make_settings(tmp_path, tmp_path / "unused", chroma_url=f"http://127.0.0.1:{free_port()}"))
