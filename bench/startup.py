"""Startup benchmark (not a test): launch to first screen, briefbot vs a minimal Textual app.

Each command runs in a fresh pseudo-terminal (100×30); the clock stops when the first frame's
marker text arrives on the terminal (briefbot's "Loading the model" status line, the minimal
app's label). Runs alternate between the two so machine load affects both alike.

    .venv/bin/python bench/startup.py [--runs 7] [--corpus corpus] [--index index]

Target: briefbot's median within 1.5× the minimal app's.
"""

from __future__ import annotations

import argparse
import fcntl
import os
import pty
import select
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
MINIMAL_APP = """
from textual.app import App
from textual.widgets import Footer, Static


class Minimal(App):
    def compose(self):
        yield Static("minimal app painted")
        yield Footer()


Minimal().run()
"""


def time_to_first_screen(command: list[str], marker: bytes, timeout: float = 60.0) -> float:
    """Seconds from spawning `command` on a new pty until `marker` appears in its output."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("BRIEFBOT_")}
    env.update(HF_HUB_OFFLINE="1")
    started = time.perf_counter()
    child, master = spawn_on_pty(command, env)
    seen = b""
    try:
        while marker not in seen:
            if time.perf_counter() - started > timeout:
                raise TimeoutError(f"{command[0]}: no first screen after {timeout:.0f}s")
            ready, _, _ = select.select([master], [], [], 0.05)
            if ready:
                try:
                    seen += os.read(master, 65536)
                except OSError:  # the child closed the terminal
                    raise RuntimeError(f"{command[0]} exited before painting") from None
        return time.perf_counter() - started
    finally:
        stop(child, master)


def spawn_on_pty(
    command: list[str], env: dict[str, str], rows: int = 30, columns: int = 100
) -> tuple[subprocess.Popen[bytes], int]:
    """`command` on a new pseudo-terminal of the given size, in its own process group; the
    child and the terminal's master end."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    env = {**env, "TERM": "xterm-256color", "COLUMNS": str(columns), "LINES": str(rows)}
    child = subprocess.Popen(
        command,
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        cwd=ROOT,
        start_new_session=True,
        close_fds=True,
    )
    os.close(slave)
    return child, master


def stop(child: subprocess.Popen[bytes], master: int) -> None:
    """Ask politely (Ctrl+Q), then end the child we started, by its own process group."""
    try:
        os.write(master, b"\x11")
        deadline = time.monotonic() + 5
        while child.poll() is None and time.monotonic() < deadline:
            if select.select([master], [], [], 0.05)[0]:
                try:
                    os.read(master, 65536)
                except OSError:
                    break
        if child.poll() is None:
            os.killpg(child.pid, signal.SIGKILL)
        child.wait(timeout=10)
    finally:
        os.close(master)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--corpus", type=Path, default=ROOT / "corpus")
    parser.add_argument("--index", type=Path, default=ROOT / "index")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        minimal = Path(folder) / "minimal_app.py"
        minimal.write_text(MINIMAL_APP, encoding="utf-8")
        commands = {
            "briefbot": (
                [str(BIN / "briefbot"), "--corpus", str(args.corpus), "--index", str(args.index)],
                b"Loading the model",
            ),
            "minimal textual app": ([sys.executable, str(minimal)], b"minimal app painted"),
        }
        times: dict[str, list[float]] = {name: [] for name in commands}
        for run in range(args.runs + 1):  # the first round warms the disk cache, uncounted
            for name, (command, marker) in commands.items():
                seconds = time_to_first_screen(command, marker)
                if run:
                    times[name].append(seconds)
    for name, runs in times.items():
        print(
            f"{name:>20}: median {statistics.median(runs):.3f} s  "
            f"(min {min(runs):.3f}, max {max(runs):.3f}, {len(runs)} runs)"
        )
    ratio = statistics.median(times["briefbot"]) / statistics.median(times["minimal textual app"])
    print(f"{'ratio':>20}: {ratio:.2f}  (target ≤ 1.5)")


if __name__ == "__main__":
    main()
