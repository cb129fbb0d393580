"""Question -> passages: dense search and keyword search, fused by reciprocal rank."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from briefbot.models import Filters, Passage
from briefbot.store.embedder import Embedder
from briefbot.store.generations import Generation

Mode = Literal["hybrid", "dense", "keyword"]
RRF_K = 20  # damps the advantage of the very first ranks
# Keyword evidence counts for more: council questions name exact figures, dates and bodies, and
# on the dev set with the haystack BM25 alone finds the right paper more often than the model.
WEIGHTS = {"dense": 0.3, "keyword": 1.0}


@dataclass
class Hit:
    """A retrieved passage with the evidence for its rank."""

    passage: Passage
    score: float
    similarity: float | None = None
    keyword: float | None = None


def retrieve(
    generation: Generation,
    embedder: Embedder,
    question: str,
    k: int = 5,
    filters: Filters | None = None,
    mode: Mode = "hybrid",
) -> list[Hit]:
    """The k best passages for a question; hybrid fuses both rankings by reciprocal rank. The
    search also looks for the other form of any abbreviation the papers define ("KCC" finds
    "Kent County Council", "Adult Social Care and Health" finds "ASCH")."""
    pool = max(40, 4 * k)
    extra = generation.abbreviations.expansion(question)
    search = " ".join([question, *extra])
    dense = (
        generation.dense(embedder.encode_query(search), pool, filters) if mode != "keyword" else []
    )
    keyword = generation.keyword(search, pool, filters) if mode != "dense" else []
    fused: dict[str, float] = {}
    for weight, ranking in ((WEIGHTS["dense"], dense), (WEIGHTS["keyword"], keyword)):
        for rank, (pid, _score) in enumerate(ranking):
            fused[pid] = fused.get(pid, 0.0) + weight / (RRF_K + rank + 1)
    similarity, bm25 = dict(dense), dict(keyword)
    best = sorted(fused, key=lambda pid: (-fused[pid], pid))[:k]
    return [
        Hit(
            passage=generation.passages[pid],
            score=fused[pid],
            similarity=similarity.get(pid),
            keyword=bm25.get(pid),
        )
        for pid in best
    ]
