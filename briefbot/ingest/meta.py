"""A paper's metadata: its `.meta.toml` sidecar wins field by field, the rest is inferred."""

from __future__ import annotations

import re
import tomllib
from datetime import date as Date
from datetime import datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from briefbot.errors import PaperError
from briefbot.ingest.clean import tidy
from briefbot.ingest.cues import guess_doc_type
from briefbot.ingest.legible import has_word
from briefbot.language.dates import first_date, name_date
from briefbot.language.papers import DOC_TYPES, doc_type_named
from briefbot.models import PaperMeta, PaperText, check_paper_date
from briefbot.safety import message

SIDECAR_SUFFIX = ".meta.toml"
_TEXT_FIELDS = ("title", "doc_type", "publisher", "committee", "url")
_DATE_FIELDS = ("date", "meeting_date")
_TITLE_CHARS = 120
_OPENING_BLOCKS = 30
_HEADING_WORDS = 16  # a heading, not a sentence about an earlier meeting
_HEADING_LINES = 4
_NAMES_PAPER = re.compile(
    r"\b(?:minutes|agenda|summons|notice of (?:a )?meeting|meeting of|report to"
    r"|record of decision)\b",
    re.IGNORECASE,
)
_DATE_CUE = re.compile(
    r"\b(?:held|meeting|minutes|agenda|summoned|date\s*(?:of meeting)?\s*:|on (?:mon|tues|wednes|"
    r"thurs|fri|satur|sun)day)",
    re.IGNORECASE,
)
_BODY_WORDS = (
    r"(?:Committee|Sub-Committee|Council|Cabinet|Board|Panel|Forum|Group|Commission|Assembly)"
)
_MEETING_OF = re.compile(
    r"\b(?:meeting|minutes) of (?:the |a )?(?:(?:annual|extraordinary|ordinary|special|regular) )?"
    rf"(?:meeting of (?:the )?)?(?P<body>(?:[A-Z][\w&'’,-]*\s+){{0,6}}?{_BODY_WORDS}\b)",
)
# A meeting page's heading: "Cabinet - Tuesday, 22 January 2019 2.00 pm" (ModernGov), "Agenda
# for Planning Committee on 4 March 2025".
_BODY_DATED = re.compile(
    rf"^(?i:agenda (?:for|of) (?:the )?)?(?P<body>(?:[A-Z][\w&'’,-]*\s+){{0,6}}?{_BODY_WORDS})"
    r"\s*(?:[-–—,:]|\bon\b)\s*(?i:(?:mon|tues|wednes|thurs|fri|satur|sun)day\b|\d)",
)
# A document-properties title that names the program or the file, not the paper: "Microsoft
# Word - …", "Crystal Reports - GYGVTERL.RPT", "TCC Budget 2018-19.numbers" (any file's
# extension ends it), a template, a hash.
_JUNK_TITLE = re.compile(
    r"^(?:microsoft (?:word|excel|powerpoint)\b|crystal reports\b|untitled|document\d*$|page\b"
    r"|slide \d)|template\b|(?<=\w)\.[a-z][a-z0-9]{1,7}$|^[0-9a-f]{16,}",
    re.IGNORECASE,
)
_SUBJECT = re.compile(r"^\s*(?:subject|report title|title)\s*:\s*(\S.*)$", re.IGNORECASE)
# A numbered item of an agenda or minutes ("286. Apologies for Absence", "18.11.1 Apologies",
# "1. WELCOME AND APOLOGIES"): a heading inside the paper, not its title.
_NUMBERED_ITEM = re.compile(r"^\s*(?:\d{1,3}[.)]?)+\s+\S")
_GENERIC_TITLES = frozenset(
    "minutes agenda report the report members notes document title draft appendix".split()
)


def sidecar_path(path: Path) -> Path:
    """Where a paper's sidecar lives: `<file name>.meta.toml` beside it."""
    return path.with_name(path.name + SIDECAR_SUFFIX)


