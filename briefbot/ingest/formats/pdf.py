"""PDF papers: text per physical page with PDFium (pypdfium2), each page's text layer checked
for being words; title and date from the document info.

PDFium places text by where it is drawn, so a page whose words were each drawn as their own
text run (Word's "\\t\\r" word breaks, a nomination notice set word by word) still reads as
lines, and words set without space characters keep their spaces. A page with no text layer (a
scan, text drawn as shapes) or one that decodes to garbage is not indexed: it is recorded with
its reason, and a paper with no readable page at all is refused.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from briefbot.errors import PaperError
from briefbot.ingest.clean import tidy
from briefbot.ingest.columns import MIN_LINES as MIN_COLUMN_LINES
from briefbot.ingest.columns import column_text
from briefbot.ingest.formats import Format
from briefbot.ingest.furniture import is_page_number
from briefbot.ingest.items import with_items
from briefbot.ingest.layout import Chunk, build_paper_text, plain_chunks
from briefbot.ingest.legible import garbled, has_word
from briefbot.ingest.limits import too_big
from briefbot.ingest.positions import (
    Shape,
    drawn_boxes,
    line_text,
    lines_of,
    page_frame,
    page_runs,
    page_shapes,
)
from briefbot.ingest.ruled import page_text, ruled_tables
from briefbot.ingest.tables import MIN_ROWS, is_figure, row_key, table_rows
from briefbot.language.dates import make_date
from briefbot.models import PaperText
from briefbot.safety import message

if TYPE_CHECKING:  # pypdfium2 loads only when a PDF is read
    import pypdfium2

NO_TEXT = "no text could be extracted (scanned PDF?)"
SCANNED = "scanned: an image with no text layer"
SHAPES = "no text layer (text drawn as shapes?)"
GARBLED = "its text layer does not decode to words (a font without a Unicode map)"
_PDF_DATE = re.compile(r"(?:D:)?\s*(\d{4})(\d{2})(\d{2})")
# PDFium ends lines with CR LF; a CR alone is a glyph in the page (Word's "\t\r" word break)
_WORD_BREAK = re.compile(r"[\t \u00a0]*\r(?!\n)[\t \u00a0]*")
_SOFT_HYPHEN = "\x02"
_SPLIT_WORD = re.compile(r"(\w+)\x02(\w+)")
_WORDS = re.compile(r"\w+")
_EDGE_LINES = 3  # lines at the top and at the bottom of a page where running headers sit
_LETTERHEAD_WORDS = 12
_SHAPES_AT_LEAST = 40  # drawn paths on a textless page that suggest lettering, not a rule or box


def parse_pdf(path: Path, max_text_bytes: int, ocr: bool = True) -> PaperText:
    """Read a PDF page by page (a scanned page by OCR, when `ocr` and OCR is installed); refuse
    encrypted, damaged, oversized or unreadable ones."""
    try:
        import pypdfium2 as pdfium

        document = _open(pdfium, path)
        try:
            pages, unreadable, columned, scanned = _page_texts(document, max_text_bytes, ocr)
            title, date = _properties(document)
        finally:
            document.close()
    except PaperError:
        raise
    except Exception as error:  # PDFium reports damage as PdfiumError; ctypes may raise others
        raise PaperError(
            message(f"corrupt or truncated PDF: {error or type(error).__name__}")
        ) from error
    pages = _hyphens_restored(pages)
    chunks = [chunk for number, text in pages for chunk in plain_chunks(text, page=number)]
    chunks = _drop_page_furniture(chunks)
    for chunk in chunks:
        chunk.column = chunk.page in columned
    if not chunks:
        raise PaperError(_nothing_readable(unreadable))
    paper = with_items(build_paper_text(chunks, title=title, date=date, fmt="pdf"))
    paper.unreadable = unreadable
    paper.ocr_pages = sorted(scanned)
    return paper


def _hyphens_restored(pages: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """PDFium gives a soft or optional hyphen as \\x02, between the word's two halves. Word's
    PDFs use it for compounds and names ("two\\x02tier", "Barrington\\x02King"), justified ones
    for a word broken at a line's end ("probabili\\x02ty"). A hyphen is kept when the second
    half is a name, or either half a word the paper uses on its own; otherwise the halves are
    one word. (The character was dropped as a control: "BarringtonKing" for Barrington-King.)"""
    if not any(_SOFT_HYPHEN in text for _, text in pages):
        return pages
    alone = (_SPLIT_WORD.sub(" ", text) for _, text in pages)  # words not split by one
    used = {w.lower() for text in alone for w in _WORDS.findall(text) if len(w) > 1}

    def restored(found: re.Match[str]) -> str:
        first, second = found.group(1), found.group(2)
        keep = second[:1].isupper() or first.lower() in used or second.lower() in used
        return first + ("-" if keep else "") + second

    return [(number, _SPLIT_WORD.sub(restored, text)) for number, text in pages]


def _open(pdfium: Any, path: Path) -> pypdfium2.PdfDocument:
    """Open a PDF (an encrypted one with the empty password), or refuse it in one line."""
    try:
        return pdfium.PdfDocument(path)
    except pdfium.PdfiumError as error:
        if "password" in str(error).lower():
            raise PaperError("encrypted PDF needs a password") from error
        raise PaperError(message(f"corrupt or truncated PDF: {error}")) from error


def _page_texts(
    document: pypdfium2.PdfDocument, limit: int, ocr: bool = True
) -> tuple[list[tuple[int, str]], dict[int, str], set[int], set[int]]:
    """(page number, text) for each readable page, the reason each other page is not, the pages
    read column by column and those read by OCR; stops as soon as the text is over the limit."""
    pages: list[tuple[int, str]] = []
    unreadable: dict[int, str] = {}
    columned: set[int] = set()
    scanned: set[int] = set()
    total = 0
    for index in range(len(document)):
        number = index + 1
        try:
            page = document[index]
            textpage = page.get_textpage()
            text = _WORD_BREAK.sub(" ", textpage.get_text_bounded())
        except Exception:  # one damaged page should not lose the others
            unreadable[number] = "damaged page"
            continue
        total += len(text.encode("utf-8", "replace"))
        if total > limit:
            raise too_big("extracted text", total, limit)
        wordless = not garbled(text) and not has_word(text)  # a map's "N", "S", "W E"
        if not text.strip() or wordless:
            reason = _textless(page)
            read = _by_ocr(page) if reason and ocr else None
            if read:
                total += len(read.encode("utf-8", "replace"))
                pages.append((number, read))
                scanned.add(number)
            elif reason:
                unreadable[number] = reason
            continue
        if garbled(text):
            unreadable[number] = GARBLED
            continue
        laid_out, in_columns = _laid_out(textpage, text)
        pages.append((number, laid_out))
        if in_columns:
            columned.add(number)
    return pages, unreadable, columned, scanned


def _laid_out(textpage: Any, text: str) -> tuple[str, bool]:
    """The page's text with each row of a ruled table of words written out cell by cell (see
    `ruled`), or else read column by column where it is set in columns (see `columns`); with
    each row of a table of figures written out with its column headings, as a paragraph of its
    own (see `tables`); and whether it was read in columns."""
    frame = page_frame(textpage)
    runs = frame.runs(page_runs(textpage)) if frame.turns else None
    if runs is not None:  # text running up or down the page: its lines as they read
        text = _WORD_BREAK.sub(" ", line_text(lines_of(runs)))
    lines = text.splitlines()
    if len(lines) < MIN_COLUMN_LINES:
        return text, False  # too little text for columns or tables: spare the layout work
    if runs is None:
        runs = page_runs(textpage)

    def turned(left: float, bottom: float, right: float, top: float) -> str:
        """A column of turned text, from its own runs (PDFium's bounded text of a turned page
        drops the breaks between its lines)."""
        inside = [r for r in runs if left <= r.middle_x <= right and bottom <= r.middle <= top]
        return line_text(lines_of(inside))

    shapes = page_shapes(textpage.page)  # read once: rules for ruled tables, cells for figures
    if not frame.turns:  # a table drawn with rules: its cells read one by one
        try:
            tables = ruled_tables(runs, shapes, textpage.get_text_bounded)
        except Exception:  # a drawing the reader of rules cannot follow: the page as text
            tables = []
        if tables:
            text = page_text(tables, textpage.page.get_bbox(), textpage.get_text_bounded)
            return _figure_rows(_WORD_BREAK.sub(" ", text), runs, frame, shapes), False
    in_columns = column_text(runs, turned if frame.turns else textpage.get_text_bounded)
    if in_columns is not None:
        text = _WORD_BREAK.sub(" ", in_columns)
    return _figure_rows(text, runs, frame, shapes), in_columns is not None


def _figure_rows(text: str, runs: list[Any], frame: Any, shapes: list[Shape]) -> str:
    """The text with each row of a table of figures written out with its column headings."""
    lines = text.splitlines()
    if sum(1 for line in lines if sum(map(is_figure, line.split())) >= 2) < MIN_ROWS:
        return text
    rows = table_rows(runs, [frame.reading(box) for box in drawn_boxes(shapes)])
    if not rows:
        return text
    out = []
    for line in lines:
        row = rows.get(row_key(line))
        out.append(f"\n{row}\n" if row else line)
    return "\n".join(out)


def _by_ocr(page: Any) -> str | None:
    """A scanned page's text by OCR, when OCR is installed and finds words on it."""
    from briefbot.ingest.ocr import OcrUnavailableError, read_page

    try:
        text = read_page(page)
    except OcrUnavailableError:
        return None
    return text if text.strip() and not garbled(text) else None


