"""A briefing's sections from its material: the summary of distinct statements, and the
points to check where papers give different dates or figures for the same thing."""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING, Literal

from briefbot.briefing.gather import _BULLET, Found
from briefbot.briefing.money import (
    AmountClaim,
    Source,
    Vocabulary,
    amount_claims,
    clause_at,
    differing_amounts,
)
from briefbot.briefing.note import PointToCheck, Statement, Version
from briefbot.briefing.timeline import (
    dated_claims,
    differing_dates,
)
from briefbot.language.dates import When, financial_years, paper_when
from briefbot.models import date_key
from briefbot.safety import plain
from briefbot.store.keywords import tokenize

if TYPE_CHECKING:
    pass


SUMMARY_MAX, SUMMARY_MIN, SUMMARY_PER_PAPER, SUMMARY_MARGIN = 6, 3, 2, 0.35
DUPLICATE = 0.6  # word-set overlap above which two sentences say the same thing


MAX_VERSIONS = 2  # a thing given more values than this is a series (a yearly budget), not a clash


def same_claim(a: str, b: str) -> bool:
    words_a, words_b = set(tokenize(a)), set(tokenize(b))
    union = words_a | words_b
    return bool(union) and len(words_a & words_b) / len(union) >= DUPLICATE


def is_statement(text: str) -> bool:
    """A whole sentence rather than a heading, a caption or a line of page furniture."""
    words = text.split()
    if len(words) < 6 or not re.search(r"[.!?][\"'”’)\]]*$", text):
        return False
    return sum(1 for w in words if w[:1].isupper()) / len(words) < 0.5


def summary(material: list[Found]) -> list[Statement]:
    """The most relevant statements (3 to 6), at most two per paper, none repeating another."""
    statements = [f for f in material if is_statement(f.text)]
    chosen: list[Found] = []
    for item in statements:
        enough = (
            len(chosen) >= SUMMARY_MIN and item.relevance < statements[0].relevance - SUMMARY_MARGIN
        )
        if len(chosen) >= SUMMARY_MAX or enough:
            break
        if sum(c.paper_id == item.paper_id for c in chosen) < SUMMARY_PER_PAPER and not any(
            same_claim(item.text, c.text) for c in chosen
        ):
            chosen.append(item)
    return [
        Statement(text=_BULLET.sub("", plain(f.citation.shown)), citation=f.citation.model_copy())
        for f in chosen
    ]


def points_to_check(material: list[Found], vocabulary: Vocabulary) -> list[PointToCheck]:
    """Different dates or figures for the same thing in different papers: both versions, cited."""
    points: dict[tuple[str, str], PointToCheck] = {}

    def add(kind: Literal["date", "amount"], subject: str, pair: list[tuple[Found, str]]) -> None:
        point = points.setdefault(
            (kind, subject), PointToCheck(subject=subject, kind=kind, versions=[])
        )
        for item, value in pair:
            if (item.paper_id, value) not in {
                (v.citation.paper_id, v.value) for v in point.versions
            }:
                point.versions.append(Version(value=value, text=item.text, citation=item.citation))

    dated = [(item, when) for item in material for when in item.dates]
    claims = [dated_claims(_source(item), item.text, [when], vocabulary)[0] for item, when in dated]
    for i, j, shared in differing_dates(claims, vocabulary.common):
        add("date", ", ".join(shared), [(dated[k][0], _when_label(dated[k][1])) for k in (i, j)])
    amounts = [
        (item, claim)
        for item in material
        for claim in amount_claims(_source(item), item.text, _spans(item), vocabulary)
    ]
    for i, j, words in differing_amounts([claim for _, claim in amounts], vocabulary.common):
        subject = _subject(amounts[i][1], words, amounts[i][0].text)
        add("amount", subject, [(amounts[k][0], amounts[k][1].amount.label) for k in (i, j)])
    values = {key: {v.value.split(" (")[0] for v in p.versions} for key, p in points.items()}
    kept = [p for key, p in points.items() if len(values[key]) <= MAX_VERSIONS]
    for point in kept:
        point.versions.sort(key=lambda v: (date_key(v.citation.date), v.citation.path))
    return kept


def _source(item: Found) -> Source:
    when = paper_when(item.citation.date)
    return Source(
        item.paper_id,
        when.span[0] if when else None,
        frozenset(tokenize(item.citation.title)),
        item.citation.publisher,
    )


def _spans(item: Found) -> tuple[tuple[date, date], ...]:
    return tuple(w.span for w in item.dates) + tuple(financial_years(item.text))


def _when_label(when: When) -> str:
    if not when.written:
        return f"{when.label} (date of the meeting)"
    return f"{when.label} (year from the paper's date)" if when.year_inferred else when.label


def _subject(claim: AmountClaim, shared: frozenset[str], sentence: str) -> str:
    """The words an amount's clause shares with the other's, as the paper writes them."""
    low, high = clause_at(sentence, claim.amount.start, claim.amount.end)
    words = [w for w in re.findall(r"[\w’'-]+", sentence[low:high]) if set(tokenize(w)) & shared]
    return " ".join(words[:6]) or claim.amount.label


# ---------------------------------------------------------------------------------------------
# Building and numbering
