"""What a sentence carries that a kind of question asks for: dates, amounts, counts, durations,
frequencies, changes, people and roles, judgements and reasons.

Each finder returns the phrases found, as written. The answerer uses them as features (a "when"
question is usually answered by a sentence giving a date the question does not already give);
they never veto a sentence on their own.
"""

from __future__ import annotations

import re

from briefbot.language.dates import FULL_MONTH as MONTH
from briefbot.language.dates import WEEKDAY
from briefbot.language.tokens import tokenize
from briefbot.language.words import GENERIC_NAMES

NUMBER_WORD = (
    r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    r"fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|"
    r"eighty|ninety|hundred|thousand|dozen|half|double|twice|treble|triple)"
)
PATTERNS: dict[str, re.Pattern[str]] = {
    "date": re.compile(
        rf"\b\d{{1,2}}(?:st|nd|rd|th)? {MONTH}\b|\b{MONTH} \d{{4}}\b|\b{MONTH}\b|\b{WEEKDAY}\b"
        r"|\b(?:19|20)\d{2}(?:/\d{2})?\b|\b\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\b"
        r"|\b\d{1,2}(?:[.:]\d{2})? ?[ap]\.?m\b"
        r"|\b(?:last|next|this|the following|the previous) (?:year|month|week|day)\b"
        r"|\bby the end of\b|\b(?:yesterday|today|tomorrow|spring|summer|autumn|winter)\b",
        re.IGNORECASE,
    ),
    "amount": re.compile(
        r"[£$€]\s?\d[\d,]*(?:\.\d+)?\s?(?:m|bn|k|million|billion|thousand)?\b"
        r"|\b\d[\d,]*(?:\.\d+)?\s?(?:million|billion|bn|m)\b(?! (?:years?|months?))"
        r"|\b\d+(?:\.\d+)? ?(?:%|per ?cent\b)|\b\d[\d,]*(?:\.\d+)? ?(?:pounds|dollars|euros)\b",
        re.IGNORECASE,
    ),
    "number": re.compile(rf"\b\d[\d,.]*\b|\b{NUMBER_WORD}\b", re.IGNORECASE),
    "duration": re.compile(
        rf"\b(?:\d+|{NUMBER_WORD}|a|an|several|many)[- ](?:years?|months?|weeks?|days?|hours?)\b",
        re.IGNORECASE,
    ),
    "frequency": re.compile(
        r"\b(?:quarterly|bi-?monthly|monthly|weekly|daily|fortnightly|annually|yearly|"
        r"biannually|regularly)\b|\bevery (?:\w+ )?(?:year|month|week|day|quarter)s?\b"
        r"|\b(?:once|twice|\w+ times) (?:a|per|each) (?:year|month|week|day|quarter)\b"
        r"|\beach (?:year|month|week|quarter)\b",
        re.IGNORECASE,
    ),
    "change": re.compile(
        r"\b(?:half|halved|a third|a quarter|doubled?|twice|trebled?|tripled?|\w+fold)\b"
        r"|\b\d+(?:\.\d+)? ?(?:%|per ?cent\b)|\bby (?:£?\d[\d,.]*\w*|a (?:half|third|quarter))"
        r"|\bfrom £?\d[\d,.]*\w* to £?\d",
        re.IGNORECASE,
    ),
    "person": re.compile(
        r"\b(?:Cllr|Councillor|Mr|Mrs|Ms|Miss|Dr|Professor|Sir|Dame|Lord|Lady)\.? [A-Z][\w'’-]+"
        r"(?: [A-Z][\w'’-]+)*|\b[A-Z][a-z]+(?:[- ][A-Z][a-z]+)+\b|\b[A-Z]{2,}\b"
    ),
    "role": re.compile(
        r"\b(?:chief executive|director|commissioner|cabinet member|portfolio holder|"
        r"chair(?:man|woman|person)?|vice[- ]chair|leader|secretary|minister|councillor|mayor|"
        r"inspectors?|head of [a-z ]+|manager|clerk|officer|monitoring officer|proposer|seconder|"
        r"(?:moved|seconded|proposed) by)\b",
        re.IGNORECASE,
    ),
    "rating": re.compile(
        r"\b(?:outstanding|requires? improvement|inadequate|failing|failed|special measures"
        r"|(?:rated|judged|graded|as) (?:good|satisfactory)|good (?:and|or) outstanding)\b",
        re.IGNORECASE,
    ),
    "reason": re.compile(
        r"\b(?:because|due to|as a result|so that|in order to|to (?:help|ensure|support|address|"
        r"expedite|speed|allow|provide|deliver|build|improve|reduce|make|focus|continue|"
        r"transform|meet|cover|fund|protect|tackle|avoid|prevent)|reflect(?:s|ed)?|following|"
        r"in response to|will allow|will help|meant|aims?|purpose|need(?:ed|s)? (?:to|for)|"
        r"important|difficult|lack of|costs?|mainly|largely|chiefly|driven by|caused by|"
        r"owing to|thanks to|result(?:ed|s|ing)? (?:from|in)|since|given|reason)\b",
        re.IGNORECASE,
    ),
    "verdict": re.compile(
        r"\b(?:approved|agreed|resolved|rejected|refused|deferred|supported|endorsed|adopted|"
        r"carried|lost|fell|declined|accepted|noted|welcomed|opposed|voted|unanimous(?:ly)?|"
        r"abstained|withdrawn|not (?:approved|agreed|supported)|against|in favour)\b",
        re.IGNORECASE,
    ),
    "vote": re.compile(
        r"\b(?:for|against|abstentions?|abstained|in favour)\s*[:\-–]?\s*\(?\d+\b"
        r"|\b\d+ (?:votes? )?"
        r"(?:for|against|in favour|abstentions?)\b|\bunanimous(?:ly)?\b|\bnem(?:\.|ine)? con\b"
        r"|\b(?:moved|proposed|seconded) by\b",
        re.IGNORECASE,
    ),
}
# What each kind of question asks a sentence to carry.
NEEDS = {
    "when": "date",
    "how_much": "amount",
    "how_many": "number",
    "how_long": "duration",
    "how_often": "frequency",
    "who": "person",
    "why": "reason",
    "rating": "rating",
    "yes_no": "verdict",
}
FULL_DATE = re.compile(rf"\b\d{{1,2}}(?:st|nd|rd|th)? {MONTH}\b", re.IGNORECASE)
_RELATIVE = frozenset("half double twice treble triple".split())
_NOT_COUNTS = (PATTERNS["date"], re.compile(r"[£$€]\s?\d[\d,.]*\s?(?:m|bn|k|million|billion)?\b"))


