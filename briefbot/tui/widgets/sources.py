"""The sources panel: the papers cited by the answer on show; Enter opens one."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import events
from textual.message import Message
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option

from briefbot.tui.display import citation_content

if TYPE_CHECKING:
    from briefbot.models import Citation


class SourcesPanel(OptionList):
    """Lists the cited papers (n, title, date, type, locator); choosing one opens the viewer."""

    DEFAULT_CSS = """
    SourcesPanel { height: 1fr; }
    """

    class Chosen(Message):
        """A citation was chosen from the panel."""

        def __init__(self, citation: Citation) -> None:
            super().__init__()
            self.citation = citation

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.citations: list[Citation] = []
        self.typing = False  # a key has gone to the question box since the panel had focus

    def show(self, citations: list[Citation]) -> None:
        self.citations = list(citations)
        self.clear_options()
        self.add_options(Option(citation_content(c)) for c in self.citations)
        if self.citations:
            self.highlighted = 0

    def on_focus(self) -> None:
        self.typing = False

    def on_key(self, event: events.Key) -> None:
        """Typing here goes to the question box: a councillor back from reading a source types
        the next question, and its letters must not be lost. ("?" or a space pressed first is
        still help, or a choice, as F1 and Enter are; once a letter has gone to the box, every
        key typed before the focus has moved follows it, spaces and "?" too: typed fast, a
        question lost them, "Whenwastheremaining£6.49mapproved".)"""
        if event.character is None or not event.is_printable:
            return
        if not self.typing and event.character in " ?":
            return
        self._to_box(event.character)
        event.stop()
        event.prevent_default()

    def on_paste(self, event: events.Paste) -> None:
        """A paste here goes to the question box too (it was dropped)."""
        if event.text:
            self._to_box(" ".join(event.text.splitlines()))  # one line, as the box holds
        event.stop()

    def _to_box(self, text: str) -> None:
        self.typing = True
        box = self.screen.query_one("#question", Input)
        box.focus()
        box.insert_text_at_cursor(text)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if 0 <= event.option_index < len(self.citations):
            self.post_message(self.Chosen(self.citations[event.option_index]))
