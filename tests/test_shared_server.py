"""The council's shared deployment, for real: a Chroma server behind nginx with TLS and bearer
tokens (the shipped deploy/nginx/briefbot.conf), a reader's token and the refresher's.

Who may do what, each failure a reader can meet as one line, a token that never shows, and
twenty askers at once while the index is refreshed and the server restarted."""

from __future__ import annotations

import json
import os
import shutil
import socket
import statistics
import subprocess
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
from pydantic import SecretStr

from briefbot.config import Settings
from briefbot.engine import Briefbot
from briefbot.errors import BriefbotError
from briefbot.store.embedder import Embedder
from briefbot.store.generations import current_generation, read_manifest
from briefbot.store.server import GenerationGoneError, ServerError
from tests.conftest import BRIEFBOT, CORPUS, LIBRARY, MEETING, REPO, child_env
from tests.servers import CHROMA, NGINX, ChromaServer, Proxy

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMA.exists(), reason="the chroma command is not installed"),
    pytest.mark.skipif(
        not Path(NGINX).exists(), reason="nginx is not installed (.ci/run installs it)"
    ),
]

QUESTION = "How much was drawn from the Financial Resilience Reserve?"


@dataclass
class Deployment:
    chroma: ChromaServer
    proxy: Proxy
    outputs: list[str] = field(default_factory=list)  # everything briefbot printed, for leaks

    @property
    def url(self) -> str:
        return self.proxy.url

    def env(self, token: str | None, **extra: str) -> dict[str, str]:
        names = {"BRIEFBOT_CHROMA_CA": str(self.proxy.ca), **extra}
        if token is not None:
            names["BRIEFBOT_CHROMA_TOKEN"] = token
        return child_env(**names)

    def cli(
        self, *args: str, token: str | None, ok: bool = True, **extra: str
    ) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(
            [*BRIEFBOT, *args],
            env=self.env(token, **extra),
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=600,
        )
        self.outputs += [done.stdout, done.stderr]
        assert "Traceback" not in done.stderr, done.stderr
        assert (done.returncode == 0) == ok, done.stderr
        return done

    def settings(self, corpus: Path, index: Path, token: str | None, **extra: object) -> Settings:
        return Settings(
            corpus=corpus,
            index=index,
            chroma_token=SecretStr(token) if token else None,
            chroma_ca=self.proxy.ca,
            **extra,
        )


def one_line(done: subprocess.CompletedProcess[str]) -> str:
    """The error a person sees: exactly one line on stderr."""
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, done.stderr
    return lines[0]


@pytest.fixture(scope="module")
def deployment(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Deployment]:
    root = tmp_path_factory.mktemp("deployment")
    chroma = ChromaServer(root / "chroma").start()
    proxy = Proxy(root / "proxy", chroma.port).start()
    try:
        yield Deployment(chroma, proxy)
    finally:
        proxy.stop()
        chroma.stop()


