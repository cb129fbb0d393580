"""Warm ask latency: this answerer against the one before it, on the same index, in one run.

The answerer before the fitted scorer (git commit BEFORE) is checked out into a temporary git
worktree; each answerer runs in its own process on the evaluation corpus's index (corpus,
haystack and generated papers), answers one question to warm up, then times every question of
eval/dev.jsonl and eval/heldout.jsonl. The two alternate, twice each, so that the machine's noise
falls on both. Prints p50 and p95 of each and their ratio (target: no worse than before).

    .venv/bin/python bench/answer_latency.py
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BEFORE = "e4dee7c"  # the last commit answering by hand-written rules
FILES = [ROOT / "eval" / "dev.jsonl", ROOT / "eval" / "heldout.jsonl"]

CHILD = """
import json, sys, time
sys.path.insert(0, sys.argv[1])
from pathlib import Path
from briefbot.config import Settings
from briefbot.engine import Briefbot
settings = Settings(corpus=Path(sys.argv[2]), index=Path(sys.argv[3]))
engine = Briefbot(settings)
questions = [json.loads(l)["question"] for f in sys.argv[4:] for l in open(f) if l.strip()]
engine.ask(questions[0])
times = []
for q in questions:
    started = time.perf_counter()
    engine.ask(q)
    times.append(time.perf_counter() - started)
print(json.dumps(times))
"""


def timings(code: Path, corpus: Path, index: Path) -> list[float]:
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(code), str(corpus), str(index), *map(str, FILES)],
        capture_output=True,
        text=True,
        check=True,
        cwd=code,
        env={**os.environ, "BRIEFBOT_EMBEDDER": "torch", "HF_HUB_OFFLINE": "1"},
    )
    return list(json.loads(done.stdout.strip().splitlines()[-1]))


def p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def main() -> None:
    sys.path.insert(0, str(ROOT))
    from briefbot.config import Settings
    from briefbot.engine import Briefbot
    from briefbot.evaluation.corpus import haystack_settings

    # both answerers on the torch embedder (the rules' commit knows no other): this compares
    # answering, not embedding (bench/ask_speed.py compares the embedders)
    settings = haystack_settings(Settings(embedder="torch"))
    Briefbot(settings).refresh()  # build or bring up to date, outside the timings
    with tempfile.TemporaryDirectory() as folder:
        before = Path(folder) / "before"
        subprocess.run(
            ["git", "worktree", "add", "--detach", str(before), BEFORE],
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
        try:
            runs: dict[str, list[float]] = {"before": [], "after": []}
            for _ in range(2):
                runs["before"] += timings(before, settings.corpus, settings.index)
                runs["after"] += timings(ROOT, settings.corpus, settings.index)
        finally:
            subprocess.run(
                ["git", "worktree", "remove", "--force", str(before)],
                cwd=ROOT,
                check=False,
                capture_output=True,
            )
    for name, values in runs.items():
        print(
            f"{name:7} p50 {1000 * statistics.median(values):6.0f} ms   "
            f"p95 {1000 * p(values, 0.95):6.0f} ms   ({len(values)} asks)"
        )
    ratio = statistics.median(runs["after"]) / statistics.median(runs["before"])
    print(f"after / before, p50: {ratio:.2f} (target <= 1.0)")


if __name__ == "__main__":
    main()
