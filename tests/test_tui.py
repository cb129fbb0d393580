"""The chat, driven through Textual's Pilot on small real indexes (real model, real Chroma)."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from textual import events
from textual.pilot import Pilot
from textual.widgets import Input, Static

from briefbot.config import Settings
from briefbot.engine import Briefbot
from briefbot.errors import BriefbotError
from briefbot.models import Filters, RefreshProgress
from briefbot.tui.app import BriefbotApp
from briefbot.tui.messages import RefreshTicked
from briefbot.tui.screens.help import HelpScreen
from briefbot.tui.screens.source import HIGHLIGHT, SourceScreen
from briefbot.tui.widgets.exchange import Exchange
from briefbot.tui.widgets.question import QuestionInput
from briefbot.tui.widgets.sources import SourcesPanel

FUNDING_QUESTION = "When did Cabinet approve the remaining £6.49m for children's services?"
FIXED_NOW = datetime(2024, 5, 6, 9, 30, 0)


def make_app(engine: Briefbot, tmp_path: Path, cls: type[BriefbotApp] = BriefbotApp) -> BriefbotApp:
    return cls(
        engine,
        refreshed=lambda _stamp: "today",
        now=lambda: FIXED_NOW,
        briefings=tmp_path / "briefings",
    )


async def until(pilot: Pilot[Any], condition: Callable[[], object], timeout: float = 90) -> None:
    """Let the app run until `condition` holds (workers post their results as messages)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out; screen was:\n{screen_text(pilot.app)}")
        await pilot.pause(0.05)
    await pilot.pause()  # let the screen catch up with the state


def screen_text(app: BriefbotApp) -> str:
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def notices(app: BriefbotApp) -> list[str]:
    return [f"{n.title}: {n.message}" for n in app._notifications]


def answered(app: BriefbotApp) -> bool:
    return bool(app.chat.query(Exchange)) and app.asking is None and not app.queue


async def ask(pilot: Pilot[Any], app: BriefbotApp, question: str) -> Exchange:
    box = app.chat.query_one(QuestionInput)
    box.focus()
    box.value = question
    await pilot.press("enter")
    await until(pilot, lambda: answered(app))
    await pilot.pause()
    return list(app.chat.query(Exchange))[-1]


@pytest.fixture
def seed_engine(engine_for: Callable[..., Briefbot], seed_index: Settings) -> Briefbot:
    return engine_for(corpus=seed_index.corpus, index=seed_index.index)


def test_app_module_imports_nothing_heavy() -> None:
    """The chat paints before torch, sentence-transformers, chromadb or numpy are imported."""
    heavy = [
        "torch",
        "sentence_transformers",
        "chromadb",
        "numpy",
        "briefbot.engine",
        "briefbot.store.generations",
        "briefbot.answering",
        "briefbot.store.refresh",
        "briefbot.briefing.brief",
    ]
    code = "import sys, briefbot.tui.app; print(' '.join(m for m in %r if m in sys.modules))"
    out = subprocess.run(
        [sys.executable, "-c", code % heavy],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).parent.parent,
    )
    assert out.stdout.strip() == ""


async def test_ask_shows_answer_and_sources(seed_engine: Briefbot, tmp_path: Path) -> None:
    app = make_app(seed_engine, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: app.ready)
        assert "Ready — 5 papers" in screen_text(app)
        assert "refreshed today" in screen_text(app)
        exchange = await ask(pilot, app, FUNDING_QUESTION)
        assert exchange.answer is not None and not exchange.answer.refused
        text = screen_text(app)
        assert "24 November 2022" in text and "[1]" in text
        assert exchange.answer.as_of.startswith("Based on") and exchange.answer.as_of in text, text
        panel = app.chat.query_one(SourcesPanel)
        assert [c.n for c in panel.citations] == [c.n for c in exchange.answer.citations]
        assert "Herefordshire Council" in text and "November 2022 · news" in text


