"""What a question asks for: its kind, the names it gives, its subject, and the entities
(dates, amounts, counts, people, reasons) a sentence must carry to answer it."""

from __future__ import annotations

import re

from briefbot.keywords import IRREGULAR, stems, tokenize, words

_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
)
_DAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_NUMBER_WORD = (
    r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|"
    r"forty|fifty|hundred|thousand|dozen|half|double|twice|treble|triple)"
)
ENTITIES: dict[str, re.Pattern[str]] = {
    "date": re.compile(
        rf"\b\d{{1,2}}(?:st|nd|rd|th)? {_MONTH}\b|\b{_MONTH} \d{{4}}\b|\b{_MONTH}\b|\b{_DAY}\b"
        r"|\b(?:19|20)\d{2}(?:/\d{2})?\b|\b\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\b|\b\d{1,2} ?[ap]\.?m\b"
        r"|\b(?:last|next|this|the following|the previous) (?:year|month|week|day)\b"
        r"|\bby the end of\b|\b(?:yesterday|today|tomorrow|quarterly|annually)\b",
        re.IGNORECASE,
    ),
    "amount": re.compile(
        r"[£$€]\s?\d[\d,]*(?:\.\d+)?\s?(?:m|bn|k|million|billion|thousand)?\b"
        r"|\b\d[\d,]*(?:\.\d+)?\s?(?:million|billion|bn|m)\b(?! (?:years?|months?))"
        r"|\b\d+(?:\.\d+)? ?%",
        re.IGNORECASE,
    ),
    "number": re.compile(rf"\b\d[\d,.]*\b|\b{_NUMBER_WORD}\b"),
    "duration": re.compile(
        rf"\b(?:\d+|{_NUMBER_WORD}|a|an|several|many)[- ](?:years?|months?|weeks?|days?|hours?)\b",
        re.IGNORECASE,
    ),
    "frequency": re.compile(
        r"\b(?:quarterly|bi-?monthly|monthly|weekly|daily|fortnightly|annually|yearly|biannually)\b"
        r"|\bevery (?:\w+ )?(?:year|month|week|day|quarter)s?\b|\b(?:once|twice|\w+ times) a"
        r" (?:year|month|week|day)\b|\beach (?:year|month|week|quarter)\b",
        re.IGNORECASE,
    ),
    # How far something has changed: a share or a multiple, not a count.
    "change": re.compile(
        r"\b(?:half|halved|a third|a quarter|doubled?|twice|trebled?|tripled?|\w+fold)\b"
        r"|\b\d+(?:\.\d+)? ?(?:%|per ?cent\b)|\bby (?:£?\d[\d,.]*\w*|a (?:half|third|quarter))"
        r"|\bfrom £?\d[\d,.]*\w* to £?\d",
        re.IGNORECASE,
    ),
    "person": re.compile(r"\b[A-Z][a-z]+(?:[- ][A-Z][a-z]+)+\b|\(([A-Z]{2,})\)|\b[A-Z]{2,}\b"),
    "role": re.compile(
        r"\b(?:chief executive|director|commissioner|cabinet member|chair(?:man|woman|person)?"
        r"|vice[- ]chair|leader|secretary|minister|councillor|mayor|inspectors?"
        r"|head of [a-z ]+|manager)\b",
        re.IGNORECASE,
    ),
    # An inspection's judgement, in the words inspectors (Ofsted, CQC) grade with.
    "rating": re.compile(
        r"\b(?:outstanding|requires? improvement|inadequate|failing|failed|special measures"
        r"|(?:rated|judged|graded|as) (?:good|satisfactory)|good (?:and|or) outstanding)\b",
        re.IGNORECASE,
    ),
    "reason": re.compile(
        r"\b(?:because|due to|as a result|so that|in order to|to (?:help|ensure|support|address|"
        r"expedite|speed|allow|provide|deliver|build|improve|reduce|make|focus|continue|transform)"
        r"|reflect(?:s|ed)?|following|in response to|will allow|will help|meant|aims?|purpose|"
        r"need(?:ed|s)? (?:to|for)|important|difficult|lack of|costs?|mainly|largely|chiefly"
        r"|driven by|caused by|owing to|thanks to|result(?:ed|s|ing)? (?:from|in))\b",
        re.IGNORECASE,
    ),
}

