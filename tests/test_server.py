"""A shared index server: a real Chroma server on 127.0.0.1 holds the vectors; refresh into it,
ask from two processes at once, and get the same answers as the embedded store."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from briefbot.config import Settings
from briefbot.engine import Briefbot
from briefbot.errors import BriefbotError
from briefbot.store.embedder import Embedder
from tests.conftest import BRIEFBOT, REPO, child_env
from tests.servers import CHROMA, ChromaServer

QUESTIONS = REPO / "eval" / "dev.jsonl"


@pytest.fixture(scope="module")
def chroma_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if not CHROMA.exists():
        pytest.skip("the chroma command is not installed")
    server = ChromaServer(tmp_path_factory.mktemp("chroma-server")).start()
    try:
        yield server.url
    finally:
        server.stop()


def cli(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [*BRIEFBOT, *args],
        env=child_env(),
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finished(child: subprocess.Popen[str]) -> str:
    out, err = child.communicate(timeout=900)
    assert child.returncode == 0, err
    assert "Traceback" not in err
    return out


@pytest.mark.slow
def test_server_index_answers_as_the_embedded_one(
    chroma_server: str, seed_index: Settings, embedder: Embedder, tmp_path: Path
) -> None:
    index = tmp_path / "shared-index"
    place = ["--corpus", str(seed_index.corpus), "--index", str(index)]
    report = json.loads(finished(cli("refresh", "--json", "--chroma-url", chroma_server, *place)))
    assert report["documents"] == 5
    manifest = json.loads(next(index.glob("gen-*/manifest.json")).read_text(encoding="utf-8"))
    assert manifest["chroma_url"] == chroma_server
    assert not any(index.glob("gen-*/chroma"))  # the vectors are on the server only

    # Two processes ask the whole dev set at once: one names the server, one finds it in the index.
    evals = [
        cli("eval", "--json", "--questions", str(QUESTIONS), "--chroma-url", chroma_server, *place),
        cli("eval", "--json", "--questions", str(QUESTIONS), *place),
    ]
    shared = [json.loads(finished(child))["results"] for child in evals]

    embedded = Briefbot(seed_index, embedder=embedder)
    for first, second in zip(*shared, strict=True):
        assert first["answer"] == second["answer"]
        alone = embedded.ask(first["question"])
        assert first["answer"] == alone.answer, first["question"]
        assert first["refused"] == alone.refused
        assert first["cited"] == list(dict.fromkeys(c.path for c in alone.citations))
    assert len(shared[0]) == sum(1 for line in QUESTIONS.open() if line.strip())
    embedded.close()


@pytest.mark.slow
def test_server_refresh_is_incremental_and_prunes(
    chroma_server: str, small_corpus: Path, tmp_path: Path, embedder: Embedder
) -> None:
    settings = Settings(corpus=small_corpus, index=tmp_path / "index", chroma_url=chroma_server)
    engine = Briefbot(settings, embedder=embedder)
    first = engine.refresh()
    (small_corpus / "library-news.txt").write_text(
        "Library opening hours\n\nWyeford library will open on Sundays from 4 June 2023.\n",
        encoding="utf-8",
    )
    second = engine.refresh()
    assert second.changed == ["library-news.txt"] and second.unchanged == 1
    assert second.passages == engine.generation().chroma_count()
    assert "4 June 2023" in engine.ask("When will Wyeford library open on Sundays?").answer
    for _ in range(2):
        (small_corpus / "library-news.txt").write_text(
            f"Library note {_}\n\nThe library opens at nine.\n", encoding="utf-8"
        )
        engine.refresh()
    import chromadb

    host, port = chroma_server.removeprefix("http://").split(":")
    names = [c.name for c in chromadb.HttpClient(host=host, port=int(port)).list_collections()]
    mine = [n for n in names if n.startswith(f"briefbot-{engine.generation().manifest.store_key}")]
    assert len(mine) == 2  # the current generation and the one before it
    elsewhere = Settings(corpus=small_corpus, index=settings.index, chroma_url="http://127.0.0.1:1")
    with pytest.raises(BriefbotError, match="keeps its vectors on http://127.0.0.1"):
        Briefbot(elsewhere, embedder=embedder).refresh()  # nothing changed, still refused
    assert first.documents == 2
    engine.close()
