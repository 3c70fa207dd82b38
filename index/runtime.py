"""The models on the read path, run in ONNX Runtime: no torch, transformers or sentence-transformers.

Importing torch and transformers cost 2.1 s and 288 MB before a first answer (measured here);
onnxruntime and tokenizers cost 0.17 s and 64 MB. The ONNX files are exported from the same
packaged models by `assistant prepare` (run by `make setup`, or on first use), which is the only
step that imports torch. They stay float32: int8 weights moved vectors too far (see EXPORTS).

An export is kept next to a small JSON file naming what it was made from (sizes and times of
the source files, and this module's format); a changed source is exported again.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
import threading
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

import numpy as np

from .errors import ConfigError

T = TypeVar("T")

# Bumped when the exported graph changes: older exports are rebuilt.
FORMAT = 5  # 2: weights in a .data file beside the graph; 3: file sizes and finer source stamps; 4: int8 reader;
# 5: the reader's weights in a .data file too
# Measured on 1,858 SQuAD sentences and questions against sentence-transformers: float32 ONNX
# agrees to cosine 0.99999+; dynamic int8 (all MatMuls) fell to cosine 0.85 and the same top-1
# sentence for 81 % of questions, int8 on the feed-forward layers only to 0.98 and 93 %. The
# issue's bar is cosine >= 0.99 for every sentence, so the exports are float32.
# Re-measured on 3,015 SQuAD sentences (the embedder's encode speed against sentence-transformers
# in the same run): per-channel int8 with reduced range runs 2.02x but 5.9 % of sentences fall
# below cosine 0.99 (min 0.980; on the train split the top-1 sentence changes for 7.8 % of
# questions, though it holds the answer as often, 0.588 against 0.587); keeping the feed-forward
# output layers float gives 1.43x at min 0.9885; ORT's 8-bit MatMulNBits keeps cosine 0.999 but
# runs at 0.75x; an eager-attention export with ORT's fused Attention ran 0.92-0.96x. No int8
# form reaches both the 0.99 bar and a speed-up worth the changed rankings.


@dataclass(frozen=True)
class Export:
    """One ONNX file: where it goes and how to make it (with torch, at setup)."""

    name: str
    sources: tuple[Path, ...]  # the files it is made from: a change to any re-exports it
    build: Callable[[Path], None]  # writes the .onnx file at the given path
    folder: Path | None = None  # default: the first of export_dirs() holding it ready, else a writable one

    def path(self) -> Path:
        if self.folder is not None:
            return self.folder / f"{self.name}.onnx"
        folders = export_dirs()
        ready = next((f for f in folders if self._ready_in(f)), None)
        return (ready or next((f for f in folders if _writable(f)), folders[0])) / f"{self.name}.onnx"

    def stamp(self) -> dict[str, Any]:
        """What the export was made from: each source's size, time, inode and change time
        (a retrained file of the same size differs in the last three)."""
        sources = {}
        for p in self.sources:
            status = p.stat()
            sources[str(p)] = [status.st_size, status.st_mtime_ns, status.st_ino, status.st_ctime_ns]
        return {"format": FORMAT, "sources": sources}

    def ready(self) -> bool:
        return self._ready_in(self.path().parent)

    def _ready_in(self, folder: Path) -> bool:
        note = folder / f"{self.name}.json"
        try:
            written = json.loads(note.read_text(encoding="utf-8"))
            files = written.pop("files")
            # Every file whole: a build cut short (or a torn write) is made again, not loaded.
            return written == self.stamp() and all((folder / n).stat().st_size == size for n, size in files.items())
        except (OSError, ValueError, KeyError, AttributeError):
            return False

    def ensure(self, *, quiet: bool = False) -> Path:
        """The ONNX file, exported first if it is missing or older than its sources.

        ConfigError (with what to run) when it cannot be made here: no torch or onnx, an
        unwritable folder.
        """
        path = self.path()
        if self.ready():
            return path
        if not quiet:
            print(f"Preparing {self.name} for ONNX Runtime (once; `assistant prepare`)…", file=sys.stderr, flush=True)
        stamp = self.stamp()  # before the build: a source rewritten meanwhile is seen next time
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            for old in path.parent.glob(f".{self.name}-*"):  # builds a killed process left behind
                shutil.rmtree(old, ignore_errors=True)
            # Built in a folder of its own, then moved: the weights file first, the graph that
            # names it next, the stamp last (ready() wants them all, at their sizes).
            building = Path(tempfile.mkdtemp(prefix=f".{self.name}-", dir=path.parent))
            try:
                self.build(building / path.name)
                names = sorted((p.name for p in building.iterdir()), key=lambda name: name == path.name)
                files = {}
                for name in names:
                    with (building / name).open("rb+") as handle:
                        os.fsync(handle.fileno())
                    (building / name).chmod(0o644)  # readable by a server running as another user
                    files[name] = (building / name).stat().st_size
                    os.replace(building / name, path.parent / name)
            finally:
                shutil.rmtree(building, ignore_errors=True)
            stale = path.parent / f"{path.name}.data"  # an older export's weights file this one does not use
            if stale.name not in files:
                stale.unlink(missing_ok=True)
            path.with_suffix(".json").write_text(json.dumps({**stamp, "files": files}), encoding="utf-8")
        except (ImportError, OSError) as error:
            raise ConfigError(
                f"The {self.name} model for ONNX Runtime could not be prepared in {path.parent} "
                f"({type(error).__name__}: {error}). Run `assistant prepare` where the project is installed."
            ) from None
        return path


def export_dirs() -> list[Path]:
    """Where exports live: beside this package (a checkout; `make setup` fills it), then the
    user's cache (an install this user cannot write to)."""
    here = Path(__file__).resolve().parent / "onnx"
    return [here, Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "ceasefire-assistant"]


