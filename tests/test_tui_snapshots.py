"""Snapshots of the chat, the source viewer and the help screen at 100×30.

Deterministic: the session's fixed seed index and the real model; "refreshed" frozen to a label;
and the answers fixed, quoted from the real papers, so that tuning how answers are composed does
not move the pictures (the Pilot tests in test_tui.py ask for real). Update with
`pytest tests/test_tui_snapshots.py --snapshot-update` after checking the change by eye.
"""

from __future__ import annotations

import re
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from briefbot.config import Settings
from briefbot.engine import Briefbot
from briefbot.models import Answer, Citation, format_locator
from briefbot.tui.app import BriefbotApp
from briefbot.tui.screens.source import SourceScreen
from briefbot.tui.widgets.question import QuestionInput
from briefbot.tui.widgets.sources import SourcesPanel

SIZE = (100, 30)
QUESTION = "When did Cabinet approve the remaining £6.49m for children's services?"
OFF_TOPIC = "When will the Eastbrook skate park open?"

Snap = Callable[..., bool]


async def until(pilot: Pilot[Any], condition: Callable[[], object], timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting for the app"
        await pilot.pause(0.05)
    await pilot.pause()


def cite(engine: Briefbot, n: int, path: str, opening: str) -> Citation:
    """A citation of the sentence of a seed paper that starts with `opening`."""
    paper = engine.paper(engine.generation().manifest.papers[path].paper_id)
    start = paper.text.index(opening)
    end = re.compile(r"\.(\s|$)").search(paper.text, start).end(0)  # type: ignore[union-attr]
    end = end - 1 if paper.text[end - 1].isspace() else end
    block = next(b for b in paper.blocks if b.start <= start < b.end)
    return Citation(
        n=n,
        paper_id=paper.id,
        title=paper.meta.title,
        date=paper.meta.date,
        doc_type=paper.meta.doc_type,
        path=path,
        quote=paper.text[start:end],
        start=start,
        end=end,
        locator=format_locator(block.page, block.section, (block.paragraph,) * 2),
    )


def fixed_answers(engine: Briefbot) -> dict[str, Answer]:
    funding = [
        cite(
            engine,
            1,
            "001-forum-post-remaining-funding-approved.txt",
            "Herefordshire Council Cabinet approved",
        ),
        cite(engine, 2, "000-press-release-proposed-investment.txt", "A recommendation to Cabinet"),
    ]
    return {
        OFF_TOPIC: Answer(
            question=OFF_TOPIC,
            answer="The indexed papers don't answer this.",
            refused=True,
            closest=[
                "Herefordshire Council plan to improve failing children's services (December 2022)"
            ],
        ),
        QUESTION: Answer(
            question=QUESTION,
            answer=" ".join(f"{' '.join(c.quote.split())} [{c.n}]" for c in funding),
            as_of="Based on papers from March 2022 to November 2022.",
            note="The papers differ: [1] gives £6.49m; [2] gives £11.49m.",
            citations=funding,
        ),
    }


async def answered(pilot: Pilot[Any]) -> None:
    """Ready; a refused question, then an answered one; the cursor steady."""
    app = pilot.app
    assert isinstance(app, BriefbotApp)
    await until(pilot, lambda: app.ready)
    box = app.chat.query_one(QuestionInput)
    box.cursor_blink = False
    for question in (OFF_TOPIC, QUESTION):
        box.value = question
        await pilot.press("enter")
        await until(pilot, lambda: app.asking is None and not app.queue)


@pytest.fixture
def chat_app(
    engine_for: Callable[..., Briefbot],
    seed_index: Settings,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> BriefbotApp:
    engine = engine_for(corpus=seed_index.corpus, index=seed_index.index)
    answers = fixed_answers(engine)
    monkeypatch.setattr(engine, "ask", lambda question, **_: answers[question])
    return BriefbotApp(
        engine, refreshed=lambda _stamp: "23 November 2025, 16:10", briefings=tmp_path / "briefings"
    )


def test_chat_after_an_answer(snap_compare: Snap, chat_app: BriefbotApp) -> None:
    assert snap_compare(chat_app, terminal_size=SIZE, run_before=answered)


def test_source_viewer(snap_compare: Snap, chat_app: BriefbotApp) -> None:
    async def open_source(pilot: Pilot[Any]) -> None:
        await answered(pilot)
        chat_app.chat.query_one(SourcesPanel).focus()
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(chat_app.screen, SourceScreen))

    assert snap_compare(chat_app, terminal_size=SIZE, run_before=open_source)


def test_help_screen(snap_compare: Snap, chat_app: BriefbotApp) -> None:
    async def open_help(pilot: Pilot[Any]) -> None:
        await until(pilot, lambda: chat_app.ready)
        chat_app.chat.query_one(QuestionInput).cursor_blink = False
        await pilot.press("f1")

    run_before: Callable[[Pilot[Any]], Awaitable[None]] = open_help
    assert snap_compare(chat_app, terminal_size=SIZE, run_before=run_before)
