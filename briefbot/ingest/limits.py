"""Size limits: refuse papers too big to index before reading them whole."""

from __future__ import annotations

from pathlib import Path

from briefbot.errors import PaperError

MEGABYTE = 1024 * 1024
# PDF and DOCX files are mostly not text, so their file size may be this many times the limit.
PACKED_FACTOR = 10
_HINT = "(set BRIEFBOT_MAX_PAPER_MB to raise it)"


def too_big(what: str, size: int, limit: int) -> PaperError:
    """The one-line error for a file or an extracted text over the size limit."""
    mb, limit_mb = size / MEGABYTE, limit / MEGABYTE
    return PaperError(f"{what} is {mb:.1f} MB, over the {limit_mb:.0f} MB limit {_HINT}")


def file_size(path: Path, limit: int) -> int:
    """The file's size in bytes; refuse a missing, empty or over-limit file."""
    try:
        size = path.stat().st_size
    except OSError as error:
        raise PaperError(f"cannot read file: {error.strerror or error}") from error
    if not path.is_file():
        raise PaperError("not a regular file")
    if size == 0:
        raise PaperError("empty file")
    if size > limit:
        raise too_big("file", size, limit)
    return size


def read_bytes(path: Path, limit: int) -> bytes:
    """Read a text-format file after checking its size against the limit."""
    file_size(path, limit)
    try:
        with path.open("rb") as handle:
            data = handle.read(limit + 1)  # the file may have grown since stat()
    except OSError as error:
        raise PaperError(f"cannot read file: {error.strerror or error}") from error
    if not data:
        raise PaperError("empty file")
    if len(data) > limit:
        raise too_big("file", len(data), limit)
    return data
