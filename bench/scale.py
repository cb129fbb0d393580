"""Benchmark at council scale (not a test): build, refresh, ask, start-up and memory by corpus size.

A synthetic council corpus (minutes, reports, press releases, news and briefings across committees
and years, from the evaluation's haystack) is generated at each size, indexed once and cached under
~/.cache/briefbot/bench-scale, so re-runs only measure. Every figure is printed beside a
baseline measured in the same run, as a ratio:

- full build: passages/s of `briefbot refresh` vs the raw model's `encode` on the same passages
  (target >= 0.8; measured when an index is built in this run, so use --rebuild to re-measure);
- incremental refresh of one changed paper in the largest corpus vs its full build (target <= 1%);
- warm `ask` p50/p95 at each size vs one query embedding plus one Chroma query (target p50 <= 2x,
  flat in corpus size);
- cold `briefbot ask` process time vs `python -c "import chromadb"` (the ONNX embedder needs no
  torch, so the floor is the vector store's own import; target <= 2.0);
- peak memory (RSS) of that `briefbot ask` process at each size.

    .venv/bin/python bench/scale.py [--sizes 1000,5000,20000] [--rebuild] [--chart docs/...png]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from briefbot.config import Settings
from briefbot.engine import Briefbot
from briefbot.evaluation.haystack import write_haystack
from briefbot.store.embedder import Embedder

ROOT = Path(__file__).resolve().parent.parent
CACHE = Path.home() / ".cache" / "briefbot" / "bench-scale"
SEED = 7
QUESTIONS = (
    "How much did the cabinet approve for highway resurfacing?",
    "When will the new library open?",
    "Who chairs the planning committee?",
    "Why was the bus route changed?",
    "How many homes are planned in the new housing scheme?",
    "What did the audit committee say about the budget gap?",
    "When is the consultation on parking charges closing?",
    "How much will the leisure centre refurbishment cost?",
    "Which roads were flooded during the storm?",
    "What is the council doing about potholes?",
    "How long will the bridge be closed for repairs?",
    "Who is the cabinet member for adult social care?",
    "How much did the council spend on school transport?",
    "What did scrutiny recommend about waste collections?",
    "When did the council agree its budget?",
    "How often are the parks inspected?",
    "What grant did the council receive for active travel?",
    "Why did the committee defer the planning application?",
    "How many libraries will open on Sundays?",
    "What is the cost of the new recycling centre?",
)


def corpus_for(passages: int) -> Path:
    """A corpus folder with at least `passages` passages (papers give about three each)."""
    folder = CACHE / f"corpus-{passages}"
    count = math.ceil(passages / _passages_per_paper() * 1.03)
    marker = folder / ".complete"
    if not marker.exists():
        shutil.rmtree(folder, ignore_errors=True)
        write_haystack(folder, count=count, seed=SEED)
        marker.write_text(str(count), encoding="utf-8")
    return folder


def _passages_per_paper() -> float:
    probe = CACHE / "probe"
    saved = probe / "ratio.txt"
    if not saved.exists():
        from briefbot.ingest import cut_passages, load_paper
        from briefbot.store.refresh import scan_corpus

        write_haystack(probe / "corpus", count=200, seed=SEED)
        total = 0
        for found in scan_corpus(probe / "corpus").files.values():
            paper = load_paper(found.path, found.rel, 5 * 1024 * 1024)
            total += len(cut_passages(paper, max_words=120))
        saved.write_text(str(total / 200), encoding="utf-8")
    return float(saved.read_text(encoding="utf-8"))


def settings_for(passages: int) -> Settings:
    return Settings(corpus=corpus_for(passages), index=CACHE / f"index-{passages}")


def build(settings: Settings, embedder: Embedder, rebuild: bool) -> dict[str, Any] | None:
    """Build the index if missing (or asked to): its rate vs raw encode on the same passages."""
    done = settings.index / "CURRENT"
    if done.exists() and not rebuild:
        return None
    from briefbot.ingest import cut_passages, load_paper
    from briefbot.store.refresh import scan_corpus

    texts: list[str] = []
    for found in scan_corpus(settings.corpus).files.values():
        paper = load_paper(found.path, found.rel, settings.max_text_bytes)
        texts.extend(p.text for p in cut_passages(paper, max_words=settings.passage_words))
    sample = texts[:: max(1, len(texts) // 2000)]  # the raw model on a spread of the passages
    started = time.perf_counter()
    embedder.encode(sample)
    raw = len(sample) / (time.perf_counter() - started)
    shutil.rmtree(settings.index, ignore_errors=True)
    engine = Briefbot(settings, embedder=embedder)
    started = time.perf_counter()
    report = engine.refresh(rebuild=True)
    seconds = time.perf_counter() - started
    engine.close()
    return {
        "passages": report.passages,
        "seconds": seconds,
        "raw": raw,
        "rate": report.passages / seconds,
    }


def incremental(settings: Settings, embedder: Embedder) -> list[float]:
    """Seconds to refresh after one paper changed (then changed back, so the cache stays)."""
    engine = Briefbot(settings, embedder=embedder)
    engine.refresh()  # settle
    paper = sorted(settings.corpus.rglob("*.txt"))[len(QUESTIONS)]
    original = paper.read_text(encoding="utf-8")
    times = []
    for text in (original + "\n\nA late correction was noted by the clerk.\n", original):
        paper.write_text(text, encoding="utf-8")
        started = time.perf_counter()
        report = engine.refresh()
        times.append(time.perf_counter() - started)
        assert report.changed == [paper.relative_to(settings.corpus).as_posix()], report
    engine.close()
    return times


def warm_ask(settings: Settings, embedder: Embedder) -> tuple[list[float], list[float]]:
    """Per-question seconds: briefbot's ask, and the raw query embedding + one Chroma query."""
    engine = Briefbot(settings, embedder=embedder)
    generation = engine.generation()
    engine.ask(QUESTIONS[0])  # warm: index open, word vectors loaded
    asks, raws = [], []
    for question in QUESTIONS:  # alternate, so load drift hits both sides
        started = time.perf_counter()
        vector = embedder.encode([question])[0]
        generation.dense(vector, k=6)
        raws.append(time.perf_counter() - started)
        started = time.perf_counter()
        engine.ask(question)
        asks.append(time.perf_counter() - started)
    engine.close()
    return asks, raws


