"""Benchmark: refresh throughput against the raw model's `encode` on the same passages.

Both are measured in this run, on this machine, with the model already loaded, so the ratio
says what the refresh adds around the model (parsing, chunking, Chroma, BM25, the manifest).
Target: ratio >= 0.8.

    .venv/bin/python bench/refresh_throughput.py [--papers 120] [--repeat 2]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from briefbot.config import Settings
from briefbot.engine import Briefbot
from briefbot.evaluation.haystack import write_haystack
from briefbot.ingest import cut_passages, load_paper
from briefbot.store.embedder import Embedder
from briefbot.store.refresh import scan_corpus

REPO = Path(__file__).resolve().parent.parent


def build_corpus(folder: Path, papers: int) -> None:
    shutil.copytree(REPO / "corpus", folder)
    write_haystack(folder / "haystack", count=papers)


def passage_texts(settings: Settings) -> list[str]:
    texts: list[str] = []
    for found in scan_corpus(settings.corpus).files.values():
        paper = load_paper(found.path, found.rel, settings.max_text_bytes)
        texts.extend(p.text for p in cut_passages(paper, max_words=settings.passage_words))
    return texts


def raw_encode(embedder: Embedder, texts: list[str]) -> float:
    started = time.perf_counter()
    embedder.encode(texts)
    return len(texts) / (time.perf_counter() - started)


def full_refresh(settings: Settings, embedder: Embedder) -> tuple[float, int]:
    shutil.rmtree(settings.index, ignore_errors=True)
    engine = Briefbot(settings, embedder=embedder)
    started = time.perf_counter()
    report = engine.refresh(rebuild=True)
    elapsed = time.perf_counter() - started
    engine.close()
    return report.passages / elapsed, report.passages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=120, help="synthetic papers beside corpus/")
    parser.add_argument("--repeat", type=int, default=2, help="alternating runs of each side")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(corpus=Path(tmp) / "corpus", index=Path(tmp) / "index")
        build_corpus(settings.corpus, args.papers)
        embedder = Embedder(settings.model, settings.embed_batch)
        embedder.load()
        texts = passage_texts(settings)
        embedder.encode(texts[:64])  # warm-up
        raw, refresh = [], []
        for _ in range(args.repeat):  # alternate, so drift in machine load hits both sides
            raw.append(raw_encode(embedder, texts))
            rate, passages = full_refresh(settings, embedder)
            refresh.append(rate)
        raw_rate, refresh_rate = statistics.median(raw), statistics.median(refresh)
        print(f"passages: {passages} from {len(scan_corpus(settings.corpus).files)} papers")
        print(f"raw model encode:   {raw_rate:7.1f} passages/s   (runs: {_fmt(raw)})")
        print(f"briefbot refresh:   {refresh_rate:7.1f} passages/s   (runs: {_fmt(refresh)})")
        print(f"ratio refresh/raw:  {refresh_rate / raw_rate:7.2f}   (target >= 0.80)")


def _fmt(values: list[float]) -> str:
    return ", ".join(f"{v:.1f}" for v in values)


if __name__ == "__main__":
    main()
