"""Messages the chat's workers post when their work is done: small, past tense."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from briefbot.engine import IndexStatus
    from briefbot.models import Answer, Citation, Paper, RefreshProgress, RefreshReport


class IndexChecked(Message):
    """The index was looked at (before the model loads): whether it exists, what changed."""

    def __init__(self, status: IndexStatus, pending: list[str]) -> None:
        super().__init__()
        self.status = status
        self.pending = pending


class ModelLoaded(Message):
    """The model is loaded and the index is open: questions can be answered."""

    def __init__(self, status: IndexStatus) -> None:
        super().__init__()
        self.status = status


class AnswerReady(Message):
    """An answer (or a refusal) came back for the question in an exchange."""

    def __init__(self, exchange_id: int, answer: Answer) -> None:
        super().__init__()
        self.exchange_id = exchange_id
        self.answer = answer


class RefreshTicked(Message):
    """A refresh moved on; each tick replaces the previous one."""

    def __init__(self, progress: RefreshProgress) -> None:
        super().__init__()
        self.progress = progress


class RefreshFinished(Message):
    """A refresh published a new index (or found nothing to do)."""

    def __init__(self, report: RefreshReport, status: IndexStatus) -> None:
        super().__init__()
        self.report = report
        self.status = status


class PaperOpened(Message):
    """A cited paper was read from the index, ready for the source viewer."""

    def __init__(self, paper: Paper, citation: Citation) -> None:
        super().__init__()
        self.paper = paper
        self.citation = citation


class BriefingSaved(Message):
    """The conversation was written out as a briefing."""

    def __init__(self, paths: list[Path]) -> None:
        super().__init__()
        self.paths = paths
