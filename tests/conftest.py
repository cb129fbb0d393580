"""Shared fixtures: the real model (loaded once), and tiny real corpora and indexes in tmp_path."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from briefbot.config import Settings
from briefbot.engine import Briefbot
from briefbot.store.embedder import Embedder
from briefbot.store.tuning import shipped_tuning

os.environ.setdefault("HF_HUB_OFFLINE", "1")
REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "corpus"
BRIEFBOT = [sys.executable, "-m", "briefbot"]

MEETING = """Minutes of the Highways Committee

Present: Councillor Ann Shaw (chair), Councillor Ben Ito.

The committee considered the report on winter gritting. The budget for gritting in 2023/24 is £1.2m.
It was resolved that the gritting routes be extended to cover the villages of Eastbrook and Wyeford.
"""

LIBRARY = """Library opening hours

The cabinet member for culture announced on 3 May 2023 that Wyeford library will open on Sundays.
The change costs £45,000 a year and is funded from the communities budget.
"""

# Refusals the fitted judge does not yet make (issue 12): on cross-validation by paper it
# refuses about 15% of unanswerable questions at 5% wrongly refused. These tests stay, marked
# strict, so that they fail the suite the day they pass.
WEAK_REFUSALS = "the fitted judge refuses too few unanswerable questions (issue 12)"


@pytest.fixture(scope="session")
def embedder() -> Embedder:
    """The real embedding model, loaded once for the whole test session."""
    model = Embedder(Settings().model, question_tuning=shipped_tuning())
    model.load_questions()
    return model


@pytest.fixture
def make_settings(tmp_path: Path) -> Callable[..., Settings]:
    def build(corpus: Path | None = None, index: Path | None = None, **extra: object) -> Settings:
        return Settings(
            corpus=corpus or tmp_path / "corpus", index=index or tmp_path / "index", **extra
        )

    return build


@pytest.fixture
def small_corpus(tmp_path: Path) -> Path:
    """Two short papers on other council business, with sidecars."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "highways-minutes.txt").write_text(MEETING, encoding="utf-8")
    (corpus / "highways-minutes.txt.meta.toml").write_text(
        'title = "Highways Committee minutes"\ndate = "2023-01-12"\ndoc_type = "minutes"\n'
        'committee = "Highways Committee"\n',
        encoding="utf-8",
    )
    (corpus / "library-news.txt").write_text(LIBRARY, encoding="utf-8")
    (corpus / "library-news.txt.meta.toml").write_text(
        'title = "Sunday opening for Wyeford library"\ndate = "2023-05"\n'
        'doc_type = "press_release"\n',
        encoding="utf-8",
    )
    return corpus


@pytest.fixture
def engine_for(
    embedder: Embedder, make_settings: Callable[..., Settings]
) -> Iterator[Callable[..., Briefbot]]:
    """Build Briefbot engines on tmp paths around the shared real model; closed afterwards."""
    made: list[Briefbot] = []

    def build(corpus: Path | None = None, index: Path | None = None, **extra: object) -> Briefbot:
        engine = Briefbot(make_settings(corpus, index, **extra), embedder=embedder)
        made.append(engine)
        return engine

    yield build
    for engine in made:
        engine.close()


@pytest.fixture(scope="session")
def seed_index(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> Settings:
    """The five real papers of corpus/ indexed once per session (read-only for tests)."""
    root = tmp_path_factory.mktemp("seed")
    corpus = root / "corpus"
    shutil.copytree(CORPUS, corpus)
    settings = Settings(corpus=corpus, index=root / "index")
    Briefbot(settings, embedder=embedder).refresh()
    return settings


def child_env(**extra: str) -> dict[str, str]:
    """Environment for a briefbot subprocess: offline, no colour, no inherited BRIEFBOT_*."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("BRIEFBOT_")}
    env.update({"HF_HUB_OFFLINE": "1", "NO_COLOR": "1", "TERM": "dumb", **extra})
    return env


def spawn_refresh(corpus: Path, index: Path) -> subprocess.Popen[str]:
    """`briefbot refresh --json` in a child process, its output piped."""
    return subprocess.Popen(
        [*BRIEFBOT, "refresh", "--json", "--corpus", str(corpus), "--index", str(index)],
        env=child_env(),
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
