"""Question -> passages: dense search and keyword search, fused by reciprocal rank."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from briefbot.language.names import names_in
from briefbot.models import Filters, Passage
from briefbot.store.embedder import Embedder
from briefbot.store.generations import Generation

Mode = Literal["hybrid", "dense", "keyword"]
RRF_K = 20  # damps the advantage of the very first ranks
# Keyword evidence counts for more: council questions name exact figures, dates and bodies, and
# on the dev set with the haystack BM25 alone finds the right paper more often than the model.
# A third ranking, of the pooled passages whose paper's masthead carries every name the question
# gives ("KCC's s151 officer", "Milburn's precept"), counts a little: in an index of many
# councils' papers, whose paper it is matters. (Chosen on the seen sets' hit@5 among 0.15-1.0:
# bench/retrieval_settings.py.)
WEIGHTS = {"dense": 0.3, "keyword": 1.0, "named": 0.3}


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
    hints: str = "",
    home: frozenset[str] = frozenset(),
) -> list[Hit]:
    """The k best passages for a question; hybrid fuses both rankings by reciprocal rank. The
    search also looks for the other form of any abbreviation the papers define ("KCC" finds
    "Kent County Council", "Adult Social Care and Health" finds "ASCH"), and lifts the passages
    of papers whose masthead names what the question names. `hints` are words the kind of answer
    uses: the model reads them with the question; for keywords, any one of them counts once.
    `home` names the council the papers are mainly of: a question that names nothing is lifted
    towards its papers as if it had named it."""
    pool = max(40, 4 * k)
    extra = generation.abbreviations.expansion(question)
    search = " ".join([question, *extra])
    if mode != "keyword":
        read = " ".join(filter(None, [search, hints]))
        dense = generation.dense(embedder.encode_query(read), pool, filters)
    else:
        dense = []
    keyword = generation.keyword(search, pool, filters, hints) if mode != "dense" else []
    fused: dict[str, float] = {}
    for weight, ranking in ((WEIGHTS["dense"], dense), (WEIGHTS["keyword"], keyword)):
        for rank, (pid, _score) in enumerate(ranking):
            fused[pid] = fused.get(pid, 0.0) + weight / (RRF_K + rank + 1)
    names = names_in(question) or set(home)
    if names and WEIGHTS["named"]:
        order = sorted(fused, key=lambda pid: (-fused[pid], pid))
        named = [
            pid
            for pid in order
            if generation.abbreviations.named(
                names, generation.masthead(generation.passages[pid].paper_id)
            )
        ]
        for rank, pid in enumerate(named):
            fused[pid] += WEIGHTS["named"] / (RRF_K + rank + 1)
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