async def test_engine_can_be_built_by_the_loading_worker(
    seed_engine: Briefbot, tmp_path: Path
) -> None:
    """With make_engine, even the core's imports wait until the first screen is painted."""
    built: list[str] = []

    def make_engine() -> Briefbot:
        built.append(threading.current_thread().name)
        return seed_engine

    app = BriefbotApp(make_engine=make_engine, refreshed=lambda _stamp: "today")
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: app.ready)
        assert len(built) == 1 and built[0] != threading.main_thread().name
        assert "Ready — 5 papers" in screen_text(app)


async def test_engine_that_cannot_be_built_is_a_notice(tmp_path: Path) -> None:
    def make_engine() -> Briefbot:
        raise BriefbotError("embedding model 'nowhere' is neither a folder nor a package")

    app = BriefbotApp(make_engine=make_engine)
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: not app.loading)
        assert any("neither a folder" in n for n in notices(app))
        assert "Not ready — embedding model 'nowhere'" in screen_text(app)


async def test_question_typed_before_ready_is_answered_once_ready(
    seed_engine: Briefbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened, real_generation = threading.Event(), seed_engine.generation

    def slow_generation() -> Any:
        opened.wait(60)
        return real_generation()

    monkeypatch.setattr(seed_engine, "generation", slow_generation)
    app = make_app(seed_engine, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        box = app.chat.query_one(QuestionInput)
        box.value = FUNDING_QUESTION
        await pilot.press("enter")
        await pilot.pause()
        assert not app.ready and len(app.queue) == 1
        assert "Loading the model and the index" in screen_text(app)
        assert "Waiting for the model to load" in screen_text(app)
        opened.set()
        await until(pilot, lambda: answered(app))
        await pilot.pause()
        assert "24 November 2022" in screen_text(app)


async def test_question_history_with_up_and_down(seed_engine: Briefbot, tmp_path: Path) -> None:
    app = make_app(seed_engine, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: app.ready)
        await ask(pilot, app, "How much is the remaining funding?")
        await ask(pilot, app, "Who apologised to families?")
        box = app.chat.query_one(QuestionInput)
        box.value = "draft"
        await pilot.press("up")
        assert box.value == "Who apologised to families?"
        await pilot.press("up", "up")
        assert box.value == "How much is the remaining funding?"
        await pilot.press("down", "down")
        assert box.value == "draft"


async def test_open_source_shows_paper_at_highlighted_quote(
    seed_engine: Briefbot, tmp_path: Path
) -> None:
    app = make_app(seed_engine, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: app.ready)
        exchange = await ask(pilot, app, "What did Ofsted find in their July 2022 inspection?")
        assert exchange.answer is not None and exchange.answer.citations
        citation = exchange.answer.citations[-1]
        panel = app.chat.query_one(SourcesPanel)
        await pilot.press("tab")  # from the question box to the sources
        assert app.focused is panel
        panel.highlighted = len(panel.citations) - 1
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, SourceScreen))
        await pilot.pause()
        screen = app.screen
        cited = screen.query_one("#source-cited", Static).content
        highlighted = [cited.plain[s.start : s.end] for s in cited.spans if s.style == HIGHLIGHT]
        assert highlighted == [citation.quote.strip("\n")]
        viewport = screen.query_one("#source-text").region
        assert screen.query_one("#source-cited").region.y >= viewport.y  # scrolled into view
        assert screen.query_one("#source-cited").region.y < viewport.bottom
        assert citation.quote.split()[0] in screen_text(app)
        await pilot.press("escape")
        assert app.screen is app.chat
        # back from the source, focus is still on the list: typing goes to the question box
        assert app.focused is panel
        await pilot.press(*"who?")
        box = app.chat.query_one(QuestionInput)
        assert app.focused is box and box.value == "who?"
        assert not isinstance(app.screen, HelpScreen)
        await pilot.press("tab", "tab", "s")  # to the list and back: the draft is kept, added to
        assert box.value == "who?s"
        # typed fast (or by a terminal's paste), the keys reach the list before the focus moves:
        # none is lost, spaces and "?" included, and a paste follows them
        box.value = ""
        panel.focus()
        await pilot.pause()
        names = {" ": "space", "?": "question_mark", "£": "pound_sign", ".": "full_stop"}
        for character in "When was £6.49m approved?":
            panel.post_message(events.Key(names.get(character, character), character))
        await pilot.pause()
        assert box.value == "When was £6.49m approved?"
        panel.focus()
        await pilot.pause()
        panel.post_message(events.Paste(" And by whom?"))
        await pilot.pause()
        assert box.value == "When was £6.49m approved? And by whom?"


