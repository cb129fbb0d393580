"""The evidence for each candidate sentence, as numbers: what the fitted scorer weighs.

Every feature is soft: a number between 0 and 1 (or a small signed gap), never a veto. They
measure meaning (the model's similarity to the question part, and to the sentences either side),
wording (the part's words found in the sentence and around it, counting the glossary's forms of
one concept as one word, weighted by rarity), what the kind of question asks for (a date, an
amount, a count, a person, a reason, a verdict, a list), time (a "next" question and a sentence
about the past; a sentence giving another year or phase than the one asked about), the paper
(its type, how recent it is among the candidates), and retrieval (the passage's rank and
scores). `explain` shows them; `scorer.json` holds their weights.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from briefbot.answering.candidates import Candidate, PaperView
from briefbot.answering.kinds import KINDS
from briefbot.answering.question import Part
from briefbot.ingest.minutes import record_of
from briefbot.language import entities
from briefbot.language.dates import find_dates, paper_when
from briefbot.language.glossary import Term, glossary
from briefbot.language.papers import DOC_TYPES
from briefbot.language.specifics import Specifics
from briefbot.language.tokens import stems, tokenize
from briefbot.language.words import (
    ANSWER_WORDS,
    ASKS_VOTE,
    FUTURE_IN_SENTENCE,
    MOTION_ROLES,
    PRONOUNS,
    QUALIFIERS,
    introduces,
)
from briefbot.models import date_key

MAX_IDF = 6.0  # words unknown to the index count, but no more than a rare word
RARE = 2.5  # a question word at least this rare says what the question is about

# Kinds whose answer must carry something (a date, an amount...): each has its own weight for
# carrying it, since a date settles "when" far more surely than a verdict settles "did...".
ENTITY_KINDS = tuple(entities.NEEDS)
# ... and whether it sits beside the question's rarer words, weighted by kind too.
NEAR_KINDS = ("when", "how_much", "how_many", "how_long", "who")
FEATURES: tuple[str, ...] = (
    "sim",
    "sim_gap",
    "sim_rank",
    "sim_prev",
    "sim_next",
    "sim_lead",
    "tuned",
    "tuned_gap",
    "tuned_rank",
    "cover",
    "cover_gap",
    "cover_rank",
    "cover_window",
    "cover_lead",
    "rarest",
    "missing_rare",
    "unknown",
    "pairs",
    "qualifiers",
    "clash",
    "subject",
    "subject_window",
    "names",
    *(f"entity_{k}" for k in ENTITY_KINDS),
    *(f"near_{k}" for k in NEAR_KINDS),
    "entity_echo",
    "entity_next",
    "entity_prev",
    "role",
    "role_named",
    "action",
    "counted",
    "full_date",
    "future_past",
    "future_ahead",
    "now_recent",
    "recent",
    "rank",
    "dense",
    "keyword",
    "heading_like",
    "colon",
    "quoted",
    "pronoun",
    "item",
    "list_item",
    "list_intro",
    "repeats",
    "fresh",
    "length",
    "record_vote",
    "record_mover",
    *(f"type_{t}" for t in DOC_TYPES),
    *(f"kind_{k}" for k in KINDS),
)


# What each feature means, in the words `explain` shows councillors and officers (the names stay
# the data's: scorer.json and `--json` use them).
_ASKED = {
    "when": "a date",
    "how_much": "an amount",
    "how_many": "a count",
    "how_long": "a duration",
    "how_often": "a frequency",
    "who": "a person or body",
    "why": "a reason",
    "rating": "a verdict",
    "yes_no": "a yes or no",
    "list": "a list",
    "what": "a thing",
}
LABELS: dict[str, str] = {
    "sim": "meaning close to the question",
    "sim_gap": "meaning, against the closest sentence",
    "sim_rank": "meaning, its place among the sentences",
    "sim_prev": "meaning of the sentence before",
    "sim_next": "meaning of the sentence after",
    "sim_lead": "meaning of the sentence it leans on",
    "tuned": "meaning, as tuned on council questions",
    "tuned_gap": "tuned meaning, against the closest",
    "tuned_rank": "tuned meaning, its place",
    "cover": "the question's words in it",
    "cover_gap": "the question's words, against the best",
    "cover_rank": "the question's words, its place",
    "cover_window": "the question's words in it, its neighbours and heading",
    "cover_lead": "the question's words in the sentence it leans on",
    "rarest": "the question's rarest word in it",
    "missing_rare": "a rare word of the question missing nearby",
    "unknown": "a word of the question no paper uses",
    "pairs": "the question's word pairs side by side",
    "qualifiers": "the question's qualifiers (first, remaining, total…)",
    "clash": "another year or phase than the one asked about",
    "subject": "the question's subject in it",
    "subject_window": "the question's subject nearby",
    "names": "the names the question gives, in its paper",
    **{f"entity_{k}": f"carries {_ASKED[k]}, as asked" for k in ENTITY_KINDS},
    **{f"near_{k}": f"{_ASKED[k]} beside the question's words" for k in NEAR_KINDS},
    "entity_echo": "only repeats what the question gives",
    "entity_next": "the sentence after carries what is asked",
    "entity_prev": "the sentence before carries what is asked",
    "role": "the role the question asks about",
    "role_named": "names who holds a role",
    "action": "the action the question asks about",
    "counted": "counts the thing asked about",
    "full_date": "a full date (a day, not a month)",
    "future_past": "only the past, to a question about what is next",
    "future_ahead": "what is to come, to a question about what is next",
    "now_recent": "the latest paper, to a question about now",
    "recent": "how recent its paper is",
    "rank": "its passage's place in the search",
    "dense": "its passage's meaning score",
    "keyword": "its passage's keyword score",
    "heading_like": "reads like a heading",
    "colon": "ends with a colon",
    "quoted": "inside a quotation",
    "pronoun": "opens with a pronoun",
    "item": "an item of a list",
    "list_item": "an item of a list, to a list question",
    "list_intro": "introduces a list, to a list question",
    "repeats": "repeats the question's words and no more",
    "fresh": "words the question does not use",
    "length": "its length",
    "record_vote": "a recorded vote, to a question about voting",
    "record_mover": "a mover or seconder, to a question about them",
    **{f"type_{t}": f"its paper is {t.replace('_', ' ')}" for t in DOC_TYPES},
    **{f"kind_{k}": f"the question asks for {_ASKED[k]}" for k in KINDS},
}


@dataclass
class Context:
    """What the features of one part read: the candidates' vectors and the index's word rarity."""

    part: Part
    candidates: list[Candidate]
    vectors: dict[tuple[str, int], np.ndarray]  # (paper id, sentence index) -> unit vector
    query: np.ndarray
    idf: Callable[[str], float]
    known: Callable[[str], bool] = lambda _stem: True
    tuned: np.ndarray | None = None  # the part by the question-tuned encoder (store.tuning)
    terms: list[Term] = field(default_factory=list)
    weights: list[float] = field(default_factory=list)
    pairs: list[tuple[str, str, float]] = field(default_factory=list)
    qualifiers: set[str] = field(default_factory=set)
    specifics: Specifics = field(default_factory=lambda: Specifics((), {}))
    rare_keys: set[str] = field(default_factory=set)
    best_keyword: float = 0.0
    unknown: float = 0.0  # the rarest question word no paper in the index has, by weight

    def __post_init__(self) -> None:
        skip = ANSWER_WORDS | {"what", "when", "who", "how", "why", "which"} | self.part.names
        self.terms = [
            t
            for t in glossary().terms(self.part.focus)
            if t.key not in skip and t.key not in PRONOUNS
        ]
        self.weights = [min(max(self.idf(s) for s in t.stems), MAX_IDF) for t in self.terms]
        weighted = list(zip(self.terms, self.weights, strict=True))
        self.pairs = [
            (a.key, b.key, max(wa, wb))
            for (a, wa), (b, wb) in zip(weighted, weighted[1:], strict=False)
        ]
        asked = [w for w in self.part.text.lower().split() if w in QUALIFIERS]
        self.qualifiers = set(stems(asked))
        self.specifics = Specifics.of(self.part.focus)
        self.rare_keys = {t.key for t, w in zip(self.terms, self.weights, strict=True) if w >= RARE}
        self.best_keyword = max((c.hit.keyword or 0.0 for c in self.candidates), default=0.0)
        unknown = [
            w
            for t, w in zip(self.terms, self.weights, strict=True)
            if not t.key.startswith("§") and not any(map(self.known, t.stems))
        ]
        self.unknown = max(unknown, default=0.0) / MAX_IDF

    def similarity(self, view: PaperView, index: int | None, tuned: bool = False) -> float:
        """A sentence's cosine similarity to the part, as the model reads the part (or as its
        question-tuned copy does, when there is one)."""
        if index is None:
            return 0.0
        vector = self.vectors.get((view.paper.id, index))
        query = self.tuned if tuned and self.tuned is not None else self.query
        return float(vector @ query) if vector is not None else 0.0


class Keys:
    """Glossary keys of sentences and papers, kept on each paper's view (views are cached
    between questions, so a paper's sentences are read into terms once)."""

    def sentence(self, view: PaperView, index: int | None) -> set[str]:
        if index is None:
            return set()
        cache = view.memo.setdefault("keys", {})
        if index not in cache:
            cache[index] = glossary().keys(view.text(index))
        return cache[index]

    def pairs(self, view: PaperView, index: int) -> set[tuple[str, str]]:
        cache = view.memo.setdefault("pairs", {})
        if index not in cache:
            terms = [t.key for t in glossary().terms(view.text(index))]
            cache[index] = set(zip(terms, terms[1:], strict=False))
        return cache[index]

    def masthead(self, view: PaperView) -> set[str]:
        if "masthead" not in view.memo:
            view.memo["masthead"] = glossary().keys(view.masthead)
        return view.memo["masthead"]

    def section(self, view: PaperView, index: int) -> set[str]:
        """The headings the sentence sits under ("21. Home to school transport review")."""
        headings = view.paper.blocks[view.block_of(index)].section
        cache = view.memo.setdefault("sections", {})
        if headings not in cache:
            cache[headings] = glossary().keys(" ".join(headings))
        return cache[headings]

    def paper_words(self, view: PaperView) -> set[str]:
        if "words" not in view.memo:
            view.memo["words"] = set(tokenize(f"{view.masthead} {view.paper.text}"))
        return view.memo["words"]


