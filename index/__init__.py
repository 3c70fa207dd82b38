"""The write path: seed files to sentences to embeddings to Chroma."""

from .documents import ADDED, SUFFIXES, Document, SeedScan, document_from_bytes, document_path, safe_name, scan_seeds
from .embeddings import SentenceEmbedder, load_model, offline_environment
from .errors import (
    AssistantError,
    ConfigError,
    DocumentError,
    EmptyIndexError,
    EmptyQuestionError,
    InputError,
    QuestionTooLongError,
    SeedError,
    StoreError,
    StoreUnreachableError,
    UnknownSourceError,
)
from .indexer import NO_PROSE, IndexReport, embedding_text, refresh
from .recovery import HALF_WRITTEN, half_written, recover, unfinished, writer_lock
from .sentences import Sentence, sentence_spans, split_sentences
from .settings import ENGINES, JUDGES, Settings
from .store import SentenceStore, StoredSentence, open_client, reopen_client, unreachable

__all__ = [
    "ADDED",
    "HALF_WRITTEN",
    "ENGINES",
    "SUFFIXES",
    "JUDGES",
    "NO_PROSE",
    "AssistantError",
    "ConfigError",
    "Document",
    "DocumentError",
    "EmptyIndexError",
    "EmptyQuestionError",
    "IndexReport",
    "InputError",
    "QuestionTooLongError",
    "SeedError",
    "SeedScan",
    "Sentence",
    "SentenceEmbedder",
    "SentenceStore",
    "Settings",
    "StoreError",
    "StoreUnreachableError",
    "StoredSentence",
    "UnknownSourceError",
    "document_from_bytes",
    "document_path",
    "embedding_text",
    "load_model",
    "offline_environment",
    "open_client",
    "reopen_client",
    "refresh",
    "safe_name",
    "scan_seeds",
    "sentence_spans",
    "split_sentences",
    "half_written",
    "recover",
    "unfinished",
    "unreachable",
    "writer_lock",
]
