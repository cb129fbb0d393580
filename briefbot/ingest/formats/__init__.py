"""One parser per file format, each declaring what the registry (briefbot.ingest) needs to know:
the suffixes it reads, and whether its files are packed (PDF, Word: mostly not text, so a file
may be PACKED_FACTOR times the text limit). The registry checks a file's size against the limit
before any parser reads it; a parser reads the file once, never more than the limit.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from briefbot.models import PaperText


class Parse(Protocol):
    def __call__(self, path: Path, max_text_bytes: int) -> PaperText: ...


@dataclass(frozen=True)
class Format:
    """A file format: its name, its suffixes, whether it is packed, and its parser."""

    name: str
    suffixes: tuple[str, ...]
    packed: bool
    parse: Parse
