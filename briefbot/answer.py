"""Passages -> a cited answer, composed only of whole sentences quoted from the papers.

There is no generative model. The question's kind (when, how much, who, why, how many, how long,
what) says what a good sentence must carry; each sentence from the retrieved passages is scored by
its meaning (embedding similarity), by how much of the question's distinctive wording it and its
passage cover (IDF-weighted), and by whether it carries what the kind asks for — and is not merely
repeating the question. When no sentence clears the bar the answer is a plain refusal.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from briefbot.ingest.sentences import split_sentences
from briefbot.keywords import stems, tokenize, words
from briefbot.models import Answer, Citation, Paper, SourcePassage, format_locator
from briefbot.retrieve import Hit

REFUSAL = "The indexed papers don't answer this."
MAX_SENTENCES = 4

# Calibrated on eval/dev.jsonl with the haystack (see `briefbot eval`).
MIN_SCORE = 0.88  # the best sentence's score below which the answer is a refusal
COVERAGE_WEIGHT = 0.6  # weight of the question's wording found around a sentence
MAX_IDF = 6.0  # words unknown to the index count, but no more than a rare word
NEAR_WORD = 0.65  # cosine above which a word counts (partly) as the question's word
NEAR_SUBJECT = 0.7  # cosine above which a paper's word stands for the question's subject
SHORTLIST = 10  # sentences whose wording is checked word by word
KEEP_MARGIN = 0.10  # further sentences must score within this of the best
DUPLICATE = 0.6  # word-set overlap above which two sentences say the same thing

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
    "person": re.compile(r"\b[A-Z][a-z]+(?:[- ][A-Z][a-z]+)+\b|\(([A-Z]{2,})\)|\b[A-Z]{2,}\b"),
    "role": re.compile(
        r"\b(?:chief executive|director|commissioner|cabinet member|chair(?:man|woman|person)?"
        r"|vice[- ]chair|leader|secretary|minister|councillor|mayor|inspectors?"
        r"|head of [a-z ]+|manager)\b",
        re.IGNORECASE,
    ),
    "reason": re.compile(
        r"\b(?:because|due to|as a result|so that|in order to|to (?:help|ensure|support|address|"
        r"expedite|speed|allow|provide|deliver|build|improve|reduce|make|focus|continue|transform)"
        r"|reflect(?:s|ed)?|following|in response to|will allow|will help|meant|aims?|purpose|"
        r"need(?:ed|s)? (?:to|for)|important|difficult|lack of|costs?)\b",
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
        r"|\bwhat caseloads?\b", re.I)),
    ("when", re.compile(
        _LEAD + r"when\b|\b(what|which) (date|day|time|month|year)\b|\bby when\b"
        r"|\bhow soon\b|\bon what date\b", re.I)),
    ("who", re.compile(
        _LEAD + r"who\b|\bwhom\b|\bwhose\b|^\s*which\b[^?]*?\b(person|officer|member|councillor"
        r"|director|minister|secretary|chair|leader|organisation|organization|body)\b"
        r"|\bname of\b", re.I)),
    ("why", re.compile(
        _LEAD + r"why\b|\bwhat (is|was) the reason\b|\bfor what (reason|purpose)\b"
        r"|\bwhat for\b|\bmeant for\b|\bpurpose of\b", re.I)),
]  # fmt: skip
NEEDS = {"when": "date", "how_much": "amount", "how_many": "number", "how_long": "duration",
         "how_often": "frequency", "who": "person", "why": "reason"}  # fmt: skip
# "how many [additional social work teams] has ...": the counted thing ends the phrase.
_COUNTED = re.compile(
    r"\bhow many ((?:[\w'’-]+ ){0,4}?[\w'’-]+?)(?= (?:has|have|had|is|are|was|were|does|do|did|"
    r"will|would|can|could|in|of|on|for|at|by|does)\b|\?|$)",
    re.IGNORECASE,
)
LATEST = re.compile(
    r"\b(latest|current(ly)?|now|most recent|newest|today|still|at present)\b", re.I
)
FILLER = frozenset(
    tokenize(
        "much many long far often exactly happen happened kind sort latest current currently "
        "recent most newest still now today"
    )
)
# A word after one of these is usually the thing asked about ("the salary", "on adult care").
_NOUN_CUES = frozenset(
    "the a an its their his her our your this that these those of on for in about per any "
    "each every".split()
)
# Words after such a cue that qualify rather than name the subject ("the first tranche").
_QUALIFIERS = frozenset(
    tokenize("first second third fourth last next previous remaining new old total main whole "
             "overall original additional further extra full final")
)
_QUESTION_WORD = re.compile(r"[\w£'’/.-]+")


# Words that tell the keyword search what shape of answer to look for.
EXPANSIONS = {
    "how_often": "quarterly monthly bi-monthly weekly annually yearly regularly",
    "how_long": "years months weeks period",
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


_FULL_DATE = re.compile(rf"\b\d{{1,2}}(?:st|nd|rd|th)? {_MONTH}\b", re.IGNORECASE)

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
    if kind == "how_many":  # a count, not a date or a sum of money, of the thing asked about
        for other in _NOT_COUNTS:
            sentence = other.sub(" ", sentence)
        return _counts(sentence, question)
    asked = set(tokenize(question))
    found = []
    for match in (m for pattern in patterns for m in pattern.finditer(sentence)):
        text = match.group(0)
        words = set(tokenize(text)) or {text.lower()}
        if kind == "who" and text[:1].isupper() and " " in text:
            words -= GENERIC_NAMES  # a name must name someone: "Herefordshire Council" won't do
        if kind == "why" or not all(any(_same_word(w, a) for a in asked) for w in words):
            found.append(text)
    return found


def _counts(sentence: str, question: str) -> list[str]:
    """Numbers in the sentence that count what the question counts: 'five extra social work
    teams' answers 'how many teams', 'three months' does not answer 'how many children'."""
    counted = _COUNTED.search(question)
    thing = tokenize(counted.group(1))[-1:] if counted else []
    found = []
    for match in ENTITIES["number"].finditer(sentence):
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


