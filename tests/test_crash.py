"""Crash safety and concurrency: refreshes killed at many moments, readers during a refresh.

After any kill the published index still answers, and the next refresh ends with exactly the
papers and passages of a clean build: no duplicates, no orphans, no unfinished generation left.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import threading
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

from briefbot.engine import Briefbot
from briefbot.errors import RefreshBusyError
from briefbot.store.generations import read_manifest
from briefbot.store.refresh import refresh_lock
from tests.conftest import BRIEFBOT, REPO, child_env, spawn_refresh

EngineFor = Callable[..., Briefbot]
KILLS = 10


def write_paper(corpus: Path, n: int, version: int) -> None:
    """A short report on bridge n; its wording says which version of the paper it is."""
    lines = [
        f"Report {n}, version {version}, on the repair of bridge number {n} in Eastbrook parish.",
        f"The committee approved £{n + version}.5m for the works on {n % 28 + 1} March 2023.",
        f"Officers said that edition {version} of the plan keeps the road open to buses, with "
        "temporary lights at peak times while the contractor is on site.",
    ] * 3
    (corpus / f"bridge-{n:03d}.txt").write_text("\n\n".join(lines), encoding="utf-8")


def wait_for_build(index: Path, child: subprocess.Popen[str], timeout: float = 120) -> float:
    """Wait until the child starts writing a new generation; the moment it did (monotonic)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and child.poll() is None:
        if list(index.glob("gen-*.tmp")):
            return time.monotonic()
        time.sleep(0.02)
    return time.monotonic()


def index_state(engine: Briefbot) -> tuple[set[str], int]:
    """(paper paths, passage count) of the published index, checked for duplicates and orphans."""
    generation = engine.generation()
    manifest = read_manifest(generation.folder)
    chroma_ids = generation.chroma_ids()
    assert len(chroma_ids) == len(set(chroma_ids)), "duplicate passages in Chroma"
    assert set(chroma_ids) == set(generation.passages), "Chroma and passages.jsonl differ"
    assert generation.keywords.ids and set(generation.keywords.ids) == set(generation.passages)
    assert manifest.passage_count == len(generation.passages)
    papers = set(manifest.papers)
    per_paper = Counter(p.path for p in generation.passages.values())
    assert set(per_paper) == papers, "orphan passages"
    for path, entry in manifest.papers.items():
        assert per_paper[path] == entry.passages
        assert generation.paper(entry.paper_id).path == path
    return papers, len(generation.passages)


def change_corpus(corpus: Path, round_: int) -> None:
    """Each round adds four papers, rewrites two and removes one: every kind of change."""
    for n in range(round_ * 4, round_ * 4 + 4):
        write_paper(corpus, 100 + n, 1)
    for n in (round_ % 6, (round_ + 3) % 6):
        write_paper(corpus, n, round_ + 2)
    removable = sorted(corpus.glob("bridge-1*.txt"))
    if len(removable) > 4:
        removable[0].unlink()


@pytest.mark.slow
def test_refresh_killed_at_many_moments_always_recovers(
    tmp_path: Path, engine_for: EngineFor
) -> None:
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    corpus.mkdir()
    for n in range(6):
        write_paper(corpus, n, 1)
    engine = engine_for(corpus, index)
    clean = engine_for(corpus, tmp_path / "clean")
    engine.refresh()

    # How long does the building part of a refresh take here? Kill across all of it.
    change_corpus(corpus, 0)
    child = spawn_refresh(corpus, index)
    started = wait_for_build(index, child)
    assert child.wait(timeout=300) == 0, child.stderr.read() if child.stderr else ""
    span = max(time.monotonic() - started, 0.5)
    # Fractions of the build, plus two kills before it starts (during start-up and the scan).
    moments = [-2.0, -0.5] + [span * f for f in (0.0, 0.05, 0.15, 0.3, 0.45, 0.6, 0.75, 0.9, 0.97)]

    killed = 0
    for round_, moment in enumerate(moments * 2, start=1):
        if killed >= KILLS and round_ > len(moments):
            break
        change_corpus(corpus, round_)
        child = spawn_refresh(corpus, index)
        if moment < 0:
            time.sleep(-moment * 2)  # start-up: imports, model load, scan
        else:
            wait_for_build(index, child)
            time.sleep(moment)
        if child.poll() is None:
            os.kill(child.pid, signal.SIGKILL)
            killed += 1
        child.wait(timeout=60)
        # Asking works in between, from the old index or the new one.
        assert engine.search("bridge repair Eastbrook", k=3)
        index_state(engine)
        # The next refresh ends exactly where a clean build of the same papers does.
        engine.refresh()
        clean.refresh()
        assert index_state(engine) == index_state(clean)
        assert not list(index.glob("gen-*.tmp"))
    assert killed >= KILLS, f"only {killed} refreshes were still running when killed"


