"""A writer killed mid-write: marking the embedded store while it is written, and rebuilding the
collections a dead writer's mark names.

The manifest keeps readers on one whole version of each document whatever the moment of a
crash (store.py), but it cannot keep Chroma's own vector files whole. A SIGKILL while Chroma
writes them can tear them: in the indexer's crash test (tests/test_crash.py) about one run in
six then failed at the next `assistant index`, with "Error in compaction: Failed to apply logs
to the hnsw segment writer", "Error loading hnsw index", or a SIGSEGV after the sentences'
link_lists.bin had grown to 3.6 TB (sparse). These are known and open upstream
(chroma-core/chroma#7678, and hnswlib's torn link-list record it builds on); a replayed write
does not repair them. Everything in a collection is derived from the seed files and the files
readers added (kept under store/added), so the collections being written are deleted and
indexed again. Only a writer does this, holding the writer lock: a reader never deletes what
another process may be reading, and other collections in the folder (another embedder's, or
another program's) are left alone.

A Chroma server writes its files itself: a client killed mid-call cannot tear them, and no
mark is kept.
"""

from __future__ import annotations

import logging
import shutil
import sqlite3
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from .settings import Settings

if TYPE_CHECKING:
    from chromadb.api import ClientAPI
    from filelock import BaseFileLock

log = logging.getLogger(__name__)

UNFINISHED = ".writes-unfinished"  # made before a refresh's first write, removed after its last
WRITER_LOCK = ".writing.lock"  # held by the one process writing the store

REBUILT = (
    "The index at {where} was left half-written by an indexer that was stopped mid-write: "
    "{names} deleted, to be indexed again from the documents."
)
HALF_WRITTEN = (
    "The index at {where} was left half-written by an indexer that was stopped mid-write. "
    "Run `assistant index` to rebuild it."
)


def writer_lock(settings: Settings) -> BaseFileLock:
    """The lock one writer of the store holds, across processes (`assistant index` or `add`
    beside a running server: a refresh would otherwise delete another's sentences before they
    are published). The system releases it when its holder dies."""
    from filelock import FileLock

    settings.store_dir.mkdir(parents=True, exist_ok=True)
    return FileLock(str(settings.store_dir / WRITER_LOCK))


class WriteMark:
    """Marks the embedded store as being written, from the first call until the block ends.
    The mark names the collections written, one a line."""

    def __init__(self, settings: Settings, collections: Sequence[str]) -> None:
        self.path: Path | None = None if settings.chroma_url else settings.store_dir / UNFINISHED
        self.collections = tuple(collections)
        self.made = False

    def __call__(self) -> None:
        """Before a write: the mark is made once."""
        if self.path is not None and not self.made:
            self.path.write_text("".join(f"{name}\n" for name in self.collections), encoding="utf-8")
            self.made = True

    def __enter__(self) -> WriteMark:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        # Left in place when Chroma's own write raised (a full disk may leave a file half
        # written as a kill does); removed when the writes ended, or failed before Chroma's.
        if self.path is not None and self.made and not _from_chroma(error):
            self.path.unlink(missing_ok=True)
            self.made = False


def unfinished(settings: Settings) -> bool:
    """Whether the embedded store carries a writer's mark (a live writer's or a dead one's)."""
    return not settings.chroma_url and (settings.store_dir / UNFINISHED).exists()


def half_written(settings: Settings) -> bool:
    """Whether a dead writer's mark is there: a mark, and the writer lock free."""
    if not unfinished(settings):
        return False
    from filelock import Timeout

    lock = writer_lock(settings)
    try:
        lock.acquire(timeout=0)
    except Timeout:
        return False  # a writer is at work: the mark is its own
    try:
        return unfinished(settings)
    finally:
        lock.release()


def recover(settings: Settings, client: ClientAPI) -> tuple[str, ...]:
    """Under the writer lock: delete the collections a dead writer's mark names, and their
    vector files (Chroma keeps a deleted collection's files), then the mark. A kill meanwhile
    leaves the mark for the next writer. Returns the collections deleted."""
    mark = settings.store_dir / UNFINISHED
    if settings.chroma_url or not mark.exists():
        return ()
    names = tuple(line.strip() for line in mark.read_text(encoding="utf-8").splitlines() if line.strip())
    folders = segment_folders(settings.store_dir, names)
    existing = {c.name for c in client.list_collections()}
    deleted = tuple(name for name in names if name in existing)
    for name in deleted:
        client.delete_collection(name)
    for folder in folders:
        shutil.rmtree(folder, ignore_errors=True)
    mark.unlink(missing_ok=True)
    log.warning(REBUILT.format(where=settings.store_dir, names=", ".join(deleted) or "nothing"))
    return deleted


def segment_folders(store_dir: Path, names: Sequence[str]) -> list[Path]:
    """The folders of the named collections' vector files: Chroma names each by its segment's
    id, listed in its database (read-only here). None found if the layout is not as expected."""
    database = store_dir / "chroma.sqlite3"
    if not names or not database.exists():
        return []
    try:
        with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as connection:
            rows = connection.execute(
                "SELECT s.id FROM segments s JOIN collections c ON s.collection = c.id WHERE c.name IN "
                f"({', '.join('?' for _ in names)})",
                list(names),
            ).fetchall()
    except sqlite3.Error:
        return []
    return [store_dir / str(row[0]) for row in rows if (store_dir / str(row[0])).is_dir()]


def _from_chroma(error: BaseException | None) -> bool:
    return error is not None and type(error).__module__.startswith("chromadb")
