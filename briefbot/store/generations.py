"""The index on disk: immutable generations of Chroma + keywords + papers, swapped atomically.

index/
  .lock           held (flock) by the one refresh allowed at a time
  CURRENT         the name of the published generation, replaced atomically
  CHECKED         when a refresh last ran to the end, changes or none (the status line's time)
  gen-000007/     chroma/, keywords/, passages.jsonl, papers/<id>.json, manifest.json
  gen-000008.tmp/ a refresh at work; never read, removed if a refresh died

Readers only ever open a published generation, so an answer comes from the old index or the
new one, never from half of a refresh; a refresh killed at any moment leaves CURRENT untouched.
Chroma itself is reached only through vectors.py (an embedded folder or a Chroma server).
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from briefbot.errors import BriefbotError, IndexDamagedError, IndexMissingError
from briefbot.language.abbreviations import Abbreviations, defined_abbreviations
from briefbot.language.tokens import tokenize
from briefbot.models import Filters, Manifest, Paper, Passage, date_span
from briefbot.store.copies import preferred
from briefbot.store.hnsw import check_hnsw_files
from briefbot.store.keywords import KEYWORDS_VERSION, KeywordIndex
from briefbot.store.server import ServerAccess, ServerError, failure
from briefbot.store.vectors import VectorStore

if TYPE_CHECKING:
    import numpy as np

_PAPER_ID = re.compile(r"[0-9a-f]{16}")
# NumPy reads an array file's header with ast.literal_eval, and CPython 3.11 keeps the AST
# constructor's recursion count in state its threads share: two at once can fail with
# "SystemError: AST constructor recursion depth mismatch" (cf. CPython gh-106905). Twenty askers
# of a shared index lost a worker so; array files are read one at a time.
_ARRAY_FILES = threading.Lock()
SENTENCES = ".sentences.npz"  # beside a paper's text: its sentences' vectors
CURRENT = "CURRENT"
CHECKED = "CHECKED"
_GENERATION = re.compile(r"gen-[0-9]+")
KEEP_GENERATIONS = 2
MASTHEAD_CHARS = 400  # of a paper's first passage: whose paper it is, not what it says


def make_private_dir(folder: Path) -> None:
    """Create a folder readable by its owner only: papers may be sensitive."""
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(folder, 0o700)


def write_atomic(path: Path, text: str) -> None:
    """Write a file so that readers see the old content or the new, never a torn one."""
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)


def mark_checked(root: Path, moment: str) -> None:
    """Record that a refresh ran to the end at `moment`, whether or not it changed anything."""
    write_atomic(root / CHECKED, moment)


def last_checked(root: Path) -> str | None:
    """When a refresh last ran to the end, or None if none has since this record was kept."""
    try:
        return (root / CHECKED).read_text(encoding="utf-8").strip() or None
    except (OSError, UnicodeDecodeError):
        return None


def current_generation(root: Path) -> Path | None:
    """The published generation's folder, or None when nothing has been published."""
    try:
        name = (root / CURRENT).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as error:
        raise IndexDamagedError(
            f"the index at {root} has an unreadable {CURRENT} file; "
            "run `briefbot refresh --rebuild`"
        ) from error
    folder = root / name
    if not _GENERATION.fullmatch(name) or not folder.is_dir():
        raise IndexDamagedError(
            f"the index at {root} points to a missing generation {name!r}; "
            "run `briefbot refresh --rebuild`"
        )
    return folder


def read_manifest(folder: Path) -> Manifest:
    try:
        return Manifest.model_validate_json((folder / "manifest.json").read_bytes())
    except (OSError, ValidationError, ValueError) as error:
        raise IndexDamagedError(
            f"the index manifest in {folder} is unreadable; run `briefbot refresh --rebuild`"
        ) from error


def _metadata(passage: Passage) -> dict[str, str | int]:
    low, high = date_span(passage.date)
    return {
        "paper_id": passage.paper_id,
        "path": passage.path,
        "doc_type": passage.doc_type,
        "date_lo": low,
        "date_hi": high,
    }


def damaged(folder: Path, error: BaseException) -> IndexDamagedError:
    return IndexDamagedError(
        f"the index in {folder} is damaged ({type(error).__name__}); "
        "run `briefbot refresh --rebuild`"
    )


