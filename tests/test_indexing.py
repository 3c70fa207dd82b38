"""The write path against a real Chroma store: bad files, idempotent refresh, crash safety."""

from __future__ import annotations

from pathlib import Path

from index import SentenceStore, open_client, refresh, scan_seeds
from index.embeddings import SentenceEmbedder, load_model
from index.sentences import split_sentences

from .conftest import ARTICLE, make_settings


def embedder() -> SentenceEmbedder:
    return SentenceEmbedder(load_model())


def open_store(seeds: Path, store_dir: Path):
    settings = make_settings(seeds, store_dir)
    return settings, SentenceStore(open_client(settings), settings.collection)


def record_count(store: SentenceStore) -> int:
    return len(store.sentences.get(include=[])["ids"])


def test_bad_seed_files_are_named_and_skipped(seeds: Path, tmp_path: Path) -> None:
    (seeds / "good.txt").write_text("The talks ended. Both sides left.", encoding="utf-8")
    (seeds / "binary.txt").write_bytes(b"\x00\x01\x02 data")
    (seeds / "latin1.txt").write_bytes("caf\xe9".encode("latin-1"))
    (seeds / "empty.md").write_text("  \n", encoding="utf-8")
    outside = tmp_path / "secret.txt"
    outside.write_text("Outside the folder.", encoding="utf-8")
    (seeds / "link.txt").symlink_to(outside)
    (seeds / "big.txt").write_bytes(b"a" * 2048)
    (seeds / "image.png").write_bytes(b"\x89PNG")
    scan = scan_seeds(seeds, max_bytes=1024)
    assert [d.source for d in scan.documents] == ["good.txt"]
    messages = {p.path: str(p) for p in scan.skipped}
    assert set(messages) == {"binary.txt", "latin1.txt", "empty.md", "link.txt", "big.txt"}
    assert "binary" in messages["binary.txt"] and "UTF-8" in messages["latin1.txt"]
    assert "outside the seeds folder" in messages["link.txt"] and "limit" in messages["big.txt"]


def test_broken_link_is_skipped(seeds: Path, tmp_path: Path) -> None:
    (seeds / "gone.txt").symlink_to(tmp_path / "missing.txt")
    (seeds / "ok.txt").write_text("Fine.", encoding="utf-8")
    scan = scan_seeds(seeds)
    assert [d.source for d in scan.documents] == ["ok.txt"]
    assert str(scan.skipped[0]) == "gone.txt: broken link, skipped"


def test_a_pipe_a_link_loop_and_a_name_that_is_not_utf8_are_skipped(seeds: Path) -> None:
    """Each is named and skipped, the rest indexed: a named pipe would block the read forever,
    a link to itself and a Latin-1 file name had raised out of the scan and stopped every command."""
    import os

    os.mkfifo(seeds / "pipe.txt")
    (seeds / "loop.txt").symlink_to("loop.txt")
    (seeds / "ok.txt").write_text("Fine.", encoding="utf-8")
    (Path(os.fsdecode(bytes(seeds))) / os.fsdecode(b"caf\xe9.txt")).write_text("Also fine.", encoding="utf-8")
    scan = scan_seeds(seeds)
    assert [d.source for d in scan.documents] == ["ok.txt"]
    messages = sorted(str(p) for p in scan.skipped)
    assert messages == [
        "caf\ufffd.txt: its name is not UTF-8 text, skipped (rename it)",
        "loop.txt: broken link, skipped",
        "pipe.txt: not a regular file, skipped",
    ]


