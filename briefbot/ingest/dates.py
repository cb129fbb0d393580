"""Dates found in papers, metadata and file names, as YYYY-MM-DD (UK day-month order)."""

from __future__ import annotations

import re
from datetime import date as Date

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_TEXT_DATE = re.compile(
    rf"\b(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m1>{_MONTH})\.?,?\s+(?P<y1>\d{{4}})\b"
    rf"|\b(?P<m2>{_MONTH})\.?\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y2>\d{{4}})\b"
    r"|(?<!\d)(?<!\d[/.-])(?P<d3>\d{1,2})(?P<sep>[/.-])(?P<m3>\d{1,2})(?P=sep)"
    r"(?P<y3>\d{4})(?!\d|[/.-]\d)"
    r"|(?<!\d)(?<!\d[/.-])(?P<y4>\d{4})-(?P<m4>\d{2})-(?P<d4>\d{2})(?!\d|[/.-]\d)",
    re.IGNORECASE,
)
_NAME_DATE = re.compile(r"(?<!\d)(\d{4})[-_.]?(\d{2})[-_.]?(\d{2})(?!\d)")
_NAME_UK_DATE = re.compile(r"(?<!\d)(\d{1,2})[-_.](\d{1,2})[-_.](\d{4})(?!\d)")
_NAME_MONTH = re.compile(r"(?<!\d)((?:19|20)\d{2})[-_.](\d{2})(?!\d)", re.ASCII)
_ISO_PREFIX = re.compile(r"^\s*(\d{4})-?(\d{2})-?(\d{2})(?:$|[T\s_])")
# A paper's own date sits near its start; searching further only costs time on huge files.
_SEARCH_CHARS = 100_000


def make_date(year: int | str, month: int | str, day: int | str) -> str | None:
    """YYYY-MM-DD for a real calendar date in a plausible range, else None."""
    try:
        value = Date(int(year), int(month), int(day))
    except ValueError:
        return None
    return value.isoformat() if 1900 <= value.year <= 2100 else None


def iso_date(value: str) -> str | None:
    """A date from metadata such as '2022-03-31T10:00:00Z' or '20220331', else None."""
    match = _ISO_PREFIX.match(value or "")
    return make_date(*match.groups()) if match else None


def _month_number(name: str) -> int:
    return _MONTHS[name[:3].lower()]


def _from_match(match: re.Match[str]) -> str | None:
    parts = match.groupdict()
    if parts["y1"]:
        return make_date(parts["y1"], _month_number(parts["m1"]), parts["d1"])
    if parts["y2"]:
        return make_date(parts["y2"], _month_number(parts["m2"]), parts["d2"])
    if parts["y3"]:
        return make_date(parts["y3"], parts["m3"], parts["d3"])
    return make_date(parts["y4"], parts["m4"], parts["d4"])


def first_date(text: str) -> str | None:
    """The first full, real date near the start of a text: '31 March 2022', '24/11/2022'..."""
    for match in _TEXT_DATE.finditer(text, 0, _SEARCH_CHARS):
        found = _from_match(match)
        if found:
            return found
    return None


def name_date(name: str) -> str | None:
    """A date in a file name: 2022-03-31-minutes.txt, minutes_20220331.pdf, 31-03-2022.docx."""
    for match in _NAME_DATE.finditer(name):
        found = make_date(*match.groups())
        if found:
            return found
    for match in _NAME_UK_DATE.finditer(name):
        found = make_date(match.group(3), match.group(2), match.group(1))
        if found:
            return found
    found = first_date(re.sub(r"[-_.]+", " ", name))
    if found:
        return found
    for match in _NAME_MONTH.finditer(name):
        if 1 <= int(match.group(2)) <= 12:
            return f"{match.group(1)}-{match.group(2)}"
    return None
