"""Question -> passages: dense search and keyword search, fused by reciprocal rank."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from briefbot.embed import Embedder
from briefbot.index import Generation
from briefbot.models import Filters, Passage

Mode = Literal["hybrid", "dense", "keyword"]
RRF_K = 60  # the usual constant: damps the advantage of the very first ranks


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
    """The k best passages for a question; hybrid fuses both rankings by reciprocal rank."""
    pool = max(40, 4 * k)
    dense = (
        generation.dense(embedder.encode_query(question), pool, filters)
        if mode != "keyword"
        else []
    )
    keyword = generation.keyword(question, pool, filters) if mode != "dense" else []
    fused: dict[str, float] = {}
    for ranking in (dense, keyword):
        for rank, (pid, _score) in enumerate(ranking):
            fused[pid] = fused.get(pid, 0.0) + 1.0 / (RRF_K + rank + 1)
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