@dataclass
class Candidate:
    """A sentence from a retrieved passage, with the evidence for choosing it."""

    hit: Hit
    start: int
    end: int
    text: str
    similarity: float = 0.0
    coverage: float = 0.0
    missing: list[str] = field(default_factory=list)
    entities: list[str] = field(default_factory=list)
    score: float = 0.0
    vector: np.ndarray | None = None

    @property
    def paper_id(self) -> str:
        return self.hit.passage.paper_id


class WordVectors:
    """Single-word embeddings, cached: how close a question's word is to a paper's words."""

    def __init__(self, encode: Callable[[list[str]], np.ndarray], size: int = 20000) -> None:
        self.encode = encode
        self.size = size
        self._cache: dict[str, np.ndarray] = {}

    def vectors(self, found: list[str]) -> dict[str, np.ndarray]:
        new = [w for w in dict.fromkeys(found) if w not in self._cache]
        if new:
            if len(self._cache) + len(new) > self.size:
                self._cache.clear()
            self._cache.update(zip(new, self.encode(new), strict=True))
        return {w: self._cache[w] for w in found}

    def closeness(self, missing: list[str], window: list[str]) -> dict[str, float]:
        """For each missing word, its best cosine with a window word, if above NEAR_WORD."""
        table = self.vectors(missing + window)
        if not window:
            return {}
        matrix = np.stack([table[w] for w in window])
        near: dict[str, float] = {}
        for word in missing:
            best = float(np.max(matrix @ table[word]))
            if best >= NEAR_WORD:
                near[word] = best
        return near


@dataclass
class Evidence:
    """What the answerer needs from the index: passages found, IDF, the model and paper text."""

    hits: list[Hit]
    idf: Callable[[str], float]
    encode: Callable[[list[str]], np.ndarray]
    paper: Callable[[str], Paper]
    words: WordVectors


def candidates(hits: list[Hit]) -> list[Candidate]:
    seen: set[tuple[str, int]] = set()
    found: list[Candidate] = []
    for hit in hits:
        passage = hit.passage
        for start, end in split_sentences(passage.text):
            key = (passage.paper_id, passage.start + start)
            text = passage.text[start:end]
            if key in seen or len(tokenize(text)) < 3 or _heading(text, passage.title):
                continue
            seen.add(key)
            found.append(Candidate(hit, passage.start + start, passage.start + end, text))
    return found


def anchored(question: str, found: list[Candidate], evidence: Evidence) -> list[Candidate]:
    """The candidates whose paper mentions every name the question gives."""
    names = anchors(question)
    if not names:
        return found
    vocabulary: dict[str, set[str]] = {}
    for candidate in found:
        if candidate.paper_id not in vocabulary:
            paper = evidence.paper(candidate.paper_id)
            vocabulary[candidate.paper_id] = set(tokenize(paper.meta.title + " " + paper.text))
    return [c for c in found if names <= vocabulary[c.paper_id]]


def _heading(text: str, title: str) -> bool:
    """A title or heading line: it names a subject but states nothing."""
    return text.strip() == title.strip() or (
        len(text.split()) < 12 and text.rstrip()[-1:] not in '.!?:"”’)'
    )


