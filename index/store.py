"""The Chroma store: sentence vectors plus a manifest saying which version of each document is live.

Crash safety comes from the order of writes. A changed document's new sentences are added under
ids that carry its new digest, then its manifest entry is switched to that digest in one upsert,
then the old sentences are deleted. Readers only use sentences whose digest the manifest names,
so a crash at any point leaves either the old or the new version live, never a mix; leftovers
are deleted by the next refresh.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlparse

from .errors import StoreError, StoreUnreachableError
from .sentences import Sentence
from .settings import Settings

if TYPE_CHECKING:
    from chromadb.api import ClientAPI
    from chromadb.api.models.Collection import Collection

MAX_BATCH = 5000  # Chroma takes at most 5,461 records in one add


@dataclass(frozen=True)
class StoredSentence:
    """A live sentence as read back from the store."""

    record_id: str
    sentence_id: str
    source: str
    position: int
    paragraph: int
    start: int
    end: int
    text: str
    context: str
    heading: str


@dataclass(frozen=True)
class ManifestEntry:
    """The live version of one document."""

    digest: str
    sentences: int
    stamp: str  # the file's stamp when it was read (see documents._stamp); "" when not trusted


def open_client(settings: Settings) -> ClientAPI:
    """The embedded persistent client, or an HTTP client when ASSISTANT_CHROMA_URL is set."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    if settings.chroma_url:
        url = urlparse(settings.chroma_url)
        if not url.hostname:
            raise StoreError(f"ASSISTANT_CHROMA_URL is not a URL: {settings.chroma_url!r}")
        try:
            client = chromadb.HttpClient(
                host=url.hostname,
                port=url.port or (443 if url.scheme == "https" else 8000),
                ssl=url.scheme == "https",
                settings=chroma_settings,
            )
            client.heartbeat()
        except Exception as error:  # chromadb raises several unrelated types for "no server"
            raise StoreUnreachableError(
                f"The Chroma server at {settings.chroma_url} is not reachable ({_reason(error)}). Start it, "
                "or unset ASSISTANT_CHROMA_URL to use the store folder."
            ) from None
        return client
    try:
        settings.store_dir.mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(path=str(settings.store_dir), settings=chroma_settings)
    except Exception as error:
        raise StoreError(f"Cannot open the index at {settings.store_dir}: {error}") from None


def reopen_client(settings: Settings) -> ClientAPI:
    """A client that reads the store as another process left it.

    Chroma keeps one system per store folder in a process, and its vector index is loaded once:
    sentences another process indexed since (`assistant index`, `assistant add`) are listed, but
    a search reaching them fails with "Error finding id". Chroma has no call to reload it, so the
    folder's system is dropped from Chroma's shared map (private, checked by a test) and the next
    client makes a new one. Clients already made keep the old system, so answers under way
    finish on the view they started with. A Chroma server has nothing cached here.
    """
    if not settings.chroma_url:
        from chromadb.api.shared_system_client import SharedSystemClient

        SharedSystemClient._identifier_to_system.pop(str(settings.store_dir), None)
    return open_client(settings)


def _reason(error: Exception) -> str:
    """The first line of what the client said ("Could not connect to a Chroma server. Are you
    sure it is running?"), or the error's type when it said nothing."""
    said = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return said if len(said) <= 160 else said[:159] + "…"


def unreachable(settings: Settings, error: Exception) -> StoreError:
    """The user-facing error for a store call that failed mid-way."""
    where = settings.chroma_url or str(settings.store_dir)
    if settings.chroma_url:
        return StoreUnreachableError(f"The Chroma server at {where} stopped answering ({_reason(error)}).")
    return StoreError(f"The index at {where} could not be read ({type(error).__name__}: {error}).")


def _space(collection: Collection) -> str:
    config = getattr(collection, "configuration_json", None) or {}
    hnsw = config.get("hnsw") or {}
    return str(hnsw.get("space") or (collection.metadata or {}).get("hnsw:space") or "l2")


