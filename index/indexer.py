"""Bringing the store in line with the seeds folder: embed what changed, drop what went away."""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from .documents import Document, SeedScan, scan_seeds
from .embeddings import SentenceEmbedder
from .errors import SeedError
from .recovery import WriteMark
from .sentences import Sentence, split_sentences
from .settings import Settings
from .store import SentenceStore

# Show a progress bar only when embedding takes long enough to wonder whether it is stuck.
PROGRESS_THRESHOLD = 500
EMBED_GROUP = 512  # sentences per encode call
# What a document with nothing to quote is told: no words at all (symbols, emoji), or only
# headings, rules or code.
NO_PROSE = "has no sentences to cite (no words, or only headings, rules or code)"
NO_SENTENCES = f"{NO_PROSE}, skipped"


@dataclass(frozen=True)
class IndexReport:
    documents: int
    added: int
    removed: int
    unchanged: int
    seconds: float
    skipped: tuple[SeedError, ...] = ()
    duplicates: tuple[tuple[str, str], ...] = ()

    def summary(self) -> str:
        return (
            f"{_count(self.documents, 'document')}, {_count(self.added, 'sentence')} added, {self.removed} removed, "
            f"{self.unchanged} unchanged in {self.seconds:.1f}s"
        )


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def embedding_text(sentence: Sentence) -> str:
    """What is embedded for a sentence: the sentence, after what it leans on."""
    return " ".join(part for part in (sentence.heading, sentence.context, sentence.text) if part)


def refresh(
    settings: Settings,
    store: SentenceStore,
    embedder: Callable[[], SentenceEmbedder],
    *,
    progress: bool = False,
    verify: bool = True,
    on_progress: Callable[[int, int], object] | None = None,
) -> IndexReport:
    """Idempotent: unchanged documents embed nothing; the model is loaded only if needed.

    verify=False is the cheap check at start-up: a file whose stamp (size, times, inode) matches
    the manifest is not read again. verify=True reads every file and also deletes sentences no
    live document owns, left by an interrupted run. on_progress(done, total) is told how many
    sentences are embedded, of about how many (the web chat's progress bar).
    """
    began = time.perf_counter()
    manifest = store.manifest_entries()  # read once: what is live, its size, its stamp
    live = {source: entry.digest for source, entry in manifest.items()}
    counts = {source: entry.sentences for source, entry in manifest.items()}
    stamps = {source: entry.stamp for source, entry in manifest.items()}
    known = (
        None if verify else {source: (entry.digest, entry.stamp) for source, entry in manifest.items() if entry.stamp}
    )
    scan: SeedScan = scan_seeds(settings.seeds_dir, added_dir=settings.added_dir, known=known)

    wanted = {d.source: d for d in scan.documents}
    changed = [d for d in scan.documents if live.get(d.source) != d.digest]
    gone = [source for source in live if source not in wanted]
    unchanged = sum(counts.get(d.source, 0) for d in scan.documents if live.get(d.source) == d.digest)

    added = 0
    empty: list[SeedError] = []  # documents with nothing to cite: headings, rules or code only
    # Marked from the first write to the last: a kill between leaves the mark (recovery.py).
    with WriteMark(settings, store.collections) as writing:
        if changed:
            model = embedder()
            estimate = max(1, sum(len(d.text) for d in changed) // 150)  # about 150 characters a sentence
            bar = _progress_bar(estimate, enabled=progress)
            embedded = 0

            def advance(count: int) -> None:
                nonlocal embedded
                embedded += count
                if bar is not None:
                    bar.update(count)
                if on_progress is not None:
                    on_progress(embedded, max(estimate, embedded))

            # Three stages in threads: syntok splits the next documents and Chroma stores the last
            # ones while the model embeds this one. One writer thread keeps each document's
            # sentences written before it is published. The embedded Chroma's upsert holds the GIL
            # throughout (measured: a Python thread ran at 1 % of its speed during a 0.47 s upsert
            # of 1,041 sentences), so a write overlaps at most the batch ONNX Runtime is running;
            # indexing 1,041 sentences took as long as encoding and writing them one after the
            # other (3.3 s), and smaller upserts were slower (3.5 s in chunks of 64).
            with ThreadPoolExecutor(1, "split") as splitter, ThreadPoolExecutor(1, "write") as writer:
                splits = [splitter.submit(split_sentences, d) for d in changed]
                writes = []
                group: list[tuple[Document, list[Sentence]]] = []
                try:
                    for position, (document, split) in enumerate(zip(changed, splits, strict=True)):
                        sentences = split.result()
                        if not sentences:
                            empty.append(SeedError(document.source, NO_SENTENCES))
                        else:
                            group.append((document, sentences))
                        if sum(len(g[1]) for g in group) < EMBED_GROUP and position < len(changed) - 1:
                            continue
                        if not group:
                            continue
                        # One encode call for a group of documents: the model sorts by length within a
                        # call, so bigger calls pad less (per-document calls ran at 0.6x raw encode).
                        texts = [embedding_text(s) for _, sentences in group for s in sentences]
                        vectors = model.embed_documents(texts, progress=advance)
                        writing()
                        writes.append(writer.submit(_write, store, group, vectors))
                        added += len(texts)
                        group = []
                    for write in writes:
                        write.result()  # re-raises a failed write
                finally:
                    if bar is not None:
                        bar.close()
        # Read again but unchanged (touched, or indexed before stamps were kept): note the file's
        # current stamp, so the next start-up does not read it again.
        for d in scan.documents:
            if d.text and live.get(d.source) == d.digest and stamps.get(d.source, "") != d.stamp:
                writing()
                store.publish(d.source, d.digest, counts.get(d.source, 0), d.stamp)
        if gone:
            writing()
        store.retire(gone)
        if changed or gone or verify:
            stale = store.stale_record_ids()
            if stale:
                writing()
            store.delete_records(stale)
    removed = sum(counts.get(d.source, 0) for d in changed if d.source in live)
    removed += sum(counts.get(source, 0) for source in gone)
    return IndexReport(
        documents=len(scan.documents) - len(empty),
        added=added,
        removed=removed,
        unchanged=unchanged,
        seconds=time.perf_counter() - began,
        skipped=scan.skipped + tuple(empty),
        duplicates=scan.duplicates,
    )


def _write(store: SentenceStore, group: list[tuple[Document, list[Sentence]]], vectors: list[list[float]]) -> None:
    """The group's sentences in one upsert, then each document made live (never before its
    sentences are all written)."""
    store.add_sentences([(doc.digest, s) for doc, sentences in group for s in sentences], vectors)
    for doc, sentences in group:
        store.publish(doc.source, doc.digest, len(sentences), doc.stamp)


def _progress_bar(total: int, *, enabled: bool):  # type: ignore[no-untyped-def]
    if not enabled or total < PROGRESS_THRESHOLD:
        return None
    from tqdm import tqdm

    return tqdm(total=total, unit="sentence", desc="Embedding", leave=False)
