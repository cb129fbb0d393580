"""Abbreviations the papers define for themselves: "Kent County Council (KCC)", "Adult Social
Care and Health (ASCH)". Every council has its own (directorates, boards, local schemes) and no
shipped glossary can list them, so they are read from the corpus as data, at the index's first
use, and a question's search brings in the other form.

A definition is accepted only when the abbreviation's letters are, in order, the initials of
the words just before it (small joining words like "and" and "of" may be skipped), the test of
Schwartz and Hearst's abbreviation finder, so "(2025)" or "(see above)" never define anything.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable

from briefbot.language.glossary import glossary
from briefbot.language.tokens import tokenize

_DEFINED = re.compile(r"\(\s*(?:the\s+)?([A-Z][A-Za-z&]{1,7})s?\s*\)")
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_JOINING = frozenset("and of for the in on to with & a an".split())
_MAX_EXTRA_WORDS = 3  # joining words the long form may hold beyond one per letter
_FORMS_KEPT = 3  # of an abbreviation's long forms, the most used


def _capitals(abbreviation: str) -> str | None:
    """The letters to match: "KCC", "ASCH"; None for a plain word in brackets ("(Note)")."""
    letters = abbreviation.replace("&", "")
    capitals = sum(c.isupper() for c in letters)
    if capitals < 2 or capitals < len(letters) - 1:
        return None
    return letters.upper()


def _long_form(letters: str, before: list[str]) -> str | None:
    """The fewest words before the brackets whose initials spell the letters."""
    for size in range(len(letters), min(len(before), len(letters) + _MAX_EXTRA_WORDS) + 1):
        words = before[-size:]
        if words[0].lower() in _JOINING:
            continue
        initials = "".join(w[0].upper() for w in words if w.lower() not in _JOINING)
        if initials == letters and words[-1].lower() not in _JOINING:
            return " ".join(words)
    return None


def definitions(text: str) -> list[tuple[str, str]]:
    """Each (abbreviation, long form) a text defines."""
    found: list[tuple[str, str]] = []
    for match in _DEFINED.finditer(text):
        letters = _capitals(match.group(1))
        if letters is None:
            continue
        before = _WORD.findall(text[max(0, match.start() - 200) : match.start()])
        long_form = _long_form(letters, before)
        if long_form:
            found.append((match.group(1), long_form))
    return found


def defined_abbreviations(texts: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """Every abbreviation the texts define, with its long forms, most used first."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    spelled: dict[tuple[str, str], str] = {}
    for text in texts:
        for abbreviation, long_form in definitions(text):
            key = long_form.lower()
            counts[abbreviation][key] += 1
            spelled.setdefault((abbreviation, key), long_form)
    return {
        abbreviation: tuple(spelled[abbreviation, key] for key, _ in forms.most_common(_FORMS_KEPT))
        for abbreviation, forms in counts.items()
    }


class Abbreviations:
    """A corpus's own abbreviations: what a question's search should also look for. Those the
    shipped glossary knows are left to it (its forms are already searched for)."""

    def __init__(self, defined: dict[str, tuple[str, ...]]) -> None:
        shipped = glossary()
        defined = {short: forms for short, forms in defined.items() if not shipped.knows(short)}
        self.defined = defined
        self._short = (
            re.compile(
                r"(?<![\w-])("
                + "|".join(map(re.escape, sorted(defined, key=len, reverse=True)))
                + r")(?:['’]s)?(?![\w-])"
            )
            if defined
            else None
        )
        self._by_token = {  # each abbreviation's long forms as index tokens, read once
            tokens[0]: tuple(frozenset(tokenize(form)) for form in forms)
            for short, forms in defined.items()
            if len(tokens := tokenize(short)) == 1
        }
        self._long = {
            long_form.lower(): abbreviation
            for abbreviation, forms in defined.items()
            for long_form in forms
        }

    def named(self, names: set[str], words: frozenset[str]) -> bool:
        """Whether words (index tokens) carry every name, each as written or, for an
        abbreviation, as one of its long forms ("KCC" in "Kent County Council")."""
        return all(
            name in words or any(form <= words for form in self._by_token.get(name, ()))
            for name in names
        )

    def expansion(self, question: str) -> list[str]:
        """For each defined abbreviation the question uses, its long forms; for each long form
        it spells out, the abbreviation (tables and headings use the short one)."""
        extra: list[str] = []
        if self._short is not None:
            for match in self._short.finditer(question):
                extra.extend(self.defined[match.group(1)])
        lowered = " ".join(_WORD.findall(question.lower()))
        for long_form, abbreviation in self._long.items():
            if f" {long_form} " in f" {lowered} " and abbreviation not in question:
                extra.append(abbreviation)
        return list(dict.fromkeys(extra))
