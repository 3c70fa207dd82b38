"""Which files are documents: the seeds folder, the documents readers added, their text, and
what was skipped. Seed files and added files pass the same checks and get the same messages.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
import time
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from .errors import ConfigError, DocumentError, SeedError

SUFFIXES = (".txt", ".md")
MAX_FILE_BYTES = 10 * 1024 * 1024
# Added documents are cited as "added/NAME"; they live flat in the store's "added" folder.
ADDED = "added"
MAX_NAME = 100  # bytes (UTF-8) of an added document's file name: file systems allow 255


@dataclass(frozen=True)
class Document:
    source: str  # path relative to the seeds folder, with forward slashes
    text: str  # "" when the file was not read: its stamp matches the indexed version
    digest: str  # sha256 of the bytes and SPLITTING: what decides whether to embed again
    stamp: str = ""  # the file's stamp (see _stamp): a cheap check that it is unchanged

    @property
    def is_markdown(self) -> bool:
        return self.source.lower().endswith(".md")


@dataclass(frozen=True)
class SeedScan:
    documents: tuple[Document, ...]
    skipped: tuple[SeedError, ...]
    # Identical files under other names: (duplicate, the name it is indexed and cited under).
    duplicates: tuple[tuple[str, str], ...] = ()


def scan_seeds(
    seeds_dir: Path,
    *,
    added_dir: Path | None = None,
    max_bytes: int = MAX_FILE_BYTES,
    known: Mapping[str, tuple[str, str]] | None = None,
) -> SeedScan:
    """Every readable .txt/.md under seeds_dir, sorted by name, then the added documents in
    added_dir (cited as "added/NAME"); unreadable ones are reported.

    known maps a source to the (digest, stamp) it was indexed with: a file whose stamp still
    matches is not read again (its Document has no text).
    """
    root = seeds_dir.resolve()
    if not root.is_dir():
        what = "is a file, not a folder" if root.exists() else "does not exist"
        raise ConfigError(f"the seeds folder {seeds_dir} {what} (ASSISTANT_SEEDS_DIR)")
    paths, skipped = _candidates(root)
    found = [(path, path.relative_to(root).as_posix(), root) for path in sorted(paths)]
    if added_dir is not None and added_dir.is_dir():
        added = added_dir.resolve()
        seeded = {source for _, source, _ in found}
        for path in sorted(added.iterdir()):
            source = f"{ADDED}/{path.name}"
            if path.is_file() and path.name.lower().endswith(SUFFIXES) and source not in seeded:
                found.append((path, source, added))
    documents: list[Document] = []
    duplicates: list[tuple[str, str]] = []
    first_by_digest: dict[str, str] = {}
    for path, source, folder in found:
        try:
            document = _read(path, source, folder, max_bytes, (known or {}).get(source))
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


def _candidates(root: Path) -> tuple[list[Path], list[SeedError]]:
    """The .txt/.md files under root, and those whose names cannot be cited: a name that is not
    UTF-8 (bytes from another system's encoding) cannot be stored, shown or sent as text."""
    found, unnamed = [], []
    for folder, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        for name in filenames:
            if not name.startswith(".") and name.lower().endswith(SUFFIXES):
                path = Path(folder) / name
                try:
                    path.relative_to(root).as_posix().encode("utf-8")
                except UnicodeEncodeError:
                    shown = os.fsencode(path.relative_to(root)).decode("utf-8", "replace")
                    unnamed.append(SeedError(shown, "its name is not UTF-8 text, skipped (rename it)"))
                    continue
                found.append(path)
    return found, unnamed


def _read(path: Path, source: str, root: Path, max_bytes: int, known: tuple[str, str] | None = None) -> Document:
    try:
        real = path.resolve(strict=True)
    except (OSError, RuntimeError):  # RuntimeError: a link that leads back to itself
        raise SeedError(source, "broken link, skipped") from None
    if not real.is_relative_to(root):
        raise SeedError(source, "links outside the seeds folder, skipped")
    try:
        status = real.stat()
        if not stat.S_ISREG(status.st_mode):
            # A named pipe would block the read until something writes to it; a device never ends.
            raise SeedError(source, "not a regular file, skipped")
        size, stamp = status.st_size, _stamp(status)
        if known is not None and stamp and known[1] == stamp:
            return Document(source=source, text="", digest=known[0], stamp=stamp)
        if size > max_bytes:
            raise SeedError(source, f"{_too_big(size, max_bytes)}, skipped")
        raw = real.read_bytes()
    except PermissionError:
        raise SeedError(source, "permission denied, skipped") from None
    except OSError as error:
        raise SeedError(source, f"cannot be read ({error.strerror or error}), skipped") from None
    try:
        document = document_from_bytes(source, raw, max_bytes=max_bytes)
    except DocumentError as problem:
        raise SeedError(source, f"{problem.reason}, skipped") from None
    return Document(source=source, text=document.text, digest=document.digest, stamp=stamp)


# A file written this recently may still change within its time stamp's tick ("racy git"):
# its stamp is not kept, so the next start-up reads it again.
RECENT_NS = 2 * 10**9


def _stamp(status: os.stat_result) -> str:
    """size:mtime:inode:ctime:splitting. A copy with its time kept (cp -p, rsync -a) has a new inode and
    ctime; an edit that restores the time has a new ctime, which utime cannot set."""
    if time.time_ns() - status.st_mtime_ns < RECENT_NS:
        return ""
    return f"{status.st_size}:{status.st_mtime_ns}:{status.st_ino}:{status.st_ctime_ns}:s{SPLITTING}"


def document_from_bytes(source: str, raw: bytes, *, max_bytes: int = MAX_FILE_BYTES) -> Document:
    """The document in raw, or DocumentError saying why it cannot be one (binary, not UTF-8,
    empty, too big): the checks every seed file and every added file pass."""
    if len(raw) > max_bytes:
        raise DocumentError(source, _too_big(len(raw), max_bytes))
    if b"\x00" in raw:
        raise DocumentError(source, "looks binary (contains NUL bytes)")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise DocumentError(source, f"is not valid UTF-8 (byte {error.start})") from None
    if not text.strip():
        raise DocumentError(source, "is empty")
    digest = hashlib.sha256(raw + f"\0split {SPLITTING}".encode()).hexdigest()
    return Document(source=source, text=text, digest=digest)


# How documents are split into sentences (index.sentences), as part of every digest and stamp:
# a change to what a document's sentences are must reach stores built before it, which would
# otherwise keep a file's old sentences for as long as its bytes are unchanged (and, at the
# cheap check on start-up, never read it again). 2: Markdown table rows are sentences, and a
# byte-order mark is not quoted. 3: the lines of a block that reads as a list are sentences.
# 4: a headline over its story's first line is a sentence of its own. 5: a sentence whose
# subject is he, she or they after an opening phrase leans on the one before. 6: a plain text's
# title line is the heading of its sentences. 7: a sentence after a question leaned on it
# (taken back after review: the question then counted as what the document says). 9: a
# paragraph after one ending with a question has that question in its heading. 10: only after
# one that is a question alone, with nothing but a list marker between them. 11: or after a
# speaker's turn (a label in capitals) ending with a question. 12: that turn only when another
# speaker's turn follows it.
SPLITTING = 12


def _too_big(size: int, max_bytes: int) -> str:
    """In MB, unless rounding would make the size read as the limit ("10.0 MB is over the 10 MB
    limit", a new-user helper's find): then in bytes."""
    shown = f"{size / 2**20:.1f} MB"
    if float(f"{size / 2**20:.1f}") <= max_bytes / 2**20:
        shown = f"{size:,} bytes"
    return f"{shown} is over the {max_bytes / 2**20:g} MB limit ({max_bytes:,} bytes)"


# Characters kept in an added document's name; anything else (path separators, controls,
# spaces, quotes) becomes "-". Letters and digits of any script are kept.
_UNSAFE = re.compile(r"[^\w.\-]", re.UNICODE)
_EXTENSION = re.compile(r"\.[A-Za-z0-9]{1,5}$")


def safe_name(name: str) -> str:
    """A file name for an added document that cannot leave its folder: the last part of any
    path, without leading dots, with unsafe characters replaced, ending in .txt or .md (a name
    without an extension, such as a pasted text's title, gets .txt)."""
    last = re.split(r"[/\\]", unicodedata.normalize("NFC", name or ""))[-1]
    cleaned = _UNSAFE.sub("-", last.strip()).lstrip(".")
    if not cleaned.strip("-._"):
        raise DocumentError(name or "(no name)", "a name with letters or digits is needed")
    extension = _EXTENSION.search(cleaned)
    if extension is None:
        cleaned, extension_text = cleaned, ".txt"
    elif extension.group(0).lower() in SUFFIXES:
        cleaned, extension_text = cleaned[: extension.start()], extension.group(0)
    else:
        raise DocumentError(last, "only .txt and .md files can be added")
    stem = cleaned.encode("utf-8")[: MAX_NAME - len(extension_text)].decode("utf-8", "ignore")
    return stem + extension_text


def document_path(seeds_dir: Path, added_dir: Path, source: str) -> Path:
    """Where the file behind a cited source lives (a seed file wins over an added one)."""
    seeded = seeds_dir / source
    prefix = f"{ADDED}/"
    if source.startswith(prefix) and not seeded.exists():
        return added_dir / source[len(prefix) :]
    return seeded
