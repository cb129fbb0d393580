"""Refresh: compare the corpus with the manifest; add, change and remove papers, under a lock."""

from __future__ import annotations

import fcntl
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from briefbot.config import Settings
from briefbot.errors import BriefbotError, ModelMismatchError, PaperError, RefreshBusyError
from briefbot.files import sha256_of
from briefbot.ingest import READER_VERSION, SUPPORTED_SUFFIXES, cut_passages, load_paper
from briefbot.ingest.sentences import paper_sentences
from briefbot.models import (
    FailedPaper,
    Manifest,
    ManifestEntry,
    ManifestFailure,
    Passage,
    RefreshProgress,
    RefreshReport,
)
from briefbot.store.copies import find_copies, fingerprint
from briefbot.store.embedder import Embedder
from briefbot.store.generations import (
    GenerationBuilder,
    check_vector_home,
    current_generation,
    make_private_dir,
    mark_checked,
    prune_generations,
    read_manifest,
)
from briefbot.store.keywords import KEYWORDS_VERSION
from briefbot.store.server import ServerAccess, failure

SIDECAR = ".meta.toml"
EMBED_CHUNK = 256  # passages embedded per call: large enough to keep the model busy

ProgressFn = Callable[[RefreshProgress], None]


class RefreshCancelledError(BriefbotError):
    """The person refreshing cancelled; the published index is untouched."""


