"""Briefbot: the one facade the CLI, the chat and the briefings use (ask, refresh, status)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from briefbot.answering.answerer import Answerer, Sources
from briefbot.answering.conversation import Conversation
from briefbot.config import Settings
from briefbot.errors import IndexDamagedError, ModelMismatchError, QuestionError
from briefbot.ingest.clean import clean_text
from briefbot.language.names import council_names
from briefbot.models import Answer, Filters, Paper, Passage, RefreshReport
from briefbot.store.copies import copies_of
from briefbot.store.embedder import Embedder, load_beside
from briefbot.store.generations import (
    Generation,
    current_generation,
    last_checked,
    read_manifest,
)
from briefbot.store.refresh import ProgressFn, Refresh, corpus_changes, mismatch_message
from briefbot.store.retrieve import Hit, Mode, retrieve
from briefbot.store.server import GenerationGoneError, ServerAccess, ServerState, server_state

if TYPE_CHECKING:
    import numpy as np

MAX_QUESTION_CHARS = 2000


EVIDENCE_POOL = 20  # passages whose sentences may answer; the first k are shown


@dataclass
class IndexStatus:
    """What the status line and `briefbot status` show."""

    exists: bool
    papers: int = 0
    passages: int = 0
    refreshed_at: str | None = None  # when a refresh last ran, whether it changed anything
    changed_at: str | None = None  # when a refresh last changed the index
    model: str | None = None
    generation: str | None = None
    failed: list[dict[str, str]] = field(default_factory=list)  # papers not indexed, and why
    unreadable_pages: int = 0  # pages of indexed papers left out (scans, garbage)
    papers_with_unreadable_pages: int = 0
    copies: list[dict[str, str]] = field(default_factory=list)  # papers repeating another
    ocr_pages: int = 0  # scanned pages whose text was read by OCR


def clean_question(question: str) -> str:
    """Collapse whitespace, drop control characters, cap the length; refuse empty questions."""
    text = "".join(ch if ch.isprintable() else " " for ch in clean_text(question))
    text = " ".join(text.split())[:MAX_QUESTION_CHARS]
    if not any(ch.isalnum() for ch in text):
        raise QuestionError("please type a question in words")
    return text


__all__ = ["Briefbot", "Conversation", "IndexStatus", "clean_question"]


class Briefbot:
    """Loads the model once and keeps the published index open, reopening it after a refresh."""

    def __init__(self, settings: Settings | None = None, embedder: Embedder | None = None) -> None:
        self.settings = settings or Settings()
        self.embedder = embedder or Embedder.for_settings(self.settings)
        self._generation: Generation | None = None
        self._lock = threading.RLock()
        self.answerer = Answerer()
        self._loading: threading.Thread | None = None

    def _warm_model(self) -> None:
        """Start loading the model on its own thread, so that a cold search or ask opens the
        index meanwhile (they need both; reading a paper needs only the index)."""
        if not self.embedder.loaded and self._loading is None:
            self._loading = load_beside(self._load_quietly)

    def _load_quietly(self) -> None:
        """Load the model in the background; a failure is raised again where it is used."""
        try:
            self.embedder.load_questions()
        except Exception:  # the embedder's next use loads again and raises it there
            pass

    def generation(self) -> Generation:
        """The published generation, reopened if a refresh has published a newer one."""
        with self._lock:
            folder = current_generation(self.settings.index)
            if self._generation is None or folder != self._generation.folder:
                old, self._generation = self._generation, None
                if old is not None:
                    old.close()
                self._generation = Generation.open_current(
                    self.settings.index, self.settings.chroma_url, self.access()
                )
                built_with = self._generation.manifest.model
                if built_with != self.embedder.name:
                    raise ModelMismatchError(
                        mismatch_message(self.settings.index, built_with, self.embedder.name)
                    )
            return self._generation

    def access(self) -> ServerAccess:
        """The token, CA and timeout for a Chroma server, read afresh (a token file may be
        replaced while the chat runs)."""
        return ServerAccess.from_settings(self.settings)

    def server(self) -> ServerState | None:
        """The shared server this index uses, and whether it accepts our token (None: the
        embedded store)."""
        folder = current_generation(self.settings.index)
        url = self.settings.chroma_url or (read_manifest(folder).chroma_url if folder else None)
        return server_state(url, self.access()) if url else None

    def has_index(self) -> bool:
        return current_generation(self.settings.index) is not None

    def status(self, check: bool = False) -> IndexStatus:
        """The manifest's figures; with check, the index is opened too (slower: Chroma), so
        damage shows here rather than at the first question."""
        folder = current_generation(self.settings.index)
        if folder is None:
            return IndexStatus(exists=False)
        manifest = read_manifest(folder)
        if check:
            Generation(folder, self.settings.chroma_url, self.access()).close()
        return IndexStatus(
            exists=True,
            papers=len(manifest.papers),
            passages=manifest.passage_count,
            refreshed_at=max(
                filter(None, (manifest.refreshed_at, last_checked(self.settings.index))),
                default=None,
            ),
            changed_at=manifest.refreshed_at,
            model=manifest.model,
            generation=folder.name,
            failed=[
                {"path": rel, "reason": failure.reason}
                for rel, failure in sorted(manifest.failures.items())
            ],
            unreadable_pages=sum(len(e.unreadable) for e in manifest.papers.values()),
            papers_with_unreadable_pages=sum(1 for e in manifest.papers.values() if e.unreadable),
            copies=copies_of(manifest),
            ocr_pages=sum(len(e.ocr_pages) for e in manifest.papers.values()),
        )

    def pending_changes(self) -> list[str]:
        """Papers added, changed or removed in the corpus since the last refresh."""
        folder = current_generation(self.settings.index)
        if folder is None:
            return []
        return corpus_changes(self.settings.corpus, read_manifest(folder))

    def refresh(
        self,
        rebuild: bool = False,
        progress: ProgressFn | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> RefreshReport:
        report = Refresh(self.settings, self.embedder, progress, cancelled).run(rebuild=rebuild)
        return report

    def search(
        self, question: str, k: int = 5, filters: Filters | None = None, mode: Mode = "hybrid"
    ) -> list[Hit]:
        """The best passages for a question, best first."""
        text = clean_question(question)
        self._warm_model()
        return retrieve(self.generation(), self.embedder, text, k=k, filters=filters, mode=mode)

    def ask(
        self,
        question: str,
        filters: Filters | None = None,
        k: int = 6,
        conversation: Conversation | None = None,
        mode: Mode = "hybrid",
        explain: bool = False,
    ) -> Answer:
        """A cited answer composed from the papers, or a plain refusal; with explain, the
        sentences weighed and why."""
        text = clean_question(question)
        self._warm_model()
        try:
            return self._ask(text, filters, k, conversation, mode, explain)
        except (GenerationGoneError, IndexDamagedError):
            if not self._superseded():
                raise
            # a refresh published a newer generation and pruned this one mid-question: ask that
            return self._ask(text, filters, k, conversation, mode, explain)

    def _superseded(self) -> bool:
        """Whether the generation in use is no longer the published one."""
        held = self._generation
        return held is not None and current_generation(self.settings.index) != held.folder

    def _ask(
        self,
        text: str,
        filters: Filters | None,
        k: int,
        conversation: Conversation | None,
        mode: Mode,
        explain: bool,
    ) -> Answer:
        generation = self.generation()
        pool = max(k, EVIDENCE_POOL)

        home = council_names(self.settings.council)

        def find(search: str, hints: str = "") -> list[Hit]:
            return retrieve(
                generation, self.embedder, search, pool, filters, mode, hints=hints, home=home
            )

        sources = Sources(
            retrieve=find,
            paper=generation.paper,
            encode=self.embedder.encode,
            idf=generation.keywords.idf,
            key=str(generation.folder),
            known=generation.keywords.known,
            stored=generation.sentence_vectors,
            copies=generation.copies,
            prefer=generation.preferred,
            encode_questions=self.embedder.encode_questions,
            home=home,
        )
        answer = self.answerer.ask(text, sources, conversation, explain)
        if answer.refused and filters is not None and filters.active and not answer.note:
            # the filter may be why nothing answered: say so beside the refusal
            answer.note = (
                f"Only papers {filters.searched()} were searched; "
                "clear the filter to search them all."
            )
        answer.passages = answer.passages[:k]
        answer.generation = generation.folder.name
        return answer

    def paper(self, paper_id: str) -> Paper:
        return self.generation().paper(paper_id)

    def passages(self) -> list[Passage]:
        """Every passage of the published index."""
        return list(self.generation().passages.values())

    def encode(self, texts: list[str]) -> np.ndarray:
        """The model's vectors for texts (normalised), as the index holds them."""
        return self.embedder.encode(texts)

    def idf(self, term: str) -> float:
        """How rare a keyword is in the index (its BM25 inverse document frequency)."""
        return self.generation().keywords.idf(term)

    def load(self) -> None:
        """Load the model and open the published index, if there is one: what a chat does
        before its first question (raises if the index is damaged or built with another model)."""
        self.embedder.load_questions()
        if self.has_index():
            self.generation()

    @staticmethod
    def explanation(answer: Answer, width: int = 100) -> list[str]:
        """Why an answer was chosen, as lines of text (the answer must be asked with explain)."""
        from briefbot.answering.explain import explanation_lines

        return explanation_lines(answer, width=width)

    @staticmethod
    def write_conversation(
        answers: list[Answer], title: str, prepared: date, markdown: Path, word: Path
    ) -> list[Path]:
        """A conversation written as a briefing, in Markdown and Word; never overwrites."""
        from briefbot.briefing.brief import conversation_briefing
        from briefbot.briefing.render import write_docx, write_markdown

        briefing = conversation_briefing(answers, title, prepared=prepared)
        return [write_markdown(briefing, markdown), write_docx(briefing, word)]

    def beside(self, settings: Settings) -> Briefbot:
        """Another engine on other papers and index, sharing this one's loaded model."""
        return Briefbot(settings, embedder=self.embedder)

    def __enter__(self) -> Briefbot:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        with self._lock:
            if self._generation is not None:
                self._generation.close()
                self._generation = None
