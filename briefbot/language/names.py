"""The names a question gives: places, bodies, people ("Kent", "KCC", "Milburn", "Mr Hood")."""

from __future__ import annotations

import re

from briefbot.language.glossary import glossary
from briefbot.language.tokens import tokenize
from briefbot.language.words import GENERIC_NAMES, LEAD_INS


def council_names(council: str | None) -> frozenset[str]:
    """The names a council's own name gives ("Herefordshire Council" -> "herefordshire"), as a
    question naming it would: the words that tell it from other councils."""
    if not council:
        return frozenset()
    return frozenset(t for t in tokenize(council) if t not in GENERIC_NAMES)


def names_in(text: str) -> set[str]:
    """Names in the question (places, bodies, people), as index tokens: a paper that never
    mentions one of them is unlikely to answer it."""
    found: set[str] = set()
    stripped = LEAD_INS.sub("", text.strip())
    for match in re.finditer(r"(?<![.?!]\s)(?<!^)\b([A-Z][\w’'-]*[A-Za-z0-9])", stripped):
        if any(key.startswith("§") for key in glossary().keys(match.group(1))):
            continue  # "DCS", "Ofsted": a glossary term, matched in any of its forms
        found.update(t for t in tokenize(match.group(1)) if t not in GENERIC_NAMES)
    return found
