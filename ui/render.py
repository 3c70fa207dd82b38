"""HTML and Markdown for the web chat. Everything from users or documents is escaped here."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from urllib.parse import quote

from assistant import Answer, Citation, SourceDocument

_MARKER = re.compile(r"\[(\d+)\]")


PENDING_HTML = '<div class="pending"><p>Checking the article…</p></div>'


def answer_html(result: Answer, *, pending: bool = False) -> str:
    """The answer as chat HTML: every character of it escaped, [n] markers made links to the article.

    HTML rather than Markdown, so that * or _ in a quoted sentence stays a character. A notice
    (why a generated answer was cut or replaced) comes first; pending marks a preview that is
    still being written and checked.
    """

    def link(found: re.Match[str]) -> str:
        # The link names the sentence itself: the panel numbers only the latest answer's
        # citations, so an older answer's [1] must find its own sentence, not the latest [1].
        # In the href, as the chat's sanitizer keeps it and drops data- attributes.
        n = int(found.group(1))
        cited = result.citations[n - 1] if 0 < n <= len(result.citations) else None
        target = f"sentence-{quote(cited.sentence_id, safe='')}" if cited else f"cite-{n}"
        return f'<a class="cite" href="#{html.escape(target)}">[{n}]</a>'

    paragraphs = []
    for paragraph in result.text.split("\n\n"):
        escaped = html.escape(paragraph).replace("\n", "<br>")
        paragraphs.append(_MARKER.sub(link, escaped))
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    if result.notice:
        body = f'<p class="answer-notice">{html.escape(result.notice)}</p>' + body
    if result.engine == "llm" and result.answered:
        body += (
            '<p class="answer-engine">Written by the language model; each sentence was checked against its source.</p>'
        )
    if pending:
        return f'<div class="answer pending">{body}</div>'
    if result.answered:
        return f'<div class="answer">{body}</div>'
    return f'<div class="refusal"><p class="refusal-label">Not in the article</p>{body}</div>'


def user_html(question: str) -> str:
    """A question shown exactly as typed: markup in it is text."""
    return f'<div class="question">{html.escape(question).replace(chr(10), "<br>")}</div>'


def status_html(message: str, state: str) -> str:
    """A one-line status (adding a document, saving feedback); state is working, done or failed."""
    if not message:
        return ""
    return f'<p class="status {html.escape(state)}">{html.escape(message)}</p>'


def error_html(message: str) -> str:
    return f'<div class="notice"><p>{html.escape(message)}</p></div>'


def article_html(document: SourceDocument | None, citations: Sequence[Citation] = (), *, answered: bool = True) -> str:
    """The document as paragraphs of sentences, the cited ones in <mark class="cited"> with their numbers."""
    if document is None:
        return '<div class="article-panel"><p class="article-empty">No document is indexed.</p></div>'
    numbers = {c.sentence_id: n for n, c in enumerate(citations, 1) if c.source == document.source}
    kind = "cited" if answered else "related"
    parts = []
    position = 0
    for sentence in document.sentences:
        parts.append(_escape_between(document.text[position : sentence.start]))
        body = html.escape(sentence.text)
        n = numbers.get(sentence.sentence_id)
        if n is None:
            parts.append(f'<span class="sentence" data-id="{html.escape(sentence.sentence_id)}">{body}</span>')
        else:
            parts.append(
                f'<mark class="{kind}" id="cite-{n}" data-id="{html.escape(sentence.sentence_id)}">'
                f"<sup>{n}</sup>{body}</mark>"
            )
        position = sentence.end
    parts.append(_escape_between(document.text[position:]))
    if numbers:
        note = "Cited sentences are highlighted." if answered else "Not an answer: related sentences are shaded."
    else:
        note = "Ask a question: the sentences it rests on are highlighted here."
    return (
        f'<div class="article-panel"><div class="article-source">{html.escape(document.source)}'
        f' · <span class="article-note">{note}</span></div>'
        f'<div class="article-text">{"".join(parts)}</div></div>'
    )


def _escape_between(text: str) -> str:
    # Blank lines end a paragraph; a single line break inside one is shown as one.
    escaped = html.escape(text)
    return escaped.replace("\n\n", "<br><br>").replace("\n", "<br>")
