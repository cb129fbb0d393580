"""Errors that reach people: each carries one readable line, never a traceback."""

from __future__ import annotations


class BriefbotError(Exception):
    """Base class: str(error) is the one-line message shown to the user."""


class PaperError(BriefbotError):
    """A paper that cannot be read or indexed; a refresh records it under `failed` and goes on."""


class IndexMissingError(BriefbotError):
    """There is no index yet at the configured path."""


class IndexDamagedError(BriefbotError):
    """The index exists but cannot be read."""


class ModelMismatchError(BriefbotError):
    """The index was built with another embedding model than the one configured."""


class RefreshBusyError(BriefbotError):
    """Another refresh holds the index lock."""


class ModelLoadError(BriefbotError):
    """The embedding model could not be found or loaded."""


class QuestionError(BriefbotError):
    """A question that cannot be asked (empty, or only punctuation)."""
