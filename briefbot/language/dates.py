"""Dates: how a paper's date reads to people, and dates as papers write them -> normalised
dates that keep their precision.

"Thursday 31 March 2022" -> 2022-03-31, "from July 2022" -> 2022-07 (a month stays a month),
"13 December" in a paper dated 2022-12 -> 2022-12-13. Regexes find the phrases (a bare month only
after a word such as "in" or "from", so "May" opening a sentence is no date); dateparser reads and
checks them (no 31 February). Imports nothing heavy at module level: the chat uses the labels
before the core loads.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date as Date
from datetime import datetime
from functools import lru_cache
from typing import Any, Literal

MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
# A month as papers write it: in full, or abbreviated ("Sept.", "Nov"). Compiled with IGNORECASE
# where case does not matter (a full date around it); as it is, "may" the verb is no month.
MONTH = "(?:" + "|".join(MONTH_NAMES) + r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?)"
FULL_MONTH = "(?:" + "|".join(MONTH_NAMES) + ")"
WEEKDAY = "(?:" + "|".join(WEEKDAYS) + ")"


def month_number(name: str) -> int:
    """1 for 'January', 'Jan' or 'jan.', ... 12 for 'December'."""
    key = name.rstrip(".")[:3].lower()
    return [m[:3].lower() for m in MONTH_NAMES].index(key) + 1


def paper_date_label(value: str | None) -> str:
    """'2022-03-31' -> '31 March 2022', '2022-03' -> 'March 2022', None -> 'undated'."""
    if not value:
        return "undated"
    try:
        parts = [int(p) for p in value.split("-")]
        if len(parts) == 3:
            return f"{parts[2]} {MONTH_NAMES[parts[1] - 1]} {parts[0]}"
        if len(parts) == 2:
            return f"{MONTH_NAMES[parts[1] - 1]} {parts[0]}"
    except (ValueError, IndexError):
        return " ".join(value.split())
    return str(parts[0])


Precision = Literal["day", "month", "year"]

_WEEKDAY = r"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+(?:the\s+)?)?"
_YEAR = r"(?:19|20)\d{2}"
_CUE = (
    r"(?:in|from|since|by|until|till|during|before|after|early|late|mid-?|end of|start of"
    r"|beginning of|middle of|of|on|last|next|this|each|every|between|and|to)"
)
_DATE = re.compile(
    rf"(?<![\w£$€/.-])(?:"
    rf"(?P<dmy>{_WEEKDAY}(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?(?:\s+of)?\s+(?P<m1>{MONTH})"
    rf"(?:,?\s+(?P<y1>{_YEAR}))?)"
    rf"|(?P<mdy>{_WEEKDAY}(?P<m2>{MONTH})\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y2>{_YEAR}))"
    rf"|(?P<my>(?P<m3>{FULL_MONTH}),?\s+(?P<y3>{_YEAR}))"
    rf"|(?P<num>(?P<d4>\d{{1,2}})/(?P<m4>\d{{1,2}})/(?P<y4>{_YEAR}))"
    rf"|(?P<iso>(?P<y5>{_YEAR})-(?P<m5>\d{{2}})-(?P<d5>\d{{2}}))"
    rf"|(?P<c6>\b{_CUE}\s+)(?P<m6>{FULL_MONTH})(?!,?\s+(?:{_YEAR}|\d))"
    rf"(?P<rel>\s+(?:last|next|this)\s+year)?"
    rf"|(?P<c7>\b(?:in|during|since|until|by|from|before|after)\s+)(?P<y7>{_YEAR})"
    rf")(?![\w/]|-\d|\.\d)"
)


@dataclass(frozen=True)
class When:
    """A date at the precision the paper gave it, and the words it was read from."""

    year: int
    month: int | None
    day: int | None
    written: str
    start: int = 0
    end: int = 0
    year_inferred: bool = False

    @property
    def precision(self) -> Precision:
        return "day" if self.day else "month" if self.month else "year"

    @property
    def iso(self) -> str:
        """2022-03-31, 2022-07 or 2022."""
        if self.day and self.month:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        return f"{self.year:04d}-{self.month:02d}" if self.month else f"{self.year:04d}"

    @property
    def label(self) -> str:
        """31 March 2022, July 2022 or 2022."""
        if self.day and self.month:
            return f"{self.day} {MONTH_NAMES[self.month - 1]} {self.year}"
        return f"{MONTH_NAMES[self.month - 1]} {self.year}" if self.month else str(self.year)

    @property
    def span(self) -> tuple[Date, Date]:
        """The first and last day this date can mean."""
        if self.day and self.month:
            day = Date(self.year, self.month, self.day)
            return day, day
        if self.month:
            last = calendar.monthrange(self.year, self.month)[1]
            return Date(self.year, self.month, 1), Date(self.year, self.month, last)
        return Date(self.year, 1, 1), Date(self.year, 12, 31)

    def compatible(self, other: When) -> bool:
        """'March 2022' and '31 March 2022' agree: one lies within the other."""
        (a0, a1), (b0, b1) = self.span, other.span
        return (a0 <= b0 and b1 <= a1) or (b0 <= a0 and a1 <= b1)


def paper_year(paper_date: str | None) -> int | None:
    """The year of a paper's own date (YYYY, YYYY-MM or YYYY-MM-DD), if it has one."""
    return int(paper_date[:4]) if paper_date and paper_date[:4].isdigit() else None


