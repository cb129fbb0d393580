"""What minutes record of a motion, read from a passage's own words: who moved (proposed) and
who seconded it, the recorded vote ("For (14)" and the names under it, "AYES: …", "Against: 2"),
whether it was carried or lost, and whether a resolution is recorded. Kept with the passage as
its `MinuteRecord`, so that "who seconded…" and "who voted against…" can find the place and an
answer can show the record beside the quote. The English the patterns read is in
`briefbot.language.words`.
"""

from __future__ import annotations

import re

from briefbot.ingest.sentences import split_sentences
from briefbot.language.words import (
    BY_VOTES,
    COUNTED,
    HONOURS,
    MOVED,
    NOT_A_MOVER,
    OUTCOME,
    RESOLVED,
    SECONDED,
    TALLY,
    VOTE,
    VOTE_SIDES,
    VOTED,
    VOTED_SIDES,
)
from briefbot.models import MinuteRecord, Paper, Vote, VoteSide

_SIDES: dict[str, VoteSide] = {
    word: side  # type: ignore[misc]
    for side, words in VOTE_SIDES.items()
    for word in words
}
_NAME_PART = re.compile(
    r"^(?:the |Cllrs?\.? |Councillors? |Commissioners? |Mr |Mrs |Ms |Dr )?"
    r"[A-Z][\w’'.-]*(?: [A-Z*][\w’'.-]*){0,3}$"
)
_SPLIT = re.compile(r",\s*(?:and\s+)?|\s+and\s+")
_NONE = re.compile(r"^(?:none|nil|no one)\.?$", re.IGNORECASE)


def _people(patterns: tuple[re.Pattern[str], ...], text: str) -> tuple[str, ...]:
    found: list[str] = []
    for pattern in patterns:
        for match in pattern.finditer(text):
            who = match.group("who").strip(" .,")
            if who and who.lower() not in NOT_A_MOVER and who not in found:
                found.append(who)
    return tuple(found)


def _names(text: str) -> tuple[str, ...] | None:
    """The names in a list of people ("Mr Baldock, Mr Brady, and Dr Sullivan"); None for text
    that is not such a list."""
    text = text.strip().rstrip(".")
    if _NONE.match(text):
        return ()
    text = " ".join(text.replace("*", "").split())
    parts = [p.strip() for p in _SPLIT.split(text) if p.strip()]
    if not parts or not all(_NAME_PART.match(p) for p in parts):
        return None
    names: list[str] = []
    for part in parts:
        if part in HONOURS and names:
            names[-1] = f"{names[-1]}, {part}"
        else:
            names.append(part)
    return tuple(names)


def _votes(paragraphs: list[str]) -> tuple[Vote, ...]:
    votes: list[Vote] = []
    index = 0
    while index < len(paragraphs):
        match = VOTE.match(paragraphs[index].strip())
        index += 1
        if match is None:
            continue
        count = match.group("count") or match.group("count2")
        rest = match.group("rest").strip().lstrip(":–- ")
        names: tuple[str, ...] = ()
        inline: list[Vote] = []
        if rest:
            names = _names(rest) or ()
            if _NONE.match(rest):
                count = "0"
            elif not names:  # the other sides on the same line: "For: 7, Against: 2."
                inline = [_tallied(m) for m in TALLY.finditer(rest)]
        else:  # the names may follow, a long list wrapped over several paragraphs
            listed = ""
            while index < len(paragraphs) and not VOTE.match(paragraphs[index].strip()):
                longer = f"{listed} {paragraphs[index].strip()}".strip()
                if _names(longer.rstrip(",")) is None and _names(longer + " X") is None:
                    break  # "Mr" ending a line is the start of a name on the next
                listed = longer
                index += 1
            names = _names(listed.rstrip(",")) or ()
        if count is None and not names:
            continue  # "For" alone: a heading, not a vote
        side = _SIDES[match.group("side").lower()]
        votes.append(Vote(side=side, count=int(count) if count else len(names), names=names))
        votes.extend(inline)
    text = " ".join(paragraphs)
    if not votes:  # a tally set inline: "For: 7, Against: 2"
        votes = [_tallied(m) for m in TALLY.finditer(text)]
    if not votes:  # counts before their sides: "with 20 votes for, 38 against and 3 abstentions"
        found = list(COUNTED.finditer(text))
        if any(m.group("unit") for m in found) or len({_side(m) for m in found}) > 1:
            votes = [_tallied(m) for m in found]
    if not votes:  # after "voted": "There voted for 38, against 21, and 2 abstained."
        sentences = (text[a:b] for a, b in split_sentences(text))
        for sentence in (s for s in sentences if VOTED.search(s)):
            sides = [_voted(m) for m in VOTED_SIDES.finditer(sentence)]
            votes += sides if len({v.side for v in sides}) > 1 else []
    if not votes:  # the result with its tally: "Motion Passed (9 to 6)"
        for match in BY_VOTES.finditer(text):
            votes += [
                Vote(side="for", count=int(match.group("count") or match.group("count2"))),
                Vote(side="against", count=int(match.group("against") or match.group("against2"))),
            ]
    return tuple(votes)


def _voted(match: re.Match[str]) -> Vote:
    if match.group("abstained"):
        return Vote(side="abstained", count=int(match.group("abstained")))
    return Vote(side=_side(match), count=int(match.group("count")))


def _side(match: re.Match[str]) -> VoteSide:
    return _SIDES[" ".join(match.group("side").lower().split())]


def _tallied(match: re.Match[str]) -> Vote:
    count = match.group("count") or match.groupdict().get("count2") or "0"
    return Vote(side=_side(match), count=int(count))


def record_of(text: str) -> MinuteRecord | None:
    """The motion a passage records, or None when it records none."""
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    votes = _votes(paragraphs)
    moved, seconded = _people(MOVED, text), _people(SECONDED, text)
    outcome_match = OUTCOME.search(text)
    outcome = None
    if outcome_match is not None:
        outcome = "carried" if outcome_match.group("carried") else "lost"
    resolved = bool(RESOLVED.search(text))
    if not (votes or moved or seconded or outcome or resolved):
        return None
    return MinuteRecord(
        moved_by=moved,
        seconded_by=seconded,
        votes=votes,
        outcome=outcome,
        resolved=resolved,
    )


_REACH = 40  # paragraphs: how far a motion's record is looked for either side of a quote


def _opens_motion(text: str) -> bool:
    return any(p.search(text) for p in MOVED)


def motion_at(paper: Paper, offset: int) -> MinuteRecord | None:
    """The record of the motion a place in the minutes belongs to: from the paragraph that says
    who moved it (back from the place, within its item) to the paragraph before the next motion
    or item; None where no motion is recorded."""
    blocks = paper.blocks
    here = next((i for i, b in enumerate(blocks) if b.start <= offset < b.end), None)
    if here is None:
        return None
    section = blocks[here].section

    def text(i: int) -> str:
        return paper.text[blocks[i].start : blocks[i].end]

    def within(i: int) -> bool:
        return 0 <= i < len(blocks) and blocks[i].section == section and not blocks[i].heading

    first = here
    for i in range(here, here - _REACH, -1):
        if not within(i):
            break
        if _opens_motion(text(i)):
            first = i
            break
    last = here
    for i in range(here + 1, here + _REACH):
        if not within(i) or _opens_motion(text(i)):
            break
        last = i
    record = record_of("\n\n".join(text(i) for i in range(first, last + 1)))
    if record is None or not (record.moved_by or record.seconded_by or record.votes):
        return None
    return record
