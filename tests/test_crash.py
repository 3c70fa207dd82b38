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

from index import Document, SentenceStore, Settings, reopen_client, split_sentences

from .conftest import ARTICLE, make_settings, run_cli

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


def tear(store_dir: Path, collections: tuple[str, ...]) -> int:
    """What a SIGKILL mid-write left in the crash test: the written collections' vector files cut
    short (the sentences' data_level0.bin was found empty beside a 3.6 TB link_lists.bin).
    Returns how many."""
    from index.recovery import segment_folders

    torn = 0
    for folder in segment_folders(store_dir, collections):
        for data in folder.glob("data_level0.bin"):
            data.write_bytes(b"")
            (folder / "link_lists.bin").write_bytes(b"\xff" * 64)
            torn += 1
    return torn


def killed_mid_write(store_dir: Path, settings: Settings) -> None:
    """What a writer SIGKILLed mid-write leaves: its mark (made by the indexer's own WriteMark,
    never taken down) and torn vector files."""
    from index.recovery import WriteMark

    written = (settings.collection, f"{settings.collection}-manifest")
    assert tear(store_dir, written) >= 1
    WriteMark(settings, written)()


def test_a_store_a_killed_writer_left_half_written_is_rebuilt(tmp_path: Path) -> None:
    from index.recovery import UNFINISHED

    seeds, store_dir = tmp_path / "seeds", tmp_path / "store"
    write_version(seeds, 0)  # enough sentences for Chroma to have written its vector files
    shutil.copyfile(ARTICLE, seeds / ARTICLE.name)
    settings = make_settings(seeds, store_dir)
    env = {**os.environ, "ASSISTANT_SEEDS_DIR": str(seeds), "ASSISTANT_STORE_DIR": str(store_dir)}
    everything = sorted([*expected(seeds), "added/earnings.txt"])
    assert run_cli("index", env=env, timeout=600).returncode == 0
    assert run_cli("add", str(ROOT / "tests" / "data" / "earnings.txt"), env=env, timeout=600).returncode == 0
    # Another collection in the same folder (another name, as for another embedder) is kept.
    other = {**env, "ASSISTANT_COLLECTION": "other", "ASSISTANT_AUTO_INDEX": "0"}
    assert run_cli("index", env={**other, "ASSISTANT_AUTO_INDEX": "1"}, timeout=600).returncode == 0
    from assistant import Assistant

    running = Assistant(make_settings(seeds, store_dir, auto_index=False))  # a server, say
    killed_mid_write(store_dir, settings)

    # Told not to index on first use, a reader says what to do in one line.
    refused = run_cli(
        "ask", "How long did the talks in Turkiye last?", env={**env, "ASSISTANT_AUTO_INDEX": "0"}, timeout=600
    )
    assert refused.returncode != 0 and "half-written" in refused.stderr and "assistant index" in refused.stderr
    assert "Traceback" not in refused.stderr

    # A reader that indexes on first use rebuilds it, the document a reader added too.
    asked = run_cli("ask", "How long did the talks in Turkiye last?", env=env, timeout=600)
    assert asked.returncode == 0, asked.stderr
    assert "one hour and 40 minutes" in asked.stdout
    assert "half-written" in asked.stderr and "Traceback" not in asked.stderr
    assert sorted(live(SentenceStore(reopen_client(settings), settings.collection))) == everything
    kept = run_cli("ask", "How long did the talks in Turkiye last?", env=other, timeout=600)
    assert kept.returncode == 0 and "one hour and 40 minutes" in kept.stdout, kept.stderr

    # The indexer, after another kill: every sentence back once, the mark gone.
    killed_mid_write(store_dir, settings)
    indexed = run_cli("index", env=env, timeout=600)
    assert indexed.returncode == 0, indexed.stderr
    assert "half-written" in indexed.stderr
    assert not (store_dir / UNFINISHED).exists()
    assert sorted(live(SentenceStore(reopen_client(settings), settings.collection))) == everything
    # A process that was running all along reads the rebuilt collections.
    time.sleep(2.5)  # it looks for changes every 2 s (STALE_CHECK_SECONDS)
    assert "one hour and 40 minutes" in running.answer("How long did the talks in Turkiye last?").text


def test_a_live_writers_mark_is_left_alone(tmp_path: Path) -> None:
    # A reader starting while `assistant index` writes the store reads it as it is.
    from index import writer_lock
    from index.recovery import UNFINISHED, WriteMark

    seeds, store_dir = tmp_path / "seeds", tmp_path / "store"
    seeds.mkdir()
    shutil.copyfile(ARTICLE, seeds / ARTICLE.name)
    settings = make_settings(seeds, store_dir)
    env = {**os.environ, "ASSISTANT_SEEDS_DIR": str(seeds), "ASSISTANT_STORE_DIR": str(store_dir)}
    assert run_cli("index", env=env, timeout=600).returncode == 0
    with writer_lock(settings), WriteMark(settings, ("sentences", "sentences-manifest")) as mark:
        mark()
        asked = run_cli(
            "ask", "How long did the talks in Turkiye last?", env={**env, "ASSISTANT_AUTO_INDEX": "0"}, timeout=600
        )
        assert asked.returncode == 0 and "one hour and 40 minutes" in asked.stdout, asked.stderr
        assert "half-written" not in asked.stderr
        assert (store_dir / UNFINISHED).exists()