def test_a_new_way_of_splitting_reaches_a_store_built_before_it(seeds: Path, store_dir: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The digest that decides whether a file is embedded again names how it is split as well
    as its bytes: a store built before Markdown tables were read would otherwise never see a
    table's rows until someone edited the file."""
    import os
    import time

    import index.documents

    works = seeds / "works.md"
    works.write_text("The crane was bought.\n\n| Item | Cost |\n|---|---|\n| Pier | $2 million |\n")
    os.utime(works, (time.time() - 60, time.time() - 60))  # old enough for its stamp to be trusted
    settings, store = open_store(seeds, store_dir)
    monkeypatch.setattr(index.documents, "SPLITTING", 1)
    assert refresh(settings, store, embedder).added == 2  # as if split the old way (same count here)
    monkeypatch.undo()
    # Even the cheap check on start-up, which reads no file whose stamp is unchanged, re-splits it.
    again = refresh(settings, store, embedder, verify=False)
    assert (again.added, again.removed) == (2, 2)
    assert refresh(settings, store, embedder, verify=False).added == 0


def test_identical_files_are_indexed_once_under_the_first_name(seeds: Path) -> None:
    (seeds / "b.txt").write_text("Same text.", encoding="utf-8")
    (seeds / "a.txt").write_text("Same text.", encoding="utf-8")
    scan = scan_seeds(seeds)
    assert [d.source for d in scan.documents] == ["a.txt"]
    assert scan.duplicates == (("b.txt", "a.txt"),)


def test_refresh_is_idempotent_and_follows_edits_and_removals(seeds: Path, store_dir: Path) -> None:
    (seeds / "article.txt").write_bytes(ARTICLE.read_bytes())
    sub = seeds / "more"
    sub.mkdir()
    (sub / "note.md").write_text("# Note\n\nRubio spoke again. Lavrov listened.\n", encoding="utf-8")
    settings, store = open_store(seeds, store_dir)

    first = refresh(settings, store, embedder)
    assert (first.documents, first.added, first.removed, first.unchanged) == (2, 17, 0, 0)
    again = refresh(settings, store, embedder)
    assert (again.added, again.removed, again.unchanged) == (0, 0, 17)
    assert record_count(store) == 17

    (sub / "note.md").write_text("# Note\n\nRubio spoke again. Lavrov listened. Then they ate.\n", encoding="utf-8")
    edited = refresh(settings, store, embedder)
    assert (edited.added, edited.removed, edited.unchanged) == (3, 2, 15)
    assert record_count(store) == 18
    assert "Then they ate." in [s.text for s in store.live_sentences()]

    (sub / "note.md").unlink()
    removed = refresh(settings, store, embedder)
    assert (removed.documents, removed.added, removed.removed) == (1, 0, 3)
    assert record_count(store) == 15
    assert {s.source for s in store.live_sentences()} == {"article.txt"}


def test_interrupted_refresh_never_mixes_versions(seeds: Path, store_dir: Path) -> None:
    """New sentences written but not yet published (a crash mid-refresh) stay invisible."""
    path = seeds / "a.txt"
    path.write_text("Old first. Old second.", encoding="utf-8")
    settings, store = open_store(seeds, store_dir)
    refresh(settings, store, embedder)

    path.write_text("New first. New second. New third.", encoding="utf-8")
    new_document = scan_seeds(seeds).documents[0]
    new_sentences = split_sentences(new_document)
    store.add_sentences(
        [(new_document.digest, s) for s in new_sentences], embedder().embed_documents([s.text for s in new_sentences])
    )
    # ...killed here, before publish: readers still see exactly the old version.
    assert [s.text for s in store.live_sentences()] == ["Old first.", "Old second."]

    repaired = refresh(settings, store, embedder)
    assert repaired.added == 3
    assert [s.text for s in store.live_sentences()] == ["New first.", "New second.", "New third."]
    assert record_count(store) == 3


def test_offsets_survive_the_round_trip_through_chroma(seeds: Path, store_dir: Path) -> None:
    text = "Zelensky spoke.\r\nCurly “quotes” and — dashes stay.\n\nÜber 1,000 people went."
    (seeds / "a.txt").write_bytes(text.encode("utf-8"))
    settings, store = open_store(seeds, store_dir)
    refresh(settings, store, embedder)
    stored = store.live_sentences()
    assert len(stored) == 3
    assert all(text[s.start : s.end] == s.text for s in stored)


def test_reads_page_through_the_whole_collection(seeds: Path, store_dir: Path) -> None:
    """Reading 100k records in one get() fails inside Chroma; pages must add up to everything."""
    from index.store import _records

    (seeds / "a.txt").write_bytes(ARTICLE.read_bytes())
    settings, store = open_store(seeds, store_dir)
    refresh(settings, store, embedder)
    paged = [record[0] for record in _records(store.sentences, ["metadatas"], page=4)]
    assert len(paged) == len(set(paged)) == 15
    assert sorted(paged) == sorted(store.sentences.get(include=[])["ids"])


def test_start_up_reads_only_files_whose_stamp_changed(seeds: Path, store_dir: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import os
    import time

    first, second = seeds / "a.txt", seeds / "b.txt"
    first.write_text("Alpha met Beta. They spoke for an hour.", encoding="utf-8")
    second.write_text("Gamma stayed home. Delta wrote a letter.", encoding="utf-8")
    hour_ago = time.time_ns() - 3600 * 10**9  # files written just now are not trusted yet
    for path in (first, second):
        os.utime(path, ns=(hour_ago, hour_ago))
    settings, store = open_store(seeds, store_dir)
    assert refresh(settings, store, embedder).added == 4

    reads: list[str] = []
    real_read = Path.read_bytes

    def counted(path: Path) -> bytes:
        reads.append(path.name)
        return real_read(path)

    monkeypatch.setattr(Path, "read_bytes", counted)
    assert refresh(settings, store, embedder, verify=False).added == 0
    assert reads == []  # start-up compared stamps and read nothing

    # Same size, same time, other bytes: the change time gives it away (utime cannot set it).
    first.write_text("Alpha met Zeta. They spoke for an hour.", encoding="utf-8")
    os.utime(first, ns=(hour_ago, hour_ago))
    assert refresh(settings, store, embedder, verify=False).added == 2
    assert reads == ["a.txt"]

    # A file written moments ago is read at every start-up until its time is safely past.
    second.write_text("Gamma stayed home. Delta wrote a poem!", encoding="utf-8")
    assert refresh(settings, store, embedder, verify=False).added == 2
    assert refresh(settings, store, embedder, verify=False).added == 0
    assert reads.count("b.txt") == 2
