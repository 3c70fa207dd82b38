"""Adding and removing your own documents: Python and CLI, a real store in a temp folder."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from .conftest import ARTICLE, make_settings, run_cli

ROOT = Path(__file__).resolve().parent.parent

# Made up for these tests: nothing in the article says any of it.
HARBOUR = (
    "Harbour town plans a new ferry.\n\n"
    "The council of Lindqvist Harbour approved a new electric ferry on Tuesday. "
    "The ferry will carry 240 passengers and start service in April 2027. "
    "It will replace a diesel boat that has sailed the route since 1988.\n"
)


@pytest.fixture(scope="module")
def shelf(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """An assistant over the article in its own store, to add documents to."""
    from assistant import Assistant

    seeds = tmp_path_factory.mktemp("shelf-seeds")
    (seeds / ARTICLE.name).write_bytes(ARTICLE.read_bytes())
    return Assistant(make_settings(seeds, tmp_path_factory.mktemp("shelf-store")))


def test_safe_name_keeps_every_path_inside_the_folder() -> None:
    from index.documents import safe_name

    assert safe_name("../../etc/passwd.txt") == "passwd.txt"
    assert safe_name("..\\..\\windows\\notes.md") == "notes.md"
    assert safe_name("/abs/path/report.TXT") == "report.TXT"
    assert safe_name("weird\x00name\n.txt") == "weird-name-.txt"
    assert safe_name("...hidden.txt") == "hidden.txt"
    assert safe_name("Ferry plans") == "Ferry-plans.txt"  # a pasted text's title becomes a .txt name
    assert len(safe_name("x" * 500 + ".md")) <= 100


def test_safe_name_refuses_other_types() -> None:
    from index import InputError
    from index.documents import safe_name

    with pytest.raises(InputError, match=r"photo\.png: only \.txt and \.md files can be added"):
        safe_name("photo.png")
    with pytest.raises(InputError, match="a name"):
        safe_name("../..")


def test_an_added_text_is_answered_from_and_cited_exactly(shelf) -> None:  # type: ignore[no-untyped-def]
    source = shelf.add_document("harbour.txt", HARBOUR)
    assert source == "added/harbour.txt"
    assert source in shelf.sources() and source in shelf.added_documents()
    assert (shelf.settings.store_dir / "added" / "harbour.txt").read_text(encoding="utf-8") == HARBOUR
    result = shelf.answer("How many passengers will the new ferry carry?")
    assert result.answered and "240" in result.text
    cited = result.citations[0]
    assert cited.source == source and HARBOUR[cited.start : cited.end] == cited.text
    assert shelf.document(source).text == HARBOUR
    # The article is still answered from.
    assert "one hour and 40 minutes" in shelf.answer("How long did the talks in Turkiye last?").text


def test_the_same_text_twice_is_stored_once_and_a_new_text_never_overwrites(shelf) -> None:  # type: ignore[no-untyped-def]
    assert shelf.add_document("harbour.txt", HARBOUR) == "added/harbour.txt"
    other = shelf.add_document("harbour.txt", "A different text about gardens. Roses need sun.\n")
    assert other == "added/harbour-2.txt"
    assert (shelf.settings.store_dir / "added" / "harbour.txt").read_text(encoding="utf-8") == HARBOUR
    shelf.remove_document(other)


def test_a_scope_limits_answers_to_one_document(shelf) -> None:  # type: ignore[no-untyped-def]
    shelf.add_document("harbour.txt", HARBOUR)
    scoped = shelf.answer("How many passengers will the new ferry carry?", source=ARTICLE.name)
    assert all(c.source == ARTICLE.name for c in scoped.citations)
    here = shelf.answer("How many prisoners of war will be exchanged?", source="added/harbour.txt")
    assert all(c.source == "added/harbour.txt" for c in here.citations)
    assert "1,000" not in here.text
    with pytest.raises(KeyError):
        shelf.answer("Anything?", source="added/never-added.txt")


def test_added_documents_survive_a_restart_and_can_be_removed(shelf) -> None:  # type: ignore[no-untyped-def]
    from dataclasses import replace

    from assistant import Assistant
    from assistant.chain import STALE_CHECK_SECONDS

    shelf.add_document("harbour.txt", HARBOUR)
    again = Assistant(replace(shelf.settings))
    assert "added/harbour.txt" in again.sources()
    assert again.remove_document("harbour.txt") == "added/harbour.txt"  # NAME or added/NAME, as the CLI takes
    assert "added/harbour.txt" not in again.sources()
    assert not (again.settings.store_dir / "added" / "harbour.txt").exists()
    result = again.answer("How many passengers will the new ferry carry?")
    assert all(c.source == ARTICLE.name for c in result.citations)
    time.sleep(STALE_CHECK_SECONDS + 0.1)  # a running assistant looks for a changed index this often
    shelf.answer("Who is the Kremlin spokesperson?")  # and then notices the removal
    assert "added/harbour.txt" not in shelf.sources()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("blob.txt", b"GIF89a\x00\x01\x02", "blob.txt: looks binary (contains NUL bytes)"),
        ("empty.md", b"  \n\n", "empty.md: is empty"),
        ("latin.txt", "caf\xe9".encode("latin-1"), "latin.txt: is not valid UTF-8 (byte 3)"),
        ("big.txt", b"a" * (10 * 2**20 + 1), "big.txt: 10,485,761 bytes is over the 10 MB limit (10,485,760 bytes)"),
        ("bigger.txt", b"a" * (12 * 2**20), "bigger.txt: 12.0 MB is over the 10 MB limit (10,485,760 bytes)"),
    ],
)
def test_bad_files_get_the_seed_files_message_and_lose_nothing(shelf, name: str, content: bytes, message: str) -> None:  # type: ignore[no-untyped-def]
    from index import InputError

    before = shelf.sources()
    with pytest.raises(InputError) as raised:
        shelf.add_document(name, content)
    assert str(raised.value) == message
    assert shelf.sources() == before
    assert not (shelf.settings.store_dir / "added" / name).exists()


def test_a_traversal_name_stays_inside_the_folder(shelf, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = shelf.settings.store_dir / "added"
    escape = os.path.relpath(tmp_path / "escaped.txt", folder)
    source = shelf.add_document(escape, "The escaped file is harmless. It stays inside.\n")
    assert source == "added/escaped.txt"
    assert not (tmp_path / "escaped.txt").exists()
    assert (folder / "escaped.txt").exists()
    shelf.remove_document(source)


def test_seed_files_cannot_be_removed(shelf) -> None:  # type: ignore[no-untyped-def]
    from index import InputError

    with pytest.raises(InputError, match="not an added document"):
        shelf.remove_document(ARTICLE.name)
    assert (shelf.settings.seeds_dir / ARTICLE.name).exists()


def test_asking_names_the_seed_files_it_skips(tmp_path: Path) -> None:
    # A new user's binary and Latin-1 files were named only by `assistant index`: `ask` built
    # the index on first use without a word about them.
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / ARTICLE.name).write_bytes(ARTICLE.read_bytes())
    (seeds / "scan.txt").write_bytes(b"GIF89a\x00\x01\x02")
    (seeds / "latin.txt").write_bytes("Caf\xe9 cr\xe8me".encode("latin-1"))
    env = {**os.environ, "ASSISTANT_STORE_DIR": str(tmp_path / "store"), "ASSISTANT_SEEDS_DIR": str(seeds)}
    for _ in range(2):  # the first ask builds the index; the second finds the files unusable still
        asked = run_cli("ask", "Who is the Kremlin spokesperson?", env=env)
        assert asked.returncode == 0 and "Peskov" in asked.stdout, asked.stderr
        assert "scan.txt: looks binary (contains NUL bytes), skipped" in asked.stderr
        assert "latin.txt:" in asked.stderr and "Traceback" not in asked.stderr


def test_cli_add_and_remove(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / ARTICLE.name).write_bytes(ARTICLE.read_bytes())
    env = {**os.environ, "ASSISTANT_STORE_DIR": str(tmp_path / "store"), "ASSISTANT_SEEDS_DIR": str(seeds)}
    mine = tmp_path / "harbour.txt"
    mine.write_text(HARBOUR, encoding="utf-8")

    added = run_cli("add", str(mine), env=env)
    assert added.returncode == 0, added.stderr
    assert added.stdout.strip().startswith("added added/harbour.txt:")
    asked = run_cli("ask", "How many passengers will the new ferry carry?", env=env)
    assert "240" in asked.stdout and "added/harbour.txt" in asked.stdout
    # The same text again is said to be there already, not "added" a second time.
    again = run_cli("add", str(mine), env=env)
    assert again.returncode == 0 and again.stdout.startswith("added/harbour.txt was already added, with this text")
    # --source takes the name as `remove` does, without "added/".
    scoped = run_cli("ask", "How many passengers will the new ferry carry?", "--source", "harbour.txt", env=env)
    assert scoped.returncode == 0 and "240" in scoped.stdout, scoped.stderr

    binary = tmp_path / "blob.txt"
    binary.write_bytes(b"\x00\x01")
    refused = run_cli("add", str(binary), env=env)
    assert refused.returncode == 2 and refused.stderr.strip() == "error: blob.txt: looks binary (contains NUL bytes)"
    missing = run_cli("add", str(tmp_path / "nope.txt"), env=env)
    assert missing.returncode == 2 and "nope.txt" in missing.stderr and "Traceback" not in missing.stderr

    removed = run_cli("remove", "harbour.txt", env=env)
    assert removed.returncode == 0, removed.stderr
    assert removed.stdout.strip() == "removed added/harbour.txt"
    gone = run_cli("remove", "harbour.txt", env=env)
    assert gone.returncode == 2 and gone.stderr.strip() == "error: no added document is named harbour.txt"


def test_a_sentence_bm25_finds_gets_its_true_similarity_when_dense_search_missed_it(shelf) -> None:  # type: ignore[no-untyped-def]
    """Chroma's HNSW search is approximate; a sentence it missed must not rank as unrelated."""
    import numpy as np
    from langchain_chroma import Chroma

    from assistant.followup import Query
    from assistant.lexical import LexicalIndex
    from assistant.retrieval import HybridRetriever
    from index import embedding_text

    embedder = shelf.embedder()
    vectors = Chroma(client=shelf.store.client, collection_name=shelf.store.name, embedding_function=embedder)
    retriever = HybridRetriever(vectors, embedder, LexicalIndex(shelf.store.live_sentences()))
    query = Query(question="How long did the talks in Turkiye last?")
    lexical = retriever.lexical_scores(query)
    best = int(np.argmax(lexical))
    filled = retriever.exact(query.text, {}, lexical)  # as if dense search had returned nothing
    sentence = retriever.lexical.sentences[best]
    assert "lasted one hour and 40 minutes" in sentence.text
    stored = np.asarray(embedder.embed_documents([embedding_text(sentence)])[0])  # type: ignore[arg-type]
    assert abs(filled[best] - float(stored @ np.asarray(embedder.embed_query(query.text)))) < 1e-3


