"""The web chat: an adapter from Gradio to the assistant's public API, holding no answering logic.

A plain Blocks chat rather than gr.ChatInterface: ChatInterface shows the user's message as
sanitised Markdown, so `<img src=x>` would render as an image; here every displayed message is
escaped by ui.render, and the raw conversation is kept per session in a gr.State.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from assistant import Answer, AssistantError, SourceDocument

from .render import PENDING_HTML, answer_html, article_html, error_html, user_html

if TYPE_CHECKING:
    import gradio as gr

log = logging.getLogger(__name__)

EXAMPLES = [
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
mark.flash { outline: 2px solid #f59e0b; }
.refusal { border-left: 4px solid #9ca3af; padding-left: 10px; color: #4b5563; }
.refusal-label { font-weight: 700; text-transform: uppercase; font-size: 12px; letter-spacing: .05em; }
.notice { border-left: 4px solid #f59e0b; padding-left: 10px; }
.answer-notice { font-size: 13px; color: #92400e; background: #fffbeb; border-radius: 4px; padding: 2px 6px; }
.pending { opacity: .7; font-style: italic; }
.answer-engine { font-size: 12px; opacity: .7; }
a.cite { font-weight: 600; text-decoration: none; }
"""

# Clicking an [n] marker in the chat scrolls its sentence into view in the article panel.
HEAD = """
<script>
document.addEventListener('click', function (event) {
  const link = event.target.closest && event.target.closest('a[href^="#cite-"]');
  if (!link) return;
  event.preventDefault();
  event.stopPropagation();
  const target = document.getElementById(link.getAttribute('href').slice(1));
  if (!target) return;
  document.querySelectorAll('mark.flash').forEach(m => m.classList.remove('flash'));
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


class ChatAdapter:
    """One chat turn in, what the page shows out. Errors become a friendly line in the chat.

    With a streaming answer function (the generative engine), the page first shows a pending
    line, then each preview of the verified answer, then the answer itself.
    """

    def __init__(
        self,
        answer: Callable[[str, Sequence[Mapping[str, str]]], Answer],
        document: Callable[[str], SourceDocument],
        default_source: str | None,
        stream: Callable[[str, Sequence[Mapping[str, str]]], Iterable[Answer]] | None = None,
    ) -> None:
        self.answer = answer
        self.document = document
        self.default_source = default_source
        self.stream = stream

    def initial_article(self) -> str:
        return article_html(self._document(self.default_source))

    def turn(
        self, question: str, conversation: Messages | None, shown: Messages | None
    ) -> tuple[Messages, Messages, str, Any]:
        """(raw conversation, displayed chat, cleared textbox, article panel) after one question."""
        *_, last = self.turns(question, conversation, shown)
        return last

    def turns(
        self, question: str, conversation: Messages | None, shown: Messages | None
    ) -> Iterator[tuple[Messages, Messages, str, Any]]:
        """What the page shows as the answer comes in; the last item is the finished turn."""
        past = list(conversation or [])
        screen = list(shown or [])
        question = question or ""
        asked = [_message("user", user_html(question))]

        def failed(html: str) -> tuple[Messages, Messages, str, Any]:
            # The question stays in the box to be fixed or sent again; nothing joins the conversation.
            return past, screen + asked + [_message("assistant", html)], question, self.initial_article()

        result: Answer | None = None
        try:
            if self.stream is None:
                result = self.answer(question, past)
            else:
                keep = _unchanged()
                yield past, screen + asked + [_message("assistant", PENDING_HTML)], "", keep
                for result in self.stream(question, past):
                    preview = _message("assistant", answer_html(result, pending=True))
                    yield past, screen + asked + [preview], "", keep
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
        # New lists: the ones already yielded may still be read by the page.
        past = past + [_message("user", question), _message("assistant", result.text)]
        screen = screen + asked + [_message("assistant", answer_html(result))]
        source = result.citations[0].source if result.citations else self.default_source
        panel = article_html(self._document(source), result.citations, answered=result.answered)
        yield past, screen, "", panel

    def api(self, message: str, history: list[dict[str, Any]] | None = None) -> dict[str, Any]:
        """The /chat API: a question and the conversation so far, the answer as JSON."""
        try:
            return self.answer(message, list(history or [])).to_dict()
        except AssistantError as error:
            return {"error": str(error)}

    def _document(self, source: str | None) -> SourceDocument | None:
        if source is None:
            return None
        try:
            return self.document(source)
        except (KeyError, AssistantError):
            return None


def create_app(adapter: ChatAdapter, *, title: str = "Ceasefire talks: cited answers") -> gr.Blocks:
    """Build the Gradio app without launching it."""
    import gradio as gr

    with gr.Blocks(title=title) as app:
        gr.Markdown(f"## {title}\nAsk about the article. Every answer quotes the sentences it comes from.")
        conversation = gr.State([])
        with gr.Row():
            with gr.Column(scale=3):
                chatbot = gr.Chatbot(height=520, label="Chat", sanitize_html=True, elem_id="chat")
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
            with gr.Column(scale=2):
                gr.Markdown("### Source")
                article = gr.HTML(adapter.initial_article(), elem_id="article")
        question.submit(
            adapter.turns,
            [question, conversation, chatbot],
            [conversation, chatbot, question, article],
            api_visibility="private",
        )
        clear.click(
            lambda: ([], [], "", adapter.initial_article()),
            None,
            [conversation, chatbot, question, article],
            api_visibility="private",
        )
        gr.api(adapter.api, api_name="chat")
    return app


def launch(
    app: gr.Blocks,
    *,
    host: str = "127.0.0.1",
    port: int = 7860,
    block: bool = True,
    auth: tuple[str, str] | None = None,
) -> str:
    """Start the server (Gradio 6 takes css and head at launch) and return its URL."""
    app.queue(default_concurrency_limit=4)
    app.launch(
        server_name=host,
        server_port=port,
        css=CSS,
        head=HEAD,
        auth=auth,
        prevent_thread_lock=not block,
        quiet=True,
        show_error=False,
    )
    return f"http://{host}:{port}/"


def _unchanged() -> Any:
    """Leave a component as it is for this update (the article panel while an answer streams)."""
    import gradio as gr

    return gr.skip()


def _message(role: str, content: str) -> dict[str, str]:
    return {"role": role, "content": content}
