"""Command palette entries: filters, refresh, export and help, by name."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider

from briefbot.tui.display import DOC_TYPE_LABELS

if TYPE_CHECKING:
    from briefbot.tui.app import BriefbotApp


class BriefbotCommands(Provider):
    """Everything the chat's keys do, findable by typing its name."""

    def commands(self) -> list[tuple[str, str, Callable[[], object]]]:
        app = cast("BriefbotApp", self.app)
        chat = app.chat
        entries: list[tuple[str, str, Callable[[], object]]] = [
            (
                f"Filter: only {label}",
                f"Answer only from {label} papers",
                partial(chat.set_doc_types, [doc_type]),
            )
            for doc_type, label in DOC_TYPE_LABELS.items()
        ]
        entries += [
            (
                "Filter: all document types",
                "Answer from papers of every type",
                partial(chat.set_doc_types, []),
            ),
            (
                "Filter: date range…",
                "Answer only from papers dated within a range",
                chat.action_dates,
            ),
            ("Filter: clear all", "Remove the type and date filters", chat.action_clear_filters),
            ("Refresh the index", "Index new and changed papers (Ctrl+R)", app.action_refresh),
            ("Rebuild the index", "Build the index from scratch", partial(app.start_refresh, True)),
            (
                "Export briefing",
                "Save the conversation as Markdown and Word (Ctrl+E)",
                app.action_export,
            ),
            ("Help", "Keys and how answers are made (F1)", app.action_help),
        ]
        return entries

    async def discover(self) -> Hits:
        for title, help_text, command in self.commands():
            yield DiscoveryHit(title, command, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, command in self.commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), command, text=title, help=help_text)
