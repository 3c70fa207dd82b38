"""The real web chat in Debian's chromium (playwright) and over gradio_client, on loopback."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

if not CHROMIUM.exists():
    if os.environ.get("CI") == "true":
        raise RuntimeError("CI needs Debian's chromium for the browser tests: scripts/install-chromium")
    pytest.skip("Debian's chromium is not installed (scripts/install-chromium)", allow_module_level=True)


@pytest.fixture(scope="module")
def browser():  # type: ignore[no-untyped-def]
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser, app_url):  # type: ignore[no-untyped-def]
    page = browser.new_page(viewport={"width": 1300, "height": 800})
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(app_url)
    page.locator("#question textarea").wait_for()
    page.dialogs = dialogs  # type: ignore[attr-defined]
    yield page
    page.close()


def ask(page, question: str) -> str:  # type: ignore[no-untyped-def]
    bots = page.locator('[data-testid="bot"]')
    before = bots.count()
    box = page.locator("#question textarea")
    box.fill(question)
    box.press("Enter")
    bots.nth(before).wait_for(timeout=30_000)
    page.wait_for_function("() => !document.querySelector('.generating, .pending')", timeout=30_000)
    return str(bots.nth(before).inner_text())


def test_answer_is_cited_and_highlighted(page) -> None:  # type: ignore[no-untyped-def]
    reply = ask(page, "How long did the talks in Turkiye last?")
    assert "one hour and 40 minutes" in reply and "[1]" in reply
    mark = page.locator("#article mark.cited")
    assert mark.count() == 1
    assert "lasted one hour and 40 minutes" in mark.inner_text()
    assert mark.get_attribute("id") == "cite-1"


def test_asking_what_the_article_is_about_highlights_its_opening(page) -> None:  # type: ignore[no-untyped-def]
    # The first example: the article's first three sentences, quoted and highlighted in order.
    page.get_by_text("What is this article about?", exact=True).first.click()
    # The example fills the box a moment after the click: pressing Enter before that sent an empty
    # question ("Please type a question."), a race a fresh-clone CI run lost once.
    page.wait_for_function(
        "() => document.querySelector('#question textarea').value === 'What is this article about?'", timeout=10_000
    )
    page.locator("#question textarea").press("Enter")
    page.locator('[data-testid="bot"]').first.wait_for(timeout=30_000)
    page.wait_for_function("() => !document.querySelector('.generating, .pending')", timeout=30_000)
    reply = str(page.locator('[data-testid="bot"]').last.inner_text())
    assert reply.startswith("From the article:") and "[3]" in reply and "doesn't say" not in reply
    marks = page.locator("#article mark.cited")
    assert marks.count() == 3
    assert "Upcoming conversations aim to address" in marks.first.inner_text()
    assert "first direct negotiations" in marks.last.inner_text()


def test_clicking_a_citation_scrolls_its_sentence_into_view(page) -> None:  # type: ignore[no-untyped-def]
    ask(page, "Which venue did Rubio mention for future discussions?")  # the article's last sentence
    page.locator("#article .article-panel").evaluate("el => el.scrollTop = 0")
    page.locator('[data-testid="bot"] a.cite').last.click()
    page.wait_for_timeout(800)
    assert page.locator("#article mark.cited").is_visible()
    box = page.locator("#article mark.cited").bounding_box()
    panel = page.locator("#article .article-panel").bounding_box()
    assert box is not None and panel is not None and panel["y"] <= box["y"] <= panel["y"] + panel["height"]


IN_PANEL = """() => {
  const panel = document.querySelector('#article .article-panel');
  const mark = document.querySelector('#article mark.cited, #article mark.related');
  if (!panel || !mark) return false;
  const p = panel.getBoundingClientRect(), m = mark.getBoundingClientRect();
  return m.top >= p.top && m.bottom <= p.bottom;
}"""


def test_a_citation_in_an_older_answer_shows_its_own_sentence(page) -> None:  # type: ignore[no-untyped-def]
    """Every answer numbers its citations from [1] and the panel marks only the latest answer's:
    clicking [1] in an earlier answer flashed the latest answer's first sentence instead."""
    ask(page, "Who is the Kremlin spokesperson?")
    ask(page, "Which venue did Rubio mention for future discussions?")
    page.locator('[data-testid="bot"]').first.locator("a.cite").first.click()
    page.wait_for_timeout(800)
    flashed = page.locator("#article .flash")
    assert flashed.count() == 1 and "Kremlin spokesperson Dmitry Peskov" in flashed.inner_text()
    assert flashed.is_visible()
    page.locator('[data-testid="bot"]').last.locator("a.cite").first.click()
    page.wait_for_timeout(300)
    assert "Vatican" in page.locator("#article .flash").inner_text()


@pytest.mark.parametrize(("width", "height"), [(1400, 950), (390, 844)])
def test_the_evidence_is_in_view_after_an_answer(browser, app_url, width: int, height: int) -> None:  # type: ignore[no-untyped-def]
    page = browser.new_page(viewport={"width": width, "height": height})
    page.goto(app_url)
    page.locator("#question textarea").wait_for()
    for question in ("How many prisoners of war will be exchanged?", "Which venue did Rubio mention?"):
        page.locator("#article .article-panel").evaluate("el => el.scrollTop = 0")
        ask(page, question)
        page.wait_for_function(IN_PANEL, timeout=5_000)  # the panel scrolled to the first cited sentence
    page.close()