_LEAD = r"^\s*(?:(?:and|so|but|then|also|ok|okay)[\s,]+)?"
KINDS: list[tuple[str, re.Pattern[str]]] = [
    ("how_often", re.compile(r"\bhow often\b|\bhow frequently\b|\bhow regularly\b", re.I)),
    ("how_long", re.compile(
        r"\bhow long\b|\bwhat period\b|\bhow many (years|months|weeks|days)\b", re.I)),
    ("how_much", re.compile(
        r"\bhow much\b|\bwhat (sum|amount|budget|cost|value|total|figure)\b"
        r"|\bhow (big|large) (is|was|were|are) the (grant|budget|fund|sum|amount|reserve)", re.I)),
    ("how_many", re.compile(
        r"\bhow many\b|\bhow far\b|\bwhat (number|proportion|percentage|rate|average|share)\b"
        r"|\bwhat (is|was|are|were) the (average|number|proportion|percentage|share) of\b"
        r"|\bwhat (is|was|are|were) the average\b"
        r"|\bwhat caseloads?\b", re.I)),
    ("when", re.compile(
        _LEAD + r"when\b|\b(what|which) (date|day|time|month|year)\b|\bby when\b"
        r"|\bhow soon\b|\bon what date\b", re.I)),
    ("who", re.compile(
        _LEAD + r"who\b|\bwhom\b|\bwhose\b|^\s*which\b[^?]*?\b(person|officer|member|councillor"
        r"|director|minister|secretary|chair|leader|organisation|organization|body)\b"
        r"|\bname of\b", re.I)),
    ("rating", re.compile(
        r"\bhow (is|was|are|were|has|have) .{0,80}\b(rated|judged|graded|assessed)\b"
        r"|\bwhat (rating|grade|grading|judgement|judgment)\b", re.I)),
    ("why", re.compile(
        _LEAD + r"why\b|\bwhat (is|was) the reason\b|\bfor what (reason|purpose)\b"
        r"|\bwhat for\b|\bmeant for\b|\bpurpose of\b", re.I)),
]  # fmt: skip
NEEDS = {"when": "date", "how_much": "amount", "how_many": "number", "how_long": "duration",
         "how_often": "frequency", "who": "person", "why": "reason",
         "rating": "rating"}  # fmt: skip
# "how many [additional social work teams] has ...": the counted thing ends the phrase.
_COUNTED = re.compile(
    r"\bhow many ((?:[\w'’-]+ ){0,4}?[\w'’-]+?)(?= (?:has|have|had|is|are|was|were|does|do|did|"
    r"will|would|can|could|in|of|on|for|at|by|does)\b|\?|$)",
    re.IGNORECASE,
)
LATEST = re.compile(
    r"\b(latest|current(ly)?|now|most recent|newest|today|still|at present)\b", re.I
)
# A question about a change: answered by how far it went ("to less than a half"), not a count.
CHANGE = re.compile(r"\bhow far\b|\bby how much\b|\bhow (?:much|many) (?:more|less|fewer)\b", re.I)
# A question about what is still to come: a date already past in its paper cannot answer it.
FUTURE = re.compile(r"\b(next|upcoming|forthcoming|future)\b", re.I)
FILLER = frozenset(
    tokenize(
        "much many long far often exactly happen happened kind sort latest current currently "
        "recent most newest still now today step steps stage thing things"
    )
)
# A word after one of these is usually the thing asked about ("the salary", "on adult care").
_NOUN_CUES = frozenset(
    "the a an its their his her our your this that these those of on for in about per any "
    "each every".split()
)
# Words after such a cue that qualify rather than name the subject ("the first tranche").
# Matched as whole words: "planned" qualifies, "plan" names ("proposed" and "proposal" alike).
_QUALIFIERS = frozenset(
    words(
        "first second third fourth last next previous remaining new old total main whole "
        "overall original additional further extra full final proposed planned draft approved "
        "agreed recommended revised updated interim"
    )
)
# Roles a "who" question may name as a verb or a noun: the person in the answer must hold it.
_ROLE_WORDS = frozenset(
    stems(words("chair chairs chaired chairman chairwoman leader leads led heads director "
                "directs commissioner secretary minister mayor councillor executive member"))
)
_IRREGULAR_NOUNS = frozenset("children people women men".split())
# Words naming the shape of the answer ("on what date"), not what it is about.
ANSWER_WORDS = frozenset(
    tokenize("date day time month year sum amount figure number total reason purpose name")
)
_QUESTION_WORD = re.compile(r"[\w£'’/.-]+")


# Words that tell the keyword search what shape of answer to look for.
EXPANSIONS = {
    "how_often": "quarterly monthly bi-monthly weekly annually yearly regularly",
    "how_long": "years months weeks period",
    "how_many": "two three four five six seven eight nine ten twelve twenty dozen",
}


