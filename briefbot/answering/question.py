"""A question, parsed once: its parts, and for each part what it asks for.

"A parent emailed me, worried about school transport. What has the council said about it?" has
a preamble (who is asking, and about what) and one part; "Who chairs the committee, and when
does it next meet?" has two. Each part knows its kind (when, how much, who, yes/no, a list...),
its subject words, the names it gives, its sense of time (past, next, now), and the text to
search with. Parsing is by rule; nothing here decides an answer, it only describes the question.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Literal

from briefbot.language.entities import NUMBER_WORD
from briefbot.language.glossary import glossary
from briefbot.language.tokens import IRREGULAR, stems, tokenize, words
from briefbot.language.words import (
    ANSWER_WORDS,
    AUXILIARIES,
    CHATTY,
    FUTURE,
    GENERIC_NAMES,
    HEAD_KINDS,
    LEAD_INS,
    LIGHT_VERBS,
    LIST_OPENERS,
    LIST_VERBS,
    NOUN_CUES,
    NOW,
    PAST,
    PRONOUNS,
    QUALIFIERS,
    QUESTION_WORDS,
    ROLE_WORDS,
)

Kind = Literal[
    "when", "how_much", "how_many", "how_long", "how_often", "who", "why", "rating", "yes_no",
    "list", "what",
]  # fmt: skip
KINDS: tuple[str, ...] = Kind.__args__  # type: ignore[attr-defined]
Time = Literal["past", "future", "now", "any"]

_LEAD = r"^\s*(?:(?:and|so|but|then|also|ok|okay)[\s,]+)?"
_KIND_PATTERNS: list[tuple[Kind, re.Pattern[str]]] = [
    ("how_often", re.compile(r"\bhow often\b|\bhow frequently\b|\bhow regularly\b", re.I)),
    ("how_long", re.compile(
        r"\bhow long\b|\bwhat period\b|\bhow many (years|months|weeks|days)\b", re.I)),
    ("how_much", re.compile(
        r"\bhow much\b|\bwhat (sum|amount|budget|cost|value|total|figure|price)\b"
        r"|\bhow (big|large) (is|was|were|are) (the )?.{0,40}\b(grant|budget|fund|sum|amount"
        r"|reserve|gap|deficit|overspend|saving)"
        r"|\bwhat (?:does|did|will|would|do|is|are) .{0,60}\b(?:cost|charge|pay|spend|save)\b",
        re.I)),
    ("how_many", re.compile(
        r"\bhow many\b|\bhow far\b|\bwhat (number|rate|average)\b"
        r"|\bwhat (is|was|are|were) the (average|number) of\b"
        r"|\bwhat (is|was|are|were) the average\b|\bwhat caseloads?\b", re.I)),
    ("when", re.compile(
        _LEAD + r"when\b|\b(what|which) (date|day|time|month|year)\b"
        r"|\b(?:by|from|since|until) when\b"
        r"|\bhow soon\b|\bon what date\b", re.I)),
    ("who", re.compile(
        _LEAD + r"who\b|\bwhom\b|\bwhose\b|^\s*which\b[^?]*?\b(person|officer|member|councillor"
        r"|director|minister|secretary|chair|leader|organisation|organization|body|firm|company"
        r"|contractor|supplier|consultant|department|inspectorate|regulator|agency|party|group"
        r"|council|authority|partner|trust|charity|provider|developer|union)s?\b|\bname of\b",
        re.I)),
    ("rating", re.compile(
        r"\bhow (is|was|are|were|has|have) .{0,80}\b(rated|judged|graded|assessed)\b"
        r"|\bwhat (rating|grade|grading|judgement|judgment|verdict)\b", re.I)),
    ("why", re.compile(
        _LEAD + r"why\b|\bwhat (is|was) the reason\b|\bfor what (reason|purpose)\b"
        r"|\bwhat for\b|\bmeant for\b|\bpurpose of\b|\bwhat (?:is|was) (?:it|the money) for\b"
        r"|\bwhat (?:prompted|led to|caused|triggered|was behind|lay behind|drove)\b",
        re.I)),
]  # fmt: skip
# "how many [additional social work teams] has ...": the counted thing ends the phrase.
_COUNTED = re.compile(
    r"\bhow many ((?:[\w'’-]+ ){0,4}?[\w'’-]+?)(?= (?:has|have|had|is|are|was|were|does|do|did|"
    r"will|would|can|could|in|of|on|for|at|by)\b|\?|$)",
    re.IGNORECASE,
)
CHANGE = re.compile(r"\bhow far\b|\bby how much\b|\bhow (?:much|many) (?:more|less|fewer)\b", re.I)
# Words the keyword search adds for a kind of answer.
EXPANSIONS = {
    "how_often": "quarterly monthly bi-monthly weekly annually yearly regularly",
    "how_long": "years months weeks period",
    "how_many": "two three four five six seven eight nine ten twelve twenty dozen",
    "yes_no": "approved agreed resolved supported rejected",
}
_WH = "|".join(sorted(QUESTION_WORDS | AUXILIARIES, key=len, reverse=True))
# Where one question ends and another begins inside a sentence: "..., and when does it meet?"
_SPLIT = re.compile(
    rf"\s*(?:[,;]\s*(?:and|but|or|also|plus)?|\s(?:and|but|also|plus))\s+(?:if so,?\s+)?"
    rf"(?=(?:{_WH})\b)",
    re.IGNORECASE,
)
_SENTENCE = re.compile(
    rf"(?<=[?!.])\s+(?=[\"“‘'(]?[A-Z0-9])|(?<=[:;–—-])\s+(?=(?:{_WH})\b)", re.IGNORECASE
)
_QUESTION_WORD = re.compile(r"[\w£'’/.-]+")
_CONTRACTED = re.compile(r"\b(what|who|when|where|how|which)['’]s\b", re.IGNORECASE)
NUMBER_WORDS = re.compile(rf"{NUMBER_WORD}|\d+", re.IGNORECASE)
_IRREGULAR_NOUNS = frozenset("children people women men".split())
_PREPOSITIONS = frozenset("to of on for in about per into from with at by".split())
# Auxiliaries after which "what" questions name their action: "what did Cabinet *decide*".
_DO_SUPPORT = frozenset("did does do will would has have had should can could".split())


@dataclass(frozen=True)
class Part:
    """One question inside what was typed, and what it asks for."""

    text: str
    kind: Kind
    focus: str  # the part with any words it borrows ("when does it meet" + "committee")
    subject: tuple[str, ...] = ()
    names: frozenset[str] = frozenset()
    roles: tuple[str, ...] = ()
    action: tuple[str, ...] = ()
    counted: str = ""
    time: Time = "any"
    wants_list: bool = False
    change: bool = False
    borrowed: str = ""

    @property
    def search(self) -> str:
        """The text to retrieve with: the focus, the glossary's other forms of its terms, and
        the words its kind of answer uses."""
        extra = glossary().expansion(self.focus)
        kind = EXPANSIONS.get(self.kind, "")
        return " ".join(filter(None, [self.focus, " ".join(extra), kind]))


@dataclass(frozen=True)
class Question:
    """What was typed: a preamble (maybe empty) and one or more parts."""

    text: str
    parts: tuple[Part, ...]
    preamble: str = ""
    follow_up: bool = False
    context: str = ""  # what a follow-up borrows from the conversation
    notes: tuple[str, ...] = field(default=())

    @property
    def kind(self) -> Kind:
        return self.parts[0].kind if len(self.parts) == 1 else "what"


def parse(text: str, context: str = "") -> Question:
    """Parse a question; `context` is the subject a follow-up borrows from the conversation."""
    preamble, asked = _separate(text)
    clauses: list[str] = []
    for sentence in asked:
        clauses.extend(_clauses(sentence))
    clauses = [c for c in clauses if _has_words(c)] or [text]
    lent = _lendable(preamble) if preamble else ""
    parts = [_part(c, i, clauses, lent, context) for i, c in enumerate(clauses)]
    return Question(text=text, parts=tuple(parts), preamble=preamble, context=context)


def _separate(text: str) -> tuple[str, list[str]]:
    """The preamble (statements) and the question sentences."""
    sentences = [s.strip() for s in _SENTENCE.split(text.strip()) if s.strip()]
    asked = [s for s in sentences if _is_question(s)]
    if not asked:
        return "", [text.strip()]
    told = [s for s in sentences if s not in asked]
    return " ".join(told), asked


def _is_question(sentence: str) -> bool:
    if sentence.rstrip().endswith("?"):
        return True
    opening = LEAD_INS.sub("", sentence).split()
    first = opening[0].lower().strip(",:") if opening else ""
    return first in QUESTION_WORDS or first in AUXILIARIES or bool(LIST_OPENERS.match(sentence))


def _clauses(sentence: str) -> list[str]:
    """A sentence's questions: split where a question word opens another."""
    sentence = LEAD_INS.sub("", sentence).strip()
    pieces = [p.strip(" ,;") for p in _SPLIT.split(sentence)]
    clauses: list[str] = []
    for piece in (p for p in pieces if p):
        if clauses and not _asks(clauses[-1]):  # "At Norfolk's Cabinet, who moved...": a lead-in
            clauses[-1] = f"{clauses[-1]}, {piece}"
        else:
            clauses.append(piece)
    return clauses


