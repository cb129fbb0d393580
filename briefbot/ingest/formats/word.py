"""Word papers (.docx): body paragraphs and tables in order; heading styles give sections."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # python-docx loads only when a Word paper is read
    from docx.document import Document
    from docx.text.paragraph import Paragraph

from briefbot.errors import PaperError
from briefbot.ingest.clean import tidy
from briefbot.ingest.formats import Format
from briefbot.ingest.layout import Chunk, build_paper_text
from briefbot.ingest.limits import PACKED_FACTOR, too_big
from briefbot.ingest.tables import Cell, cell_span, headed_rows, merged_down, row_text
from briefbot.models import PaperText
from briefbot.safety import message

_HEADING_STYLE = re.compile(r"heading\s*(\d)", re.IGNORECASE)
# python-docx's blank template carries this creation stamp; it says nothing about the paper.
_TEMPLATE_CREATED = datetime(2013, 12, 23, 23, 15)


def parse_docx(path: Path, max_text_bytes: int) -> PaperText:
    """Read a Word document's body, then its footnotes and endnotes; page headers, footers
    and comments are left out."""
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


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
# Elements whose text is not the reader's: deleted revisions, field codes, the fallback copy of
# a text box (Word writes each text box twice, once for old readers).
_SKIP = {f"{W}del", f"{W}instrText", f"{W}delText", f"{MC}Fallback"}
_BREAKS = {f"{W}br": "\n", f"{W}cr": "\n", f"{W}tab": "\t", f"{W}noBreakHyphen": "-"}
_NOTE_KINDS = ("footnotes", "endnotes")


class _Body:
    """Walks the document's XML, keeping the heading path and the running text size.

    python-docx's `paragraph.text` reads only runs and hyperlinks, and `iter_inner_content`
    only the body's own paragraphs and tables: text inside smart tags, content controls,
    custom XML, fields and text boxes would be lost. Here every `w:t` a reader sees counts."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.size = 0
        self.sections: list[tuple[int, str]] = []

    def chunks(self, document: Document) -> list[Chunk]:
        self.document = document
        found = list(self._blocks(document.element.body))
        for kind in _NOTE_KINDS:
            found.extend(self._notes(document, kind))
        return found

    def _blocks(self, parent: Any) -> Iterator[Chunk]:
        for child in parent:
            tag = child.tag
            if tag == f"{W}p":
                yield from self._paragraph(child)
            elif tag == f"{W}tbl":
                yield from self._table(child)
            elif tag in (f"{W}sdt", f"{W}customXml", f"{W}sdtContent"):
                yield from self._blocks(child)  # a content control around whole paragraphs

    def _count(self, text: str) -> None:
        self.size += len(text.encode("utf-8", "replace"))
        if self.size > self.limit:
            raise too_big("extracted text", self.size, self.limit)

    def _paragraph(self, element: Any) -> Iterator[Chunk]:
        from docx.text.paragraph import Paragraph

        boxes: list[Any] = []
        text = _text_of(element, boxes)
        self._count(text)
        paragraph = Paragraph(element, self.document)
        level = _heading_level(paragraph)
        heading = tidy(text) if level is not None else None
        if level is None or heading is None:
            if text.strip():
                yield Chunk(text.split("\n"), section=self._path(), item=_listed(paragraph))
        else:
            while self.sections and self.sections[-1][0] >= level:
                self.sections.pop()
            self.sections.append((level, heading))
            yield Chunk([heading], section=self._path(), heading=True)
        for box in boxes:  # a text box's paragraphs follow the paragraph that anchors it
            yield from self._blocks(box)

    def _table(self, table: Any) -> Iterator[Chunk]:
        """One chunk per row: written out with its headings under a first row that heads the
        columns (see `headed_rows`), else its cells joined with " | " (a merged cell once)."""
        # a nested table's rows are read with the cell that holds them
        rows: list[list[Cell]] = []
        for row in table.iter(f"{W}tr"):
            if row.getparent() is table:
                rows.append(_row(row, rows[-1] if rows else []))
        for line in headed_rows(rows) or [row_text(row) for row in rows]:
            self._count(line)
            if line:
                yield Chunk([line], section=self._path())

    def _notes(self, document: Document, kind: str) -> Iterator[Chunk]:
        """Footnotes or endnotes, after the body, under their own heading."""
        from docx.opc.constants import RELATIONSHIP_TYPE as RT
        from lxml import etree

        relation = RT.FOOTNOTES if kind == "footnotes" else RT.ENDNOTES
        parts = [r.target_part for r in document.part.rels.values() if r.reltype == relation]
        if not parts:
            return
        root = etree.fromstring(parts[0].blob)
        title = kind.capitalize()
        for note in root:
            if note.get(f"{W}type") in ("separator", "continuationSeparator", "continuationNotice"):
                continue
            text = " ".join(" ".join(_text_of(p) for p in _paragraphs(note)).split())
            self._count(text)
            if text:
                yield Chunk([text], section=(title,))

    def _path(self) -> tuple[str, ...]:
        return tuple(heading for _, heading in self.sections)


def _row(row: Any, above: list[Cell]) -> list[Cell]:
    """A table row's cells, each placed in the table's grid: after the grid columns the row
    leaves empty before it (gridBefore), a cell merged across columns spanning them, and the
    continuation of a cell merged down holding the text of the cell above it."""
    skipped = row.find(f"{W}trPr/{W}gridBefore")
    before = skipped.get(f"{W}val", "0") if skipped is not None else "0"
    column = cell_span(before) if before.strip() != "0" else 0
    cells: list[Cell] = []
    for cell in row.iter(f"{W}tc"):
        if cell.getparent() is not row:
            continue
        spanned = cell.find(f"{W}tcPr/{W}gridSpan")
        span = cell_span(spanned.get(f"{W}val") if spanned is not None else None)
        merge = cell.find(f"{W}tcPr/{W}vMerge")
        over = next((c for c in above if c.column == column), None)
        if merge is not None and merge.get(f"{W}val") != "restart" and over is not None:
            cells.append(merged_down(over, column))
        else:
            text = " ".join(" ".join(_text_of(p) for p in _paragraphs(cell)).split())
            cells.append(Cell(text, column, span))
        column += span
    return cells


def _paragraphs(element: Any) -> list[Any]:
    """Every paragraph inside an element (a cell, a note), text boxes' too, each once."""
    return [p for p in element.iter(f"{W}p") if not any(a.tag in _SKIP for a in p.iterancestors())]


def _text_of(paragraph: Any, boxes: list[Any] | None = None) -> str:
    """All the text a reader sees in a paragraph, in order; text boxes are collected apart."""
    parts: list[str] = []

    def walk(element: Any) -> None:
        for child in element:
            tag = child.tag
            if not isinstance(tag, str) or tag in _SKIP:
                continue
            if tag == f"{W}t":
                parts.append(child.text or "")
            elif tag in _BREAKS:
                parts.append(_BREAKS[tag])
            elif tag == f"{W}txbxContent":
                if boxes is not None:
                    boxes.append(child)
            elif tag != f"{W}p":  # a paragraph inside a paragraph is a text box's, met above
                walk(child)

    walk(paragraph)
    return "".join(parts)


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