def search_terms(question: str) -> str:
    """The text to retrieve with: the question, plus the words its kind of answer uses."""
    extra = EXPANSIONS.get(question_kind(question))
    return f"{question} {extra}" if extra else question


def question_kind(question: str) -> str:
    for kind, pattern in KINDS:
        if pattern.search(question):
            return kind
    return "what"


FULL_DATE = re.compile(rf"\b\d{{1,2}}(?:st|nd|rd|th)? {_MONTH}\b", re.IGNORECASE)

# Capitalised words that name no one in particular: they never anchor a question to a paper.
GENERIC_NAMES = frozenset(
    tokenize(
        "Council Councils County Borough District City Cabinet Chief Executive Director Corporate "
        "Children Young People Services Service Committee Scrutiny Secretary Education "
        "Commissioner Member Members Chair Leader Officer Department Government Social Care Plan "
        "Report Reserve Reserves Fund Funding Investment Transformation Improvement Board Group "
        "Mr Mrs Ms Dr Cllr TV January February March April May June July August September "
        "October November December Monday Tuesday Wednesday Thursday Friday Saturday Sunday"
    )
)
_CAPITALISED = re.compile(r"(?<![.?!]\s)(?<!^)\b([A-Z][\w’'-]*[A-Za-z])")
_NOT_COUNTS = (ENTITIES["date"], ENTITIES["amount"])


def anchors(question: str) -> set[str]:
    """Names in the question (places, bodies, people): a paper that never mentions one of them
    cannot answer it, however close its wording."""
    found: set[str] = set()
    for match in _CAPITALISED.finditer(question.strip()):
        found.update(t for t in tokenize(match.group(1)) if t not in GENERIC_NAMES)
    return found


def new_entities(kind: str, sentence: str, question: str) -> list[str]:
    """What the sentence carries of the kind asked for, leaving out what the question says."""
    if kind not in NEEDS:
        return []
    patterns = [ENTITIES[NEEDS[kind]]] + ([ENTITIES["role"]] if kind == "who" else [])
    if kind == "how_many" and CHANGE.search(question):  # "how far have caseloads fallen"
        return [m.group(0) for m in ENTITIES["change"].finditer(sentence)]
    if kind == "how_many":  # a count, not a date or a sum of money, of the thing asked about
        for other in _NOT_COUNTS:
            sentence = other.sub(" ", sentence)
        return _counts(sentence, question)
    asked = set(tokenize(question))
    roles = asked_roles(question) if kind == "who" else []
    found = []
    for pattern in patterns:
        for match in pattern.finditer(sentence):
            text = match.group(0)
            words = set(tokenize(text)) or {text.lower()}
            if kind == "who" and text[:1].isupper() and " " in text:
                if roles and pattern is ENTITIES["person"] and tokenize(text)[-1] in GENERIC_NAMES:
                    continue  # a role is held by a person, not "the Financial Resilience Reserve"
                words -= GENERIC_NAMES  # a name must name someone: "Herefordshire Council" won't
            said = [any(_same_word(w, a) for a in asked) for w in words]
            head = tokenize(text)[-1:]
            if pattern is ENTITIES["role"] and any(_same_word(h, a) for h in head for a in asked):
                continue  # asked who chairs: "the vice chair" names the role, not the person
            if kind == "why" or not all(said):
                found.append(text)
    return found


_RELATIVE = frozenset("half double twice treble triple".split())


def _counts(sentence: str, question: str) -> list[str]:
    """Numbers in the sentence that count what the question counts: 'five extra social work
    teams' answers 'how many teams', 'three months' does not answer 'how many children'."""
    counted = _COUNTED.search(question)
    phrase = counted.group(1).split() if counted else []
    for at, token in enumerate(phrase):  # "how many children took part": up to the verb
        if at and _verb_form(token.lower()):
            phrase = phrase[:at]
            break
    thing = tokenize(" ".join(phrase))[-1:]
    found = []
    for match in ENTITIES["number"].finditer(sentence):
        if match.group(0).lower() in _RELATIVE:
            continue  # "a half of what they were" is a change, not a count
        if not thing:
            found.append(match.group(0))
            continue
        near = tokenize(sentence[max(0, match.start() - 40) : match.end() + 40])
        if any(_same_word(thing[0], word) for word in near):
            found.append(match.group(0))
    return found


