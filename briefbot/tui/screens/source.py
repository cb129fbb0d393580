"""The source viewer: a paper opened at the cited passage, the quoted words highlighted."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static

from briefbot.tui.display import DOC_TYPE_LABELS, date_label, one_line, scrub

if TYPE_CHECKING:
    from briefbot.models import Citation, Paper

HIGHLIGHT = "bold $text on $warning-muted"


def cited_span(paper: Paper, start: int, end: int) -> tuple[int, int]:
    """The whole paragraphs (blocks) around a citation, so the quote is read in context."""
    touching = [b for b in paper.blocks if b.start < max(end, start + 1) and b.end > start]
    if not touching:
        return start, end
    return min(b.start for b in touching), max(b.end for b in touching)


class SourceScreen(Screen[None]):
    """One paper, opened at a citation. Escape returns to the chat."""

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back to chat"),
        Binding("q", "app.pop_screen", "Back", show=False),
        Binding("home", "scroll_home", "Top", show=False),
        Binding("c", "scroll_cited", "To the quote"),
    ]

    def __init__(self, paper: Paper, citation: Citation) -> None:
        super().__init__()
        self.paper = paper
        self.citation = citation

    def compose(self) -> ComposeResult:
        yield Static(self._heading(), id="source-heading")
        text = scrub(self.paper.text)
        start = max(0, min(self.citation.start, len(text)))
        end = max(start, min(self.citation.end, len(text)))
        first, last = cited_span(self.paper, start, end)
        with VerticalScroll(id="source-text"):
            if text[:first].strip():
                yield Static(Content(text[:first].rstrip()), id="source-before")
            cited = Content(text[first:last].strip("\n"))
            offset = len(text[first:last]) - len(text[first:last].lstrip("\n"))
            yield Static(
                cited.stylize(HIGHLIGHT, start - first - offset, end - first - offset),
                id="source-cited",
            )
            if text[last:].strip():
                yield Static(Content(text[last:].lstrip()), id="source-after")
        yield Footer(compact=True)

    def _heading(self) -> Content:
        citation = self.citation
        kind = DOC_TYPE_LABELS.get(citation.doc_type, citation.doc_type)
        return Content.assemble(
            (f"[{citation.n}] ", "bold $accent"),
            (one_line(self.paper.meta.title), "bold"),
            "\n",
            (f"{date_label(citation.date)} · {kind} · {one_line(citation.locator)}", "$text-muted"),
            (f" · {one_line(citation.path)}", "$text-muted"),
        )

    def on_mount(self) -> None:
        self.query_one("#source-text").focus()
        self.call_after_refresh(self.action_scroll_cited)

    def action_scroll_cited(self) -> None:
        cited = self.query_one("#source-cited")
        self.query_one("#source-text", VerticalScroll).scroll_to_widget(
            cited, animate=False, top=True
        )

    def action_scroll_home(self) -> None:
        self.query_one("#source-text", VerticalScroll).scroll_home(animate=False)
