"""SIGKILL the indexer at random moments: the store answers from one version of each document."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

from index import Document, SentenceStore, open_client, split_sentences

from .conftest import make_settings

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
        store = SentenceStore(open_client(settings), settings.collection)
        state = live(store)
        for source, sentences in state.items():
            # Each document is exactly one version it has had: never a mix, never a partial write.
            assert any(v.get(source) == sentences for v in versions), f"trial {trial}: {source} is mixed"
        del store
    assert killed >= TRIALS // 2, "the kills should mostly land while the indexer runs"
    print(f"\ncrash test: {TRIALS} trials, {killed} killed mid-run, every document one whole version")

    finished = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert finished.returncode == 0
    store = SentenceStore(open_client(settings), settings.collection)
    assert live(store) == versions[-1]
    assert len(store.sentences.get(include=[])["ids"]) == sum(len(v) for v in versions[-1].values())