@pytest.fixture(scope="module")
def shared(deployment: Deployment, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """The five papers refreshed into the server with the refresher's token, as staff would."""
    root = tmp_path_factory.mktemp("shared")
    shutil.copytree(CORPUS, root / "corpus")
    place = ["--corpus", str(root / "corpus"), "--index", str(root / "index")]
    done = deployment.cli(
        "refresh",
        "--json",
        "--chroma-url",
        deployment.url,
        *place,
        token=deployment.proxy.refresher,
    )
    assert json.loads(done.stdout)["documents"] == 5
    return Settings(corpus=root / "corpus", index=root / "index")


def files_of(folder: Path) -> dict[str, tuple[int, int]]:
    """Every file under a folder with its size and modification time."""
    return {
        str(path): (path.stat().st_size, path.stat().st_mtime_ns)
        for path in folder.rglob("*")
        if path.is_file()
    }


def place_of(settings: Settings) -> list[str]:
    return ["--corpus", str(settings.corpus), "--index", str(settings.index)]


def test_tokens_decide_who_may_read_and_write(
    deployment: Deployment, shared: Settings, seed_index: Settings, embedder: Embedder
) -> None:
    place, proxy = place_of(shared), deployment.proxy
    for token in (None, "0" * 64):  # no token, and one the proxy does not know
        refused = one_line(deployment.cli("ask", QUESTION, *place, token=token, ok=False))
        assert "refused the request: no token, or a token it does not know" in refused

    # A reader asks and gets the embedded store's answer, writing nothing; it cannot refresh.
    untouched = files_of(shared.index)
    asked = json.loads(deployment.cli("ask", "--json", QUESTION, *place, token=proxy.reader).stdout)
    deployment.cli("status", *place, token=proxy.reader)
    assert files_of(shared.index) == untouched  # a read-only share of the folder is enough
    alone = Briefbot(seed_index, embedder=embedder).ask(QUESTION)
    assert asked["answer"] == alone.answer and "£11.49m" in asked["answer"]
    before = (shared.index / "CURRENT").read_text()
    (shared.corpus / "library-news.txt").write_text(LIBRARY, encoding="utf-8")
    try:
        line = one_line(deployment.cli("refresh", *place, token=proxy.reader, ok=False))
    finally:
        (shared.corpus / "library-news.txt").unlink()
    assert "does not let this token change the index (403)" in line
    assert (shared.index / "CURRENT").read_text() == before
    assert not list(shared.index.glob("gen-*.tmp"))

    # The proxy itself refuses a reader's writes, whatever client sends them.
    api = f"{deployment.url}/api/v2/tenants/default_tenant/databases/default_database/collections"
    folder = current_generation(shared.index)
    assert folder is not None
    name = f"briefbot-{read_manifest(folder).store_key}-{folder.name}"
    with httpx.Client(verify=str(proxy.ca)) as http:
        reader = {"Authorization": f"Bearer {proxy.reader}"}
        found = http.get(f"{api}/{name}", headers=reader)
        assert found.status_code == 200
        collection = found.json()["id"]
        assert http.post(f"{api}/{collection}/count", headers=reader).status_code in (200, 405)
        assert http.post(f"{api}/{collection}/get", headers=reader, json={}).status_code == 200
        for method, path, body in (
            ("POST", f"{api}/{collection}/delete", {"ids": []}),
            ("POST", f"{api}/{collection}/add", {"ids": ["x"], "embeddings": [[0.0] * 384]}),
            ("POST", f"{api}/{collection}/upsert", {"ids": ["x"], "embeddings": [[0.0] * 384]}),
            ("PUT", f"{api}/{collection}", {"new_name": "taken"}),
            ("DELETE", f"{api}/{name}", None),
            ("POST", api, {"name": "briefbot-intruder", "get_or_create": True}),
            ("POST", f"{api}/{collection}/query/../add", {"ids": ["x"]}),
        ):
            refused = http.request(method, path, headers=reader, json=body)
            assert refused.status_code in (400, 403), (method, path, refused.status_code)
        nobody = http.post(f"{api}/{collection}/get", json={})
        assert nobody.status_code == 401
        assert http.get(f"{deployment.url}/api/v2/heartbeat").status_code == 200  # for monitoring
    assert read_manifest(folder).passage_count == asked_count(deployment, shared)


def asked_count(deployment: Deployment, settings: Settings) -> int:
    """The passages `briefbot status --json` reports, read through the reader's token."""
    done = deployment.cli("status", "--json", *place_of(settings), token=deployment.proxy.reader)
    status = json.loads(done.stdout)
    assert status["server"]["url"] == deployment.url
    assert status["server"]["token"] == "accepted" and status["server"]["version"]
    assert status["generation"] == current_generation(settings.index).name  # type: ignore[union-attr]
    return int(status["passages"])


def test_status_names_the_server_and_a_refused_token(
    deployment: Deployment, shared: Settings
) -> None:
    asked_count(deployment, shared)
    done = deployment.cli("status", "--json", *place_of(shared), token="f" * 64, ok=False)
    assert json.loads(done.stdout)["server"]["token"] == "refused"
    assert "refused the request" in one_line(done)
    words = deployment.cli("status", *place_of(shared), token=deployment.proxy.reader).stdout
    assert f"Server {deployment.url}" in words and "token accepted" in words


def test_a_token_file_must_be_private(
    deployment: Deployment, shared: Settings, tmp_path: Path
) -> None:
    token_file = tmp_path / "reader.token"
    token_file.write_text(deployment.proxy.reader + "\n", encoding="utf-8")
    token_file.chmod(0o644)
    extra = {"BRIEFBOT_CHROMA_TOKEN_FILE": str(token_file)}
    line = one_line(
        deployment.cli("ask", QUESTION, *place_of(shared), token=None, ok=False, **extra)
    )
    assert line.endswith(f"can be read by others; run `chmod 600 {token_file}`")
    token_file.chmod(0o600)
    done = deployment.cli("ask", QUESTION, *place_of(shared), token=None, **extra)
    assert "£11.49m" in done.stdout


def test_each_failure_a_reader_meets_is_one_line(
    deployment: Deployment, shared: Settings, tmp_path: Path
) -> None:
    place, reader = place_of(shared), deployment.proxy.reader
    # The proxy is up but the Chroma server behind it is down; then back.
    deployment.chroma.stop()
    try:
        line = one_line(deployment.cli("ask", QUESTION, *place, token=reader, ok=False))
        assert line.endswith("is not answering (502); it may be restarting: try again in a moment")
        status = deployment.cli("status", *place, token=reader, ok=False)
        assert "is not answering (502)" in one_line(status)
    finally:
        deployment.chroma.start()
    assert "£11.49m" in deployment.cli("ask", QUESTION, *place, token=reader).stdout

    # Nothing listens at the address: the proxy itself is down.
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        gone = f"https://127.0.0.1:{closed.getsockname()[1]}"
    line = one_line(
        deployment.cli("ask", QUESTION, *place, "--chroma-url", gone, token=reader, ok=False)
    )
    assert line.startswith(f"Error: cannot reach the Chroma server at {gone} (ConnectError)")

    # Something listens but never answers: the stated timeout, not a hang.
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        mute = f"http://127.0.0.1:{silent.getsockname()[1]}"
        line = one_line(
            deployment.cli(
                "ask",
                QUESTION,
                *place,
                "--chroma-url",
                mute,
                token=reader,
                ok=False,
                BRIEFBOT_CHROMA_TIMEOUT="2",
            )
        )
    assert line == f"Error: the Chroma server at {mute} did not answer within 2 s"

    # The server's certificate is not one the reader trusts; a CA file that is not there.
    untrusted = subprocess.run(
        [*BRIEFBOT, "ask", QUESTION, *place],
        env=child_env(BRIEFBOT_CHROMA_TOKEN=reader),
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert untrusted.returncode == 1 and "Traceback" not in untrusted.stderr
    line = one_line(untrusted)
    assert line.endswith("set BRIEFBOT_CHROMA_CA to the council's CA file")
    missing = tmp_path / "no-such-ca.pem"
    done = deployment.cli(
        "ask", QUESTION, *place, token=reader, ok=False, BRIEFBOT_CHROMA_CA=str(missing)
    )
    assert one_line(done) == f"Error: the CA certificate file {missing} does not exist"


def test_a_pruned_generation_and_another_models_vectors(
    deployment: Deployment, small_corpus: Path, tmp_path: Path, embedder: Embedder
) -> None:
    proxy = deployment.proxy
    writer_settings = deployment.settings(
        small_corpus, tmp_path / "index", proxy.refresher, chroma_url=deployment.url
    )
    writer = Briefbot(writer_settings, embedder=embedder)
    writer.refresh()
    reader = Briefbot(deployment.settings(small_corpus, tmp_path / "index", proxy.reader), embedder)
    first = reader.ask("When will Wyeford library open on Sundays?")
    held = reader.generation()
    assert first.generation == held.folder.name and not first.refused

    # Two refreshes prune the generation the reader holds: its collection is gone from the server.
    for n in (1, 2):
        (small_corpus / "highways-minutes.txt").write_text(MEETING + f"\nNote {n}.\n", "utf-8")
        writer.refresh()
    with pytest.raises(GenerationGoneError) as gone:
        held.dense(embedder.encode(["library"])[0], 3)
    assert "no longer holds this generation" in str(gone.value) and "\n" not in str(gone.value)
    again = reader.ask("When will Wyeford library open on Sundays?")
    assert again.answer == first.answer and again.generation != first.generation

    # The server's collection holds another embedder's vectors for this index.
    current = writer.generation()
    current._collection.modify(metadata={"briefbot_model": "another-model+torch"})
    writer.close()
    reader.close()
    fresh = Briefbot(deployment.settings(small_corpus, tmp_path / "index", proxy.reader), embedder)
    with pytest.raises(ServerError, match="holds vectors of another-model\\+torch for this index"):
        fresh.ask("When will Wyeford library open on Sundays?")
    fresh.close()


# The load: twenty askers while the index is refreshed twice and the server restarted once.

ASKERS = 20
LOAD_QUESTIONS = [
    "When will Wyeford library open on Sundays?",
    "How much does Sunday opening cost?",
    "What is the gritting budget for 2023/24?",
    "When does Eastbrook swimming pool reopen?",
    QUESTION,
    "Who was appointed as the commissioner?",
]
SWIMMING = """Eastbrook swimming pool

The council confirmed on 2 June 2023 that Eastbrook swimming pool will reopen on 1 September 2023
after its roof repairs, which cost £310,000.
"""


def corpus_states(corpus: Path) -> Iterator[str]:
    """The corpus as staff change it: first the seeds and two papers, then a change and an
    addition, then a removal. Yields a name once each state is on disk."""
    shutil.copytree(CORPUS, corpus, dirs_exist_ok=True)
    (corpus / "library-news.txt").write_text(LIBRARY, encoding="utf-8")
    (corpus / "highways-minutes.txt").write_text(MEETING, encoding="utf-8")
    yield "first"
    (corpus / "library-news.txt").write_text(
        LIBRARY.replace("open on Sundays", "open on Sundays from 4 June 2023"), encoding="utf-8"
    )
    (corpus / "swimming.txt").write_text(SWIMMING, encoding="utf-8")
    yield "changed"
    (corpus / "highways-minutes.txt").unlink()
    yield "removed"


def reference_answers(root: Path, embedder: Embedder) -> dict[str, dict[str, tuple[str, bool]]]:
    """Each state's answers from the embedded store, built from the same papers."""
    corpus = root / "corpus"
    engine = Briefbot(Settings(corpus=corpus, index=root / "index"), embedder=embedder)
    answers: dict[str, dict[str, tuple[str, bool]]] = {}
    for state in corpus_states(corpus):
        engine.refresh()
        answers[state] = {}
        for question in LOAD_QUESTIONS:
            answer = engine.ask(question)
            answers[state][question] = (answer.answer, answer.refused)
    engine.close()
    return answers


@dataclass
class Asked:
    when: float
    question: str
    took: float = 0.0
    generation: str = ""
    answer: tuple[str, bool] | None = None
    error: str | None = None


def asker(
    n: int, settings: Settings, embedder: Embedder, stop: threading.Event, log: list[Asked]
) -> None:
    engine = Briefbot(settings, embedder=embedder)
    turn = n
    while not stop.is_set():
        question = LOAD_QUESTIONS[turn % len(LOAD_QUESTIONS)]
        turn += 1
        record = Asked(time.monotonic(), question)
        try:
            answer = engine.ask(question)
            record.answer, record.generation = (answer.answer, answer.refused), answer.generation
        except BriefbotError as error:
            record.error = str(error)
            time.sleep(0.5)  # as a person would: read the line, then ask again
        record.took = time.monotonic() - record.when
        log.append(record)
    engine.close()


def test_twenty_askers_through_a_refresh_and_a_server_restart(
    deployment: Deployment, embedder: Embedder, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    expected = reference_answers(tmp_path / "embedded", embedder)
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    proxy = deployment.proxy
    states = corpus_states(corpus)
    state_of: dict[str, str] = {}

    def refresh(state: str) -> None:
        place = ["--corpus", str(corpus), "--index", str(index), "--chroma-url", deployment.url]
        deployment.cli("refresh", *place, token=proxy.refresher)
        state_of[(index / "CURRENT").read_text().strip()] = state

    refresh(next(states))
    logs: list[list[Asked]] = [[] for _ in range(ASKERS)]
    stop = threading.Event()
    reader = deployment.settings(corpus, index, proxy.reader)
    threads = [
        threading.Thread(target=asker, args=(n, reader, embedder, stop, logs[n]), daemon=True)
        for n in range(ASKERS)
    ]

    def answered_since(moment: float, within: float = 180) -> None:
        deadline = time.monotonic() + within
        while not all(any(r.answer and r.when > moment for r in log) for log in logs):
            assert time.monotonic() < deadline, "an asker has not answered"
            time.sleep(0.2)

    started = time.monotonic()
    for thread in threads:
        thread.start()
    try:
        answered_since(started)
        refresh(next(states))  # a change and an addition, while twenty ask
        down = time.monotonic()
        deployment.chroma.stop()
        time.sleep(1.0)
        deployment.chroma.start()
        up = time.monotonic()
        answered_since(up)
        refresh(next(states))  # a removal
        answered_since(time.monotonic())
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)

    records = [record for log in logs for record in log]
    answers = [r for r in records if r.answer is not None]
    errors = [r for r in records if r.error is not None]
    for record in answers:
        state = state_of[record.generation]
        assert record.answer == expected[state][record.question], (state, record.question)
    assert set(state_of[r.generation] for r in answers) == {"first", "changed", "removed"}
    for record in errors:  # only while the server was away, each one line that says so
        assert down - 2 <= record.when <= up + 5, record.error
        assert "\n" not in (record.error or "") and "Chroma server" in (record.error or "")
    secrets = (proxy.reader, proxy.refresher)
    assert not any(secret in (r.error or "") for r in errors for secret in secrets)
    took = sorted(r.took for r in answers)
    with capsys.disabled():
        print(
            f"\n20 askers via nginx+TLS: {len(answers)} answers, {len(errors)} one-line errors "
            f"during the restart; p50 {1000 * statistics.median(took):.0f} ms, "
            f"p95 {1000 * took[int(0.95 * (len(took) - 1))]:.0f} ms"
        )


def test_no_token_is_ever_written_or_printed(deployment: Deployment, shared: Settings) -> None:
    """Runs last in this file: everything the others printed, and every file they left."""
    secrets = (deployment.proxy.reader, deployment.proxy.refresher)
    assert deployment.outputs, "the other tests ran no command"
    for text in deployment.outputs:
        assert not any(secret in text for secret in secrets)
    places = [
        shared.index,
        deployment.chroma.data,
        Path(os.environ.get("HOME", "/")) / ".cache/briefbot",
    ]
    for place in places:
        for path in place.rglob("*") if place.exists() else []:
            if path.is_file() and path.stat().st_size < 50_000_000:
                data = path.read_bytes()
                assert not any(secret.encode() in data for secret in secrets), path
    access_log = (deployment.proxy.folder / "access.log").read_text(encoding="utf-8")
    assert access_log and not any(secret in access_log for secret in secrets)