def coverage(terms: list[Term], weights: list[float], present: set[str]) -> float:
    total = sum(weights)
    if not total:
        return 0.0
    return sum(w for t, w in zip(terms, weights, strict=True) if t.key in present) / total


def share(wanted: set[str], present: set[str]) -> float:
    return len(wanted & present) / len(wanted) if wanted else 1.0


def featurize(context: Context, keys: Keys) -> np.ndarray:
    """The feature matrix of a part's candidates (one row each, columns as FEATURES); each
    candidate keeps its own values by name for `explain`."""
    rows = [_row(context, keys, c) for c in context.candidates]
    if rows:
        _relative(rows)
        _recency(context, rows)
    for candidate, row in zip(context.candidates, rows, strict=True):
        candidate.features = row
    return np.array([[row[name] for name in FEATURES] for row in rows], dtype=np.float32).reshape(
        len(rows), len(FEATURES)
    )


def _recency(context: Context, rows: list[dict[str, float]]) -> None:
    """How recent each candidate's paper is among the papers on the question's subject (those
    naming what it names, and covering at least half as much of its wording as the best): a
    newer paper about something else says nothing about "now"."""
    best = max(r["cover_window"] for r in rows)
    on_subject = [r["names"] == 1.0 and r["cover_window"] >= best / 2 for r in rows]
    dates = [date_key(c.hit.passage.date) for c in context.candidates]
    known = [d for d, keep in zip(dates, on_subject, strict=True) if d and keep]
    low, high = (min(known), max(known)) if known else (0, 0)
    for row, day, keep in zip(rows, dates, on_subject, strict=True):
        recent = (day - low) / (high - low) if keep and day and high > low else 0.5
        row["recent"] = recent
        row["now_recent"] = recent if context.part.time == "now" else 0.0


