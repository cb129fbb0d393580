"""Words as briefbot counts them: lower-case, stop words out, figures whole, stems.

The one tokenizer of the package: the keyword index, the glossary and the answerer all count
words this way, so that "£6.49 million" in a question meets "£6.49m" in a paper.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

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
    "held": "hold",
    "went": "go",
    "gone": "go",
    "wrote": "write",
    "written": "write",
    "meant": "mean",
    "made": "make",
    "led": "lead",
    "sent": "send",
    "given": "give",
    "gave": "give",
    "took": "take",
    "taken": "take",
    "paid": "pay",
    "spent": "spend",
    "spoke": "speak",
    "spoken": "speak",
    "told": "tell",
    "thought": "think",
    "found": "find",
    "brought": "bring",
    "bought": "buy",
    "began": "begin",
    "begun": "begin",
    "chose": "choose",
    "chosen": "choose",
    "met": "meet",
    "kept": "keep",
    "rose": "rise",
    "risen": "rise",
    "fell": "fall",
    "fallen": "fall",
    "grew": "grow",
    "grown": "grow",
    "ran": "run",
    "saw": "see",
    "seen": "see",
    "won": "win",
    "sought": "seek",
    "drew": "draw",
    "drawn": "draw",
    "children": "child",
    "people": "person",
    "women": "woman",
    "men": "man",
}


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