def _load_passages(folder: Path) -> dict[str, Passage]:
    passages: dict[str, Passage] = {}
    with open(folder / "passages.jsonl", encoding="utf-8") as lines:
        for line in lines:
            passage = Passage.model_validate_json(line)
            passages[passage.id] = passage
    return passages


def mastheads(passages: dict[str, Passage]) -> dict[str, frozenset[str]]:
    """Each paper's masthead: the words it opens with, as index tokens — its title, committee
    and first lines ("Kent County Council", "Milburn Parish Council", "Cabinet - 22 January
    2019"), which say whose paper it is."""
    first: dict[str, Passage] = {}
    for passage in passages.values():
        known = first.get(passage.paper_id)
        if known is None or passage.start < known.start:
            first[passage.paper_id] = passage
    return {
        paper: frozenset(tokenize(f"{p.title} {p.committee or ''} {p.text[:MASTHEAD_CHARS]}"))
        for paper, p in first.items()
    }


def keyword_index(passages: dict[str, Passage]) -> KeywordIndex:
    """BM25 over each passage with its paper's masthead words (each once). A paper's passages
    then share whose paper it is, and within the paper the words of the passage itself decide:
    "apologies to the Sutton Coldfield amenities committee in March 2018" finds the item
    "Apologies for Absence: Cllrs Ives, Ward and Ellis", not the minutes' front page. (On the
    seen sets, the answer's passage in the first five: 77% -> 82%; bench/retrieval_settings.py.)"""
    heads = mastheads(passages)
    ordered = sorted(passages.values(), key=lambda p: p.id)
    return KeywordIndex.build(
        [p.id for p in ordered], [p.text for p in ordered], [heads[p.paper_id] for p in ordered]
    )


