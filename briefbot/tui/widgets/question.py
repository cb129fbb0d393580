"""The question box: an Input that remembers what was asked (↑ and ↓ step through it)."""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import Input


class QuestionInput(Input):
    """Where the councillor types; Enter asks, ↑/↓ recall earlier questions."""

    BINDINGS = [
        Binding("up", "history(-1)", "Earlier question", show=False),
        Binding("down", "history(1)", "Later question", show=False),
    ]

    def __init__(self, **kwargs: object) -> None:
        super().__init__(
            placeholder="Ask about the papers, e.g. When was the remaining £6.49m approved?",
            select_on_focus=False,  # coming back to a half-typed question, a key adds to it
            **kwargs,  # type: ignore[arg-type]
        )
        self.history: list[str] = []
        self._position = 0
        self._draft = ""

    def remember(self, question: str) -> None:
        """Add an asked question to the history (not twice in a row) and start a fresh line."""
        if not self.history or self.history[-1] != question:
            self.history.append(question)
        self._position = len(self.history)
        self._draft = ""

    def action_history(self, step: int) -> None:
        if not self.history:
            return
        if self._position == len(self.history):
            self._draft = self.value
        self._position = max(0, min(len(self.history), self._position + step))
        self.value = (
            self._draft if self._position == len(self.history) else self.history[self._position]
        )
        self.cursor_position = len(self.value)