def soft_coverage(
    question: list[str], weights: list[float], window: list[str], vectors: WordVectors
) -> float:
    """IDF-weighted share of the question's words found in the window: exactly (same stem), or
    nearly (a word the model places close by: 'money' and 'funding'), for partial credit."""
    total = sum(weights)
    if not total:
        return 0.0
    have = set(stems(window))
    missing = [w for w in question if stems([w])[0] not in have]
    plain = [w for w in dict.fromkeys(window) if w.isalpha()]
    near = vectors.closeness(missing, plain) if missing else {}
    credit = 0.0
    for word, weight in zip(question, weights, strict=True):
        credit += weight * (near.get(word, 0.0) if word in missing else 1.0)
    return credit / total


def score_candidates(question: str, kind: str, found: list[Candidate], evidence: Evidence) -> None:
    asked = [w for w in dict.fromkeys(words(question)) if stems([w])[0] not in FILLER]
    weights = [min(evidence.idf(t), MAX_IDF) for t in stems(asked)]
    vectors = evidence.encode([question] + [c.text for c in found])
    for candidate, vector in zip(found, vectors[1:], strict=True):
        candidate.vector = vector
        candidate.similarity = float(np.dot(vectors[0], vector))
        candidate.entities = new_entities(kind, candidate.text, question)
        fits = 0.1 if candidate.entities else (-0.3 if kind in NEEDS else 0.0)
        candidate.score = candidate.similarity + fits
    shortlist = sorted(found, key=lambda c: -c.score)[:SHORTLIST]
    subjects = subject_words(question)
    for candidate in shortlist:
        window = words(_window(candidate) + " " + candidate.hit.passage.title)
        candidate.coverage = soft_coverage(asked, weights, window, evidence.words)
        candidate.missing = missing_subjects(subjects, window, evidence.words)
        candidate.score += COVERAGE_WEIGHT * candidate.coverage - 0.3 * bool(candidate.missing)
    for candidate in found[:]:
        if candidate not in shortlist:
            candidate.score -= 1.0  # never chosen over a sentence whose wording was checked


def subject_words(question: str) -> list[str]:
    """The words that name what is asked about: those after a determiner, preposition or
    possessive. An answer must mention each, exactly or nearly; otherwise it answers something
    else ("the salary of the chief executive" is not answered by a sentence on the chief
    executive)."""
    tokens = _QUESTION_WORD.findall(question.strip())
    found: list[str] = []
    for before, word in zip(tokens, tokens[1:], strict=False):
        cue = before.lower()
        if cue in _NOUN_CUES or cue.endswith(("'s", "’s")):
            found.extend(w for w in words(word) if stems([w])[0] not in FILLER | _QUALIFIERS)
    return list(dict.fromkeys(found))


def missing_subjects(subjects: list[str], window: list[str], vectors: WordVectors) -> list[str]:
    have = set(stems(window))
    missing = [w for w in subjects if stems([w])[0] not in have]
    plain = [w for w in dict.fromkeys(window) if w.isalpha()]
    near = vectors.closeness(missing, plain) if missing and plain else {}
    return [w for w in missing if near.get(w, 0.0) < NEAR_SUBJECT]


def _window(candidate: Candidate) -> str:
    """The sentence with its neighbours in the passage: where its subject is usually named."""
    text = candidate.hit.passage.text
    spans = split_sentences(text)
    offset = candidate.start - candidate.hit.passage.start
    index = next((i for i, (s, _e) in enumerate(spans) if s == offset), 0)
    first, last = max(0, index - 1), min(len(spans), index + 2)
    return text[spans[first][0] : spans[last - 1][1]] if spans else candidate.text


def choose(kind: str, latest: bool, found: list[Candidate]) -> list[Candidate]:
    """The best sentence, then up to three more close to it that add something new."""
    ranked = sorted(found, key=lambda c: (-c.score, c.paper_id, c.start))
    if kind in NEEDS:  # only a sentence that carries what was asked can answer
        ranked = [c for c in ranked if c.entities] or ranked
    best = ranked[0]
    close = [
        c
        for c in ranked
        if c.score >= best.score - KEEP_MARGIN and (c.entities or kind not in NEEDS)
    ]
    if latest and close:
        best = max(close, key=lambda c: (c.hit.passage.date or "", c.score))
    elif kind == "when" and close:  # a full date answers "when" better than a month
        best = max(close, key=lambda c: (any(_FULL_DATE.search(e) for e in c.entities), c.score))
    chosen = [best]
    for candidate in close:
        if len(chosen) >= MAX_SENTENCES:
            break
        if all(not _same_claim(candidate, other) for other in chosen):
            chosen.append(candidate)
    return chosen


def _same_claim(a: Candidate, b: Candidate) -> bool:
    words_a, words_b = set(tokenize(a.text)), set(tokenize(b.text))
    union = words_a | words_b
    return (a.paper_id, a.start) == (b.paper_id, b.start) or (
        bool(union) and len(words_a & words_b) / len(union) >= DUPLICATE
    )


