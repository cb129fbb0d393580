"""What a question asks for: its kind (when, how much, who, yes/no, a list...), read from its
question phrase or the noun a "what" question asks about, and its sense of time (past, next,
now). By rule, from the word lists of briefbot.language."""

from __future__ import annotations

import re
from typing import Literal

from briefbot.language.tokens import IRREGULAR, stems, words
from briefbot.language.words import (
    AUXILIARIES,
    FUTURE,
    HEAD_KINDS,
    LEAD_INS,
    LIST_OPENERS,
    LIST_VERBS,
    NOUN_CUES,
    NOW,
    PAST,
    PREPOSITIONS,
    QUESTION_WORDS,
)

Kind = Literal[
    "when",
    "how_much",
    "how_many",
    "how_long",
    "how_often",
    "who",
    "why",
    "rating",
    "yes_no",
    "list",
    "what",
]


KINDS: tuple[str, ...] = Kind.__args__  # type: ignore[attr-defined]


Time = Literal["past", "future", "now", "any"]


_LEAD = r"^\s*(?:(?:and|so|but|then|also|ok|okay)[\s,]+)?"


_KIND_PATTERNS: list[tuple[Kind, re.Pattern[str]]] = [
    ("how_often", re.compile(r"\bhow often\b|\bhow frequently\b|\bhow regularly\b", re.I)),
    (
        "how_long",
        re.compile(r"\bhow long\b|\bwhat period\b|\bhow many (years|months|weeks|days)\b", re.I),
    ),
    (
        "how_much",
        re.compile(
            r"\bhow much\b|\bwhat (sum|amount|budget|cost|value|total|figure|price)\b"
            r"|\bhow (big|large) (is|was|were|are) (the )?.{0,40}\b(grant|budget|fund|sum|amount"
            r"|reserve|gap|deficit|overspend|saving)"
            r"|\bwhat (?:does|did|will|would|do|is|are) .{0,60}\b(?:cost|charge|pay|spend|save)\b",
            re.I,
        ),
    ),
    (
        "how_many",
        re.compile(
            r"\bhow many\b|\bhow far\b|\bwhat (number|rate|average)\b"
            r"|\bwhat (is|was|are|were) the (average|number) of\b"
            r"|\bwhat (is|was|are|were) the average\b|\bwhat caseloads?\b",
            re.I,
        ),
    ),
    (
        "when",
        re.compile(
            _LEAD + r"when\b|\b(what|which) (date|day|time|month|year)\b"
            r"|\b(?:by|from|since|until) when\b"
            r"|\bhow soon\b|\bon what date\b",
            re.I,
        ),
    ),
    (
        "who",
        re.compile(
            _LEAD + r"who\b|\bwhom\b|\bwhose\b|^\s*which\b[^?]*?\b(person|officer|member|councillor"
            r"|director|minister|secretary|chair|leader|organisation|organization|body|firm|company"
            r"|contractor|supplier|consultant|department|inspectorate|regulator|agency|party|group"
            r"|council|authority|partner|trust|charity|provider|developer|union)s?\b|\bname of\b",
            re.I,
        ),
    ),
    (
        "rating",
        re.compile(
            r"\bhow (is|was|are|were|has|have) .{0,80}\b(rated|judged|graded|assessed)\b"
            r"|\bwhat (rating|grade|grading|judgement|judgment|verdict)\b"
            # the inspector as the subject: "what did Ofsted rate...", "how did inspectors judge"
            r"|\b(how|what) (did|does|do|has|have|had|will|would) .{0,60}"
            r"(?<!the )(?<!\ba )(?<!its )(?<!our )(?<!their )(?<!this )(?<!that )"
            r"\b(rate|judge|grade)\b"
            r"|\bwhat (is|was|are|were) .{0,80}\b(rated|judged|graded)\b",
            re.I,
        ),
    ),
    (
        "why",
        re.compile(
            _LEAD + r"why\b|\bwhat (is|was) the reason\b|\bfor what (reason|purpose)\b"
            r"|\bwhat for\b|\bmeant for\b|\bpurpose of\b|\bwhat (?:is|was) (?:it|the money) for\b"
            r"|\bwhat (?:prompted|led to|caused|triggered|was behind|lay behind|drove)\b",
            re.I,
        ),
    ),
]
# "how many [additional social work teams] has ...": the counted thing ends the phrase.


