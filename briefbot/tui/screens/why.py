"""The "Why this answer" screen: the sentences weighed for the answer on show, and why."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

if TYPE_CHECKING:
    from briefbot.models import Answer


class WhyScreen(ModalScreen[None]):
    """Each part of the question, its confidence, and the sentences weighed with their scores
    and the features that moved them most. Esc, F5 or q closes it."""

    BINDINGS = [
        Binding("escape", "dismiss", "Close"),
        Binding("f5", "dismiss", "Close", show=False),
        Binding("q", "dismiss", "Close", show=False),
    ]

    def __init__(self, answer: Answer) -> None:
        super().__init__()
        self.answer = answer

    def compose(self) -> ComposeResult:
        from briefbot.engine import Briefbot

        text = "\n".join(Briefbot.explanation(self.answer, width=90))
        with VerticalScroll(id="why-box") as box:
            box.border_title = "Why this answer"
            box.border_subtitle = "Esc to close"
            yield Static(Content(text), id="why-text")  # paper text: never markup

    def action_dismiss(self, result: None = None) -> None:  # type: ignore[override]
        self.dismiss(result)
