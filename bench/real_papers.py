"""Benchmark (not a test): reading the genuine council papers (eval/real/SOURCES.toml, restored
with eval/real/restore.py) — parse pages/s with PDFium against pypdf on the same PDFs in this
run, what was left unread and why, passages/s embedded, and the peak memory of indexing the
largest pack alone against a one-page paper.

    .venv/bin/python bench/real_papers.py
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from briefbot.config import Settings  # noqa: E402
from briefbot.errors import PaperError  # noqa: E402
from briefbot.evaluation.corpus import real_papers, real_papers_home  # noqa: E402
from briefbot.ingest import cut_passages, parse_paper  # noqa: E402
from briefbot.store.embedder import Embedder  # noqa: E402

LIMIT = 5 * 1024 * 1024


def pypdf_pages(paths: list[Path]) -> tuple[int, float]:
    """The old reader, for the baseline: pypdf's text of every page."""
    from pypdf import PdfReader

    pages, started = 0, time.perf_counter()
    for path in paths:
        for page in PdfReader(path, strict=False).pages:
            page.extract_text()
            pages += 1
    return pages, time.perf_counter() - started


def briefbot_pages(paths: list[Path]) -> tuple[int, float, Counter[str], list[str]]:
    """briefbot's reading (PDFium, legibility, layout): pages, seconds, unread pages by reason."""
    import pypdfium2 as pdfium

    pages, reasons, texts = 0, Counter[str](), []
    started = time.perf_counter()
    for path in paths:
        try:
            paper = parse_paper(path, LIMIT, ocr=False)
        except PaperError as error:
            reasons[str(error).split(" ", 5)[-1]] += len(pdfium.PdfDocument(path))
            continue
        reasons.update(paper.unreadable.values())
        pages += len({b.page for b in paper.blocks}) + len(paper.unreadable)
        texts.append(path.name)
    return pages, time.perf_counter() - started, reasons, texts


def ocr_pages(paths: list[Path]) -> tuple[int, float, int]:
    """OCR alone: (scanned pages read, seconds, pages it found words on)."""
    import pypdfium2 as pdfium

    from briefbot.ingest.formats.pdf import SCANNED, _textless
    from briefbot.ingest.ocr import read_page

    pages = legible = 0
    seconds = 0.0
    for path in paths:
        document = pdfium.PdfDocument(path)
        for page in document:
            if page.get_textpage().get_text_bounded().strip() or _textless(page) != SCANNED:
                continue
            started = time.perf_counter()
            text = read_page(page)
            seconds += time.perf_counter() - started
            pages += 1
            legible += bool(text.strip())
    return pages, seconds, legible


def peak_rss_of_refresh(paper: Path) -> int:
    """Peak RSS (MB) of a `briefbot refresh` process indexing this one paper."""
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        shutil.copy(paper, corpus / paper.name)
        # VmHWM, not getrusage's ru_maxrss: Linux carries ru_maxrss over from the parent at fork
        # and exec, so a child of this (by then large) process would report the parent's peak.
        code = (
            "import re, sys; from briefbot.cli import main\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "status = open('/proc/self/status').read()\n"
            "print(int(re.search(r'VmHWM:\\s+(\\d+)', status).group(1)) // 1024, file=sys.stderr)"
        )
        done = subprocess.run(
            [sys.executable, "-c", code, "refresh", "--json", "--corpus", str(corpus)]
            + ["--index", str(Path(tmp) / "index")],
            capture_output=True,
            text=True,
            env={**os.environ, "HF_HUB_OFFLINE": "1"},
            check=True,
        )
        return int(done.stderr.strip().splitlines()[-1])


def main() -> None:
    home = real_papers_home()
    papers = [home / path for path, _ in real_papers() if (home / path).exists()]
    if not papers:
        sys.exit("the genuine papers are not here: run eval/real/restore.py first")
    pdfs = [p for p in papers if p.suffix.lower() == ".pdf"]
    old_pages, old_seconds = pypdf_pages(pdfs)
    pages, seconds, reasons, _ = briefbot_pages(pdfs)
    print(f"{len(papers)} genuine papers, {len(pdfs)} PDFs, {old_pages} PDF pages")
    ours, theirs = pages / seconds, old_pages / old_seconds
    print(
        f"parse: briefbot (PDFium) {ours:7.1f} pages/s, pypdf {theirs:7.1f} pages/s "
        f"(ratio {ours / theirs:.1f})"
    )
    unread = sum(reasons.values())
    print(f"pages without usable text: {unread} of {old_pages}: " + json.dumps(dict(reasons)))
    scans, ocr_seconds, legible = ocr_pages(pdfs)
    if scans:
        print(
            f"ocr: {scans} scanned pages, {scans / ocr_seconds:.2f} pages/s "
            f"({ocr_seconds / scans:.1f} s a page), words found on {legible}"
        )

    settings = Settings()
    embedder = Embedder.for_settings(settings)
    embedder.load()
    texts: list[str] = []
    for path in papers:
        try:
            texts += [p.text for p in cut_passages(_paper(path), max_words=settings.passage_words)]
        except PaperError:
            continue
    started = time.perf_counter()
    embedder.encode(texts)
    print(f"embed: {len(texts) / (time.perf_counter() - started):.1f} passages/s ({len(texts)})")

    largest = max(pdfs, key=lambda p: len(_pdf_pages(p)))
    smallest = min(papers, key=lambda p: p.stat().st_size)
    big, small = peak_rss_of_refresh(largest), peak_rss_of_refresh(smallest)
    print(
        f"peak RSS of a refresh: {largest.name} ({len(_pdf_pages(largest))} pages) {big} MB, "
        f"{smallest.name} {small} MB (ratio {big / small:.2f})"
    )


def _paper(path: Path):  # type: ignore[no-untyped-def]
    from briefbot.ingest import load_paper

    return load_paper(path, path.name, LIMIT, "0" * 64)


def _pdf_pages(path: Path) -> list[int]:
    import pypdfium2 as pdfium

    return list(range(len(pdfium.PdfDocument(path))))


if __name__ == "__main__":
    main()
