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

# What clerks call the kinds of paper in a sidecar, beyond the types' own names: each read as
# the type it is. A record of a decision is a record of what a meeting or a member decided, as
# minutes are; an agenda or a letter is none of the named types.
DOC_TYPE_NAMES = {
    "decision": "minutes",
    "decisions": "minutes",
    "record of decision": "minutes",
    "decision notice": "minutes",
    "decision record": "minutes",
    "minute": "minutes",
    "committee report": "report",
    "cabinet report": "report",
    "officer report": "report",
    "news release": "press_release",
    "media release": "press_release",
    "article": "news",
    "news article": "news",
    "briefing note": "briefing",
    "member briefing": "briefing",
    "agenda": "other",
    "letter": "other",
}


def doc_type_named(name: str) -> str | None:
    """The doc type a sidecar's name for it means ("Press release", "decision", "Minutes"), or
    None for a name that is none of them."""
    said = " ".join(name.casefold().replace("_", " ").replace("-", " ").split())
    typed = said.replace(" ", "_")
    return typed if typed in DOC_TYPES else DOC_TYPE_NAMES.get(said)


def other_publishers(a: str | None, b: str | None) -> bool:
    """Whether two papers say they come from different bodies. Two councils' papers, written
    from one template, give each council's own figure: different values, but no disagreement."""
    if not a or not b:
        return False
    return " ".join(a.casefold().split()) != " ".join(b.casefold().split())


def doc_type_heading(doc_type: str) -> str:
    """How a briefing's reference names a kind of paper: 'Minutes', 'Press release', 'Paper'."""
    return "Paper" if doc_type == "other" else DOC_TYPE_LABELS.get(doc_type, "Paper").capitalize()
