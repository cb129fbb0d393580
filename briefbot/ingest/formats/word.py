"""Word papers (.docx): body paragraphs and tables in order; heading styles give sections."""

from __future__ import annotations

import re
import zipfile
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # python-docx loads only when a Word paper is read
    from docx.document import Document
    from docx.table import Table
    from docx.text.paragraph import Paragraph

from briefbot.errors import PaperError
from briefbot.ingest.clean import tidy
from briefbot.ingest.formats import Format
from briefbot.ingest.layout import Chunk, build_paper_text
from briefbot.ingest.limits import PACKED_FACTOR, too_big
from briefbot.models import PaperText
from briefbot.safety import message

_HEADING_STYLE = re.compile(r"heading\s*(\d)", re.IGNORECASE)
# python-docx's blank template carries this creation stamp; it says nothing about the paper.
_TEMPLATE_CREATED = datetime(2013, 12, 23, 23, 15)


def parse_docx(path: Path, max_text_bytes: int) -> PaperText:
    """Read a Word document's body; headers, footers and comments are left out."""
    _check_unpacked_size(path, max_text_bytes * PACKED_FACTOR)
    try:
        import docx

        document = docx.Document(str(path))
        chunks = _Body(max_text_bytes).chunks(document)
        title, date = _properties(document)
    except PaperError:
        raise
    except Exception as error:  # python-docx and lxml raise many kinds of error on bad files
        raise PaperError(
            message(f"corrupt or truncated DOCX: {error or type(error).__name__}")
        ) from error
    return build_paper_text(chunks, title=title, date=date, fmt="docx")


def _check_unpacked_size(path: Path, limit: int) -> None:
    """Refuse a DOCX whose parts would unpack to more than the limit (a zip bomb)."""
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise PaperError(message(f"corrupt or truncated DOCX: {error}")) from error
    if unpacked > limit:
        raise too_big("unpacked document", unpacked, limit)


class _Body:
    """Walks the document body, keeping the heading path and the running text size."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.size = 0
        self.sections: list[tuple[int, str]] = []

    def chunks(self, document: Document) -> list[Chunk]:
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        found: list[Chunk] = []
        for item in document.iter_inner_content():
            if isinstance(item, Paragraph):
                found.extend(self._paragraph(item))
            elif isinstance(item, Table):
                found.extend(self._table(item))
        return found

    def _count(self, text: str) -> None:
        self.size += len(text.encode("utf-8", "replace"))
        if self.size > self.limit:
            raise too_big("extracted text", self.size, self.limit)

    def _paragraph(self, paragraph: Paragraph) -> list[Chunk]:
        text = paragraph.text
        self._count(text)
        level = _heading_level(paragraph)
        heading = tidy(text) if level is not None else None
        if level is None or heading is None:
            if not text.strip():
                return []
            return [Chunk(text.split("\n"), section=self._path(), item=_listed(paragraph))]
        while self.sections and self.sections[-1][0] >= level:
            self.sections.pop()
        self.sections.append((level, heading))
        return [Chunk([heading], section=self._path(), heading=True)]

    def _table(self, table: Table) -> list[Chunk]:
        """One chunk per row, its cells joined with " | " (merged cells once)."""
        rows: list[Chunk] = []
        for row in table.rows:
            seen: list[object] = []
            cells: list[str] = []
            for cell in row.cells:
                if any(cell._tc is element for element in seen):
                    continue
                seen.append(cell._tc)
                text = " ".join(cell.text.split())
                if text:
                    cells.append(text)
            line = " | ".join(cells)
            self._count(line)
            if line:
                rows.append(Chunk([line], section=self._path()))
        return rows

    def _path(self) -> tuple[str, ...]:
        return tuple(heading for _, heading in self.sections)


def _heading_level(paragraph: Paragraph) -> int | None:
    """0 for the Title style, N for Heading N (or a style based on one), else None."""
    style = paragraph.style
    for _ in range(5):  # follow a custom style back to the built-in heading it is based on
        if style is None:
            return None
        name = (style.name or "").strip()
        if name.lower() == "title":
            return 0
        match = _HEADING_STYLE.fullmatch(name)
        if match:
            return int(match.group(1))
        style = style.base_style
    return None


def _properties(document: Document) -> tuple[str | None, str | None]:
    """Title and creation date (YYYY-MM-DD) from the document's core properties."""
    properties = document.core_properties
    created = properties.created
    date = None
    if created is not None and created.replace(tzinfo=None) != _TEMPLATE_CREATED:
        date = created.date().isoformat()
    return tidy(properties.title), date


def _listed(paragraph: Paragraph) -> bool:
    """A paragraph of a bulleted or numbered list: Word numbering, or a list style."""
    properties = paragraph._p.pPr
    if properties is not None and properties.numPr is not None:
        return True
    style = paragraph.style
    return bool(style is not None and style.name and "list" in style.name.lower())


FORMAT = Format("Word", (".docx",), packed=True, parse=parse_docx)