async def test_an_earlier_answer_s_sources_are_a_key_away(
    seed_engine: Briefbot, tmp_path: Path
) -> None:
    """Every answer numbers its sources from [1], and the panel lists one answer's: Ctrl+Up
    and Ctrl+Down put an earlier or later answer on show, and the panel says whose they are
    (only a click could, and the panel then looked like the sources of the answer above it)."""
    app = make_app(seed_engine, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: app.ready)
        first = await ask(pilot, app, FUNDING_QUESTION)
        second = await ask(pilot, app, "What did Ofsted find in their July 2022 inspection?")
        assert first.answer is not None and second.answer is not None
        panel = app.chat.query_one(SourcesPanel)
        box = app.chat.query_one("#sources-box")
        assert panel.citations == second.answer.citations
        assert box.border_subtitle.startswith("question 2 ·")
        await pilot.press("ctrl+up")
        assert panel.citations == first.answer.citations and first.has_class("-selected")
        assert box.border_subtitle.startswith("question 1 ·")
        assert app.chat.shown_answer() is first.answer  # F5 explains the answer on show
        await pilot.press("ctrl+up")  # no earlier answer: it stays
        assert panel.citations == first.answer.citations
        await pilot.press("ctrl+down")
        assert panel.citations == second.answer.citations


async def test_filters_set_by_keys_and_palette_reach_ask(
    seed_engine: Briefbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[Filters | None] = []
    real_ask = seed_engine.ask

    def spy(question: str, filters: Filters | None = None, **kwargs: Any) -> Any:
        seen.append(filters)
        return real_ask(question, filters=filters, **kwargs)

    monkeypatch.setattr(seed_engine, "ask", spy)
    app = make_app(seed_engine, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: app.ready)
        assert "type: all types · dates: any date" in screen_text(app)
        await pilot.press("f2")  # all types -> minutes
        assert "type: minutes" in screen_text(app)
        exchange = await ask(pilot, app, FUNDING_QUESTION)
        assert seen[-1] is not None and seen[-1].doc_types == ["minutes"]
        assert exchange.answer is not None
        assert all(c.doc_type == "minutes" for c in exchange.answer.citations)

        await pilot.press("f3")
        await pilot.pause()
        app.screen.query_one("#since", Input).value = "2022-11"
        app.screen.query_one("#until", Input).value = "2022-12"
        await pilot.press("enter")
        await pilot.pause()
        assert "dates: November 2022 to December 2022" in screen_text(app)

        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"only news")
        await until(pilot, lambda: "Filter: only news" in screen_text(app), timeout=10)
        await pilot.press("enter")
        await pilot.pause()
        assert "type: news" in screen_text(app)
        await ask(pilot, app, FUNDING_QUESTION)
        assert seen[-1] == Filters(doc_types=["news"], since="2022-11", until="2022-12")

        await pilot.press("f4")
        assert "type: all types · dates: any date" in screen_text(app)


def test_a_refusal_under_a_filter_says_only_those_papers_were_searched() -> None:
    """A refusal shows the note that only the filtered papers were searched, as the export
    did; the chat showed the refusal alone, as if no paper said anything."""
    from briefbot.answering.composer import REFUSAL
    from briefbot.models import Answer
    from briefbot.tui.display import answer_content

    note = "Only papers of type minutes were searched; clear the filter to search them all."
    shown = answer_content(
        Answer(question="What was decided?", answer=REFUSAL, refused=True, note=note)
    )
    assert REFUSAL in shown.plain and note in shown.plain


