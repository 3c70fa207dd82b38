"""The records the public API returns: an answer and the sentences it cites."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class Citation:
    source: str  # path relative to the seeds folder
    sentence_id: str
    start: int
    end: int
    text: str  # exactly the source file's text[start:end]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Answer:
    text: str  # contains a [n] marker for citation n, and no other markers
    answered: bool  # False: the documents do not say; citations are then related sentences
    citations: Sequence[Citation] = ()
    engine: str = "extractive"  # which engine wrote the text: "extractive" or "llm"
    notes: Sequence[str] = field(default=())  # why it refused, what was dropped, ...
    notice: str = ""  # one line for the user, e.g. why the generated answer was replaced
    short: str = ""  # the short answer the text opens with ("Sergei Lavrov", "Yes"); "" for none

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "answered": self.answered,
            "citations": [c.to_dict() for c in self.citations],
            "engine": self.engine,
            "notes": list(self.notes),
            "notice": self.notice,
            "short": self.short,
        }


@dataclass(frozen=True)
class SourceDocument:
    """A document as indexed: its text and the spans of its sentences, for showing citations in place."""

    source: str
    text: str
    sentences: Sequence[Citation]