class Generation:
    """A read-only view of one published generation."""

    def __init__(
        self, folder: Path, chroma_url: str | None = None, access: ServerAccess | None = None
    ) -> None:
        self.folder = folder
        self.manifest = read_manifest(folder)
        self.store = VectorStore(
            chroma_url or self.manifest.chroma_url,
            self.manifest.store_key,
            access or ServerAccess(),
        )
        self._papers: dict[str, Paper] = {}
        self._entries = {entry.paper_id: entry for entry in self.manifest.papers.values()}
        self._sentences: dict[str, dict[int, np.ndarray] | None] = {}
        self._abbreviations: Abbreviations | None = None
        self._mastheads: dict[str, frozenset[str]] | None = None
        self._client: Any = None
        try:
            self.passages = _load_passages(folder)
            self.keywords = self._keywords(folder)
            if not self.store.shared:
                check_hnsw_files(folder / "chroma")
            self._client = self.store.client(folder)
            self._collection = self.store.open(self._client, folder)
            if self.store.shared:
                check_stamp(self.store.url or "", self._collection.metadata, self.manifest)
            expected = self.manifest.passage_count
            if (
                len(self.passages) != expected
                or set(self.keywords.ids) != self.passages.keys()
                or int(self._collection.count()) != expected
            ):
                raise IndexDamagedError(
                    f"the index in {folder} is damaged (its parts disagree on the passages); "
                    "run `briefbot refresh --rebuild`"
                )
        except Exception as error:  # chroma, bm25s and json each raise their own types
            self.close()
            if isinstance(error, BriefbotError):
                raise
            raise self._failure(error) from None

    def _keywords(self, folder: Path) -> KeywordIndex:
        """The saved keyword index, or one rebuilt in memory if it predates the tokenizer or the
        text indexed (KEYWORDS_VERSION); the next refresh saves the rebuilt one."""
        if self.manifest.keywords_version == KEYWORDS_VERSION:
            return KeywordIndex.load(folder / "keywords")
        return keyword_index(self.passages)

    def _failure(self, error: Exception) -> BriefbotError:
        """A server's failure in its own words; the embedded store's means damage."""
        if self.store.shared:
            return failure(self.store.url or "", error, self.store.access.timeout)
        return damaged(self.folder, error)

    @classmethod
    def open_current(
        cls, root: Path, chroma_url: str | None = None, access: ServerAccess | None = None
    ) -> Generation:
        folder = current_generation(root)
        if folder is None:
            raise IndexMissingError(f"there is no index at {root} yet; run `briefbot refresh`")
        return cls(folder, chroma_url, access)

    def dense(
        self, vector: np.ndarray, k: int, filters: Filters | None = None
    ) -> list[tuple[str, float]]:
        """Nearest passages by cosine similarity, best first, as (id, similarity)."""
        ids: list[str] | None = None
        if filters is not None and filters.active:
            ids = [pid for pid, p in self.passages.items() if filters.admits(p)]
            if not ids:
                return []
        limit = min(k, len(ids) if ids is not None else len(self.passages))
        if limit <= 0:
            return []
        try:
            found = self._collection.query(
                query_embeddings=[vector], n_results=limit, ids=ids, include=["distances"]
            )
        except Exception as error:  # chroma reads its segment files only now
            raise self._failure(error) from None
        distances = found["distances"][0] if found["distances"] else []
        return [(pid, 1.0 - float(d)) for pid, d in zip(found["ids"][0], distances, strict=True)]

    def keyword(
        self, question: str, k: int, filters: Filters | None = None, hints: str = ""
    ) -> list[tuple[str, float]]:
        """Best BM25 passages, best first, as (id, score); only passages with a matching word.
        Of the `hints`, a passage's best-scoring one is added once."""
        import numpy as np

        scores = self.keywords.scores(question, hints)
        if not len(scores):
            return []
        order = np.argsort(-scores, kind="stable")
        hits: list[tuple[str, float]] = []
        for position in order:
            if scores[position] <= 0 or len(hits) >= k:
                break
            pid = self.keywords.ids[position]
            if filters is None or not filters.active or filters.admits(self.passages[pid]):
                hits.append((pid, float(scores[position])))
        return hits

    @property
    def abbreviations(self) -> Abbreviations:
        """The abbreviations the indexed papers define ("Kent County Council (KCC)"), read from
        the passages at first use (a few milliseconds for thousands of passages)."""
        if self._abbreviations is None:
            texts = (passage.text for passage in self.passages.values())
            self._abbreviations = Abbreviations(defined_abbreviations(texts))
        return self._abbreviations

    def masthead(self, paper_id: str) -> frozenset[str]:
        """The words a paper opens with, as index tokens (see `mastheads`)."""
        if self._mastheads is None:
            self._mastheads = mastheads(self.passages)
        return self._mastheads.get(paper_id, frozenset())

    def copies(self, paper_id: str) -> dict[str, str]:
        """The papers that repeat this one (store.copies), by id, with how."""
        entry = self._entries.get(paper_id)
        return dict(entry.copies) if entry else {}

    def preferred(self, paper_ids: list[str]) -> str:
        """Which of a paper's copies an answer cites (store.copies.preferred)."""
        entries = [self._entries[p] for p in paper_ids if p in self._entries]
        return preferred(entries).paper_id if entries else paper_ids[0]

    def paper(self, paper_id: str) -> Paper:
        cached = self._papers.get(paper_id)
        if cached is not None:
            return cached
        if not _PAPER_ID.fullmatch(paper_id):  # never a path: "../" cannot leave the index
            raise BriefbotError(f"there is no paper {paper_id!r} in the index")
        try:
            paper = Paper.model_validate_json(
                (self.folder / "papers" / f"{paper_id}.json").read_bytes()
            )
        except (OSError, ValidationError) as error:
            raise IndexDamagedError(
                f"the text of paper {paper_id} is missing from the index; "
                "run `briefbot refresh --rebuild`"
            ) from error
        if len(self._papers) > 256:
            self._papers.clear()
        self._papers[paper_id] = paper
        return paper

    def sentence_vectors(self, paper_id: str) -> dict[int, np.ndarray] | None:
        """The stored vectors of a paper's sentences by start offset; None when this index has
        none for it (built before they were stored): the answerer then embeds them itself."""
        import numpy as np

        if paper_id in self._sentences:
            return self._sentences[paper_id]
        found: dict[int, np.ndarray] | None = None
        path = self.folder / "papers" / f"{paper_id}{SENTENCES}"
        if _PAPER_ID.fullmatch(paper_id) and path.is_file():
            try:
                with _ARRAY_FILES, np.load(path) as stored:
                    found = dict(zip(stored["starts"].tolist(), stored["vectors"], strict=True))
            except (OSError, ValueError, KeyError):
                found = None  # damaged: embedded afresh, as if never stored
        if len(self._sentences) > 256:
            self._sentences.clear()
        self._sentences[paper_id] = found
        return found

    def chroma_count(self) -> int:
        return int(self._collection.count())

    def chroma_ids(self) -> list[str]:
        """Every passage id stored in Chroma (for consistency checks)."""
        return list(self._collection.get(include=[])["ids"])

    def close(self) -> None:
        client, self._client = self._client, None
        try:
            if client is not None:
                self.store.release(self.folder, client)
        except Exception:  # closing is best effort: the generation may already be gone
            pass


