"""Whether extracted text is text: a plausibility test of its words, for text layers that decode
to garbage ("6',8/398+74" for a sentence, "(cid:25)(cid:31)" for a word) and must never be
indexed as if they were read.

A word has a shape, whatever the language: letters (with an apostrophe or hyphen inside), a
number, an amount or a date, or a code mixing letters and digits ("S106", "AL6", "2023/24").
Garbage is mostly punctuation and digits glued to letters, or letters without vowels.
"""

from __future__ import annotations

import re

_EDGES = "()[]{}<>\"'“”‘’«».,;:!?*•·–—-…/|"
_WORD = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")
_NUMBER = re.compile(
    r"[£$€#]?\(?\d[\d,.:/\-]*\)?(?:%|m|k|bn|p|pm|am|st|nd|rd|th|s)?", re.IGNORECASE
)
_CODE = re.compile(r"(?:[^\W\d_]+\d[\w/.\-]*|\d+[^\W\d_]+\w*)")
_VOWELS = re.compile(r"[aeiouyàáâäèéêëìíîïòóôöùúûüŵŷ]", re.IGNORECASE)
MIN_TOKENS = 8
MIN_SHAPED = 0.6  # a share of tokens shaped as words, numbers or codes
MIN_VOWELLED = 0.6  # a share of alphabetic tokens (of 3+ letters) with a vowel


def _shaped(token: str) -> bool:
    core = token.strip(_EDGES)
    if not core:
        return True  # a bullet or a dash: neither word nor garbage
    return bool(_WORD.fullmatch(core) or _NUMBER.fullmatch(core) or _CODE.fullmatch(core))


def legibility(text: str) -> tuple[float, float, int]:
    """(share of word-shaped tokens, share of longer alphabetic tokens with a vowel, tokens)."""
    tokens = text.split()
    if not tokens:
        return 0.0, 0.0, 0
    shaped = sum(1 for token in tokens if _shaped(token)) / len(tokens)
    alphabetic = [t.strip(_EDGES) for t in tokens if _WORD.fullmatch(t.strip(_EDGES))]
    longer = [t for t in alphabetic if len(t) >= 3 and not t.isupper()]
    vowelled = sum(1 for t in longer if _VOWELS.search(t)) / len(longer) if longer else 1.0
    return shaped, vowelled, len(tokens)


_TWO_LETTERS = re.compile(r"[^\W\d_]{2}")


def has_word(text: str) -> bool:
    """Whether a text holds a word at all: two letters running, not only a map's compass
    points ("N", "S", "W E"), page numbers or figures."""
    return _TWO_LETTERS.search(text) is not None


def garbled(text: str) -> bool:
    """Whether a page's (or a passage's) text layer decodes to something other than words."""
    shaped, vowelled, count = legibility(text)
    if count < MIN_TOKENS:
        letters = sum(ch.isalnum() or ch.isspace() for ch in text)
        return bool(text.strip()) and letters / len(text) < 0.7
    return shaped < MIN_SHAPED or vowelled < MIN_VOWELLED
