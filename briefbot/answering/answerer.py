"""Question -> cited answer: parse, retrieve for each part, weigh every candidate sentence with
the fitted scorer, compose. The one entry point of the answering package.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from briefbot.answering import composer
from briefbot.answering.candidates import Candidate, PaperView, gather
from briefbot.answering.composer import PartAnswer, choose
from briefbot.answering.conversation import Conversation
from briefbot.answering.features import Context, Keys, featurize
from briefbot.answering.question import Part, Question, at_home, parse
from briefbot.answering.scorer import Scorer, shipped_scorer
from briefbot.models import Answer, Citation, Considered, Paper
from briefbot.store.retrieve import Hit

EXPLAIN_TOP = 8  # candidates shown per part by --explain
_VIEWS = 256
_VECTORS = 50_000


@dataclass
class Sources:
    """What the answerer reads from the index, as callables (so tests can build small ones)."""

    retrieve: Callable[[str, str], list[Hit]]  # (search, hints)
    paper: Callable[[str], Paper]
    encode: Callable[[list[str]], np.ndarray]
    idf: Callable[[str], float]
    key: str = ""  # the index generation: caches never mix two
    known: Callable[[str], bool] = lambda _stem: True  # whether any passage has the word
    stored: Callable[[str], dict[int, np.ndarray] | None] = lambda _paper: None  # sentence vectors
    copies: Callable[[str], dict[str, str]] = lambda _paper: {}  # papers repeating a paper
    prefer: Callable[[list[str]], str] = min  # which of a paper's copies to cite
    # questions by the question-tuned encoder (store.tuning); None: as `encode` reads them
    encode_questions: Callable[[list[str]], np.ndarray] | None = None
    # the names of the council the papers are mainly of (Settings.council): a part naming no
    # one is asked of it
    home: frozenset[str] = frozenset()


@dataclass
class Weighed:
    """A part with its retrieved passages, its candidates and their feature matrix."""

    part: Part
    hits: list[Hit]
    candidates: list[Candidate]
    matrix: np.ndarray
    vectors: dict[tuple[str, int], np.ndarray]
    query: np.ndarray


def read_first(weighed: list[Weighed]) -> list[Hit]:
    """The passages read, those whose best sentence the scorer ranks higher first: each part's
    passages by their best candidate's rank score (a passage without candidates after those
    with, in retrieval order), the parts' orders taken in turn. The fitted ranker reads each
    sentence's meaning, wording and the thing asked for; retrieval's fused ranks only the
    passage's words and its vector."""
    orders = []
    for item in weighed:
        best: dict[str, float] = {}
        for candidate in item.candidates:
            pid = _holder(candidate, item.hits).passage.id
            best[pid] = max(best.get(pid, -np.inf), candidate.score)
        place = {h.passage.id: i for i, h in enumerate(item.hits)}
        orders.append(
            sorted(item.hits, key=lambda h: (-best.get(h.passage.id, -np.inf), place[h.passage.id]))
        )
    seen: dict[str, Hit] = {}
    for turn in range(max((len(o) for o in orders), default=0)):
        for order in orders:
            if turn < len(order):
                seen.setdefault(order[turn].passage.id, order[turn])
    return list(seen.values())


def _holder(candidate: Candidate, hits: list[Hit]) -> Hit:
    """The retrieved passage that holds the candidate sentence: its own, or, for a sentence
    read from just past its passage, the neighbouring passage when that was retrieved too."""
    start = candidate.view.sentences[candidate.index].start
    own = candidate.hit.passage
    if own.start <= start < own.end:
        return candidate.hit
    for hit in hits:
        p = hit.passage
        if p.paper_id == candidate.paper_id and p.start <= start < p.end:
            return hit
    return candidate.hit