def stamp(manifest: Manifest) -> dict[str, str | int]:
    """What a server's collection records of the embedder its vectors come from."""
    return {"briefbot_model": manifest.model}


def check_stamp(url: str, metadata: dict[str, Any] | None, manifest: Manifest) -> None:
    """A server's collection must hold vectors of the embedder the index was built with."""
    model = (metadata or {}).get("briefbot_model")
    if model is not None and model != manifest.model:  # None: made before collections were stamped
        raise ServerError(
            f"the Chroma server at {url} holds vectors of {model} for this index, which was "
            f"built with {manifest.model}; run `briefbot refresh --rebuild`"
        )


def check_vector_home(root: Path, manifest: Manifest, chroma_url: str | None) -> None:
    """A refresh must name the Chroma server the index already uses (or none at all)."""
    if chroma_url and chroma_url != manifest.chroma_url:
        where = f"on {manifest.chroma_url}" if manifest.chroma_url else "in the index folder"
        raise BriefbotError(
            f"the index at {root} keeps its vectors {where}; to move them, run "
            "`briefbot refresh --rebuild` with the Chroma server you want (or none)"
        )


class GenerationBuilder:
    """A new generation under construction: a copy of the current one (or empty), then edits."""

    def __init__(
        self,
        root: Path,
        base: Path | None,
        manifest: Manifest,
        chroma_url: str | None = None,
        access: ServerAccess | None = None,
    ) -> None:
        self.root = root
        self.manifest = manifest
        self.manifest.generation = _next_generation_number(root)
        if base is not None:  # the index remembers where its vectors are
            chroma_url = chroma_url or manifest.chroma_url
            check_vector_home(root, manifest, chroma_url)
        self.manifest.chroma_url = chroma_url
        self.manifest.store_key = manifest.store_key or secrets.token_hex(6)
        self.store = VectorStore(chroma_url, self.manifest.store_key, access or ServerAccess())
        self.folder = root / f"gen-{self.manifest.generation:06d}.tmp"
        make_private_dir(self.folder)
        (self.folder / "papers").mkdir()
        try:
            if base is not None:
                if not self.store.shared:
                    check_hnsw_files(base / "chroma")
                self.store.copy(base, self.folder, stamp(self.manifest))
                for paper_file in (base / "papers").iterdir():
                    os.link(paper_file, self.folder / "papers" / paper_file.name)
                self.passages = _load_passages(base)
            else:
                self.passages = {}
            self._client = self.store.client(self.folder)
            if base is None:
                self.store.drop(self._client, self.folder)  # left by a refresh that died
            self._collection = self.store.create(self._client, self.folder, stamp(self.manifest))
        except Exception as error:  # a damaged base: sqlite, chroma and json raise their own
            if getattr(self, "_client", None) is not None:
                self.store.release(self.folder, self._client)
            shutil.rmtree(self.folder, ignore_errors=True)
            if isinstance(error, BriefbotError):
                raise
            if self.store.shared:
                raise failure(self.store.url or "", error, self.store.access.timeout) from None
            if base is None:
                raise
            raise damaged(base, error) from error
        self._batch = int(self._client.get_max_batch_size())

    def remove_paper(self, paper_id: str) -> None:
        self._collection.delete(where={"paper_id": paper_id})
        self.passages = {k: p for k, p in self.passages.items() if p.paper_id != paper_id}
        (self.folder / "papers" / f"{paper_id}.json").unlink(missing_ok=True)
        (self.folder / "papers" / f"{paper_id}{SENTENCES}").unlink(missing_ok=True)

    def save_paper(self, paper: Paper) -> None:
        target = self.folder / "papers" / f"{paper.id}.json"
        target.unlink(missing_ok=True)  # may be a hard link shared with the published generation
        target.write_text(paper.model_dump_json(), encoding="utf-8")

    def save_sentences(self, paper_id: str, starts: list[int], vectors: np.ndarray) -> None:
        """The vectors of a paper's sentences, by where each starts, for the answerer."""
        import numpy as np

        target = self.folder / "papers" / f"{paper_id}{SENTENCES}"
        target.unlink(missing_ok=True)  # may be a hard link shared with the published generation
        with open(target, "wb") as out:
            np.savez(out, starts=np.asarray(starts, dtype=np.int64), vectors=vectors)

    def add(self, passages: list[Passage], vectors: np.ndarray) -> None:
        for first in range(0, len(passages), self._batch):
            chunk = passages[first : first + self._batch]
            self._collection.add(
                ids=[p.id for p in chunk],
                embeddings=vectors[first : first + len(chunk)],
                documents=[p.text for p in chunk],
                metadatas=[_metadata(p) for p in chunk],
            )
        self.passages.update((p.id, p) for p in passages)

    def publish(self) -> Path:
        """Write keywords, passages and manifest; check they agree with Chroma; swap CURRENT."""
        count = int(self._collection.count())
        if count != len(self.passages) or count != self.manifest.passage_count:
            raise IndexDamagedError(
                f"refresh stopped: the index's vector store holds {count} passages but its "
                f"manifest expects {self.manifest.passage_count}; run `briefbot refresh --rebuild`"
            )
        self.store.release(self.folder, self._client)
        ordered = sorted(self.passages.values(), key=lambda p: p.id)
        with open(self.folder / "passages.jsonl", "w", encoding="utf-8") as out:
            out.writelines(p.model_dump_json() + "\n" for p in ordered)
        keyword_index(self.passages).save(self.folder / "keywords")
        self.manifest.keywords_version = KEYWORDS_VERSION
        write_atomic(self.folder / "manifest.json", self.manifest.model_dump_json(indent=1))
        final = self.folder.with_name(self.folder.name.removesuffix(".tmp"))
        os.replace(self.folder, final)
        write_atomic(self.root / CURRENT, final.name)
        prune_generations(self.root)
        self.store.prune({p.name for p in self.root.glob("gen-*") if p.suffix != ".tmp"})
        return final

    def abandon(self) -> None:
        """Throw the unfinished generation away; best effort when the server is the trouble."""
        try:
            if self.store.shared:
                self.store.drop(self._client, self.folder)
            self.store.release(self.folder, self._client)
        except Exception:  # the server is down or refusing: its leftover is dropped next time
            pass
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)


def _next_generation_number(root: Path) -> int:
    numbers = [0]
    for entry in root.glob("gen-*"):
        digits = entry.name.removeprefix("gen-").removesuffix(".tmp")
        if digits.isdigit():
            numbers.append(int(digits))
    return max(numbers) + 1


def prune_generations(root: Path, keep: int = KEEP_GENERATIONS) -> None:
    """Remove unfinished generations, and all published ones but the current and its elders
    up to `keep` in all (a reader may still hold the previous one open)."""
    try:
        current = current_generation(root)
    except IndexDamagedError:  # a rebuild replaces it; till then only unfinished work goes
        for entry in root.glob("gen-*.tmp"):
            shutil.rmtree(entry, ignore_errors=True)
        return
    for entry in sorted(root.glob("gen-*"), key=lambda p: p.name, reverse=True):
        if entry.name.endswith(".tmp") or current is None or entry.name > current.name:
            shutil.rmtree(entry, ignore_errors=True)
        elif entry != current:
            keep -= 1
            if keep <= 0:
                shutil.rmtree(entry, ignore_errors=True)
