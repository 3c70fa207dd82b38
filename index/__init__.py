"""The write path: seed files to sentences to embeddings to Chroma."""

from .documents import Document, SeedScan, scan_seeds
from .embeddings import SentenceEmbedder, load_model, offline_environment
from .errors import (
    AssistantError,
    EmptyIndexError,
    EmptyQuestionError,
    InputError,
    QuestionTooLongError,
    SeedError,
    StoreError,
    StoreUnreachableError,
)
from .indexer import IndexReport, embedding_text, refresh
from .sentences import Sentence, split_sentences
from .settings import Settings
from .store import SentenceStore, StoredSentence, open_client, unreachable

__all__ = [
    "AssistantError",
    "Document",
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
    "embedding_text",
    "load_model",
    "offline_environment",
    "open_client",
    "refresh",
    "scan_seeds",
    "split_sentences",
    "unreachable",
]
