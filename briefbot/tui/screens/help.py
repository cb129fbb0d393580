"""The help screen: what briefbot does and which keys do what."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

KEYS = (
    ("Enter", "ask the question typed in the box"),
    ("↑ / ↓", "step through earlier questions"),
    ("Tab", "move between the question box and the sources"),
    ("PgUp / PgDn", "scroll the conversation"),
    ("Ctrl+↑ / Ctrl+↓", "an earlier / later answer's sources (or click it)"),
    ("Enter on a source", "open the paper at the quoted words (Esc returns)"),
    ("F2", "filter by document type (press again for the next type)"),
    ("F3", "filter by date range"),
    ("F4", "clear the filters"),
    ("Ctrl+R", "refresh the index from the papers folder"),
    ("Esc", "cancel a running refresh"),
    ("Ctrl+E", "export the conversation as a briefing (Markdown and Word)"),
    ("F5", "why this answer: the sentences weighed, and why"),
    ("Ctrl+P", "command palette: filters, refresh, export, help"),
    ("F1 or ?", "this help"),
    ("Ctrl+Q", "quit"),
)

ABOUT = (
    "briefbot answers from the council papers in its index. Every sentence of an answer is "
    "quoted from a paper and carries a marker such as [1]; the sources panel lists each paper "
    "with its date, type and where in it the words are. When the papers do not answer a "
    "question, briefbot says so and names the closest papers."
)


def help_content() -> Content:
    width = max(len(key) for key, _ in KEYS) + 2
    rows = [Content.assemble((key.ljust(width), "bold $accent"), text) for key, text in KEYS]
    return Content("\n").join([Content(ABOUT), Content(""), *rows])


class HelpScreen(ModalScreen[None]):
    """Keys and a word on how answers are made. Any of Esc, F1, ? or q closes it."""

    BINDINGS = [
        Binding("escape", "dismiss", "Close"),
        Binding("f1", "dismiss", "Close", show=False),
        Binding("question_mark", "dismiss", "Close", show=False),
        Binding("q", "dismiss", "Close", show=False),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box") as box:
            box.border_title = "briefbot help"
            box.border_subtitle = "Esc to close"
            yield Static(help_content(), id="help-text")

    def action_dismiss(self, result: None = None) -> None:  # type: ignore[override]
        self.dismiss(result)
