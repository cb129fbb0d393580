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

from briefbot.answering.kinds import (
    CHANGE,
    QUESTION_TOKEN,
    Kind,
    Time,
    question_kind,
    time_sense,
    uncontracted,
    verb_form,
    wants_list,
)
from briefbot.language.entities import NUMBER_WORD
from briefbot.language.glossary import glossary
from briefbot.language.names import names_in
from briefbot.language.tokens import stems, tokenize, words
from briefbot.language.words import (
    ANSWER_WORDS,
    AUXILIARIES,
    CHATTY,
    LEAD_INS,
    LIGHT_VERBS,
    LIST_OPENERS,
    NOUN_CUES,
    PREPOSITIONS,
    PRONOUNS,
    QUALIFIERS,
    QUESTION_WORDS,
    ROLE_WORDS,
)

_COUNTED = re.compile(
    r"\bhow many ((?:[\w'’-]+ ){0,4}?[\w'’-]+?)(?= (?:has|have|had|is|are|was|were|does|do|did|"
    r"will|would|can|could|in|of|on|for|at|by)\b|\?|$)",
    re.IGNORECASE,
)


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
    rf"(?=(?:(?:for|by|in|on|at|from|to|with|until)\s+)?(?:{_WH})\b)",  # "..., and for how much?"
    re.IGNORECASE,
)


_SENTENCE = re.compile(
    rf"(?<=[?!.])\s+(?=[\"“‘'(]?[A-Z0-9])|(?<=[:;–—-])\s+(?=(?:{_WH})\b)", re.IGNORECASE
)


NUMBER_WORDS = re.compile(rf"{NUMBER_WORD}|\d+", re.IGNORECASE)


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
        """The text to retrieve with: the focus, and the glossary's other forms of its terms."""
        extra = glossary().expansion(self.focus)
        return " ".join(filter(None, [self.focus, " ".join(extra)]))

    @property
    def hints(self) -> str:
        """Words its kind of answer uses ("two three four..." for a count): any one of them
        counts as one more keyword, so a passage spelling out many numbers gains no more."""
        return EXPANSIONS.get(self.kind, "")


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
    topic = ""
    if len(clauses) > 1 and clauses[0].rstrip().endswith(":"):
        # "How did the council vote on the s25 report: how many for, how many against?" - the
        # clause before the colon says what the questions after it are about; not a part itself
        topic = " ".join(content_words(clauses.pop(0)))
    lent = _lendable(preamble) if preamble else ""
    parts = [_part(c, i, clauses, lent, context, topic) for i, c in enumerate(clauses)]
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
    opening = LEAD_INS.sub("", uncontracted(sentence)).split()
    first = opening[0].lower().strip(",:") if opening else ""
    return first in QUESTION_WORDS or first in AUXILIARIES or bool(LIST_OPENERS.match(sentence))


def _clauses(sentence: str) -> list[str]:
    """A sentence's questions: split where a question word opens another."""
    sentence = LEAD_INS.sub("", sentence).strip()
    pieces = [p.strip(" ,;") for p in _SPLIT.split(sentence)]
    clauses: list[str] = []
    asking: list[bool] = []  # whether each clause asks yet
    for piece in (p for p in pieces if p):
        if clauses and not asking[-1]:  # "At Norfolk's Cabinet, who moved...": a lead-in
            clauses[-1] = f"{clauses[-1]}, {piece}"
            asking[-1] = _asks(piece)
        else:
            clauses.append(piece)
            asking.append(_asks(piece))
    return clauses


def _asks(clause: str) -> bool:
    """Whether a clause is a question of its own: it has a question word or opens with an
    auxiliary or a request."""
    tokens = [t.lower() for t in QUESTION_TOKEN.findall(uncontracted(clause))]
    return bool(tokens) and (
        tokens[0] in AUXILIARIES
        or bool(set(tokens) & QUESTION_WORDS)
        or bool(LIST_OPENERS.match(clause))
    )


def _has_words(text: str) -> bool:
    return any(ch.isalpha() for ch in text)


def _lendable(preamble: str) -> str:
    """The words of a preamble that may say what is asked about (not who is asking)."""
    kept = [
        w
        for w in QUESTION_TOKEN.findall(preamble)
        if w.lower() not in PRONOUNS and not set(tokenize(w)) <= CHATTY
    ]
    return " ".join(kept)