def test_no_horizontal_overflow_on_a_phone(browser, app_url) -> None:  # type: ignore[no-untyped-def]
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(app_url)
    page.locator("#question textarea").wait_for()
    ask(page, "Who announced plans to hold discussions with Putin and Zelensky?")
    assert page.evaluate("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    page.close()


def test_the_next_question_typed_while_an_answer_comes_is_kept_whole(page) -> None:  # type: ignore[no-untyped-def]
    """Typing the next question while an answer was on its way lost its first letters ("o is
    Rubio?") or stuck them to the question sent ("Who is Peskov?W"): the finished answer cleared
    the box. The box is now cleared when a question is sent, and left alone after."""
    box = page.locator("#question textarea")
    box.fill("Who is the Kremlin spokesperson?")
    box.press("Enter")
    page.wait_for_timeout(120)  # a fast typist's next key; a key in the same instant may still join the question
    page.keyboard.type("Who is Marco Rubio?", delay=40)
    bots = page.locator('[data-testid="bot"]')
    bots.first.wait_for(timeout=30_000)
    page.wait_for_function("() => !document.querySelector('.generating, .pending')", timeout=30_000)
    page.wait_for_timeout(300)
    assert page.locator('[data-testid="user"]').first.inner_text().strip() == "Who is the Kremlin spokesperson?"
    assert box.input_value() == "Who is Marco Rubio?"
    box.press("Enter")
    bots.nth(1).wait_for(timeout=30_000)
    assert page.locator('[data-testid="user"]').nth(1).inner_text().strip() == "Who is Marco Rubio?"


def test_follow_up_is_understood(page) -> None:  # type: ignore[no-untyped-def]
    ask(page, "What happened at the talks in Turkiye?")
    reply = ask(page, "How long did they last?")
    assert "one hour and 40 minutes" in reply


def test_refusal_is_shown_as_such(page) -> None:  # type: ignore[no-untyped-def]
    reply = ask(page, "What did Emmanuel Macron say about the talks?")
    assert "NOT IN THE ARTICLE" in reply.upper() and "doesn't mention Emmanuel Macron." in reply
    assert page.locator('[data-testid="bot"] .refusal').count() == 1
    # CSS uppercasing drew the label's "A" from another font (a mis-sized capital): the label
    # is written in the case it is shown in.
    label = page.locator('[data-testid="bot"] .refusal-label')
    assert label.inner_text() == "Not in the article"
    assert label.evaluate("e => getComputedStyle(e).textTransform") == "none"
    assert page.locator("#article mark.cited").count() == 0


def test_html_in_a_question_is_text_and_runs_nothing(page) -> None:  # type: ignore[no-untyped-def]
    payload = '<img src=x onerror="window.__pwned=1;alert(1)"><script>window.__pwned=2</script> who is Peskov?'
    ask(page, payload)
    user = page.locator('[data-testid="user"]').last
    assert "<img src=x" in user.inner_text()
    assert page.locator('[data-testid="user"] img').count() == 0
    assert page.evaluate("() => window.__pwned") is None
    assert page.dialogs == []  # type: ignore[attr-defined]


def test_empty_question_gets_a_friendly_message(page) -> None:  # type: ignore[no-untyped-def]
    reply = ask(page, "   ")
    assert "Please type a question." in reply and "Traceback" not in reply


def test_gradio_client_api(app_url) -> None:  # type: ignore[no-untyped-def]
    from gradio_client import Client

    client = Client(app_url, verbose=False)
    result = client.predict("How many prisoners of war will be exchanged?", [], api_name="/chat")
    assert result["answered"] is True and "1,000" in result["text"]
    assert result["citations"][0]["sentence_id"] == "ceasefire-talks.txt#11"
    follow = client.predict(
        "How long did they last?",
        [
            {"role": "user", "content": "What happened at the talks in Turkiye?"},
            {"role": "assistant", "content": "They were held."},
        ],
        api_name="/chat",
    )
    assert "one hour and 40 minutes" in follow["text"]
    assert client.predict("", [], api_name="/chat") == {"error": "Please type a question."}


@pytest.fixture(scope="module")
def llm_chat(assistant):  # type: ignore[no-untyped-def]
    """The web chat with the generative engine, streaming from a scripted OpenAI-compatible stub."""
    from dataclasses import replace

    from assistant import Assistant
    from evals.local import free_port
    from ui import ChatAdapter, create_app, launch

    from .openai_stub import stub_server

    reply = (
        "The talks in Turkiye lasted one hour and 40 minutes [1]. "
        "Russia agreed to withdraw its forces from Crimea [1]. "
        "They ended with a tentative agreement on exchanging 1,000 prisoners of war [1]."
    )
    with stub_server([reply]) as stub:
        settings = replace(assistant.settings, engine="llm", llm_base_url=stub.url, llm_model="stub", auto_index=False)
        generative = Assistant(settings)
        adapter = ChatAdapter(generative.answer, generative.document, generative.sources()[0], generative.answer_stream)
        app = create_app(adapter)
        url = launch(app, port=free_port())
        yield url
        app.close()


def test_generated_answer_streams_in_verified_with_a_notice(browser, llm_chat) -> None:  # type: ignore[no-untyped-def]
    page = browser.new_page(viewport={"width": 1300, "height": 800})
    page.goto(llm_chat)
    page.locator("#question textarea").wait_for()
    reply = ask(page, "How long did the talks in Turkiye last?")
    assert reply.startswith("1 sentence of the generated answer was removed")
    assert "The talks in Turkiye lasted one hour and 40 minutes [1]." in reply
    assert "exchanging 1,000 prisoners of war [1]." in reply and "Crimea" not in reply
    assert reply.rstrip().endswith("Written by the language model; each sentence was checked against its source.")
    assert page.locator("#article mark.cited").count() == 1
    assert "lasted one hour and 40 minutes" in page.locator("#article mark.cited").inner_text()
    page.close()
