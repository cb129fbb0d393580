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


BOX_COLUMNS = 110
WHY_MARGIN = 22  # the box's border (2), padding (4) and scroll bar (2), and a score's margin (13)


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

        # a sentence's line runs to its width plus its score's margin, within the box (app.tcss:
        # 110 columns, at most 98% of the screen, less its border, padding and scroll bar)
        columns = min(BOX_COLUMNS, int(0.98 * self.app.size.width))
        width = max(40, columns - WHY_MARGIN)
        text = "\n".join(Briefbot.explanation(self.answer, width=width))
        with VerticalScroll(id="why-box") as box:
            box.border_title = "Why this answer"
            box.border_subtitle = "Esc to close"
            yield Static(Content(text), id="why-text")  # paper text: never markup

    def action_dismiss(self, result: None = None) -> None:  # type: ignore[override]
        self.dismiss(result)
