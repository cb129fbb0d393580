"""From files to papers: parse each format family, read metadata, cut passages."""

from __future__ import annotations

import hashlib
from pathlib import Path

from briefbot.errors import PaperError
from briefbot.files import sha256_of
from briefbot.ingest.chunk import cut_passages
from briefbot.ingest.formats import Format, html, markdown, pdf, text, word
from briefbot.ingest.limits import PACKED_FACTOR, file_size
from briefbot.ingest.meta import read_meta
from briefbot.ingest.sentences import split_sentences
from briefbot.models import Paper, PaperText
from briefbot.safety import message

__all__ = [
    "READER_VERSION",
    "SUPPORTED_SUFFIXES",
    "cut_passages",
    "load_paper",
    "paper_id",
    "parse_paper",
    "read_meta",
    "split_sentences",
]

# Raised whenever reading papers changes what an index would hold (2: PDFium, page legibility,
# running headers, Word's hidden text, metadata from the opening, minute items; 3: tables of
# figures as rows with their headings; 4: OCR of scans, columns, minutes records, copies'
# fingerprints; 5: ModernGov meeting pages' items and headings, a committee from a dated
# heading; 6: an honour after a member's name in a recorded vote is part of the name; 7: text
# turned a quarter on its page read in its own direction; 8: a line ending on a word no sentence
# ends on, "in" or "Mr", wraps onto the next, and a PDF run's text read inside its box; 9: so
# does a line ending on a comma, a name's initial or a hyphen, which runs straight on; 10: and a
# full line ending on a numbered label, "as the Section 151" / "Officer, provided"; 11: the rows
# of Word, web page, Markdown and plain-text pipe tables with their header row's headings; 12: a
# cell merged down rows labels each row it spans, and Word rows keep their grid columns; 13-17:
# figure tables' headings, run-on lines and ruled tables of words; 18: minutes records read
# "X, seconded by Y, moved" and "For the amendment (5)"; 19: a signature's name and office read
# as one line, "P a g e | 3" is a page number; 20: a PDF's soft hyphens kept in names and
# compounds, and a list of names broken after a first name runs on; 21: votes counted in prose,
# "with 20 votes for, 38 against", "11 members voted for", "Motion Passed (9 to 6)"; 22: "by 41
# votes to 27", "There voted for 38, against 21"; 23: a sidecar's doc_type as clerks name it,
# "decision", "Press release", so a paper refused for it is read again; 24: rules drawn inside a
# form placed on the page by the form's matrix, a stroked diagonal line no box, a ruled table's
# last column closed where its row rules end, two tables touching side by side read one after
# the other, the row under a table's title as its headings; 25: a full stop after a figure's
# unit ends its sentence, "£1.7m." / "Officers…", and the sentences' stored vectors with it; 26:
# Word's Symbol bullets ("\uf0b7") and its second-level "o" open list items, and a line left
# inside brackets runs on, "(Kent Scientific" / "Services)"; 27: a PDF page whose text layer
# holds no word of two letters, a map's "N", "S", "W E", is read as a page without text; 28: a
# properties title naming the program or the file, "Crystal Reports - GYGVTERL.RPT", "TCC Budget
# 2018-19.numbers", gives way to the paper's own heading: a long "MINUTES of a meeting of…"
# line, a front sheet's "Subject:", not a numbered item, "286. Apologies for Absence"; 29: an
# agenda or a summons is typed "other", never "minutes"; 30: but a meeting's web page headed
# "Agenda for Cabinet on …", which carries the meeting's minutes, is minutes still), so
# that the next refresh reads every paper again rather than keep what an older reader made of it.
READER_VERSION = 30

FORMATS: tuple[Format, ...] = (text.FORMAT, markdown.FORMAT, html.FORMAT, pdf.FORMAT, word.FORMAT)
_BY_SUFFIX = {suffix: f for f in FORMATS for suffix in f.suffixes}
SUPPORTED_SUFFIXES: frozenset[str] = frozenset(_BY_SUFFIX)


def paper_id(rel_path: str) -> str:
    """A stable id for a paper: the first 16 hex digits of the sha1 of its relative posix path."""
    return hashlib.sha1(rel_path.encode("utf-8")).hexdigest()[:16]


def parse_paper(path: Path, max_text_bytes: int, ocr: bool = True) -> PaperText:
    """Extract a paper's text and blocks; any failure is a PaperError with a one-line reason.
    The file's size is checked here, once, against the limit for its format."""
    suffix = path.suffix.lower()
    found = _BY_SUFFIX.get(suffix)
    if found is None:
        raise PaperError(f"unsupported file type {suffix or '(none)'}")
    try:
        file_size(path, max_text_bytes * (PACKED_FACTOR if found.packed else 1))
        if found.scans:
            return found.parse(path, max_text_bytes, ocr=ocr)
        return found.parse(path, max_text_bytes)
    except PaperError as error:
        raise PaperError(message(str(error))) from error
    except RecursionError as error:
        raise PaperError(f"{suffix[1:]} file is nested too deeply to read") from error
    except Exception as error:  # a parser bug must not stop a refresh
        reason = message(f"could not read {suffix[1:]} file: {type(error).__name__}: {error}")
        raise PaperError(reason) from error


def load_paper(
    path: Path, rel_path: str, max_text_bytes: int, sha256: str = "", ocr: bool = True
) -> Paper:
    """Parse a paper, read its metadata and fingerprint its bytes (unless the caller, which
    hashed the file to see that it changed, gives its sha256: each file is hashed once)."""
    parsed = parse_paper(path, max_text_bytes, ocr)
    try:
        meta = read_meta(path, parsed)
    except PaperError:
        raise
    except Exception as error:  # inference must not stop a refresh either
        raise PaperError(message(f"could not read metadata: {error}")) from error
    return Paper(
        id=paper_id(rel_path),
        path=rel_path,
        meta=meta,
        text=parsed.text,
        blocks=parsed.blocks,
        sha256=sha256 or _sha256(path),
        format=parsed.format,
        unreadable=parsed.unreadable,
        ocr_pages=parsed.ocr_pages,
    )


def _sha256(path: Path) -> str:
    try:
        return sha256_of(path)
    except OSError as error:
        raise PaperError(f"cannot read file: {error.strerror or error}") from error