def found(kind: str, sentence: str) -> list[str]:
    """Every phrase of the kind's entity in the sentence (a person or a role for "who")."""
    entity = NEEDS.get(kind)
    if entity is None:
        return []
    phrases = [m.group(0) for m in PATTERNS[entity].finditer(sentence)]
    if kind == "who":  # a name: a role alone ("the chairperson spoke") names no one
        phrases = [p for p in phrases if set(tokenize(p)) - GENERIC_NAMES]
    if kind == "yes_no":
        phrases += [m.group(0) for m in PATTERNS["vote"].finditer(sentence)]
    return phrases


def new_to(known: str, phrases: list[str]) -> list[str]:
    """The phrases that the known text (the question, and for names the paper's masthead) does
    not already state: a sentence that only repeats the question's date or name carries nothing
    new; "Herefordshire Council Cabinet" names no one in a Herefordshire paper."""
    asked = set(tokenize(known)) | GENERIC_NAMES
    fresh = []
    for phrase in phrases:
        tokens = set(tokenize(phrase)) or {phrase.lower()}
        if not tokens <= asked:
            fresh.append(phrase)
    return fresh


# "Diana Toynbee, cabinet member for ...", "Corporate Director ..., Darryl Freeman", "Cllr Ann
# Shaw (chair)": a named person beside the post they hold.
_TITLE = r"(?:(?:Cllr|Councillor|Mr|Mrs|Ms|Miss|Dr|Professor|Sir|Dame)\.? )?"
_NAME = _TITLE + r"[A-Z][a-z’'-]+(?: [A-Z][a-z’'-]+)+"
_ROLE_HOLDER = re.compile(
    rf"{_NAME},? \(?(?:the )?(?:{PATTERNS['role'].pattern})|(?:{PATTERNS['role'].pattern})"
    rf"[\w ,’'&-]{{0,60}}?,? {_NAME}",
    re.IGNORECASE,
)


def role_holders(sentence: str) -> list[str]:
    """Named people beside a post they hold."""
    found = []
    for match in _ROLE_HOLDER.finditer(sentence):
        if re.search(r"[A-Z][a-z’'-]+ [A-Z][a-z’'-]+", match.group(0)):
            found.append(match.group(0))
    return found


def counts(sentence: str, counted: str) -> list[str]:
    """Numbers in the sentence that count what the question counts: 'five extra social work
    teams' answers 'how many teams', 'three months' does not answer 'how many children'."""
    for other in _NOT_COUNTS:
        sentence = other.sub(" ", sentence)
    thing = tokenize(counted)[-1:]
    result = []
    for match in PATTERNS["number"].finditer(sentence):
        if match.group(0).lower() in _RELATIVE:
            continue  # "a half of what they were" is a change, not a count
        near = tokenize(sentence[max(0, match.start() - 40) : match.end() + 40])
        if not thing or any(_same_word(thing[0], word) for word in near):
            result.append(match.group(0))
    return result


def changes(sentence: str) -> list[str]:
    return [m.group(0) for m in PATTERNS["change"].finditer(sentence)]


def _same_word(a: str, b: str) -> bool:
    """'chair' and 'chairperson' are the same word here; short words must match exactly."""
    return a == b or (min(len(a), len(b)) >= 4 and (a.startswith(b) or b.startswith(a)))
