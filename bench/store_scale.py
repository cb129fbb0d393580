"""Benchmark (not a test): the store's own costs past this machine's papers, by simulation.

Synthetic passages (Zipf-distributed words, 100 each, 3 per paper) with random unit vectors go
through the real store — Chroma, the BM25 keyword index, generations — at each size: the full
build (Chroma add, then publish: passages, keywords, manifest), opening the index, a dense and a
keyword query, an incremental refresh of one paper (a new generation copied from the last), the
disk it takes and the peak memory. No model runs: this is what the store costs around it.

    .venv/bin/python bench/store_scale.py [--sizes 200000 1000000]
    .venv/bin/python bench/store_scale.py --chart   # redraw docs/store-scale.png

Each size's figures are kept in ~/.cache/briefbot/store-scale/results.json (a size measured again
replaces its row), and the chart is drawn from them.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from briefbot.models import Manifest, ManifestEntry, Passage  # noqa: E402
from briefbot.store.generations import Generation, GenerationBuilder  # noqa: E402

DIM = 384
RESULTS = Path.home() / ".cache" / "briefbot" / "store-scale" / "results.json"
CHART = ROOT / "docs" / "store-scale.png"
PER_PAPER = 3
CHUNK = 5000


def vocabulary(size: int = 20_000) -> tuple[list[str], list[float]]:
    rng = random.Random(7)
    letters = "abcdefghijklmnopqrstuvwxyz"
    words = list({"".join(rng.choices(letters, k=rng.randint(3, 10))) for _ in range(size)})
    weights = [1.0 / (rank + 1) for rank in range(len(words))]
    return words, weights


def passages_of(
    paper: int, words: list[str], weights: list[float], rng: random.Random
) -> list[Passage]:
    pid = f"{paper:016x}"
    return [
        Passage(
            id=f"{pid}:{n:05d}",
            paper_id=pid,
            path=f"papers/{paper}.txt",
            title=f"Paper {paper}",
            date=f"20{10 + paper % 15}-0{1 + paper % 9}-1{paper % 9}",
            doc_type="minutes",
            text=" ".join(rng.choices(words, weights, k=100)),
            start=n * 700,
            end=n * 700 + 690,
        )
        for n in range(PER_PAPER)
    ]


def unit(rng: np.random.Generator, count: int) -> np.ndarray:
    vectors = rng.standard_normal((count, DIM)).astype(np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def entry(paper: int) -> ManifestEntry:
    return ManifestEntry(paper_id=f"{paper:016x}", sha256="0" * 64, passages=PER_PAPER, title="p")


def disk(path: Path) -> str:
    return subprocess.run(["du", "-sh", str(path)], capture_output=True, text=True).stdout.split()[
        0
    ]


def simulate(size: int, work: Path) -> None:
    words, weights = vocabulary()
    rng, vectors_rng = random.Random(size), np.random.default_rng(size)
    papers = size // PER_PAPER
    root = work / f"index-{size}"
    manifest = Manifest(model="synthetic", dimension=DIM)
    started = time.perf_counter()
    builder = GenerationBuilder(root, None, manifest)
    added = 0.0
    for first in range(0, papers, CHUNK // PER_PAPER):
        batch = [
            p
            for paper in range(first, min(papers, first + CHUNK // PER_PAPER))
            for p in passages_of(paper, words, weights, rng)
        ]
        for paper in range(first, min(papers, first + CHUNK // PER_PAPER)):
            manifest.papers[f"papers/{paper}.txt"] = entry(paper)
        tick = time.perf_counter()
        builder.add(batch, unit(vectors_rng, len(batch)))
        added += time.perf_counter() - tick
    tick = time.perf_counter()
    builder.publish()
    publish = time.perf_counter() - tick
    build = time.perf_counter() - started
    print(
        f"{size:>9,} passages  build {build:7.1f} s  (Chroma add {size / added:7.0f}/s, "
        f"publish {publish:5.1f} s)  disk {disk(root)}"
    )

    tick = time.perf_counter()
    generation = Generation.open_current(root)
    opened = time.perf_counter() - tick
    queries = unit(vectors_rng, 30)
    dense, keyword = [], []
    for vector in queries:
        tick = time.perf_counter()
        generation.dense(vector, 40)
        dense.append(time.perf_counter() - tick)
        asked = " ".join(rng.choices(words[:2000], k=8))
        tick = time.perf_counter()
        generation.keyword(asked, 40)
        keyword.append(time.perf_counter() - tick)
    generation.close()
    print(
        f"{'':>9}           open {opened:6.1f} s  dense query p50 "
        f"{1000 * statistics.median(dense):6.1f} ms  keyword query p50 "
        f"{1000 * statistics.median(keyword):6.1f} ms"
    )

    tick = time.perf_counter()
    base = root / (root / "CURRENT").read_text().strip()
    again = Manifest.model_validate_json((base / "manifest.json").read_text())
    builder = GenerationBuilder(root, base, again)
    builder.remove_paper(f"{0:016x}")
    builder.add(passages_of(0, words, weights, rng), unit(vectors_rng, PER_PAPER))
    builder.publish()
    incremental = time.perf_counter() - tick
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(
        f"{'':>9}           incremental refresh of one paper {incremental:6.1f} s "
        f"({100 * incremental / build:4.1f}% of the build)  peak RSS {peak} MB"
    )
    record(
        size,
        {
            "build_s": round(build, 1),
            "chroma_add_per_s": round(size / added),
            "publish_s": round(publish, 1),
            "disk": disk(root),
            "open_s": round(opened, 1),
            "dense_ms": round(1000 * statistics.median(dense), 1),
            "keyword_ms": round(1000 * statistics.median(keyword), 1),
            "incremental_s": round(incremental, 1),
            "peak_rss_mb": peak,
        },
    )
    shutil.rmtree(root, ignore_errors=True)


def record(size: int, figures: dict[str, object]) -> None:
    """Keep a size's figures beside the others measured before."""
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    results = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    results[str(size)] = figures
    RESULTS.write_text(json.dumps(results, indent=1))