CHANGE = re.compile(r"\bhow far\b|\bby how much\b|\bhow (?:much|many) (?:more|less|fewer)\b", re.I)
# Words the keyword search adds for a kind of answer.


QUESTION_TOKEN = re.compile(r"[\w£'’/.-]+")


_CONTRACTED = re.compile(r"\b(what|who|when|where|how|which)['’]s\b", re.IGNORECASE)


def uncontracted(text: str) -> str:
    """ "What's", "who's", "how's" written out ("what is"): so they are read as question words."""
    return _CONTRACTED.sub(lambda m: f"{m.group(1)} is", text)


_IRREGULAR_NOUNS = frozenset("children people women men".split())


# Auxiliaries after which "what" questions name their action: "what did Cabinet *decide*".


def question_kind(text: str) -> Kind:
    """What a question asks for, from its wording: its question phrase ("how much", "when"),
    else the noun a "what ..." question asks about ("what fine..." wants an amount)."""
    text = uncontracted(text)
    for kind, pattern in _KIND_PATTERNS:
        if pattern.search(text):
            return kind
    tokens = [t.lower() for t in QUESTION_TOKEN.findall(LEAD_INS.sub("", text))]
    first = tokens[0] if tokens else ""
    if first in AUXILIARIES:
        return "yes_no"
    asks = next((i for i, t in enumerate(tokens) if t in ("what", "which")), None)
    if asks is not None and (asks == 0 or first not in QUESTION_WORDS | AUXILIARIES):
        head = _head(tokens[asks + 1 :])
        head = stems([head])[0] if head else ""
        for named, heads in HEAD_KINDS.items():
            if head in heads:
                return _as_kind(named)
    if wants_list(text, "what"):
        return "list"
    return "what"


def _as_kind(name: str) -> Kind:
    if name not in KINDS:
        raise ValueError(f"no such kind of question: {name}")
    return name  # type: ignore[return-value]


def wants_list(text: str, kind: str) -> bool:
    """A question whose answer is several things: "what risks does the report identify?",
    and whatever kind of thing it asks for when it asks for them in the plural: "which members
    sent apologies?" (people), "what dates has it set?" (dates), "who are the candidates?"."""
    if kind in ("yes_no", "how_many"):
        return False
    if LIST_OPENERS.match(LEAD_INS.sub("", text)):
        return kind in ("what", "list")
    tokens = [t.lower() for t in QUESTION_TOKEN.findall(LEAD_INS.sub("", text))]
    if tokens[:1] == ["who"] and tokens[1:2] in (["are"], ["were"]):
        return _plural(_head(tokens[2:]))
    if not tokens or tokens[0] not in ("what", "which"):
        return False
    head = _head(tokens[1:])
    asked = set(stems(words(text)))
    return _plural(head) or (kind in ("what", "list") and bool(asked & LIST_VERBS))


def _head(tokens: list[str]) -> str:
    """The noun a what/which question asks about, the last word of the phrase after it: "what
    [risks]...", "what are the main [risks]...", "which supporting [documents] were..."."""
    at = 0
    if at < len(tokens) and tokens[at] in AUXILIARIES:
        at += 1
    phrase: list[str] = []
    for token in tokens[at:]:
        if token in AUXILIARIES or token in PREPOSITIONS or token in QUESTION_WORDS:
            break
        if phrase and verb_form(token):
            break
        if token in NOUN_CUES or token.endswith(("'s", "’s")):
            phrase = []
            continue
        phrase.append(token)
    return phrase[-1] if phrase else ""


def _plural(word: str) -> bool:
    return len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is", "ics"))


def time_sense(text: str) -> Time:
    if NOW.search(text):
        return "now"
    if FUTURE.search(text):
        return "future"
    if PAST.search(text):
        return "past"
    return "any"


def verb_form(word: str) -> bool:
    """A past form: "made", "approved" ("-ing" words are too often nouns: "funding")."""
    return (len(word) > 4 and word.endswith("ed")) or (
        word in IRREGULAR and word not in _IRREGULAR_NOUNS
    )
