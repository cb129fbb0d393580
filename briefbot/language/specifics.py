"""The specific values a question fixes — its years ("in 2025/26", "December 2022") and its
labelled items ("Phase 2", "Band D", "the second tranche", "route 172") — and whether a sentence
gives other values of the same kind instead.

"How much is phase 2 expected to cost?" is not answered by "Phase 1 can be delivered within a
budget of £14.6m", nor "What is the BSIP grant for 2025/26?" by "The BSIP grant for 2024/25 is
£3.4m": the sentence speaks of the same thing, with its words and its kind of figure, but of
another phase or year. A sentence that gives no year, or the question's year beside others, does
not clash. Read generally: any word followed by a short label (a number, a letter, a roman
numeral) is a labelled item, and an ordinal before a word is the same label ("second tranche" is
"tranche 2"); no list of labelled words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date as Date

from briefbot.language.dates import MONTH_NAMES, WEEKDAYS, financial_years
from briefbot.language.tokens import STOPWORDS, stems

Span = tuple[Date, Date]  # the first and last day a year names

_YEAR = re.compile(r"(?<![\w/£$€.,-])((?:19|20)\d{2})(?![\w/]|[.,]\d|-\d)")
_ORDINALS = {
    word: number
    for number, word in enumerate(
        "first second third fourth fifth sixth seventh eighth ninth tenth".split(), start=1
    )
}
_ROMAN = {word: n for n, word in enumerate("i ii iii iv v vi vii viii ix x".split(), start=1)}
# "Phase 2", "Band D", "route 172", "Stage II", "second tranche"; a label is a number of at most
# three figures, one capital letter (not an initial: "Cllr A Smith"), or a roman numeral (not
# "I"), standing alone.
_CALENDAR = frozenset(w.lower() for w in (*MONTH_NAMES, *WEEKDAYS))  # "December 6" is a date
_LABELLED = re.compile(
    r"\b([A-Za-z][a-z]{2,})\s+(\d{1,3}[A-Za-z]?|[A-HJ-Z](?!\s[A-Z][a-z])|[IVX]{2,4})(?![\w/%£$]|[.,]\d)"
)
_ORDINAL = re.compile(r"\b(" + "|".join(_ORDINALS) + r")\s+([A-Za-z][a-z]{2,})\b", re.IGNORECASE)


def year_spans(text: str) -> list[Span]:
    """The years the text names: a financial year (2024/25) as April to March, any other year
    (alone or in a date, "6 December 2022") as the calendar year. Read by pattern alone: it runs
    on every candidate sentence of a question that names a year."""
    spans: list[Span] = financial_years(text)
    inside = [(m.start(), m.end()) for m in re.finditer(r"(?:19|20)\d{2}[/-]\d{2,4}", text)]
    for match in _YEAR.finditer(text):
        if any(a <= match.start() < b for a, b in inside):
            continue
        year = int(match.group(1))
        spans.append((Date(year, 1, 1), Date(year, 12, 31)))
    return spans


def _label(value: str) -> str:
    low = value.lower()
    if low in _ROMAN and value.isupper():
        return str(_ROMAN[low])
    return low


def labels(text: str) -> dict[str, set[str]]:
    """Each labelled word's labels in the text, by the word's stem: "Phase 1 and Phase 2" gives
    {"phase": {"1", "2"}}."""
    found: dict[str, set[str]] = {}
    for match in _LABELLED.finditer(text):
        word = match.group(1).lower()
        if word in STOPWORDS or word in _ORDINALS or word in _CALENDAR:
            continue
        found.setdefault(stems([word])[0], set()).add(_label(match.group(2)))
    for match in _ORDINAL.finditer(text):
        word = match.group(2).lower()
        if word in STOPWORDS:
            continue
        found.setdefault(stems([word])[0], set()).add(str(_ORDINALS[match.group(1).lower()]))
    return found


@dataclass(frozen=True)
class Specifics:
    """What a question fixes: its years and its labelled items."""

    years: tuple[Span, ...]
    labels: dict[str, set[str]]

    @classmethod
    def of(cls, question: str) -> Specifics:
        return cls(tuple(year_spans(question)), labels(question))

    def clash(self, text: str) -> float:
        """1 when the text gives years and none of them is one the question fixes, or gives a
        labelled item the question fixes only under other labels; else 0."""
        if self.years:
            spans = year_spans(text)
            if spans and not any(a <= d and c <= b for a, b in self.years for c, d in spans):
                return 1.0
        if self.labels:
            given = labels(text)
            for word, wanted in self.labels.items():
                if word in given and not (given[word] & wanted):
                    return 1.0
        return 0.0