def _asks(clause: str) -> bool:
    """Whether a clause is a question of its own: it has a question word or opens with an
    auxiliary or a request."""
    tokens = [t.lower() for t in _QUESTION_WORD.findall(clause)]
    return bool(tokens) and (
        tokens[0] in AUXILIARIES
        or bool(set(tokens) & QUESTION_WORDS)
        or bool(LIST_OPENERS.match(clause))
    )


def _has_words(text: str) -> bool:
    return any(ch.isalpha() for ch in text)


def _lendable(preamble: str) -> str:
    """The words of a preamble that may say what is asked about (not who is asking)."""
    kept = [w for w in _QUESTION_WORD.findall(preamble) if w.lower() not in PRONOUNS
            and not set(tokenize(w)) <= CHATTY]  # fmt: skip
    return " ".join(kept)


def _part(clause: str, index: int, clauses: list[str], lent: str, context: str) -> Part:
    kind = question_kind(clause)
    own = content_words(clause)
    borrowed: list[str] = []
    needs = not subject_words(clause) or bool(set(words(clause)) & PRONOUNS) or len(own) < 2
    if needs or _mentions_pronoun(clause):
        others = [c for j, c in enumerate(clauses) if j != index]
        for other in others[:1]:
            lent_words = list(subject_words(other)) + sorted(names_in(other))
            borrowed += lent_words or content_words(other)
        if lent:
            borrowed.append(lent)
        if context:
            borrowed.append(context)
    if not borrowed and context and needs:
        borrowed.append(context)
    extra = " ".join(dict.fromkeys(b for b in borrowed if b))
    focus = f"{clause} {extra}".strip() if extra else clause
    return Part(
        text=clause,
        kind=kind,
        focus=focus,
        subject=tuple(subject_words(clause)),
        names=frozenset(names_in(clause)),
        roles=tuple(asked_roles(clause, kind)),
        action=tuple(asked_action(clause, kind)),
        counted=_counted(clause),
        time=time_sense(clause),
        wants_list=wants_list(clause, kind),
        change=bool(CHANGE.search(clause)),
        borrowed=extra,
    )


