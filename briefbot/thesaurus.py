"""Council vocabulary: words that name the same thing in council papers.

A councillor asks about "the latest decision"; the minutes say Cabinet "approved" it. The small
embedding model does not reliably join such words, so the answerer treats each group below as one
word when it checks that a sentence covers the question's wording. The groups are the ordinary
vocabulary of council business (decisions, posts, inspections, money, change), not any one
paper's phrasing.
"""

from __future__ import annotations

from functools import lru_cache

from briefbot.keywords import stems, words

GROUPS = (
    "decision decide decided approve approved approval agree agreed resolve resolved resolution",
    "post position role job appointment appoint appointed",
    "rate rated rating judge judged judgement judgment grade graded",
    "fall fell fallen reduce reduced reduction decrease decreased cut drop dropped decline",
    "rise rose risen increase increased grow grew higher",
    "funding fund funds money investment invest invested finance financial",
    "consider considered discuss discussed debate debated",
    "staff workforce employee employees personnel",
    "start started begin began commence commenced launch launched",
    "meeting session",
    "broadcast broadcasting shown show",
    "inspect inspected inspection inspectors",
    "find found finding findings identify identified conclude concluded conclusion",
)


@lru_cache(maxsize=1)
def _concepts() -> dict[str, str]:
    table: dict[str, str] = {}
    for group in GROUPS:
        found = stems(words(group))
        for stem in found:
            table.setdefault(stem, found[0])
    return table


def concept(stem: str) -> str:
    """The group a stemmed word belongs to (its first member), or the stem itself."""
    return _concepts().get(stem, stem)


def concepts(found: list[str]) -> set[str]:
    """The concepts of a list of stems."""
    table = _concepts()
    return {table.get(s, s) for s in found}
