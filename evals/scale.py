"""`assistant bench --scale`: synthetic corpora of growing size, indexed embedded and on a Chroma server.

For each size: indexing throughput next to raw encode throughput (on a sample of the same
sentences, in the same run), the store's size on disk, and answer latency over new questions.
"""

from __future__ import annotations

import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

from index import Settings

from .local import ChromaServer
from .scoring import percentile
from .synthetic import write_corpus

SCALE_QUESTIONS = [
    "Who said talks on a prisoner exchange would resume in Oslo?",
    "How long did delegates discuss grain shipments in Vienna?",
    "How many observers would be sent to Doha?",
    "Where did Anna Kovalenko meet counterparts?",
    "What did Kenji Sato call the proposal on sanctions relief?",
    "Which day was the statement about energy infrastructure released?",
    "Was an agreement on a maritime truce reached?",
    "What dominated the agenda in Helsinki?",
    "Who warned about the monitoring mission?",
    "What is the capital of Peru?",
]


def scale(settings: Settings, sizes: list[int], modes: list[str]) -> dict[str, Any]:
    """Index synthetic corpora of growing size, embedded and on a Chroma server, and answer on each."""
    from assistant import Assistant
    from index import embedding_text, load_model
    from index.documents import scan_seeds
    from index.sentences import split_sentences

    results: dict[str, Any] = {}
    model = load_model(settings.embedder)  # the raw encode of the model that indexes
    with tempfile.TemporaryDirectory(prefix="assistant-scale-") as scratch:
        for size in sizes:
            seeds = Path(scratch) / f"seeds-{size}"
            write_corpus(seeds, size, per_document=100)
            texts = [embedding_text(s) for d in scan_seeds(seeds).documents for s in split_sentences(d)]
            sample = texts[:2000]  # raw encode throughput, measured on a sample of the same sentences
            began = time.perf_counter()
            model.encode(sample)
            raw = len(sample) / (time.perf_counter() - began)
            for mode in modes:
                store_dir = Path(scratch) / f"store-{size}-{mode}"
                server = ChromaServer(store_dir) if mode == "server" else None
                if server:
                    server.start()
                try:
                    local = replace(
                        settings,
                        seeds_dir=seeds,
                        store_dir=store_dir,
                        chroma_url=server.url if server else None,
                        auto_index=False,
                    )
                    began = time.perf_counter()
                    assistant = Assistant(local, defer_load=True)
                    report = assistant.index()
                    seconds = time.perf_counter() - began
                    assistant = Assistant(local)
                    for question in SCALE_QUESTIONS[:3]:  # warm, with strings never timed
                        assistant.answer("Warm up: " + question)
                    latencies = []
                    # Every timed question is a new string: a repeat would be served from the query cache.
                    for prefix in ("", "Tell me: ", "According to the reports, "):
                        for question in SCALE_QUESTIONS:
                            began = time.perf_counter()
                            assistant.answer(prefix + question)
                            latencies.append(time.perf_counter() - began)
                    size_mb = sum(p.stat().st_size for p in store_dir.rglob("*") if p.is_file()) / 2**20
                finally:
                    if server:
                        server.stop()
                results[f"{size}/{mode}"] = {
                    "sentences": report.added,
                    "index_per_s": report.added / seconds,
                    "raw_encode_per_s": raw,
                    "ratio_vs_raw": report.added / seconds / raw,
                    "store_mb": size_mb,
                    "answer_p50_ms": 1000 * percentile(latencies, 0.5),
                    "answer_p95_ms": 1000 * percentile(latencies, 0.95),
                }
                print(f"  {size}/{mode}: {results[f'{size}/{mode}']}", file=sys.stderr, flush=True)
    return results


def scale_table(results: dict[str, Any]) -> str:
    lines = ["size/mode        sentences  index/s  raw/s  ratio  store MB  p50 ms  p95 ms"]
    for key, r in results.items():
        lines.append(
            f"{key:<16} {r['sentences']:>9} {r['index_per_s']:>8.0f} {r['raw_encode_per_s']:>6.0f} "
            f"{r['ratio_vs_raw']:>6.2f} {r['store_mb']:>9.1f} {r['answer_p50_ms']:>7.1f} {r['answer_p95_ms']:>7.1f}"
        )
    return "\n".join(lines)
