"""The web chat's adapter with a stand-in answer function: what the page would show."""

from __future__ import annotations

from typing import Any

from assistant import Answer, Citation, EmptyQuestionError, SourceDocument
from ui import ChatAdapter
from ui.render import answer_html, article_html

TEXT = "First <b>one</b>. Second * one_ here.\nThird one."
DOC = SourceDocument(
    source="doc.txt",
    text=TEXT,
    sentences=(
        Citation("doc.txt", "doc.txt#1", 0, 17, TEXT[0:17]),
        Citation("doc.txt", "doc.txt#2", 18, 37, TEXT[18:37]),
        Citation("doc.txt", "doc.txt#3", 38, 48, TEXT[38:48]),
    ),
)


def stand_in(question: str, history) -> Answer:  # type: ignore[no-untyped-def]
    if not question.strip():
        raise EmptyQuestionError("Please type a question.")
    if "refuse" in question:
        return Answer(
            "The article doesn't say.\n\nRelated sentences, which do not answer it:\n\n“Third one.” [1]",
            False,
            (DOC.sentences[2],),
        )
    return Answer(f"Two.\n\n“{DOC.sentences[1].text}” [1]", True, (DOC.sentences[1],))


def adapter() -> ChatAdapter:
    return ChatAdapter(stand_in, lambda source: DOC, "doc.txt")


def is_left_alone(update: Any) -> bool:
    """Whether an output leaves its component as the page has it (Gradio's skip)."""
    return isinstance(update, dict) and update == {"__type__": "update"}


def last_turn(chat: ChatAdapter, *args: Any) -> Any:
    """What the page shows once a question's turn is over: the last of ChatAdapter.turns' updates
    (raw conversation, displayed chat, cleared textbox, article panel, answers)."""
    *_, last = chat.turns(*args)
    return last


def test_answer_html_escapes_and_links_markers() -> None:
    html = answer_html(Answer("Quote “<script>alert(1)</script>” [1]", True, (DOC.sentences[0],)))
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert '<a class="cite" href="#sentence-doc.txt%231">[1]</a>' in html
    assert '<a class="cite" href="#cite-7">[7]</a>' in answer_html(Answer("No such [7]", True, ()))  # names none


def test_article_marks_cited_sentences_with_numbers() -> None:
    html = article_html(DOC, [DOC.sentences[1]])
    assert '<mark class="cited" id="cite-1" data-id="doc.txt#2"><sup>1</sup>Second * one_ here.</mark>' in html
    assert "First &lt;b&gt;one&lt;/b&gt;." in html  # document markup is text
    assert html.count("<mark") == 1


def test_turn_keeps_raw_conversation_and_shows_escaped_chat() -> None:
    conversation, shown, box, panel, _ = last_turn(adapter(), "<img src=x onerror=alert(1)> why?", [], [])
    assert conversation[0] == {"role": "user", "content": "<img src=x onerror=alert(1)> why?"}
    assert conversation[1]["role"] == "assistant"
    assert "&lt;img src=x onerror=alert(1)&gt;" in shown[0]["content"]
    assert is_left_alone(box) and 'class="cited"' in panel  # the page emptied it when the question went


def test_refusal_looks_different_and_shades_related_sentences() -> None:
    _, shown, _, panel, _ = last_turn(adapter(), "please refuse", [], [])
    assert shown[1]["content"].startswith('<div class="refusal"><p class="refusal-label">Not in the article</p>')
    assert 'class="related"' in panel and 'class="cited"' not in panel


def test_errors_become_a_friendly_line_and_keep_the_question() -> None:
    conversation, shown, box, _, _ = last_turn(adapter(), "   ", [], [])
    assert conversation == [] and box == "   "
    assert "Please type a question." in shown[1]["content"]

    def broken(question: str, history) -> Answer:  # type: ignore[no-untyped-def]
        raise RuntimeError("boom")

    _, shown, _, _, _ = last_turn(ChatAdapter(broken, lambda s: DOC, "doc.txt"), "hi", [], [])
    assert "Something went wrong" in shown[1]["content"] and "boom" not in shown[1]["content"]


def test_api_returns_json_or_error() -> None:
    assert adapter().api("Which?")["answered"] is True
    assert adapter().api("") == {"error": "Please type a question."}

    def broken(question: str, history) -> Answer:  # type: ignore[no-untyped-def]
        raise RuntimeError("boom")

    # Any failure, not only the assistant's own errors, is the {"error": ...} the README promises.
    assert ChatAdapter(broken, lambda s: DOC, "doc.txt").api("hi") == {
        "error": "Something went wrong while answering. Please try again."
    }


def test_a_streaming_answer_shows_pending_then_previews_then_the_answer() -> None:
    preview = Answer("Second one [1].", True, (DOC.sentences[1],), engine="llm")
    final = Answer("Second one [1].", True, (DOC.sentences[1],), engine="llm", notice="1 sentence <b>was</b> removed.")

    def stream(question: str, history):  # type: ignore[no-untyped-def]
        yield preview
        yield final

    chat = ChatAdapter(stand_in, lambda source: DOC, "doc.txt", stream)
    updates = list(chat.turns("Which?", [], []))
    assert 'class="pending"' in updates[0][1][-1]["content"] and updates[0][0] == []
    assert 'class="answer pending"' in updates[1][1][-1]["content"]
    conversation, shown, box, panel, _ = updates[-1]
    assert conversation == [{"role": "user", "content": "Which?"}, {"role": "assistant", "content": final.text}]
    assert shown[-1]["content"].startswith('<div class="answer"><p class="answer-notice">1 sentence &lt;b&gt;was')
    assert "pending" not in shown[-1]["content"] and is_left_alone(box) and 'class="cited"' in panel
    assert all(is_left_alone(update[2]) for update in updates)  # the reader may be typing the next question
    assert last_turn(chat, "Which?", [], [])[:4] == updates[-1][:4]  # the answers differ only by their new ids