async def test_bad_date_range_is_refused_in_the_dialog(
    seed_engine: Briefbot, tmp_path: Path
) -> None:
    app = make_app(seed_engine, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("f3")
        await pilot.pause()
        app.screen.query_one("#since", Input).value = "2022-13"
        await pilot.press("enter")
        await pilot.pause()
        assert "2022-13" in screen_text(app)  # the dialog stays, with the reason
        await pilot.press("escape")
        assert app.screen is app.chat and app.chat.filters is None
        # Enter in the dialog's fields sets the filter, and is never asked as a question
        await pilot.press("f3")
        await pilot.pause()
        app.screen.query_one("#since", Input).value = "2022-11"
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is app.chat and app.chat.filters is not None
        assert not app.chat.query(Exchange) and not app.queue and app.asking is None


class RecordingApp(BriefbotApp):
    """Keeps every refresh tick it is sent, for the tests to look at."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.ticks: list[RefreshProgress] = []
        self.told: list[str] = []  # every notice, also those since cleared

    def on_refresh_ticked(self, message: RefreshTicked) -> None:  # the base handler runs too
        self.ticks.append(message.progress)

    def notify(self, message: str, *, title: str = "", **kwargs: Any) -> None:
        self.told.append(f"{title}: {message}")
        super().notify(message, title=title, **kwargs)


async def test_first_run_builds_the_index_and_shows_progress(
    engine_for: Callable[..., Briefbot], small_corpus: Path, tmp_path: Path
) -> None:
    """The first run builds the index at once, as `make run` promises, with no key to press;
    a question typed meanwhile waits for it."""
    engine = engine_for(corpus=small_corpus)
    app = make_app(engine, tmp_path, RecordingApp)
    assert isinstance(app, RecordingApp)
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: any("Building the index" in n for n in app.told))
        assert any("There is no index" in n for n in app.told)
        await until(pilot, lambda: app.ready and not app.refreshing)
        assert not any("Building the index" in n for n in notices(app))  # gone once built
        stages = [(t.stage, t.done, t.total) for t in app.ticks]
        assert ("parse", 0, 2) in stages and ("parse", 1, 2) in stages
        assert stages[-1][0] == "done"
        assert "Ready — 2 papers" in screen_text(app)
        assert any("Index refreshed" in n and "added 2" in n for n in notices(app))
        assert "Cancel refresh" not in screen_text(app)  # the footer offers it only while one runs
        exchange = await ask(pilot, app, "How much is the gritting budget?")
        assert "£1.2m" in screen_text(app) and exchange.answer and not exchange.answer.refused


async def test_a_first_build_that_fails_says_how_to_build_it(
    engine_for: Callable[..., Briefbot], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No corpus folder: the first build fails with its reason while the model still loads,
    and a question asked meanwhile then says Ctrl+R builds the index, not that it is being
    built (it waited on "being built" for good)."""
    engine = engine_for(corpus=tmp_path / "no-such-folder")
    loaded, real_load = threading.Event(), engine.load

    def slow_load(*args: Any, **kwargs: Any) -> Any:
        loaded.wait(60)  # until the build has failed, as on a laptop loading the model
        return real_load(*args, **kwargs)

    monkeypatch.setattr(engine, "load", slow_load)
    app = make_app(engine, tmp_path, RecordingApp)
    assert isinstance(app, RecordingApp)
    async with app.run_test(size=(100, 30)) as pilot:
        box = app.chat.query_one(QuestionInput)
        box.focus()
        box.value = "How much is the gritting budget?"
        await pilot.press("enter")
        await until(pilot, lambda: any("Refresh failed" in n for n in app.told))
        loaded.set()
        await until(pilot, lambda: not app.loading and not app.refreshing)
        assert "no-such-folder" in " ".join(app.told)
        await until(pilot, lambda: "Waiting for the index: press Ctrl+R" in screen_text(app))
        assert "No index yet — press Ctrl+R to build it" in screen_text(app)
        assert "being built" not in screen_text(app)


async def test_stale_index_notice_then_ctrl_r_refreshes(
    engine_for: Callable[..., Briefbot], small_corpus: Path, tmp_path: Path
) -> None:
    engine = engine_for(corpus=small_corpus)
    engine.refresh()
    (small_corpus / "parks.txt").write_text(
        "Parks report\n\nThe new skate park at Eastbrook opens in June 2024.\n", encoding="utf-8"
    )
    app = make_app(engine, tmp_path, RecordingApp)
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: app.ready)
        assert any("1 paper(s) changed" in n for n in notices(app))
        assert "1 change(s) to refresh (Ctrl+R)" in screen_text(app)
        await pilot.press("ctrl+r")
        await until(pilot, lambda: not app.refreshing)
        ticks = [(t.stage, t.done, t.total, t.path) for t in app.ticks]
        assert ("parse", 0, 1, "parks.txt") in ticks
        assert "Ready — 3 papers" in screen_text(app)
        assert not app.chat.refresh_bar.has_class("-running")


