"""A model loading on its own thread is waited for when the process exits: a native library torn
down mid-load aborts the process ("terminate called without an active exception"), a second
line under the one-line error a person is shown."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def test_the_process_waits_for_a_load_under_way_before_it_exits(tmp_path: Path) -> None:
    done_file = tmp_path / "loaded"
    code = (
        "import sys, time\n"
        "from pathlib import Path\n"
        "from briefbot.store.embedder import load_beside\n"
        "def load():\n"
        "    time.sleep(1.0)\n"
        f"    Path({str(done_file)!r}).write_text('loaded')\n"
        "load_beside(load)\n"
        "sys.exit('Error: the token file can be read by others')\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert run.returncode == 1
    assert run.stderr.strip() == "Error: the token file can be read by others"
    assert done_file.read_text() == "loaded"  # the exit waited for the load