class Answerer:
    """Keeps the scorer, and caches papers' sentence views and vectors between questions."""

    def __init__(self, scorer: Scorer | None = None) -> None:
        self._scorer = scorer
        self._views: OrderedDict[tuple[str, str], PaperView] = OrderedDict()
        self._vectors: OrderedDict[tuple[str, str, int], np.ndarray] = OrderedDict()

    @property
    def scorer(self) -> Scorer:
        if self._scorer is None:
            self._scorer = shipped_scorer()
        return self._scorer

    def ask(
        self,
        text: str,
        sources: Sources,
        conversation: Conversation | None = None,
        explain: bool = False,
    ) -> Answer:
        question = conversation.question(text) if conversation is not None else parse(text)
        answer = self.answer(at_home(question, sources.home), sources, explain)
        if conversation is not None:
            conversation.remember(question, answer)
        return answer

    def answer(self, question: Question, sources: Sources, explain: bool = False) -> Answer:
        weighed = self.weigh(question, sources)
        scorer = self.scorer
        outcomes: list[PartAnswer] = []
        said: dict[tuple[str, int], set[str]] = {}  # what earlier parts' sentences answered
        for item in weighed:
            scores = scorer.rank(item.matrix)
            for candidate, score in zip(item.candidates, scores, strict=True):
                candidate.score = float(score)
            # a sentence quoted for an earlier part that gives this one nothing more ("five
            # extra social work teams" for "and how many social workers is that?") is not its
            # evidence: the part is ranked and judged on the others
            own = np.array([not composer.told(item.part, c, said) for c in item.candidates])
            ranked = sorted(
                (c for c, keep in zip(item.candidates, own, strict=True) if keep),
                key=lambda c: (-c.score, c.paper_id, c.start),
            )
            confidence = scorer.answers(scores[own], item.matrix[own]) if own.any() else 0.0
            outcome = choose(item.part, ranked, confidence, scorer.threshold, scorer.margin)
            composer.remember(outcome, said)
            outcomes.append(outcome)
        answer = self._compose(question, weighed, outcomes, sources)
        if explain:
            answer.considered = self._explain(weighed, outcomes)
        return answer

    def weigh(self, question: Question, sources: Sources) -> list[Weighed]:
        """Retrieve for every part, gather candidates and compute their features."""
        found = []
        for part in question.parts:
            hits = sources.retrieve(part.search, part.hints)
            views = {h.passage.paper_id: self._view(sources, h.passage.paper_id) for h in hits}
            found.append((part, hits, gather(hits, views)))
        vectors = self._encode(sources, [c for _, _, cs in found for c in cs], found)
        keys = Keys()
        weighed = []
        focus = [part.focus for part, _, _ in found]
        queries: list[np.ndarray] = list(sources.encode(focus)) if found else []
        tuned = queries
        if found and sources.encode_questions is not None:
            tuned = list(sources.encode_questions(focus))
        for (part, hits, candidates), query, asked in zip(found, queries, tuned, strict=True):
            context = Context(
                part, candidates, vectors, query, sources.idf, sources.known, tuned=asked
            )
            weighed.append(
                Weighed(part, hits, candidates, featurize(context, keys), vectors, query)
            )
        return weighed

    def _view(self, sources: Sources, paper_id: str) -> PaperView:
        key = (sources.key, paper_id)
        view = self._views.get(key)
        if view is None:
            view = PaperView(sources.paper(paper_id))
            self._views[key] = view
            if len(self._views) > _VIEWS:
                self._views.popitem(last=False)
        else:
            self._views.move_to_end(key)
        return view

    def _encode(
        self,
        sources: Sources,
        candidates: list[Candidate],
        found: list[tuple[Part, list[Hit], list[Candidate]]],
    ) -> dict[tuple[str, int], np.ndarray]:
        """Vectors of the candidates and of the sentences they lean on, cached by sentence."""
        wanted: dict[tuple[str, int], tuple[PaperView, int]] = {}
        for candidate in candidates:
            wanted[candidate.key[0], candidate.index] = (candidate.view, candidate.index)
            lead = candidate.lead
            if lead is not None:
                wanted[candidate.paper_id, lead] = (candidate.view, lead)
        result: dict[tuple[str, int], np.ndarray] = {}
        missing = []
        for key, (view, index) in wanted.items():
            cached = self._vectors.get((sources.key, *key))
            if cached is None:
                stored = sources.stored(key[0])
                cached = stored.get(view.sentences[index].start) if stored else None
            if cached is None:
                missing.append((key, view.text(index)))
            else:
                result[key] = cached
        if missing:
            encoded = sources.encode([text for _, text in missing])
            for (key, _), vector in zip(missing, encoded, strict=True):
                result[key] = vector
                self._vectors[(sources.key, *key)] = vector
            while len(self._vectors) > _VECTORS:
                self._vectors.popitem(last=False)
        return result

    def _compose(
        self,
        question: Question,
        weighed: list[Weighed],
        outcomes: list[PartAnswer],
        sources: Sources,
    ) -> Answer:
        parts = [w.part.text for w in weighed]
        best = max((o.confidence for o in outcomes), default=0.0)
        if not any(o.answered for o in outcomes):
            return self._refusal(question, weighed, outcomes)
        lines: list[str] = []
        notes: list[str] = []
        citations: list[Citation] = []
        quoted: dict[tuple[str, int, int], Citation] = {}  # one citation per quoted span
        said: set[tuple[str, int, int]] = set()  # spans shown so far, quotes and their leads
        for item, outcome in zip(weighed, outcomes, strict=True):
            own: list[Citation] = []
            earlier = {c.n for c in quoted.values()}
            for quote in outcome.quotes:
                copies = {pid: self._view(sources, pid) for pid in sources.copies(quote.paper_id)}
                quote, elsewhere = composer.one_copy(quote, copies, sources.prefer)
                key = (quote.paper_id, quote.start, quote.end)
                if key not in quoted:
                    quoted[key] = composer.cite(len(quoted) + 1, quote)
                    quoted[key].also_in = elsewhere
                    citations.append(quoted[key])
                own.append(quoted[key])
            lines.append(composer.part_text(outcome, own, earlier, said))
            notes.extend(
                filter(
                    None,
                    [
                        composer.latest_note(outcome, own),
                        composer.disagreement(outcome, own, item.vectors, sources.copies),
                    ],
                )
            )
        dates = list({c.paper_id: c.date for c in citations}.values())
        return Answer(
            question=question.text,
            answer="\n".join(lines),
            kind=question.kind,
            citations=citations,
            as_of=composer.as_of(dates),
            note=" ".join(notes) or None,
            confidence=round(best, 4),
            passages=composer.sources(read_first(weighed)),
            parts=parts,
            unanswered=[o.part.text for o in outcomes if not o.answered],
            confidences=[round(o.confidence, 4) for o in outcomes],
        )

    def _refusal(
        self, question: Question, weighed: list[Weighed], outcomes: list[PartAnswer]
    ) -> Answer:
        """The papers answer no part: say so, with the closest papers and the passages read."""
        all_hits = list({h.passage.id: h for w in weighed for h in w.hits}.values())
        read = read_first(weighed)
        parts = [w.part.text for w in weighed]
        return Answer(
            question=question.text,
            answer=composer.REFUSAL,
            refused=True,
            kind=question.kind,
            closest=composer.closest(read or all_hits),
            passages=composer.sources(read),
            confidence=round(max((o.confidence for o in outcomes), default=0.0), 4),
            parts=parts,
            unanswered=parts,
            confidences=[round(o.confidence, 4) for o in outcomes],
        )

    def _explain(self, weighed: list[Weighed], outcomes: list[PartAnswer]) -> list[Considered]:
        rows = []
        for number, (item, outcome) in enumerate(zip(weighed, outcomes, strict=True), 1):
            chosen = {c.key for c in outcome.chosen}
            index = {c.key: i for i, c in enumerate(item.candidates)}
            for candidate in outcome.ranked[:EXPLAIN_TOP]:
                row = item.matrix[index[candidate.key]]
                rows.append(
                    Considered(
                        part=number,
                        text=" ".join(candidate.text.split()),
                        title=candidate.paper.meta.title,
                        locator=composer.cite(
                            0, composer.quote_of(candidate.view, candidate.index)
                        ).locator,
                        score=round(candidate.score, 4),
                        chosen=candidate.key in chosen,
                        features={k: round(v, 3) for k, v in candidate.features.items()},
                        contributions=self.scorer.contributions(row),
                    )
                )
        return rows
