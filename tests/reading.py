"""What the tests ask of the short-answer reading: the short answer one sentence gives, as the
reply would open with it (assistant.shortanswer.opening_spans, which the opening gate reads)."""

from __future__ import annotations

from assistant.question import Kind
from assistant.shortanswer import opening_spans, yes_or_no


def find_short_answer(
    kind: Kind, question: str, sentence: str, names: frozenset[str] = frozenset(), *, subject: bool = False
) -> str | None:
    """The short answer of the kind in sentence, nearest to the words the question shares; with
    subject, the first one (who "she" of the next sentence is: its subject)."""
    if kind is Kind.YESNO:
        return yes_or_no(question, sentence)
    _, found = opening_spans(kind, question, sentence, names, subject=subject)
    return " ".join(found.text.split()) if found else None
