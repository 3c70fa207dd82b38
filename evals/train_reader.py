"""Training the sentence reader: a MiniLM cross-encoder that scores whether a sentence answers a question.

Data: the train split of the public SQuAD 2.0 head (evals/squad.py), as (question, sentence)
pairs. The sentence holding the answer is the positive; the other sentences of its paragraph,
and two sentences of other paragraphs of the same article, are negatives; every sentence of an
unanswerable question's paragraph is a negative. A sentence that leans on the one before
(index.sentences.ANAPHORS) is read with it, as at answer time.

The model starts from the packaged all-MiniLM-L6-v2 weights through sentence-transformers'
CrossEncoder. Its word embeddings stay frozen, so they need not ship: the reader loads them from
the packaged model, and only the rest (about 22 MB in float16) goes into assistant/model/.
"""

from __future__ import annotations

import random
import tempfile
import time
from pathlib import Path
from typing import Any

from assistant.judge import READER_MAX_LENGTH, reader_text
from index import Document, split_sentences
from index.embeddings import model_path, offline_environment

from .squad import write_split

# From the spike in the issue (one epoch, batch 32, lr 4e-5 on 23k pairs took 14 minutes here).
EPOCHS = 2  # one epoch left the reader rating paraphrases low (measured on the dev split)
BATCH_SIZE = 32
LEARNING_RATE = 4e-5
OTHER_PARAGRAPH_NEGATIVES = 2
# The sentence holding an unanswerable question's plausible-looking answer is the hardest kind
# of negative, and the one the judge must learn to refuse: it is seen this many times.
DECOY_REPEATS = 3
SEED = 13


def training_pairs(split: str = "train") -> list[tuple[str, str, float]]:
    rng = random.Random(SEED)
    pairs: list[tuple[str, str, float]] = []
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        questions = write_split(split, folder)
        sentences = {}
        for path in sorted(folder.iterdir()):
            text = path.read_text(encoding="utf-8")
            sentences[path.name] = split_sentences(Document(path.name, text, ""))
    paragraph_of: dict[tuple[str, int], list[Any]] = {}
    for source, items in sentences.items():
        for s in items:
            paragraph_of.setdefault((source, s.paragraph), []).append(s)
    for q in questions:
        items = sentences[q.source]
        gold = next((s for s in items if s.start <= q.offset < s.end), None) if q.answers else None
        if q.answers and gold is None:
            continue
        paragraph = next(s.paragraph for s in items if s.end > q.paragraph_start)
        for s in paragraph_of[(q.source, paragraph)]:
            decoy = s.start <= q.plausible < s.end
            for _ in range(DECOY_REPEATS if decoy else 1):
                pairs.append((q.question, reader_text(s.text, s.context), float(s is gold)))
        others = [s for s in items if s.paragraph != paragraph]
        for s in rng.sample(others, min(OTHER_PARAGRAPH_NEGATIVES, len(others))):
            pairs.append((q.question, reader_text(s.text, s.context), 0.0))
    rng.shuffle(pairs)
    return pairs


def train(out_dir: Path, *, limit: int | None = None, log=print) -> Path:  # type: ignore[no-untyped-def]
    offline_environment()
    import torch
    from sentence_transformers import CrossEncoder
    from sentence_transformers.readers import InputExample  # type: ignore[attr-defined]
    from torch.utils.data import DataLoader

    torch.manual_seed(SEED)
    pairs = training_pairs()
    if limit:
        pairs = pairs[:limit]
    positives = sum(1 for p in pairs if p[2] > 0)
    log(f"{len(pairs)} pairs, {positives} positive")
    model = CrossEncoder(model_path(), num_labels=1, max_length=READER_MAX_LENGTH, device="cpu")
    model.model.get_input_embeddings().weight.requires_grad_(False)
    examples = [InputExample(texts=[q, s], label=y) for q, s, y in pairs]
    loader = DataLoader(examples, shuffle=True, batch_size=BATCH_SIZE)  # type: ignore[arg-type, var-annotated]
    began = time.monotonic()
    model.old_fit(
        train_dataloader=loader,
        epochs=EPOCHS,
        warmup_steps=len(loader) // 10,
        optimizer_params={"lr": LEARNING_RATE},
        show_progress_bar=True,
    )
    log(f"trained in {time.monotonic() - began:.0f} s")
    return save(model.model, out_dir)


def save(model, out_dir: Path) -> Path:  # type: ignore[no-untyped-def]
    from safetensors.torch import save_file

    out_dir.mkdir(parents=True, exist_ok=True)
    skip = "embeddings.word_embeddings.weight"
    state = {k: v.detach().half().contiguous() for k, v in model.state_dict().items() if not k.endswith(skip)}
    path = out_dir / "reader.safetensors"
    save_file(state, str(path), metadata={"base": "all-MiniLM-L6-v2", "frozen": skip, "data": "SQuAD 2.0 head, train"})
    return path


if __name__ == "__main__":
    import sys

    print(train(Path(sys.argv[1]), limit=int(sys.argv[2]) if len(sys.argv) > 2 else None))
