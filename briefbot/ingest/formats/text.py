"""Plain-text papers (.txt): decode, clean, drop web furniture, split into paragraphs."""

from __future__ import annotations

from pathlib import Path

from briefbot.ingest.clean import decode_bytes
from briefbot.ingest.formats import Format
from briefbot.ingest.items import with_items
from briefbot.ingest.layout import build_paper_text, drop_furniture, plain_chunks
from briefbot.ingest.limits import read_bytes
from briefbot.models import PaperText


def parse_text(path: Path, max_text_bytes: int) -> PaperText:
    """Read a .txt paper; it carries no title or date of its own."""
    text = decode_bytes(read_bytes(path, max_text_bytes))
    chunks = drop_furniture(plain_chunks(text))
    return with_items(build_paper_text(chunks, title=None, date=None, fmt="txt"))


FORMAT = Format("text", (".txt",), packed=False, parse=parse_text)
