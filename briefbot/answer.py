"""Passages -> a cited answer, composed only of whole sentences quoted from the papers.

There is no generative model. The question's kind (when, how much, who, why, how many, how long,
what) says what a good sentence must carry; each sentence from the retrieved passages is scored by
its meaning (embedding similarity), by how much of the question's distinctive wording it and its
passage cover (IDF-weighted), and by whether it carries what the kind asks for — and is not merely
repeating the question. When no sentence clears the bar the answer is a plain refusal.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from briefbot.ingest.sentences import split_sentences
from briefbot.keywords import stems, tokenize, words
from briefbot.labels import paper_date_label
from briefbot.models import Answer, Citation, Paper, SourcePassage, format_locator
from briefbot.questions import (
    ANSWER_WORDS,
    FILLER,
    FULL_DATE,
    FUTURE,
    LATEST,
    NEEDS,
    anchors,
    asked_action,
    asked_roles,
    new_entities,
    question_kind,
    subject_words,
)
from briefbot.retrieve import Hit
from briefbot.thesaurus import concept, concepts
from briefbot.timeline import find_dates, paper_when

REFUSAL = "The indexed papers don't answer this."
MAX_SENTENCES = 4

# Calibrated on eval/dev.jsonl with the haystack (see `briefbot eval`).
MIN_SCORE = 0.70  # the best sentence's score below which the answer is a refusal
COVERAGE_WEIGHT = 0.6  # weight of the question's wording found around a sentence
STATED_WEIGHT = 0.3  # among sentences clearing the bar: weight of the wording in the sentence
MAX_IDF = 6.0  # words unknown to the index count, but no more than a rare word
NEAR_WORD = 0.65  # cosine above which a word counts (partly) as the question's word
NEAR_SUBJECT = 0.7  # cosine above which a paper's word stands for the question's subject
SHORTLIST = 10  # sentences whose wording is checked word by word
KEEP_MARGIN = 0.10  # further sentences must score within this of the best
DUPLICATE = 0.6  # word-set overlap above which two sentences say the same thing


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
    stated: float = 0.0
    vector: np.ndarray | None = None

    @property
    def paper_id(self) -> str:
        return self.hit.passage.paper_id

    @property
    def rank(self) -> float:
        """Among sentences that clear the bar: the one stating the question's words comes first."""
        return self.score + STATED_WEIGHT * self.stated


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
            vocabulary[candidate.paper_id] = set(tokenize(masthead(paper) + " " + paper.text))
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
    have = concepts(stems(window))
    missing = [w for w in question if concept(stems([w])[0]) not in have]
    plain = [w for w in dict.fromkeys(window) if w.isalpha()]
    near = vectors.closeness(missing, plain) if missing else {}
    credit = 0.0
    for word, weight in zip(question, weights, strict=True):
        credit += weight * (near.get(word, 0.0) if word in missing else 1.0)
    return credit / total


def score_candidates(question: str, kind: str, found: list[Candidate], evidence: Evidence) -> None:
    asked = [w for w in dict.fromkeys(words(question)) if stems([w])[0] not in FILLER]
    weights = [min(evidence.idf(t), MAX_IDF) for t in stems(asked)]
    # What the sentence itself should say: the question's wording, less the answer's form
    # ("month") and the names, which its paper is already known to give (see `anchored`).
    context = ANSWER_WORDS | anchors(question)
    said = [(w, x) for w, x in zip(asked, weights, strict=True) if stems([w])[0] not in context]
    said_words, said_weights = [w for w, _ in said], [x for _, x in said]
    vectors = evidence.encode([question] + [c.text for c in found])
    future = kind == "when" and bool(FUTURE.search(question))
    for candidate, vector in zip(found, vectors[1:], strict=True):
        candidate.vector = vector
        candidate.similarity = float(np.dot(vectors[0], vector))
        candidate.entities = new_entities(kind, candidate.text, question)
        if future and _only_past(candidate):
            candidate.entities = []  # "the next inspection" is not the one in July 2022
        fits = 0.1 if candidate.entities else (-0.3 if kind in NEEDS else 0.0)
        candidate.score = candidate.similarity + fits
    shortlist = sorted(found, key=lambda c: -c.score)[:SHORTLIST]
    subjects, roles = subject_words(question), asked_roles(question)
    subjects += asked_action(question)  # "what did X decide": a decision, not X's other news
    for candidate in shortlist:
        window = words(_window(candidate) + " " + masthead(evidence.paper(candidate.paper_id)))
        candidate.coverage = soft_coverage(asked, weights, window, evidence.words)
        candidate.missing = missing_subjects(subjects, window, evidence.words)
        unheld = missing_subjects(roles, window, evidence.words)
        if roles and len(unheld) == len(roles):  # names someone, but not in the role asked
            candidate.missing += unheld
        candidate.score += COVERAGE_WEIGHT * candidate.coverage
        candidate.stated = soft_coverage(
            said_words, said_weights, words(candidate.text), evidence.words
        )
    for candidate in found:
        if candidate not in shortlist or candidate.missing:
            # never chosen over a sentence whose wording was checked; and a sentence whose
            # passage never names what is asked about answers some other question
            candidate.score -= 1.0


def masthead(paper: Paper) -> str:
    """What frames every sentence of a paper: its title, publisher and committee. A paper names
    its council once; its sentences say "the county's parks"."""
    meta = paper.meta
    return " ".join(filter(None, (meta.title, meta.publisher, meta.committee)))


def _only_past(candidate: Candidate) -> bool:
    """Every date the sentence gives falls before its own paper's date."""
    paper = paper_when(candidate.hit.passage.date)
    whens = find_dates(candidate.text, candidate.hit.passage.date)
    if paper is None or not whens:
        return False
    return all((w.year, w.month or 12) < (paper.year, paper.month or 1) for w in whens)


def missing_subjects(subjects: list[str], window: list[str], vectors: WordVectors) -> list[str]:
    have = concepts(stems(window))
    missing = [w for w in subjects if concept(stems([w])[0]) not in have]
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
    passing = [c for c in ranked if c.score >= MIN_SCORE]
    if passing:  # of the sentences the papers answer with, the one saying it most directly
        ranked = sorted(passing, key=lambda c: (-c.rank, c.paper_id, c.start))
    best = ranked[0]
    top = max(c.score for c in ranked)
    close = [best] + [
        c
        for c in ranked[1:]
        if c.score >= top - KEEP_MARGIN and (c.entities or kind not in NEEDS)
    ]
    if latest and close:
        best = max(close, key=lambda c: (c.hit.passage.date or "", c.rank))
    elif kind == "when" and close:  # a full date answers "when" better than a month
        best = max(close, key=lambda c: (any(FULL_DATE.search(e) for e in c.entities), c.rank))
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