def _mentions_pronoun(clause: str) -> bool:
    return bool({t.lower() for t in _QUESTION_WORD.findall(clause)} & PRONOUNS)


def question_kind(text: str) -> Kind:
    """What a question asks for, from its wording: its question phrase ("how much", "when"),
    else the noun a "what ..." question asks about ("what fine..." wants an amount)."""
    text = _CONTRACTED.sub(lambda m: f"{m.group(1)} is", text)
    for kind, pattern in _KIND_PATTERNS:
        if pattern.search(text):
            return kind
    tokens = [t.lower() for t in _QUESTION_WORD.findall(LEAD_INS.sub("", text))]
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
    """A question whose answer is several things: "what risks does the report identify?"."""
    if kind not in ("what", "list"):
        return False
    if LIST_OPENERS.match(LEAD_INS.sub("", text)):
        return True
    tokens = [t.lower() for t in _QUESTION_WORD.findall(text)]
    if not tokens or tokens[0] not in ("what", "which"):
        return False
    head = _head(tokens[1:])
    asked = set(stems(words(text)))
    return _plural(head) or bool(asked & LIST_VERBS)


def _head(tokens: list[str]) -> str:
    """The noun a what/which question asks about, the last word of the phrase after it: "what
    [risks]...", "what are the main [risks]...", "which supporting [documents] were..."."""
    at = 0
    if at < len(tokens) and tokens[at] in AUXILIARIES:
        at += 1
    phrase: list[str] = []
    for token in tokens[at:]:
        if token in AUXILIARIES or token in _PREPOSITIONS or token in QUESTION_WORDS:
            break
        if phrase and _verb_form(token):
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


def content_words(text: str) -> list[str]:
    """The words of a question that count: not function words, not question words."""
    return [w for w in words(text) if stems([w])[0] not in ANSWER_WORDS and w not in PRONOUNS]


