"""Dates as papers write them -> normalised dates that keep their precision; the timeline; and
where papers give different dates for the same thing.

"Thursday 31 March 2022" -> 2022-03-31, "from July 2022" -> 2022-07 (a month stays a month),
"13 December" in a paper dated 2022-12 -> 2022-12-13. Regexes find the phrases (a bare month only
after a word such as "in" or "from", so "May" opening a sentence is no date); dateparser reads and
checks them (no 31 February).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from pydantic import BaseModel, Field

from briefbot.briefing.money import (
    Source,
    Vocabulary,
    clause_at,
    different_things,
    find_amounts,
    names,
)
from briefbot.language.dates import Precision, When
from briefbot.language.glossary import glossary
from briefbot.models import Citation, date_key

SAME_EVENT = 0.5  # share of their concepts two dated clauses need to speak of one event


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
            entries.append(
                TimelineEntry(
                    date=when.iso,
                    label=when.label,
                    precision=when.precision,
                    written=when.written,
                    year_inferred=when.year_inferred,
                    text=text,
                    citation=citation.model_copy(),
                )
            )
    return sorted(entries, key=lambda e: (e.date.ljust(10), date_key(e.citation.date)))


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
        event = frozenset(
            k for k in glossary().keys(clause) if not any(c.isdigit() for c in k) and k not in named
        )
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
                label
                for key, label in a.anchors.items()
                if key in b.anchors and (key in a.amounts or not common(key))
            ]
            if shared:
                pairs.append((i, j, shared))
    return pairs
