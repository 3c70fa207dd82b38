"""Cited answers about the documents in the seeds folder: the read path and the public API."""

from index import (
    AssistantError,
    DocumentError,
    EmptyIndexError,
    EmptyQuestionError,
    InputError,
    QuestionTooLongError,
    Settings,
    StoreError,
    StoreUnreachableError,
    UnknownSourceError,
)
from index.documents import MAX_FILE_BYTES, SUFFIXES  # what a document may be: for adapters checking uploads

from .chain import Assistant, answer, default_assistant
from .types import Answer, Citation, SourceDocument

__all__ = [
    "Answer",
    "Assistant",
    "AssistantError",
    "Citation",
    "DocumentError",
    "EmptyIndexError",
    "EmptyQuestionError",
    "InputError",
    "MAX_FILE_BYTES",
    "QuestionTooLongError",
    "SUFFIXES",
    "Settings",
    "SourceDocument",
    "StoreError",
    "StoreUnreachableError",
    "UnknownSourceError",
    "answer",
    "default_assistant",
]
