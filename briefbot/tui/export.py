"""Export: the conversation written as a briefing, Markdown and Word, never overwriting."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from briefbot.errors import BriefbotError
from briefbot.safety import one_line

if TYPE_CHECKING:
    from briefbot.models import Answer

TITLE_CHARS = 90


def briefing_title(answers: list[Answer]) -> str:
    """The first question, shortened, and how many more there were."""
    first = one_line(answers[0].question, TITLE_CHARS)
    more = len(answers) - 1
    return first if not more else f"{first} (and {more} more question{'s' if more > 1 else ''})"


def briefing_paths(folder: Path, now: datetime) -> tuple[Path, Path]:
    """A fresh pair of names, briefing-YYYY-MM-DD-HHMMSS[-n].md/.docx, taken by no file yet."""
    folder.mkdir(parents=True, exist_ok=True)
    stem = f"briefing-{now:%Y-%m-%d-%H%M%S}"
    n = 1
    while True:
        name = stem if n == 1 else f"{stem}-{n}"
        markdown, word = folder / f"{name}.md", folder / f"{name}.docx"
        if not markdown.exists() and not word.exists():
            return markdown, word
        n += 1


def export_briefing(answers: list[Answer], folder: Path, now: datetime) -> list[Path]:
    """Write the briefing as Markdown and as .docx in `folder`; return both paths."""
    if not answers:
        raise BriefbotError("nothing to export yet: ask a question first")
    from briefbot.engine import Briefbot  # the facade; python-docx loads only when exporting

    markdown, word = briefing_paths(folder, now)
    try:
        return Briefbot.write_conversation(
            answers, briefing_title(answers), now.date(), markdown, word
        )
    except OSError as error:
        raise BriefbotError(f"could not save the briefing in {folder}: {error.strerror}") from error