@contextmanager
def refresh_lock(root: Path) -> Iterator[None]:
    """Hold the index's exclusive writer lock, or fail at once if another refresh has it.

    flock is released by the kernel when its holder dies, so a killed refresh leaves no
    stale lock behind."""
    make_private_dir(root)
    handle = open(root / ".lock", "a+", encoding="utf-8")
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            raise RefreshBusyError(
                f"another refresh is running on {root} (pid {holder}); try again when it ends"
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        yield
    finally:
        handle.close()


@dataclass
class CorpusFile:
    """A paper file found in the corpus; its hashes are filled in only when needed."""

    rel: str
    path: Path
    stamp: str
    sha256: str = ""
    meta_sha256: str = ""

    def hash(self, known: ManifestEntry | ManifestFailure | None) -> None:
        """Hash file and sidecar, reusing the manifest's hashes when size and mtime are the same."""
        if known is not None and known.stamp == self.stamp:
            self.sha256, self.meta_sha256 = known.sha256, known.meta_sha256
            return
        sidecar = sidecar_of(self.path)
        self.sha256 = sha256_of(self.path)
        self.meta_sha256 = sha256_of(sidecar) if sidecar.is_file() else ""


@dataclass
class CorpusScan:
    files: dict[str, CorpusFile] = field(default_factory=dict)
    failed: list[FailedPaper] = field(default_factory=list)


def sidecar_of(path: Path) -> Path:
    return path.with_name(path.name + SIDECAR)


def _stamp(path: Path) -> str:
    stat = path.stat()
    sidecar = sidecar_of(path)
    side = sidecar.stat() if sidecar.is_file() else None
    extra = f"{side.st_size}:{side.st_mtime_ns}" if side else "-"
    return f"{stat.st_size}:{stat.st_mtime_ns}/{extra}"


def scan_corpus(corpus: Path) -> CorpusScan:
    """Every paper under the corpus folder; links leading outside it are refused, not followed."""
    scan = CorpusScan()
    if not corpus.is_dir():
        raise BriefbotError(f"the corpus folder {corpus} does not exist")
    root = corpus.resolve()
    for folder, dirs, names in os.walk(corpus, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(names) + [d for d in dirs if (Path(folder) / d).is_symlink()]:
            _consider(scan, root, corpus, Path(folder) / name)
    return scan


def _consider(scan: CorpusScan, root: Path, corpus: Path, path: Path) -> None:
    rel = path.relative_to(corpus).as_posix()
    if path.name.startswith(".") or path.name.endswith(SIDECAR):
        return
    if path.is_symlink():
        target = path.resolve()
        if not target.is_relative_to(root):
            scan.failed.append(
                FailedPaper(
                    path=rel, reason="symbolic link points outside the corpus; not followed"
                )
            )
            return
        if target.is_dir():
            return  # its papers are indexed where they really are
    if path.suffix.lower() not in SUPPORTED_SUFFIXES:
        kinds = ", ".join(sorted(SUPPORTED_SUFFIXES))
        scan.failed.append(
            FailedPaper(
                path=rel, reason=f"unsupported file type {path.suffix or '(none)'} ({kinds})"
            )
        )
        return
    try:
        scan.files[rel] = CorpusFile(rel=rel, path=path, stamp=_stamp(path))
    except OSError as error:
        scan.failed.append(FailedPaper(path=rel, reason=f"cannot read: {error.strerror or error}"))


def corpus_changes(corpus: Path, manifest: Manifest) -> list[str]:
    """Papers added, changed or removed since the manifest was written (cheap: stat first); every
    paper, when the index was read by an older reader (a refresh will read them all again)."""
    scan = scan_corpus(corpus)
    if manifest.papers and manifest.reader_version != READER_VERSION:
        return sorted(set(manifest.papers) | set(scan.files))
    changes = sorted(set(manifest.papers) - set(scan.files))
    for rel, found in scan.files.items():
        known = manifest.papers.get(rel) or manifest.failures.get(rel)
        try:
            found.hash(known)
        except OSError:
            continue
        if known is None or (known.sha256, known.meta_sha256) != (found.sha256, found.meta_sha256):
            changes.append(rel)
    return sorted(changes)


class Refresh:
    """One refresh run: plan against the manifest, then build and publish a new generation."""

    def __init__(
        self,
        settings: Settings,
        embedder: Embedder,
        progress: ProgressFn | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> None:
        self.settings = settings
        self.embedder = embedder
        self.progress = progress or (lambda _tick: None)
        self.cancelled = cancelled or (lambda: False)
        self.report = RefreshReport()
        self._pending: list[Passage] = []
        self._pending_sentences: list[tuple[str, list[tuple[int, str]]]] = []

    def run(self, rebuild: bool = False) -> RefreshReport:
        root = self.settings.index
        with refresh_lock(root):
            prune_generations(root)
            base = None if rebuild else current_generation(root)
            old = read_manifest(base) if base else Manifest(model=self.embedder.name, dimension=0)
            if old.model != self.embedder.name:
                raise ModelMismatchError(mismatch_message(root, old.model, self.embedder.name))
            if base is not None:
                check_vector_home(root, old, self.settings.chroma_url)
            self.progress(RefreshProgress(stage="scan", done=0, total=0))
            scan = scan_corpus(self.settings.corpus)
            self.report.failed.extend(scan.failed)
            todo, removed = self._plan(old, scan)
            current_keywords = old.keywords_version == KEYWORDS_VERSION
            now = datetime.now(UTC).isoformat(timespec="seconds")
            if base is not None and not todo and not removed and current_keywords:
                mark_checked(root, now)  # nothing to change: the index is as of now all the same
                return self._finish(old)
            manifest = old.model_copy(deep=True)
            access = ServerAccess.from_settings(self.settings)
            builder = GenerationBuilder(root, base, manifest, self.settings.chroma_url, access)
            try:
                self._apply(builder, manifest, old, todo, removed)
                manifest.refreshed_at = now
                builder.publish()
                mark_checked(root, now)
            except BaseException as error:
                builder.abandon()
                if builder.store.url and isinstance(error, Exception):
                    if not isinstance(error, BriefbotError):  # the server's, in its own words
                        raise failure(builder.store.url, error, access.timeout) from None
                raise
            return self._finish(manifest)

    def _plan(self, old: Manifest, scan: CorpusScan) -> tuple[list[CorpusFile], list[str]]:
        todo: list[CorpusFile] = []
        same_cut = (
            old.passage_words == self.settings.passage_words
            and old.reader_version == READER_VERSION
        )
        same_limit = (
            old.max_paper_mb == self.settings.max_paper_mb and old.reader_version == READER_VERSION
        )
        for rel, found in list(scan.files.items()):
            entry, failure = old.papers.get(rel), old.failures.get(rel)
            try:
                found.hash(entry or failure)
            except OSError as error:
                self.report.failed.append(
                    FailedPaper(path=rel, reason=f"cannot read: {error.strerror or error}")
                )
                del scan.files[rel]
                continue
            hashes = (found.sha256, found.meta_sha256)
            if entry and same_cut and (entry.sha256, entry.meta_sha256) == hashes:
                self.report.unchanged += 1
            elif failure and same_limit and (failure.sha256, failure.meta_sha256) == hashes:
                self.report.failed.append(FailedPaper(path=rel, reason=failure.reason))
            else:
                (self.report.changed if entry else self.report.added).append(rel)
                todo.append(found)
        removed = sorted(set(old.papers) - set(scan.files))
        self.report.removed.extend(removed)
        gone = set(old.failures) - set(scan.files)
        return todo, removed + sorted(gone)

    def _apply(
        self,
        builder: GenerationBuilder,
        manifest: Manifest,
        old: Manifest,
        todo: list[CorpusFile],
        removed: list[str],
    ) -> None:
        manifest.passage_words = self.settings.passage_words
        manifest.reader_version = READER_VERSION
        manifest.max_paper_mb = self.settings.max_paper_mb
        for rel in removed + [f.rel for f in todo]:
            manifest.failures.pop(rel, None)
            if rel in old.papers:
                builder.remove_paper(old.papers[rel].paper_id)
                manifest.papers.pop(rel, None)
        if todo:
            manifest.dimension = self.embedder.dimension
            self.embedder.load_questions()  # its export is made now, not at the first question
        for done, found in enumerate(todo):
            if self.cancelled():
                raise RefreshCancelledError("refresh cancelled; the index is as it was")
            self.progress(
                RefreshProgress(stage="parse", done=done, total=len(todo), path=found.rel)
            )
            self._index_paper(builder, manifest, found)
            if len(self._pending) >= EMBED_CHUNK:
                self._flush(builder)
        self._flush(builder)
        find_copies(manifest)
        self.progress(RefreshProgress(stage="store", done=len(todo), total=len(todo)))

    def _index_paper(
        self, builder: GenerationBuilder, manifest: Manifest, found: CorpusFile
    ) -> None:
        escaped = self._outside(found.path)
        if escaped:
            self._fail(manifest, found, escaped)
            return
        try:
            paper = load_paper(
                found.path,
                found.rel,
                self.settings.max_text_bytes,
                found.sha256,
                ocr=self.settings.ocr,
            )
            passages = cut_passages(paper, max_words=self.settings.passage_words)
        except PaperError as error:
            self._fail(manifest, found, str(error))
            return
        except (OSError, ValueError, RecursionError, MemoryError) as error:
            self._fail(manifest, found, f"could not be read: {type(error).__name__}: {error}")
            return
        if not passages:
            self._fail(manifest, found, "no text found")
            return
        builder.save_paper(paper)
        self._pending.extend(passages)
        self._pending_sentences.append(
            (
                paper.id,
                [(s, paper.text[s:e]) for s, e, _ in paper_sentences(paper.text, paper.blocks)],
            )
        )
        manifest.papers[found.rel] = ManifestEntry(
            paper_id=paper.id,
            sha256=found.sha256,
            meta_sha256=found.meta_sha256,
            stamp=found.stamp,
            passages=len(passages),
            title=paper.meta.title,
            date=paper.meta.date,
            doc_type=paper.meta.doc_type,
            unreadable=paper.unreadable,
            ocr_pages=paper.ocr_pages,
            fingerprint=fingerprint(paper.text),
        )

    def _outside(self, path: Path) -> str | None:
        """Checked again just before reading, for the paper and its sidecar: a link that leads
        out of the corpus is never followed (a sidecar could otherwise read any file)."""
        root = self.settings.corpus.resolve()
        for what, candidate in (("paper", path), ("sidecar", sidecar_of(path))):
            if candidate.is_symlink() and not candidate.resolve().is_relative_to(root):
                return f"{what} is a symbolic link outside the corpus; not followed"
        return None

    def _fail(self, manifest: Manifest, found: CorpusFile, reason: str) -> None:
        reason = " ".join(reason.split())[:300]
        self.report.failed.append(FailedPaper(path=found.rel, reason=reason))
        manifest.failures[found.rel] = ManifestFailure(
            sha256=found.sha256, meta_sha256=found.meta_sha256, stamp=found.stamp, reason=reason
        )
        for bucket in (self.report.added, self.report.changed):
            if found.rel in bucket:
                bucket.remove(found.rel)

    def _flush(self, builder: GenerationBuilder) -> None:
        if not self._pending:
            return
        batch, self._pending = self._pending, []
        vectors = self.embedder.encode([p.text for p in batch])
        builder.add(batch, vectors)
        papers, self._pending_sentences = self._pending_sentences, []
        texts = [text for _, sentences in papers for _, text in sentences]
        sentence_vectors = self.embedder.encode(texts) if texts else None
        at = 0
        for paper_id, sentences in papers:
            if sentence_vectors is not None:
                own = sentence_vectors[at : at + len(sentences)]
                builder.save_sentences(paper_id, [start for start, _ in sentences], own)
            at += len(sentences)
        self.progress(RefreshProgress(stage="embed", done=len(builder.passages), total=0))

    def _finish(self, manifest: Manifest) -> RefreshReport:
        for rel, entry in manifest.papers.items():  # indexed, but some pages could not be read
            self.report.failed.extend(unreadable_pages(rel, entry.unreadable))
        self.report.documents = len(manifest.papers)
        self.report.passages = manifest.passage_count
        self.report.failed.sort(key=lambda f: f.path)
        self.progress(RefreshProgress(stage="done", done=1, total=1))
        return self.report


def unreadable_pages(rel: str, pages: dict[int, str]) -> list[FailedPaper]:
    """The pages of an indexed paper left out, one entry per reason, e.g. "pages 3–5"."""
    from briefbot.ingest.formats.pdf import page_list

    by_reason: dict[str, list[int]] = {}
    for number, reason in sorted(pages.items()):
        by_reason.setdefault(reason, []).append(number)
    return [
        FailedPaper(path=rel, reason=f"{page_list(numbers)} not indexed: {reason}", pages=numbers)
        for reason, numbers in by_reason.items()
    ]


def mismatch_message(root: Path, built_with: str, configured: str) -> str:
    return (
        f"the index at {root} was built with the embedder {built_with!r}, but briefbot is set to "
        f"use {configured!r}; rebuild it with `briefbot refresh --rebuild` (or set "
        "BRIEFBOT_EMBEDDER to the one it was built with)"
    )
