"""End to end: the real `briefbot` command in a real terminal (tmux), typed at and read back."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from briefbot.engine import Briefbot

BRIEFBOT = Path(__file__).resolve().parent.parent / ".venv" / "bin" / "briefbot"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
    pytest.mark.skipif(not BRIEFBOT.exists(), reason="the briefbot command is not installed"),
]


class Terminal:
    """A detached tmux session on its own server socket, 100×30."""

    def __init__(self, socket: str, env: dict[str, str]) -> None:
        self.socket = socket
        self.env = env

    def tmux(self, *args: str) -> str:
        result = subprocess.run(
            ["tmux", "-L", self.socket, *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=30,
        )
        return result.stdout

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", "chat")

    def wait_for(self, *texts: str, timeout: float = 180) -> str:
        deadline = time.monotonic() + timeout
        while True:
            screen = self.screen()
            if all(text in screen for text in texts):
                return screen
            if time.monotonic() > deadline:
                raise AssertionError(f"never saw {texts!r}; the screen was:\n{screen}")
            time.sleep(0.25)


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[Terminal]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BRIEFBOT_", "TMUX"))}
    env.update(HF_HUB_OFFLINE="1", TERM="xterm-256color", LANG="C.UTF-8", LC_ALL="C.UTF-8")
    env.pop("NO_COLOR", None)
    term = Terminal(f"briefbot-test-{os.getpid()}", env)
    yield term
    term.tmux("kill-server")


def test_briefbot_answers_a_typed_question_in_a_real_terminal(
    terminal: Terminal, engine_for: Callable[..., Briefbot], small_corpus: Path, tmp_path: Path
) -> None:
    engine = engine_for(corpus=small_corpus)
    engine.refresh()
    index = engine.settings.index
    command = f"{BRIEFBOT} --corpus {small_corpus} --index {index}"
    terminal.tmux(
        "new-session", "-d", "-s", "chat", "-x", "100", "-y", "30", "-c", str(tmp_path), command
    )
    terminal.wait_for("Ready — 2 papers")
    terminal.tmux("send-keys", "-t", "chat", "-l", "How much is the gritting budget?")
    terminal.tmux("send-keys", "-t", "chat", "Enter")
    screen = terminal.wait_for("£1.2m", "[1]", "Highways Committee minutes")
    assert "Traceback" not in screen
    # a notice never covers the question box: it appears at the top right
    terminal.tmux("send-keys", "-t", "chat", "C-r")
    lines = terminal.wait_for("Index refreshed").splitlines()
    notice = next(i for i, line in enumerate(lines) if "Index refreshed" in line)
    box = next(i for i, line in enumerate(lines) if "Ask about the papers" in line)
    assert notice < len(lines) // 2 < box and "▌" not in lines[box]
    terminal.tmux("send-keys", "-t", "chat", "C-q")
    deadline = time.monotonic() + 30
    while "chat" in terminal.tmux("list-sessions") and time.monotonic() < deadline:
        time.sleep(0.2)  # the session ends when briefbot exits
    assert "chat" not in terminal.tmux("list-sessions")


def test_closing_the_terminal_ends_briefbot(
    terminal: Terminal, engine_for: Callable[..., Briefbot], small_corpus: Path, tmp_path: Path
) -> None:
    """A hung-up terminal must not leave briefbot running (spinning) on a dead tty."""
    engine = engine_for(corpus=small_corpus)
    engine.refresh()
    command = f"{BRIEFBOT} --corpus {small_corpus} --index {engine.settings.index}"
    terminal.tmux(
        "new-session", "-d", "-s", "chat", "-x", "100", "-y", "30", "-c", str(tmp_path), command
    )
    terminal.wait_for("Ready — 2 papers")
    found = subprocess.run(
        ["pgrep", "-f", "--", f"--index {engine.settings.index}"], capture_output=True, text=True
    ).stdout.split()
    assert found
    terminal.tmux("kill-session", "-t", "chat")
    deadline = time.monotonic() + 15
    while any(Path(f"/proc/{pid}").exists() for pid in found) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not any(Path(f"/proc/{pid}").exists() for pid in found)