def test_the_same_text_under_another_name_is_refused_and_hides_nothing(shelf) -> None:  # type: ignore[no-untyped-def]
    from index import InputError

    shelf.add_document("harbour.txt", HARBOUR)
    with pytest.raises(InputError) as raised:
        shelf.add_document("a-copy.txt", HARBOUR)  # sorts before harbour.txt
    assert str(raised.value) == "a-copy.txt: has the same text as added/harbour.txt, which is already indexed"
    assert "added/harbour.txt" in shelf.added_documents() and "added/a-copy.txt" not in shelf.sources()
    assert not (shelf.settings.store_dir / "added" / "a-copy.txt").exists()
    with pytest.raises(InputError, match="same text as ceasefire-talks.txt"):
        shelf.add_document("article-again.txt", ARTICLE.read_bytes())


def test_an_added_document_named_like_a_seed_is_removed_by_its_name(shelf) -> None:  # type: ignore[no-untyped-def]
    from index import InputError

    source = shelf.add_document(ARTICLE.name, "A different text under the article's name. It is short.\n")
    assert source == f"added/{ARTICLE.name}"
    shelf.remove_document(ARTICLE.name)
    assert source not in shelf.sources() and ARTICLE.name in shelf.sources()
    with pytest.raises(InputError, match="not an added document"):
        shelf.remove_document(ARTICLE.name)
    with pytest.raises(InputError, match="no added document"):
        shelf.remove_document(".adding-x1y2")  # never a temporary file of an add in progress


