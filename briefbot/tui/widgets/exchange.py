"""One question and its answer in the chat log."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Static

from briefbot.tui.display import answer_content, scrub

if TYPE_CHECKING:
    from textual import events

    from briefbot.models import Answer


class Exchange(Vertical):
    """A question, and under it the answer once it comes (or why it could not)."""

    DEFAULT_CSS = """
    Exchange { height: auto; margin: 0 0 1 0; }
    Exchange .question { color: $text; text-style: bold; padding: 0 1; }
    Exchange .answer {
        padding: 0 1; margin: 0 0 0 2; border-left: outer $success;
    }
    Exchange.-pending .answer { color: $text-muted; text-style: italic; border-left: outer $panel; }
    Exchange.-refused .answer { color: $text-warning; border-left: outer $warning; }
    Exchange.-failed .answer { color: $text-error; border-left: outer $error; }
    Exchange.-selected .question { background: $boost; }
    """

    class Selected(Message):
        """The exchange was clicked: show its sources."""

        def __init__(self, exchange: Exchange) -> None:
            super().__init__()
            self.exchange = exchange

    def __init__(self, exchange_id: int, question: str) -> None:
        super().__init__(id=f"exchange-{exchange_id}", classes="-pending")
        self.exchange_id = exchange_id
        self.question = question
        self.answer: Answer | None = None
        self._reply = Static("Waiting for the model to load…", classes="answer", markup=False)

    def compose(self) -> ComposeResult:
        yield Static(Content.assemble(("› ", "$accent"), scrub(self.question)), classes="question")
        yield self._reply

    def waiting(self, reason: str) -> None:
        """Say why the question is not answered yet."""
        self._reply.update(Content(reason))

    def answered(self, answer: Answer) -> None:
        self.answer = answer
        self.set_class(False, "-pending")
        self.set_class(answer.refused, "-refused")
        self._reply.update(answer_content(answer))

    def failed(self, message: str) -> None:
        self.set_class(False, "-pending")
        self.add_class("-failed")
        self._reply.update(Content(f"Not answered: {scrub(message)}"))

    def on_click(self, event: events.Click) -> None:
        self.post_message(self.Selected(self))
