"""Thumbs up or down on an answer: appended to .reports/feedback.jsonl, turned into draft cases."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from evals.cases import DOCUMENT_SETS, EXTRA_SETS

from .conftest import run_cli
from .test_ui import DOC, last_turn, stand_in

ROOT = Path(__file__).resolve().parent.parent


def read_feedback(path: Path) -> list[dict[str, Any]]:
    """Every well-formed entry of a feedback file, in order."""
    from assistant.feedback import read_feedback_lines

    return read_feedback_lines(path)[0]


APPEND = """
import sys
from pathlib import Path
from assistant.feedback import FeedbackLog
FeedbackLog(Path(sys.argv[1])).append({"rating": "down", "question": "from another process"})
"""


def test_another_process_waits_for_the_lock_before_appending(tmp_path: Path) -> None:
    """Two servers (or a server and a script) share the file: a writer holding the lock is
    never interleaved with, whatever the file system does with large writes."""
    from filelock import FileLock

    path = tmp_path / "feedback.jsonl"
    with FileLock(str(path) + ".lock"):
        writer = subprocess.Popen([sys.executable, "-c", APPEND, str(path)], cwd=ROOT, stderr=subprocess.PIPE)
        try:
            writer.wait(timeout=8)
        except subprocess.TimeoutExpired:
            pass
        assert writer.poll() is None and not path.exists()  # still waiting: nothing written
    assert writer.wait(timeout=60) == 0, writer.stderr.read() if writer.stderr else ""
    assert [e["question"] for e in read_feedback(path)] == ["from another process"]


def test_feedback_is_appended_under_a_lock_and_never_truncated(tmp_path: Path) -> None:
    from assistant.feedback import FeedbackLog

    path = tmp_path / "reports" / "feedback.jsonl"
    path.parent.mkdir()
    path.write_text('{"rating": "up", "question": "kept from before"}\n', encoding="utf-8")
    log = FeedbackLog(path)
    long_comment = "x" * 20_000  # longer than one write() of a pipe buffer

    def send(n: int) -> None:
        for i in range(20):
            log.append({"rating": "down", "question": f"q{n}-{i}", "comment": long_comment})

    threads = [threading.Thread(target=send, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    entries = read_feedback(path)
    assert entries[0]["question"] == "kept from before"
    assert len(entries) == 81
    assert all(e["comment"] == long_comment for e in entries[1:])
    assert all("time" in e for e in entries[1:])


def test_a_thumbs_down_records_question_history_answer_and_citations(tmp_path: Path) -> None:
    from ui import ChatAdapter

    chat = ChatAdapter(stand_in, lambda source: DOC, "doc.txt", feedback=tmp_path / "feedback.jsonl")
    conversation, shown, _, _, answers = last_turn(chat, "Which one?", [], [], {})
    conversation, shown, _, _, answers = last_turn(chat, "And then?", conversation, shown, answers)
    note = chat.rate(3, False, "wrong sentence", answers)
    assert "Thanks" in note
    [entry] = read_feedback(tmp_path / "feedback.jsonl")
    assert entry["rating"] == "down" and entry["comment"] == "wrong sentence"
    assert entry["question"] == "And then?"
    assert entry["history"] == conversation[:2]
    assert entry["answer"]["text"] == conversation[3]["content"]
    assert entry["answer"]["citations"][0]["sentence_id"] == "doc.txt#2"
    # Clicking the thumb again takes the rating back; the drafts then leave that answer out.
    assert "taken back" in chat.rate(3, "", "", answers)
    from evals.feedback import draft_cases

    assert draft_cases(read_feedback(tmp_path / "feedback.jsonl")) == []
    chat.rate(3, False, "", answers)
    entries = read_feedback(tmp_path / "feedback.jsonl")
    assert [e["rating"] for e in entries] == ["down", "retracted", "down"]
    assert len(draft_cases(entries)) == 1
    # A user message or an error line has no answer to rate: nothing is written.
    assert "no answer" in chat.rate(0, False, "", answers)
    assert len(read_feedback(tmp_path / "feedback.jsonl")) == 3


def test_eval_from_feedback_writes_draft_cases_and_never_the_eval_set(tmp_path: Path) -> None:
    feedback = tmp_path / "feedback.jsonl"
    history = [{"role": "user", "content": "Who met?"}, {"role": "assistant", "content": "They did."}]
    lines = [
        {"rating": "up", "question": "Fine one", "history": [], "answer": {"text": "ok", "citations": []}},
        {
            "rating": "down",
            "question": "Where did they meet?",
            "history": history,
            "comment": "It should say Istanbul",
            "answer": {"text": "The article doesn't say.", "answered": False, "citations": []},
        },
        {"rating": "down", "question": "Who?", "history": [], "answer": {"text": "x", "citations": []}},
    ]
    feedback.write_text("".join(json.dumps(line) + "\n" for line in lines) + "not json\n", encoding="utf-8")
    out = tmp_path / "drafts.jsonl"
    cases = ROOT / "evals" / "cases.jsonl"
    before = cases.read_bytes()
    env = {**os.environ, "ASSISTANT_REPORTS_DIR": str(tmp_path)}

    done = run_cli("eval", "--from-feedback", str(feedback), "--out", str(out), env=env)
    assert done.returncode == 0, done.stderr
    assert "2 draft cases" in done.stdout and "1 line skipped" in done.stdout
    drafts = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [d["question"] for d in drafts] == ["Where did they meet?", "Who?"]
    assert drafts[0]["history"] == history and drafts[0]["comment"] == "It should say Istanbul"
    assert drafts[0]["answerable"] is None and drafts[0]["facts"] == [] and drafts[0]["support"] == []
    assert cases.read_bytes() == before

    refused = run_cli("eval", "--from-feedback", str(feedback), "--out", str(cases), env=env)
    assert refused.returncode == 2 and "eval set" in refused.stderr
    assert cases.read_bytes() == before
    itself = run_cli("eval", "--from-feedback", str(feedback), "--out", str(feedback), env=env)
    assert itself.returncode == 2 and "feedback file itself" in itself.stderr
    # A person's work on the drafts is kept when the command runs again; only new ones are added.
    drafts[0]["answerable"] = True
    out.write_text("".join(json.dumps(d) + "\n" for d in drafts), encoding="utf-8")
    with feedback.open("a", encoding="utf-8") as more:
        more.write(json.dumps({"rating": "down", "question": "Why?", "history": [], "answer": {}}) + "\n")
    again = run_cli("eval", "--from-feedback", str(feedback), "--out", str(out), env=env)
    assert again.returncode == 0 and "1 draft case from" in again.stdout
    kept = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert kept[0]["answerable"] is True and [d["question"] for d in kept] == ["Where did they meet?", "Who?", "Why?"]
    # Without --out the drafts go to the reports folder, next to the feedback.
    default = run_cli("eval", "--from-feedback", str(feedback), env=env)
    assert default.returncode == 0 and (tmp_path / "feedback-cases.jsonl").exists()


@pytest.mark.parametrize("content", ["", "\n\n"])
def test_eval_from_empty_feedback_says_so(tmp_path: Path, content: str) -> None:
    feedback = tmp_path / "feedback.jsonl"
    feedback.write_text(content, encoding="utf-8")
    done = run_cli("eval", "--from-feedback", str(feedback), "--out", str(tmp_path / "d.jsonl"), env=dict(os.environ))
    assert done.returncode == 0 and "0 draft cases" in done.stdout


@pytest.mark.parametrize("name", sorted([*EXTRA_SETS, *DOCUMENT_SETS]))
def test_drafts_never_go_into_a_blind_set(tmp_path: Path, name: str) -> None:
    from evals.cases import CaseFileError
    from evals.feedback import write_drafts

    path = EXTRA_SETS[name][0] if name in EXTRA_SETS else DOCUMENT_SETS[name][0]
    before = path.read_bytes()
    feedback = tmp_path / "feedback.jsonl"
    feedback.write_text(json.dumps({"question": "Where?", "rating": "down"}) + "\n", encoding="utf-8")
    with pytest.raises(CaseFileError, match="eval set"):
        write_drafts(feedback, path)
    assert path.read_bytes() == before


def test_eval_outputs_it_cannot_write_are_one_line_before_any_work(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A drafts file or a reports folder that cannot be written was a traceback, the reports
    folder's only after the whole eval had run; --withheld without --public is one line too."""
    from assistant.cli import main

    feedback = tmp_path / "feedback.jsonl"
    feedback.write_text(json.dumps({"question": "Where?", "rating": "down"}) + "\n", encoding="utf-8")
    unwritable = Path("/proc/no-such-folder")  # not even root can make a folder in /proc
    monkeypatch.setenv("ASSISTANT_REPORTS_DIR", str(unwritable))
    for argv, said in (
        (["eval", "--from-feedback", str(feedback), "--out", str(unwritable / "d.jsonl")], "cannot be written"),
        (["eval", "--no-baselines"], f"The reports folder {unwritable} cannot be written"),
        (["eval", "--withheld"], "--withheld needs --public SPLIT"),
    ):
        started = time.perf_counter()
        assert main(argv) == 2
        err = capsys.readouterr().err
        assert err.startswith("error: ") and said in err and err.count("\n") == 1, err
        assert time.perf_counter() - started < 5  # said before any model loads or any question is asked