async def test_refresh_can_be_cancelled(
    engine_for: Callable[..., Briefbot],
    small_corpus: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    engine = engine_for(corpus=small_corpus)
    release, ended, real_refresh = threading.Event(), threading.Event(), engine.refresh

    def held_refresh(rebuild: bool = False, progress: Any = None, cancelled: Any = None) -> Any:
        def tick(update: RefreshProgress) -> None:
            progress(update)
            if update.stage == "parse" and update.done == 0:
                release.wait(60)  # hold the first paper until the test has pressed Esc

        try:
            return real_refresh(rebuild=rebuild, progress=tick, cancelled=cancelled)
        finally:
            ended.set()

    monkeypatch.setattr(engine, "refresh", held_refresh)
    app = make_app(engine, tmp_path, RecordingApp)
    assert isinstance(app, RecordingApp)
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: any(t.stage == "parse" for t in app.ticks))  # the first run's
        assert "Indexing 1/2" in screen_text(app) and "Esc cancels" in screen_text(app)
        await until(pilot, lambda: not app.loading)
        assert "No index yet — building it" in screen_text(app)
        await pilot.press("escape")
        await until(pilot, lambda: not app.refreshing)
        release.set()
        assert ended.wait(60)
        assert any("Refresh cancelled" in n for n in notices(app))
        assert not engine.has_index() and not app.ready
        assert "No index yet — press Ctrl+R to build it" in screen_text(app)
        box = app.chat.query_one(QuestionInput)
        box.focus()
        box.value = "How much is the gritting budget?"
        await pilot.press("enter")
        await until(pilot, lambda: "Waiting for the index: press Ctrl+R" in screen_text(app))


async def test_damaged_index_is_a_notice_and_the_app_stays_usable(
    engine_for: Callable[..., Briefbot], small_corpus: Path, tmp_path: Path
) -> None:
    engine = engine_for(corpus=small_corpus)
    engine.refresh()
    folder = engine.settings.index
    for manifest in folder.glob("gen-*/manifest.json"):
        manifest.write_text("{ not json", encoding="utf-8")
    app = make_app(engine, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: not app.loading)
        assert not app.ready
        assert any("Not ready" in n and "unreadable" in n for n in notices(app))
        assert "Not ready — the index manifest" in screen_text(app)
        assert "Traceback" not in screen_text(app)
        box = app.chat.query_one(QuestionInput)
        box.value = "How much is the gritting budget?"
        await pilot.press("enter")
        await pilot.pause()
        assert "Press Ctrl+R to refresh the index" in screen_text(app)
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.press("ctrl+r")  # rebuilds, then answers the waiting question
        await until(pilot, lambda: app.ready and answered(app))
        await pilot.pause()
        assert "Ready — 2 papers" in screen_text(app) and "£1.2m" in screen_text(app)


async def test_markup_like_text_from_papers_and_questions_is_shown_literally(
    engine_for: Callable[..., Briefbot], tmp_path: Path
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "odd.txt").write_text(
        "Markup report\n\nThe bridge budget is [bold]£2m[/] according to [link=http://x]y "
        "and \x1b[31mred\x1b[0m officers.\n",
        encoding="utf-8",
    )
    (corpus / "odd.txt.meta.toml").write_text(
        'title = "[red]Bridge[/red] report"\ndate = "2023-02"\ndoc_type = "report"\n',
        encoding="utf-8",
    )
    engine = engine_for(corpus=corpus)
    engine.refresh()
    app = make_app(engine, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: app.ready)
        exchange = await ask(pilot, app, "[bold]How much[/] is the bridge budget?")
        assert exchange.answer is not None and not exchange.answer.refused
        text = screen_text(app)
        assert "[bold]How much[/] is the bridge budget?" in text
        assert "[bold]£2m[/]" in text and "[link=http://x]y" in text
        assert "[red]Bridge[/red] report" in text
        assert "\x1b" not in text
        app.chat.query_one(SourcesPanel).focus()
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, SourceScreen))
        await pilot.pause()
        viewer = screen_text(app)
        assert "[bold]£2m[/]" in viewer and "[link=http://x]y" in viewer
        assert "[red]Bridge[/red] report" in viewer and "\x1b" not in viewer