def test_a_long_name_in_any_script_fits_a_file_system() -> None:
    from index.documents import safe_name

    name = safe_name("Переговоры о прекращении огня " * 20 + ".md")
    assert name.endswith(".md") and len(name.encode("utf-8")) <= 255


def test_notes_without_full_stops_are_answered_line_by_line(shelf) -> None:  # type: ignore[no-untyped-def]
    notes = (
        "the river festival opens on june 4 in riverside park and runs for three days\n"
        "the mayor will give the opening speech\n"
        "tickets cost 20 dollars for adults and 5 dollars for children\n"
        "parking is free on the east side\n"
    )
    source = shelf.add_document("river.txt", notes)
    tickets = shelf.answer("How much do tickets cost for children?", source=source)
    assert tickets.answered and tickets.citations[0].text == notes.splitlines()[2]
    mayor = shelf.answer("What will the mayor do at the festival?", source=source)
    assert mayor.answered and mayor.citations[0].text == "the mayor will give the opening speech"
    shelf.remove_document(source)


def test_a_document_with_nothing_to_cite_is_said_so(tmp_path: Path) -> None:
    """A Markdown file of headings only was counted as a document but never offered, and asking
    about it said it "is not an indexed document" with no reason anywhere."""
    from assistant import Assistant, DocumentError

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / ARTICLE.name).write_bytes(ARTICLE.read_bytes())
    (seeds / "heading.md").write_text("# Only a heading\n\n---\n", encoding="utf-8")
    assistant = Assistant(make_settings(seeds, tmp_path / "store"))
    report = assistant.index()
    assert report.documents == 1 and "heading.md" not in assistant.sources()
    said = "heading.md: has no sentences to cite (no words, or only headings, rules or code), skipped"
    assert [str(p) for p in report.skipped] == [said]
    with pytest.raises(DocumentError, match="has no sentences to cite"):
        assistant.add_document("headings.md", "## A\n\n## B\n")
    assert not (assistant.settings.added_dir / "headings.md").exists()
    with pytest.raises(DocumentError, match=r"emoji.txt: has no sentences to cite \(no words"):
        assistant.add_document("emoji.txt", "\U0001f600\U0001f600 \U0001f389")
    # A lone surrogate (from broken JSON, say) cannot be stored as UTF-8: one line, nothing written.
    with pytest.raises(DocumentError, match="s.txt: is not valid text \\(character 4 is a lone surrogate\\)"):
        assistant.add_document("s.txt", "Bad \ud800 surrogate. Second sentence.")
    assert not (assistant.settings.added_dir / "s.txt").exists()
