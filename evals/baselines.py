"""The pipelines a user could build instead, run on the same cases and the same store.

(a) the tutorial LangChain pipeline: langchain_chroma.Chroma with HuggingFaceEmbeddings of the
    same model, top-1 sentence of similarity_search as the answer;
(b) BM25 top-1 with bm25s' own tokenizer.
Neither can refuse: they always answer with their best sentence.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import Any

from assistant import Assistant, Citation

from .cases import Case
from .scoring import Prediction

K = 5


def _sentences(assistant: Assistant) -> list[Citation]:
    """Every indexed sentence, as the baselines index them themselves."""
    return [s for source in assistant.sources() for s in assistant.document(source).sentences]


def langchain_top1(assistant: Assistant) -> Callable[[Case], Prediction]:
    from langchain_chroma import Chroma
    from langchain_huggingface import HuggingFaceEmbeddings

    from index.embeddings import model_path, offline_environment

    offline_environment()
    embeddings = HuggingFaceEmbeddings(
        model_name=model_path(), model_kwargs={"device": "cpu"}, encode_kwargs={"normalize_embeddings": True}
    )
    if assistant.settings.embedder == "minilm":
        client = assistant.store.client
        store = Chroma(client=client, collection_name=assistant.store.name, embedding_function=embeddings)
    else:
        # The store holds another model's vectors: the tutorial pipeline indexes its own, in
        # memory, of the sentences alone (as a tutorial would; the store's MiniLM vectors also
        # hold the sentence each one leans on).
        import uuid

        import chromadb

        sentences = _sentences(assistant)
        store = Chroma.from_texts(
            [s.text for s in sentences],
            embeddings,
            metadatas=[{"sentence_id": s.sentence_id} for s in sentences],
            ids=[s.sentence_id for s in sentences],
            client=chromadb.EphemeralClient(),
            # In-memory clients of one process share their collections: a fresh name per build.
            collection_name=f"baseline-{uuid.uuid4().hex}",
            collection_metadata={"hnsw:space": "cosine"},
        )

    def run(case: Case) -> Prediction:
        began = time.perf_counter()
        documents = store.similarity_search(case.question, k=K)
        ids = tuple(str(d.metadata["sentence_id"]) for d in documents)
        text = documents[0].page_content if documents else ""
        return Prediction(case.id, True, text, ids[:1], ids, time.perf_counter() - began)

    return run


def bm25_top1(assistant: Assistant) -> Callable[[Case], Prediction]:
    import bm25s

    sentences = _sentences(assistant)
    retriever = bm25s.BM25()
    retriever.index(
        bm25s.tokenize([s.text for s in sentences], stopwords="en", show_progress=False), show_progress=False
    )

    def run(case: Case) -> Prediction:
        began = time.perf_counter()
        tokens = bm25s.tokenize([case.question], stopwords="en", show_progress=False)
        found, _ = retriever.retrieve(tokens, k=min(K, len(sentences)), show_progress=False)
        ranked: Sequence[Any] = [sentences[int(i)] for i in found[0]]
        ids = tuple(s.sentence_id for s in ranked)
        text = ranked[0].text if ranked else ""
        return Prediction(case.id, True, text, ids[:1], ids, time.perf_counter() - began)

    return run
