"""The keyword side of hybrid search: a tokenizer that keeps figures whole, and a BM25 index."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import numpy as np

from briefbot.language.tokens import tokenize

KEYWORDS_VERSION = 3  # bump when tokenize or the text indexed changes: keyword sides rebuild


class KeywordIndex:
    """BM25 over passages, saved beside Chroma in each index generation."""

    def __init__(self, retriever: Any, ids: list[str]) -> None:
        self.retriever = retriever
        self.ids = ids

    @classmethod
    def build(
        cls, ids: list[str], texts: list[str], context: list[frozenset[str]] | None = None
    ) -> KeywordIndex:
        """BM25 over the texts; each text may bring context tokens (its paper's masthead),
        counted once each beside its own."""
        import bm25s

        retriever = bm25s.BM25()
        extra = context or [frozenset()] * len(texts)
        corpus = [
            [*sorted(c), *tokenize(t)] or ["\u2205"] for t, c in zip(texts, extra, strict=True)
        ]
        if corpus:
            retriever.index(corpus, show_progress=False)
        return cls(retriever, ids)

    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        if self.ids:
            self.retriever.save(str(folder))
        (folder / "ids.json").write_text(json.dumps(self.ids), encoding="utf-8")

    @classmethod
    def load(cls, folder: Path) -> KeywordIndex:
        import bm25s

        ids = json.loads((folder / "ids.json").read_text(encoding="utf-8"))
        retriever = bm25s.BM25.load(str(folder), mmap=False) if ids else bm25s.BM25()
        return cls(retriever, ids)

    def idf(self, token: str) -> float:
        """How distinctive a token is across passages; unknown tokens are the most distinctive."""
        total = len(self.ids)
        token_id = self.retriever.vocab_dict.get(token) if total else None
        if token_id is None:
            found = 0
        else:
            indptr = self.retriever.scores["indptr"]
            found = int(indptr[token_id + 1] - indptr[token_id])
        return math.log(1 + (total - found + 0.5) / (found + 0.5))

    def known(self, token: str) -> bool:
        """Whether any passage holds the token."""
        return bool(self.ids) and token in self.retriever.vocab_dict

    def scores(self, question: str, hints: str = "") -> np.ndarray:
        """A BM25 score for every passage, in `ids` order (zeros when no word is known), and of
        the hint words (either/or: "two three four"), each passage's best one added once."""
        found = np.zeros(len(self.ids), dtype=np.float32)
        if not self.ids:
            return found
        vocab = self.retriever.vocab_dict
        tokens = [t for t in tokenize(question) if t in vocab]
        if tokens:
            found += np.asarray(self.retriever.get_scores(tokens), dtype=np.float32)
        best = np.zeros_like(found)
        for hint in dict.fromkeys(t for t in tokenize(hints) if t in vocab and t not in tokens):
            best = np.maximum(best, np.asarray(self.retriever.get_scores([hint]), np.float32))
        return found + best