@pytest.mark.slow
def test_readers_during_a_refresh_that_adds_changes_and_removes(
    tmp_path: Path, engine_for: EngineFor
) -> None:
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    corpus.mkdir()
    for n in range(20):
        write_paper(corpus, n, 1)
    first = engine_for(corpus, index)
    before = first.refresh().passages
    for n in range(20, 45):
        write_paper(corpus, n, 1)  # added
    for n in range(0, 20, 2):
        write_paper(corpus, n, 2)  # changed
    for n in (1, 3, 5):
        (corpus / f"bridge-{n:03d}.txt").unlink()  # removed

    errors: list[BaseException] = []
    seen: list[tuple[int, set[str]]] = []
    stop = threading.Event()

    def read(engine: Briefbot, question: str) -> None:
        while not stop.is_set():
            try:
                generation = engine.generation()
                answer = engine.ask(question, k=8)
                if engine.generation() is not generation:
                    continue  # published mid-question: which one answered is not known here
                for citation in answer.citations:
                    paper = generation.paper(citation.paper_id)
                    assert paper.text[citation.start : citation.end] == citation.quote
                bridge = [p.text for p in answer.passages if p.path == "bridge-004.txt"]
                versions = {v for v in ("version 1,", "version 2,") for t in bridge if v in t}
                seen.append((len(generation.passages), versions))
            except BaseException as error:  # noqa: BLE001 - reported by the main thread
                errors.append(error)
                return

    question = "When were the works on bridge number 4 approved?"
    readers = [
        threading.Thread(target=read, args=(engine_for(corpus, index), question)) for _ in range(2)
    ]
    for reader in readers:
        reader.start()
    child = spawn_refresh(corpus, index)
    out, err = child.communicate(timeout=600)
    time.sleep(2.0)  # readers go on with the new index
    stop.set()
    for reader in readers:
        reader.join(timeout=60)
        assert not reader.is_alive(), "a reader hung"
    assert child.returncode == 0, err
    assert not errors, repr(errors[0])
    after = json.loads(out)["passages"]
    assert {count for count, _ in seen} == {before, after}, (seen, before, after)
    # Bridge 4 was rewritten: the old index quotes only version 1, the new only version 2.
    for count, versions in seen:
        assert versions == ({"version 1,"} if count == before else {"version 2,"}), versions


def test_second_refresh_refused_and_stale_lock_ignored(tmp_path: Path, small_corpus: Path) -> None:
    index = tmp_path / "index"
    # A lock file left by a refresh that was killed holds no lock: the next refresh goes ahead.
    index.mkdir(mode=0o700)
    (index / ".lock").write_text("424242", encoding="utf-8")
    with refresh_lock(index):
        # ... and while one refresh holds it, a second one is refused with a clear message.
        with pytest.raises(RefreshBusyError, match=r"another refresh is running .*pid \d+"):
            with refresh_lock(index):
                pass
        result = subprocess.run(
            [*BRIEFBOT, "refresh", "--corpus", str(small_corpus), "--index", str(index)],
            env=child_env(),
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert result.returncode != 0
        assert "another refresh is running" in result.stderr
        assert "Traceback" not in result.stderr
    with refresh_lock(index):
        pass
