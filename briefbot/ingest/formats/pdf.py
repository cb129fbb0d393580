"""PDF papers: text per physical page with pypdf; title and date from the document info."""

from __future__ import annotations

import logging
import re
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pypdf loads only when a PDF is read
    from pypdf import PdfReader

from briefbot.errors import PaperError
from briefbot.ingest.clean import tidy
from briefbot.ingest.formats import Format
from briefbot.ingest.furniture import is_page_number
from briefbot.ingest.layout import Chunk, build_paper_text, plain_chunks
from briefbot.ingest.limits import too_big
from briefbot.language.dates import make_date
from briefbot.models import PaperText
from briefbot.safety import message

# pypdf logs every repair it makes to a damaged file; a refresh reports failures itself.
logging.getLogger("pypdf").setLevel(logging.CRITICAL)  # a bad PDF is a failed paper, not noise

NO_TEXT = "no text could be extracted (scanned PDF?)"
_PDF_DATE = re.compile(r"(?:D:)?\s*(\d{4})(\d{2})(\d{2})")
_EDGE_LINES = 2


def parse_pdf(path: Path, max_text_bytes: int) -> PaperText:
    """Read a PDF page by page; refuse encrypted, scanned, damaged or oversized ones."""
    try:
        from pypdf import PdfReader

        reader = PdfReader(path, strict=False)
        _unlock(reader)
        pages = _page_texts(reader, max_text_bytes)
        title, date = _properties(reader)
    except PaperError:
        raise
    except Exception as error:  # pypdf raises many kinds of error on damaged files
        raise PaperError(
            message(f"corrupt or truncated PDF: {error or type(error).__name__}")
        ) from error
    chunks = [chunk for number, text in pages for chunk in plain_chunks(text, page=number)]
    chunks = _drop_page_furniture(chunks)
    if not chunks:
        raise PaperError(NO_TEXT)
    return build_paper_text(chunks, title=title, date=date, fmt="pdf")


def _unlock(reader: PdfReader) -> None:
    """Open an encrypted PDF with the empty password, or refuse it."""
    if not reader.is_encrypted:
        return
    try:
        unlocked = reader.decrypt("")
    except Exception as error:
        raise PaperError(message(f"encrypted PDF cannot be opened: {error}")) from error
    if not unlocked:
        raise PaperError("encrypted PDF needs a password")


def _page_texts(reader: PdfReader, limit: int) -> list[tuple[int, str]]:
    """(page number, text) for each page, stopping as soon as the text is over the limit."""
    pages: list[tuple[int, str]] = []
    total, failures = 0, 0
    for number, page in enumerate(reader.pages, start=1):
        try:
            text = page.extract_text() or ""
        except Exception:  # one damaged page should not lose the others
            failures += 1
            continue
        total += len(text.encode("utf-8", "replace"))
        if total > limit:
            raise too_big("extracted text", total, limit)
        pages.append((number, text))
    if failures and not any(text.strip() for _, text in pages):
        raise PaperError(f"corrupt or truncated PDF: text of {failures} page(s) unreadable")
    return pages


def _properties(reader: PdfReader) -> tuple[str | None, str | None]:
    """Title from /Title and date from /CreationDate, when the document info has them."""
    try:
        info = reader.metadata
    except Exception:
        return None, None
    if not info:
        return None, None
    title = tidy(str(info.get("/Title") or "")) or None
    match = _PDF_DATE.match(str(info.get("/CreationDate") or ""))
    return title, (make_date(*match.groups()) if match else None)


def _drop_page_furniture(chunks: list[Chunk]) -> list[Chunk]:
    """Drop page numbers and running headers/footers at the top and bottom of pages."""
    pages: dict[int | None, list[str]] = {}
    for chunk in chunks:
        pages.setdefault(chunk.page, []).extend(chunk.lines)
    edges = Counter(line for lines in pages.values() for line in set(_edges(lines)))
    running = {line for line, count in edges.items() if count >= max(3, len(pages) // 2 + 1)}
    kept: list[Chunk] = []
    for chunk in chunks:
        edge = set(_edges(pages[chunk.page]))
        lines = [
            line
            for line in chunk.lines
            if line not in edge or not (is_page_number(line) or line in running)
        ]
        if lines:
            kept.append(Chunk(lines, page=chunk.page))
    return kept


def _edges(lines: list[str]) -> list[str]:
    return lines[:_EDGE_LINES] + lines[-_EDGE_LINES:]


FORMAT = Format("PDF", (".pdf",), packed=True, parse=parse_pdf)
