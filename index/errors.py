"""Errors a user can cause or meet, each with a message fit to show as it is.

AssistantError
├── InputError (also ValueError)      a question the assistant will not take
│   ├── EmptyQuestionError
│   ├── QuestionTooLongError
│   ├── DocumentError                 a file or text that cannot be added (binary, empty, ...)
│   └── UnknownSourceError            a document name that is not indexed (also a KeyError)
├── ConfigError                       settings that cannot work (an unknown engine, a missing URL)
├── SeedError                         a seed file that cannot be read (skipped, reported)
└── StoreError                        the index cannot be opened or reached
    ├── StoreUnreachableError         a Chroma server that does not answer
    └── EmptyIndexError               nothing to answer from
"""

from __future__ import annotations


class AssistantError(Exception):
    """Base of every error meant for the user; str(error) is the one-line message."""


class InputError(AssistantError, ValueError):
    """The question (or history) is not acceptable."""


class EmptyQuestionError(InputError):
    pass


class QuestionTooLongError(InputError):
    pass


class DocumentError(InputError):
    """A document a reader tried to add or remove; the message names it and says why."""

    def __init__(self, name: str, reason: str) -> None:
        super().__init__(f"{name}: {reason}")
        self.name = name
        self.reason = reason


class UnknownSourceError(InputError, KeyError):
    """A source that names no indexed document. Also a KeyError, which it was before it had a
    message: code that looked a document up and caught KeyError still works."""

    def __init__(self, source: str, known: list[str] | tuple[str, ...] = ()) -> None:
        listed = f": the documents are {', '.join(known)}" if 0 < len(known) <= 10 else ""
        super().__init__(f"{source} is not an indexed document{listed}.")
        self.source = source

    __str__ = BaseException.__str__  # KeyError's own would show the message in quotes


class ConfigError(AssistantError):
    """The settings ask for something that cannot run; the message names the variable to fix."""


class SeedError(AssistantError):
    """A seed file that was skipped; the rest of the corpus is still indexed."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class StoreError(AssistantError):
    pass


class StoreUnreachableError(StoreError):
    pass


class EmptyIndexError(StoreError):
    pass
