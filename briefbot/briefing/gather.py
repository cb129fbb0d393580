"""A briefing's material: the papers the index finds for a topic, and their sentences with
the dates they mention."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from briefbot.answering.candidates import PaperView
from briefbot.answering.candidates import gather as gather_sentences
from briefbot.answering.composer import cite, quote_of
from briefbot.briefing.money import (
    Vocabulary,
)
from briefbot.language.dates import When, dates_in
from briefbot.models import Citation, Filters, Paper
from briefbot.safety import plain
from briefbot.store.keywords import tokenize

if TYPE_CHECKING:
    from briefbot.engine import Briefbot
    from briefbot.store.retrieve import Hit


SEARCH_K = 12  # passages per search; the topic is searched four ways


MIN_PAPER_RELEVANCE = 0.45  # a paper's best passage must reach this to be considered at all


PAPER_MARGIN = 0.3  # ... and come within this of the best paper's


_BULLET = re.compile(r"^[-–—·•▪◦*]\s+")


@dataclass
class Found:
    """A sentence of the material (plain, no leading bullet), its citation, how relevant it is,
    the meeting day its decisions take (minutes), and the dates it gives."""

    text: str
    citation: Citation
    relevance: float = 1.0
    meeting: str | None = None
    dates: list[When] = field(default_factory=list)

    @property
    def paper_id(self) -> str:
        return self.citation.paper_id


def found(citation: Citation, relevance: float = 1.0, meeting: str | None = None) -> Found:
    text = _BULLET.sub("", plain(citation.quote))
    return Found(text, citation, relevance, meeting, dates_in(text, citation.date, meeting))


# ---------------------------------------------------------------------------------------------
# Gathering the material


def _coverage(terms: list[str], weights: list[float], present: set[str]) -> float:
    total = sum(weights)
    return (
        sum(w for t, w in zip(terms, weights, strict=True) if t in present) / total if total else 0
    )


def search_topic(engine: Briefbot, topic: str, filters: Filters | None) -> list[Hit]:
    """The passages found for the topic, asked plainly and for its dates, money and decisions."""
    best: dict[str, Hit] = {}
    asks = (topic, f"{topic} date when", f"{topic} £ amount cost", f"{topic} decision approved")
    for ask in asks:
        for hit in engine.search(ask, k=SEARCH_K, filters=filters):
            if hit.passage.id not in best or best[hit.passage.id].score < hit.score:
                best[hit.passage.id] = hit
    return sorted(best.values(), key=lambda h: (-h.score, h.passage.id))


def gather(
    engine: Briefbot, topic: str, filters: Filters | None
) -> tuple[list[Found], list[Paper]]:
    """The sentences of the passages found, from the papers about the topic, best first.

    A paper is about the topic when its best passage (meaning, plus the topic's distinctive words)
    comes near the best paper's; a sentence ranks by its own meaning and words and its passage's."""
    hits = search_topic(engine, topic, filters)
    if not hits:
        return [], []
    terms = list(dict.fromkeys(tokenize(topic)))
    weights = [engine.idf(t) for t in terms]
    vectors = engine.encode([topic] + [h.passage.text for h in hits])
    words = {h.passage.id: set(tokenize(f"{h.passage.title} {h.passage.text}")) for h in hits}
    cover = {pid: _coverage(terms, weights, present) for pid, present in words.items()}
    paper_score: dict[str, float] = {}
    for hit, vector in zip(hits, vectors[1:], strict=True):
        score = float(vectors[0] @ vector) + 0.3 * cover[hit.passage.id]
        paper_score[hit.passage.paper_id] = max(score, paper_score.get(hit.passage.paper_id, score))
    floor = max(MIN_PAPER_RELEVANCE, max(paper_score.values()) - PAPER_MARGIN)
    kept = [h for h in hits if paper_score[h.passage.paper_id] >= floor]
    papers = {pid: engine.paper(pid) for pid in sorted({h.passage.paper_id for h in kept})}
    views = {pid: PaperView(paper) for pid, paper in papers.items()}
    sentences = [
        c
        for c in gather_sentences(kept, views)
        if c.hit.passage.start <= c.start < c.hit.passage.end
    ]
    if not sentences:
        return [], []
    material = []
    for candidate, vector in zip(
        sentences, engine.encode([c.text for c in sentences]), strict=True
    ):
        around = cover[candidate.hit.passage.id]
        own = _coverage(terms, weights, set(tokenize(candidate.text)))
        relevance = float(vectors[0] @ vector) + 0.3 * own + 0.3 * around
        paper = papers[candidate.paper_id]
        citation = cite(0, quote_of(candidate.view, candidate.index))
        material.append(found(citation, relevance, meeting_date(paper)))
    material.sort(key=lambda f: (-f.relevance, f.paper_id, f.citation.start))
    return material, list(papers.values())


def meeting_date(paper: Paper) -> str | None:
    """The day minutes record a meeting's decisions: the meeting date, or the minutes' own day."""
    if paper.meta.doc_type != "minutes":
        return None
    day = paper.meta.meeting_date or paper.meta.date
    return day if day and len(day) == 10 else None


def index_vocabulary(engine: Briefbot) -> Vocabulary:
    """How the papers of the whole index use words (names most papers share identify nothing)."""
    texts: dict[str, list[str]] = {}
    for passage in engine.passages():
        texts.setdefault(passage.paper_id, []).append(passage.text)
    return Vocabulary.of(" ".join(parts) for parts in texts.values())


# ---------------------------------------------------------------------------------------------
# Sections
