"""Reading the seeds folder: which files are documents, their text, and what was skipped."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from .errors import SeedError

SUFFIXES = (".txt", ".md")
MAX_FILE_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True)
class Document:
    source: str  # path relative to the seeds folder, with forward slashes
    text: str
    digest: str  # sha256 of the bytes: what decides whether to embed again

    @property
    def is_markdown(self) -> bool:
        return self.source.lower().endswith(".md")


@dataclass(frozen=True)
class SeedScan:
    documents: tuple[Document, ...]
    skipped: tuple[SeedError, ...]
    # Identical files under other names: (duplicate, the name it is indexed and cited under).
    duplicates: tuple[tuple[str, str], ...] = ()


def scan_seeds(seeds_dir: Path, *, max_bytes: int = MAX_FILE_BYTES) -> SeedScan:
    """Every readable .txt/.md under seeds_dir, sorted by name; unreadable ones are reported."""
    root = seeds_dir.resolve()
    if not root.is_dir():
        raise SeedError(str(seeds_dir), "the seeds folder does not exist")
    documents: list[Document] = []
    skipped: list[SeedError] = []
    duplicates: list[tuple[str, str]] = []
    first_by_digest: dict[str, str] = {}
    for path in sorted(_candidates(root)):
        source = path.relative_to(root).as_posix()
        try:
            document = _read(path, source, root, max_bytes)
        except SeedError as problem:
            skipped.append(problem)
            continue
        # Sorted order makes the alphabetically first name the stable one that is cited.
        if document.digest in first_by_digest:
            duplicates.append((source, first_by_digest[document.digest]))
            continue
        first_by_digest[document.digest] = source
        documents.append(document)
    return SeedScan(tuple(documents), tuple(skipped), tuple(duplicates))


def _candidates(root: Path) -> list[Path]:
    found = []
    for folder, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        for name in filenames:
            if not name.startswith(".") and name.lower().endswith(SUFFIXES):
                found.append(Path(folder) / name)
    return found


def _read(path: Path, source: str, root: Path, max_bytes: int) -> Document:
    try:
        real = path.resolve(strict=True)
    except OSError:
        raise SeedError(source, "broken link, skipped") from None
    if not real.is_relative_to(root):
        raise SeedError(source, "links outside the seeds folder, skipped")
    try:
        size = real.stat().st_size
        if size > max_bytes:
            raise SeedError(source, f"{size / 2**20:.1f} MB is over the {max_bytes / 2**20:.0f} MB limit, skipped")
        raw = real.read_bytes()
    except PermissionError:
        raise SeedError(source, "permission denied, skipped") from None
    except OSError as error:
        raise SeedError(source, f"cannot be read ({error.strerror or error}), skipped") from None
    if b"\x00" in raw:
        raise SeedError(source, "looks binary (contains NUL bytes), skipped")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise SeedError(source, f"is not valid UTF-8 (byte {error.start}), skipped") from None
    if not text.strip():
        raise SeedError(source, "is empty, skipped")
    return Document(source=source, text=text, digest=hashlib.sha256(raw).hexdigest())
