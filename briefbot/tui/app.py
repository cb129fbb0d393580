"""The chat app: question box, answers with [n] markers, the sources panel, filters and refresh.

Nothing heavy is imported here: the engine arrives built (or as a function that builds it), and
the model and the index are loaded by a worker after the first screen is painted.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import threading
from collections import deque
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.worker import Worker, WorkerState, get_current_worker

from briefbot.errors import BriefbotError, IndexDamagedError, ModelMismatchError
from briefbot.tui.commands import BriefbotCommands
from briefbot.tui.display import one_line, refresh_summary, refreshed_label, status_line
from briefbot.tui.export import export_briefing
from briefbot.tui.messages import (
    AnswerReady,
    BriefingSaved,
    IndexChecked,
    ModelLoaded,
    PaperOpened,
    RefreshFinished,
    RefreshTicked,
)
from briefbot.tui.screens.chat import ChatScreen
from briefbot.tui.screens.help import HelpScreen
from briefbot.tui.screens.source import SourceScreen
from briefbot.tui.screens.why import WhyScreen
from briefbot.tui.widgets.exchange import Exchange
from briefbot.tui.widgets.question import QuestionInput
from briefbot.tui.widgets.sources import SourcesPanel

if TYPE_CHECKING:
    from briefbot.engine import Briefbot, Conversation, IndexStatus
    from briefbot.models import Answer, Citation, Filters, RefreshProgress

BUILDING = "Waiting for the index to be built…"
FAILED_TITLES = {
    "load": "Not ready",
    "ask": "Could not answer",
    "refresh": "Refresh failed",
    "paper": "Could not open the paper",
    "export": "Could not export",
}


class BriefbotApp(App[None]):
    """The councillor's chat, around an engine or a function that builds one (called in the
    loading worker, so even the core's imports wait until the screen is up). `refreshed`, `now`
    and `briefings` are there for tests."""

    CSS_PATH = Path(__file__).with_name("app.tcss")
    TITLE = "briefbot"
    COMMANDS = App.COMMANDS | {BriefbotCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f1", "help", "Help"),
        Binding("question_mark", "help", "Help", show=False),
        Binding("ctrl+r", "refresh", "Refresh", priority=True),
        Binding("ctrl+e", "export", "Export", priority=True),
        Binding("f5", "why", "Why"),
        Binding("escape", "cancel_refresh", "Cancel refresh"),
        Binding("ctrl+q", "quit", "Quit", priority=True),
    ]

    def __init__(
        self,
        engine: Briefbot | None = None,
        *,
        make_engine: Callable[[], Briefbot] | None = None,
        refreshed: Callable[[str | None], str] = refreshed_label,
        now: Callable[[], datetime] = datetime.now,
        briefings: Path | None = None,
    ) -> None:
        super().__init__()
        if engine is None and make_engine is None:
            raise ValueError("BriefbotApp needs an engine or make_engine")
        self._engine = engine
        self._make_engine = make_engine
        self._engine_lock = threading.Lock()
        self.refreshed = refreshed
        self.now = now
        self.briefings = briefings or Path.cwd() / "briefings"
        self.conversation: Conversation | None = None
        self.loading = True  # the model and the index are being loaded
        self.ready = False  # questions can be answered
        self.refreshing = False
        self.rebuild_next = False  # the index is damaged or built by another model
        self.not_ready_reason = "Waiting for the model to load…"
        self.pending: list[str] = []
        self.queue: deque[Exchange] = deque()
        self.asking: Exchange | None = None
        self._exchanges = 0
        self.chat = ChatScreen()

    @property
    def engine(self) -> Briefbot:
        """The engine, built on first use when the app was given `make_engine`."""
        with self._engine_lock:
            if self._engine is None:
                assert self._make_engine is not None
                self._engine = self._make_engine()
            return self._engine

    def get_default_screen(self) -> ChatScreen:
        return self.chat

    def on_mount(self) -> None:
        self.call_after_refresh(self.load_engine)  # paint first, then start the slow imports

    # Loading -----------------------------------------------------------------------------

    @work(thread=True, exclusive=True, exit_on_error=False, group="load")
    def load_engine(self) -> None:
        engine = self.engine
        status = engine.status()
        self.post_message(IndexChecked(status, engine.pending_changes() if status.exists else []))
        engine.load()  # opens Chroma too; raises if the index is damaged or mismatched
        if status.exists:
            status = engine.status()
        self.post_message(ModelLoaded(status))

    def on_index_checked(self, message: IndexChecked) -> None:
        self.pending = message.pending
        if not message.status.exists:  # first run: build it now, as `make run` promises
            self.not_ready_reason = BUILDING
            self.notify(
                f"There is no index at {self.engine.settings.index} yet, so it is being built "
                f"from the papers in {self.engine.settings.corpus}. Questions asked meanwhile "
                "are answered when it is ready; Esc cancels.",
                title="Building the index",
                timeout=12,
                markup=False,
            )
            self.start_refresh()
        elif message.pending:
            self.notify(
                f"{len(message.pending)} paper(s) changed since the last refresh. "
                "Press Ctrl+R to refresh the index.",
                title="Papers changed",
                timeout=12,
                markup=False,
            )

    def on_model_loaded(self, message: ModelLoaded) -> None:
        self.loading = False
        self.ready = message.status.exists
        self.show_status(message.status)
        self.ask_next()

    def show_status(self, status: IndexStatus) -> None:
        when = self.refreshed(status.refreshed_at)
        self.chat.show_status(status_line(status, when, len(self.pending), self.refreshing))

    # Asking ------------------------------------------------------------------------------

    @on(QuestionInput.Submitted, "#question")  # not a dialog's field: its Enter bubbles here too
    def submit(self, event: QuestionInput.Submitted) -> None:
        question = event.value.strip()
        if not question:
            return
        box = self.chat.query_one(QuestionInput)
        box.remember(question)
        box.value = ""
        self._exchanges += 1
        exchange = Exchange(self._exchanges, question)
        self.chat.add_exchange(exchange)
        self.queue.append(exchange)
        self.ask_next()

    def ask_next(self) -> None:
        """Start on the next queued question, one at a time, once the model is ready."""
        if self.asking is not None or not self.queue:
            return
        if not self.ready:
            for exchange in self.queue:
                exchange.waiting(self.not_ready_reason)
            return
        self.asking = self.queue.popleft()
        self.asking.waiting("Searching the papers…")
        self.ask_question(self.asking.exchange_id, self.asking.question, self.chat.filters)

    @work(thread=True, exclusive=True, exit_on_error=False, group="ask")
    def ask_question(self, exchange_id: int, question: str, filters: Filters | None) -> None:
        if self.conversation is None:
            from briefbot.engine import Conversation  # already imported by the engine's owner

            self.conversation = Conversation()
        answer = self.engine.ask(
            question, filters=filters, conversation=self.conversation, explain=True
        )
        self.post_message(AnswerReady(exchange_id, answer))

    def on_answer_ready(self, message: AnswerReady) -> None:
        exchange, self.asking = self.asking, None
        if exchange is not None and exchange.exchange_id == message.exchange_id:
            exchange.answered(message.answer)
            self.chat.show_sources(exchange)
            self.chat.scroll_chat_end()
        self.ask_next()

    # Sources -----------------------------------------------------------------------------

    @on(SourcesPanel.Chosen)
    def choose_source(self, event: SourcesPanel.Chosen) -> None:
        self.open_paper(event.citation)

    @work(thread=True, exclusive=True, exit_on_error=False, group="paper")
    def open_paper(self, citation: Citation) -> None:
        paper = self.engine.paper(citation.paper_id)
        if not get_current_worker().is_cancelled:
            self.post_message(PaperOpened(paper, citation))

    def on_paper_opened(self, message: PaperOpened) -> None:
        self.push_screen(SourceScreen(message.paper, message.citation))

    def action_why(self) -> None:
        """Show why the answer on show (the selected one, else the latest) was chosen."""
        shown = self.chat.shown_answer()
        if shown is None:
            self.notify("Ask a question first: F5 then shows why it was answered so.", markup=False)
            return
        self.push_screen(WhyScreen(shown))

    # Refresh -----------------------------------------------------------------------------

    def action_refresh(self) -> None:
        if self.refreshing:
            self.notify("A refresh is already running; Esc cancels it.", markup=False)
            return
        self.start_refresh(self.rebuild_next)

    def start_refresh(self, rebuild: bool = False) -> None:
        if self.refreshing:
            return
        self.refreshing = True
        self.refresh_bindings()  # the footer shows "Cancel refresh" only while one runs
        self.chat.refresh_bar.start()
        self.refresh_index(rebuild)

    @work(thread=True, exclusive=True, exit_on_error=False, group="refresh")
    def refresh_index(self, rebuild: bool) -> None:
        worker = get_current_worker()

        def ticked(tick: RefreshProgress) -> None:
            self.post_message(RefreshTicked(tick))

        report = self.engine.refresh(
            rebuild=rebuild, progress=ticked, cancelled=lambda: worker.is_cancelled
        )
        self.engine.load()
        self.post_message(RefreshFinished(report, self.engine.status()))

    def on_refresh_ticked(self, message: RefreshTicked) -> None:
        if self.refreshing:
            self.chat.refresh_bar.tick(message.progress)

    def on_refresh_finished(self, message: RefreshFinished) -> None:
        self.refresh_ended()
        self.loading, self.ready, self.rebuild_next, self.pending = False, True, False, []
        self.show_status(message.status)
        self.clear_notifications()  # "Building the index", "Papers changed": done now
        self.notify(refresh_summary(message.report), title="Index refreshed", markup=False)
        self.ask_next()

    def refresh_ended(self) -> None:
        self.refreshing = False
        self.refresh_bindings()
        self.chat.refresh_bar.stop()

    def refresh_stopped(self) -> None:
        """A refresh cancelled or failed: the index is as it was, which may be none at all."""
        self.refresh_ended()
        if self.not_ready_reason == BUILDING:  # the first build stopped: say how to start it
            self.not_ready_reason = "Waiting for the index: press Ctrl+R to build it."
            if not self.loading:
                self.show_status(self.engine.status())
            self.ask_next()

    def action_cancel_refresh(self) -> None:
        for worker in self.workers:
            if worker.group == "refresh" and not worker.is_finished:
                worker.cancel()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "cancel_refresh":
            return self.refreshing
        if action == "export":
            return self.screen is self.chat
        return True

    # Export and help ---------------------------------------------------------------------

    def action_export(self) -> None:
        answers = [e.answer for e in self.chat.query(Exchange) if e.answer is not None]
        if not answers:
            self.notify("Nothing to export yet: ask a question first.", severity="warning")
            return
        self.export_answers(answers)

    @work(thread=True, exclusive=True, exit_on_error=False, group="export")
    def export_answers(self, answers: list[Answer]) -> None:
        self.post_message(BriefingSaved(export_briefing(answers, self.briefings, self.now())))

    def on_briefing_saved(self, message: BriefingSaved) -> None:
        where = "\n".join(str(path) for path in message.paths)
        self.notify(where, title="Briefing saved", timeout=15, markup=False)

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    # Failures ----------------------------------------------------------------------------

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """The one place worker failures become notices; nothing reaches the screen raw."""
        worker, group = event.worker, event.worker.group
        if group == "refresh" and event.state == WorkerState.CANCELLED and self.refreshing:
            self.refresh_stopped()
            self.notify("Refresh cancelled; the index is as it was.", markup=False)
        if event.state != WorkerState.ERROR:
            return
        error = worker.error
        if isinstance(error, BriefbotError):
            message = one_line(str(error))
        else:
            message = one_line(f"unexpected error ({type(error).__name__}: {error})")
        self.notify(
            message,
            title=FAILED_TITLES.get(group, "Error"),
            severity="error",
            timeout=12,
            markup=False,
        )
        if group == "load":
            self.load_failed(message, error)
        elif group == "ask" and self.asking is not None:
            self.asking.failed(message)
            self.asking = None
            self.ask_next()
        elif group == "refresh":
            self.refresh_stopped()

    def load_failed(self, message: str, error: BaseException | None) -> None:
        self.loading = False
        self.ready = False
        self.rebuild_next = isinstance(error, IndexDamagedError | ModelMismatchError)
        self.not_ready_reason = f"Not ready: {message} Press Ctrl+R to refresh the index."
        self.chat.show_status(f"Not ready — {message} (Ctrl+R to refresh)", error=True)
        self.ask_next()


def run_chat(
    engine: Briefbot | None = None, *, make_engine: Callable[[], Briefbot] | None = None
) -> None:
    """Open the chat on a terminal; used by plain `briefbot`. Pass `make_engine` instead of an
    engine to paint the screen before the core (numpy, parsers, settings) is even imported."""
    app = BriefbotApp(engine, make_engine=make_engine)
    # When the terminal goes away (window closed, ssh dropped) leave at once rather than spin on
    # a dead terminal; nothing is lost: a refresh in progress only ever writes a new generation.
    signal.signal(signal.SIGHUP, lambda _signum, _frame: os._exit(129))
    loop = asyncio.new_event_loop()  # not asyncio.run: that would wait for the loading thread
    app.run(loop=loop)
    if app.loading:
        # The model is still loading in a thread that cannot be interrupted; don't make the
        # person wait for it after they quit. Nothing is being written while it loads.
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(app.return_code or 0)
    if app._engine is not None:
        app._engine.close()
    loop.close()
    if app.return_code:
        sys.exit(app.return_code)
