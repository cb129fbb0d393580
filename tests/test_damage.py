"""Index damage: each part of a published index broken in turn (deleted, cut in half, or
overwritten with random bytes) gives one readable line naming the index and the cure, never a
traceback or a crash, and `briefbot refresh --rebuild` brings the answers back.

Harmless cases: a deleted CURRENT looks like no index at all (the CLI builds one and answers);
`status` reports a damaged paper file's counts (only answers that need that paper fail); and a
small index keeps its vectors in Chroma's SQLite log, not yet in the HNSW data file, so garbage
there changes nothing (a large index, where it would crash Chroma, is tested at the end).
"""

from __future__ import annotations

import json
import random
import shutil
import struct
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from briefbot.engine import Briefbot
from briefbot.errors import BriefbotError, IndexDamagedError, IndexMissingError
from briefbot.models import Manifest, ManifestEntry, Passage
from briefbot.store.generations import CURRENT, Generation, GenerationBuilder, current_generation
from tests.conftest import BRIEFBOT, REPO, child_env

EngineFor = Callable[..., Briefbot]
QUESTION = "What is the budget for gritting?"
ANSWER = "£1.2m"
CURE = "briefbot refresh --rebuild"
PARTS = (
    "CURRENT",
    "manifest",
    "passages",
    "paper",
    "keywords",
    "sqlite",
    "hnsw-header",
    "hnsw-data",
)
HOWS = ("delete", "truncate", "random")
CASES = [(part, how) for part in PARTS for how in HOWS] + [
    ("CURRENT", "missing-generation"),
    ("passages", "last-line"),  # still valid JSON lines, but one passage short of the manifest
]


def damaged_files(index: Path, part: str) -> list[Path]:
    """The files of the published generation that make up one part of the index."""
    generation = current_generation(index)
    assert generation is not None
    manifest = json.loads((generation / "manifest.json").read_text(encoding="utf-8"))
    paper_id = manifest["papers"]["highways-minutes.txt"]["paper_id"]  # the answer's paper
    files = {
        "CURRENT": [index / CURRENT],
        "manifest": [generation / "manifest.json"],
        "passages": [generation / "passages.jsonl"],
        "paper": [generation / "papers" / f"{paper_id}.json"],
        "keywords": sorted((generation / "keywords").iterdir()),
        "sqlite": [generation / "chroma" / "chroma.sqlite3"],
        "hnsw-header": sorted((generation / "chroma").glob("*/header.bin")),
        "hnsw-data": sorted((generation / "chroma").glob("*/data_level0.bin")),
    }[part]
    assert files and all(path.is_file() for path in files), part
    return files


def damage(index: Path, part: str, how: str) -> None:
    if how == "missing-generation":
        (index / CURRENT).write_text("gen-000099", encoding="utf-8")
        return
    rng = random.Random(f"{part}-{how}")
    for path in damaged_files(index, part):
        data = path.read_bytes()
        if how == "delete":
            path.unlink()
        elif how == "truncate":
            path.write_bytes(data[: len(data) // 2])
        elif how == "random":
            path.write_bytes(rng.randbytes(max(len(data), 64)))
        elif how == "last-line":
            path.write_bytes(b"".join(data.splitlines(keepends=True)[:-1]))


def assert_readable(message: str) -> None:
    """One line that names the index and tells how to repair it."""
    assert "\n" not in message.strip(), message
    assert "index" in message and CURE in message, message


def no_index(part: str, how: str) -> bool:
    return (part, how) == ("CURRENT", "delete")  # no CURRENT: no index yet, so one is built


def harmless(part: str, how: str) -> bool:
    return part == "hnsw-data" and how != "delete"  # a small index does not read it


def harmless_for_status(part: str, how: str) -> bool:
    return part == "paper" or no_index(part, how) or harmless(part, how)


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pristine") / "index"


@pytest.fixture
def index(small_corpus: Path, engine_for: EngineFor, pristine: Path) -> Path:
    """A sound index of small_corpus: built by the first test, a copy for each of the others."""
    if not pristine.exists():
        engine = engine_for(small_corpus, pristine)
        engine.refresh()
        assert ANSWER in engine.ask(QUESTION).answer
        engine.close()
    shutil.copytree(pristine, small_corpus.parent / "index", symlinks=True)
    return small_corpus.parent / "index"


@pytest.mark.parametrize(("part", "how"), CASES, ids=[f"{p}-{h}" for p, h in CASES])
def test_damage_in_process(
    part: str, how: str, small_corpus: Path, index: Path, engine_for: EngineFor
) -> None:
    damage(index, part, how)
    engine = engine_for(small_corpus, index)

    if no_index(part, how):
        with pytest.raises(IndexMissingError):
            engine.ask(QUESTION)
        assert not engine.status(check=True).exists
    elif harmless(part, how):
        assert ANSWER in engine.ask(QUESTION).answer
    else:
        with pytest.raises(IndexDamagedError) as caught:
            engine.ask(QUESTION)
        assert_readable(str(caught.value))
        with pytest.raises(IndexDamagedError):  # the same again, not a stale half-open index
            engine.ask(QUESTION)

    if harmless_for_status(part, how):
        engine.status(check=True)
    else:
        with pytest.raises(IndexDamagedError) as caught:
            engine.status(check=True)
        assert_readable(str(caught.value))

    # A plain refresh that has work to do either copes or says the index is damaged.
    paper = small_corpus / "library-news.txt"
    paper.write_text(paper.read_text(encoding="utf-8") + "\nIt will also open on bank holidays.\n")
    try:
        engine.refresh()
    except BriefbotError as error:
        assert_readable(str(error))

    report = engine.refresh(rebuild=True)
    assert report.documents == 2 and report.failed == []
    answer = engine.ask(QUESTION)
    assert ANSWER in answer.answer
    assert [c.path for c in answer.citations] == ["highways-minutes.txt"]
    generation = engine.generation()
    assert generation.chroma_count() == len(generation.passages) == report.passages


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*BRIEFBOT, *args],
        capture_output=True,
        text=True,
        env=child_env(),
        cwd=REPO,
        timeout=300,
    )


