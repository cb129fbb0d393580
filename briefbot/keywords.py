"""The keyword side of hybrid search: a tokenizer that keeps figures whole, and a BM25 index."""

from __future__ import annotations

import json
import math
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

_SCALE = re.compile(r"(\d)\s*(million|millions|mn|m)\b", re.I)
_BILLION = re.compile(r"(\d)\s*(billion|bn)\b", re.I)
_THOUSAND = re.compile(r"(\d)\s*(thousand|k)\b", re.I)
_THOUSANDS_SEP = re.compile(r"(?<=\d),(?=\d{3}\b)")
_TOKEN = re.compile(r"\d+(?:\.\d+)?(?:m|bn|k)?(?![\w])|[^\W\d_]+(?:['’][^\W\d_]+)?|\d+", re.U)

STOPWORDS = frozenset(
    """a about above after again all also am an and any are as at be been before being below
    between both but by can could did do does doing down during each few for from further had has
    have having he her here hers him his how i if in into is it its itself just me more most my no
    nor not now of off on once only or other our ours out over own same she should so some such
    than that the their theirs them then there these they this those through to too under until
    up very was we were what when where which while who whom why will with would you your yours
    did does tell say said please""".split()
)


# Irregular forms the stemmer cannot join to their verb: "held" must find "hold".
IRREGULAR = {
    "held": "hold", "went": "go", "gone": "go", "wrote": "write", "written": "write",
    "meant": "mean", "made": "make", "led": "lead", "sent": "send", "given": "give",
    "gave": "give", "took": "take", "taken": "take", "paid": "pay", "spent": "spend",
    "spoke": "speak", "spoken": "speak", "told": "tell", "thought": "think", "found": "find",
    "brought": "bring", "bought": "buy", "began": "begin", "begun": "begin", "chose": "choose",
    "chosen": "choose", "met": "meet", "kept": "keep", "rose": "rise", "risen": "rise",
    "fell": "fall", "fallen": "fall", "grew": "grow", "grown": "grow", "ran": "run",
    "saw": "see", "seen": "see", "won": "win", "sought": "seek", "drew": "draw", "drawn": "draw",
    "children": "child", "people": "person", "women": "woman", "men": "man",
}  # fmt: skip
KEYWORDS_VERSION = 2  # bump when tokenize changes: indexes rebuild their keyword side


@lru_cache(maxsize=1)
def _stemmer() -> Any:
    import Stemmer

    return Stemmer.Stemmer("english")


def words(text: str) -> list[str]:
    """Lower-case words and whole figures, stop words left out, irregular forms regularised."""
    text = _THOUSANDS_SEP.sub("", text)
    text = _BILLION.sub(r"\1bn", _SCALE.sub(r"\1m", _THOUSAND.sub(r"\1k", text)))
    found = [w.lower().replace("’", "'").removesuffix("'s") for w in _TOKEN.findall(text)]
    return [IRREGULAR.get(w, w) for w in found if w not in STOPWORDS]


def stems(found: list[str]) -> list[str]:
    result: list[str] = _stemmer().stemWords(found)
    return result


def tokenize(text: str) -> list[str]:
    """Stemmed words and whole figures: '£6.49 million' and '£6.49m' both give '6.49m'."""
    return stems(words(text))


class KeywordIndex:
    """BM25 over passages, saved beside Chroma in each index generation."""

    def __init__(self, retriever: Any, ids: list[str]) -> None:
        self.retriever = retriever
        self.ids = ids

    @classmethod
    def build(cls, ids: list[str], texts: list[str]) -> KeywordIndex:
        import bm25s

        retriever = bm25s.BM25()
        corpus = [tokenize(t) or ["\u2205"] for t in texts]
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

    def scores(self, question: str) -> np.ndarray:
        """A BM25 score for every passage, in `ids` order (zeros when no word is known)."""
        if not self.ids:
            return np.zeros(0, dtype=np.float32)
        vocab = self.retriever.vocab_dict
        tokens = [t for t in tokenize(question) if t in vocab]
        if not tokens:
            return np.zeros(len(self.ids), dtype=np.float32)
        return np.asarray(self.retriever.get_scores(tokens), dtype=np.float32)
