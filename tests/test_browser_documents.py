"""Your own documents and feedback in the real web chat, driven by Debian's chromium."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .conftest import ARTICLE, ROOT, make_settings
from .test_browser import ask, browser  # noqa: F401  (the module's chromium, shared)

SCREENSHOTS = ROOT / ".reports" / "screenshots"

# Made up for these tests: nothing in the article says any of it.
HARBOUR = (
    "Harbour town plans a new ferry.\n\n"
    "The council of Lindqvist Harbour approved a new electric ferry on Tuesday. "
    "The ferry will carry 240 passengers and start service in April 2027. "
    "It will replace a diesel boat that has sailed the route since 1988.\n"
)
KEEPER = "The lighthouse keeper of Skerry Point is named Ingrid Valo."


@pytest.fixture(scope="module")
def shelf_app(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """The web chat over the article with uploads on, in its own store and reports folder."""
    from assistant import Assistant
    from evals.local import free_port
    from ui import adapter_for, create_app, launch

    seeds = tmp_path_factory.mktemp("web-seeds")
    (seeds / ARTICLE.name).write_bytes(ARTICLE.read_bytes())
    store = tmp_path_factory.mktemp("web-store")
    reports = tmp_path_factory.mktemp("web-reports")
    assistant = Assistant(make_settings(seeds, store, reports_dir=reports))
    adapter = adapter_for(assistant)
    app = create_app(adapter)
    url = launch(app, port=free_port())
    yield url, assistant
    app.close()


def open_page(browser, url: str, width: int = 1400, height: int = 950):  # type: ignore[no-untyped-def]  # noqa: F811
    page = browser.new_page(viewport={"width": width, "height": height})
    page.goto(url)
    page.locator("#question textarea").wait_for()
    return page


def open_add_panel(page) -> None:  # type: ignore[no-untyped-def]
    if not page.locator("#add-text textarea").is_visible():
        page.locator("#add-panel").get_by_text("Add your own text").click()
    page.locator("#add-text textarea").wait_for()


def paste(page, name: str, text: str) -> str:  # type: ignore[no-untyped-def]
    open_add_panel(page)
    page.locator("#add-name input, #add-name textarea").first.fill(name)
    page.locator("#add-text textarea").fill(text)
    page.locator("#add-button").click()
    return wait_status(page)


def wait_status(page, timeout: int = 60_000) -> str:  # type: ignore[no-untyped-def]
    # The status line is marked done or failed when the add or remove has finished.
    page.locator("#add-status .done, #add-status .failed").wait_for(timeout=timeout)
    return str(page.locator("#add-status").inner_text())


def choose(page, option: str) -> None:  # type: ignore[no-untyped-def]
    page.locator("#documents input").click()
    page.get_by_role("option", name=option, exact=True).click()
    page.wait_for_timeout(300)


def test_a_pasted_article_is_answered_from_with_its_sentence_highlighted(browser, shelf_app) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    url, _ = shelf_app
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for width, height in ((1400, 950), (390, 844)):
        page = open_page(browser, url, width, height)
        status = paste(page, "harbour.txt", HARBOUR)
        # Pasted again on the phone-sized page, the same text is said to be there already.
        assert ("Added added/harbour.txt" if width == 1400 else "added/harbour.txt was already added") in status
        reply = ask(page, "How many passengers will the new ferry carry?")
        assert "240" in reply
        # The panel switched to the pasted document and shows the cited sentence, in view.
        assert "added/harbour.txt" in page.locator("#article .article-source").inner_text()
        mark = page.locator("#article mark.cited").first
        assert "240 passengers" in mark.inner_text()
        page.wait_for_function(
            """() => { const p = document.querySelector('#article .article-panel').getBoundingClientRect();
                       const m = document.querySelector('#article mark.cited').getBoundingClientRect();
                       return m.top >= p.top && m.bottom <= p.bottom; }""",
            timeout=5_000,
        )
        assert page.evaluate("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth")
        page.screenshot(path=str(SCREENSHOTS / f"own-text-{width}.png"), full_page=True)
        page.close()


def test_an_uploaded_binary_file_is_refused_and_the_app_keeps_answering(browser, shelf_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    url, assistant = shelf_app
    page = open_page(browser, url)
    open_add_panel(page)
    blob = tmp_path / "photo.txt"
    blob.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    page.locator("#add-file input[type=file]").set_input_files(str(blob))
    status = wait_status(page)
    assert "photo.txt: looks binary (contains NUL bytes)" in status
    assert "added/photo.txt" not in assistant.sources()
    reply = ask(page, "How long did the talks in Turkiye last?")
    assert "one hour and 40 minutes" in reply
    page.close()


def test_a_traversal_name_stays_inside_the_folder(browser, shelf_app) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    url, assistant = shelf_app
    store = assistant.settings.store_dir
    page = open_page(browser, url)
    status = paste(page, "../../../escaped.txt", "The escaped note stays inside the folder. It is harmless.\n")
    assert "Added added/escaped.txt" in status
    everywhere = store.parents[1]  # the test session's whole temporary folder (other tests' stores too)
    assert [p for p in everywhere.rglob("escaped.txt") if p.parent.name != "added"] == []
    page.close()


def test_the_picker_scopes_the_conversation_and_removes_an_added_document(browser, shelf_app) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    url, assistant = shelf_app
    page = open_page(browser, url)
    paste(page, "harbour.txt", HARBOUR)
    page.reload()
    page.locator("#question textarea").wait_for()
    choose(page, "added/harbour.txt")
    assert "added/harbour.txt" in page.locator("#article .article-source").inner_text()
    ask(page, "How many prisoners of war will be exchanged?")
    assert "1,000" not in page.locator('[data-testid="bot"]').last.inner_text()
    assert all(
        "harbour" in (m.get_attribute("data-id") or "") for m in page.locator("#article mark").all()
    )  # only the chosen document is cited or shaded
    page.locator("#remove-button").click()
    assert "Removed added/harbour.txt" in wait_status(page)
    assert "added/harbour.txt" not in assistant.sources()
    page.locator("#documents input").click()
    assert page.get_by_role("option", name="added/harbour.txt", exact=True).count() == 0
    page.close()


def test_a_thumbs_down_lands_in_feedback_jsonl(browser, shelf_app) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    url, assistant = shelf_app
    feedback = assistant.settings.reports_dir / "feedback.jsonl"
    before = feedback.read_text(encoding="utf-8").splitlines() if feedback.exists() else []
    page = open_page(browser, url)
    ask(page, "Who is the Kremlin spokesperson?")
    page.locator("#feedback-comment textarea").fill("Should also give his title")
    page.locator('[data-testid="bot"]').last.hover()
    page.get_by_role("button", name="Dislike").last.click()
    page.wait_for_function(
        "() => /Thanks/.test(document.querySelector('#feedback-status')?.innerText || '')", timeout=10_000
    )
    lines = feedback.read_text(encoding="utf-8").splitlines()
    assert lines[: len(before)] == before  # appended, never truncated
    entry = json.loads(lines[-1])
    assert entry["rating"] == "down" and entry["comment"] == "Should also give his title"
    assert entry["question"] == "Who is the Kremlin spokesperson?"
    assert "Peskov" in entry["answer"]["text"] and entry["answer"]["citations"]
    page.close()


def test_a_second_reader_is_answered_during_a_big_upload(browser, shelf_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    from evals.synthetic import text_of_size

    url, assistant = shelf_app
    big = tmp_path / "big-report.txt"
    big.write_text(text_of_size(2**20) + "\n\n" + KEEPER + "\n", encoding="utf-8")
    assert big.stat().st_size > 2**20
    uploader = open_page(browser, url)
    open_add_panel(uploader)
    uploader.locator("#add-file input[type=file]").set_input_files(str(big))
    uploader.wait_for_function(
        "() => /Indexing/.test(document.querySelector('#add-status')?.innerText || '')", timeout=30_000
    )
    reader = open_page(browser, url)
    reply = ask(reader, "How many prisoners of war will be exchanged?")
    assert "1,000" in reply
    # The other reader was answered while the upload was still being indexed.
    assert "Added" not in uploader.locator("#add-status").inner_text()
    assert "Added added/big-report.txt" in wait_status(uploader, timeout=600_000)
    assert "Ingrid Valo" in ask(uploader, "Who is the lighthouse keeper of Skerry Point?")
    uploader.close()
    reader.close()
    assistant.remove_document("added/big-report.txt")


def test_with_a_login_the_logged_in_reader_adds_a_text(browser, tmp_path_factory) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    """Gradio hands the handler its request: with ASSISTANT_AUTH_* set, the user who logged in adds."""
    from assistant import Assistant
    from evals.local import free_port
    from ui import adapter_for, create_app, launch

    seeds = tmp_path_factory.mktemp("login-seeds")
    (seeds / ARTICLE.name).write_bytes(ARTICLE.read_bytes())
    assistant = Assistant(make_settings(seeds, tmp_path_factory.mktemp("login-store")))
    app = create_app(adapter_for(assistant, login_required=True))
    url = launch(app, port=free_port(), auth=("reader", "a long passphrase"))
    try:
        page = browser.new_page(viewport={"width": 1400, "height": 950})
        page.goto(url)
        page.locator('input[data-testid="textbox"]').fill("reader")
        page.locator('input[data-testid="password"]').fill("a long passphrase")
        page.get_by_role("button", name="Login").click()
        page.locator("#question textarea").wait_for()
        assert "Added added/harbour.txt" in paste(page, "harbour.txt", HARBOUR)
        assert "added/harbour.txt" in assistant.sources()
        page.close()
    finally:
        app.close()
