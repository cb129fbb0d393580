"""The keyword index (BM25, no model): hint words count once, whichever of them a passage has."""

from __future__ import annotations

import numpy as np

from briefbot.store.keywords import KeywordIndex

PASSAGES = {
    "tender": "Two bids of twenty-four thousand, three hundred, four hundred and nine hundred "
    "dollars, for three years, five plots and six fields.",
    "potholes": "The county repaired 61,400 potholes in 2023, three teams working at once.",
    "library": "The library opens on Sundays.",
}
COUNT_HINTS = "two three four five six seven eight nine ten twelve twenty dozen"


def index() -> KeywordIndex:
    return KeywordIndex.build(list(PASSAGES), list(PASSAGES.values()))


def test_hint_words_count_once_however_many_a_passage_has() -> None:
    keywords = index()
    scores = dict(zip(keywords.ids, keywords.scores("potholes repaired", COUNT_HINTS), strict=True))
    assert scores["potholes"] > scores["tender"] > scores["library"] == 0
    summed = dict(
        zip(keywords.ids, keywords.scores(f"potholes repaired {COUNT_HINTS}"), strict=True)
    )
    assert summed["tender"] > summed["potholes"]  # what the hints stop: every number word adding


def test_hints_alone_still_find_a_passage_and_a_question_word_is_not_counted_twice() -> None:
    keywords = index()
    assert keywords.scores("", "three").max() > 0
    once = keywords.scores("three potholes", "three")
    assert np.allclose(once, keywords.scores("three potholes"))
