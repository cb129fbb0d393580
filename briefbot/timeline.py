"""Dates as papers write them -> normalised dates that keep their precision; the timeline; and
where papers give different dates for the same thing.

"Thursday 31 March 2022" -> 2022-03-31, "from July 2022" -> 2022-07 (a month stays a month),
"13 December" in a paper dated 2022-12 -> 2022-12-13. Regexes find the phrases (a bare month only
after a word such as "in" or "from", so "May" opening a sentence is no date); dateparser reads and
checks them (no 31 February).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date as Date
from datetime import datetime
from functools import lru_cache
from typing import Any, Literal

from pydantic import BaseModel, Field

from briefbot.labels import MONTH_NAMES
from briefbot.language.glossary import glossary
from briefbot.models import Citation, date_key
from briefbot.money import Source, Vocabulary, clause_at, different_things, find_amounts, names

Precision = Literal["day", "month", "year"]
SAME_EVENT = 0.5  # share of their concepts two dated clauses need to speak of one event

_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?)"
)
_FULL_MONTH = "(?:" + "|".join(MONTH_NAMES) + ")"
_WEEKDAY = r"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+(?:the\s+)?)?"
_YEAR = r"(?:19|20)\d{2}"
_CUE = (
    r"(?:in|from|since|by|until|till|during|before|after|early|late|mid-?|end of|start of"
    r"|beginning of|middle of|of|on|last|next|this|each|every|between|and|to)"
)
_DATE = re.compile(
    rf"(?<![\w£$€/.-])(?:"
    rf"(?P<dmy>{_WEEKDAY}(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?(?:\s+of)?\s+(?P<m1>{_MONTH})"
    rf"(?:,?\s+(?P<y1>{_YEAR}))?)"
    rf"|(?P<mdy>{_WEEKDAY}(?P<m2>{_MONTH})\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y2>{_YEAR}))"
    rf"|(?P<my>(?P<m3>{_FULL_MONTH}),?\s+(?P<y3>{_YEAR}))"
    rf"|(?P<num>(?P<d4>\d{{1,2}})/(?P<m4>\d{{1,2}})/(?P<y4>{_YEAR}))"
    rf"|(?P<iso>(?P<y5>{_YEAR})-(?P<m5>\d{{2}})-(?P<d5>\d{{2}}))"
    rf"|(?P<c6>\b{_CUE}\s+)(?P<m6>{_FULL_MONTH})(?!,?\s+(?:{_YEAR}|\d))"
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


def _month_number(name: str) -> int:
    key = name.rstrip(".")[:3].lower()
    return [m[:3].lower() for m in MONTH_NAMES].index(key) + 1


def _phrase(match: re.Match[str], year_of_paper: int | None) -> tuple[str, bool] | None:
    """The date as a complete phrase for dateparser, and whether its year came from the paper."""
    g = match.groupdict()
    if g["dmy"]:
        year, inferred = (g["y1"], False) if g["y1"] else (year_of_paper, True)
        month = MONTH_NAMES[_month_number(g["m1"]) - 1]
        return (f"{int(g['d1'])} {month} {year}", inferred) if year else None
    if g["mdy"]:
        return f"{int(g['d2'])} {MONTH_NAMES[_month_number(g['m2']) - 1]} {g['y2']}", False
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
        found.append(When(
            year=day.year, month=day.month if precision != "year" else None,
            day=day.day if precision == "day" else None,
            written=" ".join(sentence[start : match.end()].split()), start=start, end=match.end(),
            year_inferred=phrase[1],
        ))  # fmt: skip
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


class TimelineEntry(BaseModel):
    """A dated event: the date at the precision the paper gave, the sentence, its citation."""

    date: str = Field(description="2022-03-31, 2022-07 or 2022")
    label: str = Field(description="31 March 2022, July 2022 or 2022")
    precision: Precision
    written: str = Field("", description="the date as written; empty for a meeting's date")
    year_inferred: bool = False
    text: str
    citation: Citation


TIMELINE_PER_DATE, TIMELINE_MAX = 3, 25


def timeline_entries(sentences: Iterable[tuple[str, Citation, list[When]]]) -> list[TimelineEntry]:
    """Dated events in date order, from sentences best first: one sentence per date per paper,
    a few papers per date, the most relevant kept when there are too many."""
    entries: list[TimelineEntry] = []
    seen: set[tuple[str, str]] = set()
    for text, citation, whens in sentences:
        for when in whens:
            crowded = sum(e.date == when.iso for e in entries) >= TIMELINE_PER_DATE
            if crowded or (when.iso, citation.paper_id) in seen or len(entries) >= TIMELINE_MAX:
                continue
            seen.add((when.iso, citation.paper_id))
            entries.append(TimelineEntry(
                date=when.iso, label=when.label, precision=when.precision, written=when.written,
                year_inferred=when.year_inferred, text=text, citation=citation.model_copy(),
            ))  # fmt: skip
    return sorted(entries, key=lambda e: (e.date.ljust(10), date_key(e.citation.date)))


_FINANCIAL_YEAR = re.compile(r"(?<![\w/])((?:19|20)\d{2})[/-](\d{2}|(?:19|20)\d{2})(?![\w/]|-\d)")


def financial_years(sentence: str) -> list[tuple[Date, Date]]:
    """The spans of financial years such as 2023/24 (1 April 2023 to 31 March 2024)."""
    spans = []
    for match in _FINANCIAL_YEAR.finditer(sentence):
        first, second = int(match.group(1)), int(match.group(2)[-2:])
        if (first + 1) % 100 == second:
            spans.append((Date(first, 4, 1), Date(first + 1, 3, 31)))
    return spans


@dataclass(frozen=True)
class DatedClaim:
    """A date as one paper gives it, and what its clause says the date is of."""

    source: Source
    when: When
    anchors: dict[str, str]  # key -> as written: what the date goes with (not the paper's setting)
    amounts: frozenset[str]
    names: frozenset[str] = frozenset()  # every name in the clause
    event: frozenset[str] = frozenset()  # what the clause says happens: its concepts, less names


def dated_claims(
    source: Source, sentence: str, whens: list[When], vocabulary: Vocabulary | None = None
) -> list[DatedClaim]:
    """Each date with the amounts and names of its clause (the sentence, for a meeting's date)."""
    claims = []
    for when in whens:
        low, high = (
            clause_at(sentence, when.start, when.end) if when.written else (0, len(sentence))
        )
        amounts = {str(a.pounds.normalize()): a.label for a in find_amounts(sentence[low:high])}
        named = names(sentence, low, high, vocabulary)
        anchors = {**{k: v for k, v in named.items() if k not in source.setting}, **amounts}
        clause = sentence[low:high].replace(when.written, " ") if when.written else sentence
        event = frozenset(k for k in glossary().keys(clause)
                          if not any(c.isdigit() for c in k) and k not in named)  # fmt: skip
        claims.append(
            DatedClaim(source, when, anchors, frozenset(amounts), frozenset(named), event)
        )
    return claims


def same_event(a: DatedClaim, b: DatedClaim) -> bool:
    """Whether two dated clauses say the same thing happens: most of their concepts shared. A
    tranche starting in July and a Cabinet approving it in November are two events, though both
    clauses give £6.49m."""
    union = a.event | b.event
    return bool(union) and len(a.event & b.event) / len(union) >= SAME_EVENT


def agree(a: When, b: When) -> bool:
    """Same date at any precision; a year taken from a paper's date is not the paper's claim, so
    'from April' in papers of 2022 and 2023 agree (each means its own April)."""
    if a.compatible(b):
        return True
    for guess, other in ((a, b), (b, a)):
        if guess.year_inferred:
            try:
                if replace(guess, year=other.year).compatible(other):
                    return True
            except ValueError:  # 29 February in another year
                continue
    return False


def differing_dates(
    claims: list[DatedClaim], common: Callable[[str], bool]
) -> list[tuple[int, int, list[str]]]:
    """Pairs of claims from papers close in time giving different dates for the same thing.

    The same thing: the clauses share an amount, or a name most papers do not mention (`common`
    says which do), and neither names something the other does not. Conservative: dates that
    agree at different precisions are no disagreement, nor are clauses with different amounts."""
    pairs = []
    for i, a in enumerate(claims):
        for j in range(i + 1, len(claims)):
            b = claims[j]
            if not a.source.near(b.source) or agree(a.when, b.when):
                continue
            if a.amounts and b.amounts and not a.amounts & b.amounts:
                continue
            if different_things(a.names, b.names, common) or not same_event(a, b):
                continue
            shared = [
                label for key, label in a.anchors.items()
                if key in b.anchors and (key in a.amounts or not common(key))
            ]  # fmt: skip
            if shared:
                pairs.append((i, j, shared))
    return pairs
