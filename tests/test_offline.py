"""Offline: refreshing and asking never touch the network (no telemetry, no model download, no
hub lookup), whatever the environment says about being offline.

The child processes get child_env() minus every offline switch (HF_HUB_OFFLINE and friends), so
what keeps them offline is briefbot itself (briefbot/embed.py), not the test.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from briefbot.engine import Briefbot
from tests.conftest import BRIEFBOT, LIBRARY, MEETING, REPO, child_env

EngineFor = Callable[..., Briefbot]

QUESTION = "What is the budget for gritting?"
ANSWER = "£1.2m"

GUARD = textwrap.dedent(
    """
    # Installed by tests/test_offline.py: every attempt to reach the network is written down
    # and refused. Local (AF_UNIX) sockets are left alone: they are not the network.
    import os
    import socket
    import traceback

    _LOG = os.environ["BRIEFBOT_TEST_NET_LOG"]


    def _refuse(what, target):
        with open(_LOG, "a", encoding="utf-8") as log:
            log.write(f"{what} {target!r}\\n{''.join(traceback.format_stack(limit=15))}\\n")
        raise OSError(f"network blocked by the test guard: {what} {target!r}")


    _connect, _connect_ex = socket.socket.connect, socket.socket.connect_ex


    def connect(self, address):
        if self.family == socket.AF_UNIX:
            return _connect(self, address)
        _refuse("connect", address)


    def connect_ex(self, address):
        if self.family == socket.AF_UNIX:
            return _connect_ex(self, address)
        _refuse("connect_ex", address)


    def create_connection(address, *args, **kwargs):
        _refuse("create_connection", address)


    def getaddrinfo(host, *args, **kwargs):
        _refuse("getaddrinfo", host)


    socket.socket.connect = connect
    socket.socket.connect_ex = connect_ex
    socket.create_connection = create_connection
    socket.getaddrinfo = getaddrinfo
    """
)


OFFLINE_SWITCHES = (
    "HF_HUB_OFFLINE",
    "TRANSFORMERS_OFFLINE",
    "HF_DATASETS_OFFLINE",
    "HF_HUB_DISABLE_TELEMETRY",
    "ANONYMIZED_TELEMETRY",
)
PROBE_NETWORK = textwrap.dedent(
    """
    import socket
    try:
        socket.create_connection(("1.1.1.1", 53), timeout=3)
    except OSError:
        print("unreachable")
    """
)


def offline_free_env(**extra: str) -> dict[str, str]:
    """child_env() without the switches that would make the libraries offline on their own."""
    env = child_env(**extra)
    for name in OFFLINE_SWITCHES:
        env.pop(name, None)
    return env


def write_corpus(corpus: Path) -> None:
    corpus.mkdir()
    (corpus / "highways-minutes.txt").write_text(MEETING, encoding="utf-8")
    (corpus / "library-news.txt").write_text(LIBRARY, encoding="utf-8")


def run(
    prefix: list[str], args: list[str], env: dict[str, str]
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*prefix, *BRIEFBOT, *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=300,
    )


def refresh_and_ask(tmp_path: Path, prefix: list[str], env: dict[str, str]) -> None:
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    write_corpus(corpus)
    place = ["--corpus", str(corpus), "--index", str(index)]
    refreshed = run(prefix, ["refresh", "--json", *place], env)
    assert refreshed.returncode == 0, refreshed.stderr
    assert json.loads(refreshed.stdout)["documents"] == 2
    asked = run(prefix, ["ask", QUESTION, "--json", *place], env)
    assert asked.returncode == 0, asked.stderr
    answer = json.loads(asked.stdout)
    assert ANSWER in answer["answer"] and not answer["refused"]
    for done in (refreshed, asked):
        assert "Traceback" not in done.stderr, done.stderr


def test_refresh_and_ask_make_no_network_attempt(tmp_path: Path) -> None:
    guard, log = tmp_path / "guard", tmp_path / "network.log"
    guard.mkdir()
    (guard / "sitecustomize.py").write_text(GUARD, encoding="utf-8")
    env = offline_free_env(
        PYTHONPATH=os.pathsep.join([str(guard), str(REPO)]), BRIEFBOT_TEST_NET_LOG=str(log)
    )
    assert not any(name in env for name in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE"))

    # The guard itself works: a lookup in a child with it installed is refused and written down.
    probe = subprocess.run(
        [sys.executable, "-c", "import socket; socket.getaddrinfo('huggingface.co', 443)"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert probe.returncode != 0 and "blocked by the test guard" in probe.stderr
    assert "huggingface.co" in log.read_text(encoding="utf-8")
    log.unlink()

    refresh_and_ask(tmp_path, [], env)
    attempts = log.read_text(encoding="utf-8") if log.exists() else ""
    assert attempts == "", f"briefbot tried to reach the network:\n{attempts}"


def network_namespace() -> list[str] | None:
    """A command prefix that runs a child with no network at all, or None if not allowed here."""
    for prefix in (["unshare", "-rn"], ["unshare", "--net", "--map-root-user"]):
        try:
            probe = subprocess.run(
                [*prefix, sys.executable, "-c", PROBE_NETWORK],
                capture_output=True,
                text=True,
                timeout=30,
            )
        except (OSError, subprocess.TimeoutExpired):
            continue
        if probe.returncode == 0 and probe.stdout.strip() == "unreachable":
            return prefix  # the namespace came up, and nothing could be reached from it
    return None


def test_refresh_and_ask_in_a_namespace_without_network(tmp_path: Path) -> None:
    prefix = network_namespace()
    if prefix is None:
        pytest.skip(
            "cannot create a network namespace here (unshare -rn needs unprivileged user "
            "namespaces); the socket guard test covers Python-level network use"
        )
    refresh_and_ask(tmp_path, prefix, offline_free_env())


def test_chroma_telemetry_is_off(
    small_corpus: Path, engine_for: EngineFor, monkeypatch: pytest.MonkeyPatch
) -> None:
    import chromadb

    monkeypatch.setenv("ANONYMIZED_TELEMETRY", "True")  # the setting briefbot passes wins
    seen: list[Any] = []
    real = chromadb.PersistentClient

    def recording(*args: Any, **kwargs: Any) -> Any:
        seen.append(kwargs.get("settings"))
        return real(*args, **kwargs)

    monkeypatch.setattr(chromadb, "PersistentClient", recording)
    engine = engine_for(small_corpus)
    engine.refresh()  # the builder's client
    assert engine.search("gritting routes", mode="keyword")  # the reader's client
    assert len(seen) >= 2
    assert all(s is not None and s.anonymized_telemetry is False for s in seen), seen
    assert engine.generation()._client.get_settings().anonymized_telemetry is False