def child_seconds_and_rss(command: list[str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one child process."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("BRIEFBOT_")}
    env["HF_HUB_OFFLINE"] = "1"
    started = time.perf_counter()
    child = subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    if status != 0:
        raise RuntimeError(f"{command} failed with status {status}")
    return seconds, usage.ru_maxrss / 1024


def cold(settings: Settings, runs: int) -> tuple[list[float], list[float], list[float]]:
    ask = [
        sys.executable,
        "-m",
        "briefbot",
        "ask",
        QUESTIONS[1],
        "--corpus",
        str(settings.corpus),
        "--index",
        str(settings.index),
    ]
    floor = [sys.executable, "-c", "import chromadb"]
    asks, floors, rss = [], [], []
    for _ in range(runs):
        seconds, peak = child_seconds_and_rss(ask)
        asks.append(seconds)
        rss.append(peak)
        floors.append(child_seconds_and_rss(floor)[0])
    return asks, floors, rss


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,5000,20000", help="passages, comma-separated")
    parser.add_argument("--rebuild", action="store_true", help="rebuild cached indexes")
    parser.add_argument("--cold-runs", type=int, default=3)
    parser.add_argument("--chart", type=Path, default=ROOT / "docs" / "performance.png")
    parser.add_argument("--results", type=Path, default=CACHE / "results.json")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    CACHE.mkdir(parents=True, exist_ok=True)
    embedder = Embedder(Settings().model)
    embedder.load()
    embedder.encode(["warm up"] * 8)
    rows: list[dict[str, Any]] = []
    for size in sizes:
        settings = settings_for(size)
        built = build(settings, embedder, args.rebuild)
        asks, raws = warm_ask(settings, embedder)
        cold_asks, floors, rss = cold(settings, args.cold_runs)
        engine = Briefbot(settings, embedder=embedder)
        status = engine.status()
        engine.close()
        row = {
            "size": size,
            "passages": status.passages,
            "papers": status.papers,
            "ask_p50": percentile(asks, 0.5),
            "ask_p95": percentile(asks, 0.95),
            "raw_p50": percentile(raws, 0.5),
            "raw_p95": percentile(raws, 0.95),
            "cold": statistics.median(cold_asks),
            "floor": statistics.median(floors),
            "rss_mb": max(rss),
            "build": built,
        }
        rows.append(row)
        print_row(row)
    largest = settings_for(sizes[-1])
    changed = incremental(largest, embedder)
    build_seconds = next((r["build"]["seconds"] for r in rows[::-1] if r["build"]), None)
    if build_seconds is None:  # the cached build's time, measured when it was built
        build_seconds = _cached_build_seconds(args.results, sizes[-1])
    print(
        f"\nincremental refresh, one paper changed in {rows[-1]['passages']} passages: "
        f"{statistics.median(changed):.2f} s (runs {', '.join(f'{c:.2f}' for c in changed)})"
    )
    if build_seconds:
        share = statistics.median(changed) / build_seconds
        print(f"  vs full build {build_seconds:.0f} s: {share:.2%} (target <= 1%)")
    results = {"rows": rows, "incremental": changed, "full_build_seconds": build_seconds}
    args.results.write_text(json.dumps(results, indent=1), encoding="utf-8")
    chart(rows, args.chart)
    print(f"\nresults: {args.results}\nchart: {args.chart}")


def _cached_build_seconds(results: Path, size: int) -> float | None:
    try:
        old = json.loads(results.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if old.get("full_build_seconds"):
        return float(old["full_build_seconds"])
    return next(
        (r["build"]["seconds"] for r in old["rows"] if r["size"] == size and r["build"]), None
    )


def print_row(row: dict[str, Any]) -> None:
    print(f"\n{row['passages']} passages ({row['papers']} papers)")
    if row["build"]:
        b = row["build"]
        print(
            f"  full build      {b['rate']:7.1f} passages/s vs raw encode {b['raw']:.1f}/s: "
            f"ratio {b['rate'] / b['raw']:.2f} (target >= 0.8), {b['seconds']:.0f} s"
        )
    print(
        f"  warm ask p50    {row['ask_p50'] * 1000:7.0f} ms vs raw {row['raw_p50'] * 1000:.0f} ms:"
        f" ratio {row['ask_p50'] / row['raw_p50']:.2f} (target <= 2)"
    )
    print(
        f"  warm ask p95    {row['ask_p95'] * 1000:7.0f} ms vs raw {row['raw_p95'] * 1000:.0f} ms:"
        f" ratio {row['ask_p95'] / row['raw_p95']:.2f}"
    )
    print(
        f"  cold ask        {row['cold']:7.2f} s vs import floor {row['floor']:.2f} s: "
        f"ratio {row['cold'] / row['floor']:.2f}"
    )
    print(f"  peak RSS        {row['rss_mb']:7.0f} MB (cold ask process)")


def chart(rows: list[dict[str, Any]], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    sizes = [r["passages"] for r in rows]
    figure, (latency, memory) = plt.subplots(1, 2, figsize=(10, 4))
    latency.plot(sizes, [r["ask_p50"] * 1000 for r in rows], "o-", label="ask p50")
    latency.plot(sizes, [r["ask_p95"] * 1000 for r in rows], "o--", label="ask p95")
    latency.plot(sizes, [r["raw_p50"] * 1000 for r in rows], "s:", label="raw query p50")
    latency.set(xscale="log", xlabel="passages", ylabel="ms", title="Warm ask latency")
    latency.legend()
    memory.plot(sizes, [r["rss_mb"] for r in rows], "o-", color="tab:red")
    memory.set(xscale="log", xlabel="passages", ylabel="MB", title="Peak RSS, cold ask")
    memory.set_ylim(bottom=0)
    figure.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, dpi=110)


if __name__ == "__main__":
    main()
