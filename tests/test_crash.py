"""SIGKILL the indexer at random moments: the store answers from one version of each document."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

from index import Document, SentenceStore, Settings, open_client, reopen_client, split_sentences

from .conftest import ARTICLE, make_settings

ROOT = Path(__file__).resolve().parent.parent
TRIALS = 6


def write_version(seeds: Path, version: int) -> None:
    from evals.synthetic import write_corpus

    write_corpus(seeds, 1200, per_document=200, seed=version)  # 6 documents, all changed each version


def expected(seeds: Path) -> dict[str, list[str]]:
    out = {}
    for path in sorted(seeds.rglob("*.txt")):
        source = path.relative_to(seeds).as_posix()
        out[source] = [s.text for s in split_sentences(Document(source, path.read_text(encoding="utf-8"), ""))]
    return out


def live(store: SentenceStore) -> dict[str, list[str]]:
    by_source: dict[str, list[str]] = defaultdict(list)
    for sentence in store.live_sentences():
        by_source[sentence.source].append(sentence.text)
    return dict(by_source)


def as_left(settings: Settings) -> SentenceStore:
    """The store as a killed indexer left it, read before anything puts it right: Chroma's own
    client, not open_client (which empties a store left half-written, index/recovery.py), and a
    new system each time (Chroma keeps one per folder in a process, which would read files the
    next run deleted)."""
    import chromadb
    from chromadb.api.shared_system_client import SharedSystemClient
    from chromadb.config import Settings as ChromaSettings

    SharedSystemClient._identifier_to_system.pop(str(settings.store_dir), None)
    client = chromadb.PersistentClient(
        path=str(settings.store_dir), settings=ChromaSettings(anonymized_telemetry=False)
    )
    return SentenceStore(client, settings.collection)


def test_killed_indexer_never_leaves_a_mix(tmp_path: Path) -> None:
    seeds, store_dir = tmp_path / "seeds", tmp_path / "store"
    settings = make_settings(seeds, store_dir)
    env = {**os.environ, "ASSISTANT_SEEDS_DIR": str(seeds), "ASSISTANT_STORE_DIR": str(store_dir)}
    command = [sys.executable, "-m", "assistant.cli", "index"]
    write_version(seeds, 0)
    # Timed on a second run: the first may pay one-off costs (cold file caches, a first model
    # export), and once in a full run, timed on it, too few kills landed while the indexer ran.
    subprocess.run(command, env=env, cwd=ROOT, check=True, capture_output=True, timeout=600)
    versions = [expected(seeds)]
    write_version(seeds, TRIALS + 1)
    began = time.monotonic()
    subprocess.run(command, env=env, cwd=ROOT, check=True, capture_output=True, timeout=600)
    # How long a whole run takes here (start-up, embedding, writing): kills are spread over it.
    duration = time.monotonic() - began
    versions.append(expected(seeds))
    rng = random.Random(11)
    killed = 0
    for trial in range(1, TRIALS + 1):
        write_version(seeds, trial)
        versions.append(expected(seeds))
        process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.3, 1.0) * duration)  # before, during and after the writes
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
            killed += 1
        process.wait()
        state = live(as_left(settings))
        for source, sentences in state.items():
            # Each document is exactly one version it has had: never a mix, never a partial write.
            assert any(v.get(source) == sentences for v in versions), f"trial {trial}: {source} is mixed"
    assert killed >= TRIALS // 2, "the kills should mostly land while the indexer runs"
    print(f"\ncrash test: {TRIALS} trials, {killed} killed mid-run, every document one whole version")

    finished = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert finished.returncode == 0, finished.stderr
    store = SentenceStore(reopen_client(settings), settings.collection)
    assert live(store) == versions[-1]
    assert len(store.sentences.get(include=[])["ids"]) == sum(len(v) for v in versions[-1].values())


def tear(store_dir: Path) -> int:
    """What a SIGKILL mid-write left in the crash test: vector files cut short (the sentences'
    data_level0.bin was found empty beside a 3.6 TB link_lists.bin). Returns how many."""
    torn = 0
    for data in store_dir.glob("*/data_level0.bin"):
        data.write_bytes(b"")
        (data.parent / "link_lists.bin").write_bytes(b"\xff" * 64)
        torn += 1
    return torn


def test_a_store_a_killed_writer_left_half_written_is_rebuilt(tmp_path: Path) -> None:
    from index.recovery import UNFINISHED

    seeds, store_dir = tmp_path / "seeds", tmp_path / "store"
    write_version(seeds, 0)  # enough sentences for Chroma to have written its vector files
    shutil.copyfile(ARTICLE, seeds / ARTICLE.name)
    env = {**os.environ, "ASSISTANT_SEEDS_DIR": str(seeds), "ASSISTANT_STORE_DIR": str(store_dir)}
    cli = [sys.executable, "-m", "assistant.cli"]
    everything = sorted([*expected(seeds), "added/earnings.txt"])
    subprocess.run([*cli, "index"], env=env, cwd=ROOT, check=True, capture_output=True, timeout=600)
    added = ROOT / "tests" / "data" / "earnings.txt"
    subprocess.run([*cli, "add", str(added)], env=env, cwd=ROOT, check=True, capture_output=True, timeout=600)
    assert tear(store_dir) >= 1
    (store_dir / UNFINISHED).write_text("4194304\n", encoding="utf-8")  # its writer is gone

    # A reader first: the store is emptied and indexed again, the document a reader added too.
    asked = subprocess.run(
        [*cli, "ask", "How long did the talks in Turkiye last?"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert asked.returncode == 0, asked.stderr
    assert "one hour and 40 minutes" in asked.stdout
    assert "half-written" in asked.stderr and "Traceback" not in asked.stderr
    store = SentenceStore(open_client(make_settings(seeds, store_dir)), make_settings(seeds, store_dir).collection)
    assert sorted(live(store)) == everything
    del store

    # The indexer, after another kill: every sentence back once, nothing left of the torn files.
    assert tear(store_dir) >= 1
    (store_dir / UNFINISHED).write_text("4194304\n", encoding="utf-8")
    indexed = subprocess.run([*cli, "index"], env=env, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert indexed.returncode == 0, indexed.stderr
    assert "half-written" in indexed.stderr
    assert not (store_dir / UNFINISHED).exists()
    store = SentenceStore(open_client(make_settings(seeds, store_dir)), make_settings(seeds, store_dir).collection)
    assert sorted(live(store)) == everything


def test_a_live_writers_mark_is_left_alone(tmp_path: Path) -> None:
    # A second process opening the store while `assistant index` writes it must not empty it.
    from index import writer_lock
    from index.recovery import UNFINISHED

    seeds, store_dir = tmp_path / "seeds", tmp_path / "store"
    seeds.mkdir()
    shutil.copyfile(ARTICLE, seeds / ARTICLE.name)
    settings = make_settings(seeds, store_dir)
    env = {**os.environ, "ASSISTANT_SEEDS_DIR": str(seeds), "ASSISTANT_STORE_DIR": str(store_dir)}
    subprocess.run([sys.executable, "-m", "assistant.cli", "index"], env=env, cwd=ROOT, check=True, timeout=600)
    before = sorted(p.name for p in store_dir.iterdir())
    with writer_lock(settings):
        (store_dir / UNFINISHED).write_text(f"{os.getpid()}\n", encoding="utf-8")
        store = SentenceStore(open_client(settings), settings.collection)
        assert len(live(store)[ARTICLE.name]) > 10
        assert set(before) <= {p.name for p in store_dir.iterdir()}  # nothing deleted
        assert (store_dir / UNFINISHED).exists()