def _relative(rows: list[dict[str, float]]) -> None:
    """How far each candidate falls short of the best candidate, in meaning and in wording, and
    where it stands among them."""
    for name in ("sim", "tuned", "cover"):
        gaps, places = standing(np.array([r[name] for r in rows]))
        for row, gap, place in zip(rows, gaps, places, strict=True):
            row[f"{name}_gap"] = float(gap)
            row[f"{name}_rank"] = float(place)


def standing(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each of a part's candidates: how far it falls short of the best value, and 1 / (1 +
    its place among them)."""
    order = np.argsort(-values, kind="stable")
    place = np.empty(len(values))
    place[order] = np.arange(len(values))
    return values - values.max(), 1.0 / (1.0 + place)


def _row(context: Context, keys: Keys, candidate: Candidate) -> dict[str, float]:
    part, view, index = context.part, candidate.view, candidate.index
    previous, following = candidate.neighbour(-1), candidate.neighbour(1)
    own = keys.sentence(view, index)
    window = own | keys.masthead(view) | keys.section(view, index)
    for other in (previous, following, candidate.lead):
        window = window | keys.sentence(view, other)
    row: dict[str, float] = {
        "sim": context.similarity(view, index),
        "sim_prev": context.similarity(view, previous),
        "sim_next": context.similarity(view, following),
        "sim_lead": context.similarity(view, candidate.lead),
        "tuned": context.similarity(view, index, tuned=True),
        **_wording(context, keys, candidate, own, window),
        **_shape(candidate),
        **_retrieval(candidate, context.best_keyword),
        **_entities(part, candidate, view, previous, following, context.rare_keys),
        **_time(part, candidate),
        **_record(part, candidate),
        **{f"type_{t}": float(candidate.hit.passage.doc_type == t) for t in DOC_TYPES},
    }
    intro, items = view.list_around(index) if part.wants_list else (None, [])
    row["list_item"] = float(bool(items) and row["item"] > 0)
    row["list_intro"] = float(bool(items) and intro == index)
    return row


def _wording(
    context: Context, keys: Keys, candidate: Candidate, own: set[str], window: set[str]
) -> dict[str, float]:
    """The part's words in the sentence and around it (its neighbours, its lead, its section
    and the paper's masthead), weighed by rarity."""
    part, view, text = context.part, candidate.view, candidate.text
    weighed = list(zip(context.terms, context.weights, strict=True))
    question_keys = {t.key for t in context.terms}
    return {
        "cover": coverage(context.terms, context.weights, own),
        "rarest": max((w for t, w in weighed if t.key in own), default=0.0) / MAX_IDF,
        "missing_rare": max((w for t, w in weighed if t.key not in window), default=0.0) / MAX_IDF,
        "unknown": context.unknown,
        "pairs": _pairs(context, view, candidate.index, keys),
        "qualifiers": share(context.qualifiers, set(stems(text.lower().split())))
        if context.qualifiers
        else 0.0,
        "clash": context.specifics.clash(text),
        "cover_window": coverage(context.terms, context.weights, window),
        "cover_lead": coverage(context.terms, context.weights, keys.sentence(view, candidate.lead)),
        "subject": share(_keys(part.subject), own),
        "subject_window": share(_keys(part.subject), window),
        "names": share(set(part.names), keys.paper_words(view)),
        "role": share(_keys(part.roles), window),  # 1 when no role is asked
        "action": share(_keys(part.action), window),  # 1 when no action is asked
        "repeats": share(own, question_keys) if own else 0.0,
        "fresh": math.log1p(len(own - question_keys)) / 4,
    }


