"""A writer killed mid-write: marking the embedded store while it is written, and rebuilding it
when a mark is found that no live writer owns.

The manifest keeps readers on one whole version of each document whatever the moment of a
crash (store.py), but it cannot keep Chroma's own vector files whole. A SIGKILL while Chroma
writes them can tear them: in the indexer's crash test (tests/test_crash.py) about one run in
six then failed at the next `assistant index`, with "Error in compaction: Failed to apply logs
to the hnsw segment writer", "Error loading hnsw index", or a SIGSEGV after the sentences'
link_lists.bin had grown to 3.6 TB (sparse). These are known and open upstream
(chroma-core/chroma#7678, and hnswlib's torn link-list record it builds on); a replayed write
does not repair them. Everything in the store is derived from the seed files and the files
readers added (kept under store/added), so the store is rebuilt from them.

A Chroma server writes its files itself: a client killed mid-call cannot tear them, and no
mark is kept.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from .settings import Settings

if TYPE_CHECKING:
    from filelock import BaseFileLock

log = logging.getLogger(__name__)

UNFINISHED = ".writes-unfinished"  # made before a refresh's first write, removed after its last
WRITER_LOCK = ".writing.lock"  # held by the one process writing the store
# What Chroma keeps in its folder: its SQLite database (with SQLite's side files) and one folder
# of vector files for each segment, named by the segment's UUID. Nothing else is touched.
_CHROMA_FILE = re.compile(r"^chroma\.sqlite3(?:-wal|-shm|-journal)?$")
_SEGMENT_DIR = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")

REBUILT = (
    "The index at {where} was left half-written by an indexer that was stopped mid-write; "
    "it is rebuilt from the documents."
)


def writer_lock(settings: Settings) -> BaseFileLock:
    """The lock one writer of the store holds, across processes (`assistant index` or `add`
    beside a running server: a refresh would otherwise delete another's sentences before they
    are published). The system releases it when its holder dies."""
    from filelock import FileLock

    settings.store_dir.mkdir(parents=True, exist_ok=True)
    return FileLock(str(settings.store_dir / WRITER_LOCK))


class WriteMark:
    """Marks the embedded store as being written from the first call until the block ends."""

    def __init__(self, settings: Settings) -> None:
        self.path: Path | None = None if settings.chroma_url else settings.store_dir / UNFINISHED
        self.made = False

    def __call__(self) -> None:
        """Before a write: the mark is made once."""
        if self.path is not None and not self.made:
            self.path.write_text(f"{os.getpid()}\n", encoding="utf-8")
            self.made = True

    def __enter__(self) -> WriteMark:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        # An exception is not a torn file: Chroma's call returned (or never began) before it.
        if self.path is not None and self.made:
            self.path.unlink(missing_ok=True)
            self.made = False


def unfinished(settings: Settings) -> bool:
    """Whether the embedded store carries a writer's mark (its own or a dead one's)."""
    return not settings.chroma_url and (settings.store_dir / UNFINISHED).exists()


def recover(settings: Settings, *, writer: bool) -> bool:
    """Rebuild the store from nothing if a writer was killed mid-write: Chroma's files are
    deleted, then the mark, so a kill meanwhile leaves the mark for the next reader to finish.
    writer: the caller holds the writer lock; otherwise it is taken here without waiting, and a
    live writer's mark is left alone. Returns whether the store was emptied."""
    if not unfinished(settings):
        return False
    if writer:
        return _empty(settings)
    from filelock import Timeout

    lock = writer_lock(settings)
    try:
        lock.acquire(timeout=0)
    except Timeout:
        return False  # a writer is at work: the mark is its own
    try:
        return _empty(settings) if unfinished(settings) else False
    finally:
        lock.release()


def _empty(settings: Settings) -> bool:
    folder = settings.store_dir
    log.warning(REBUILT.format(where=folder))
    for path in sorted(folder.iterdir(), key=_deletion_order):
        if _CHROMA_FILE.match(path.name) and path.is_file():
            path.unlink(missing_ok=True)
        elif _SEGMENT_DIR.match(path.name) and path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
    (folder / UNFINISHED).unlink(missing_ok=True)
    return True


def _deletion_order(path: Path) -> int:
    """SQLite's side files, then the database (a journal with no database beside it could be
    replayed into a new one), then the vector files."""
    if _CHROMA_FILE.match(path.name):
        return 1 if path.name == "chroma.sqlite3" else 0
    return 2