def _textless(page: Any) -> str | None:
    """Why a page without text is unreadable: a scan, or lettering drawn as shapes; None for
    a page that is simply blank."""
    import pypdfium2.raw as raw

    kinds = Counter(obj.type for obj in page.get_objects(max_depth=4))
    if kinds[raw.FPDF_PAGEOBJ_IMAGE]:
        return SCANNED
    if kinds[raw.FPDF_PAGEOBJ_PATH] >= _SHAPES_AT_LEAST:
        return SHAPES
    return None


def _nothing_readable(unreadable: dict[int, str]) -> str:
    if not unreadable:
        return NO_TEXT
    reasons = Counter(unreadable.values())
    reason = reasons.most_common(1)[0][0]
    return f"no readable page: {page_list(sorted(unreadable))} {reason}" + (
        "" if len(reasons) == 1 else " (or otherwise unreadable)"
    )


def page_list(numbers: list[int]) -> str:
    """'page 3', 'pages 1–4, 7': runs of page numbers as a person writes them."""
    runs: list[str] = []
    start = previous = numbers[0]
    for number in [*numbers[1:], None]:
        if number is not None and number == previous + 1:
            previous = number
            continue
        runs.append(str(start) if start == previous else f"{start}–{previous}")
        if number is not None:
            start = previous = number
    return ("page " if len(numbers) == 1 else "pages ") + ", ".join(runs)