def chart() -> None:
    """docs/store-scale.png: the store's costs against its size, from the kept results."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    results = json.loads(RESULTS.read_text())
    sizes = sorted(int(size) for size in results)
    rows = [results[str(size)] for size in sizes]
    figure, (seconds, millis) = plt.subplots(1, 2, figsize=(10, 4))
    for key, label in (
        ("build_s", "full build"),
        ("incremental_s", "incremental refresh, one paper"),
        ("open_s", "open the index"),
    ):
        seconds.plot(sizes, [row[key] for row in rows], marker="o", label=label)
    seconds.set(xscale="log", yscale="log", xlabel="passages", ylabel="seconds")
    seconds.set_title("the store's own costs (no model)")
    seconds.legend()
    for key, label in (("dense_ms", "dense query p50"), ("keyword_ms", "keyword query p50")):
        millis.plot(sizes, [row[key] for row in rows], marker="o", label=label)
    millis.set(xscale="log", xlabel="passages", ylabel="milliseconds")
    millis.set_title("one query")
    millis.legend()
    figure.tight_layout()
    figure.savefig(CHART, dpi=110)
    print(f"chart: {CHART}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[200_000, 1_000_000])
    parser.add_argument("--work", type=Path, default=None, help="folder for the indexes")
    parser.add_argument("--chart", action="store_true", help="only redraw the chart")
    args = parser.parse_args()
    if args.chart:
        chart()
        return
    with tempfile.TemporaryDirectory(prefix="briefbot-store-", dir=args.work) as tmp:
        for size in args.sizes:
            simulate(size, Path(tmp))
    try:
        chart()
    except ImportError:  # matplotlib is the bench extra's
        print("install the bench extra (pip install -e '.[bench]') for the chart")


if __name__ == "__main__":
    main()
