"""The read path runs in ONNX Runtime: a first answer from a fresh process imports no torch."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from .conftest import FIRST_ANSWER, ROOT


@pytest.mark.parametrize("judge", ["rules", "learned"])
def test_a_first_answer_imports_no_torch(judge: str, article_seeds: Path, tmp_path: Path) -> None:
    from assistant.judge import reader_export
    from index.embeddings import embedder_export

    for export in (embedder_export(), reader_export()):
        export.ensure()  # as `make setup` does: exporting is the one step that needs torch
    env = {
        **os.environ,
        "ASSISTANT_SEEDS_DIR": str(article_seeds),
        "ASSISTANT_STORE_DIR": str(tmp_path / "store"),
        "ASSISTANT_JUDGE": judge,
    }
    done = subprocess.run(
        [sys.executable, "-c", FIRST_ANSWER], capture_output=True, text=True, env=env, cwd=ROOT, timeout=300
    )
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert "one hour and 40 minutes" in result["text"]
    if judge == "rules":  # the rules' weak refusal asks the learned judge's reader too
        assert any("weak support" in note for note in result["refused"])
    assert result["loaded"] == []


def test_a_changed_source_is_exported_again(tmp_path: Path) -> None:
    from index.runtime import Export

    source = tmp_path / "weights.bin"
    source.write_bytes(b"one")
    built: list[Path] = []

    def build(path: Path) -> None:
        built.append(path)
        path.write_bytes(b"onnx")

    export = Export("test-model", (source,), build, folder=tmp_path)
    assert export.ensure(quiet=True).read_bytes() == b"onnx" and len(built) == 1
    export.ensure(quiet=True)
    assert len(built) == 1  # unchanged source: the export is reused
    source.write_bytes(b"two, longer")
    export.ensure(quiet=True)
    assert len(built) == 2


def test_a_retrained_file_of_the_same_size_or_a_torn_export_is_made_again(tmp_path: Path) -> None:
    import os
    import time

    from index.runtime import Export

    source = tmp_path / "weights.bin"
    source.write_bytes(b"version one")
    built: list[int] = []

    def build(path: Path) -> None:
        built.append(1)
        path.write_bytes(b"graph")
        path.with_name(path.name + ".data").write_bytes(b"weights" * 100)

    export = Export("test-model", (source,), build, folder=tmp_path)
    export.ensure(quiet=True)
    assert (tmp_path / "test-model.onnx.data").stat().st_size == 700 and len(built) == 1
    # Retrained: same size, and even the same modification time.
    status = source.stat()
    time.sleep(0.01)
    source.write_bytes(b"version two")
    os.utime(source, ns=(status.st_atime_ns, status.st_mtime_ns))
    export.ensure(quiet=True)
    assert len(built) == 2
    # A weights file cut short (a crash, a full disk) is not loaded: it is made again.
    (tmp_path / "test-model.onnx.data").write_bytes(b"weig")
    export.ensure(quiet=True)
    assert len(built) == 3 and (tmp_path / "test-model.onnx.data").stat().st_size == 700
    assert not list(tmp_path.glob(".test-model-*"))  # no build folders left behind


def test_an_export_that_cannot_be_made_says_what_to_run(tmp_path: Path) -> None:
    from index import ConfigError
    from index.runtime import Export

    source = tmp_path / "weights.bin"
    source.write_bytes(b"w")

    def build(path: Path) -> None:
        raise ImportError("No module named 'torch'")

    with pytest.raises(ConfigError, match="Run `assistant prepare`"):
        Export("test-model", (source,), build, folder=tmp_path).ensure(quiet=True)


def test_the_embedder_and_the_reader_share_a_tokenizer_but_each_keeps_its_length() -> None:
    """One tokenizer serves both (the same vocabulary, about 8 MB each), and each model sets its
    own length before encoding: the reader's 128 word pieces must not cut the embedder's 256."""
    from assistant.judge import load_reader, reader_export
    from index.embeddings import load_model

    reader_export().ensure()
    embedder, reader = load_model("minilm"), load_reader()
    assert embedder.tokenizer is reader.model.tokenizer
    # About 200 word pieces: over the reader's limit, within the embedder's; the tail differs.
    text = " ".join(["the talks in Istanbul"] * 40) + " " + " ".join(["sanctions on oil exports"] * 10)
    head = " ".join(["the talks in Istanbul"] * 40)
    alone = embedder.encode([text])[0]
    assert float(alone @ embedder.encode([head])[0]) < 0.99  # the tail is read: not cut at 128
    # The reader's score as its own tokenizer, cut at 128, gives it...
    from tokenizers import Tokenizer

    from index.embeddings import model_path
    from index.runtime import inputs

    own = Tokenizer.from_file(f"{model_path()}/tokenizer.json")
    own.enable_truncation(max_length=128, strategy="longest_first")
    pair = own.encode("Where were the talks?", text)
    expected = float(np.asarray(reader.model.session.run(None, inputs([pair]))[0]).reshape(-1)[0])
    # ...is what it scores right after the embedder has encoded at 256, and the embedder's
    # vectors are the same after the reader has read at 128.
    assert reader.scores("Where were the talks?", [text])[0] == pytest.approx(expected, abs=1e-4)
    assert np.allclose(alone, embedder.encode([text])[0], atol=1e-5)