def _properties(document: pypdfium2.PdfDocument) -> tuple[str | None, str | None]:
    """Title from /Title and date from /CreationDate, when the document info has them."""
    try:
        info = document.get_metadata_dict(skip_empty=True)
    except Exception:
        return None, None
    title = tidy(str(info.get("Title") or "")) or None
    match = _PDF_DATE.match(str(info.get("CreationDate") or ""))
    return title, (make_date(*match.groups()) if match else None)


def _drop_page_furniture(chunks: list[Chunk]) -> list[Chunk]:
    """Drop page numbers, and the running headers and footers a pack prints near the top or
    bottom of most pages (a council's name, the meeting's date, a browser's print header),
    recognised by repetition. A running
    line is kept where it first appears, once: on its first page it may be the letterhead or
    a table's column headings."""
    pages: dict[int | None, list[str]] = {}
    for chunk in chunks:
        pages.setdefault(chunk.page, []).extend(chunk.lines)
    running = _running(pages)
    seen: set[str] = set()
    kept: list[Chunk] = []
    for chunk in chunks:
        edge = set(_edges(pages[chunk.page]))
        lines = []
        for line in chunk.lines:
            key = next((k for k in _keys(line, chunk.page) if k in running), "")
            repeated = bool(key) and (line in edge or running[key] == "anywhere")
            furniture = (line in edge and is_page_number(line)) or (repeated and key in seen)
            if repeated:
                seen.add(key)
            if not furniture:
                lines.append(line)
        if lines:
            kept.append(Chunk(lines, page=chunk.page))
    return kept


def _running(pages: dict[int | None, list[str]]) -> dict[str, str]:
    """The lines repeated on most pages: at a page's edges on over half of them, or (a
    letterhead a few lines down) anywhere on nearly all of a longer paper's pages."""
    count = len(pages)
    at_edges = Counter(
        key
        for page, lines in pages.items()
        for key in {k for x in _edges(lines) for k in _keys(x, page)}
    )
    anywhere = Counter(
        key for page, lines in pages.items() for key in {k for x in lines for k in _keys(x, page)}
    )
    running = {k: "edge" for k, n in at_edges.items() if n >= max(3, count // 2 + 1)}
    for key, n in anywhere.items():
        if n >= max(5, 0.8 * count) and len(key.split()) <= _LETTERHEAD_WORDS:
            running[key] = "anywhere"
    return running


def _keys(line: str, page: int | None) -> tuple[str, ...]:
    """A line as a running header repeats it, word for word. (Page numbers, which change, are
    `is_page_number`'s; a number that merely follows the page, "Question 5", is a heading.)"""
    return (" ".join(line.lower().split()),)


def _edges(lines: list[str]) -> list[str]:
    return lines[:_EDGE_LINES] + lines[-_EDGE_LINES:]


FORMAT = Format("PDF", (".pdf",), packed=True, parse=parse_pdf, scans=True)