def read_meta(path: Path, parsed: PaperText) -> PaperMeta:
    """The paper's metadata: sidecar fields where given, inferred ones for the rest."""
    sidecar = sidecar_path(path)
    given = read_sidecar(sidecar) if sidecar.is_file() else {}
    title = given.get("title") or infer_title(path, parsed)
    fields: dict[str, str | None] = {
        "title": title,
        "date": given["date"] if "date" in given else infer_date(path, parsed),
        "doc_type": given.get("doc_type") or guess_doc_type(title, parsed.text),
        **{name: given.get(name) for name in ("publisher", "committee", "meeting_date", "url")},
    }
    if "committee" not in given:
        fields["committee"] = infer_committee(parsed)
    try:
        return PaperMeta.model_validate(fields)
    except ValidationError as error:
        problem = error.errors()[0].get("msg", "invalid metadata")
        source = sidecar.name if given else "metadata"
        raise PaperError(message(f"{source}: {problem}")) from error


def read_sidecar(sidecar: Path) -> dict[str, str]:
    """The sidecar's known fields, checked; a malformed sidecar is a PaperError naming it."""
    try:
        data = tomllib.loads(sidecar.read_bytes().decode("utf-8-sig"))  # Notepad writes a BOM
    except OSError as error:
        reason = f"{sidecar.name}: cannot read ({error.strerror or error})"
        raise PaperError(message(reason)) from error
    except UnicodeDecodeError as error:
        raise PaperError(message(f"{sidecar.name}: not UTF-8 text")) from error
    except tomllib.TOMLDecodeError as error:
        raise PaperError(message(f"{sidecar.name}: invalid TOML: {error}")) from error
    try:
        return _checked_fields(data)
    except ValueError as error:
        raise PaperError(message(f"{sidecar.name}: {error}")) from error


def _checked_fields(data: dict[str, Any]) -> dict[str, str]:
    """Known fields with the right types; blank values count as missing. Raises ValueError."""
    fields: dict[str, str] = {}
    for name in _TEXT_FIELDS:
        value = data.get(name)
        if value is not None and not isinstance(value, str):
            raise ValueError(f"{name} must be a string, not {type(value).__name__}")
        cleaned = tidy(value)  # a sidecar's text reaches the terminal too
        if cleaned:
            fields[name] = cleaned
    for name in _DATE_FIELDS:
        value = _sidecar_date(name, data.get(name))
        if value:
            fields[name] = value
    doc_type = fields.get("doc_type")
    if doc_type is not None:
        named = doc_type_named(doc_type)
        if named is None:
            raise ValueError(f"doc_type {doc_type!r} is not one of {', '.join(DOC_TYPES)}")
        fields["doc_type"] = named
    return fields


def _sidecar_date(name: str, value: object) -> str | None:
    """A sidecar date as YYYY-MM-DD, YYYY-MM or YYYY; TOML dates and bare years accepted."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, Date):
        return value.isoformat()
    if isinstance(value, int) and not isinstance(value, bool) and 1000 <= value <= 9999:
        value = str(value)
    if not isinstance(value, str):
        raise ValueError(f"{name} must be a date like 2022-03-31, not {type(value).__name__}")
    try:
        return check_paper_date(value)
    except ValueError as error:
        if "not YYYY" in str(error):
            raise ValueError(str(error).replace("date", name, 1)) from error
        raise ValueError(f"{name} {value.strip()!r} is not a real date ({error})") from error


def _opening(parsed: PaperText) -> list[str]:
    """The paper's first lines, where a clerk prints what it is: its first page, or blocks."""
    first_page = parsed.blocks[0].page if parsed.blocks else None
    lines: list[str] = []
    for block in parsed.blocks[:_OPENING_BLOCKS]:
        if block.page != first_page:
            break
        lines.extend(parsed.text[block.start : block.end].split("\n"))
    return lines