async def test_help_opens_with_f1_and_question_mark_types_in_the_box(
    seed_engine: Briefbot, tmp_path: Path
) -> None:
    app = make_app(seed_engine, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        assert "Ctrl+E" in screen_text(app) and "Ctrl+R" in screen_text(app)
        await pilot.press("escape")
        assert app.screen is app.chat
        await pilot.press("w", "h", "o", "?")
        assert app.chat.query_one(QuestionInput).value == "who?"
        app.chat.query_one(SourcesPanel).focus()
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)


@pytest.mark.parametrize("size", [(80, 24), (70, 24)])
async def test_answers_wrap_at_80_by_24(
    seed_engine: Briefbot, tmp_path: Path, size: tuple[int, int]
) -> None:
    """At 80 and at 70 columns: the answer wraps, and the footer keeps its keys (at 70 it was
    cut to "^r Ref" until the filter keys moved to the filter line)."""
    app = make_app(seed_engine, tmp_path)
    async with app.run_test(size=size) as pilot:
        await until(pilot, lambda: app.ready)
        await ask(pilot, app, FUNDING_QUESTION)
        chat = app.chat.query_one("#chat")
        assert chat.max_scroll_x == 0
        text = screen_text(app)
        assert "24 November" in text and "[1]" in text
        for key in ("^r Refresh", "^e Export", "f1 Help", "^q Quit", "f5 Why"):
            assert key in text
        assert "F2 type" in text  # the filter keys, on the filter line


@pytest.mark.parametrize("size", [(80, 30), (120, 40)])
async def test_why_this_answer_says_in_words_what_moved_each_sentence(
    seed_engine: Briefbot, tmp_path: Path, size: tuple[int, int]
) -> None:
    """F5 shows the sentences weighed with what moved each, in words and within its box: lines
    set for a wider box were broken mid-word by the box's own wrapping."""
    from briefbot.answering.features import LABELS
    from briefbot.tui.screens.why import WhyScreen

    app = make_app(seed_engine, tmp_path)
    async with app.run_test(size=size) as pilot:
        await until(pilot, lambda: app.ready)
        await ask(pilot, app, FUNDING_QUESTION)
        await pilot.press("f5")
        await until(pilot, lambda: isinstance(app.screen, WhyScreen))
        text = screen_text(app)
        assert "Why this answer" in text and "✓" in text
        assert any(label in text for label in LABELS.values())
        assert "cover_window" not in text and "tuned_rank" not in text  # no feature names
        box = app.screen.query_one("#why-text")
        lines = str(box.render()).splitlines()
        assert lines and max(len(line) for line in lines) <= box.content_region.width
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(app.screen, WhyScreen))


async def test_export_writes_markdown_and_word_without_overwriting(
    seed_engine: Briefbot, tmp_path: Path
) -> None:
    app = make_app(seed_engine, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+e")
        assert any("Nothing to export" in n for n in notices(app))
        await until(pilot, lambda: app.ready)
        await ask(pilot, app, FUNDING_QUESTION)
        await pilot.press("ctrl+e")
        await until(pilot, lambda: any("Briefing saved" in n for n in notices(app)))
        await pilot.press("ctrl+e")
        await until(pilot, lambda: sum("Briefing saved" in n for n in notices(app)) == 2)
    folder = tmp_path / "briefings"
    names = sorted(p.name for p in folder.iterdir())
    assert names == [
        "briefing-2024-05-06-093000-2.docx",
        "briefing-2024-05-06-093000-2.md",
        "briefing-2024-05-06-093000.docx",
        "briefing-2024-05-06-093000.md",
    ]
    markdown = (folder / "briefing-2024-05-06-093000.md").read_text(encoding="utf-8")
    assert "24 November 2022" in markdown
    assert any(str(folder / "briefing-2024-05-06-093000.md") in n for n in notices(app))
