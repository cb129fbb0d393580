"""Plain-text papers (.txt): decode, clean, drop web furniture, split into paragraphs; a pipe
table's rows are written out with its header line's headings."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from briefbot.ingest.clean import decode_bytes
from briefbot.ingest.formats import Format
from briefbot.ingest.items import with_items
from briefbot.ingest.layout import Chunk, build_paper_text, drop_furniture, plain_chunks
from briefbot.ingest.limits import read_bytes
from briefbot.ingest.tables import headed_rows, row_cells
from briefbot.models import PaperText


def parse_text(path: Path, max_text_bytes: int) -> PaperText:
    """Read a .txt paper; it carries no title or date of its own."""
    text = decode_bytes(read_bytes(path, max_text_bytes))
    chunks = _pipe_tables(drop_furniture(plain_chunks(text)))
    return with_items(build_paper_text(chunks, title=None, date=None, fmt="txt"))


def _pipe_tables(chunks: list[Chunk]) -> list[Chunk]:
    """Each pipe table whose first line heads its columns ("Quarter end | Total households",
    then lines of as many cells, "June 2023 | 341") as paragraphs of its own, one a row, each
    row written out with its headings; the lines around it, and other tables, as they were."""
    kept: list[Chunk] = []
    for chunk in chunks:
        lines, placed, index = chunk.lines, 0, 0
        while index < len(lines):
            width = len(_pipe_cells(lines[index]))
            end = index + 1
            while end < len(lines) and len(_pipe_cells(lines[end])) == width:
                end += 1
            written = headed_rows([row_cells(_pipe_cells(line)) for line in lines[index:end]])
            if written is not None:
                if placed < index:
                    kept.append(replace(chunk, lines=lines[placed:index]))
                kept += [replace(chunk, lines=[row]) for row in written if row]
                placed = end
            index = end
        if placed < len(lines):
            kept.append(replace(chunk, lines=lines[placed:]))
    return kept


def _pipe_cells(line: str) -> list[str]:
    """A line's cells between its pipes ("a | b", or "| a | b |"); a line without is one."""
    inner = line.strip()
    if len(inner) > 1 and inner.startswith("|") and inner.endswith("|"):
        inner = inner[1:-1]
    return [cell.strip() for cell in inner.split("|")]


FORMAT = Format("text", (".txt",), packed=False, parse=parse_text)
