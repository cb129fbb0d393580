"""Where a generation's passage vectors live: in its own Chroma folder (embedded, the default) or
in a shared Chroma server (`--chroma-url`, for a council running one index for everyone).

Embedded: `gen-NNNNNN/chroma/`, collection "passages"; a refresh copies the folder.
Server:   collection "briefbot-<index key>-gen-NNNNNN" on the server; a refresh copies the
          collection on the server. The rest of a generation (keywords, passages, papers,
          manifest) stays in the index folder, which the readers share.
"""

from __future__ import annotations

import shutil
import sqlite3
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from briefbot.store.server import ServerAccess

COLLECTION = "passages"
_SPACE = {"hnsw:space": "cosine"}
# Chroma shares one engine per folder within a process, and closing any client of a folder stops
# it for all: so each folder has one client here, closed when its last user lets go.
_OPEN: dict[str, list[Any]] = {}
_OPEN_LOCK = threading.Lock()


def chroma_settings() -> Any:
    from chromadb.config import Settings as ChromaSettings

    return ChromaSettings(anonymized_telemetry=False, allow_reset=False)


@dataclass(frozen=True)
class VectorStore:
    """The embedded store (url None) or a Chroma server, for the index with this key."""

    url: str | None = None
    key: str = ""
    access: ServerAccess = field(default_factory=ServerAccess, repr=False)

    @property
    def shared(self) -> bool:
        return self.url is not None

    def client(self, folder: Path) -> Any:
        """A Chroma client for the generation in `folder`."""
        import chromadb

        if self.url is None:
            path = str(folder / "chroma")
            with _OPEN_LOCK:
                entry = _OPEN.get(path)
                if entry is None:
                    client = chromadb.PersistentClient(path=path, settings=chroma_settings())
                    entry = _OPEN[path] = [client, 0]
                entry[1] += 1
                return entry[0]
        from briefbot.store.server import connect

        return connect(self.url, self.access)

    def release(self, folder: Path, client: Any) -> None:
        """Let go of a client from `client()`; the last user of a folder's client closes it."""
        if self.url is None:
            with _OPEN_LOCK:
                entry = _OPEN.get(str(folder / "chroma"))
                if entry is None or entry[0] is not client:
                    return
                entry[1] -= 1
                if entry[1] > 0:
                    return
                del _OPEN[str(folder / "chroma")]
        client.close()

    def name(self, folder: Path) -> str:
        """The collection holding the generation in `folder` (a .tmp one keeps its final name)."""
        if self.url is None:
            return COLLECTION
        return f"briefbot-{self.key}-{folder.name.removesuffix('.tmp')}"

    def create(self, client: Any, folder: Path, stamp: dict[str, str | int] | None = None) -> Any:
        """The generation's collection, stamped with the embedder its vectors come from."""
        return client.get_or_create_collection(
            self.name(folder), embedding_function=None, metadata={**_SPACE, **(stamp or {})}
        )

    def open(self, client: Any, folder: Path) -> Any:
        return client.get_collection(self.name(folder), embedding_function=None)

    def copy(
        self, base: Path, target: Path, stamp: dict[str, str | int] | None = None, batch: int = 1000
    ) -> None:
        """Start the generation in `target` as a copy of the one in `base`."""
        if self.url is None:
            copy_chroma_folder(base / "chroma", target / "chroma")
            return
        client = self.client(target)
        try:
            self._copy_collection(client, base, target, stamp, batch)
        finally:
            self.release(target, client)

    def _copy_collection(
        self, client: Any, base: Path, target: Path, stamp: dict[str, str | int] | None, batch: int
    ) -> None:
        source = self.open(client, base)
        self.drop(client, target)  # left over from a refresh that died
        copy = self.create(client, target, stamp)
        for offset in range(0, int(source.count()), batch):
            got = source.get(
                include=["embeddings", "metadatas", "documents"], limit=batch, offset=offset
            )
            copy.add(
                ids=got["ids"],
                embeddings=got["embeddings"],
                metadatas=got["metadatas"],
                documents=got["documents"],
            )

    def drop(self, client: Any, folder: Path) -> None:
        from briefbot.store.server import GenerationGoneError, failure

        try:
            client.delete_collection(self.name(folder))
        except Exception as error:  # not there: nothing to drop; a refusal or an outage is raised
            if self.url is not None and not isinstance(
                failure(self.url, error), GenerationGoneError
            ):
                raise

    def prune(self, keep: set[str]) -> None:
        """On a server, drop this index's collections for generations no longer kept."""
        if self.url is None:
            return
        client = self.client(Path("."))
        prefix = f"briefbot-{self.key}-"
        try:
            for collection in client.list_collections():
                name = getattr(collection, "name", collection)
                if name.startswith(prefix) and name.removeprefix(prefix) not in keep:
                    client.delete_collection(name)
        finally:
            client.close()


def copy_chroma_folder(source: Path, target: Path) -> None:
    """Copy a Chroma folder: SQLite through its backup API (consistent even with readers)."""
    target.mkdir(parents=True)
    for item in source.iterdir():
        if item.name.startswith("chroma.sqlite3"):
            continue
        if item.is_dir():
            shutil.copytree(item, target / item.name)
        else:
            shutil.copy2(item, target / item.name)
    src = sqlite3.connect(f"file:{source / 'chroma.sqlite3'}?mode=ro", uri=True)
    dst = sqlite3.connect(target / "chroma.sqlite3")
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()
