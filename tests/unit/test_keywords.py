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


def test_a_passage_is_found_with_its_papers_masthead_and_its_own_words_decide() -> None:
    from briefbot.models import Passage
    from briefbot.store.generations import keyword_index

    def passage(pid: str, paper: str, title: str, text: str, start: int) -> Passage:
        return Passage(
            id=pid,
            paper_id=paper,
            path=f"{paper}.pdf",
            title=title,
            text=text,
            start=start,
            end=start + len(text),
        )

    minutes = "Amenities Committee Minutes"
    passages = {
        p.id: p
        for p in [
            passage(
                "front",
                "sc",
                minutes,
                "Sutton Coldfield Town Council. Amenities Committee. "
                "Tuesday 13th March 2018. Minutes of the meeting.",
                0,
            ),
            passage(
                "apologies",
                "sc",
                minutes,
                "52 Apologies for Absence. Cllrs Ives, Ward and Ellis.",
                200,
            ),
            passage(
                "elsewhere",
                "kent",
                "County Council Minutes",
                "Kent County Council. Apologies were received from Mr Baker and Mr Cannon.",
                0,
            ),
        ]
        + [  # the minutes' other items
            passage(
                f"item{n}",
                "sc",
                minutes,
                f"{53 + n} Defibrillators: locations were agreed for the new units.",
                300 + 100 * n,
            )
            for n in range(4)
        ]
        + [  # the rest of the index: most passages send no apologies
            passage(
                f"other{n}",
                f"paper{n}",
                "Cabinet Report",
                f"Item {n}: the budget for highways, libraries and parks was noted.",
                0,
            )
            for n in range(8)
        ]
    }
    question = "Which councillors sent apologies to the Sutton Coldfield amenities committee?"

    def first(keywords: KeywordIndex) -> str:
        return keywords.ids[int(np.argmax(keywords.scores(question)))]

    texts_alone = KeywordIndex.build(list(passages), [p.text for p in passages.values()])
    assert first(texts_alone) == "front"  # the front page has the committee's words
    with_mastheads = keyword_index(passages)
    assert first(with_mastheads) == "apologies"  # every passage has them: its own words decide
    assert with_mastheads.known("sutton") and "sutton" not in passages["apologies"].text.lower()