def disagreement(kind: str, chosen: list[Candidate]) -> str | None:
    """Where two papers state the same thing with different dates or figures, say so."""
    if kind not in ("when", "how_much", "how_many"):
        return None
    for i, first in enumerate(chosen):
        for j in range(i + 1, len(chosen)):
            second = chosen[j]
            if first.paper_id == second.paper_id or first.vector is None or second.vector is None:
                continue
            if float(np.dot(first.vector, second.vector)) < 0.6:
                continue
            a, b = _values(first.entities), _values(second.entities)
            if a and b and not (a & b) and not _compatible(a, b):
                return (
                    f"The papers differ: [{i + 1}] gives {', '.join(sorted(a))}; "
                    f"[{j + 1}] gives {', '.join(sorted(b))}."
                )
    return None


def _values(entities: list[str]) -> set[str]:
    return {" ".join(e.lower().split()) for e in entities}


def _compatible(a: set[str], b: set[str]) -> bool:
    """'March 2022' and '31 March 2022' agree: one is the other at a coarser precision."""
    return any(x in y or y in x for x in a for y in b)


def paper_date_label(value: str | None) -> str:
    """'2022-03-31' -> '31 March 2022', '2022-03' -> 'March 2022', none -> 'undated'."""
    if not value:
        return "undated"
    months = ["January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December"]  # fmt: skip
    parts = value.split("-")
    if len(parts) == 3:
        return f"{int(parts[2])} {months[int(parts[1]) - 1]} {parts[0]}"
    if len(parts) == 2:
        return f"{months[int(parts[1]) - 1]} {parts[0]}"
    return parts[0]


def as_of(dates: list[str | None]) -> str:
    """'Based on papers from March 2022 to December 2022.' for the papers an answer rests on."""
    known = sorted({d for d in dates if d})
    if not known:
        return "Based on undated papers."
    first, last = paper_date_label(known[0]), paper_date_label(known[-1])
    if first == last:
        return f"Based on {'a paper' if len(dates) == 1 else 'papers'} from {first}."
    return f"Based on papers from {first} to {last}."


def cite(n: int, candidate: Candidate, paper: Paper) -> Citation:
    passage = candidate.hit.passage
    block = next((b for b in paper.blocks if b.start <= candidate.start < b.end), None)
    locator = (
        format_locator(block.page, block.section, (block.paragraph, block.paragraph))
        if block
        else passage.locator
    )
    return Citation(
        n=n,
        paper_id=passage.paper_id,
        title=passage.title,
        date=passage.date,
        doc_type=passage.doc_type,
        locator=locator,
        path=passage.path,
        quote=paper.text[candidate.start : candidate.end],
        start=candidate.start,
        end=candidate.end,
    )


def sources(hits: list[Hit]) -> list[SourcePassage]:
    return [
        SourcePassage(
            title=h.passage.title,
            date=h.passage.date,
            path=h.passage.path,
            locator=h.passage.locator,
            text=h.passage.text,
            score=round(h.score, 6),
        )
        for h in hits
    ]


def refusal(question: str, kind: str, hits: list[Hit]) -> Answer:
    closest = list(
        dict.fromkeys(f"{h.passage.title} ({paper_date_label(h.passage.date)})" for h in hits)
    )
    return Answer(
        question=question,
        answer=REFUSAL,
        refused=True,
        kind=kind,
        as_of="",
        closest=closest[:3],
        passages=sources(hits),
    )


def compose(question: str, search_text: str, evidence: Evidence) -> Answer:
    """Answer from the evidence, or refuse; `search_text` adds a follow-up's earlier subject."""
    kind = question_kind(question)
    found = anchored(search_text, candidates(evidence.hits), evidence)
    if not found:
        return refusal(question, kind, evidence.hits)
    score_candidates(search_text, kind, found, evidence)
    chosen = choose(kind, bool(LATEST.search(question)), found)
    best = chosen[0]
    if best.score < MIN_SCORE or (kind in NEEDS and not best.entities):
        refused = refusal(question, kind, evidence.hits)
        refused.confidence = best.score if best.entities or kind not in NEEDS else 0.0
        return refused
    citations = [cite(n, c, evidence.paper(c.paper_id)) for n, c in enumerate(chosen, 1)]
    text = " ".join(f"{' '.join(c.quote.split())} [{c.n}]" for c in citations)
    return Answer(
        question=question,
        answer=text,
        kind=kind,
        citations=citations,
        as_of=as_of(list({c.paper_id: c.date for c in citations}.values())),
        note=disagreement(kind, chosen),
        confidence=round(best.score, 4),
        passages=sources(evidence.hits),
    )