def test_a_stream_that_fails_midway_shows_a_friendly_line() -> None:
    def stream(question: str, history):  # type: ignore[no-untyped-def]
        yield Answer("Second one [1].", True, (DOC.sentences[1],), engine="llm")
        raise RuntimeError("connection reset")

    conversation, shown, box, _, _ = last_turn(
        ChatAdapter(stand_in, lambda s: DOC, "doc.txt", stream), "Which?", [], []
    )
    assert conversation == [] and box == "Which?"
    assert "Something went wrong" in shown[-1]["content"] and "reset" not in shown[-1]["content"]


class Shelf:
    """A stand-in for the assistant's documents: what the adapter asks of it."""

    def __init__(self) -> None:
        self.added: list[tuple[str, str]] = []

    def sources(self) -> list[str]:
        return ["doc.txt", *(f"added/{name}" for name, _ in self.added)]

    def added_documents(self) -> list[str]:
        return [f"added/{name}" for name, _ in self.added]

    def add_document(self, name: str, content: str | bytes, *, progress=None) -> str:  # type: ignore[no-untyped-def]
        if (name, str(content)) not in self.added:  # the same text again is not added twice
            self.added.append((name, str(content)))
        return f"added/{name}"

    def remove_document(self, source: str) -> str:
        self.added = [(n, c) for n, c in self.added if f"added/{n}" != source]
        return source


def component_ids(app) -> set[str]:  # type: ignore[no-untyped-def]
    return {c.get("props", {}).get("elem_id") for c in app.config["components"]}


def test_the_chat_offers_no_copy_button_that_would_copy_markup() -> None:
    """Gradio's Copy put the answer's HTML on the clipboard ('<div class="answer"><p>...')."""
    from ui import create_app

    app = create_app(ChatAdapter(stand_in, lambda s: DOC, "doc.txt"))
    [chat] = [c for c in app.config["components"] if c.get("props", {}).get("elem_id") == "chat"]
    assert not set(chat["props"].get("buttons") or []) & {"copy", "copy_all", "share"}


def test_the_add_panel_is_there_only_when_uploads_are_on() -> None:
    from ui import create_app

    on = create_app(ChatAdapter(stand_in, lambda s: DOC, "doc.txt", shelf=Shelf()))
    off = create_app(ChatAdapter(stand_in, lambda s: DOC, "doc.txt"))
    assert {"add-panel", "add-button", "remove-button", "documents"} <= component_ids(on)
    assert "add-panel" not in component_ids(off) and "remove-button" not in component_ids(off)
    assert "documents" in component_ids(off)  # the picker still scopes the conversation


def test_allow_uploads_is_read_from_the_environment() -> None:
    from index import ConfigError, Settings

    assert Settings.from_env({}).allow_uploads is True
    assert Settings.from_env({"ASSISTANT_ALLOW_UPLOADS": "0"}).allow_uploads is False
    assert Settings.from_env({"ASSISTANT_ALLOW_UPLOADS": "false"}).allow_uploads is False
    try:
        Settings.from_env({"ASSISTANT_ALLOW_UPLOADS": "maybe"})
    except ConfigError as error:
        assert "ASSISTANT_ALLOW_UPLOADS" in str(error)
    else:
        raise AssertionError("an unreadable ASSISTANT_ALLOW_UPLOADS was accepted")


def test_with_a_login_only_logged_in_users_add_or_remove() -> None:
    from types import SimpleNamespace

    shelf = Shelf()
    chat = ChatAdapter(stand_in, lambda s: DOC, "doc.txt", shelf=shelf, login_required=True)
    anonymous, ann = SimpleNamespace(username=None), SimpleNamespace(username="ann")
    status, *_ = chat.add_text("notes.txt", "Some text.", request=anonymous)
    assert "Log in" in status and shelf.added == []
    status, *_ = chat.add_text("notes.txt", "Some text.", request=ann)
    assert "Added added/notes.txt" in status and shelf.added == [("notes.txt", "Some text.")]
    status, *_ = chat.add_text("notes.txt", "Some text.", request=ann)
    assert "added/notes.txt was already added, with this text" in status and "Added" not in status
    status, *_ = chat.remove("added/notes.txt", request=anonymous)
    assert "Log in" in status and shelf.added
    status, *_ = chat.remove("added/notes.txt", request=ann)
    assert "Removed added/notes.txt" in status and shelf.added == []


def test_a_pasted_text_is_plain_text_whatever_its_title_looks_like() -> None:
    shelf = Shelf()
    chat = ChatAdapter(stand_in, lambda s: DOC, "doc.txt", shelf=shelf)
    status, choices, _, chosen = chat.add_text("", "Kyiv, 16.05.2025\n\nTalks resumed. Both sides spoke.")
    assert shelf.added[0][0] == "Kyiv, 16.05.2025.txt"
    assert "Added" in status and chosen == "added/Kyiv, 16.05.2025.txt" and chosen in choices
    status, *_ = chat.add_text("notes.md", "Some text.")
    assert shelf.added[1][0] == "notes.md"