def _writable(folder: Path) -> bool:
    probe = folder
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    return os.access(probe, os.W_OK)


def session(path: Path) -> Any:
    import onnxruntime

    options = onnxruntime.SessionOptions()
    options.log_severity_level = 3  # warnings about unused initialisers are noise here
    # No busy-waiting between runs: ORT's spinning worker threads kept both cores busy after
    # each answer, slowing whatever ran next (another reader's request, an upload's embedding,
    # the bench's PyTorch baseline, measured 12.8 -> 35 ms).
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    return onnxruntime.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])


def tokenizer(folder: Path) -> tuple[Any, threading.Lock]:
    """The model's own tokenizer.json through `tokenizers` (the ids transformers would give),
    one per folder in a process, with the lock its users take to set their length and encode.

    The embedder and the reader read the same packaged vocabulary, and each Tokenizer holds
    about 8 MB (measured): sharing one is a sixth of what loading the reader costs a server."""
    with _TOKENIZERS_LOCK:
        made = _TOKENIZERS.get(folder)
        if made is None:
            from tokenizers import Tokenizer

            tok = Tokenizer.from_file(str(folder / "tokenizer.json"))
            tok.enable_padding(pad_id=tok.token_to_id("[PAD]") or 0, pad_token="[PAD]")
            made = _TOKENIZERS[folder] = (tok, threading.Lock())
        return made


_TOKENIZERS: dict[Path, tuple[Any, threading.Lock]] = {}
_TOKENIZERS_LOCK = threading.Lock()


def clean(text: str) -> str:
    """tokenizers refuses a lone surrogate (from broken JSON or a model's reply): it becomes "?"."""
    return text.encode("utf-8", "replace").decode("utf-8")


def inputs(encodings: Sequence[Any]) -> dict[str, np.ndarray]:
    ids = np.asarray([e.ids for e in encodings], dtype=np.int64)
    return {
        "input_ids": ids,
        "attention_mask": np.asarray([e.attention_mask for e in encodings], dtype=np.int64),
        "token_type_ids": np.asarray([e.type_ids for e in encodings], dtype=np.int64),
    }