def names_in(text: str) -> set[str]:
    """Names in the question (places, bodies, people): a paper that never mentions one of them
    is unlikely to answer it."""
    found: set[str] = set()
    stripped = LEAD_INS.sub("", text.strip())
    for match in re.finditer(r"(?<![.?!]\s)(?<!^)\b([A-Z][\w’'-]*[A-Za-z0-9])", stripped):
        if any(key.startswith("§") for key in glossary().keys(match.group(1))):
            continue  # "DCS", "Ofsted": a glossary term, matched in any of its forms
        found.update(t for t in tokenize(match.group(1)) if t not in GENERIC_NAMES)
    return found


def subject_words(question: str) -> list[str]:
    """The words that name what is asked about: those after a determiner, preposition or
    possessive ("the salary of the chief executive"), and the noun closing the question."""
    tokens = _QUESTION_WORD.findall(question.strip())
    found: list[str] = []
    for at, before in enumerate(tokens[:-1]):
        cue = before.lower()
        if not (cue in NOUN_CUES or cue.endswith(("'s", "’s"))):
            continue
        following = tokens[at + 1 : at + 4]  # "Ofsted's next inspection": past the qualifiers
        while len(following) > 1 and _qualifier(following[0]):
            following = following[1:]
        found.extend(w for w in words(following[0]) if stems([w])[0] not in ANSWER_WORDS)
    found.extend(_closing_noun(tokens))
    return [w for w in dict.fromkeys(found) if not _qualifier(w) and w not in PRONOUNS]


def _closing_noun(tokens: list[str]) -> list[str]:
    """The noun that ends a question's closing phrase, once its verb has been passed: "made to
    home to school *transport*"."""
    if len(tokens) < 3 or not words(tokens[-1]) or _verb_form(tokens[-1].lower()):
        return []
    last_preposition = max(
        (i for i, t in enumerate(tokens[:-1]) if t.lower() in _PREPOSITIONS), default=None
    )
    verbs = [t for t in tokens[: last_preposition or 0] if _verb_form(t.lower())]
    if last_preposition is None or not verbs:
        return []
    if any(not words(t) for t in tokens[last_preposition + 1 : -1] if t.lower() not in NOUN_CUES):
        return []
    if last_preposition == len(tokens) - 2 and tokens[-2].lower() == "to" and tokens[-1].islower():
        return []  # "expected to take": a verb
    return [w for w in words(tokens[-1]) if stems([w])[0] not in ANSWER_WORDS]


def _verb_form(word: str) -> bool:
    """A past form: "made", "approved" ("-ing" words are too often nouns: "funding")."""
    return (len(word) > 4 and word.endswith("ed")) or (
        word in IRREGULAR and word not in _IRREGULAR_NOUNS
    )


def _qualifier(word: str) -> bool:
    found = words(word)
    return bool(found) and all(w in QUALIFIERS or stems([w])[0] in ANSWER_WORDS for w in found)


def asked_action(question: str, kind: str) -> list[str]:
    """The verb of a "what did X decide" question: an answer should report that action, not
    merely mention X. Light verbs (do, think, achieve) ask for nothing in particular."""
    tokens = _QUESTION_WORD.findall(question.strip())
    if kind not in ("what", "list") or len(tokens) < 4:
        return []
    if tokens[0].lower() != "what" or tokens[1].lower() not in _DO_SUPPORT:
        return []
    subject = tokens[2:]
    while subject and subject[0].lower() in NOUN_CUES:
        subject = subject[1:]
    verb = ""
    for at, token in enumerate(subject):
        if not words(token):
            joined = token.lower() in ("of", "and") and words(" ".join(subject[at + 1 : at + 2]))
            if joined:
                continue
            break
        verb = token
    if not verb or verb == subject[0] or not verb.isalpha() or not verb.islower():
        return []
    return [w for w in words(verb) if stems([w])[0] not in LIGHT_VERBS]


def asked_roles(question: str, kind: str) -> list[str]:
    """The roles a "who" question names ("who chairs...", "who seconded..."): the person in
    the answer should hold one of them."""
    if kind != "who":
        return []
    return [w for w in dict.fromkeys(words(question)) if stems([w])[0] in ROLE_WORDS]


def _counted(question: str) -> str:
    """What a "how many" question counts, up to its verb ("how many children took part")."""
    match = _COUNTED.search(question)
    if not match:
        return ""
    phrase = match.group(1).split()
    for at, token in enumerate(phrase):
        if at and _verb_form(token.lower()):
            return " ".join(phrase[:at])
    return " ".join(phrase)


def with_context(question: Question, context: str, follow_up: bool) -> Question:
    """The question re-parsed to borrow a conversation's subject (a follow-up)."""
    if not follow_up:
        return question
    again = parse(question.text, context)
    return replace(again, follow_up=True)