def _shape(candidate: Candidate) -> dict[str, float]:
    """What kind of sentence it is: its length, a heading, an opening colon, a quotation, a
    pronoun to resolve, a list item."""
    text, view, index = candidate.text, candidate.view, candidate.index
    return {
        "length": math.log1p(len(text.split())) / 5,
        "heading_like": float(len(text.split()) < 8 and text.rstrip()[-1:] not in ".!?"),
        "colon": float(introduces(text)),
        "quoted": float(view.in_quotation(index)),
        "pronoun": float(text.lstrip("“\"‘' ").split(" ", 1)[0].lower() in PRONOUNS),
        "item": float(view.is_item(index)),
    }


def _record(part: Part, candidate: Candidate) -> dict[str, float]:
    """What the sentence records of a motion, as the minutes reader reads it, where the part
    asks it: a vote ("For (57)", "For: 7, Against: 2", "with 20 votes for, 38 against") for a
    question about voting, in the sentence or in the lines it introduces ("the voting was as
    follows:" / "For (41)" / the names); a mover or seconder ("Mr Oakford proposed, and Mr
    Gough seconded") for "who moved/seconded"."""
    asks_vote = bool(ASKS_VOTE.search(part.focus))
    asks_mover = any(role.lower() in MOTION_ROLES for role in part.roles)
    if not (asks_vote or asks_mover):
        return {"record_vote": 0.0, "record_mover": 0.0}
    text = candidate.text
    if asks_vote:
        intro, lines = candidate.view.introduced(candidate.index)
        if intro == candidate.index:
            blocks = candidate.view.paper.blocks
            said = candidate.view.paper.text
            text = "\n\n".join([text, *(said[blocks[i].start : blocks[i].end] for i in lines)])
    record = record_of(text)
    return {
        "record_vote": float(asks_vote and record is not None and bool(record.votes)),
        "record_mover": float(
            asks_mover and record is not None and bool(record.moved_by or record.seconded_by)
        ),
    }