def assert_cli_error(done: subprocess.CompletedProcess[str]) -> None:
    assert done.returncode != 0, done.stdout
    assert "Traceback" not in done.stderr, done.stderr
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("Error: "), done.stderr
    assert_readable(lines[0])


# A damaged paper fails only once the model is loaded and the answer composed; its rebuild is
# the same as the others', so it is left out there (each command costs seconds).
CLI_CASES = [("CURRENT", "random", True), ("sqlite", "truncate", True), ("paper", "delete", False)]


@pytest.mark.parametrize(
    ("part", "how", "rebuild"), CLI_CASES, ids=[f"{p}-{h}" for p, h, _ in CLI_CASES]
)
def test_damage_on_the_command_line(
    part: str, how: str, rebuild: bool, small_corpus: Path, index: Path
) -> None:
    damage(index, part, how)
    place = ["--corpus", str(small_corpus), "--index", str(index)]

    assert_cli_error(run_cli("ask", QUESTION, *place))
    status = run_cli("status", *place)
    if harmless_for_status(part, how):
        assert status.returncode == 0, status.stderr
        assert "2 papers" in status.stdout
    else:
        assert_cli_error(status)
    if not rebuild:
        return

    rebuilt = run_cli("refresh", "--rebuild", "--json", *place)
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert json.loads(rebuilt.stdout)["documents"] == 2
    asked = run_cli("ask", QUESTION, "--json", *place)
    assert asked.returncode == 0, asked.stderr
    answer = json.loads(asked.stdout)
    assert ANSWER in answer["answer"] and not answer["refused"]
    assert [c["path"] for c in answer["citations"]] == ["highways-minutes.txt"]


def test_missing_current_on_the_command_line_builds_a_new_index(
    small_corpus: Path, index: Path
) -> None:
    damage(index, "CURRENT", "delete")
    place = ["--corpus", str(small_corpus), "--index", str(index)]
    status = run_cli("status", *place)
    assert status.returncode == 0 and "No index" in status.stdout, status.stderr
    asked = run_cli("ask", QUESTION, "--json", *place)
    assert asked.returncode == 0, asked.stderr
    assert ANSWER in json.loads(asked.stdout)["answer"]


# Chroma keeps a small collection's vectors in SQLite, but past its sync threshold (1000) they
# live in HNSW segment files, whose reader crashes the whole process on a damaged file.
LARGE = 1100
PROBE = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    import numpy as np
    from briefbot.errors import BriefbotError
    from briefbot.store.generations import Generation
    try:
        generation = Generation(Path(sys.argv[1]))
        print(generation.dense(np.ones(384, dtype=np.float32) / 384**0.5, 3))
    except BriefbotError as error:
        print(error)
        sys.exit(3)
    """
)


def large_generation(index: Path) -> Path:
    """A published generation of LARGE synthetic passages with random vectors (no model)."""
    manifest = Manifest(model="synthetic", dimension=384)
    builder = GenerationBuilder(index, None, manifest)
    passages = [
        Passage(
            id=f"{n:016x}:00000",
            paper_id=f"{n:016x}",
            path=f"p{n}.txt",
            title=f"Paper {n}",
            text=f"Paper {n} on bridge {n}.",
            start=0,
            end=20,
        )
        for n in range(LARGE)
    ]
    vectors = np.random.default_rng(0).normal(size=(LARGE, 384)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    builder.add(passages, vectors)
    for p in passages:
        manifest.papers[p.path] = ManifestEntry(
            paper_id=p.paper_id, sha256="0", passages=1, title=p.title
        )
    return builder.publish()


def probe(folder: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", PROBE, str(folder)],
        capture_output=True,
        text=True,
        env=child_env(),
        cwd=REPO,
        timeout=300,
    )


@pytest.mark.parametrize(
    ("name", "how"), [("data_level0.bin", "random"), ("header.bin", "truncate")]
)
def test_damaged_vector_file_of_a_large_index_is_refused_not_a_crash(
    name: str, how: str, tmp_path: Path
) -> None:
    folder = large_generation(tmp_path / "index")
    files = sorted((folder / "chroma").glob(f"*/{name}"))
    header = next((folder / "chroma").glob("*/header.bin")).read_bytes()
    assert files and struct.unpack_from("<Q", header, 20)[0] > 0  # vectors stored in HNSW
    sound = probe(folder)
    assert sound.returncode == 0, sound.stderr
    data = files[0].read_bytes()
    damaged = data[: len(data) // 2] if how == "truncate" else random.Random(1).randbytes(len(data))
    files[0].write_bytes(damaged)
    done = probe(folder)
    assert done.returncode == 3, (done.returncode, done.stderr[-2000:])  # -11 is a segfault
    assert_readable(done.stdout)
    with pytest.raises(IndexDamagedError):
        Generation(folder)
