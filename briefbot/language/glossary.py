"""The council glossary (glossary.toml) as terms: the concepts a text names, and the other forms
a question's keyword search should also look for.

A text becomes a list of terms: each word's stem, except where a glossary form is found, which
becomes the concept it names ("DCS", "Director of Children's Services" and "director for
children's services" are all one term). Two texts share a term when they name the same thing in
any of its forms. Figures stay whole ("6.49m"), as the keyword index counts them.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

from briefbot.language.tokens import IRREGULAR, STOPWORDS, stems, words

_WORD = re.compile(r"[^\W_]+(?:['’][^\W\d_]+)?")
MAX_PHRASE = 6  # longest form, in words that count
_SCALES = frozenset("million millions billion billions thousand bn".split())


@dataclass(frozen=True)
class Term:
    """One counted word or concept of a text: its key, and the stems it stands for (their rarity
    weighs it)."""

    key: str
    stems: tuple[str, ...]


def _exact(form: str) -> bool:
    """A form matched as written: an abbreviation like SEND, DfE or S106, never a plain word."""
    return " " not in form and (
        sum(c.isupper() for c in form) >= 2 or any(c.isdigit() for c in form)
    )


def _form_stems(text: str) -> list[str]:
    found = []
    for match in _WORD.finditer(text):
        word = match.group(0).lower().replace("’", "'").removesuffix("'s")
        word = IRREGULAR.get(word, word)
        if word not in STOPWORDS:
            found.append(word)
    return stems(found) if found else []


MEMO = 50_000  # texts whose terms are remembered


class Glossary:
    """Concepts, each with its forms; finds them in text and lists a concept's other forms."""

    def __init__(self, terms: list[list[str]], synonyms: list[list[str]]) -> None:
        self.forms: list[list[str]] = []
        self.expandable: list[bool] = []
        self._exact: dict[str, int] = {}
        self._phrases: dict[tuple[str, ...], int] = {}
        self._memo: dict[str, tuple[Term, ...]] = {}
        for expandable, groups in ((True, terms), (False, synonyms)):
            for forms in groups:
                self._add(forms, expandable)
        exact = sorted(self._exact, key=len, reverse=True)
        self._exact_pattern = (
            re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, exact)) + r")(?![\w-])")
            if exact
            else None
        )

    def _add(self, forms: list[str], expandable: bool) -> None:
        concept = len(self.forms)
        self.forms.append(forms)
        self.expandable.append(expandable)
        for form in forms:
            if _exact(form):
                self._exact.setdefault(form, concept)
                continue
            key = tuple(_form_stems(form))
            if key and len(key) <= MAX_PHRASE:
                self._phrases.setdefault(key, concept)

    def terms(self, text: str) -> list[Term]:
        """The text's terms in order: glossary concepts where a form is found, else stems.
        Remembered: the answerer reads the same sentences for many questions."""
        found = self._memo.get(text)
        if found is None:
            if len(self._memo) > MEMO:
                self._memo.clear()
            found = self._memo[text] = tuple(self._terms(text))
        return list(found)

    def _terms(self, text: str) -> list[Term]:
        spans: list[tuple[int, int, int]] = []  # start, end, concept of forms matched as written
        if self._exact_pattern is not None:
            spans = [
                (m.start(), m.end(), self._exact[m.group(0)])
                for m in self._exact_pattern.finditer(text)
            ]
        pieces: list[tuple[int, str | int]] = [(start, concept) for start, _, concept in spans]
        plain: list[tuple[int, str]] = []
        at = 0
        for match in _WORD.finditer(text):
            while at < len(spans) and spans[at][1] <= match.start():
                at += 1
            if at < len(spans) and spans[at][0] <= match.start() < spans[at][1]:
                continue
            word = match.group(0).lower().replace("’", "'").removesuffix("'s")
            word = IRREGULAR.get(word, word)
            if word not in STOPWORDS and word not in _SCALES:
                plain.append((match.start(), word))
        for (start, _), stem in zip(plain, stems([w for _, w in plain]), strict=True):
            pieces.append((start, stem))
        pieces.sort(key=lambda piece: piece[0])
        joined = [t for t in self._join(pieces) if not t.key.isdigit()]  # figures come whole:
        return joined + [Term(f, (f,)) for f in _figures(text)]

    def _join(self, pieces: list[tuple[int, str | int]]) -> list[Term]:
        """Longest glossary phrase first, left to right."""
        found: list[Term] = []
        index = 0
        while index < len(pieces):
            item = pieces[index][1]
            if isinstance(item, int):
                found.append(Term(f"§{item}", (self.forms[item][0].lower(),)))
                index += 1
                continue
            for size in range(min(MAX_PHRASE, len(pieces) - index), 0, -1):
                window = pieces[index : index + size]
                if any(isinstance(p, int) for _, p in window):
                    continue
                key = tuple(str(p) for _, p in window)
                concept = self._phrases.get(key)
                if concept is not None:
                    found.append(Term(f"§{concept}", key))
                    index += size
                    break
            else:
                found.append(Term(str(item), (str(item),)))
                index += 1
        return found

    def knows(self, form: str) -> bool:
        """Whether a form is one of the glossary's abbreviations ("SEND", "DfE")."""
        return form in self._exact

    def keys(self, text: str) -> set[str]:
        return {term.key for term in self.terms(text)}

    def expansion(self, text: str) -> list[str]:
        """What a keyword search for the text should also find: for an abbreviation the text
        uses (DCS), its spelled-out forms; for a spelled-out form, its abbreviations. Ordinary
        synonyms are left to matching: adding them would drown the question's own words."""
        extra: list[str] = []
        for term in self.terms(text):
            if not term.key.startswith("§") or not self.expandable[int(term.key[1:])]:
                continue
            forms = self.forms[int(term.key[1:])]
            short = [f for f in forms if _exact(f)]
            used_short = any(f.lower() in term.stems for f in short) or term.stems[0] in {
                f.lower() for f in short
            }
            extra.extend([f for f in forms if not _exact(f)] if used_short else short)
        return list(dict.fromkeys(extra))

    def same(self, a: str, b: str) -> bool:
        """Whether two words or phrases name the same concept (or are the same word)."""
        first, second = self.terms(a), self.terms(b)
        return bool(first) and [t.key for t in first] == [t.key for t in second]


def _figures(text: str) -> list[str]:
    """Whole figures as the keyword index counts them ('£6.49 million' -> '6.49m')."""
    return [w for w in words(text) if any(c.isdigit() for c in w)]


@lru_cache(maxsize=1)
def glossary() -> Glossary:
    """The shipped glossary, read once."""
    data = tomllib.loads(files("briefbot.language").joinpath("glossary.toml").read_text("utf-8"))
    return Glossary(
        [entry["forms"] for entry in data.get("term", [])],
        [entry["forms"] for entry in data.get("same", [])],
    )
