"""Guessing a paper's type from cues in its title and text."""

from __future__ import annotations

import re

_I, _M = re.IGNORECASE, re.IGNORECASE | re.MULTILINE
# (doc type, pattern, weight): each cue counts at most three times.
_TEXT_CUES: list[tuple[str, re.Pattern[str], int]] = [
    ("minutes", re.compile(r"(?<!\d )\bminutes\b(?! ago)", _I), 2),
    ("minutes", re.compile(r"^\W*present\s*:", _M), 3),
    ("minutes", re.compile(r"\bapologies\b", _I), 2),
    ("minutes", re.compile(r"\bit was (?:resolved|agreed|noted)\b", _I), 2),
    ("minutes", re.compile(r"\bRESOLVED\b"), 3),
    ("minutes", re.compile(r"\bdeclarations? of interests?\b", _I), 2),
    ("press_release", re.compile(r"\bpress release\b", _I), 4),
    ("press_release", re.compile(r"\bmedia (?:enquiries|contacts?)\b", _I), 4),
    ("press_release", re.compile(r"\bnotes? (?:to|for) editors\b", _I), 4),
    ("press_release", re.compile(r"\bfor immediate release\b", _I), 4),
    ("press_release", re.compile(r"\bsaid:"), 1),
    ("news", re.compile(r"\bBBC\b"), 2),
    ("news", re.compile(r"^\W*published\b", _M), 2),
    ("news", re.compile(r"\breporter\b", _I), 2),
    ("news", re.compile(r", external\b"), 2),
    ("news", re.compile(r"\b(?:told the BBC|Local Democracy Reporting)\b", _I), 3),
    ("news", re.compile(r"[”\"],? (?:said|added)\b"), 1),
    ("report", re.compile(r"^\W*recommendations?\W*$", _M), 3),
    ("report", re.compile(r"\brecommendations?\b", _I), 1),
    ("report", re.compile(r"\bexecutive summary\b", _I), 3),
    ("report", re.compile(r"\bpurpose of (?:the |this )?report\b", _I), 3),
    ("report", re.compile(r"\b(?:this|the) report\b", _I), 1),
    ("report", re.compile(r"\bappendix\b", _I), 1),
    ("report", re.compile(r"\bkey decision\b", _I), 2),
    ("briefing", re.compile(r"\bbriefing note\b", _I), 5),
    # an agenda or a summons: the meeting to come, not its record ("other": there is no type of
    # its own, and a councillor must not cite an agenda as minutes)
    # (a line in capitals: a meeting's page on the web is headed "Agenda for Cabinet on …" and
    # carries its minutes, and a record's "Agenda item 4" is no agenda)
    ("agenda", re.compile(r"^\W*AGENDA\b(?!\s+ITEM)", re.MULTILINE), 3),
    ("agenda", re.compile(r"\b(?:will be held|notice of (?:a )?meeting)\b", _I), 3),
    ("agenda", re.compile(r"\b(?:hereby summoned|summons to)\b", _I), 6),  # never in minutes
]
_TITLE_CUES: list[tuple[str, re.Pattern[str], int]] = [
    ("minutes", re.compile(r"\bminutes\b", _I), 4),
    ("press_release", re.compile(r"\bpress release\b", _I), 4),
    ("briefing", re.compile(r"\bbriefing\b", _I), 4),
    ("report", re.compile(r"\breport\b", _I), 3),
    ("agenda", re.compile(r"\bsummons\b", _I), 4),
]
_COUNCIL = re.compile(
    r"\b[A-Z][a-z]+(?: [A-Z][a-z]+)* (?:County |City |Borough |District )?Council\b"
)
_ORDER = ("briefing", "minutes", "press_release", "report", "news", "agenda")
_MIN_SCORE = 2
_SAMPLE_CHARS = 20_000


def cue_scores(title: str, text: str) -> dict[str, int]:
    """Weighted cue counts per document type, from the title and the start of the text."""
    sample = f"{title}\n{text[:_SAMPLE_CHARS]}"
    scores = dict.fromkeys(_ORDER, 0)
    for doc_type, pattern, weight in _TEXT_CUES:
        scores[doc_type] += weight * min(len(pattern.findall(sample)), 3)
    for doc_type, pattern, weight in _TITLE_CUES:
        scores[doc_type] += weight if pattern.search(title) else 0
    # A council's own press office: quotes introduced with "said:" beside the council's name.
    if scores["press_release"] and _COUNCIL.search(sample):
        scores["press_release"] += 1
    return scores


def guess_doc_type(title: str, text: str) -> str:
    """The best-supported document type, or "other" when the cues are too weak."""
    scores = cue_scores(title, text)
    best = max(_ORDER, key=lambda doc_type: scores[doc_type])
    return best if scores[best] >= _MIN_SCORE and best != "agenda" else "other"
