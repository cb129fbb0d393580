"""From files to papers: parse each format family, read metadata, cut passages."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

from briefbot.errors import PaperError
from briefbot.ingest.chunk import cut_passages
from briefbot.ingest.clean import one_line
from briefbot.ingest.html import parse_html
from briefbot.ingest.markdown import parse_markdown
from briefbot.ingest.meta import read_meta
from briefbot.ingest.pdf import parse_pdf
from briefbot.ingest.sentences import split_sentences
from briefbot.ingest.text import parse_text
from briefbot.ingest.word import parse_docx
from briefbot.models import Paper, PaperText

__all__ = [
    "SUPPORTED_SUFFIXES",
    "cut_passages",
    "load_paper",
    "paper_id",
    "parse_paper",
    "read_meta",
    "split_sentences",
]

_PARSERS: dict[str, Callable[[Path, int], PaperText]] = {
    ".txt": parse_text,
    ".md": parse_markdown,
    ".html": parse_html,
    ".htm": parse_html,
    ".pdf": parse_pdf,
    ".docx": parse_docx,
}
SUPPORTED_SUFFIXES: frozenset[str] = frozenset(_PARSERS)


def paper_id(rel_path: str) -> str:
    """A stable id for a paper: the first 16 hex digits of the sha1 of its relative posix path."""
    return hashlib.sha1(rel_path.encode("utf-8")).hexdigest()[:16]


def parse_paper(path: Path, max_text_bytes: int) -> PaperText:
    """Extract a paper's text and blocks; any failure is a PaperError with a one-line reason."""
    suffix = path.suffix.lower()
    parser = _PARSERS.get(suffix)
    if parser is None:
        raise PaperError(f"unsupported file type {suffix or '(none)'}")
    try:
        return parser(path, max_text_bytes)
    except PaperError as error:
        raise PaperError(one_line(str(error))) from error
    except RecursionError as error:
        raise PaperError(f"{suffix[1:]} file is nested too deeply to read") from error
    except Exception as error:  # a parser bug must not stop a refresh
        reason = one_line(f"could not read {suffix[1:]} file: {type(error).__name__}: {error}")
        raise PaperError(reason) from error


def load_paper(path: Path, rel_path: str, max_text_bytes: int) -> Paper:
    """Parse a paper, read its metadata and fingerprint its bytes."""
    parsed = parse_paper(path, max_text_bytes)
    try:
        meta = read_meta(path, parsed)
    except PaperError:
        raise
    except Exception as error:  # inference must not stop a refresh either
        raise PaperError(one_line(f"could not read metadata: {error}")) from error
    return Paper(
        id=paper_id(rel_path),
        path=rel_path,
        meta=meta,
        text=parsed.text,
        blocks=parsed.blocks,
        sha256=_sha256(path),
        format=parsed.format,
    )


def _sha256(path: Path) -> str:
    """The sha256 of the file's bytes, read in pieces."""
    digest = hashlib.sha256()
    try:
        with path.open("rb") as handle:
            for piece in iter(lambda: handle.read(1 << 20), b""):
                digest.update(piece)
    except OSError as error:
        raise PaperError(f"cannot read file: {error.strerror or error}") from error
    return digest.hexdigest()
