"""The kinds of council paper and how people name them: one home for the doc types' labels.
No imports: the command line and the chat read these before the core (and pydantic) loads."""

from __future__ import annotations

DOC_TYPES: tuple[str, ...] = ("minutes", "report", "press_release", "news", "briefing", "other")
DOC_TYPE_LABELS = {
    "minutes": "minutes",
    "report": "report",
    "press_release": "press release",
    "news": "news",
    "briefing": "briefing",
    "other": "other",
}


def other_publishers(a: str | None, b: str | None) -> bool:
    """Whether two papers say they come from different bodies. Two councils' papers, written
    from one template, give each council's own figure: different values, but no disagreement."""
    if not a or not b:
        return False
    return " ".join(a.casefold().split()) != " ".join(b.casefold().split())


def doc_type_heading(doc_type: str) -> str:
    """How a briefing's reference names a kind of paper: 'Minutes', 'Press release', 'Paper'."""
    return "Paper" if doc_type == "other" else DOC_TYPE_LABELS.get(doc_type, "Paper").capitalize()
