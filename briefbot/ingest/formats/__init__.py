"""One parser per file format, each declaring what the registry (briefbot.ingest) needs to know:
the suffixes it reads, and whether its files are packed (PDF, Word: mostly not text, so a file
may be PACKED_FACTOR times the text limit). The registry checks a file's size against the limit
before any parser reads it; a parser reads the file once, never more than the limit.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from briefbot.models import PaperText

# parse(path, max_text_bytes) -> PaperText; a format that `scans` also takes ocr=True|False
Parse = Callable[..., PaperText]


@dataclass(frozen=True)
class Format:
    """A file format: its name, its suffixes, whether it is packed, and its parser."""

    name: str
    suffixes: tuple[str, ...]
    packed: bool
    parse: Parse
    scans: bool = False  # may hold scanned pages, read by OCR unless `ocr=False` is passed