def _pairs(context: Context, view: PaperView, index: int, keys: Keys) -> float:
    """The share (by rarity) of the part's adjacent word pairs ("base budget", "second
    tranche") that the sentence also says side by side."""
    if not context.pairs:
        return 0.0
    said = keys.pairs(view, index)
    total = sum(w for _, _, w in context.pairs)
    return sum(w for a, b, w in context.pairs if (a, b) in said) / total if total else 0.0


def _keys(found: tuple[str, ...]) -> set[str]:
    return glossary().keys(" ".join(found)) if found else set()


def _retrieval(candidate: Candidate, best_keyword: float) -> dict[str, float]:
    """The passage's retrieval: its rank, its cosine, and its keyword score against the best
    passage's (BM25 scores grow with the index, so only the ratio says the same everywhere)."""
    hit = candidate.hit
    return {
        "rank": 1.0 / (1 + candidate.rank),
        "dense": float(hit.similarity or 0.0),
        "keyword": float(hit.keyword or 0.0) / best_keyword if best_keyword > 0 else 0.0,
    }


def carried(part: Part, text: str, masthead: str = "") -> list[str]:
    """What the sentence carries of the kind the part asks for, beyond what the part (or, for
    names, the paper's own masthead) already says."""
    if part.kind == "how_many":
        found = entities.changes(text) if part.change else entities.counts(text, part.counted)
    else:
        found = entities.found(part.kind, text)
    if part.kind == "why":
        return found
    known = f"{part.focus} {masthead}" if part.kind == "who" else part.focus
    return entities.new_to(known, found)


NEAR_WORDS = 8  # an entity this close to a word of the question is about what it asks


def _near(text: str, found: list[str], asked: set[str]) -> bool:
    """Whether an entity sits within a few words of one of the question's rarer words: "£40"
    beside "garden waste permit", not at the far end of a sentence about something else."""
    words = text.split()
    stemmed = [glossary().keys(w) for w in words]
    spots = [i for i, keys in enumerate(stemmed) if keys & asked]
    for phrase in found:
        first = phrase.split()[0] if phrase.split() else phrase
        for i, word in enumerate(words):
            if first in word and any(abs(i - j) <= NEAR_WORDS for j in spots):
                return True
    return False


def _entities(
    part: Part,
    candidate: Candidate,
    view: PaperView,
    previous: int | None,
    following: int | None,
    context_terms: set[str],
) -> dict[str, float]:
    row = {f"entity_{k}": 0.0 for k in ENTITY_KINDS}
    row.update({f"kind_{k}": float(part.kind == k) for k in KINDS})
    row.update({f"near_{k}": 0.0 for k in NEAR_KINDS})
    row.update(
        {
            "entity_echo": 0.0,
            "entity_next": 0.0,
            "entity_prev": 0.0,
            "counted": 0.0,
            "role_named": 0.0,
            "full_date": 0.0,
        }
    )
    if part.kind not in entities.NEEDS:
        return row
    text = candidate.text
    masthead = view.masthead
    fresh = carried(part, text, masthead)
    near = [
        carried(part, view.text(i), masthead) if i is not None else []
        for i in (previous, following)
    ]
    row[f"entity_{part.kind}"] = float(bool(fresh))
    if part.kind in NEAR_KINDS:
        row[f"near_{part.kind}"] = float(bool(fresh) and _near(text, fresh, context_terms))
    row["entity_echo"] = float(bool(entities.found(part.kind, text)) and not fresh)
    row["entity_prev"], row["entity_next"] = float(bool(near[0])), float(bool(near[1]))
    row["counted"] = float(part.kind == "how_many" and bool(fresh) and bool(part.counted))
    if part.kind == "who":
        row["role_named"] = float(bool(entities.role_holders(text)))
    if part.kind == "when":  # a day answers "when" better than a month
        row["full_date"] = float(any(entities.FULL_DATE.search(p) for p in fresh))
    return row


def _time(part: Part, candidate: Candidate) -> dict[str, float]:
    """For a "next" question: whether the sentence speaks only of the past, or of what is to
    come (a future verb, or a date after its paper's)."""
    if part.time != "future":
        return {"future_past": 0.0, "future_ahead": 0.0}
    text = candidate.text
    paper = paper_when(candidate.hit.passage.date)
    whens = find_dates(text, candidate.hit.passage.date)
    ahead = bool(FUTURE_IN_SENTENCE.search(text))
    past = False
    if paper is not None and whens:
        key = (paper.year, paper.month or 1)
        later = [w for w in whens if (w.year, w.month or 12) >= key]
        ahead = ahead or bool(later)
        past = not later
    return {"future_past": float(past and not ahead), "future_ahead": float(ahead)}
