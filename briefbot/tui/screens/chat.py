"""The chat screen: status and filter lines, the conversation, sources panel and question box."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static

from briefbot.tui.display import filters_content
from briefbot.tui.screens.dialogs import DateRangeDialog
from briefbot.tui.widgets.exchange import Exchange
from briefbot.tui.widgets.question import QuestionInput
from briefbot.tui.widgets.refresh import RefreshBar
from briefbot.tui.widgets.sources import SourcesPanel

if TYPE_CHECKING:
    from briefbot.models import Answer, Filters

WELCOME = (
    "Ask a question about the council papers. Answers quote the papers and mark each source "
    "as [1], [2]…; the sources are listed on the right: Tab to them and press Enter to read "
    "one. F1 shows every key."
)


class ChatScreen(Screen[None]):
    """What the councillor sees; the app decides, this screen shows."""

    BINDINGS = [
        # on the filter line, not the footer: at 70 columns the footer lost Refresh and Why
        Binding("f2", "cycle_type", "Type", show=False),
        Binding("f3", "dates", "Dates", show=False),
        Binding("f4", "clear_filters", "Clear", show=False),
        Binding("pageup", "scroll_chat(-1)", "Scroll up", show=False),
        Binding("pagedown", "scroll_chat(1)", "Scroll down", show=False),
        Binding("ctrl+up", "step_answer(-1)", "Earlier answer", show=False),
        Binding("ctrl+down", "step_answer(1)", "Later answer", show=False),
    ]

    def __init__(self) -> None:
        super().__init__(id="chat-screen")
        self.filters: Filters | None = None  # None: ask across every paper

    def compose(self) -> ComposeResult:
        yield Static("Loading the model and the index…", id="status", markup=False)
        yield Static(filters_content(self.filters), id="filters")
        with Vertical(id="main"):
            with VerticalScroll(id="chat", can_focus=False):  # Tab goes box <-> sources
                yield Static(WELCOME, id="welcome", markup=False)
            with Vertical(id="sources-box") as box:
                box.border_title = "Sources"
                yield SourcesPanel(id="sources")
        yield RefreshBar(id="refresh-bar")
        yield QuestionInput(id="question")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one(QuestionInput).focus()

    @property
    def refresh_bar(self) -> RefreshBar:
        return self.query_one(RefreshBar)

    def show_status(self, text: str, error: bool = False) -> None:
        line = self.query_one("#status", Static)
        line.set_class(error, "-error")
        line.update(Content(text))

    def set_filters(self, **changes: object) -> None:
        """Change what questions are restricted to; the filter line shows it at once."""
        from briefbot.models import Filters  # pydantic stays off the start path

        updated = (self.filters or Filters()).model_copy(update=changes)
        self.filters = updated if updated.active else None
        self.query_one("#filters", Static).update(filters_content(self.filters))

    def set_doc_types(self, doc_types: list[str]) -> None:
        self.set_filters(doc_types=list(doc_types))

    def action_cycle_type(self) -> None:
        from briefbot.language.papers import DOC_TYPES

        choices: list[list[str]] = [[], *([t] for t in DOC_TYPES)]
        current: list[str] = list(self.filters.doc_types) if self.filters else []
        now = choices.index(current) if current in choices else 0
        self.set_doc_types(choices[(now + 1) % len(choices)])

    def action_dates(self) -> None:
        def chosen(bounds: tuple[str | None, str | None] | None) -> None:
            if bounds is not None:
                self.set_filters(since=bounds[0], until=bounds[1])

        since, until = (self.filters.since, self.filters.until) if self.filters else (None, None)
        self.app.push_screen(DateRangeDialog(since, until), chosen)

    def action_clear_filters(self) -> None:
        self.set_filters(doc_types=[], since=None, until=None, committee=None)

    def add_exchange(self, exchange: Exchange) -> None:
        chat = self.query_one("#chat", VerticalScroll)
        for welcome in chat.query("#welcome"):
            welcome.remove()
        chat.mount(exchange)
        chat.scroll_end(animate=False)

    def action_scroll_chat(self, pages: int) -> None:
        chat = self.query_one("#chat", VerticalScroll)
        (chat.scroll_page_down if pages > 0 else chat.scroll_page_up)(animate=False)

    def scroll_chat_end(self) -> None:
        self.query_one("#chat", VerticalScroll).scroll_end(animate=False)

    def show_sources(self, exchange: Exchange) -> None:
        """List the papers one answer cites, and mark that answer as the one on show; the
        panel says which question's they are, since every answer numbers its own from [1]."""
        for other in self.query(Exchange):
            other.set_class(other is exchange, "-selected")
        citations = exchange.answer.citations if exchange.answer else []
        self.query_one(SourcesPanel).show(citations)
        box = self.query_one("#sources-box")
        cited = f"{len(citations)} cited" if citations else "none cited"
        box.border_subtitle = f"question {exchange.exchange_id} · {cited}"

    def action_step_answer(self, step: int) -> None:
        """Put the answer before (or after) the one on show on show, with its sources."""
        answered = [e for e in self.query(Exchange) if e.answer is not None]
        if not answered:
            return
        selected = [i for i, e in enumerate(answered) if e.has_class("-selected")]
        at = selected[0] if selected else len(answered) - 1
        chosen = answered[max(0, min(len(answered) - 1, at + step))]
        self.show_sources(chosen)
        chosen.scroll_visible(animate=False)

    def shown_answer(self) -> Answer | None:
        """The answer whose sources are on show, else the latest answer."""
        answered = [e for e in self.query(Exchange) if e.answer is not None]
        selected = [e for e in answered if e.has_class("-selected")]
        chosen = selected or answered[-1:]
        return chosen[0].answer if chosen else None

    @on(Exchange.Selected)
    def select_exchange(self, event: Exchange.Selected) -> None:
        if event.exchange.answer is not None:
            self.show_sources(event.exchange)