@lru_cache(maxsize=1)
def _parser() -> Any:
    from dateparser.date import DateDataParser

    return DateDataParser(
        languages=["en"],
        settings={
            "DATE_ORDER": "DMY",
            "PREFER_DAY_OF_MONTH": "first",
            "RELATIVE_BASE": datetime(2000, 1, 1),
        },
    )


def read_date(text: str) -> tuple[Date, Precision] | None:
    """dateparser's reading of a complete date phrase, with its precision; None if impossible."""
    data = _parser().get_date_data(text)
    if data.date_obj is None or data.period not in ("day", "month", "year"):
        return None
    return data.date_obj.date(), data.period


def _phrase(match: re.Match[str], year_of_paper: int | None) -> tuple[str, bool] | None:
    """The date as a complete phrase for dateparser, and whether its year came from the paper."""
    g = match.groupdict()
    if g["dmy"]:
        year, inferred = (g["y1"], False) if g["y1"] else (year_of_paper, True)
        month = MONTH_NAMES[month_number(g["m1"]) - 1]
        return (f"{int(g['d1'])} {month} {year}", inferred) if year else None
    if g["mdy"]:
        return f"{int(g['d2'])} {MONTH_NAMES[month_number(g['m2']) - 1]} {g['y2']}", False
    if g["my"]:
        return f"{g['m3']} {g['y3']}", False
    if g["num"]:
        return f"{int(g['d4'])}/{int(g['m4'])}/{g['y4']}", False
    if g["iso"]:
        return f"{int(g['d5'])}/{int(g['m5'])}/{g['y5']}", False
    if g["m6"]:
        if year_of_paper is None:
            return None
        shift = {"last": -1, "next": 1}.get((g["rel"] or "").split()[0] if g["rel"] else "", 0)
        return f"{g['m6']} {year_of_paper + shift}", True
    return g["y7"], False


def find_dates(sentence: str, paper_date: str | None = None) -> list[When]:
    """Every date the sentence gives, at its own precision; a missing year is the paper's year."""
    found: list[When] = []
    for match in _DATE.finditer(sentence):
        phrase = _phrase(match, paper_year(paper_date))
        read = read_date(phrase[0]) if phrase else None
        if phrase is None or read is None:
            continue
        day, precision = read
        cue = match.group("c6") and "c6" or match.group("c7") and "c7"
        start = match.end(cue) if cue else match.start()
        found.append(
            When(
                year=day.year,
                month=day.month if precision != "year" else None,
                day=day.day if precision == "day" else None,
                written=" ".join(sentence[start : match.end()].split()),
                start=start,
                end=match.end(),
                year_inferred=phrase[1],
            )
        )
    return found


def paper_when(paper_date: str | None, written: str = "") -> When | None:
    """A paper's own date (YYYY[-MM[-DD]]) as a When, e.g. for what minutes record as decided."""
    if not paper_date:
        return None
    parts = [int(p) for p in paper_date.split("-")] + [0, 0]
    return When(parts[0], parts[1] or None, parts[2] or None, written=written)


_DECIDED = re.compile(
    r"\b(resolved|approved|agreed|decided|endorsed|adopted|rejected|deferred)\b", re.I
)


def dates_in(sentence: str, paper_date: str | None, meeting: str | None = None) -> list[When]:
    """The dates a sentence gives; a decision in minutes that gives none has the meeting's."""
    whens = find_dates(sentence, paper_date)
    if not whens and meeting and _DECIDED.search(sentence):
        when = paper_when(meeting)
        return [when] if when and when.precision == "day" else []
    return whens


_FINANCIAL_YEAR = re.compile(r"(?<![\w/])((?:19|20)\d{2})[/-](\d{2}|(?:19|20)\d{2})(?![\w/]|-\d)")


def financial_years(sentence: str) -> list[tuple[Date, Date]]:
    """The spans of financial years such as 2023/24 (1 April 2023 to 31 March 2024)."""
    spans = []
    for match in _FINANCIAL_YEAR.finditer(sentence):
        first, second = int(match.group(1)), int(match.group(2)[-2:])
        if (first + 1) % 100 == second:
            spans.append((Date(first, 4, 1), Date(first + 1, 3, 31)))
    return spans


# Dates in papers' text, metadata and file names, as YYYY-MM-DD (UK day-month order).
_TEXT_DATE = re.compile(
    rf"\b(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m1>{MONTH})\.?,?\s+(?P<y1>\d{{4}})\b"
    rf"|\b(?P<m2>{MONTH})\.?\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y2>\d{{4}})\b"
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


def _from_match(match: re.Match[str]) -> str | None:
    parts = match.groupdict()
    if parts["y1"]:
        return make_date(parts["y1"], month_number(parts["m1"]), parts["d1"])
    if parts["y2"]:
        return make_date(parts["y2"], month_number(parts["m2"]), parts["d2"])
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