def export_torch(module: Any, path: Path, output: str) -> None:
    """Export a (input_ids, attention_mask, token_type_ids) -> output module with dynamic shapes."""
    import torch

    ids = torch.ones((2, 8), dtype=torch.long)
    names = ["input_ids", "attention_mask", "token_type_ids"]
    axes = {name: {0: "batch", 1: "tokens"} for name in names}
    # Tracing warns about every Python branch on a shape; for BERT they are expected (and a
    # warnings-as-errors filter, as in the tests, would break the export).
    with torch.no_grad(), warnings.catch_warnings():  # no_grad, not inference_mode: the tracer needs autograd tensors
        warnings.simplefilter("ignore")
        torch.onnx.export(
            module.eval(),
            (ids, ids, torch.zeros_like(ids)),
            str(path),
            dynamo=False,  # the TorchScript exporter needs no onnxscript, and handles BERT fine
            input_names=names,
            output_names=[output],
            dynamic_axes={**axes, output: {0: "batch"}},
            opset_version=17,
        )
    weights_beside(path)


def weights_beside(path: Path) -> None:
    """Rewrite the ONNX file at path with its weights in `<name>.data` beside it, which ONNX
    Runtime maps instead of copying: the float32 embedder's session then holds 53 MB of private
    memory instead of 128 (measured), and processes share the weights. Peak RSS is about the
    same, since RSS also counts the mapped pages once read."""
    import onnx

    graph = onnx.load(str(path))
    onnx.save_model(
        graph, str(path), save_as_external_data=True, all_tensors_to_one_file=True, location=f"{path.name}.data"
    )


class OnnxModel:
    """An exported model and its tokenizer: texts (or text pairs) in, the graph's output out."""

    def __init__(self, onnx_file: Path, folder: Path, *, max_length: int) -> None:
        self.session = session(onnx_file)
        self.max_length = max_length
        self.tokenizer, self._lock = tokenizer(folder)  # its length setting is shared state

    def run(self, items: Sequence[str | tuple[str, str]]) -> np.ndarray:
        cleaned = [clean(i) if isinstance(i, str) else (clean(i[0]), clean(i[1])) for i in items]
        with self._lock:
            # Pairs too are cut longest first, as sentence-transformers' CrossEncoder did in
            # training (only_second also fails outright on a question longer than the limit).
            self.tokenizer.enable_truncation(max_length=self.max_length, strategy="longest_first")
            encodings = self.tokenizer.encode_batch(cleaned)
        return np.asarray(self.session.run(None, inputs(encodings))[0])


class Once(Generic[T]):
    """A value made on first use and shared after; threads asking at once wait for the one
    making it (lru_cache alone would let both make it)."""

    def __init__(self, make: Callable[[], T]) -> None:
        self._make = make
        self._value: T | None = None
        self._lock = threading.Lock()

    def get(self) -> T:
        with self._lock:
            if self._value is None:
                self._value = self._make()
            return self._value

    def forget(self) -> None:
        """The next get() makes it again (after the weights changed)."""
        with self._lock:
            self._value = None


class OnnxEncoder(OnnxModel):
    """Sentence embeddings: encode() and get_sentence_embedding_dimension(), as
    sentence-transformers names them; mean pooling and normalising are inside the graph."""

    def __init__(self, onnx_file: Path, folder: Path, *, max_length: int, dimension: int) -> None:
        super().__init__(onnx_file, folder, max_length=max_length)
        self.dimension = dimension

    scale = (1.0, 0.0)  # the engine's units are this model's cosines

    def get_sentence_embedding_dimension(self) -> int:
        return self.dimension

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        """Questions are embedded as sentences are."""
        return self.encode(texts)

    def encode(self, texts: Sequence[str], batch_size: int = 32, **_: Any) -> np.ndarray:
        """Unit-length vectors, one row per text. Longest texts are batched together (less padding)."""
        order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for begin in range(0, len(order), batch_size):
            rows = order[begin : begin + batch_size]
            out[rows] = self.run([texts[i] for i in rows])
        return out