def _same_word(a: str, b: str) -> bool:
    """'chair' and 'chairperson' are the same word here; short words must match exactly."""
    return a == b or (min(len(a), len(b)) >= 4 and (a.startswith(b) or b.startswith(a)))


def subject_words(question: str) -> list[str]:
    """The words that name what is asked about: those after a determiner, preposition or
    possessive. An answer must mention each, exactly or nearly; otherwise it answers something
    else ("the salary of the chief executive" is not answered by a sentence on the chief
    executive)."""
    tokens = _QUESTION_WORD.findall(question.strip())
    found: list[str] = []
    for at, before in enumerate(tokens[:-1]):
        cue = before.lower()
        if not (cue in _NOUN_CUES or cue.endswith(("'s", "’s"))):
            continue
        following = tokens[at + 1 : at + 4]  # "Ofsted's next inspection": past the qualifiers
        while len(following) > 1 and _qualifier(following[0]):
            following = following[1:]
        found.extend(w for w in words(following[0]) if stems([w])[0] not in FILLER | ANSWER_WORDS)
    found.extend(_closing_noun(tokens))
    return [w for w in dict.fromkeys(found) if not _qualifier(w)]


_PREPOSITIONS = frozenset("to of on for in about per into from with at by".split())


def _closing_noun(tokens: list[str]) -> list[str]:
    """The noun that ends a question's closing phrase, once its verb has been passed: "made to
    home to school *transport*". (Without a past form before it, the last word may be the verb
    itself: "when does the funding *start*".)"""
    if len(tokens) < 3 or not words(tokens[-1]) or _verb_form(tokens[-1].lower()):
        return []
    last_preposition = max(
        (i for i, t in enumerate(tokens[:-1]) if t.lower() in _PREPOSITIONS), default=None
    )
    verbs = [t for t in tokens[: last_preposition or 0] if _verb_form(t.lower())]
    if last_preposition is None or not verbs:
        return []
    if any(not words(t) for t in tokens[last_preposition + 1 : -1] if t.lower() not in _NOUN_CUES):
        return []  # a function word inside: not one noun phrase
    if last_preposition == len(tokens) - 2 and tokens[-2].lower() == "to" and tokens[-1].islower():
        return []  # "expected to take": a verb
    return [w for w in words(tokens[-1]) if stems([w])[0] not in FILLER | ANSWER_WORDS]


def _verb_form(word: str) -> bool:
    """A past form: "made", "approved" ("-ing" words are too often nouns: "funding")."""
    return (len(word) > 4 and word.endswith("ed")) or (
        word in IRREGULAR and word not in _IRREGULAR_NOUNS
    )


_AUXILIARIES = frozenset("did does do will would has have had should can could".split())
# Verbs that carry little of a question's meaning: "what did the LGA *do*", "what did the chair
# *think* of it", "what has the money *achieved*" are answered by any statement on the subject.
_LIGHT_VERBS = frozenset(
    stems(
        "do doing did done make let set get have go take give put keep say said think feel "
        "believe view mean achieve result lead happen".split()
    )
)


def asked_action(question: str) -> list[str]:
    """The verb of a "what did X decide" question: an answer must report that action (or a word
    of the same meaning), not merely mention X. Light verbs (do, think, achieve) ask for nothing
    in particular and are left out."""
    tokens = _QUESTION_WORD.findall(question.strip())
    if question_kind(question) != "what" or len(tokens) < 4:
        return []
    if tokens[0].lower() != "what" or tokens[1].lower() not in _AUXILIARIES:
        return []
    subject = tokens[2:]
    while subject and subject[0].lower() in _NOUN_CUES:
        subject = subject[1:]
    verb = ""
    for at, token in enumerate(subject):
        if not words(token):  # a function word ends the verb, unless the subject goes on
            joined = token.lower() in ("of", "and") and words(" ".join(subject[at + 1 : at + 2]))
            if joined:
                continue
            break
        verb = token
    if not verb or verb == subject[0] or not verb.isalpha() or not verb.islower():
        return []
    return [w for w in words(verb) if stems([w])[0] not in _LIGHT_VERBS]


def asked_roles(question: str) -> list[str]:
    """The roles a "who" question names ("who chairs...", "as corporate director"): the person
    in the answer must hold one of them."""
    if question_kind(question) != "who":
        return []
    return [w for w in dict.fromkeys(words(question)) if stems([w])[0] in _ROLE_WORDS]


def _qualifier(word: str) -> bool:
    found = words(word)
    return bool(found) and all(w in _QUALIFIERS or stems([w])[0] in FILLER for w in found)
