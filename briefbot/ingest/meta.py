"""A paper's metadata: its `.meta.toml` sidecar wins field by field, the rest is inferred."""

from __future__ import annotations

import tomllib
from datetime import date as Date
from datetime import datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from briefbot.errors import PaperError
from briefbot.ingest.clean import tidy
from briefbot.ingest.cues import guess_doc_type
from briefbot.language.dates import first_date, name_date
from briefbot.language.papers import DOC_TYPES
from briefbot.models import PaperMeta, PaperText, check_paper_date
from briefbot.safety import message

SIDECAR_SUFFIX = ".meta.toml"
_TEXT_FIELDS = ("title", "doc_type", "publisher", "committee", "url")
_DATE_FIELDS = ("date", "meeting_date")
_TITLE_CHARS = 120


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
    if doc_type is not None and doc_type not in DOC_TYPES:
        raise ValueError(f"doc_type {doc_type!r} is not one of {', '.join(DOC_TYPES)}")
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


def infer_title(path: Path, parsed: PaperText) -> str:
    """The file's own title, else its first heading or line (trimmed), else the file name."""
    if parsed.title and parsed.title.strip():
        return trim_title(parsed.title)
    text = parsed.text
    headings = [b for b in parsed.blocks if b.section and text[b.start : b.end] == b.section[-1]]
    first = headings[0] if headings else (parsed.blocks[0] if parsed.blocks else None)
    if first is not None:
        line = text[first.start : first.end].split("\n")[0]
        if line.strip():
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
    """The file's own date, else the first full date in its text, else one in its file name."""
    return parsed.date or first_date(parsed.text) or name_date(path.name)
