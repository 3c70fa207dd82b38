"""The web chat: an adapter from Gradio to the assistant's public API, holding no answering logic.

A plain Blocks chat rather than gr.ChatInterface: ChatInterface shows the user's message as
sanitised Markdown, so `<img src=x>` would render as an image; here every displayed message is
escaped by ui.render, and the raw conversation is kept per session in a gr.State.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from assistant import MAX_FILE_BYTES, SUFFIXES, Answer, Assistant, AssistantError, SourceDocument, UnknownSourceError
from assistant.feedback import FEEDBACK_FILE, FeedbackLog

from .render import PENDING_HTML, answer_html, article_html, error_html, status_html, user_html

if TYPE_CHECKING:
    import gradio as gr

log = logging.getLogger(__name__)

EXAMPLES = [
    "What is this article about?",
    "When will Trump speak with Putin?",
    "How long did the talks in Turkey last?",
    "How many prisoners of war will be exchanged?",
    "What did Zelensky call for?",
]

CSS = """
.article-panel { font-size: 15px; line-height: 1.6; max-height: 75vh; overflow-y: auto; padding: 4px 8px; }
.article-source { font-size: 12px; opacity: .75; margin-bottom: 8px; }
mark.cited { background: #fde68a; color: inherit; border-radius: 3px; padding: 0 2px; }
mark.related { background: #e5e7eb; color: inherit; border-radius: 3px; padding: 0 2px;
               border-bottom: 2px dashed #9ca3af; }
mark sup { font-weight: 700; margin-right: 2px; }
mark.flash, span.sentence.flash { outline: 2px solid #f59e0b; }
span.sentence.flash { background: #fef3c7; border-radius: 3px; }
.refusal { border-left: 4px solid #9ca3af; padding-left: 10px; color: #4b5563; }
.refusal-label { font-weight: 700; font-size: 13px; }
.notice { border-left: 4px solid #f59e0b; padding-left: 10px; }
.answer-notice { font-size: 13px; color: #92400e; background: #fffbeb; border-radius: 4px; padding: 2px 6px; }
.pending { opacity: .7; font-style: italic; }
.answer-engine { font-size: 12px; opacity: .7; }
a.cite { font-weight: 600; text-decoration: none; }
.status.working { opacity: .8; font-style: italic; }
.status.failed { color: #b91c1c; }
.status.done { color: #166534; }
"""

# Clicking an [n] marker in the chat scrolls its sentence into view in the article panel: the
# sentence the marker names (#sentence-ID), which in an older answer is not the panel's [n].
HEAD = """
<script>
document.addEventListener('click', function (event) {
  const link = event.target.closest && event.target.closest('a.cite');
  if (!link) return;
  event.preventDefault();
  event.stopPropagation();
  const href = link.getAttribute('href') || '';
  const id = href.startsWith('#sentence-') ? decodeURIComponent(href.slice(10)) : null;
  const panel = document.querySelector('#article .article-text');
  const named = id && panel && Array.from(panel.querySelectorAll('[data-id]')).find(e => e.dataset.id === id);
  const target = named || (!id && document.getElementById(href.slice(1)));
  if (!target) return;
  document.querySelectorAll('.flash').forEach(m => m.classList.remove('flash'));
  target.scrollIntoView({behavior: 'smooth', block: 'center'});
  target.classList.add('flash');
}, true);
// After each answer the Source panel scrolls to the first cited (or related) sentence, once per
// answer: the panel is new HTML then, and a panel the reader scrolls afterwards stays put.
(function () {
  const revealed = new WeakSet();
  function reveal() {
    const panel = document.querySelector('#article .article-panel');
    const mark = panel && panel.querySelector('mark.cited, mark.related');
    if (!mark || revealed.has(mark)) return;
    revealed.add(mark);
    const top = mark.getBoundingClientRect().top - panel.getBoundingClientRect().top;
    panel.scrollTop += top - panel.clientHeight / 4;
  }
  new MutationObserver(reveal).observe(document.documentElement, {childList: true, subtree: true});
})();
</script>
"""

Messages = list[dict[str, str]]
Answers = dict[int, dict[str, Any]]  # what each answer on screen was, by its index in the chat
Turn = tuple[Messages, Messages, str, Any, Answers]
Done = tuple[str, list[str], Any, "str | None"]  # status line, picker's choices, panel, the document to choose
ALL = "All documents"  # the picker's choice for a conversation over every document


class Shelf(Protocol):
    """The documents a reader may add to and remove from (the Assistant is one)."""

    def sources(self) -> list[str]: ...
    def added_documents(self) -> list[str]: ...
    def add_document(
        self, name: str, content: str | bytes, *, progress: Callable[[int, int], object] | None = None
    ) -> str: ...
    def remove_document(self, source: str) -> str: ...


class ChatAdapter:
    """One chat turn in, what the page shows out. Errors become a friendly line in the chat.

    With a streaming answer function (the generative engine), the page first shows a pending
    line, then each preview of the verified answer, then the answer itself. With a shelf,
    readers add and remove their own documents; with a feedback file, they rate answers.
    """

    def __init__(
        self,
        answer: Callable[..., Answer],
        document: Callable[[str], SourceDocument],
        default_source: str | None,
        stream: Callable[..., Iterable[Answer]] | None = None,
        *,
        sources: Callable[[], list[str]] | None = None,
        shelf: Shelf | None = None,
        feedback: Path | None = None,
        login_required: bool = False,
    ) -> None:
        self.answer = answer
        self.document = document
        self.default_source = default_source
        self.stream = stream
        self.sources = sources or (shelf.sources if shelf else lambda: [default_source] if default_source else [])
        self.shelf = shelf
        self.feedback = FeedbackLog(feedback) if feedback else None
        self.login_required = login_required

    def initial_article(self) -> str:
        return article_html(self._document(self.default_source))

    def article(self, scope: str | None) -> str:
        """The panel for the picker's choice: that document, or the default one for all."""
        return article_html(self._document(self.default_source if scope in (None, ALL) else scope))

    def choices(self) -> list[str]:
        try:
            return [ALL, *self.sources()]
        except AssistantError:
            return [ALL]

    def turns(
        self,
        question: str,
        conversation: Messages | None,
        shown: Messages | None,
        answers: Answers | None = None,
        scope: str | None = None,
    ) -> Iterator[Turn]:
        """What the page shows as the answer comes in; the last item is the finished turn."""
        past = list(conversation or [])
        screen = list(shown or [])
        rated = dict(answers or {})
        question = question or ""
        asked = [_message("user", user_html(question))]
        scoped = {} if scope in (None, ALL) else {"source": scope}

        def failed(html: str) -> Turn:
            # The question stays in the box to be fixed or sent again; nothing joins the conversation.
            return past, screen + asked + [_message("assistant", html)], question, self.article(scope), rated

        result: Answer | None = None
        try:
            if self.stream is None:
                result = self.answer(question, past, **scoped)
            else:
                keep = _unchanged()
                yield past, screen + asked + [_message("assistant", PENDING_HTML)], keep, keep, rated
                for result in self.stream(question, past, **scoped):
                    preview = _message("assistant", answer_html(result, pending=True))
                    yield past, screen + asked + [preview], keep, keep, rated
        except UnknownSourceError as missing:  # the chosen document was removed meanwhile (in another tab, say)
            yield failed(error_html(f"{missing.source} is no longer indexed: choose another document."))
            return
        except AssistantError as error:
            yield failed(error_html(str(error)))
            return
        except Exception:  # the chat must never show a traceback or hang on a spinner
            log.exception("answer failed")
            yield failed(error_html("Something went wrong while answering. Please try again."))
            return
        if result is None:
            yield failed(error_html("No answer came back. Please try again."))
            return
        # New lists and dict: the ones already yielded may still be read by the page.
        rated[len(screen) + 1] = {
            "answer_id": uuid.uuid4().hex,  # a reader may change a rating: the last one counts
            "question": question,
            "history": past,
            "answer": result.to_dict(),
            **scoped,
        }
        past = past + [_message("user", question), _message("assistant", result.text)]
        screen = screen + asked + [_message("assistant", answer_html(result))]
        source = result.citations[0].source if result.citations else scoped.get("source", self.default_source)
        panel = article_html(self._document(source), result.citations, answered=result.answered)
        # The box is left as it is: the page cleared it when the question was sent (SEND_JS), and
        # the reader may be typing the next one by now.
        yield past, screen, _unchanged(), panel, rated

    # -- feedback ----------------------------------------------------------------------------
    def rate(self, index: Any, liked: Any, comment: str | None, answers: Answers | None) -> str:
        """Append a thumbs up or down on the answer at index to the feedback file; a line for the page."""
        position = index[0] if isinstance(index, (list, tuple)) else index
        record = (answers or {}).get(position) if isinstance(position, int) else None
        if self.feedback is None or record is None:
            return status_html("There is no answer there to rate.", "failed")
        # Gradio sends True, False, or "" when a thumb is clicked again to take it back.
        rating = "up" if liked is True else "down" if liked is False else "retracted" if not liked else str(liked)
        try:
            self.feedback.append({"rating": rating, "comment": (comment or "").strip(), **record})
        except Exception:  # a full disk must not break the chat
            log.exception("feedback not written")
            return status_html("Your feedback could not be saved. Please try again.", "failed")
        if rating == "retracted":
            return status_html("Your rating was taken back.", "done")
        return status_html("Thanks: your feedback was saved and helps us test the assistant.", "done")

    # -- documents ---------------------------------------------------------------------------
    def add_text(
        self, name: str, text: str, *, request: Any = None, progress: Callable[[int, int], object] | None = None
    ) -> Done:
        """Add a pasted text (named by the reader, or by its first line)."""
        if not (text or "").strip():
            return self._refused("Paste a text first.")
        label = (name or "").strip() or _title(text)
        # A pasted text is plain text whatever its title looks like ("Kyiv, 16.05.2025").
        if not label.lower().endswith(SUFFIXES):
            label += ".txt"
        return self._add(label, text, request, progress)

    def add_file(
        self, path: str | None, *, request: Any = None, progress: Callable[[int, int], object] | None = None
    ) -> Done:
        """Add an uploaded file, under the name it had on the reader's machine."""
        if not path:
            return "", self.choices(), _unchanged(), None
        file = Path(path)
        try:
            raw = file.read_bytes()
        except OSError:
            return self._refused(f"{file.name}: cannot be read.")
        return self._add(file.name, raw, request, progress)

    def remove(self, source: str | None, *, request: Any = None) -> Done:
        """Remove an added document: (status line, picker choices, the default panel)."""
        if self.shelf is None:
            return self._refused("Removing documents is turned off here.")
        if not self._allowed(request):
            return self._refused("Log in to remove documents.")
        if not source or source == ALL:
            return self._refused("Choose an added document to remove.")
        try:
            self.shelf.remove_document(source)
        except AssistantError as error:
            return self._refused(str(error))
        except Exception:
            log.exception("remove failed")
            return self._refused(f"{source} could not be removed.")
        return status_html(f"Removed {source}.", "done"), self.choices(), self.initial_article(), ALL

    def removable(self, source: str | None) -> bool:
        try:
            return self.shelf is not None and source in self.shelf.added_documents()
        except AssistantError:
            return False

    def _add(
        self, name: str, content: str | bytes, request: Any, progress: Callable[[int, int], object] | None
    ) -> Done:
        if self.shelf is None:
            return self._refused("Adding documents is turned off here.")
        if not self._allowed(request):
            return self._refused("Log in to add documents.")
        try:
            known = set(self.shelf.sources())
            source = self.shelf.add_document(name, content, progress=progress)
        except AssistantError as error:
            return self._refused(str(error))
        except Exception:
            log.exception("add failed")
            return self._refused(f"{name} could not be added.")
        said = (
            f"{source} was already added, with this text: ask about it."
            if source in known
            else f"Added {source}: ask about it."
        )
        return status_html(said, "done"), self.choices(), self.article(source), source

    def _refused(self, message: str) -> Done:
        """A failed add or remove: the message, the picker as it is, the panel left alone."""
        return status_html(message, "failed"), self.choices(), _unchanged(), None

    def _allowed(self, request: Any) -> bool:
        # With a login configured, Gradio names the user on every request it let in.
        return not self.login_required or bool(getattr(request, "username", None))

    def api(
        self, message: str, history: list[dict[str, Any]] | None = None, source: str | None = None
    ) -> dict[str, Any]:
        """The /chat API: a question, the conversation so far and optionally one document to
        answer from; the answer as JSON."""
        try:
            return self.answer(message, list(history or []), **({"source": source} if source else {})).to_dict()
        except AssistantError as error:  # an unknown source too: its message names the documents
            return {"error": str(error)}
        except Exception:  # as in the chat: logged here, one line to the caller, never a traceback
            log.exception("API answer failed")
            return {"error": "Something went wrong while answering. Please try again."}

    def _document(self, source: str | None) -> SourceDocument | None:
        if source is None:
            return None
        try:
            return self.document(source)
        except (KeyError, AssistantError):
            return None


# Runs in the page when a question is sent, before it goes to the server: the box is emptied
# then, so that what the reader types while the answer comes is theirs (the answer used to clear
# the box when it arrived, taking the first letters of the next question with it). Gradio's
# textbox keeps its value bound to the textarea's input events. Returns the event's five inputs.
SEND_JS = """
(...values) => {
    const box = document.querySelector('#question textarea');
    if (box) {
        box.value = '';
        box.dispatchEvent(new Event('input', { bubbles: true }));
    }
    return values.slice(0, 5);
}
"""


def create_app(adapter: ChatAdapter, *, title: str = "Ceasefire talks: cited answers") -> gr.Blocks:
    """Build the Gradio app without launching it."""
    import gradio as gr

    with gr.Blocks(title=title) as app:
        gr.Markdown(f"## {title}\nAsk about the article. Every answer quotes the sentences it comes from.")
        conversation = gr.State([])
        answers = gr.State({})
        with gr.Row():
            with gr.Column(scale=3):
                chatbot = gr.Chatbot(
                    height=520,
                    label="Chat",
                    sanitize_html=True,
                    # Gradio's copy buttons copy a message's HTML source, markup and all; selecting
                    # the text copies it as the reader sees it.
                    buttons=[],
                    elem_id="chat",
                    feedback_options=("Like", "Dislike") if adapter.feedback else None,
                )
                question = gr.Textbox(
                    placeholder="Ask a question about the article…",
                    show_label=False,
                    max_lines=4,
                    submit_btn=True,
                    autofocus=True,
                    elem_id="question",
                )
                with gr.Row():
                    gr.Examples(EXAMPLES, inputs=question, label="Examples")
                    clear = gr.Button("Clear", variant="secondary", scale=0, elem_id="clear")
                if adapter.feedback is not None:
                    comment = gr.Textbox(
                        placeholder="A comment on an answer (optional), sent when you rate it with the thumbs under it",
                        show_label=False,
                        max_lines=3,
                        elem_id="feedback-comment",
                    )
                    rated = gr.HTML("", elem_id="feedback-status")
            with gr.Column(scale=2):
                gr.Markdown("### Source")
                picker = gr.Dropdown(
                    choices=adapter.choices(),
                    value=ALL,
                    label="Documents",
                    info="Ask about all of them, or only the one chosen here.",
                    interactive=True,
                    elem_id="documents",
                )
                article = gr.HTML(adapter.initial_article(), elem_id="article")
                if adapter.shelf is not None:
                    remove = gr.Button(
                        "Remove this document", variant="secondary", size="sm", visible=False, elem_id="remove-button"
                    )
                    status = gr.HTML("", elem_id="add-status")
                    with gr.Accordion("Add your own text", open=False, elem_id="add-panel"):
                        name = gr.Textbox(label="Name (optional)", placeholder="my-article.txt", elem_id="add-name")
                        pasted = gr.Textbox(label="Paste a text", lines=6, max_lines=12, elem_id="add-text")
                        add = gr.Button("Add", variant="primary", elem_id="add-button")
                        upload = gr.File(
                            label=f"…or upload a .txt or .md file (up to {MAX_FILE_BYTES // 2**20} MB)",
                            file_types=[".txt", ".md"],
                            type="filepath",
                            elem_id="add-file",
                        )

        question.submit(
            adapter.turns,
            [question, conversation, chatbot, answers, picker],
            [conversation, chatbot, question, article, answers],
            api_visibility="private",
            js=SEND_JS,
        )
        clear.click(
            lambda scope: ([], [], "", adapter.article(scope), {}),
            picker,
            [conversation, chatbot, question, article, answers],
            api_visibility="private",
        )
        gr.api(adapter.api, api_name="chat")
        # Another tab may have added or removed a document: the picker is fresh on every load.
        app.load(lambda: gr.update(choices=adapter.choices()), None, picker, api_visibility="private")

        if adapter.feedback is not None:

            def rate(given: Answers, text: str, data: gr.LikeData) -> tuple[str, str]:
                return adapter.rate(data.index, data.liked, text, given), ""

            _resolve(rate, data=gr.LikeData)
            chatbot.like(rate, [answers, comment], [rated, comment], api_visibility="private")

        if adapter.shelf is None:
            picker.change(adapter.article, picker, article, api_visibility="private")
            return app

        def chosen(scope: str) -> tuple[str, Any]:
            return adapter.article(scope), gr.update(visible=adapter.removable(scope))

        picker.change(chosen, picker, [article, remove], api_visibility="private")

        def working(label: str) -> str:
            return status_html(f"Indexing {label}…", "working")

        def finished(done: Done, scope: str) -> tuple[str, Any, Any, Any]:
            # A new document is chosen: "ask about it" then means it, not the earlier choice.
            line, choices, panel, chosen = done
            keep = chosen or (scope if scope in choices else ALL)
            return line, gr.update(choices=choices, value=keep), panel, gr.update(visible=adapter.removable(keep))

        def add_text(
            label: str,
            text: str,
            scope: str,
            request: gr.Request,
            progress: gr.Progress = gr.Progress(),  # noqa: B008 (Gradio injects its bar here)
        ) -> Iterator[tuple[str, Any, Any, Any]]:
            yield working(label.strip() or "the pasted text"), gr.skip(), gr.skip(), gr.skip()
            yield finished(adapter.add_text(label, text, request=request, progress=_reporter(progress)), scope)

        def add_file(
            path: str | None,
            scope: str,
            request: gr.Request,
            progress: gr.Progress = gr.Progress(),  # noqa: B008 (Gradio injects its bar here)
        ) -> Iterator[tuple[str, Any, Any, Any]]:
            if not path:
                return
            yield working(Path(path).name), gr.skip(), gr.skip(), gr.skip()
            yield finished(adapter.add_file(path, request=request, progress=_reporter(progress)), scope)

        def remove_chosen(scope: str, request: gr.Request) -> tuple[str, Any, Any, Any]:
            return finished(adapter.remove(scope, request=request), scope)

        for handler in (add_text, add_file, remove_chosen):
            _resolve(handler, request=gr.Request, progress=gr.Progress)
        documents = [status, picker, article, remove]
        add.click(add_text, [name, pasted, picker], documents, api_visibility="private").then(
            # Cleared only after a success: the status's class says so, not its words (a
            # refused "done.txt" must keep the reader's pasted text).
            lambda line: ("", "") if 'class="status done"' in line else (gr.skip(), gr.skip()),
            status,
            [name, pasted],
            api_visibility="private",
        )
        upload.upload(add_file, [upload, picker], documents, api_visibility="private").then(
            lambda: None, None, upload, api_visibility="private"
        )
        remove.click(remove_chosen, picker, documents, api_visibility="private")
    return app


def adapter_for(assistant: Assistant, *, login_required: bool = False) -> ChatAdapter:
    """The web chat over an assistant: its documents, its answers (streamed when the engine
    streams), uploads unless ASSISTANT_ALLOW_UPLOADS=0, feedback into the reports folder."""
    sources = assistant.sources()
    added = set(assistant.added_documents())
    default = next((s for s in sources if s not in added), sources[0] if sources else None)
    settings = assistant.settings
    return ChatAdapter(
        assistant.answer,
        assistant.document,
        default,
        assistant.answer_stream if assistant.streams else None,
        sources=assistant.sources,
        shelf=assistant if settings.allow_uploads else None,
        feedback=settings.reports_dir / FEEDBACK_FILE,
        login_required=login_required,
    )


def launch(
    app: gr.Blocks,
    *,
    host: str = "127.0.0.1",
    port: int = 7860,
    auth: tuple[str, str] | None = None,
) -> str:
    """Start the server in its own threads (Gradio 6 takes css and head at launch) and return its
    URL; the caller waits with app.block_thread() when it has nothing else to do."""
    app.queue(default_concurrency_limit=4)
    app.launch(
        # Gradio refuses only far bigger files: up to this, our check refuses with a seed file's message.
        max_file_size=10 * MAX_FILE_BYTES,
        server_name=host,
        server_port=port,
        css=CSS,
        head=HEAD,
        auth=auth,
        prevent_thread_lock=True,
        quiet=True,
        show_error=False,
    )
    return f"http://{host}:{port}/"


def _unchanged() -> Any:
    """Leave a component as it is for this update (the article panel while an answer streams)."""
    import gradio as gr

    return gr.skip()


def _resolve(handler: Callable[..., Any], **types: type) -> None:
    """Gradio hands a handler its request, progress bar or like data by the parameter's type,
    which it reads with typing.get_type_hints. Here annotations are strings (postponed) and
    `gr` is imported inside create_app, so they would not resolve and nothing would be handed
    over: the classes are set on the handler itself."""
    names = handler.__code__.co_varnames[: handler.__code__.co_argcount]
    handler.__annotations__.update({name: kind for name, kind in types.items() if name in names})


def _reporter(progress: Any) -> Callable[[int, int], object]:
    """Gradio's progress bar, told how many sentences of about how many are embedded."""

    def report(done: int, total: int) -> None:
        progress(min(done / max(total, 1), 0.99), desc=f"Embedding: {done:,} sentences")

    return report


def _title(text: str) -> str:
    """A pasted text's name: its first line, shortened (safe_name makes a file name of it)."""
    first = next((line.strip() for line in text.splitlines() if line.strip()), "pasted")
    return " ".join(first.split()[:8])[:60]


def _message(role: str, content: str) -> dict[str, str]:
    return {"role": role, "content": content}
