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

    def show(self, citations: list[Citation]) -> None:
        self.citations = list(citations)
        self.clear_options()
        self.add_options(Option(citation_content(c)) for c in self.citations)
        if self.citations:
            self.highlighted = 0

    def on_key(self, event: events.Key) -> None:
        """Typing here goes to the question box: a councillor back from reading a source types
        the next question, and its letters must not be lost. ("?" pressed first is still help,
        as F1 is; once a letter has moved the focus, a "?" ends the question in the box.)"""
        if event.character is None or not event.is_printable or event.character in " ?":
            return
        box = self.screen.query_one("#question", Input)
        box.focus()
        box.insert_text_at_cursor(event.character)
        event.stop()
        event.prevent_default()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if 0 <= event.option_index < len(self.citations):
            self.post_message(self.Chosen(self.citations[event.option_index]))
