"""The refresh bar: what a running refresh is doing, with a progress bar; hidden otherwise."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Label, ProgressBar

from briefbot.tui.display import one_line

if TYPE_CHECKING:
    from briefbot.models import RefreshProgress


class RefreshBar(Horizontal):
    """Shown while a refresh runs; each tick replaces the last."""

    DEFAULT_CSS = """
    RefreshBar { height: 1; display: none; padding: 0 1; }
    RefreshBar.-running { display: block; }
    RefreshBar #refresh-label { width: 1fr; height: 1; }
    RefreshBar #refresh-progress { width: 40; height: 1; }
    """

    def compose(self) -> ComposeResult:
        yield Label(Content("Refreshing…"), id="refresh-label")
        yield ProgressBar(show_eta=False, id="refresh-progress")

    def start(self) -> None:
        self.query_one(ProgressBar).update(total=None, progress=0)
        self._say("Scanning the corpus…")
        self.add_class("-running")

    def stop(self) -> None:
        self.remove_class("-running")

    def tick(self, progress: RefreshProgress) -> None:
        bar = self.query_one(ProgressBar)
        if progress.stage == "parse":
            name = one_line(progress.path or "")
            self._say(f"Indexing {progress.done + 1}/{progress.total}: {name}")
            bar.update(total=max(progress.total, 1), progress=progress.done)
        elif progress.stage == "embed":
            self._say(f"Embedded {progress.done} passages…")
        elif progress.stage in ("store", "done"):
            self._say("Saving the index…")
            bar.update(total=max(progress.total, 1), progress=max(progress.total, 1))

    def _say(self, text: str) -> None:
        self.query_one(Label).update(Content.assemble(text, ("  (Esc cancels)", "$text-muted")))