class SentenceStore:
    """The two collections behind the index: sentences (cosine space) and the manifest."""

    def __init__(self, client: ClientAPI, name: str) -> None:
        self.client = client
        self.name = name
        self.collections = (name, f"{name}-manifest")  # what a refresh writes
        # embedding_function=None: Chroma's default would try to download an ONNX model.
        self.sentences: Collection = client.get_or_create_collection(
            name, metadata={"hnsw:space": "cosine"}, embedding_function=None
        )
        self.manifest: Collection = client.get_or_create_collection(self.collections[1], embedding_function=None)
        space = _space(self.sentences)
        if space != "cosine":
            # Chroma keeps an existing collection's distance whatever is asked: read as cosine,
            # l2 distances would make every sentence look unrelated and every answer a refusal.
            raise StoreError(
                f"The collection {name!r} measures {space} distance, not cosine: another program made it. "
                "Set ASSISTANT_COLLECTION to another name, or delete that collection."
            )

    # -- reading -------------------------------------------------------------------------
    def manifest_entries(self) -> dict[str, ManifestEntry]:
        """source -> what the manifest says of every live document, in one read."""
        got = self.manifest.get(include=["metadatas"])
        return {
            str(meta["source"]): ManifestEntry(
                str(meta["digest"]), int(str(meta.get("sentences") or 0)), str(meta.get("stamp") or "")
            )
            for meta in (got["metadatas"] or [])
            if meta is not None
        }

    def live_documents(self) -> dict[str, str]:
        """source -> digest of every document whose sentences are live."""
        return {source: entry.digest for source, entry in self.manifest_entries().items()}

    def generation(self) -> str:
        """Changes whenever the set of live documents changes, or the collection is made anew
        (rebuilt after a writer was killed, index.recovery): readers compare it to refresh."""
        live = "|".join(f"{s}={d}" for s, d in sorted(self.live_documents().items()))
        return f"{self.sentences.id}:{live}"

    def live_sentences(self) -> list[StoredSentence]:
        live = self.live_documents()
        out = []
        for record_id, meta, text in _records(self.sentences, ["metadatas", "documents"]):
            if meta is not None and live.get(str(meta["source"])) == meta["digest"]:
                out.append(to_stored(record_id, meta, text or ""))
        out.sort(key=lambda s: (s.source, s.position))
        return out

    def stale_record_ids(self) -> list[str]:
        live = self.live_documents()
        return [
            record_id
            for record_id, meta, _ in _records(self.sentences, ["metadatas"])
            if meta is None or live.get(str(meta["source"])) != meta["digest"]
        ]

    # -- writing -------------------------------------------------------------------------
    def add_sentences(self, records: Sequence[tuple[str, Sentence]], vectors: Sequence[Sequence[float]]) -> None:
        """Store (document digest, sentence) records with their vectors; several documents may
        share one call (one upsert of 1,020 sentences took 0.57 s, 20 of 51 took 0.71 s)."""
        ids = [record_id(digest, s) for digest, s in records]
        metas = [to_metadata(digest, s) for digest, s in records]
        for begin in range(0, len(ids), MAX_BATCH):
            end = begin + MAX_BATCH
            self.sentences.upsert(
                ids=ids[begin:end],
                embeddings=[list(v) for v in vectors[begin:end]],  # type: ignore[arg-type]
                documents=[s.text for _, s in records[begin:end]],
                metadatas=metas[begin:end],  # type: ignore[arg-type]
            )

    def publish(self, source: str, digest: str, count: int, stamp: str = "") -> None:
        """Make this digest the live version of source (one atomic upsert)."""
        self.manifest.upsert(
            ids=[source],
            embeddings=[[1.0]],  # type: ignore[arg-type]
            documents=[source],
            metadatas=[{"source": source, "digest": digest, "sentences": count, "stamp": stamp}],
        )

    def retire(self, sources: Iterable[str]) -> None:
        ids = list(sources)
        if ids:
            self.manifest.delete(ids=ids)

    def delete_records(self, ids: Sequence[str]) -> None:
        for begin in range(0, len(ids), MAX_BATCH):
            self.sentences.delete(ids=list(ids[begin : begin + MAX_BATCH]))


def _records(
    collection: Collection, include: list[str], page: int = MAX_BATCH
) -> Iterable[tuple[str, Any, str | None]]:
    """(id, metadata, document) of every record, a page at a time: one get() of 100k records
    fails inside Chroma with "too many SQL variables"."""
    offset = 0
    while True:
        got = collection.get(include=include, limit=page, offset=offset)  # type: ignore[arg-type]
        ids = got["ids"]
        metas: Sequence[Any] = got["metadatas"] or [None] * len(ids)
        documents: Sequence[Any] = got["documents"] or [None] * len(ids)
        yield from zip(ids, metas, documents, strict=True)
        if len(ids) < page:
            return
        offset += len(ids)


def record_id(digest: str, sentence: Sentence) -> str:
    return f"{digest[:16]}:{sentence.sentence_id}"


def to_metadata(digest: str, s: Sentence) -> dict[str, Any]:
    return {
        "sentence_id": s.sentence_id,
        "source": s.source,
        "digest": digest,
        "position": s.position,
        "paragraph": s.paragraph,
        "start": s.start,
        "end": s.end,
        "context": s.context,
        "heading": s.heading,
    }


def to_stored(record_id: str, meta: Any, text: str) -> StoredSentence:
    return StoredSentence(
        record_id=record_id,
        sentence_id=str(meta["sentence_id"]),
        source=str(meta["source"]),
        position=int(meta["position"]),
        paragraph=int(meta["paragraph"]),
        start=int(meta["start"]),
        end=int(meta["end"]),
        text=text,
        context=str(meta.get("context") or ""),
        heading=str(meta.get("heading") or ""),
    )