def _headings(parsed: PaperText, cue: re.Pattern[str]) -> list[tuple[str, str | None]]:
    """The opening's heading lines that carry a cue, each with the lines after it that finish
    it (a clerk's heading breaks anywhere: "Meeting on" / "Thursday, 13th" / "February, 2025"),
    and the date they give. A line opening on its cue ("MINUTES of a meeting of the County
    Council held in the Council Chamber, Sessions House, … on Thursday, 13 February 2025") is a
    heading however long; one carrying it further on must be short to be one."""
    opening = _opening(parsed)
    found: list[tuple[str, str | None]] = []
    for at, line in enumerate(opening):
        cued = cue.search(line)
        opens = cued is not None and not line[: cued.start()].strip()
        if cued is None or (len(line.split()) > _HEADING_WORDS and not opens):
            continue
        heading, date = line, first_date(line)
        for more in opening[at + 1 : at + _HEADING_LINES]:
            if date or len(more.split()) > _HEADING_WORDS:
                break
            heading = f"{heading} {more}"
            date = first_date(heading)
        found.append((heading, date))
    return found


def _meeting_line(parsed: PaperText) -> str | None:
    """The opening heading that says what the paper is: "Minutes of a meeting of the Cabinet
    held on Thursday, 30 January 2025", "Agenda for the Planning Committee on 4 March"."""
    for heading, date in _headings(parsed, _NAMES_PAPER):
        if date or _MEETING_OF.search(heading):
            return heading
    return None


def _subject_line(parsed: PaperText) -> str | None:
    """A report's own title on its front sheet: "Subject: Revenue and Capital Budget Monitoring
    Report – November 2024-25"."""
    for line in _opening(parsed):
        found = _SUBJECT.match(line)
        if found and len(found.group(1).split()) <= _HEADING_WORDS:
            return found.group(1)
    return None


def weak_title(title: str | None, parsed: PaperText | None = None) -> bool:
    """A document-properties title that names the file or template, not the paper: a file
    name, "Microsoft Word - …", a generic word, or a date the paper's opening does not give
    (a template's title left from an earlier meeting)."""
    text = " ".join((title or "").split())
    if not text or _JUNK_TITLE.search(text) or text.lower() in _GENERIC_TITLES:
        return True
    stamped = first_date(text)
    if stamped and parsed is not None:
        return stamped not in {first_date(line) for line in _opening(parsed)}
    return False


def infer_title(path: Path, parsed: PaperText) -> str:
    """The file's own title unless it names a file or template, else the opening line that
    says what the paper is, else its first heading or line (trimmed), else the file name."""
    if not weak_title(parsed.title, parsed):
        return trim_title(parsed.title or "")
    meeting = _meeting_line(parsed) or _subject_line(parsed)
    if meeting:
        return trim_title(meeting)
    text = parsed.text
    headings = [b for b in parsed.blocks if b.section and text[b.start : b.end] == b.section[-1]]
    for block in [*headings, *parsed.blocks[:_OPENING_BLOCKS]]:
        line = text[block.start : block.end].split("\n")[0].strip()
        # not a numbered item ("286. Apologies for Absence"), a page's furniture ("Page of 6")
        if has_word(line) and not _NUMBERED_ITEM.match(line) and not weak_title(line):
            return trim_title(line)
    return path.name


def trim_title(text: str) -> str:
    """One line of at most ~120 characters, cut at a word boundary."""
    text = " ".join(text.split())
    if len(text) <= _TITLE_CHARS:
        return text
    head = text[: _TITLE_CHARS + 1]
    cut = head.rsplit(" ", 1)[0].rstrip(" ,;:-–—") if " " in head else ""
    return (cut or text[:_TITLE_CHARS]) + "…"


def infer_date(path: Path, parsed: PaperText) -> str | None:
    """The date of the meeting the paper records or is for, as its opening says ("held on
    30 January 2025", "Date: 19 October 2014"); else the first date on its first page; else
    the file's own (often the day it was saved, not the meeting's); else the first in its text;
    else one in its file name."""
    for _, date in _headings(parsed, _DATE_CUE):
        if date:
            return date
    return (
        first_date("\n".join(_opening(parsed)))
        or parsed.date
        or first_date(parsed.text)
        or name_date(path.name)
    )


def infer_committee(parsed: PaperText) -> str | None:
    """The body whose meeting the paper records, from its opening: "meeting of the Cabinet
    held…", "Minutes of the Planning Committee", "Cabinet - Tuesday, 22 January 2019"."""
    for line in _opening(parsed):
        match = _MEETING_OF.search(line) or _BODY_DATED.match(line.strip())
        if match:
            return tidy(match.group("body")) or None
    return None
