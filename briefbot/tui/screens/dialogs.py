"""Small dialogs: the date range filter."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from briefbot.tui.display import scrub


def date_key(value: str) -> tuple[int, ...]:
    return tuple(int(part) for part in value.split("-"))


def check_date(value: str) -> str | None:
    """A date bound as the filters take it (YYYY, YYYY-MM or YYYY-MM-DD), blank for none."""
    from briefbot.models import check_paper_date  # pydantic: loaded only when a date is typed

    value = value.strip()
    return check_paper_date(value) if value else None


class DateRangeDialog(ModalScreen[tuple[str | None, str | None] | None]):
    """Asks for a date range; dismisses with (since, until), or None when cancelled."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, since: str | None, until: str | None) -> None:
        super().__init__()
        self.since = since
        self.until = until

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog") as box:
            box.border_title = "Papers dated"
            yield Label("From (YYYY, YYYY-MM or YYYY-MM-DD; blank for any)")
            yield Input(self.since or "", placeholder="e.g. 2022", id="since")
            yield Label("To")
            yield Input(self.until or "", placeholder="e.g. 2023-06", id="until")
            yield Static("", id="date-error")
            with Horizontal(classes="buttons"):
                yield Button("Apply", variant="primary", id="apply")
                yield Button("Cancel", id="cancel")

    @on(Input.Submitted)
    @on(Button.Pressed, "#apply")
    def apply(self) -> None:
        try:
            since = check_date(self.query_one("#since", Input).value)
            until = check_date(self.query_one("#until", Input).value)
            if since and until and date_key(since) > date_key(until):
                raise ValueError("the From date is after the To date")
        except ValueError as error:
            self.query_one("#date-error", Static).update(Content(scrub(str(error))))
            return
        self.dismiss((since, until))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