def _part(
    clause: str, index: int, clauses: list[str], lent: str, context: str, topic: str = ""
) -> Part:
    kind = question_kind(clause)
    own = content_words(clause)
    borrowed: list[str] = [topic]
    needs = (
        not [w for w in subject_words(clause) if not w.isdigit()]  # "the cost for 2024/25?"
        or bool(set(words(clause)) & PRONOUNS)
        or len(own) < 2
        or _counts_elsewhere(clause)  # "How many did Lancashire repair in 2023?"
    )
    if needs or _mentions_pronoun(clause):
        others = [c for j, c in enumerate(clauses) if j != index and not topic]
        for other in others[:1]:  # with a topic, the other parts ask about other things
            lent_words = list(subject_words(other)) + sorted(names_in(other))
            borrowed += lent_words or content_words(other)
        if lent:
            borrowed.append(lent)
        if context:
            borrowed.append(context)
    if not borrowed and context and needs:
        borrowed.append(context)
    own_names = names_in(clause)
    names = own_names or _named_elsewhere(index, clauses)
    if names and not own_names:  # searched for too, where borrowing has not brought them
        said = set(tokenize(" ".join(borrowed)))
        borrowed += sorted(names - said)
    extra = " ".join(dict.fromkeys(b for b in borrowed if b))
    focus = f"{clause} {extra}".strip() if extra else clause
    return Part(
        text=clause,
        kind=kind,
        focus=focus,
        subject=tuple(subject_words(clause)),
        names=frozenset(names),
        roles=tuple(asked_roles(clause, kind)),
        action=tuple(asked_action(clause, kind)),
        counted=_counted(clause),
        time=time_sense(clause),
        wants_list=wants_list(clause, kind),
        change=bool(CHANGE.search(clause)),
        borrowed=extra,
    )


def at_home(question: Question, home: frozenset[str]) -> Question:
    """The question as asked of the council the papers are mainly of: a part that names no
    council, place or person ("Who said she was glad the plan was now in place?", "What's
    Ofsted's verdict on us?") names the home council, so its papers weigh as a named one's do."""
    if not home or all(part.names for part in question.parts):
        return question
    parts = tuple(part if part.names else replace(part, names=home) for part in question.parts)
    return replace(question, parts=parts)


def _named_elsewhere(index: int, clauses: list[str]) -> set[str]:
    """The names the question's other parts give, for a part that names nothing itself: "Who
    chaired Newbiggin Parish Council, and how much has the village hall put its charge up?"
    asks about Newbiggin's village hall, not any village hall."""
    return set().union(*(names_in(c) for j, c in enumerate(clauses) if j != index))


def _mentions_pronoun(clause: str) -> bool:
    return bool({t.lower() for t in QUESTION_TOKEN.findall(clause)} & PRONOUNS)


def content_words(text: str) -> list[str]:
    """The words of a question that count: not function words, not question words."""
    return [w for w in words(text) if stems([w])[0] not in ANSWER_WORDS and w not in PRONOUNS]


def subject_words(question: str) -> list[str]:
    """The words that name what is asked about: those after a determiner, preposition or
    possessive ("the salary of the chief executive"), and the noun closing the question."""
    tokens = QUESTION_TOKEN.findall(question.strip())
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
    if len(tokens) < 3 or not words(tokens[-1]) or verb_form(tokens[-1].lower()):
        return []
    last_preposition = max(
        (i for i, t in enumerate(tokens[:-1]) if t.lower() in PREPOSITIONS), default=None
    )
    verbs = [t for t in tokens[: last_preposition or 0] if verb_form(t.lower())]
    if last_preposition is None or not verbs:
        return []
    if any(not words(t) for t in tokens[last_preposition + 1 : -1] if t.lower() not in NOUN_CUES):
        return []
    if last_preposition == len(tokens) - 2 and tokens[-2].lower() == "to" and tokens[-1].islower():
        return []  # "expected to take": a verb
    return [w for w in words(tokens[-1]) if stems([w])[0] not in ANSWER_WORDS]


def _qualifier(word: str) -> bool:
    found = words(word)
    return bool(found) and all(w in QUALIFIERS or stems([w])[0] in ANSWER_WORDS for w in found)


def asked_action(question: str, kind: str) -> list[str]:
    """The verb of a "what did X decide" question: an answer should report that action, not
    merely mention X. Light verbs (do, think, achieve) ask for nothing in particular."""
    tokens = QUESTION_TOKEN.findall(question.strip())
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


def _count_phrase(question: str) -> list[str]:
    """The words after "how many", up to its verb or preposition (none without "how many")."""
    match = _COUNTED.search(question)
    return match.group(1).split() if match else []


def _counts_elsewhere(question: str) -> bool:
    """Whether a "how many" question leaves out what it counts ("How many did they repair?"):
    the thing counted is in the sentence before, or the conversation."""
    phrase = _count_phrase(question)
    return bool(phrase) and phrase[0].lower() in AUXILIARIES


def _counted(question: str) -> str:
    """What a "how many" question counts, up to its verb ("how many children took part")."""
    phrase = _count_phrase(question)
    if not phrase or phrase[0].lower() in AUXILIARIES:  # nothing named: it counts elsewhere
        return ""
    for at, token in enumerate(phrase):
        if at and verb_form(token.lower()):
            return " ".join(phrase[:at])
    return " ".join(phrase)


def with_context(question: Question, context: str, follow_up: bool) -> Question:
    """The question re-parsed to borrow a conversation's subject (a follow-up)."""
    if not follow_up:
        return question
    again = parse(question.text, context)
    return replace(again, follow_up=True)
